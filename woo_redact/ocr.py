"""OCR of pictures of text: scanned pages, images of text on text pages, vector outlines.

A region of a page (the whole page, or the box of one picture on it) is rendered to a grey
image with PyMuPDF, in the calling thread (MuPDF objects are not shared between threads), and
read by Tesseract (``woo_redact.tesseract``) in a small thread pool, regions in parallel.
Before that, a quick low-resolution look (``woo_redact.imaging``) decides how: whether a
picture on a text page holds text at all (a photo, a logo or a signature costs no OCR), by
how much it is turned (scans are skewed, pictures may be placed rotated: the render is turned
back, MuPDF does the rotation), and at which resolution (from the height of its lines of
text: small print higher, big print lower). The render is cleaned (even background, no
specks) before Tesseract sees it.

Word boxes come back in PDF points of the unrotated page, through the exact inverse of the
render's matrix, as ``Word(source="ocr", conf=…)``. While the image is at hand, ink that OCR
did not read as confident words (handwriting, scribbles) is located too: on scanned paper,
those blobs are signature candidates.
"""

from __future__ import annotations

import math
import os
import re
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from woo_redact import imaging, tesseract
from woo_redact.errors import InputError
from woo_redact.tesseract import OcrFailed, OcrUnavailable
from woo_redact.types import Rect, Word

__all__ = ["OcrFailed", "OcrUnavailable", "Region", "OcrPage", "ocr_regions", "ocr_pages"]

OCR_DPI = 300  # a page whose lines cannot be measured is read at this resolution
LOOK_DPI = 100  # the quick look at a page (skew, line height)
LOOK_MAX_PIXELS = 1_500_000  # … and at most this many pixels for a picture
TARGET_LINE_PX = 40  # Tesseract reads best when a line of text is about this high
MIN_DPI, MAX_DPI = 100, 400
MIN_TURN = 0.3  # degrees: a smaller skew is left as it is
PAGE_TIMEOUT = tesseract.TIMEOUT
WORD_PAD = 0.75  # points added around a word box: Tesseract's boxes hug the ink
PRINTED_CONFIDENCE = 75.0  # words at least this sure are printed text, not handwriting …
MAX_PRINTED_HEIGHT = 1.8  # … unless their box is this many times the page's median height
NOISE_CONFIDENCE = 75.0  # words without a letter or digit below this are noise
INK_MIN_W, INK_MIN_H = 12.0, 6.0  # points: smaller blobs are specks, punctuation, dust


def tesseract_problem() -> str:
    """Why Tesseract cannot be used here, or "" when it can (probed once)."""
    return tesseract.problem()


def require_tesseract(pages: Iterable[int], what: str = "scanned page(s)") -> None:
    """Raise OcrUnavailable naming the pages (0-based) when Tesseract cannot be used."""
    problem = tesseract_problem()
    numbers = ", ".join(str(p + 1) for p in sorted(set(pages)))
    if problem and numbers:
        raise OcrUnavailable(
            f"{what} {numbers} could not be processed: {problem}; the document is not published"
        )


_pool_size = 0  # set by the pipeline in each document's worker: its share of the CPUs


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def set_pool_size(n: int) -> None:
    """Tesseract processes this process may run at once (0: all CPUs).

    N document workers each running one Tesseract per CPU would start N² processes.
    """
    global _pool_size
    _pool_size = max(0, int(n))


def default_workers() -> int:
    """``WOO_OCR_THREADS`` if set, else the pool size given to this worker, else all CPUs."""
    return max(1, int(os.environ.get("WOO_OCR_THREADS", _pool_size or available_cpus())))


_INITIALS_WITH_L = re.compile(r"(?:[A-Z]\.|l\.){2,4}")


def fix_initials(text: str) -> str:
    """Tesseract reads the initial I as l ("D.l."): in a run of initials it is an I, so the
    name rules see initials ("D.I. van Houten") and the name is not half found."""
    if _INITIALS_WITH_L.fullmatch(text) and re.search(r"[A-Z]\.", text):
        return text.replace("l.", "I.")
    return text


# -- regions and how they are rendered ----------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A part of a page to read: the whole page (a scan, a page of outlines) or one picture.

    ``rect`` is in points of the unrotated page (as words are). ``turn`` is the angle
    (degrees, counter-clockwise) by which the picture's own upright is turned on the
    displayed page, as its placement says; ``native_dpi`` its pixels per inch as placed.
    """

    page: int
    rect: Rect
    kind: str = "page"  # "page" | "image" | "outline"
    turn: float = 0.0
    native_dpi: float = 0.0

    @property
    def must_read(self) -> bool:
        """A whole page is read whatever the quick look says (fail closed); a picture on a
        text page only when it looks like text."""
        return self.kind != "image"


@dataclass(frozen=True)
class Render:
    """A grey render of a region and the map from its pixels back to page points."""

    gray: np.ndarray
    to_page: pymupdf.Matrix
    dpi: float
    angle: float

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Rect:
        """A pixel box as the page box that holds it (all four corners mapped)."""
        pts = [pymupdf.Point(x, y) * self.to_page for x, y in ((x0, y0), (x1, y0), (x0, y1),
                                                                (x1, y1))]  # fmt: skip
        return (min(p.x for p in pts), min(p.y for p in pts), max(p.x for p in pts),
                max(p.y for p in pts))  # fmt: skip


def render(page: pymupdf.Page, rect: Rect, dpi: float, angle: float = 0.0) -> Render:
    """Render ``rect`` (unrotated page points) at ``dpi``, turned by ``angle`` degrees.

    The page's own /Rotate is applied as a reader shows it; ``angle`` is added (deskew, a
    picture placed on its side). The inverse of the whole transformation maps pixels back.
    """
    scale = dpi / 72.0
    matrix = pymupdf.Matrix(scale, scale) * pymupdf.Matrix(angle)
    clip = pymupdf.Rect(rect) * page.rotation_matrix
    pix = page.get_pixmap(
        matrix=matrix, clip=clip, colorspace=pymupdf.csGRAY, alpha=False, annots=False
    )
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    full = page.rotation_matrix * matrix
    to_page = pymupdf.Matrix(1, 0, 0, 1, pix.x, pix.y) * ~full
    return Render(gray[:, : pix.width].copy(), to_page, dpi, angle)


@dataclass(frozen=True)
class Plan:
    """How a region is read: resolution and turn, or not at all (``dpi`` 0)."""

    dpi: float
    angle: float
    look: imaging.Look | None = None


def _look_dpi(region: Region) -> float:
    """A resolution for the quick look: low, and no finer than the picture itself."""
    if region.kind != "image":
        return LOOK_DPI
    w, h = region.rect[2] - region.rect[0], region.rect[3] - region.rect[1]
    dpi = min(region.native_dpi or 150.0, 150.0)
    area = max(w * h, 1.0) / (72.0 * 72.0)  # square inches
    return max(36.0, min(dpi, math.sqrt(LOOK_MAX_PIXELS / area)))


def plan(page: pymupdf.Page, region: Region) -> Plan:
    """Look at the region at low resolution: turn, line height, and whether it is text."""
    angle = -region.turn
    dpi = _look_dpi(region)
    quick = render(page, region.rect, dpi, angle)
    skew = imaging.skew_angle(imaging.ink_mask(quick.gray))
    if abs(skew) >= MIN_TURN:
        angle += skew  # MuPDF turns the other way round
        quick = render(page, region.rect, dpi, angle)
    seen = imaging.look(quick.gray, dpi)
    if not seen.text and not region.must_read:
        return Plan(0.0, angle, seen)
    if seen.line_px <= 0:
        return Plan(OCR_DPI if region.kind != "image" else max(dpi, 150.0), angle, seen)
    line_pt = seen.line_px * 72.0 / dpi
    return Plan(round(min(MAX_DPI, max(MIN_DPI, TARGET_LINE_PX * 72.0 / line_pt))), angle, seen)


# -- reading ------------------------------------------------------------------------------------


@dataclass
class OcrPage:
    """What OCR read on one page: its words and the handwriting-like ink between them."""

    page: int
    words: list[Word] = field(default_factory=list)
    ink: list[Rect] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)  # the regions read (not skipped)


def words_of(tsv: str, shot: Render, page_no: int, line_base: int = 0) -> list[Word]:
    """Tesseract's words as page words: boxes in page points, noise dropped, line numbers
    (``line_base`` +) per OCR line."""
    out: list[Word] = []
    lines: dict[tuple[int, int, int], int] = {}
    for w in tesseract.parse_tsv(tsv):
        if not any(ch.isalnum() for ch in w.text) and w.conf < NOISE_CONFIDENCE:
            continue  # noise read as punctuation
        line = lines.setdefault(w.line, line_base + len(lines))
        x0, y0, x1, y1 = shot.box(w.left, w.top, w.left + w.width, w.top + w.height)
        rect = (x0 - WORD_PAD, y0 - WORD_PAD, x1 + WORD_PAD, y1 + WORD_PAD)
        out.append(Word(fix_initials(w.text), rect, page_no, w.block, line, "ocr", w.conf))
    return out


def printed_boxes(tsv_words: list[tesseract.TsvWord]) -> list[imaging.Box]:
    """Pixel boxes of words that are printed text: read with confidence, of ordinary height.

    Handwriting is often "read" as a short word with a tall box; such a box is not printed.
    """
    heights = sorted(w.height for w in tsv_words)
    if not heights:
        return []
    limit = MAX_PRINTED_HEIGHT * heights[len(heights) // 2]
    return [
        (w.left, w.top, w.left + w.width, w.top + w.height)
        for w in tsv_words
        if w.conf >= PRINTED_CONFIDENCE and w.height <= limit
    ]


def ink_of(gray: np.ndarray, shot: Render, tsv: str) -> list[Rect]:
    """Handwriting-like blobs of ink (not printed words, not rules) as page boxes."""
    scale = shot.dpi / 72.0
    cells, cell = imaging.ink_cells(gray, scale)
    printed = printed_boxes(tesseract.parse_tsv(tsv))
    blobs = imaging.ink_blobs(cells, cell, printed, INK_MIN_W * scale, INK_MIN_H * scale)
    return [shot.box(*b) for b in blobs]


def ocr_regions(
    doc: pymupdf.Document, regions: list[Region], workers: int | None = None
) -> dict[int, OcrPage]:
    """Read the given regions of an open document, regions in parallel; one OcrPage for each
    page that had a region (pictures that do not look like text are skipped, not read)."""
    if not regions:
        return {}
    require_tesseract([r.page for r in regions if r.kind == "page"])
    require_tesseract(
        [r.page for r in regions if r.kind == "outline"], "text drawn as outlines on page(s)"
    )
    workers = max(1, min(workers or default_workers(), len(regions)))
    results: dict[int, OcrPage] = {r.page: OcrPage(r.page) for r in regions}
    pending: deque[tuple[Region, Render, Future[str]]] = deque()

    def collect(region: Region, shot: Render, fut: Future[str]) -> None:
        try:
            tsv = fut.result()
        except InputError as exc:
            raise type(exc)(f"page {region.page + 1}: {exc}") from exc
        res = results[region.page]
        base = max((w.line for w in res.words), default=-1) + 1
        res.words.extend(words_of(tsv, shot, region.page, base))
        res.ink.extend(ink_of(shot.gray, shot, tsv))
        res.regions.append(region)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for region in regions:
                page = doc[region.page]
                how = plan(page, region)
                if how.dpi <= 0:
                    continue
                if region.kind == "image":  # it looks like text: it must be read
                    require_tesseract([region.page], "a picture of text on page(s)")
                shot = render(page, region.rect, how.dpi, how.angle)
                shot = Render(imaging.clean(shot.gray), shot.to_page, shot.dpi, shot.angle)
                image = _pnm(shot.gray)
                fut = pool.submit(tesseract.run_tsv, image, round(how.dpi), tesseract.PSM_AUTO,
                                  PAGE_TIMEOUT)  # fmt: skip
                pending.append((region, shot, fut))
                while len(pending) >= 2 * workers:  # bound the rendered images held in memory
                    collect(*pending.popleft())
            while pending:
                collect(*pending.popleft())
        finally:
            for _, _, fut in pending:
                fut.cancel()
    return results


def _pnm(gray: np.ndarray) -> bytes:
    """A grey image as binary PGM, which Tesseract (Leptonica) reads without decoding work."""
    h, w = gray.shape
    return f"P5\n{w} {h}\n255\n".encode() + np.ascontiguousarray(gray).tobytes()


def ocr_pages(
    doc: pymupdf.Document, numbers: list[int], workers: int | None = None
) -> dict[int, OcrPage]:
    """OCR the given pages (0-based) of an open document as a whole, pages in parallel."""
    return ocr_regions(doc, [Region(n, page_rect(doc[n])) for n in numbers], workers)


def page_rect(page: pymupdf.Page) -> Rect:
    """The whole page in unrotated page points (the space words and boxes are in)."""
    return tuple(page.rect * page.derotation_matrix)  # type: ignore[return-value]
