"""Redact stage: burn redactions into a copy of the PDF and scrub every other channel.

The only module that writes PDFs. Text under a box is removed from the content stream and image
pixels under it are blanked (MuPDF redaction), then metadata, XMP, annotations, form fields,
links, attachments, the outline and JavaScript are cleaned of what was redacted.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo_redact.inputs import open_pdf
from woo_redact.types import DocumentText, PageText, Rect, Redaction

DEFAULT_LABEL = "[Redacted]"
GROUND_LABEL = "ground"
MIN_FONTSIZE = 4.0
MAX_FONTSIZE = 10.0
FONT = "helv"
# A box keeps this gap (points) to glyphs of neighbouring words: MuPDF removes every glyph whose
# box touches a redaction, so a full-line-height box eats characters of the next line.
GAP = 0.3


@dataclass
class BurnResult:
    """What was written, for the audit log and the verify stage."""

    boxes: dict[int, list[tuple[Rect, str]]] = field(default_factory=lambda: defaultdict(list))
    remarks: list[str] = field(default_factory=list)


def fit_label(label: str, ground: str, rect: pymupdf.Rect) -> tuple[str, float]:
    """The label at the largest font size that fits the box, else the ground code, else none.

    MuPDF silently drops a redaction's text that does not fit, so fitting is done here, where
    the fallback is explicit and recorded.
    """
    for text in (label, ground):
        if not text:
            continue
        size = min(MAX_FONTSIZE, rect.height * 0.72)
        while size >= MIN_FONTSIZE:
            if pymupdf.get_text_length(text, fontname=FONT, fontsize=size) <= rect.width - 1.0:
                return text, size
            size -= 0.5
    return "", 0.0


def trim_rect(rect: Rect, own: set[int], page: PageText) -> pymupdf.Rect:
    """Shrink a line box so it touches no glyph of a word that is not redacted."""
    r = pymupdf.Rect(rect)
    cy = (r.y0 + r.y1) / 2
    for i, w in enumerate(page.words):
        if i in own:
            continue
        wr = pymupdf.Rect(w.rect)
        if wr.x1 <= r.x0 or wr.x0 >= r.x1 or wr.y1 <= r.y0 or wr.y0 >= r.y1:
            continue
        wcy = (wr.y0 + wr.y1) / 2
        if abs(wcy - cy) < 0.25 * r.height:  # same line: trim sideways
            if wr.x0 < r.x0 + (r.x1 - r.x0) / 2:
                r.x0 = max(r.x0, wr.x1 + GAP)
            else:
                r.x1 = min(r.x1, wr.x0 - GAP)
        elif wcy < cy:
            r.y0 = max(r.y0, wr.y1 + GAP)
        else:
            r.y1 = min(r.y1, wr.y0 - GAP)
    if r.y1 - r.y0 < 1.0:  # overlapping text: a thin box through the middle still hits it
        r.y0, r.y1 = cy - 0.5, cy + 0.5
    if r.x1 - r.x0 < 1.0:
        cx = (rect[0] + rect[2]) / 2
        r.x0, r.x1 = cx - 0.5, cx + 0.5
    return r


def _own_words(page: PageText, red: Redaction) -> set[int]:
    own: set[int] = set()
    for i, w in enumerate(page.words):
        for box in red.rects:
            if (
                w.rect[0] >= box[0] - 0.01
                and w.rect[2] <= box[2] + 0.01
                and w.rect[1] >= box[1] - 0.01
                and w.rect[3] <= box[3] + 0.01
            ):
                own.add(i)
    return own


def _contains_any(value: str, patterns: list[re.Pattern[str]]) -> bool:
    return bool(value) and any(p.search(value) for p in patterns)


def secret_patterns(redactions: list[Redaction]) -> list[re.Pattern[str]]:
    """Whole-word, case- and whitespace-insensitive patterns of every redacted string."""
    seen = set()
    out = []
    for red in redactions:
        key = " ".join(red.text.split()).lower()
        if len(key) < 2 or key in seen:
            continue
        seen.add(key)
        body = r"\s*".join(re.escape(ch) for ch in key.replace(" ", ""))
        out.append(re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))
    return out


def scrub(doc: pymupdf.Document, secrets: list[re.Pattern[str]], result: BurnResult) -> None:
    """Remove redacted data from every channel that is not page content."""
    meta = dict(doc.metadata or {})
    if meta.get("author"):
        meta["author"] = ""  # names in metadata are personal data whatever they are
        result.remarks.append("metadata author removed")
    for key in ("title", "subject", "keywords", "creator", "producer"):
        if _contains_any(meta.get(key, ""), secrets):
            meta[key] = ""
            result.remarks.append(f"metadata {key} removed")
    doc.set_metadata({k: v for k, v in meta.items() if k not in ("format", "encryption")})
    if doc.embfile_count():
        result.remarks.append(f"{doc.embfile_count()} attachment(s) removed")
    # JavaScript, attachments, thumbnails, XMP and form-submit actions; text and metadata are
    # handled above and by the redactions, so scrub does not touch them.
    doc.scrub(
        attached_files=True,
        clean_pages=False,
        embedded_files=True,
        hidden_text=False,
        javascript=True,
        metadata=False,
        redactions=False,
        redact_images=0,
        remove_links=False,
        reset_fields=False,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    doc.del_xml_metadata()
    for page in doc:
        for annot in list(page.annots() or []):
            info = annot.info
            text = " ".join(info.get(k, "") for k in ("content", "title", "subject"))
            if annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT or _contains_any(text, secrets):
                page.delete_annot(annot)
                result.remarks.append(f"annotation removed on page {page.number + 1}")
            elif info.get("title"):
                annot.set_info(title="")
                annot.update()
        for widget in list(page.widgets() or []):
            value = f"{widget.field_value or ''} {widget.field_name or ''}"
            if _contains_any(str(value), secrets):
                page.delete_widget(widget)
                result.remarks.append(f"form field removed on page {page.number + 1}")
        for link in page.get_links():
            if _contains_any(link.get("uri", "") or "", secrets):
                page.delete_link(link)
    toc = doc.get_toc(simple=False)
    changed = False
    for entry in toc:
        for pattern in secrets:
            if pattern.search(entry[1]):
                entry[1] = pattern.sub(DEFAULT_LABEL, entry[1])
                changed = True
    if changed:
        doc.set_toc(toc)
        result.remarks.append("outline entries redacted")


def burn(
    src: Path,
    dst_tmp: Path,
    doc_text: DocumentText,
    redactions: list[Redaction],
    label: str = DEFAULT_LABEL,
) -> BurnResult:
    """Write the redacted copy of ``src`` to ``dst_tmp`` (the caller renames it when verified)."""
    result = BurnResult()
    by_page: dict[int, list[Redaction]] = defaultdict(list)
    for red in redactions:
        by_page[red.page].append(red)
    doc = open_pdf(src)
    try:
        for page_no, reds in by_page.items():
            page = doc[page_no]
            ptext = doc_text.pages[page_no]
            own_all: set[int] = set()
            for red in reds:
                own_all |= _own_words(ptext, red)
            for red in reds:
                text = red.ground if label == GROUND_LABEL else label
                for box in red.rects:
                    rect = trim_rect(box, own_all, ptext)
                    shown, size = fit_label(text, red.ground, rect)
                    page.add_redact_annot(
                        rect,
                        text=shown or None,
                        fontname=FONT,
                        fontsize=size or MIN_FONTSIZE,
                        align=pymupdf.TEXT_ALIGN_CENTER,
                        fill=(0, 0, 0),
                        text_color=(1, 1, 1),
                        cross_out=False,
                    )
                    result.boxes[page_no].append((tuple(rect), shown))
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                text=pymupdf.PDF_REDACT_TEXT_REMOVE,
            )
        scrub(doc, secret_patterns(redactions), result)
        dst_tmp.parent.mkdir(parents=True, exist_ok=True)
        doc.save(dst_tmp, garbage=4, deflate=True, clean=True)
    finally:
        doc.close()
    with dst_tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    return result
