"""Column headers as context: birth dates, postcodes, addresses and phones in tables."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.pdf_fixtures import placed_pdf, table_cells
from woo_redact.decide import decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.columns import COLUMN_RECOGNIZER, column_findings
from woo_redact.detect.engine import get_analyzer
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.extract import extract_document
from woo_redact.rules import RuleSet
from woo_redact.types import Finding

XS = [50, 170, 300, 430]


def decided(tmp_path: Path, cells: list[tuple[float, float, str]], rules: RuleSet) -> dict:
    """{finding text: set of actions} for a one-page PDF of the given cells."""
    doc = extract_document(placed_pdf(tmp_path / "t.pdf", cells), "t.pdf")
    findings = detect_document(doc, get_analyzer())
    d = decide_set([doc], findings, rules)
    out: dict[str, set[str]] = {}
    for f in d.findings:
        out.setdefault(" ".join(f.text.split()), set()).add(d.decisions[f.id].action.value)
    return out


PEOPLE = [
    ["Bakker, A.", "Vlonderakker 12", "1234 AB Ergens", "12-03-1961"],
    ["Smit, J.", "Hoefslag 3a", "2345 BC Nergens", "01-11-1977"],
    ["Visser, K.", "Dorpsplein 7", "3456 CD Elders", "23-06-1990"],
    ["Mulder, E.", "Oude Gracht 19", "4567 DE Overal", "30-09-1955"],
]


@pytest.mark.parametrize(
    ("header", "cell", "redacted"),
    [
        (["Naam", "Adres", "Postcode en plaats", "Geboortedatum"], "30-09-1955", True),
        (["Naam", "Adres", "Postcode en plaats", "Geb. datum"], "01-11-1977", True),
        (["Naam", "Adres", "Postcode en plaats", "Geboortedatum"], "Vlonderakker 12", True),
        (["Naam", "Adres", "Postcode en plaats", "Geboortedatum"], "Hoefslag 3a", True),
        (["Naam", "Adres", "Postcode en plaats", "Geboortedatum"], "4567 DE", True),
        (["Naam", "Woonadres", "Woonplaats", "Geboren"], "23-06-1990", True),
        # the same dates under another header are not birth dates
        (["Naam", "Locatie", "Plaats", "Datum besluit"], "30-09-1955", False),
        (["Naam", "Locatie", "Plaats", "Ontvangen"], "12-03-1961", False),
    ],
)
def test_column_header_makes_cells_personal_data(
    tmp_path: Path, rules: RuleSet, header: list[str], cell: str, redacted: bool
) -> None:
    actions = decided(tmp_path, table_cells(header, PEOPLE, XS), rules)
    assert ("redact" in actions.get(cell, set())) is redacted


def test_new_cell_findings_name_the_column_recognizer(tmp_path: Path, rules: RuleSet) -> None:
    cells = table_cells(["Naam", "Adres", "Postcode en plaats", "Geboortedatum"], PEOPLE, XS)
    doc = extract_document(placed_pdf(tmp_path / "t.pdf", cells), "t.pdf")
    found = detect_document(doc, get_analyzer())
    by_column = {f.text for f in found if f.recognizer == COLUMN_RECOGNIZER}
    assert {"12-03-1961", "Vlonderakker 12"} <= by_column
    assert all(f.score >= 0.85 for f in found if f.recognizer == COLUMN_RECOGNIZER)


def test_postcode_after_a_private_address_is_redacted(tmp_path: Path, rules: RuleSet) -> None:
    # a private recipient on the left, the organisation's block on the right
    cells = [
        (50, 100, "mw. A. Bakker"), (380, 100, "Directie Bedrijfsvoering"),
        (50, 112, "Zonnebloemstraat 8"), (380, 112, "Bezoekadres"),
        (50, 124, "1234 AB Ergenshuizen"), (380, 124, "Plein 1"),
        (380, 136, "2500 GA Den Haag"),
    ]  # fmt: skip
    actions = decided(tmp_path, cells, rules)
    assert actions["Zonnebloemstraat 8"] == {"redact"}
    assert actions["1234 AB"] == {"redact"}
    assert "redact" not in actions.get("2500 GA", {"keep"})


def test_organisation_table_address_kept(tmp_path: Path, rules: RuleSet) -> None:
    rows = [["Gemeentehuis", "Markt 1", "1234 AB Ergens", ""]]
    actions = decided(tmp_path, table_cells(["Locatie", "Adres", "Postcode", "Open"], rows, XS),
                      rules)  # fmt: skip
    assert "redact" not in actions.get("Markt 1", {"keep"})


def test_phone_column_raises_a_landline_shape(tmp_path: Path, rules: RuleSet) -> None:
    rows = [["Bakker, A.", "0801 234567", "", ""], ["Smit, J.", "0802 345678", "", ""]]
    actions = decided(tmp_path, table_cells(["Naam", "Telefoon", "", ""], rows, XS), rules)
    assert actions["0802 345678"] == {"redact"}


def test_address_under_an_organisation_name_kept(tmp_path: Path, rules: RuleSet) -> None:
    cells = [
        (50, 100, "Verhoef & Partners Advocaten"), (380, 100, "Directie Juridische Zaken"),
        (50, 112, "Lindenlaan 25"), (380, 112, "Postbus 1000"),
        (50, 124, "1234 AB Ergenshuizen"), (380, 124, "2500 GA Den Haag"),
    ]  # fmt: skip
    actions = decided(tmp_path, cells, rules)
    assert "redact" not in actions.get("Lindenlaan 25", {"keep"})
    assert "redact" not in actions.get("1234 AB", {"keep"})


def test_sentence_above_a_table_does_not_make_its_first_row_an_organisation(
    tmp_path: Path, rules: RuleSet
) -> None:
    header = ["Naam", "Adres", "Postcode en plaats", "Geboortedatum"]
    cells = [(50, 100, "Opgesteld door de afdeling Bezwaar en Beroep van de dienst.")]
    cells += table_cells(header, PEOPLE, XS)
    actions = decided(tmp_path, cells, rules)
    assert actions["Vlonderakker 12"] == {"redact"}
    assert actions["1234 AB"] == {"redact"}


def _column_persons(tmp_path: Path, header: list[str], rows: list[list[str]]) -> set[str]:
    doc = extract_document(
        placed_pdf(tmp_path / "n.pdf", table_cells(header, rows, XS[:2])), "n.pdf"
    )
    return {
        f.text
        for f in detect_document(doc, get_analyzer())
        if f.recognizer == COLUMN_RECOGNIZER and f.type == "PERSON"
    }


def test_a_name_column_makes_garbled_names_persons(tmp_path: Path) -> None:
    """Under "Naam", a cell that reads as a name is a PERSON although its initials are OCR
    garbage ("EF." for "F."); an organisation in the column, or a column headed "Naam
    organisatie", is none."""
    rows = [["EF. Borkhuis", "Zorgkantoor"], ["LR. ter Wiel", "Gemeente"],
            ["Ministerie van Financiën", "Den Haag"], ["Staatsbosbeheer", "Utrecht"]]  # fmt: skip
    found = _column_persons(tmp_path, ["Naam", "Organisatie"], rows)
    assert {"EF. Borkhuis", "LR. ter Wiel"} <= found
    assert not found & {"Ministerie van Financiën", "Staatsbosbeheer"}
    assert _column_persons(tmp_path, ["Naam organisatie", "Plaats"], rows) == set()


def test_a_model_guess_over_a_name_cell_does_not_replace_the_column(
    tmp_path: Path, rules: RuleSet
) -> None:
    """The policy judges a model guess more strictly than a rule's finding (OCR's "1.B." is a
    digit to it): a guess over the whole cell must not stop the column's own finding."""
    rows = [["1.B. Mekking", "Zorgkantoor"], ["EF. Borkhuis", "Gemeente"]]
    doc = extract_document(
        placed_pdf(tmp_path / "n.pdf", table_cells(["Naam", "Organisatie"], rows, XS[:2])), "n.pdf"
    )
    page = doc.pages[0]
    start = page.text.index("1.B. Mekking")
    guess = Finding("m", doc.rel, 0, start, start + 12, "1.B. Mekking", "PERSON", 0.85,
                    MODEL_RECOGNIZER, "", ((0, 0, 1, 1),))  # fmt: skip
    out = column_findings(doc, page, [guess], rules)
    column = [f for f in out if f.recognizer == COLUMN_RECOGNIZER and f.type == "PERSON"]
    assert {f.text for f in column} >= {"1.B. Mekking", "EF. Borkhuis"}
    rule = replace(guess, recognizer="NameRuleRecognizer:initials")
    out = column_findings(doc, page, [rule], rules)
    assert "1.B. Mekking" not in {f.text for f in out if f.recognizer == COLUMN_RECOGNIZER}
