"""Pictures as numbers: whether an image holds text, its skew and glyph size, cleaning it for
OCR, and the handwriting-like ink on it.

Plain numpy on grey images (uint8, 0 black – 255 white), no OCR engine: these are the cheap
looks taken before Tesseract is asked (is this picture worth seconds of OCR, at which
resolution, turned by how much) and after it (which ink is not printed words).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the image analysed

# -- is there text, how big, how skewed ---------------------------------------------------------

INK_CONTRAST = 70  # grey levels between the background and a pixel that is ink
FLAT_SHARE = 0.55  # a picture of text is mostly a few flat colours (paper, a screen's panes)
MIN_INK, MAX_INK = 0.004, 0.45  # shares of ink pixels outside which it is no picture of text
BAND_MIN_PX = 4  # a line of text at least this high (pixels) can be told apart
LINE_RATIO = (2.2, 14.0)  # band height / stroke width of printed text; handwriting is taller
RUNS_PER_HEIGHT = 1.5  # ink runs across a line, per band height of its length: letters
MIN_RUNS = 4  # fewer strokes across a band: a dash, a rule, a dot, not a word
RULE_INCH = 0.4  # a straight stroke this long is a rule, not part of a letter
STRIP_INCH = 1.5  # lines are measured in strips this wide: a table row's cells apart
MIN_LINE_RUNS = 20  # a picture with one line of text: at least this many (about 7 letters)
TEXT_ROWS = 0.3  # share of the inked rows that must be in text-like bands
SKEW_RANGE, SKEW_STEP, SKEW_FINE = 4.0, 0.25, 0.05  # degrees
MAX_SKEW_POINTS = 60_000


@dataclass(frozen=True)
class Look:
    """What a quick look at a grey picture says."""

    text: bool  # it likely holds printed text
    line_px: float  # median height of its text lines (pixels), 0 when none were seen
    flat: float  # share of pixels in the few most common grey levels
    ink: float  # share of ink pixels
    bands: int  # text-like lines seen


def background(gray: np.ndarray) -> int:
    """The most common grey level (8-level bins): paper, or a screen's background."""
    hist = np.bincount((gray >> 3).ravel(), minlength=32)
    return int(hist.argmax()) * 8 + 4


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Pixels that stand out from the background: dark on light, or light on dark."""
    bg = background(gray)
    if bg >= 128:
        return gray.astype(np.int16) < bg - INK_CONTRAST
    return gray.astype(np.int16) > bg + INK_CONTRAST


def flat_share(gray: np.ndarray, peaks: int = 4) -> float:
    """Share of the pixels in the ``peaks`` most common grey levels (8-level bins)."""
    hist = np.bincount((gray >> 3).ravel(), minlength=32)
    return float(np.sort(hist)[-peaks:].sum() / max(gray.size, 1))


def _runs(row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the True runs of a 1-D boolean array."""
    edges = np.diff(np.concatenate(([0], row.astype(np.int8), [0])))
    return np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]


def long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels in a horizontal run of at least ``length`` True pixels."""
    h, w = mask.shape
    if w < length or length < 1:
        return np.zeros_like(mask)
    c = np.pad(mask.astype(np.int32).cumsum(1), ((0, 0), (1, 0)))
    full = (c[:, length:] - c[:, :-length]) == length  # a full window starts at this column
    full = np.pad(full, ((0, 0), (0, length - 1)))
    hit = np.pad(full.astype(np.int32).cumsum(1), ((0, 0), (length, 0)))
    return (hit[:, length:] - hit[:, :w]) > 0  # a full window starts within length - 1 before


def without_lines(ink: np.ndarray, length: int) -> np.ndarray:
    """Ink without straight horizontal and vertical runs of ``length`` pixels or more: the
    rules and frames of tables, which would join every row of a table into one band."""
    return ink & ~long_runs(ink, length) & ~long_runs(ink.T, length).T


def text_bands(ink: np.ndarray, rule_px: int = 0) -> list[tuple[int, int, int, float]]:
    """Text-like horizontal bands: (top, bottom, ink runs across its middle, stroke width).

    A line of print is a band of rows with ink, a few times higher than its strokes are wide,
    crossed by many short runs (the letters' stems); a signature is a tall band of few thick
    strokes, a rule one thin band of one long run. With ``rule_px``, straight runs that long
    are taken out first (table rules).
    """
    if rule_px:
        ink = without_lines(ink, rule_px)
    rows = ink.any(axis=1)
    out = []
    starts, ends = _runs(rows)
    for top, bottom in zip(starts, ends, strict=True):
        height = bottom - top
        if height < BAND_MIN_PX:
            continue
        band = ink[top:bottom]
        mid = band[height // 4 : height - height // 4]
        lengths = []
        count = 0
        for row in mid:
            s, e = _runs(row)
            count += len(s)
            lengths.extend((e - s).tolist())
        if not lengths:
            continue
        runs = count / max(len(mid), 1)
        stroke = float(np.median(lengths))
        cols = np.nonzero(band.any(axis=0))[0]
        extent = int(cols[-1] - cols[0] + 1) if len(cols) else 1
        ratio = height / max(stroke, 1.0)
        dense = runs * height / extent >= RUNS_PER_HEIGHT
        if LINE_RATIO[0] <= ratio <= LINE_RATIO[1] and dense and runs >= MIN_RUNS:
            out.append((int(top), int(bottom), round(runs), stroke))
    return out


def look(gray: np.ndarray, dpi: float = 100.0) -> Look:
    """Does this grey picture hold printed text, and how high are its lines?

    Cheap by design (a few passes over a small render): a photo has no flat background, a
    logo or a signature has no lines of many short strokes; a screenshot, a scan or a
    photographed letter has both.
    """
    flat = flat_share(gray)
    ink = ink_mask(gray)
    share = float(ink.mean()) if ink.size else 0.0
    if not (MIN_INK <= share <= MAX_INK):
        return Look(False, 0.0, flat, share, 0)
    rule = max(8, round(RULE_INCH * dpi))
    strip = max(rule, round(STRIP_INCH * dpi))
    if ink.shape[1] < 3 * strip:  # a narrow picture (a signature, a phone's screen) is one strip
        strip = ink.shape[1]
    bands = []
    inked_rows = 0
    for x in range(0, ink.shape[1], strip):
        part = ink[:, x : x + strip]
        bands += text_bands(part, rule)
        inked_rows += int(part.any(axis=1).sum())
    text_rows = sum(b - t for t, b, _, _ in bands)
    heights = [b - t for t, b, _, _ in bands]
    line = float(np.median(heights)) if heights else 0.0
    enough = len(bands) >= 2 or (len(bands) == 1 and bands[0][2] >= MIN_LINE_RUNS)
    text = flat >= FLAT_SHARE and enough and text_rows >= TEXT_ROWS * max(inked_rows, 1)
    return Look(text, line, flat, share, len(bands))


def looks_printed(patch: np.ndarray, share: float = 0.6) -> bool:
    """A patch of a picture whose inked rows are mostly lines of print (see ``text_bands``);
    a signature's strokes are tall and few."""
    ink = ink_mask(patch)
    rows = int(ink.any(axis=1).sum())
    if not rows:
        return False
    bands = text_bands(ink)
    return sum(b - t for t, b, _, _ in bands) >= share * rows


FILLED = 0.4  # share of ink in a blob's box above which it is a filled shape (bar, box, logo)
COLUMN_PT = 60.0  # a blob this tall (points) and twice as tall as wide is a rule or a column
WORD_HEIGHTS = 1.6  # a blob at most this many text heights high that looks printed is a word


def not_handwriting(patch: np.ndarray, scale: float, text_px: float) -> str | None:
    """Why a blob of ink (its grey pixels; ``scale`` pixels per point; ``text_px`` the height
    of the printed words around it) is not handwriting by the shape of its strokes, or None.

    Handwriting is thin strokes, loosely spread: a filled shape (a black bar, a box, a logo)
    is not, nor is a tall narrow column (what is left of a table rule, a column of initials),
    nor a word-sized blob whose strokes line up as print (a word OCR was unsure of).
    """
    h, w = patch.shape
    if not h or not w:
        return None
    if float((patch < INK_LEVEL).mean()) > FILLED:
        return "a filled shape"
    if h > 2 * w and h / scale > COLUMN_PT:
        return "a tall narrow column"
    if text_px > 0 and h <= WORD_HEIGHTS * text_px and looks_printed(patch):
        return "a word of print"
    return None


def skew_angle(ink: np.ndarray) -> float:
    """The angle (degrees, as ``pymupdf.Matrix(angle)``) that levels the lines of ink.

    Projection profile: the lower edges of the strokes (baselines) fall into the fewest rows
    (sum of squared row counts highest) when looked at along the lines. A coarse pass over
    ±4°, then a fine one. Turning a render by the angle returned levels its lines.
    """
    bottoms = ink.copy()
    bottoms[:-1] &= ~ink[1:]  # the lower edge of every stroke: baselines line up sharply
    ys, xs = np.nonzero(bottoms)
    if len(ys) < 50:
        return 0.0
    if len(ys) > MAX_SKEW_POINTS:
        pick = np.random.default_rng(0).choice(len(ys), MAX_SKEW_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys, xs = ys.astype(np.float64), xs.astype(np.float64) - xs.mean()

    def score(angle: float) -> float:
        t = np.radians(angle)
        proj = np.round(ys + xs * np.tan(t)).astype(np.int64)
        counts = np.bincount(proj - proj.min())
        return float((counts.astype(np.float64) ** 2).sum())

    coarse = np.arange(-SKEW_RANGE, SKEW_RANGE + 1e-9, SKEW_STEP)
    best = max(coarse, key=score)
    fine = np.arange(best - SKEW_STEP, best + SKEW_STEP + 1e-9, SKEW_FINE)
    return round(float(max(fine, key=score)), 2)


# -- cleaning before OCR ------------------------------------------------------------------------

BG_BLOCK = 32  # pixels: the background (paper shade, shadows) is estimated per block


def clean(gray: np.ndarray) -> np.ndarray:
    """The picture with an even white background and without isolated specks.

    Background: each block's bright level (its 90th percentile, the paper there) is divided
    out, so a grey or shaded scan becomes white paper with dark ink. Specks: dark pixels with
    at most one dark neighbour are dust, not strokes.
    """
    h, w = gray.shape
    if h < BG_BLOCK or w < BG_BLOCK or background(gray) < 128:
        return gray
    bh, bw = h // BG_BLOCK, w // BG_BLOCK
    blocks = gray[: bh * BG_BLOCK, : bw * BG_BLOCK].reshape(bh, BG_BLOCK, bw, BG_BLOCK)
    level = np.percentile(blocks, 90, axis=(1, 3))
    level = np.maximum(level, 96.0)  # a block that is all ink is not dark paper
    full = np.repeat(np.repeat(level, BG_BLOCK, axis=0), BG_BLOCK, axis=1)
    full = np.pad(full, ((0, h - full.shape[0]), (0, w - full.shape[1])), mode="edge")
    out = np.clip(gray.astype(np.float32) * (255.0 / full), 0, 255).astype(np.uint8)
    dark = out < 128
    padded = np.pad(dark, 1)
    neighbours = sum(
        padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w].astype(np.uint8)
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
        if dy or dx
    )
    out[dark & (neighbours <= 1)] = 255
    return out


# -- handwriting-like ink -----------------------------------------------------------------------

INK_LEVEL = 160  # grey value below which a pixel is ink
INK_CELL_PT = 3.0  # ink is located on a grid of cells this size (points)
RULE_PT = 60.0  # a straight run of ink this long and at most RULE_THICK_PT thick is a rule
RULE_THICK_PT = 9.0
RULE_EMPTY = 0.3  # share of ink beside a run up to which it is a thin line


def ink_cells(gray: np.ndarray, scale: float) -> tuple[np.ndarray, int]:
    """Boolean grid of cells holding ink, and the cell size in pixels (``scale``: px per pt)."""
    cell = max(2, round(INK_CELL_PT * scale))
    h, w = (gray.shape[0] // cell) * cell, (gray.shape[1] // cell) * cell
    dark = gray[:h, :w] < INK_LEVEL
    counts = dark.reshape(h // cell, cell, w // cell, cell).sum(axis=(1, 3))
    return counts >= max(2, int(cell * cell * 0.02)), cell


def _thin_runs(grid: np.ndarray, length: int, reach: int) -> np.ndarray:
    """Cells in horizontal runs of at least ``length`` cells with little ink ``reach`` rows
    above and below them: the rules of a table or a frame, not strokes of handwriting."""
    rules = np.zeros_like(grid)
    rows = grid.shape[0]
    for r in range(rows):
        starts, ends = _runs(grid[r])
        for c0, c1 in zip(starts, ends, strict=True):
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


def ink_blobs(
    cells: np.ndarray, cell: float, printed: Iterable[Box], min_w: float, min_h: float
) -> list[Box]:
    """Connected blobs of ink that are not printed words or table rules.

    ``cell`` is the grid's cell size in the unit of ``printed`` and of the blobs returned
    (pixels or points); blobs smaller than ``min_w`` × ``min_h`` are specks and punctuation.
    """
    grid = without_rules(cells, INK_CELL_PT)
    rows, cols = grid.shape
    for r in printed:
        c0, c1 = int(r[0] // cell) - 1, int(r[2] // cell) + 2
        r0, r1 = int(r[1] // cell) - 1, int(r[3] // cell) + 2
        grid[max(0, r0) : max(0, r1), max(0, c0) : max(0, c1)] = False
    seen = np.zeros_like(grid)
    blobs: list[Box] = []
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
        box = (x0 * cell, y0 * cell, (x1 + 1) * cell, (y1 + 1) * cell)
        if box[2] - box[0] >= min_w and box[3] - box[1] >= min_h:
            blobs.append(box)
    return blobs
