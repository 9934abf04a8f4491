"""Tesseract OCR for scanned pages: the one module that knows Tesseract.

A page is rendered to a grey image with PyMuPDF (in the calling thread: MuPDF objects are not
shared between threads) and handed to the ``tesseract`` command line tool with the Dutch model,
TSV output, one thread per process (``OMP_THREAD_LIMIT=1``: Tesseract's own threading is several
times slower on a busy machine). Pages run in parallel as separate processes from a small thread
pool. Word boxes come back in PDF points, as ``Word(source="ocr")``.

While the page image is at hand, ink that OCR did not read as confident words (handwriting,
scribbles) is located too: those blobs are signature candidates on scanned paper.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from woo_redact.errors import InputError, OcrUnavailableError
from woo_redact.types import Rect, Word

LANGUAGE = "nld"
OCR_DPI = 300  # Tesseract is trained on 300 dpi; on an A4 page 200 dpi is hardly faster
PAGE_TIMEOUT = 300.0  # seconds for one page; a page that takes longer fails the document
WORD_PAD = 0.75  # points added around a word box: Tesseract's boxes hug the ink
PRINTED_CONFIDENCE = 75.0  # words at least this sure are printed text, not handwriting …
MAX_PRINTED_HEIGHT = 1.8  # … unless their box is this many times the page's median height
INK_LEVEL = 160  # grey value below which a pixel is ink
INK_CELL_PT = 3.0  # ink is located on a grid of cells this size (points)
INK_MIN_W, INK_MIN_H = 12.0, 6.0  # smaller blobs are specks, punctuation, dust
RULE_PT = 60.0  # a straight run of ink this long and at most RULE_THICK_PT thick is a rule
RULE_THICK_PT = 9.0
RULE_EMPTY = 0.3  # share of ink beside a run up to which it is a thin line


class OcrUnavailable(OcrUnavailableError):
    """A page needs OCR and Tesseract (with the Dutch model) cannot be run."""


class OcrFailed(InputError):
    """Tesseract ran but failed or timed out on a page."""


@functools.lru_cache(maxsize=1)
def tesseract_problem() -> str:
    """Why Tesseract cannot be used here, or "" when it can."""
    exe = shutil.which("tesseract")
    if not exe:
        return (
            "Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-nld)"
        )
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_env()
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract cannot be run: {exc}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if LANGUAGE not in langs:
        return "Tesseract has no Dutch model (Debian: apt-get install tesseract-ocr-nld)"
    return ""


def require_tesseract(pages: Iterable[int]) -> None:
    """Raise OcrUnavailable naming the pages (0-based) when Tesseract cannot be used."""
    problem = tesseract_problem()
    if problem:
        numbers = ", ".join(str(p + 1) for p in pages)
        raise OcrUnavailable(
            f"scanned page(s) {numbers} could not be processed: {problem}; "
            "the document is not published"
        )


def _env() -> dict[str, str]:
    return dict(os.environ, OMP_THREAD_LIMIT="1")


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


def run_tesseract(image: bytes, timeout: float = PAGE_TIMEOUT, dpi: int = OCR_DPI) -> str:
    """TSV of one page image (any format Leptonica reads; we pass PNM).

    The resolution is passed: a PNM carries none, and Tesseract's guess (360–470 dpi for a
    300 dpi A4 page) makes its layout analysis drop whole table bodies.
    """
    exe = shutil.which("tesseract") or "tesseract"
    cmd = [exe, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "--dpi", str(dpi), "tsv"]
    try:
        proc = subprocess.run(cmd, input=image, capture_output=True, timeout=timeout, env=_env())
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"OCR timed out after {timeout:.0f} s") from exc
    except OSError as exc:
        raise OcrUnavailable(f"Tesseract cannot be run: {exc}") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"Tesseract failed: {msg[-1] if msg else proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")


_INITIALS_WITH_L = re.compile(r"(?:[A-Z]\.|l\.){2,4}")


def fix_initials(text: str) -> str:
    """Tesseract reads the initial I as l ("D.l."): in a run of initials it is an I, so the
    name rules see initials ("D.I. van Houten") and the name is not half found."""
    if _INITIALS_WITH_L.fullmatch(text) and re.search(r"[A-Z]\.", text):
        return text.replace("l.", "I.")
    return text


@dataclass
class OcrWord:
    word: Word
    confidence: float


def parse_tsv(tsv: str, page_no: int, scale: float) -> list[OcrWord]:
    """Tesseract TSV (pixels) → words in PDF points, with a line number per OCR line."""
    out: list[OcrWord] = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        if not any(ch.isalnum() for ch in text) and conf < PRINTED_CONFIDENCE:
            continue  # noise read as punctuation
        text = fix_initials(text)
        line = lines.setdefault((cols[2], cols[3], cols[4]), len(lines))
        rect = (
            left / scale - WORD_PAD,
            top / scale - WORD_PAD,
            (left + width) / scale + WORD_PAD,
            (top + height) / scale + WORD_PAD,
        )
        out.append(OcrWord(Word(text, rect, page_no, int(cols[2]), line, "ocr"), conf))
    return out


def ink_cells(gray: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
    """Boolean grid of cells holding ink, and the cell size in points."""
    cell = max(2, round(INK_CELL_PT * scale))
    h, w = (gray.shape[0] // cell) * cell, (gray.shape[1] // cell) * cell
    dark = gray[:h, :w] < INK_LEVEL
    counts = dark.reshape(h // cell, cell, w // cell, cell).sum(axis=(1, 3))
    return counts >= max(2, int(cell * cell * 0.02)), cell / scale


def _thin_runs(grid: np.ndarray, length: int, reach: int) -> np.ndarray:
    """Cells in horizontal runs of at least ``length`` cells with little ink ``reach`` rows
    above and below them: the rules of a table or a frame, not strokes of handwriting."""
    rules = np.zeros_like(grid)
    rows = grid.shape[0]
    for r in range(rows):
        row = grid[r].astype(np.int8)
        edges = np.diff(np.concatenate(([0], row, [0])))
        for c0, c1 in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
            if c1 - c0 < length:
                continue
            beside = [grid[rr, c0:c1].mean() for rr in (r - reach, r + reach) if 0 <= rr < rows]
            if all(b < RULE_EMPTY for b in beside):
                rules[r, c0:c1] = True
    return rules


def without_rules(grid: np.ndarray, cell_pt: float) -> np.ndarray:
    """The ink grid without table rules and frames (horizontal and vertical lines).

    A signature in a table cell touches the cell's lines; with them, every signature of an
    attendance list is one blob the size of the table, which is no signature.
    """
    length = max(4, int(RULE_PT / cell_pt))
    reach = max(2, int(RULE_THICK_PT / cell_pt) // 2 + 1)
    rules = _thin_runs(grid, length, reach) | _thin_runs(grid.T, length, reach).T
    return grid & ~rules


def ink_blobs(cells: np.ndarray, cell_pt: float, printed: Iterable[Rect]) -> list[Rect]:
    """Connected blobs of ink that are not confident printed words or table rules, as page
    rectangles."""
    grid = without_rules(cells, cell_pt)
    rows, cols = grid.shape
    for r in printed:
        c0, c1 = int(r[0] // cell_pt) - 1, int(r[2] // cell_pt) + 2
        r0, r1 = int(r[1] // cell_pt) - 1, int(r[3] // cell_pt) + 2
        grid[max(0, r0) : max(0, r1), max(0, c0) : max(0, c1)] = False
    seen = np.zeros_like(grid)
    blobs: list[Rect] = []
    for y, x in zip(*np.nonzero(grid), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        queue = deque([(int(y), int(x))])
        y0 = y1 = int(y)
        x0 = x1 = int(x)
        while queue:
            cy, cx = queue.popleft()
            y0, y1, x0, x1 = min(y0, cy), max(y1, cy), min(x0, cx), max(x1, cx)
            for ny in range(max(0, cy - 2), min(rows, cy + 3)):  # a one-cell gap still joins
                for nx in range(max(0, cx - 2), min(cols, cx + 3)):
                    if grid[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        rect = (x0 * cell_pt, y0 * cell_pt, (x1 + 1) * cell_pt, (y1 + 1) * cell_pt)
        if rect[2] - rect[0] >= INK_MIN_W and rect[3] - rect[1] >= INK_MIN_H:
            blobs.append(rect)
    return blobs


def printed_rects(words: list[OcrWord]) -> list[Rect]:
    """Boxes of words that are printed text: read with confidence, of ordinary height.

    Handwriting is often "read" as a short word with a tall box; such a box is not printed.
    """
    heights = sorted(w.word.rect[3] - w.word.rect[1] for w in words)
    if not heights:
        return []
    limit = MAX_PRINTED_HEIGHT * heights[len(heights) // 2]
    return [
        w.word.rect
        for w in words
        if w.confidence >= PRINTED_CONFIDENCE and w.word.rect[3] - w.word.rect[1] <= limit
    ]


@dataclass
class OcrPage:
    """The OCR of one page: its words and the handwriting-like ink between them."""

    page: int
    words: list[Word] = field(default_factory=list)
    ink: list[Rect] = field(default_factory=list)


def _render(page: pymupdf.Page, dpi: int) -> tuple[bytes, np.ndarray]:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False, annots=False)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    return pix.tobytes("pnm"), gray[:, : pix.width].copy()


def ocr_pages(
    doc: pymupdf.Document,
    numbers: list[int],
    dpi: int = OCR_DPI,
    workers: int | None = None,
) -> dict[int, OcrPage]:
    """OCR the given pages (0-based) of an open document, pages in parallel."""
    if not numbers:
        return {}
    require_tesseract(numbers)
    scale = dpi / 72.0
    workers = max(1, min(workers or default_workers(), len(numbers)))
    results: dict[int, OcrPage] = {}
    cells: dict[int, tuple[np.ndarray, float]] = {}
    pending: deque[tuple[int, Future[str]]] = deque()

    def collect(page_no: int, fut: Future[str]) -> None:
        try:
            tsv = fut.result()
        except InputError as exc:
            raise type(exc)(f"page {page_no + 1}: {exc}") from exc
        words = parse_tsv(tsv, page_no, scale)
        printed = printed_rects(words)
        grid, cell_pt = cells.pop(page_no)
        results[page_no] = OcrPage(
            page_no, [w.word for w in words], ink_blobs(grid, cell_pt, printed)
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for page_no in numbers:
                image, gray = _render(doc[page_no], dpi)
                cells[page_no] = ink_cells(gray, scale)
                del gray
                pending.append((page_no, pool.submit(run_tesseract, image, PAGE_TIMEOUT, dpi)))
                while len(pending) >= 2 * workers:  # bound the rendered images held in memory
                    collect(*pending.popleft())
            while pending:
                collect(*pending.popleft())
        finally:
            for _, fut in pending:
                fut.cancel()
    return results
