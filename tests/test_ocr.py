"""Scanned pages: OCR'd with Tesseract, redacted in the pixels, searchable for what was kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from tests.pdf_fixtures import SCAN_SIGNATURE, pixels, redactions_for, scanned_letter
from woo_redact import ocr, tesseract
from woo_redact.detect.signatures import cues_for, detect_signatures
from woo_redact.extract import extract_document
from woo_redact.redact import burn
from woo_redact.rules import load_rules
from woo_redact.types import Redaction
from woo_redact.verify import verify

needs_tesseract = pytest.mark.skipif(
    bool(ocr.tesseract_problem()), reason="Tesseract with the Dutch model is not installed"
)

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t300\t150\t150\t50\t96.5\tGemeente\n"
    "5\t1\t1\t1\t1\t2\t480\t150\t120\t50\t91.0\tAlmere\n"
    "5\t1\t1\t1\t2\t1\t300\t230\t30\t30\t12.0\t|\n"
    "5\t1\t2\t1\t1\t1\t300\t400\t90\t50\t48.0\tD.l.\n"
)


def _shot(dpi: float, angle: float = 0.0, page_rotation: int = 0) -> ocr.Render:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=850)
    page.set_rotation(page_rotation)
    return ocr.render(page, ocr.page_rect(page), dpi, angle)


def test_tsv_words_come_back_in_page_points_with_their_confidence() -> None:
    words = ocr.words_of(TSV, _shot(150), 3, line_base=10)
    assert [w.text for w in words] == ["Gemeente", "Almere", "D.I."]  # noise dropped, I not l
    first = words[0]
    assert first.source == "ocr" and first.page == 3 and first.conf == 96.5
    assert words[2].conf == 48.0
    assert first.rect[0] == pytest.approx(300 * 72 / 150 - ocr.WORD_PAD)
    assert first.rect[3] == pytest.approx(200 * 72 / 150 + ocr.WORD_PAD)
    assert words[0].line == words[1].line == 10 and words[2].line == 11


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("angle", [0.0, 2.0, 90.0])
def test_pixels_map_back_to_the_unrotated_page(rotation: int, angle: float) -> None:
    """Whatever the page's /Rotate and the turn of the render, a word's ink maps back onto the
    word's own box (the space redaction boxes are drawn in)."""
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text((20, 60), "Hallo", fontsize=20)
    page.set_rotation(rotation)
    word = pymupdf.Rect(page.get_text("words")[0][:4])
    shot = ocr.render(page, tuple(word + (-10, -10, 10, 10)), 144, angle)
    ys, xs = np.nonzero(shot.gray < 128)
    box = pymupdf.Rect(shot.box(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))
    assert word.contains(box) or abs(box & word) >= 0.95 * abs(box)
    assert abs(box) >= 0.4 * abs(word)


def test_without_tesseract_scanned_pages_fail_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = scanned_letter(tmp_path / "in" / "scan.pdf", dpi=72)
    monkeypatch.setattr(tesseract.shutil, "which", lambda name: None)
    tesseract.engine.cache_clear()
    try:
        with pytest.raises(ocr.OcrUnavailable, match=r"scanned page\(s\) 1 could not be processed"):
            extract_document(path, "scan.pdf", ocr="auto")
        # --ocr never: read as is, the page is marked as needing OCR (the pipeline withholds it)
        never = extract_document(path, "scan.pdf", ocr="never")
        assert never.pages[0].needs_ocr and not never.pages[0].ocr and not never.pages[0].words
    finally:
        tesseract.engine.cache_clear()


def test_without_tesseract_the_document_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from woo_redact.pipeline import Options, run

    scanned_letter(tmp_path / "in" / "scan.pdf", dpi=72)
    monkeypatch.setattr(tesseract.shutil, "which", lambda name: None)
    tesseract.engine.cache_clear()
    try:
        summary = run([tmp_path / "in"], Options(out=tmp_path / "out", workers=1))
    finally:
        tesseract.engine.cache_clear()
    result = summary.results[0]
    assert result.status.value != "ok" and result.output is None
    assert "could not be processed: Tesseract is not installed" in result.error
    assert not (tmp_path / "out" / "scan.pdf").exists()
    assert summary.exit_code != 0


@needs_tesseract
def test_scan_is_ocrd_redacted_in_pixels_and_searchable(tmp_path: Path) -> None:
    old_layer = [("Oude laag Karel Smit", (72.0, 500.0))]  # an earlier OCR layer under the scan
    path = scanned_letter(tmp_path / "scan.pdf", dpi=150, ocr_layer=old_layer)
    doc = extract_document(path, "scan.pdf", ocr="auto")
    page = doc.pages[0]
    assert page.ocr and page.needs_ocr and page.replaced_text
    assert "Gemeente Almere" in page.text and "111222333" in page.text
    assert "Smit" not in page.text  # the old layer is not trusted, it is replaced
    assert all(w.source == "ocr" for w in page.words)
    ink = [g for g in page.graphics if g.kind == "scan-ink"]
    assert ink, "the handwritten signature on the scan is found as ink"

    (sig,) = detect_signatures(doc, page, [], cues_for(load_rules()))
    assert sig.recognizer == "signature:scan-ink" and "groet" in sig.context
    assert pymupdf.Rect(sig.boxes[0]).intersects(SCAN_SIGNATURE)

    reds = redactions_for(doc, ["Pietersen", "111222333"])
    assert len(reds) == 3
    reds.append(Redaction("scan.pdf", 0, sig.boxes, "5.1.2e", "SIGNATURE", "s", 0.9, sig.id, ""))
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, doc, reds)
    assert verify(out, doc, reds, burnt) == []
    with pymupdf.open(out) as res:
        rp = res[0]
        text = rp.get_text()
        # searchable for the words that were kept, nothing of the redacted or the old layer
        for kept in ("Gemeente", "Almere", "Publiekszaken", "besluit", "vriendelijke"):
            assert rp.search_for(kept), kept
        for gone in ("Pietersen", "111222333", "Smit", "Karel"):
            assert gone not in text
        # the new layer is invisible: rendering without the image shows no text
        assert all(s["type"] == 3 for s in rp.get_texttrace() if "Almere" in str(s["chars"]))
        # the scan's pixels under every box are one colour
        (info,) = [i for i in rp.get_image_info(xrefs=True) if i["xref"]]
        arr = pixels(pymupdf.Pixmap(res, info["xref"]))
        h, w = arr.shape[:2]
        for red in reds:
            for box in red.rects:
                x0, y0 = int(box[0] / 595 * w) + 2, int(box[1] / 842 * h) + 2
                x1, y1 = int(box[2] / 595 * w) - 2, int(box[3] / 842 * h) - 2
                assert np.ptp(arr[y0:y1, x0:x1]) == 0
        # and the unredacted words still show in the pixels (not blanked)
        gx = next(wd for wd in page.words if wd.text == "Gemeente").rect
        region = arr[
            int(gx[1] / 842 * h) : int(gx[3] / 842 * h), int(gx[0] / 595 * w) : int(gx[2] / 595 * w)
        ]
        assert np.ptp(region) > 100


@needs_tesseract
def test_pages_run_in_parallel_and_single_threaded(tmp_path: Path, monkeypatch) -> None:
    seen: list[dict] = []
    real_run = tesseract.subprocess.run

    def spy(cmd, *args, **kwargs):
        seen.append(kwargs.get("env") or {})
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(tesseract.subprocess, "run", spy)
    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page(width=300, height=200)
        page.insert_text((20, 60), "Gemeente Almere", fontsize=14)
    results = ocr.ocr_pages(doc, [0, 1], workers=2)
    assert [w.text for w in results[1].words] == ["Gemeente", "Almere"]
    assert seen and all(env.get("OMP_THREAD_LIMIT") == "1" for env in seen)


def test_text_pages_are_not_rendered_or_ocrd(tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import write_pdf

    def boom(*args, **kwargs):
        raise AssertionError("a text page was sent to OCR")

    monkeypatch.setattr(ocr.tesseract, "run_tsv", boom)
    monkeypatch.setattr(ocr, "render", boom)
    path = write_pdf(tmp_path / "tekst.pdf", [["Gemeente Almere", "Een gewone tekstpagina."]])
    doc = extract_document(path, "tekst.pdf", ocr="auto")
    assert not doc.pages[0].ocr and not doc.pages[0].needs_ocr


@pytest.mark.parametrize(
    ("read", "fixed"),
    [("D.l.", "D.I."), ("l.J.", "I.J."), ("A.B.", "A.B."), ("l.", "l."), ("lol.", "lol."),
     ("Hel.", "Hel.")],
)  # fmt: skip
def test_initial_i_read_as_l(read: str, fixed: str) -> None:
    assert ocr.fix_initials(read) == fixed


@needs_tesseract
def test_text_layer_of_a_scan_keeps_its_word_spaces(tmp_path: Path) -> None:
    """Copying or searching the output reads words, not a line glued into one word (which the
    names model would also take for a name when verifying)."""
    path = scanned_letter(tmp_path / "scan.pdf", dpi=200)
    doc = extract_document(path, "scan.pdf", ocr="auto")
    out = tmp_path / "out.pdf"
    burn(path, out, doc, [])
    with pymupdf.open(out) as pdf:
        text = " ".join(pdf[0].get_text().split())
    assert "Wij nemen binnen acht weken een besluit." in text


def _tsv(rows: list[tuple[str, int, int, int, float]]) -> str:
    """TSV rows of one OCR line: (text, left, width, height, conf)."""
    head = TSV.splitlines(keepends=True)[0]
    body = "".join(
        f"5\t1\t1\t1\t1\t{i}\t{left}\t100\t{width}\t{height}\t{conf}\t{text}\n"
        for i, (text, left, width, height, conf) in enumerate(rows, start=1)
    )
    return head + body


def test_words_tesseract_split_are_joined() -> None:
    """An e-mail address read as "joliene6" "1" "@live.nl" (boxes overlapping), or with a
    gap before the "@", is one word again; ordinary word gaps stay."""
    split = _tsv([("joliene6", 100, 80, 30, 69), ("1", 172, 12, 30, 69),
                  ("@live.nl", 180, 70, 36, 76), ("en", 262, 20, 30, 95), ("mail", 300, 40, 30, 96),
                  ("@", 345, 12, 30, 80), ("x.nl", 358, 40, 30, 90)])  # fmt: skip
    words = ocr.words_of(split, _shot(300), 0)
    assert [w.text for w in words] == ["joliene61@live.nl", "en", "mail@x.nl"]
    assert words[0].conf == 69
    gap = words[1].rect[0] - words[0].rect[2]
    assert gap > 0  # the box of the joined word ends where its last part ends


def test_words_of_one_ocr_line_stay_on_one_row() -> None:
    """A scribble read as a tall word on the line must not split a name off its initials
    (the name would be seen as two rows and not found, but read as one in the output)."""
    from woo_redact.extract import build_page_text
    from woo_redact.types import Word

    line = [Word("K.T.H.", (64, 266, 95, 275), 0, 11, 6, "ocr", 90),
            Word("AS", (410, 255, 488, 287), 0, 11, 6, "ocr", 29),
            Word("Meijboom,", (97, 266, 146, 277), 0, 11, 6, "ocr", 69),
            Word("Waterschap", (229, 265, 282, 276), 0, 11, 6, "ocr", 96)]  # fmt: skip
    page = build_page_text(0, line, 595, 842)
    assert page.text.split("\n") == ["K.T.H. Meijboom,\tWaterschap\tAS"]


def test_changed_bands_are_the_rows_around_what_changed() -> None:
    before = np.full((100, 50), 255, np.uint8)
    after = before.copy()
    after[40:45, 10:20] = 0  # a box
    after[47:48, 30:31] = 0  # a second one close by: one band
    after[90, 0] = 230  # re-encoding noise, below the level
    assert ocr.changed_bands(before, after, margin=5) == [(35, 53)]
    assert ocr.changed_bands(before, before, margin=5) == []


def test_stacked_bands_map_back_to_their_rows() -> None:
    gray = np.arange(100, dtype=np.uint8).repeat(10).reshape(100, 10)
    stack, where = ocr.stack_bands(gray, [(10, 20), (60, 80)])
    assert stack.shape == (10 + 20 + 2 * ocr.BAND_GAP_PX, 10)
    assert stack[0, 0] == 10 and stack[10 + ocr.BAND_GAP_PX, 0] == 60
    word = tesseract.TsvWord("x", 0, 10 + ocr.BAND_GAP_PX + 5, 4, 6, 90.0, 1, (1, 1, 1))
    gap = tesseract.TsvWord("y", 0, 12, 4, 6, 90.0, 1, (1, 1, 1))  # centre in the white gap
    (back,) = ocr.unstacked([word, gap], where)
    assert back.top == 65


@pytest.mark.parametrize(
    ("target", "native", "dpi"),
    [(308, 200, 200), (300, 150, 300), (420, 150, 300), (150, 300, 150), (95, 300, 100),
     (333, 0, 333), (300, 96, 288), (450, 250, 250), (333, 200.03, 400)],
)  # fmt: skip
def test_the_resolution_snaps_to_the_pictures_own(target: float, native: float, dpi: int) -> None:
    """A scan is rendered at its own resolution, or a whole multiple or fraction of it."""
    assert ocr.snapped(target, native) == dpi
