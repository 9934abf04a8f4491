"""Words OCR was unsure of beside a personal-data label: redacted as the label says, flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from woo_redact.decide.policy import Policy
from woo_redact.detect.ocr_doubt import RECOGNIZER, cues_of, doubtful_findings
from woo_redact.extract import build_page_text
from woo_redact.pipeline import doubt_remarks
from woo_redact.rules import RuleSet
from woo_redact.types import Action, DocumentText, Redaction, Word


def _page(cells: list[tuple[float, float, str, float]]):
    """Words at (x, y) with a confidence (-1: a text-layer word), 10 pt high."""
    words = []
    lines = sorted({y for _, y, _, _ in cells})  # OCR reads each y as a line of its own
    for x, y, text, conf in cells:
        source = "text" if conf < 0 else "ocr"
        rect = (x, y, x + 6.0 * len(text), y + 10)
        words.append(Word(text, rect, 0, 0, lines.index(y), source, conf))
    page = build_page_text(0, words, 595, 842)
    doc = DocumentText(Path("scan.pdf"), "scan.pdf", "0" * 64, (page,))
    return doc, page


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([(72, 100, "BSN:", 95), (110, 100, "12345b789", 41)], [("12345b789", "NL_BSN")]),
        ([(72, 100, "Tel.", 95), (100, 100, "06-1234S6", 50)], [("06-1234S6", "PHONE_NUMBER")]),
        ([(72, 100, "Naam", 90), (200, 100, "Jnsen", 30)], [("Jnsen", "PERSON")]),  # next cell
        ([(72, 100, "Van:", 92), (110, 100, "Pieter", 93), (160, 100, "Bkker", 44)],
         [("Bkker", "PERSON")]),  # a field label of names.yml, two words on
        ([(72, 100, "BSN:", 95), (110, 100, "123456782", 96)], []),  # read with confidence
        ([(72, 100, "Besluit", 95), (130, 100, "onduidelijk", 30)], []),  # no label
        ([(72, 100, "BSN:", -1), (110, 100, "12345b789", -1)], []),  # a text layer, not OCR
        ([(72, 100, "BSN:", 95), (110, 100, "|", 20)], []),  # noise, not a value
    ],
)  # fmt: skip
def test_an_unsure_word_in_a_labels_value_place(cells, expected, rules: RuleSet) -> None:
    doc, page = _page(cells)
    found = doubtful_findings(doc, page, [], cues_of(rules))
    assert [(f.text, f.type) for f in found] == expected
    for f in found:
        assert f.recognizer == RECOGNIZER and "check it" in f.context and f.boxes


def test_below_a_column_header(rules: RuleSet) -> None:
    doc, page = _page([(72, 100, "Naam", 95), (250, 100, "Organisatie", 95),
                       (72, 130, "Kwkernaat", 38), (250, 130, "Waterschap", 95),
                       (72, 160, "Jansen", 97), (250, 160, "Provincie", 40)])  # fmt: skip
    found = doubtful_findings(doc, page, [], cues_of(rules))
    assert [(f.text, f.type) for f in found] == [("Kwkernaat", "PERSON")]  # not "Provincie"


def test_a_cell_widened_over_two_columns_does_not_lend_its_neighbours_header(
    rules: RuleSet,
) -> None:
    """OCR joined a signature's scribble ("a") to the organisation cell of its row; the
    unsure organisation below is under "Organisatie", not under "Handtekening"."""
    doc, page = _page([(72, 100, "Naam", 95), (250, 100, "Organisatie", 95),
                       (420, 100, "Handtekening", 95),
                       (72, 130, "Jansen", 97), (420, 130, "xw", 30),
                       (72, 160, "Bakker", 97), (250, 160, "Omgevingsdienst", 95),
                       (346, 160, "Regio", 95), (382, 160, "Breeveen", 95), (436, 160, "a", 40),
                       (72, 190, "Visser", 97), (250, 190, "ProRail", 50)])  # fmt: skip
    found = doubtful_findings(doc, page, [], cues_of(rules))
    assert [(f.text, f.type) for f in found] == [("xw", "PERSON")]


def test_what_a_detector_found_already_is_not_found_twice(rules: RuleSet) -> None:
    doc, page = _page([(72, 100, "BSN:", 95), (110, 100, "12345b789", 41)])
    (first,) = doubtful_findings(doc, page, [], cues_of(rules))
    assert doubtful_findings(doc, page, [first], cues_of(rules)) == []


def test_the_label_decides_and_a_reviewer_is_asked(rules: RuleSet) -> None:
    doc, page = _page([(72, 100, "Naam", 90), (200, 100, "Kantoor", 30)])
    (f,) = doubtful_findings(doc, page, [], cues_of(rules))
    decision = Policy(rules).decide(page, f)  # an ordinary word: kept, were it not for the label
    assert decision.action is Action.REDACT and "check it" in decision.reason
    red = Redaction("scan.pdf", 0, f.boxes, "5.1.2e", f.type, f.recognizer, f.score, f.id, f.text)
    (remark,) = doubt_remarks([red])
    assert "1 word(s)" in remark and "page 1" in remark and "Kantoor" not in remark


@pytest.mark.parametrize(
    "cells",
    [[(72, 100, "Ministerie", 95), (130, 100, "van", 95), (150, 100, "BZK", 40)],
     [(72, 100, "K.", 95), (85, 100, "van", 95), (105, 100, "den", 95), (125, 100, "Swrt", 40)]],
)  # fmt: skip
def test_a_label_word_inside_a_line_is_no_label(cells, rules: RuleSet) -> None:
    """ "Van" is a field label at the start of a line or with a colon, not as a preposition."""
    doc, page = _page(cells)
    assert doubtful_findings(doc, page, [], cues_of(rules)) == []


def test_an_unsure_line_under_an_address_is_redacted(rules: RuleSet) -> None:
    """A phone number OCR garbled on the line below a detected postcode: no label, but the
    block is personal data. Below a line without personal data nothing happens."""
    from woo_redact.types import Finding

    doc, page = _page([(72, 100, "2345", 95), (100, 100, "AB", 95), (120, 100, "Dorp", 95),
                       (72, 114, "PIL", 21), (100, 114, "NLO", 29),
                       (72, 160, "Gemeente", 95), (72, 174, "Xyzq", 20)])  # fmt: skip
    start = page.text.index("2345")
    postcode = Finding("p", "scan.pdf", 0, start, start + 7, "2345 AB", "NL_POSTCODE", 1.0,
                       "PostcodeRecognizer", "", ())  # fmt: skip
    found = doubtful_findings(doc, page, [postcode], cues_of(rules))
    assert [(f.text, f.type) for f in found] == [("PIL", "OCR_UNSURE"), ("NLO", "OCR_UNSURE")]
    assert Policy(rules).decide(page, found[0]).ground == "5.1.2e"


def test_a_model_guess_does_not_take_an_unsure_word(rules: RuleSet) -> None:
    """The name model may call garbage a person and the policy keep it ("an acronym"): the
    unsure words stay this rule's too."""
    from woo_redact.detect.model_names import MODEL_RECOGNIZER
    from woo_redact.types import Finding

    doc, page = _page([(72, 100, "BSN:", 95), (110, 100, "NLO", 20)])
    start = page.text.index("NLO")
    guess = Finding("g", "scan.pdf", 0, start, start + 3, "NLO", "PERSON", 0.8, MODEL_RECOGNIZER,
                    "", ())  # fmt: skip
    assert [f.type for f in doubtful_findings(doc, page, [guess], cues_of(rules))] == ["NL_BSN"]
