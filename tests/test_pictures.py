"""Pictures of text on text pages: which images and outlines are read, and where their words go."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from tests.pdf_fixtures import (
    A4,
    block_pixmap,
    outline_pdf,
    pixels,
    redactions_for,
    screenshot_page,
    scribble_pixmap,
    text_png,
)
from woo_redact import ocr, pictures, tesseract
from woo_redact.extract import build_page_text, extract_document
from woo_redact.redact import burn, trim_rect
from woo_redact.types import Word
from woo_redact.verify import verify

needs_tesseract = pytest.mark.skipif(
    bool(tesseract.problem()), reason="Tesseract with the Dutch model is not installed"
)


def _page_with_images(placements: list[tuple[pymupdf.Rect, bytes]]) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 80), "Gewone tekst op de pagina.", fontsize=11)
    for rect, png in placements:
        page.insert_image(rect, stream=png)
    return page


def test_images_too_small_for_a_line_of_text_are_not_candidates() -> None:
    page = _page_with_images(
        [
            (pymupdf.Rect(72, 100, 372, 190), text_png(["Regel een", "Regel twee"])),
            (pymupdf.Rect(72, 200, 100, 206), text_png(["x"])),  # a bullet-sized image
            (pymupdf.Rect(72, 300, 300, 400), block_pixmap(8, 4, (0, 0, 0)).tobytes("png")),
        ]
    )
    regions = pictures.image_regions(page)
    first = page.get_image_info()[0]["bbox"]  # placed keeping its aspect ratio
    assert [pymupdf.Rect(r.rect) for r in regions] == [pymupdf.Rect(first)]
    (region,) = regions
    assert region.kind == "image" and region.turn == 0 and 130 < region.native_dpi < 160


@pytest.mark.parametrize(("rotate", "turn"), [(0, 0), (90, -90), (180, 180), (270, 90)])
def test_a_picture_placed_on_its_side_is_turned_back(rotate: int, turn: float) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(
        pymupdf.Rect(72, 100, 372, 400), stream=text_png(["Een regel"]), rotate=rotate
    )
    (region,) = pictures.image_regions(page)
    assert abs(region.turn) == pytest.approx(abs(turn))
    assert region.turn == pytest.approx(turn) or abs(turn) == 180


def test_a_logo_repeated_in_the_letterhead_is_not_read() -> None:
    page = _page_with_images([(pymupdf.Rect(420, 30, 540, 70), text_png(["Gemeente"]))])
    xref = page.get_images()[0][0]
    assert pictures.image_regions(page, {xref: 1})
    assert not pictures.image_regions(page, {xref: 5})  # on every page: furniture


def test_photos_logos_and_signatures_cost_no_ocr(tmp_path: Path, monkeypatch) -> None:
    """A quick look at a low-resolution render is all a picture without text costs."""

    def boom(*args: object, **kwargs: object) -> str:
        raise AssertionError("a picture without text was sent to OCR")

    monkeypatch.setattr(tesseract, "run_tsv", boom)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 80), "Met vriendelijke groet,", fontsize=11)
    page.insert_image(pymupdf.Rect(72, 100, 192, 140), pixmap=scribble_pixmap())
    page.insert_image(pymupdf.Rect(300, 300, 500, 380), pixmap=block_pixmap(200, 80, (200, 30, 30)))
    path = tmp_path / "plaatjes.pdf"
    doc.save(path)
    text = extract_document(path, "plaatjes.pdf")
    assert not any(w.source == "ocr" for w in text.pages[0].words)


def test_glyph_paths_are_found_and_grouped_into_regions(tmp_path: Path) -> None:
    path = outline_pdf(tmp_path / "outlines.pdf", with_text=True)
    with pymupdf.open(path) as doc:
        page = doc[0]
        assert "Verhoeven" not in page.get_text()
        words = [Word(w[4], tuple(w[:4]), 0, 0, 0) for w in page.get_text("words")]
        regions, glyphs = pictures.outline_regions(page, page.get_drawings(), words)
        assert glyphs > 40 and len(regions) == 1
        (region,) = regions
        assert region.kind == "outline" and 380 < region.rect[1] < 400 < region.rect[3] < 470
        assert not pictures.outline_page(page, regions, sum(len(w.text) for w in words))


def test_ocr_lines_follow_reading_order_not_page_rows() -> None:
    """A picture placed on its side: its lines run down the page, its text reads across."""
    turned = [
        Word("Karel", (100, 400, 110, 430), 0, 0, 0, "ocr", 95),
        Word("Pietersen", (100, 330, 110, 395), 0, 0, 0, "ocr", 95),
        Word("Groet,", (120, 420, 130, 440), 0, 0, 1, "ocr", 95),
    ]
    page = build_page_text(0, [Word("Zie", (72, 90, 90, 100), 0, 0, 0)], 595, 842,
                           lines=[turned[:2], turned[2:]])  # fmt: skip
    assert page.text == "Zie\nKarel Pietersen\nGroet,"
    start = page.text.index("Pietersen")
    assert page.words_for_span(start, start + 9) == [2]


@needs_tesseract
@pytest.mark.parametrize("rotate", [0, 90])
def test_words_of_a_screenshot_join_the_page_in_page_points(tmp_path: Path, rotate: int) -> None:
    path = screenshot_page(tmp_path / "shot.pdf", rotate=rotate)
    page = extract_document(path, "shot.pdf").pages[0]
    assert not page.ocr  # a text page: no text layer of OCR words is written for it
    assert "Karel Pietersen" in page.text and "06-41234567" in page.text
    assert "Zie de schermafbeelding hieronder." in page.text
    (name,) = [w for w in page.words if w.text == "Pietersen"]
    assert name.source == "ocr" and name.conf > 60
    with pymupdf.open(path) as doc:
        (info,) = doc[0].get_image_info()
    box = pymupdf.Rect(name.rect)
    assert (pymupdf.Rect(info["bbox"]) + (-1, -1, 1, 1)).contains(box)
    if rotate == 0:  # drawn 10 pt into the picture, second word on its first line
        assert 200 < box.y0 < box.y1 < 240 and 100 < box.x0 < box.x1 < 180
    else:  # on its side: the word runs down the page
        assert box.height > 2 * box.width


@needs_tesseract
def test_a_page_of_outlines_is_read_like_a_scan(tmp_path: Path) -> None:
    path = outline_pdf(tmp_path / "outlines.pdf")
    page = extract_document(path, "outlines.pdf").pages[0]
    assert page.ocr and page.needs_ocr
    assert "Verhoeven" in page.text and "06-41234567" in page.text
    assert not [g for g in page.graphics if g.kind == "drawing"]  # glyphs read, not scribbles
    never = extract_document(path, "outlines.pdf", ocr="never").pages[0]
    assert never.needs_ocr and not never.words  # withheld by the pipeline, never published


def test_render_reads_a_region_turned_back_upright() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(pymupdf.Rect(72, 100, 372, 400), stream=text_png(["Een regel tekst"] * 3),
                      rotate=90)  # fmt: skip
    (region,) = pictures.image_regions(page)
    how = ocr.plan(page, region)
    assert how.dpi > 0 and how.look is not None and how.look.text
    shot = ocr.render(page, region.rect, how.dpi, how.angle)
    assert shot.gray.shape[1] > shot.gray.shape[0]  # wider than high: lines run across again


@needs_tesseract
def test_a_name_in_a_screenshot_is_burnt_into_its_pixels_and_verified(tmp_path: Path) -> None:
    path = screenshot_page(tmp_path / "shot.pdf")
    doc = extract_document(path, "shot.pdf")
    reds = redactions_for(doc, ["Karel Pietersen", "06-41234567"])
    assert len(reds) == 2
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, doc, reds)
    assert verify(out, doc, reds, burnt) == []  # the picture's pixels under the boxes are blank
    with pymupdf.open(out) as res:
        page = res[0]
        assert "Pietersen" not in page.get_text()  # and no text layer was added for the picture
        assert "Zie de schermafbeelding hieronder." in page.get_text()
        (info,) = [i for i in page.get_image_info(xrefs=True) if i["xref"]]
        arr = pixels(pymupdf.Pixmap(res, info["xref"]))
        to_image = ~pymupdf.Matrix(info["transform"])
        h, w = arr.shape[:2]
        for red in reds:
            unit = pymupdf.Rect(red.rects[0]) * to_image
            block = arr[int(unit.y0 * h) + 2 : int(unit.y1 * h) - 2,
                        int(unit.x0 * w) + 2 : int(unit.x1 * w) - 2]  # fmt: skip
            assert block.size and np.ptp(block) == 0
        groet = next(x for x in doc.pages[0].words if x.text == "Groet,").rect
        unit = pymupdf.Rect(groet) * to_image
        kept = arr[int(unit.y0 * h) : int(unit.y1 * h), int(unit.x0 * w) : int(unit.x1 * w)]
        assert np.ptp(kept) > 100  # the rest of the picture is untouched


@needs_tesseract
def test_outlined_text_is_removed_glyph_by_glyph(tmp_path: Path) -> None:
    path = outline_pdf(tmp_path / "outlines.pdf", with_text=True)
    doc = extract_document(path, "outlines.pdf")
    reds = redactions_for(doc, ["Verhoeven", "06-41234567"])
    assert len(reds) == 2
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, doc, reds)
    assert burnt.outlines[0] and verify(out, doc, reds, burnt) == []
    with pymupdf.open(path) as src, pymupdf.open(out) as res:
        before, after = len(src[0].get_drawings()), len(res[0].get_drawings())
        gone = before - after + sum(1 for d in res[0].get_drawings() if d.get("fill") == (0, 0, 0)
                                    and all(it[0] == "re" for it in d["items"]))  # fmt: skip
        assert len("Verhoeven") + len("0641234567") <= gone < before // 2  # the rest stays
        words = [x[4] for x in res[0].get_text("words")]
        assert "gewone" in words  # the real text beside the outlines is untouched


def test_a_region_over_ocr_words_is_not_trimmed_into_a_white_blank() -> None:
    """A signature region blanks every pixel in it; a box trimmed off an OCR word next to it
    would leave blanked pixels without a box. Text-layer words are still spared."""
    scan = Word("Pietersen", (100, 100, 150, 112), 0, 0, 0, "ocr", 95)
    text = Word("Pietersen", (100, 100, 150, 112), 0, 0, 0)
    region = (90, 90, 200, 140)
    for word, trimmed in ((scan, False), (text, True)):
        page = build_page_text(0, [word], 595, 842)
        rect = trim_rect(region, set(), page, text_only=True)
        assert (tuple(rect) != region) is trimmed


@needs_tesseract
def test_verification_reads_again_what_changed_and_finds_a_misplaced_box(tmp_path: Path) -> None:
    """A box burnt beside the name instead of on it: the picture changed there, OCR reads the
    name again, and the document fails. Over the name, nothing readable is left."""
    from woo_redact.redact import secret_patterns
    from woo_redact.verify import reread_pictures, reread_problems

    path = screenshot_page(tmp_path / "shot.pdf")
    doc = extract_document(path, "shot.pdf")
    assert doc.pages[0].pictures and doc.pages[0].pictures[0].kind == "image"
    (red,) = redactions_for(doc, ["Karel Pietersen"])
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    burn(path, good, doc, [red])
    x0, y0, x1, y1 = red.rects[0]
    misplaced = red.__class__(**{**red.__dict__, "rects": ((x0, y0 + 14, x1, y1 + 14),)})
    burn(path, bad, doc, [misplaced])
    secrets = secret_patterns([red])
    unflagged = {0: doc.pages[0].text.replace("Karel Pietersen", " " * 15)}
    read = reread_pictures(good, doc)
    assert read[0] and "Pietersen" not in " ".join(w.text for w in read[0])
    assert reread_problems(read, secrets, unflagged) == []
    read = reread_pictures(bad, doc)
    assert "Pietersen" in " ".join(w.text for w in read[0])
    assert reread_problems(read, secrets, unflagged)
    untouched = tmp_path / "same.pdf"
    burn(path, untouched, doc, [])
    assert reread_pictures(untouched, doc) == {}  # nothing changed: nothing to read again


def test_a_short_secret_read_again_in_a_picture_proves_nothing() -> None:
    """OCR reads "JR" into any scribble: a two-letter redacted string (a signer's initials
    elsewhere in the set) does not fail a document whose own signature OCR read alike; a
    name does."""
    from woo_redact.redact import secret_patterns
    from woo_redact.types import Word
    from woo_redact.verify import reread_problems

    read = {0: [Word("JR", (60, 500, 90, 520), 0, 0, 0, "ocr", 70.0),
                Word("Kees", (60, 530, 90, 540), 0, 0, 1, "ocr", 90.0),
                Word("Veldkamp", (95, 530, 150, 540), 0, 0, 1, "ocr", 90.0)]}  # fmt: skip
    assert reread_problems(read, secret_patterns(["Jr"]), {0: ""}) == []
    assert reread_problems(read, secret_patterns(["Jr", "Kees Veldkamp"]), {0: ""})


@needs_tesseract
@pytest.mark.parametrize("with_text", [False, True])
def test_outlined_glyphs_under_a_box_are_removed(tmp_path: Path, with_text: bool) -> None:
    """Text drawn as glyph outlines goes from the content stream under its box, whether the
    page was read whole (all outlines) or the outlines were a region of a text page; and
    verification checks that they are gone."""
    from woo_redact.redact import glyph_path

    path = outline_pdf(tmp_path / "outlines.pdf", with_text=with_text)
    doc = extract_document(path, "outlines.pdf")
    assert doc.pages[0].ocr is not with_text
    (red,) = redactions_for(doc, ["Verhoeven"])
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, doc, [red])
    assert burnt.outlines[0]  # the boxes verification checks for outlines left
    boxes = [pymupdf.Rect(r) for r in red.rects]
    with pymupdf.open(out) as done:
        left = [d for d in done[0].get_drawings()
                if glyph_path(d) and any(b.contains((d["rect"].tl + d["rect"].br) / 2)
                                         for b in boxes)]  # fmt: skip
        assert left == []
        assert any(glyph_path(d) for d in done[0].get_drawings())  # the other lines stay
    assert verify(out, doc, [red], burnt) == []
