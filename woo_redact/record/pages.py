"""Small pictures of the pages with findings, for the review report.

Each flagged span is outlined on the *input* page: red where it is redacted, green where it is
kept. Only pages with findings are rendered, at low resolution. Rendering reads the input with
MuPDF, so it runs in the document's isolated worker, never in the supervising process. The
pictures show personal data: they live in review/ with the report.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pymupdf

from woo_redact.decide import SetDecisions
from woo_redact.types import Action, Rect

DPI = 60
REDACT = (0.85, 0.0, 0.0)
KEEP = (0.0, 0.55, 0.0)

PageBoxes = dict[int, list[tuple[Rect, bool]]]  # 0-based page → (box, redacted?)


def page_image_name(rel: str, page: int) -> str:
    """File name (inside review/pages/) of the picture of a 0-based page."""
    safe = rel.replace("/", "__").replace("\\", "__")
    return f"{safe}.p{page + 1}.png"


def boxes_by_document(decided: SetDecisions) -> dict[str, PageBoxes]:
    """Every finding's boxes, per document and page, marked redacted or kept."""
    out: dict[str, PageBoxes] = defaultdict(lambda: defaultdict(list))
    for f in decided.findings:
        redact = decided.decisions[f.id].action is Action.REDACT
        for box in f.boxes:
            out[f.doc][f.page].append((box, redact))
    return out


def render_page_images(
    src: Path, rel: str, boxes: PageBoxes, folder: Path, dpi: int = DPI
) -> dict[int, str]:
    """Render the pages in ``boxes``; returns 0-based page → path relative to review/."""
    if not boxes:
        return {}
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[int, str] = {}
    with pymupdf.open(src) as doc:
        for page_no in sorted(boxes):
            if not 0 <= page_no < doc.page_count:
                continue
            page = doc[page_no]
            shape = page.new_shape()
            for box, redact in boxes[page_no]:
                shape.draw_rect(pymupdf.Rect(box))
                shape.finish(color=REDACT if redact else KEEP, width=1.2)
            shape.commit()  # on the in-memory copy only: the input file is never saved
            name = page_image_name(rel, page_no)
            page.get_pixmap(dpi=dpi).save(folder / name)
            out[page_no] = f"pages/{name}"
    return out
