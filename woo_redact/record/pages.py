"""Clean pictures of the input pages for the review page.

The boxes are not burnt into the pictures: the review page draws them as an overlay, numbered
and linked to its table, and changes them as the reviewer decides. Pages with findings get a
sharp picture (``SHARP_DPI``, readable at the width the review page shows it and zoomed in);
every other page gets a cheap preview, so a reviewer can still draw a box for what the detector
missed on any page. Pictures are JPEG written by Pillow: MuPDF's own PNG and JPEG encoders cost
three to five times as much per page (measured on the development set's pages).

Rendering reads the input with MuPDF, so it runs in the document's isolated worker, never in
the supervising process. The pictures show personal data: they live in review/ with the report.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path

import pymupdf
from PIL import Image

from woo_redact.decide import SetDecisions
from woo_redact.inputs import open_pdf
from woo_redact.types import SIDE_PAGE, PagePicture

SHARP_DPI = 120  # 1.7 picture pixels per CSS pixel at the review page's fit width
PREVIEW_DPI = 72  # one picture pixel per CSS pixel: enough to see where to draw a box
SHARP_QUALITY = 80
PREVIEW_QUALITY = 60
MAX_SIDE = {True: 2400, False: 1200}  # pixels, for absurd page sizes (sharp, preview)


def picture_name(rel: str, page: int) -> str:
    """File name (inside review/pages/) of the picture of a 0-based page.

    A digest of the path, not the path itself: "a/b.pdf" and "a__b.pdf" must not share a
    picture, and a name that the report links to must need no escaping.
    """
    digest = hashlib.sha256(rel.encode()).hexdigest()[:16]
    return f"{digest}.p{page + 1}.jpg"


def pages_with_findings(decided: SetDecisions) -> dict[str, frozenset[int]]:
    """The 0-based pages of every document that hold a finding (kept ones too)."""
    out: dict[str, set[int]] = defaultdict(set)
    for f in decided.findings:
        if f.page != SIDE_PAGE:
            out[f.doc].add(f.page)
    return {doc: frozenset(pages) for doc, pages in out.items()}


def _scale(view: pymupdf.Rect, sharp: bool) -> tuple[float, int]:
    """Zoom factor and effective dpi for a page: the target dpi, capped for huge pages."""
    dpi = SHARP_DPI if sharp else PREVIEW_DPI
    zoom = dpi / 72
    longest = max(view.width, view.height, 1.0) * zoom
    if longest > MAX_SIDE[sharp]:
        zoom *= MAX_SIDE[sharp] / longest
    return zoom, round(zoom * 72)


def _write_jpeg(pix: pymupdf.Pixmap, path: Path, quality: int) -> None:
    image = Image.frombuffer("RGB", (pix.width, pix.height), pix.samples_mv, "raw", "RGB",
                             pix.stride, 1)  # fmt: skip
    image.save(path, "JPEG", quality=quality)


def render_page(page: pymupdf.Page, rel: str, folder: Path, sharp: bool) -> PagePicture:
    """One page's picture into ``folder``; the record says how to place boxes on it."""
    zoom, dpi = _scale(page.rect, sharp)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False,
                          colorspace=pymupdf.csRGB)  # fmt: skip
    name = picture_name(rel, page.number)
    _write_jpeg(pix, folder / name, SHARP_QUALITY if sharp else PREVIEW_QUALITY)
    unrotated = page.rect * page.derotation_matrix
    m = page.rotation_matrix
    return PagePicture(
        page=page.number,
        path=f"pages/{name}",
        width=round(abs(unrotated.width), 2),
        height=round(abs(unrotated.height), 2),
        view_width=round(page.rect.width, 2),
        view_height=round(page.rect.height, 2),
        rotation=page.rotation,
        matrix=(m.a, m.b, m.c, m.d, m.e, m.f),
        dpi=dpi,
        sharp=sharp,
    )


def render_page_pictures(
    src: Path, rel: str, sharp_pages: Collection[int], folder: Path
) -> dict[int, PagePicture]:
    """A picture of every page of ``src``: sharp for ``sharp_pages`` (0-based), a preview for
    the others. The input is only read (with the officer's passwords, as every stage): nothing
    is drawn on its pages."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[int, PagePicture] = {}
    with open_pdf(src) as doc:
        for page in doc:
            out[page.number] = render_page(page, rel, folder, page.number in sharp_pages)
    return out
