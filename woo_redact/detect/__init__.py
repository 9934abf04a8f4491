"""Detect stage: page text → Findings (character spans with boxes, type, score, recognizer).

Signatures are found here too, as region findings (``detect/signatures.py``).
"""

from __future__ import annotations

import hashlib

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from woo_redact.deadline import page_deadline
from woo_redact.detect.signatures import cues_for, detect_signatures
from woo_redact.rules import RuleSet
from woo_redact.types import DocumentText, Finding, PageText, Rect

CONTEXT_CHARS = 60


def finding_id(
    doc: DocumentText, page: int, start: int, end: int, entity: str, recognizer: str
) -> str:
    """Stable id: the same input scanned again with the same settings gives the same ids.

    The document's path is part of the key, not only its content hash: byte-identical copies
    (the same e-mail saved from several mailboxes) are different documents whose findings must
    never share an id, or one copy's decisions swallow the other's.
    """
    key = f"{doc.rel}\0{doc.sha256}:{page}:{start}:{end}:{entity}:{recognizer}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


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


def to_finding(doc: DocumentText, page: PageText, res: RecognizerResult) -> Finding | None:
    text = page.text[res.start : res.end]
    boxes = span_boxes(page, res.start, res.end)
    if not text.strip() or not boxes:
        return None
    recognizer = res.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "?")
    return Finding(
        id=finding_id(doc, page.page, res.start, res.end, res.entity_type, recognizer),
        doc=doc.rel,
        page=page.page,
        start=res.start,
        end=res.end,
        text=text,
        type=res.entity_type,
        score=round(float(res.score), 3),
        recognizer=recognizer,
        context=context_of(page.text, res.start, res.end),
        boxes=boxes,
    )


def detect_page(doc: DocumentText, page: PageText, analyzer: AnalyzerEngine) -> list[Finding]:
    if not page.text.strip():
        return []
    results = analyzer.analyze(page.text, language="nl")
    findings = (to_finding(doc, page, r) for r in results)
    return sorted((f for f in findings if f), key=lambda f: (f.start, f.end))


def rules_of(analyzer: AnalyzerEngine) -> RuleSet | None:
    """The rule set the analyzer was built from (its recognizers carry it)."""
    for recognizer in analyzer.registry.recognizers:
        rules = getattr(recognizer, "rules", None)
        if isinstance(rules, RuleSet):
            return rules
    return None


def detect_document(
    doc: DocumentText, analyzer: AnalyzerEngine, page_timeout: float = 0.0
) -> list[Finding]:
    """All findings of one document, page by page, in reading order; then its signatures."""
    cues = cues_for(rules_of(analyzer))
    out: list[Finding] = []
    for page in doc.pages:
        with page_deadline(page_timeout, page.page, "detection"):
            found = detect_page(doc, page, analyzer)
        out.extend(found)
        out.extend(detect_signatures(doc, page, found, cues))
    if doc.side is not None:
        out.extend(detect_page(doc, doc.side, analyzer))
    return out
