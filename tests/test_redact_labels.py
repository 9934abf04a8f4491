"""Labels in the boxes: one style per run in every box (shrunk, then condensed; never another
text, never none), in a font that has the glyphs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import write_pdf
from tests.pdf_fixtures import redactions_for
from woo_redact.extract import extract_document
from woo_redact.redact import (
    DEFAULT_LABEL,
    GROUND_LABEL,
    LABEL_FONT,
    MIN_FONTSIZE,
    burn,
    fit_label,
    place_label,
)
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
def test_a_box_too_narrow_for_the_label_gets_the_same_label_condensed(width: float) -> None:
    assert fit_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, width, 12)) == ("", 0.0)
    fit = place_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, width, 12))
    assert fit is not None and fit.text == DEFAULT_LABEL and fit.size == MIN_FONTSIZE
    room = width - min(1.0, width * 0.2)
    assert LABEL_FONT.text_length(DEFAULT_LABEL, fontsize=fit.size) * fit.scale == pytest.approx(
        room
    )


def test_a_low_box_takes_the_size_its_height_allows() -> None:
    fit = place_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, 200, 5))
    assert fit is not None and fit.size == pytest.approx(3.6) and fit.scale == 1.0
    assert place_label(DEFAULT_LABEL, pymupdf.Rect(0, 0, 200, 1)) is None  # a hairline
    assert place_label("", pymupdf.Rect(0, 0, 200, 12)) is None  # --label ''


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


SIDE_BY_SIDE = [
    "Bewoner: Wilhelmina van Oostervelt-Kwakernaat, huisnummer 7 b, kamer C.",
    "Initialen J. K. en Bo; BSN 111222333 van Bo.",
]
SHORT_AND_LONG = ["Wilhelmina van Oostervelt-Kwakernaat", "7", "b", "C", "J.", "K.", "Bo"]


@pytest.mark.parametrize("label", [DEFAULT_LABEL, GROUND_LABEL])
def test_one_label_style_on_long_and_very_short_redactions_side_by_side(
    tmp_path: Path, label: str
) -> None:
    """Every box shows the run's label, whole, inside the box: never the code beside the label,
    never a plain box beside a labelled one; and what is under the boxes is gone."""
    src = write_pdf(tmp_path / "a.pdf", [SIDE_BY_SIDE])
    doc = extract_document(src, "a.pdf")
    reds = redactions_for(doc, SHORT_AND_LONG) + redactions_for(doc, ["111222333"], "NL_BSN")
    reds = [replace(r, ground="5.1.1e") if r.type == "NL_BSN" else r for r in reds]
    out = tmp_path / "out.pdf"
    burnt = burn(src, out, doc, reds, label=label)
    assert verify(out, doc, reds, burnt) == []
    boxes = burnt.boxes[0]
    assert len(boxes) == len(reds) >= 9
    expected = {r.rects[0]: (r.ground if label == GROUND_LABEL else label) for r in reds}
    assert sorted(shown for _, shown in boxes) == sorted(expected.values())
    with pymupdf.open(out) as pdf:
        words = pdf[0].get_text("words")
        ink = [_ink(pdf[0], pymupdf.Rect(box)) for box, _ in boxes]
    for dark, white in ink:  # a black box with the label's white ink in it
        assert dark > 0.5 and white > 0.01
    for box, shown in boxes:
        rect = pymupdf.Rect(box)
        inside = [w for w in words if rect.contains(pymupdf.Rect(w[:4]).tl + (0.2, 0.2))]
        assert [w[4] for w in inside] == shown.split(), (box, shown)  # the whole label
        for w in inside:  # the label stays in its box, condensed where it is narrow
            assert rect + (-0.5, -0.5, 0.5, 0.5) in pymupdf.Rect(w[:4]) + (0, 1, 0, -1) or (
                rect.x0 - 0.5 <= w[0] and w[2] <= rect.x1 + 0.5
            )
    text = " ".join(w[4] for w in words)
    for gone in ("Oostervelt", "111222333", " 7 ", " Bo"):
        assert gone not in f" {text} "


def test_the_label_of_a_narrow_box_is_white_ink_inside_it(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Huisnummer 7 en verder niets."]])
    doc = extract_document(src, "a.pdf")
    reds = redactions_for(doc, ["7"])
    out = tmp_path / "out.pdf"
    burnt = burn(src, out, doc, reds)
    ((box, shown),) = burnt.boxes[0]
    assert shown == DEFAULT_LABEL and burnt.remarks == []
    with pymupdf.open(out) as pdf:
        dark, white = _ink(pdf[0], pymupdf.Rect(box))
    assert dark > 0.5 and white > 0.01  # the label's ink, in a box that stays black


def _ink(page: pymupdf.Page, rect: pymupdf.Rect) -> tuple[float, float]:
    """The share of dark and of light pixels in ``rect`` (rendered at 288 dpi)."""
    pix = page.get_pixmap(dpi=288, clip=rect, colorspace=pymupdf.csGRAY)
    values = pix.samples
    return sum(v < 60 for v in values) / len(values), sum(v > 128 for v in values) / len(values)


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
