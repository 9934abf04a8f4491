"""Verify stage: reopen the written PDF and prove that nothing redacted can be extracted.

Checks use text extraction, not a byte search (embedded fonts store glyph codes, not letters).
A redacted string may still occur in the output only as often as it occurs in text that was
deliberately kept (e.g. a minister's name elsewhere on the page); every other channel must not
contain it at all. Any problem keeps the file out of the published set.

Channels checked: page text with every layer switched on and outside the page too (so white,
invisible, covered and hidden-layer text count), the pixels of every image under a box (decoded
from the file, soft masks included), drawn strokes and ink annotations under a signature box,
annotations, links, form fields, metadata, XMP, the outline, page labels, layer names,
attachments, and earlier revisions (the file must be one revision).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pymupdf

from woo_redact.extract import show_all_layers
from woo_redact.redact import BurnResult, secret_patterns
from woo_redact.types import DocumentText, PageText, Rect, Redaction

PIXEL_TOLERANCE = 2  # grey levels: a blanked area is one colour (re-encoding may dither a bit)
MIN_LAYER_RECALL = 0.5  # share of the kept OCR words that must be searchable in the output


def _kept_text(page: PageText, redactions: list[Redaction]) -> str:
    """The page's words minus those under a redaction: what the output should still say."""
    drop: set[int] = set()
    for red in redactions:
        for i, w in enumerate(page.words):
            cx, cy = (w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2
            if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in red.rects):
                drop.add(i)
    return " ".join(w.text for i, w in enumerate(page.words) if i not in drop)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _pixmap_array(doc: pymupdf.Document, xref: int) -> np.ndarray:
    pix = pymupdf.Pixmap(doc, xref)
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)  # the soft mask is checked on its own
    data = np.frombuffer(pix.samples, dtype=np.uint8)
    return data.reshape(pix.height, pix.width, pix.n)


def _pixels_blank(pixels: np.ndarray, placement: pymupdf.Matrix, box: pymupdf.Rect) -> bool:
    """True if the image pixels that ``box`` (page points) covers are all one colour."""
    h, w = pixels.shape[:2]
    try:
        unit = box * ~placement  # page → image unit square
    except Exception:  # a degenerate placement matrix: nothing visible
        return True
    x0, x1 = sorted((unit.x0 * w, unit.x1 * w))
    y0, y1 = sorted((unit.y0 * h, unit.y1 * h))
    # only pixels wholly inside the box; one more on each side for resampling at the edges
    c0, c1 = max(0, int(np.ceil(x0)) + 1), min(w, int(np.floor(x1)) - 1)
    r0, r1 = max(0, int(np.ceil(y0)) + 1), min(h, int(np.floor(y1)) - 1)
    if c1 <= c0 or r1 <= r0:
        return True
    block = pixels[r0:r1, c0:c1].reshape(-1, pixels.shape[2])
    return bool((block.max(axis=0).astype(int) - block.min(axis=0)).max() <= PIXEL_TOLERANCE)


def _smask_xref(doc: pymupdf.Document, xref: int) -> int:
    kind, value = doc.xref_get_key(xref, "SMask")
    return int(value.split()[0]) if kind == "xref" else 0


def image_problems(doc: pymupdf.Document, page: pymupdf.Page, boxes: list[Rect]) -> list[str]:
    """Images on the page whose pixels under a redaction box are not blank."""
    problems: list[str] = []
    n = page.number + 1
    rects = [pymupdf.Rect(b) for b in boxes]
    for info in page.get_image_info(xrefs=True):
        bbox = pymupdf.Rect(info["bbox"])
        hits = [r for r in rects if abs(r & bbox) > 1.0]
        if not hits:
            continue
        xref = int(info.get("xref") or 0)
        if xref <= 0:
            problems.append(f"page {n}: an inline image under a redaction box cannot be checked")
            continue
        placement = pymupdf.Matrix(info["transform"])
        arrays = [_pixmap_array(doc, xref)]
        smask = _smask_xref(doc, xref)
        if smask:
            arrays.append(_pixmap_array(doc, smask))
        for box in hits:
            if not all(_pixels_blank(a, placement, box & bbox) for a in arrays):
                problems.append(f"page {n}: image pixels under a redaction box are not blank")
                return problems
    return problems


def stroke_problems(page: pymupdf.Page, regions: list[Rect]) -> list[str]:
    """Drawn strokes (other than the boxes themselves) left under a signature box."""
    rects = [pymupdf.Rect(r) for r in regions]
    for d in page.get_drawings():
        if d.get("fill") is not None and all(it[0] == "re" for it in d["items"]):
            continue  # a filled rectangle: the redaction box itself
        centre = (d["rect"].tl + d["rect"].br) / 2
        if any(r.contains(centre) for r in rects):
            return [f"page {page.number + 1}: drawn strokes left under a signature box"]
    return []


def single_revision(path: Path, doc: pymupdf.Document) -> bool:
    """True if the file is one revision: no incremental update keeps older content."""
    data = path.read_bytes()
    prev = doc.xref_get_key(-1, "Prev")[0]
    return data.count(b"%%EOF") <= 1 and prev == "null"


def verify(
    path: Path, doc_text: DocumentText, redactions: list[Redaction], burnt: BurnResult
) -> list[str]:
    """Problems found in the written file; an empty list means it is safe to publish."""
    problems: list[str] = []
    secrets = secret_patterns(redactions)
    by_page: dict[int, list[Redaction]] = defaultdict(list)
    for red in redactions:
        by_page[red.page].append(red)
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # the file we just wrote must open
        return [f"output cannot be reopened: {exc}"]
    try:
        if not single_revision(path, doc):
            problems.append("the output keeps an earlier revision (incremental update)")
        show_all_layers(doc)
        if doc.page_count != len(doc_text.pages):
            problems.append(f"page count changed: {len(doc_text.pages)} → {doc.page_count}")
        for page in doc:
            words = page.get_text("words", clip=pymupdf.INFINITE_RECT())
            out_text = " ".join(w[4] for w in words)
            n = page.number + 1
            if n - 1 < len(doc_text.pages):
                kept = _kept_text(doc_text.pages[n - 1], by_page.get(n - 1, []))
                for pattern in secrets:
                    if _count(pattern, out_text) > _count(pattern, kept):
                        problems.append(f"page {n}: a redacted string is still in the page text")
                        break
            boxes = burnt.boxes.get(n - 1, [])
            label_words = {t for _, lbl in boxes for t in lbl.split()}
            centres = [
                ((w[0] + w[2]) / 2, (w[1] + w[3]) / 2) for w in words if w[4] not in label_words
            ]
            if any(
                b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for (b, _) in boxes for cx, cy in centres
            ):
                problems.append(f"page {n}: text left under a redaction box")
            regions = burnt.regions.get(n - 1, [])
            if boxes or regions:
                problems.extend(image_problems(doc, page, [b for b, _ in boxes] + regions))
            if burnt.regions.get(n - 1):
                problems.extend(stroke_problems(page, burnt.regions[n - 1]))
            layer = burnt.ocr_layer.get(n - 1)
            if layer:
                found = set(out_text.split())
                recall = sum(1 for t in layer if t in found) / len(layer)
                if recall < MIN_LAYER_RECALL:
                    problems.append(f"page {n}: the OCR text layer is missing ({recall:.0%})")
            for annot in page.annots() or []:
                info = annot.info
                text = " ".join(info.get(k, "") for k in ("content", "title", "subject"))
                if any(p.search(text) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in an annotation")
                if annot.type[0] == pymupdf.PDF_ANNOT_INK:
                    problems.append(f"page {n}: an ink annotation (handwriting) is still there")
                if annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT:
                    problems.append(f"page {n}: a file attachment annotation is still there")
            for link in page.get_links():
                if any(p.search(link.get("uri", "") or "") for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a link")
            for widget in page.widgets() or []:
                value = f"{widget.field_value or ''} {widget.field_name or ''}"
                if any(p.search(value) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a form field")
            if any(p.search(page.get_label() or "") for p in secrets):
                problems.append(f"page {n}: a redacted string is in the page label")
        meta = " ".join(v for v in (doc.metadata or {}).values() if isinstance(v, str))
        if any(p.search(meta) for p in secrets):
            problems.append("a redacted string is in the document metadata")
        xmp = doc.get_xml_metadata() or ""
        if any(p.search(xmp) for p in secrets):
            problems.append("a redacted string is in the XMP metadata")
        for entry in doc.get_toc(simple=True):
            if any(p.search(entry[1]) for p in secrets):
                problems.append("a redacted string is in the outline (bookmarks)")
                break
        for info in doc.get_ocgs().values():
            if any(p.search(info.get("name", "")) for p in secrets):
                problems.append("a redacted string is in a layer name")
                break
        if doc.embfile_count():
            problems.append("the output still has file attachments")
    finally:
        doc.close()
    return problems
