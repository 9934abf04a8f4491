"""OCR of pictures of text: scanned pages, images of text on text pages, vector outlines.

A region of a page (the whole page, or the box of one picture on it) is rendered to a grey
image with PyMuPDF, in the calling thread (MuPDF objects are not shared between threads), and
read by Tesseract (``woo_redact.tesseract``) in a small thread pool, regions in parallel.
Before that, a quick low-resolution look (``woo_redact.imaging``) decides how: whether a
picture on a text page holds text at all (a photo, a logo or a signature costs no OCR), by
how much it is turned (scans are skewed, pictures may be placed rotated: the render is turned
back, MuPDF does the rotation), and at which resolution (from the height of its lines of
text: small print higher, big print lower; snapped to the scan's own resolution). The render
is cleaned (even background, no specks) before Tesseract sees it.

Word boxes come back in PDF points of the unrotated page, through the exact inverse of the
render's matrix, as ``Word(source="ocr", conf=…)``. While the image is at hand, ink that OCR
did not read as confident words (handwriting, scribbles) is located too: on scanned paper,
those blobs are signature candidates. For verification, ``reread`` reads again the bands of
a region whose pixels changed in the redacted output, rendered exactly as before.
"""

from __future__ import annotations

import math
import os
import re
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pymupdf

from woo_redact import imaging, tesseract
from woo_redact.errors import InputError
from woo_redact.tesseract import OcrFailed, OcrUnavailable
from woo_redact.types import Picture, Rect, Word

__all__ = ["OcrFailed", "OcrUnavailable", "Region", "OcrPage", "ocr_regions", "ocr_pages"]

OCR_DPI = 300  # a page whose lines cannot be measured is read at this resolution
LOOK_DPI = 100  # the quick look at a page (skew, line height)
LOOK_MAX_PIXELS = 1_500_000  # … and at most this many pixels for a picture
TARGET_LINE_PX = 40  # Tesseract reads best when a line of text is about this high
MIN_DPI, MAX_DPI = 100, 400
MIN_TURN = 0.3  # degrees: a smaller skew is left as it is
SNAP_LOW, SNAP_HIGH = 0.6, 1.6  # a target resolution this near a picture's own is its own
PAGE_TIMEOUT = tesseract.TIMEOUT
WORD_PAD = 0.75  # points added around a word box: Tesseract's boxes hug the ink
PRINTED_CONFIDENCE = 75.0  # words at least this sure are printed text, not handwriting …
MAX_PRINTED_HEIGHT = 1.8  # … unless their box is this many times the page's median height
NOISE_CONFIDENCE = 75.0  # words without a letter or digit below this are noise
INK_MIN_W, INK_MIN_H = 12.0, 6.0  # points: smaller blobs are specks, punctuation, dust
SPLIT_GAP = 0.05  # words of a line closer than this share of their height are one word
AT_GAP = 0.6  # … and "name" "@host.nl" this close (an e-mail address has no space)
READ_CONFIDENCE = 50.0  # a blob of ink under words read at least this sure, looking like a
# line of print, is print that OCR was unsure of, not handwriting


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


_INITIALS_LOOKALIKE = re.compile(r"(?:[A-Z]\.|[l0]\.){2,4}")


def fix_initials(text: str) -> str:
    """Tesseract reads the initial I as l ("D.l.") and O as 0 ("C.0.B."): in a run of
    initials they are letters, so the name rules see initials ("D.I. van Houten") and no
    gate takes the name for a code with digits."""
    if _INITIALS_LOOKALIKE.fullmatch(text) and re.search(r"[A-Z]\.", text):
        return text.replace("l.", "I.").replace("0.", "O.")
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


def reading_render(page: pymupdf.Page, rect: Rect, dpi: float, angle: float) -> Render:
    """The render Tesseract reads: ``render`` cleaned (background evened, specks gone). The
    first reading and verification's second one both use it, so a name the first saw is
    not missed by the second on a grey scan."""
    shot = render(page, rect, dpi, angle)
    return Render(imaging.clean(shot.gray), shot.to_page, shot.dpi, shot.angle)


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
        target = OCR_DPI if region.kind != "image" else max(dpi, 150.0)
    else:
        target = TARGET_LINE_PX * 72.0 / (seen.line_px * 72.0 / dpi)
    return Plan(snapped(min(MAX_DPI, max(MIN_DPI, target)), region.native_dpi), angle, seen)


def snapped(target: float, native: float) -> float:
    """The resolution to render at: the picture's own when the target is near it, else a
    whole multiple or fraction of it. Resampling a 200 dpi scan to 308 dpi blurs strokes
    unevenly, and Tesseract misread "bram@" as "bvram@" there (read right at 200 and 300)."""
    if native <= 0:
        return round(target)
    native = round(native)  # 200.03 dpi as placed is a 200 dpi scan
    ratio = target / native
    if SNAP_LOW <= ratio <= SNAP_HIGH:
        return round(native)
    if ratio > SNAP_HIGH:
        for k in range(round(ratio), 1, -1):  # the largest whole multiple within MAX_DPI
            if native * k <= MAX_DPI:
                return round(native * k)
        return round(native)
    return round(max(MIN_DPI, native / round(1 / ratio)))


# -- reading ------------------------------------------------------------------------------------


@dataclass
class OcrPage:
    """What OCR read on one page: its words and the handwriting-like ink between them."""

    page: int
    words: list[Word] = field(default_factory=list)
    ink: list[Rect] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)  # the regions read (not skipped)
    pictures: list[Picture] = field(default_factory=list)  # … and how they were rendered


def joined(words: list[tesseract.TsvWord]) -> list[tesseract.TsvWord]:
    """Words of one OCR line whose boxes touch or overlap are one word that Tesseract split
    ("joliene6" "1" "@live.nl"), and so are a word and an "@…" right after it: an e-mail
    address or a number is only found whole."""
    out: list[tesseract.TsvWord] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and prev.line == w.line:
            gap = w.left - (prev.left + prev.width)
            height = max(prev.height, w.height)
            at = w.text.startswith("@") or prev.text.endswith("@")  # no space around an @
            if gap <= SPLIT_GAP * height or (at and gap <= AT_GAP * height):
                top = min(prev.top, w.top)
                bottom = max(prev.top + prev.height, w.top + w.height)
                right = max(prev.left + prev.width, w.left + w.width)
                out[-1] = tesseract.TsvWord(prev.text + w.text, prev.left, top, right - prev.left,
                                            bottom - top, min(prev.conf, w.conf), prev.block,
                                            prev.line)  # fmt: skip
                continue
        out.append(w)
    return out


def split_rows(words: list[tesseract.TsvWord]) -> list[tesseract.TsvWord]:
    """Each OCR line cut into the rows it really holds, as lines of their own.

    Tesseract can take two rows of a table for one line when ink links them (a signature
    column, a skewed scan): "A. Jansen" above "B. de Vries" then reads "A. B. Jansen de
    Vries", names are lost and a span's box spans both rows. A word whose middle lies outside
    every row of its line so far, and no row's middle inside the word's own height, starts a
    row; a tall scribble across a row stays on it.
    """
    out: list[tesseract.TsvWord] = []
    by_line: dict[tuple[int, ...], list[tuple[float, float, float]]] = {}
    for w in words:
        rows = by_line.setdefault(w.line, [])
        top, bottom = float(w.top), float(w.top + w.height)
        mid = (top + bottom) / 2
        k = next((i for i, (r_top, r_bottom, r_mid) in enumerate(rows)
                  if r_top <= mid <= r_bottom or top <= r_mid <= bottom), len(rows))  # fmt: skip
        if k == len(rows):
            rows.append((top, bottom, mid))
        out.append(replace(w, line=(*w.line, k)) if k else w)
    return out


def words_of(tsv: str, shot: Render, page_no: int, line_base: int = 0) -> list[Word]:
    """Tesseract's words as page words: boxes in page points, noise dropped, split words
    joined, line numbers (``line_base`` +) per OCR line."""
    return words_from(tesseract.parse_tsv(tsv), shot, page_no, line_base)


def words_from(
    tsv_words: list[tesseract.TsvWord], shot: Render, page_no: int, line_base: int = 0
) -> list[Word]:
    """``words_of`` for words already parsed (in pixels of ``shot``)."""
    out: list[Word] = []
    lines: dict[tuple[int, int, int], int] = {}
    for w in joined(split_rows(tsv_words)):
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


def _covered(box: imaging.Box, words: list[tesseract.TsvWord], share: float = 0.6) -> bool:
    """At least ``share`` of the box lies under the given words' boxes."""
    x0, y0, x1, y1 = box
    area = max((x1 - x0) * (y1 - y0), 1.0)
    under = 0.0
    for w in words:
        dx = min(x1, w.left + w.width) - max(x0, w.left)
        dy = min(y1, w.top + w.height) - max(y0, w.top)
        if dx > 0 and dy > 0:
            under += dx * dy
    return under >= share * area


def ink_of(gray: np.ndarray, shot: Render, words: list[tesseract.TsvWord]) -> list[Rect]:
    """Handwriting-like blobs of ink (not printed words, not rules) as page boxes.

    A blob under words OCR read fairly sure whose pixels look like a line of print (a word
    it was not sure enough of: a split e-mail address, a small font) is print, not a scribble;
    nor is a blob whose strokes are not handwriting's (``imaging.not_handwriting``).
    """
    scale = shot.dpi / 72.0
    cells, cell = imaging.ink_cells(gray, scale)
    printed = printed_boxes(words)
    read = [w for w in words if w.conf >= READ_CONFIDENCE]
    heights = sorted(w.height for w in read)
    text_px = float(heights[len(heights) // 2]) if heights else 0.0
    out = []
    for b in imaging.ink_blobs(cells, cell, printed, INK_MIN_W * scale, INK_MIN_H * scale):
        patch = gray[int(b[1]) : int(b[3]), int(b[0]) : int(b[2])]
        if _covered(b, read) and imaging.looks_printed(patch):
            continue
        if imaging.not_handwriting(patch, scale, text_px):
            continue
        out.append(shot.box(*b))
    return out


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
        parsed = tesseract.parse_tsv(tsv)
        res.words.extend(words_from(parsed, shot, region.page, base))
        res.ink.extend(ink_of(shot.gray, shot, parsed))
        res.regions.append(region)
        res.pictures.append(Picture(region.rect, region.kind, shot.dpi, shot.angle))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for region in regions:
                page = doc[region.page]
                how = plan(page, region)
                if how.dpi <= 0:
                    continue
                if region.kind == "image":  # it looks like text: it must be read
                    require_tesseract([region.page], "a picture of text on page(s)")
                shot = reading_render(page, region.rect, how.dpi, how.angle)
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


# -- reading again what changed (verification) ---------------------------------------------------

CHANGE_DPI = 50  # inputs and outputs are compared at this resolution …
CHANGE_LEVEL = 40  # … and a pixel whose grey level moved more than this has changed
CHANGE_MARGIN_PT = 14.0  # a changed band is read with this much of the lines around it
BAND_GAP_PX = 24  # white rows between the bands stacked into one image for Tesseract


def changed_bands(before: np.ndarray, after: np.ndarray, margin: int) -> list[tuple[int, int]]:
    """Row bands (top, bottom) of the pixels that differ between two renders of one region,
    each grown by ``margin`` rows, overlapping bands merged."""
    h, w = min(before.shape[0], after.shape[0]), min(before.shape[1], after.shape[1])
    diff = np.abs(before[:h, :w].astype(np.int16) - after[:h, :w].astype(np.int16))
    rows = np.nonzero((diff > CHANGE_LEVEL).any(axis=1))[0]
    bands: list[tuple[int, int]] = []
    for r in rows:
        top, bottom = max(0, int(r) - margin), min(h, int(r) + 1 + margin)
        if bands and top <= bands[-1][1]:
            bands[-1] = (bands[-1][0], max(bands[-1][1], bottom))
        else:
            bands.append((top, bottom))
    return bands


def stack_bands(gray: np.ndarray, bands: list[tuple[int, int]]) -> tuple[np.ndarray, list]:
    """The bands of an image one below the other with white between, and where each went:
    (row in the stack, row in the image, height)."""
    parts, where, y = [], [], 0
    white = np.full((BAND_GAP_PX, gray.shape[1]), 255, dtype=np.uint8)
    for top, bottom in bands:
        parts += [gray[top:bottom], white]
        where.append((y, top, bottom - top))
        y += bottom - top + BAND_GAP_PX
    return np.vstack(parts), where


def unstacked(words: list[tesseract.TsvWord], where: list) -> list[tesseract.TsvWord]:
    """Words of the stacked image back in rows of the image (a word in a gap is dropped)."""
    out = []
    for w in words:
        for y, top, height in where:
            if y <= w.top + w.height / 2 < y + height:
                out.append(replace(w, top=w.top - y + top))
                break
    return out


def reread(
    before: pymupdf.Document, after: pymupdf.Document, pictures: dict[int, list[Picture]]
) -> dict[int, list[Word]]:
    """What OCR reads now where the pictures of the input changed in the output (the lines
    around every box, at the resolution and turn of the first reading), by page.

    A picture whose render did not change says what it said before, which extraction read
    and detection judged; only the changed bands are read again, stacked into one image per
    picture, so checking a redacted scan costs a fraction of reading it.
    """
    out: dict[int, list[Word]] = {}
    jobs = []
    for page_no, pics in sorted(pictures.items()):
        for pic in pics:
            old = render(before[page_no], pic.rect, CHANGE_DPI, pic.angle)
            new = render(after[page_no], pic.rect, CHANGE_DPI, pic.angle)
            bands = changed_bands(old.gray, new.gray, round(CHANGE_MARGIN_PT * CHANGE_DPI / 72))
            if not bands:
                continue
            shot = reading_render(after[page_no], pic.rect, pic.dpi, pic.angle)
            k = pic.dpi / CHANGE_DPI
            hi = [(int(t * k), min(shot.gray.shape[0], int(b * k) + 1)) for t, b in bands]
            stack, where = stack_bands(shot.gray, hi)
            jobs.append((page_no, shot, where, _pnm(stack), round(pic.dpi)))
    if not jobs:
        return out
    require_tesseract([j[0] for j in jobs], "pictures on page(s)")
    workers = max(1, min(default_workers(), len(jobs)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(tesseract.run_tsv, image, dpi, tesseract.PSM_AUTO, PAGE_TIMEOUT)
                   for _, _, _, image, dpi in jobs]  # fmt: skip
        for (page_no, shot, where, _, _), fut in zip(jobs, futures, strict=True):
            words = unstacked(tesseract.parse_tsv(fut.result()), where)
            base = max((w.line for w in out.get(page_no, [])), default=-1) + 1
            out.setdefault(page_no, []).extend(words_from(words, shot, page_no, base))
    return out
