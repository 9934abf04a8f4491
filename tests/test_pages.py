"""Clean review pictures of every page: sharp where there are findings, a preview elsewhere."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.conftest import write_pdf
from woo_redact.decide import SetDecisions
from woo_redact.inputs import set_passwords, sha256_file
from woo_redact.record.pages import (
    MAX_SIDE,
    PREVIEW_DPI,
    SHARP_DPI,
    pages_with_findings,
    picture_name,
    render_page_pictures,
)
from woo_redact.types import SIDE_PAGE, Finding


def pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def test_every_page_gets_a_clean_picture_sharp_only_where_findings_are(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Karin Verbeek belde."], ["Geen namen hier."]])
    before = sha256_file(src)
    pics = render_page_pictures(src, "a.pdf", {0}, tmp_path / "pages")
    assert sha256_file(src) == before
    assert sorted(pics) == [0, 1]
    sharp, preview = pics[0], pics[1]
    assert (sharp.sharp, sharp.dpi, preview.sharp, preview.dpi) == (True, SHARP_DPI, False,
                                                                     PREVIEW_DPI)  # fmt: skip
    img = pixels(tmp_path / sharp.path)
    assert img.shape[:2] == pytest.approx((842 * SHARP_DPI / 72, 595 * SHARP_DPI / 72), abs=1)
    assert pixels(tmp_path / preview.path).shape[1] == 595
    # nothing burnt in: no coloured pixel anywhere (the text is black on white)
    spread = img.max(axis=2) - img.min(axis=2)
    assert spread.max() < 40
    assert (img.min(axis=2) < 100).any()  # but the text is there
    assert (sharp.width, sharp.height, sharp.matrix) == (595.0, 842.0, (1, 0, 0, 1, 0, 0))


def test_rotated_page_picture_and_matrix_place_a_box_on_its_words(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "r.pdf", [["", "", "", "BSN 111222333"]])
    with pymupdf.open(src) as doc:
        doc[0].set_rotation(90)
        word = doc[0].search_for("111222333")[0]  # unrotated points, as findings are
        doc.save(tmp_path / "rot.pdf")
    pic = render_page_pictures(tmp_path / "rot.pdf", "rot.pdf", {0}, tmp_path / "pages")[0]
    assert (pic.width, pic.height, pic.view_width, pic.view_height) == (595, 842, 842, 595)
    assert pic.rotation == 90
    shown = word * pymupdf.Matrix(*pic.matrix) * (pic.dpi / 72)
    img = pixels(tmp_path / pic.path)
    inside = img[int(shown.y0) : int(shown.y1), int(shown.x0) : int(shown.x1)]
    assert inside.size and inside.min() < 80  # the word's ink is where the box is drawn
    beside = img[int(shown.y0) : int(shown.y1), int(2 * shown.x0 - shown.x1) : int(shown.x0) - 3]
    assert beside.size and beside.min() > 200  # and not beside it (the lines below are empty)


def test_a_huge_page_is_capped(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page(width=14000, height=3000)
    doc.save(tmp_path / "huge.pdf")
    pic = render_page_pictures(tmp_path / "huge.pdf", "huge.pdf", {0}, tmp_path / "pages")[0]
    assert max(pixels(tmp_path / pic.path).shape[:2]) <= MAX_SIDE[True] + 1
    assert pic.dpi < SHARP_DPI


def test_encrypted_input_is_rendered_with_the_officers_password(tmp_path: Path) -> None:
    plain = write_pdf(tmp_path / "plain.pdf", [["Karin Verbeek"]])
    with pymupdf.open(plain) as doc:
        doc.save(tmp_path / "enc.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="geheim",
                 owner_pw="geheim")  # fmt: skip
    set_passwords(["fout", "geheim"])
    try:
        pics = render_page_pictures(tmp_path / "enc.pdf", "enc.pdf", {0}, tmp_path / "pages")
    finally:
        set_passwords([])
    assert (tmp_path / pics[0].path).stat().st_size > 1000


def test_picture_names_are_distinct_and_need_no_escaping() -> None:
    names = {picture_name(rel, 0) for rel in ("a/b.pdf", "a__b.pdf", "a b#?.pdf", "A/B.pdf")}
    assert len(names) == 4
    assert all(n.replace(".", "").isalnum() for n in names)


@pytest.mark.parametrize("page", [0, 3])
def test_pages_with_findings_leave_out_text_outside_the_pages(page: int) -> None:
    on_page = Finding("a", "x.pdf", page, 0, 1, "K", "PERSON", 1.0, "r", "", ((0, 0, 1, 1),))
    side = Finding("b", "y.pdf", SIDE_PAGE, 0, 1, "K", "PERSON", 1.0, "r", "", ((0, 0, 1, 1),))
    assert pages_with_findings(SetDecisions(findings=[on_page, side])) == {
        "x.pdf": frozenset({page})
    }
