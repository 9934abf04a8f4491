"""The person-name rule layer: where a name is certain whatever the model says."""

from __future__ import annotations

import pytest

from woo_redact.detect.names import NameRuleRecognizer
from woo_redact.rules import RuleSet


@pytest.fixture(scope="module")
def names(rules: RuleSet) -> NameRuleRecognizer:
    return NameRuleRecognizer(rules)


def spans(names: NameRuleRecognizer, text: str) -> set[str]:
    return {text[s.start : s.end] for s in names.find_spans(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Volgens dhr. Yilmaz is het goed.", {"Yilmaz"}),
        ("mevrouw De Vries belde", {"De Vries"}),
        ("Geachte heer Jansen,", {"Jansen"}),
        ("drs. M.J. (Marieke) van der Linden", {"M.J. (Marieke) van der Linden"}),
        ("Het advies van J.P. de Groot volgt.", {"J.P. de Groot"}),
        ("ir. P.W. Jansen en mr. K. Bakker-Özdemir", {"P.W. Jansen", "K. Bakker-Özdemir"}),
        ("Zie bijlage B. De minister besluit.", set()),  # initial + function word
        ("Dit staat in art. 5 van de wet.", set()),
        ("prof. dr. A. van 't Hof sprak", {"A. van 't Hof"}),
        ("Het gesprek met mevrouw\tZwartsenberg", {"Zwartsenberg"}),  # a layout gap
        ("Aanhef\tde heer\t\tP. de Wit", {"P. de Wit"}),
        ("mevrouw\tGemeente Zwolle", set()),  # an organisation in the next cell
        ("☐ de heer ☐ mevrouw\tAchternaam", set()),  # a form's title box, then a field label
        ("de heer/mevrouw Voorletters", set()),
        ("mevrouw\nJansen", set()),  # not across lines
    ],
)
def test_titles_and_initials(names: NameRuleRecognizer, text: str, expected: set[str]) -> None:
    assert spans(names, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Auteur\tdrs. M.J. van der Linden", {"M.J. van der Linden"}),
        ("Kopie aan\tP. Jansen, Sanne de Boer-Visser", {"P. Jansen", "Sanne de Boer-Visser"}),
        ("Parafenroute\tMvdL, PJ, KB", {"MvdL", "PJ", "KB"}),
        ("Van: Sanne Jansen <s.jansen@utrecht.nl>", {"Sanne Jansen"}),
        ("Aan: gemeente Utrecht; Mark de Vries", {"Mark de Vries"}),
        ("CC: Team Woo", set()),
        ("Aan: de Minister van Economische Zaken en Klimaat", set()),
        ("AUTEUR: J. DE VRIES", {"J. DE VRIES"}),
        ("Behandeld door: Emre Yilmaz", {"Emre Yilmaz"}),
        ("Contactpersoon\tLotte Brouwer", {"Lotte Brouwer"}),
    ],
)
def test_header_fields(names: NameRuleRecognizer, text: str, expected: set[str]) -> None:
    assert spans(names, text) == expected


def test_signature_block_after_closing(names: NameRuleRecognizer) -> None:
    text = "Met vriendelijke groet,\n\nJan van 't Hof\nSenior beleidsmedewerker"
    assert "Jan van 't Hof" in spans(names, text)


def test_signer_under_minister_heading_is_found(names: NameRuleRecognizer) -> None:
    # found here as a name; the policy keeps it as an office holder (see test_decide)
    text = "Hoogachtend,\nDe Minister van Financiën,\n\nJ.A. de Vries"
    assert "J.A. de Vries" in spans(names, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beste Sanne,\nDank voor je bericht.", {"Sanne"}),
        ("Mooi! Hoi Jeroen, welkom.", {"Jeroen"}),
        ("Beste collega's,", set()),
        ("Geachte Minister,", set()),
    ],
)
def test_salutations(names: NameRuleRecognizer, text: str, expected: set[str]) -> None:
    assert spans(names, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[12-03-2023 09:14] Sanne Jansen: Hoi allemaal", {"Sanne Jansen"}),
        ("12-03-2023, 09:14 - Mark de Vries: ok", {"Mark de Vries"}),
        ("[12-03-2023 09:40] +31 6 28491736: Goedemorgen", set()),  # a number, not a name
        ("[12-03-2023 09:12] Regio Deal Utrecht: Berichten zijn versleuteld", set()),
    ],
)
def test_chat_senders(names: NameRuleRecognizer, text: str, expected: set[str]) -> None:
    assert spans(names, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Koster, W.\tDorpsstraat 4\t1234 AB Epe", {"Koster, W."}),
        ("Bezwaren van Smit, J.K. (Jan) en anderen", {"Smit, J.K."}),
        ("Brink, M. van den\tbeleidsmedewerker", {"Brink, M. van den"}),
        ("Aanwezig: Koster, W.; Smit, J.K.", {"Koster, W.", "Smit, J.K."}),
        ("Zie art. 3, lid 2, A. en B. van de regeling.", set()),
        ("In Zwolle, B. en C. zijn de locaties.", set()),
        ("Daarom, A. Verder niets.", set()),
    ],
)
def test_surname_then_initials_anywhere(
    names: NameRuleRecognizer, text: str, expected: set[str]
) -> None:
    assert {s for s in spans(names, text) if "," in s} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Geachte heer, mijn naam is Jouke Brinkhorst en ik woon in Epe.", {"Jouke Brinkhorst"}),
        ("Mijn naam is Sjoerdje van der Kraai.", {"Sjoerdje van der Kraai"}),
        ("Ik ben Burgemeester van Zwolle geweest.", set()),
        ("Mijn naam is niet bekend.", set()),
    ],
)
def test_a_writer_naming_themself(names: NameRuleRecognizer, text: str, expected: set[str]) -> None:
    assert {text[s.start : s.end] for s in names.find_spans(text) if s.rule == "introduction"} == (
        expected
    )


def test_a_header_row_after_a_name_label_is_not_a_name() -> None:
    from woo_redact.detect.engine import get_analyzer

    text = "Naam\tOrganisatie\tHandtekening\nJ. de Vries\tProvincie\n"
    results = get_analyzer().analyze(text, language="nl", entities=["PERSON"])
    assert "Organisatie" not in {text[r.start : r.end].split("\t")[0] for r in results}


def _result(start: int, end: int, score: float, recognizer: str, anchored: bool):  # noqa: ANN202
    from presidio_analyzer import RecognizerResult

    from woo_redact.detect.names import AnchoredResult

    cls = AnchoredResult if anchored else RecognizerResult
    meta = {RecognizerResult.RECOGNIZER_NAME_KEY: recognizer}
    return cls("PERSON", start, end, score, recognition_metadata=meta)


@pytest.mark.parametrize(
    "model_span",
    [
        (0, 9),  # the same span: a rule's anchor is not replaced by the guess
        (0, 15),  # nor by a guess around it ("Bakker, J. Dorpsweg")
        (2, 9),  # a higher-scored guess inside it stays beside it, as before
    ],
)
def test_a_rule_anchor_survives_a_higher_scored_model_guess(model_span: tuple[int, int]) -> None:
    from presidio_analyzer import EntityRecognizer

    from woo_redact.detect.model_names import MODEL_RECOGNIZER

    guess = _result(*model_span, 0.8, MODEL_RECOGNIZER, anchored=False)
    anchor = _result(0, 9, 0.7, "NameRuleRecognizer:surname-initials", anchored=True)
    kept = EntityRecognizer.remove_duplicates([guess, anchor])
    assert len(kept) == 2 and anchor in kept and guess in kept


def test_a_rule_inside_a_stronger_rule_still_folds_away() -> None:
    from presidio_analyzer import EntityRecognizer

    inner = _result(0, 6, 0.7, "NameRuleRecognizer:initials", anchored=True)
    outer = _result(0, 12, 0.9, "NameRuleRecognizer:closing", anchored=True)
    assert EntityRecognizer.remove_duplicates([inner, outer]) == [outer]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Naam\tOrganisatie\nHandtekening\n", set()),  # OCR read the last header cell below
        ("Naam\tFunctie\n", set()),
        ("Naam: Bakker\n", {"Bakker"}),  # after a colon a lone word is the value asked for
        ("Naam\tWillemijn Bakker\n", {"Willemijn Bakker"}),
        ("Naam\tKoster\n", {"Koster"}),  # a surname, also as a table's next cell
    ],
)
def test_a_lone_header_word_in_the_next_cell_is_no_name(
    names: NameRuleRecognizer, text: str, expected: set[str]
) -> None:
    assert {
        text[s.start : s.end] for s in names.find_spans(text) if s.rule.startswith("field:")
    } == (expected)


def test_one_result_per_span_the_first_rules(names: NameRuleRecognizer) -> None:
    """Two rules on one span ("Geachte mevrouw Tahiri": salutation and title) give one
    result, always the same rule's: Presidio de-duplicates equal results through a set, so
    which one stayed (and the finding's id) changed with the interpreter's hash seed."""
    text = "Geachte mevrouw Tahiri,\nDank voor uw brief."
    rules = [s.rule for s in names.find_spans(text) if text[s.start : s.end] == "Tahiri"]
    assert len(rules) >= 2  # both rules see it
    results = names.analyze(text, ["PERSON"])
    same = [r for r in results if text[r.start : r.end] == "Tahiri"]
    assert len(same) == 1
    assert same[0].recognition_metadata["recognizer_name"].endswith(":" + rules[0])
