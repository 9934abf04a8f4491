"""Verify stage: reopen the written PDF and prove that nothing redacted can be extracted.

Checks use text extraction, not a byte search (embedded fonts store glyph codes, not letters).
A redacted string may still occur in the output only as often as it occurs in text that was
deliberately kept (e.g. a minister's name elsewhere on the page); every other channel must not
contain it at all. Any problem keeps the file out of the published set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pymupdf

from woo_redact.redact import BurnResult, secret_patterns
from woo_redact.types import DocumentText, PageText, Redaction


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
            label_words = {t for _, lbl in burnt.boxes.get(n - 1, []) for t in lbl.split()}
            for rect, _ in burnt.boxes.get(n - 1, []):
                inner = pymupdf.Rect(rect)
                under = [
                    w[4]
                    for w in words
                    if inner.contains(pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))
                    and w[4] not in label_words
                ]
                if under:
                    problems.append(f"page {n}: text left under a redaction box")
                    break
            for annot in page.annots() or []:
                info = annot.info
                text = " ".join(info.get(k, "") for k in ("content", "title", "subject"))
                if any(p.search(text) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in an annotation")
            for link in page.get_links():
                if any(p.search(link.get("uri", "") or "") for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a link")
            for widget in page.widgets() or []:
                if any(p.search(str(widget.field_value or "")) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a form field")
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
        if doc.embfile_count():
            problems.append("the output still has file attachments")
    finally:
        doc.close()
    return problems
