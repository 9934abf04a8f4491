"""Cheap looks at pictures: text or not, skew, line height, cleaning, handwriting-like ink."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from tests.pdf_fixtures import block_pixmap, scribble_pixmap
from woo_redact import imaging

LINES = ["Van: Jan de Vries", "Hoi, ben je morgen op kantoor?", "Ja hoor, rond negen uur."]


def gray(pix: pymupdf.Pixmap) -> np.ndarray:
    if pix.n != 1 or pix.alpha:
        pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    return arr[:, : pix.width].copy()


def text_render(fontsize: float, dpi: float, angle: float = 0.0, lines: int = 3) -> np.ndarray:
    doc = pymupdf.open()
    page = doc.new_page(width=320, height=40 + 2 * fontsize * lines)
    for i in range(lines):
        page.insert_text((12, 20 + fontsize * (1 + 1.6 * i)), LINES[i % 3], fontsize=fontsize)
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72) * pymupdf.Matrix(angle)
    return gray(page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY))


@pytest.mark.parametrize(("fontsize", "dpi"), [(11, 150), (11, 96), (8, 96), (20, 72)])
def test_printed_lines_are_text_and_their_height_is_measured(fontsize: float, dpi: float) -> None:
    seen = imaging.look(text_render(fontsize, dpi), dpi)
    assert seen.text and seen.bands >= 3
    line_pt = seen.line_px * 72 / dpi
    assert 0.7 * fontsize <= line_pt <= 1.4 * fontsize


def test_signatures_logos_and_photos_are_not_text() -> None:
    assert not imaging.look(gray(scribble_pixmap())).text
    assert not imaging.look(gray(block_pixmap(200, 80, (200, 30, 30)))).text
    rng = np.random.default_rng(0)
    photo = np.kron(rng.normal(128, 40, (30, 40)), np.ones((10, 10)))
    photo = np.clip(photo + rng.normal(0, 10, photo.shape), 0, 255).astype(np.uint8)
    seen = imaging.look(photo)
    assert not seen.text and seen.flat < imaging.FLAT_SHARE
    assert not imaging.look(np.full((100, 100), 255, np.uint8)).text  # blank


def test_light_text_on_a_dark_screen_is_text() -> None:
    assert imaging.look(255 - text_render(11, 120), 120).text


@pytest.mark.parametrize("angle", [-2.0, -0.6, 0.0, 1.2, 3.0])
def test_skew_is_the_turn_that_levels_the_lines(angle: float) -> None:
    page = text_render(10, 100, angle, lines=9)
    skew = imaging.skew_angle(imaging.ink_mask(page))
    assert skew == pytest.approx(-angle, abs=0.3)  # a smaller turn is not worth making


def test_clean_whitens_shaded_paper_and_drops_specks_not_strokes() -> None:
    page = text_render(12, 150).astype(np.float32)
    h, w = page.shape
    shade = np.linspace(0.65, 1.0, w)[None, :]  # a scan darker towards one edge
    scan = (page * shade).astype(np.uint8)
    scan[10, 10] = scan[30, w - 20] = 0  # two specks of dust
    out = imaging.clean(scan)
    ink = page < 128
    assert np.median(out[~ink]) >= 250  # paper is white on both sides
    assert out[10, 10] == 255 and out[30, w - 20] == 255
    assert (out[ink] < 128).mean() > 0.9  # the letters stay


def test_long_runs_are_rules_not_letters() -> None:
    ink = np.zeros((20, 100), dtype=bool)
    ink[5, 2:90] = True  # a rule
    ink[10:14, 20:24] = True  # a letter's stem
    runs = imaging.long_runs(ink, 30)
    assert runs[5, 2:90].all() and not runs[10:14].any()
    cleaned = imaging.without_lines(ink, 30)
    assert not cleaned[5].any() and cleaned[10:14, 20:24].all()


def _grid_with_table() -> np.ndarray:
    """An ink grid (3 pt cells): a table frame with two row lines and a scribble in each row."""
    grid = np.zeros((80, 120), dtype=bool)
    for r in (10, 30, 50):
        grid[r, 5:115] = True  # row rules
    for c in (5, 114):
        grid[10:51, c] = True  # frame sides
    grid[14:27, 80:100] = np.random.default_rng(1).random((13, 20)) < 0.6  # signature 1
    grid[24:36, 82:98] |= np.random.default_rng(2).random((12, 16)) < 0.6  # 2, over a rule
    return grid


def test_table_rules_are_not_ink() -> None:
    grid = _grid_with_table()
    cleared = imaging.without_rules(grid, 3.0)
    assert not cleared[10, 5:75].any() and not cleared[40, 5]  # rules and frame gone
    assert cleared[14:27, 80:100].sum() > 0.8 * grid[14:27, 80:100].sum()  # scribble stays


def test_signatures_in_a_framed_table_are_blobs_of_their_own() -> None:
    blobs = imaging.ink_blobs(_grid_with_table(), 3.0, [], 12.0, 6.0)
    assert blobs
    assert all(b[2] - b[0] < 100 for b in blobs)  # none spans the whole table
    assert any(b[0] >= 240 and b[2] <= 300 for b in blobs)


def test_printed_words_are_not_ink_blobs() -> None:
    grid = np.zeros((40, 60), dtype=bool)
    grid[10:14, 10:30] = True  # a printed word
    grid[25:35, 30:50] = True  # a scribble
    blobs = imaging.ink_blobs(grid, 3.0, [(30.0, 30.0, 90.0, 42.0)], 12.0, 6.0)
    assert blobs == [(90.0, 75.0, 150.0, 105.0)]


def test_a_line_of_print_looks_printed_a_scribble_does_not() -> None:
    assert imaging.looks_printed(text_render(11, 150, lines=1))
    assert not imaging.looks_printed(gray(scribble_pixmap()))
    assert not imaging.looks_printed(np.full((20, 40), 255, np.uint8))


def test_what_is_not_handwriting_by_its_strokes() -> None:
    bar = np.full((40, 200), 255, np.uint8)
    bar[5:35, 5:195] = 0  # a sender's black bar
    assert imaging.not_handwriting(bar, 2.0, 20.0) == "a filled shape"
    column = np.full((400, 40), 255, np.uint8)
    column[:, 18:22] = 0  # what is left of a table's side
    assert imaging.not_handwriting(column, 2.0, 20.0) == "a tall narrow column"
    line = text_render(11, 144, lines=1)
    rows = np.nonzero(imaging.ink_mask(line).any(axis=1))[0]
    word = line[rows.min() - 2 : rows.max() + 3]
    assert imaging.not_handwriting(word, 2.0, 26.0) == "a word of print"
    assert imaging.not_handwriting(gray(scribble_pixmap()), 2.0, 20.0) is None
