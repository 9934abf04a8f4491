"""From a character span of page text to its boxes and its context line."""

from __future__ import annotations

import hashlib

from woo_redact.types import DocumentText, Finding, PageText, Rect

CONTEXT_CHARS = 60


def span_boxes(page: PageText, start: int, end: int) -> tuple[Rect, ...]:
    """One box per visual line the span covers (union of its words on that line)."""
    by_line: dict[int, list[float]] = {}
    for wi in page.words_for_span(start, end):
        w = page.words[wi]
        box = by_line.get(w.line)
        if box is None:
            by_line[w.line] = list(w.rect)
        else:
            box[0], box[1] = min(box[0], w.rect[0]), min(box[1], w.rect[1])
            box[2], box[3] = max(box[2], w.rect[2]), max(box[3], w.rect[3])
    return tuple(tuple(b) for b in by_line.values())  # type: ignore[misc]


def context_of(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{before}«{text[start:end]}»{after}".split())


def span_finding(
    doc: DocumentText,
    page: PageText,
    start: int,
    end: int,
    entity: str,
    recognizer: str,
    score: float,
    context: str,
) -> Finding:
    """A finding a rule of ours adds for a span of page text, its id stable across runs (the
    document's path and content, the span, type and rule)."""
    key = f"{doc.rel}\0{doc.sha256}:{page.page}:{start}:{end}:{entity}:{recognizer}"
    return Finding(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        doc=doc.rel,
        page=page.page,
        start=start,
        end=end,
        text=page.text[start:end],
        type=entity,
        score=score,
        recognizer=recognizer,
        context=context,
        boxes=span_boxes(page, start, end),
    )
