"""Edges of the model's PERSON spans: leading words and a following line are trimmed."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from woo_redact.detect.model_names import ModelNameRecognizer
from woo_redact.rules import RuleSet


@pytest.fixture(scope="module")
def recognizer(rules: RuleSet) -> ModelNameRecognizer:
    return ModelNameRecognizer(rules)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Cc: Perdok, C.\nAan: P. Jansen", "Perdok, C.\nAan", "Perdok, C."),
        ("Groet,\nRajaa\nMedewerker", "Rajaa\nMedewerker", "Rajaa"),
        ("Met groet, Jan de\nVries", "Jan de\nVries", "Jan de\nVries"),  # a name over a line
    ],
)
def test_following_line_trimmed(
    recognizer: ModelNameRecognizer, text: str, span: str, expected: str
) -> None:
    start = text.index(span)
    res = RecognizerResult("PERSON", start, start + len(span), 0.8)
    recognizer._trim_next_line(text, res)
    assert text[res.start : res.end] == expected


@pytest.mark.parametrize(
    ("words", "junk"),
    [
        (["Zegt", "P.", "Jansen"], True),  # a verb before initials
        (["Crisisteam", "Gouda"], True),  # a long dictionary word
        (["Brink,", "U.", "van", "de"], False),  # surname first
        (["In", "'t", "Dodewaard"], False),  # tussenvoegsel
        (["Mark", "de", "Vries"], False),  # a first name that is also a word
    ],
)
def test_leading_junk(recognizer: ModelNameRecognizer, words: list[str], junk: bool) -> None:
    assert recognizer._leading_junk(words) is junk


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Het voorstel van Jorien van\nDam is klaar.", "Jorien van", "Jorien van\nDam"),
        ("Gesprek met Sanne van der\nBerg-Smit.", "Sanne van der", "Sanne van der\nBerg-Smit"),
        ("Aan: Brink, U. van de\nOnderwerp: x", "Brink, U. van de", "Brink, U. van de"),
        ("Met Jan Bakker\nen anderen", "Jan Bakker", "Jan Bakker"),  # no tussenvoegsel at the end
        ("Bij Anna van\nde gemeente", "Anna van", "Anna van"),  # a lower-case word follows
    ],
)
def test_a_name_broken_after_its_tussenvoegsel_takes_the_next_line(
    recognizer: ModelNameRecognizer, text: str, span: str, expected: str
) -> None:
    start = text.index(span)
    res = RecognizerResult("PERSON", start, start + len(span), 0.8)
    recognizer._join_next_line(text, res)
    assert text[res.start : res.end] == expected
