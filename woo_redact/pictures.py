"""Which parts of a page are pictures of text that OCR must read.

Two kinds, found from the page's objects without rendering anything:

- **images** (a pasted screenshot of a chat or an e-mail, a scanned letter, a photograph of
  one): every placement large enough in points and in pixels to hold a legible line, except
  page furniture (a logo repeated in the top or bottom band). Whether it really holds text is
  decided later by a quick look at a low-resolution render (``ocr.plan``), so a page of
  photos or logos costs milliseconds, not seconds of OCR.
- **vector outlines**: text drawn as filled glyph paths with no text layer (a PDF whose fonts
  were converted to outlines). Glyph-sized filled curves that line up are grouped into
  regions; where they cover most of the page, the page is read as a whole, like a scan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pymupdf

from woo_redact.ocr import Region, page_rect
from woo_redact.types import Word

MIN_W_PT, MIN_H_PT = 36.0, 10.0  # a smaller image holds no legible line of text
MIN_W_PX, MIN_H_PX = 40, 10
FURNITURE_BAND = 0.12  # share of the page height at top and bottom: letterheads, footers
MAX_IMAGES = 40  # per page, largest first: a page of icons is not read icon by icon

GLYPH_MIN_H, GLYPH_MAX_H = 2.5, 60.0  # points: the height of one glyph (or one word) path
GLYPH_MAX_ASPECT = 12.0  # width / height of a glyph path; a long thin shape is a rule
MIN_GLYPHS = 8  # glyph paths that make a region worth reading (about one word)
GLYPH_GAP = 1.2  # glyphs closer than this many glyph heights belong to one region
WHOLE_PAGE = 0.5  # outline regions covering this share of the page's content: read it whole
MAX_GLYPH_PATHS = 20_000


def turn_of(page: pymupdf.Page, transform: Iterable[float]) -> float:
    """The angle (degrees) of an image's own x-axis on the displayed page: 90 for a picture
    placed on its side. ``ocr`` renders it turned back by this much."""
    t = pymupdf.Matrix(*transform)
    r = page.rotation_matrix
    v = pymupdf.Point(t.a, t.b) * pymupdf.Matrix(r.a, r.b, r.c, r.d, 0, 0)
    return round(math.degrees(math.atan2(v.y, v.x)), 2)


def native_dpi(info: dict) -> float:
    """Pixels per inch of an image as placed (along its own x-axis)."""
    t = info.get("transform") or (1, 0, 0, 1, 0, 0)
    length = math.hypot(t[0], t[1])  # points the image's width is drawn over
    return info.get("width", 0) * 72.0 / length if length > 0 else 0.0


def image_regions(
    page: pymupdf.Page, uses: dict[int, int] | None = None, infos: list[dict] | None = None
) -> list[Region]:
    """Images on the page that may be pictures of text, largest first (``infos``: the page's
    ``get_image_info(xrefs=True)`` when the caller has it)."""
    area = pymupdf.Rect(page_rect(page))
    band = FURNITURE_BAND * area.height
    found = []
    for info in page.get_image_info(xrefs=True) if infos is None else infos:
        box = pymupdf.Rect(info["bbox"]) & area
        if box.is_empty or box.width < MIN_W_PT and box.height < MIN_W_PT:
            continue
        if min(box.width, box.height) < MIN_H_PT or max(box.width, box.height) < MIN_W_PT:
            continue
        px_w, px_h = info.get("width", 0), info.get("height", 0)
        if min(px_w, px_h) < MIN_H_PX or max(px_w, px_h) < MIN_W_PX:
            continue
        xref = int(info.get("xref") or 0)
        repeated = uses is not None and xref and uses.get(xref, 1) >= 2
        if repeated and (box.y1 <= area.y0 + band or box.y0 >= area.y1 - band):
            continue  # a logo in the letterhead or the footer of every page
        turn = turn_of(page, info.get("transform") or (1, 0, 0, 1, 0, 0))
        found.append(Region(page.number, tuple(box), "image", turn, native_dpi(info)))  # type: ignore[arg-type]
    found.sort(key=lambda r: -(r.rect[2] - r.rect[0]) * (r.rect[3] - r.rect[1]))
    return found[:MAX_IMAGES]


def glyph_boxes(drawings: list[dict]) -> list[pymupdf.Rect]:
    """Boxes of the paths that look like glyphs: filled, curved (or many-sided), glyph-sized."""
    out = []
    for d in drawings[:MAX_GLYPH_PATHS]:
        if d.get("type") not in ("f", "fs") or not d.get("items"):
            continue
        kinds = [it[0] for it in d["items"]]
        if "c" not in kinds and kinds.count("l") < 4:
            continue  # rectangles, triangles, table cells
        r = pymupdf.Rect(d["rect"])
        if not (GLYPH_MIN_H <= r.height <= GLYPH_MAX_H) or r.width > GLYPH_MAX_ASPECT * r.height:
            continue
        out.append(r)
    return out


def _clusters(boxes: list[pymupdf.Rect]) -> list[tuple[pymupdf.Rect, int]]:
    """Glyph boxes grouped by nearness (a gap of about a glyph's height), with their count."""
    groups: list[list] = []  # [rect, count, height]
    for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        reach = GLYPH_GAP * box.height
        grown = box + (-reach, -reach, reach, reach)
        hits = [g for g in groups if grown.intersects(g[0])]
        merged = [pymupdf.Rect(box), 1]
        for g in hits:
            merged[0] |= g[0]
            merged[1] += g[1]
            groups.remove(g)
        groups.append(merged)
    return [(g[0], g[1]) for g in groups]


def _covered_by_text(rect: pymupdf.Rect, words: list[Word]) -> bool:
    """Real text lies over the glyphs: they are an underlay (a text layer of its own exists)."""
    centres = (
        pymupdf.Point((w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2) for w in words
    )
    return sum(1 for c in centres if rect.contains(c)) >= 2


def outline_regions(
    page: pymupdf.Page, drawings: list[dict], words: list[Word]
) -> tuple[list[Region], int]:
    """Regions of text drawn as outlines, and the number of glyph paths in them.

    A region with real text over it is not outlines-only and is left to the text layer.
    """
    regions, glyphs = [], 0
    pad = 2.0
    for rect, count in _clusters(glyph_boxes(drawings)):
        if count < MIN_GLYPHS or _covered_by_text(rect, words):
            continue
        glyphs += count
        box = (rect + (-pad, -pad, pad, pad)) & pymupdf.Rect(page_rect(page))
        regions.append(Region(page.number, tuple(box), "outline"))  # type: ignore[arg-type]
    return regions, glyphs


def outline_page(page: pymupdf.Page, regions: list[Region], visible_chars: int) -> bool:
    """The page's visible content is outlines: read it as a whole, like a scan."""
    if not regions:
        return False
    area = sum((r.rect[2] - r.rect[0]) * (r.rect[3] - r.rect[1]) for r in regions)
    return visible_chars < 30 or area >= WHOLE_PAGE * abs(page.rect) or len(regions) > 12
