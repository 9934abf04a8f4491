"""Labels in the boxes: legible or absent, one style per run, in a font that has the glyphs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from tests.conftest import write_pdf
from tests.pdf_fixtures import redactions_for
from woo_redact.extract import extract_document
from woo_redact.redact import DEFAULT_LABEL, MIN_FONTSIZE, burn, fit_label
from woo_redact.verify import verify


def test_label_fits_an_ordinary_box() -> None:
    text, size = fit_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, 80, 12))
    assert text == DEFAULT_LABEL
    assert MIN_FONTSIZE <= size <= 12
    assert pymupdf.get_text_length(text, fontname="helv", fontsize=size) <= 80


def test_label_shrinks_but_not_below_a_legible_size() -> None:
    text, size = fit_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, 40, 12))
    assert text == DEFAULT_LABEL and MIN_FONTSIZE <= size < 8


@pytest.mark.parametrize("width", [3, 8, 20])
def test_small_box_has_no_label_rather_than_another_style(width: float) -> None:
    assert fit_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, width, 12)) == ("", 0.0)


@pytest.mark.parametrize("label", ["Gelakt – 5.1.2e", "€ weggelakt", "„gelakt”", "[Redacted]"])
def test_label_with_non_ascii_glyphs_is_written_and_verified(tmp_path: Path, label: str) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Gesprek met Marieke Verhoeven over de aanvraag."]])
    doc = extract_document(src, "a.pdf")
    reds = redactions_for(doc, ["Marieke Verhoeven"])
    out = tmp_path / "out.pdf"
    burnt = burn(src, out, doc, reds, label=label)
    assert verify(out, doc, reds, burnt) == []
    with pymupdf.open(out) as pdf:
        text = pdf[0].get_text()
    assert " ".join(label.split()) in " ".join(text.split())
    assert "Verhoeven" not in text and "?" not in text


def test_unlabelled_boxes_are_counted_in_the_remarks(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Zo zei Bo het."]])
    doc = extract_document(src, "a.pdf")
    burnt = burn(src, tmp_path / "out.pdf", doc, redactions_for(doc, ["Bo"]))
    assert any("too small for the label" in r for r in burnt.remarks)


def test_overlapping_redactions_carry_one_label(tmp_path: Path) -> None:
    """A name and the longer finding that holds it: two boxes on one spot, one label."""
    src = write_pdf(tmp_path / "a.pdf", [["Gesprek met Marieke Verhoeven over de aanvraag."]])
    doc = extract_document(src, "a.pdf")
    reds = redactions_for(doc, ["Marieke Verhoeven"]) + redactions_for(doc, ["Verhoeven"])
    out = tmp_path / "out.pdf"
    burnt = burn(src, out, doc, reds)
    assert verify(out, doc, reds, burnt) == []
    with pymupdf.open(out) as pdf:
        text = pdf[0].get_text()
    assert text.count(DEFAULT_LABEL) == 1
    assert "Verhoeven" not in text
