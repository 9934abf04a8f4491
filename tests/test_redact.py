"""The redact stage's handling of pictures: one label per black area, the OCR text layer."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.conftest import write_pdf
from tests.pdf_fixtures import redactions_for
from woo_redact.extract import extract_document
from woo_redact.redact import burn, label_carriers, touching_groups, write_text_layer
from woo_redact.types import Word
from woo_redact.verify import verify


def test_touching_boxes_are_one_area_with_one_label() -> None:
    rects = [pymupdf.Rect(100, 100, 180, 140), pymupdf.Rect(179.5, 100, 260, 138),
             pymupdf.Rect(100, 140.8, 170, 160), pymupdf.Rect(300, 100, 380, 140)]  # fmt: skip
    groups = touching_groups(rects)
    # 0 and 1 side by side on one line are one area; 2 only touches 0 from the line below: a
    # passage of its own with its own label (never a plain box beside a labelled one)
    assert sorted(map(sorted, groups)) == [[0, 1], [2], [3]]
    carriers = label_carriers(rects, ["[Redacted]"] * 4, groups)
    assert set(carriers) == {0, 2, 3}  # the largest box of each area, no label beside it


def test_a_box_drawn_over_another_is_one_area() -> None:
    rects = [pymupdf.Rect(100, 100, 200, 114), pymupdf.Rect(150, 95, 260, 112)]
    assert touching_groups(rects) == [[0, 1]]
    rects = [pymupdf.Rect(100, 100, 200, 114), pymupdf.Rect(100, 113.5, 200, 127)]
    assert sorted(map(sorted, touching_groups(rects))) == [[0], [1]]


def test_signatures_side_by_side_show_one_label_not_two_glued(tmp_path: Path) -> None:
    """Two signature regions that touch (an attendance list's column): before, each got its
    label and the text read "[Redacted][Redacted]"."""
    path = write_pdf(tmp_path / "lijst.pdf", [["Handtekening", "", "", "", "Einde van de lijst"]])
    doc = extract_document(path, "lijst.pdf")
    from woo_redact.types import Redaction

    regions = [(72.0, 100.0, 180.0, 140.0), (179.0, 100.0, 290.0, 140.0)]
    reds = [Redaction("lijst.pdf", 0, (r,), "5.1.2e", "SIGNATURE", "s", 0.9, f"s{i}", "")
            for i, r in enumerate(regions)]  # fmt: skip
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, doc, reds)
    assert verify(out, doc, reds, burnt) == []
    with pymupdf.open(out) as res:
        words = [w[4] for w in res[0].get_text("words")]
    assert words.count("[Redacted]") == 1 and "[Redacted][Redacted]" not in words


def test_the_ocr_text_layer_keeps_every_character(tmp_path: Path) -> None:
    """A base-14 font's Latin-1 encoding wrote "€" and curly quotes as "·", a word that was
    never on the page (and that verification's name model read as a person)."""
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    words = [Word("€", (20, 40, 28, 52), 0, 0, 0, "ocr", 90),
             Word("72,40", (30, 40, 60, 52), 0, 0, 0, "ocr", 90),
             Word("‘Kiezen’", (20, 60, 80, 72), 0, 0, 0, "ocr", 90),
             Word("Şükrü", (20, 80, 60, 92), 0, 0, 0, "ocr", 90)]  # fmt: skip
    write_text_layer(page, words)
    data = doc.tobytes()
    with pymupdf.open("pdf", data) as back:
        read = back[0].get_text("words")
        assert [w[4] for w in read] == ["€", "72,40", "‘Kiezen’", "Şükrü"]
        assert all(s["type"] == 3 for s in back[0].get_texttrace())  # invisible
        first = pymupdf.Rect(read[0][:4])
        assert first.intersects(pymupdf.Rect(20, 40, 28, 52))


def test_a_text_page_without_pictures_gets_no_outline_check(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "tekst.pdf", [["Gesprek met Karel Pietersen."]])
    doc = extract_document(path, "tekst.pdf")
    reds = redactions_for(doc, ["Karel Pietersen"])
    burnt = burn(path, tmp_path / "out.pdf", doc, reds)
    assert not burnt.outlines and verify(tmp_path / "out.pdf", doc, reds, burnt) == []
