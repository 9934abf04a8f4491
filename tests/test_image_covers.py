"""A black box a sender drew over a screenshot hides nothing: its pixels are burnt."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from woo_redact.extract import extract_document


def _screenshot_pdf(path: Path, cover_text: str = "") -> Path:
    """A text page with a picture of 'text' (striped pixels) and a black box drawn over part
    of it; optionally a word written on the box (then it is a banner, not a cover)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Zie de schermafdruk hieronder.", fontsize=11)
    pix = pymupdf.Pixmap(pymupdf.csRGB, (0, 0, 300, 100), False)
    pix.clear_with(255)
    for x in range(20, 280):
        for y in range(40, 55):
            if (x // 6) % 2 == 0:
                pix.set_pixel(x, y, (0, 0, 0))
    page.insert_image(pymupdf.Rect(72, 100, 372, 200), pixmap=pix)
    page.draw_rect(pymupdf.Rect(90, 135, 300, 160), color=None, fill=(0, 0, 0))
    if cover_text:
        page.insert_text((100, 152), cover_text, fontsize=9, color=(1, 1, 1))
    doc.save(path)
    return path


def test_black_box_over_an_image_is_a_region_to_burn(tmp_path: Path) -> None:
    doc = extract_document(_screenshot_pdf(tmp_path / "a.pdf"), "a.pdf")
    ((rect, note),) = doc.pages[0].marked
    assert pymupdf.Rect(rect) == pymupdf.Rect(90, 135, 300, 160)
    assert "over an image" in note


def test_a_dark_box_with_text_on_it_is_no_cover(tmp_path: Path) -> None:
    doc = extract_document(_screenshot_pdf(tmp_path / "a.pdf", "Kopregel"), "a.pdf")
    assert doc.pages[0].marked == ()


def test_covered_pixels_are_gone_from_the_published_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from woo_redact.cli import main

    (tmp_path / "in").mkdir()
    src = _screenshot_pdf(tmp_path / "in" / "a.pdf")
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with pymupdf.open(tmp_path / "out" / "a.pdf") as out:
        xref = out[0].get_images(full=True)[0][0]
        pix = pymupdf.Pixmap(out, xref)
        assert pix.pixel(24, 47) == (255, 255, 255)  # under the cover: blanked
        assert pix.pixel(240, 47) == (0, 0, 0)  # beside it: the picture is untouched
