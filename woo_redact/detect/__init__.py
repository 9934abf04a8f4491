"""Detect stage: page text → Findings (character spans with boxes, type, score, recognizer).

Signatures are found here too, as region findings (``detect/signatures.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from woo_redact.deadline import page_deadline
from woo_redact.detect.columns import column_findings
from woo_redact.detect.engine import text_artifacts
from woo_redact.detect.ocr_doubt import cues_of, doubtful_findings
from woo_redact.detect.signatures import cues_for, detect_signatures
from woo_redact.detect.spans import context_of, span_boxes
from woo_redact.rules import RuleSet
from woo_redact.types import DocumentText, Finding, PageText


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


def detect_page(
    doc: DocumentText,
    page: PageText,
    analyzer: AnalyzerEngine,
    artifacts: NlpArtifacts | None = None,
) -> list[Finding]:
    """The page's findings in reading order. ``artifacts``: its spaCy analysis, if it was made
    with other texts at once (``text_artifacts``)."""
    if not page.text.strip():
        return []
    results = analyzer.analyze(page.text, language="nl", nlp_artifacts=artifacts)
    findings = (to_finding(doc, page, r) for r in results)
    return sorted((f for f in findings if f), key=lambda f: (f.start, f.end))


def rules_of(analyzer: AnalyzerEngine) -> RuleSet | None:
    """The rule set the analyzer was built from (its recognizers carry it)."""
    for recognizer in analyzer.registry.recognizers:
        rules = getattr(recognizer, "rules", None)
        if isinstance(rules, RuleSet):
            return rules
    return None


MARKED = "MARKED_REDACTION"
MARKED_RECOGNIZER = "pdf:redact-annotation"


def detect_marked(doc: DocumentText, page: PageText) -> list[Finding]:
    """Another tool's unapplied Redact annotations, as region findings of their own.

    The text is the words whose centre lies in the box (what verification must not find
    again); the note keeps the annotation's overlay text, which may name the ground.
    """
    out = []
    for rect, note in page.marked:
        inside = [
            w.text
            for w in page.words
            if rect[0] <= (w.rect[0] + w.rect[2]) / 2 <= rect[2]
            and rect[1] <= (w.rect[1] + w.rect[3]) / 2 <= rect[3]
        ]
        key = f"{doc.rel}\0{doc.sha256}:{page.page}:{MARKED}:{rect}"
        out.append(
            Finding(
                id=hashlib.sha256(key.encode()).hexdigest()[:16],
                doc=doc.rel,
                page=page.page,
                start=-1,
                end=-1,
                text=" ".join(inside),
                type=MARKED,
                score=1.0,
                recognizer=MARKED_RECOGNIZER,
                context=f"unapplied redaction marked by another tool ({note or 'no text'})",
                boxes=(rect,),
            )
        )
    return out


SEAM_LINES = 2  # body lines on each side of a page break that detection sees joined
PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:pagina|page|blad)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?\s*$", re.I
)


def _furniture(doc: DocumentText) -> set[str]:
    """Lines that repeat on most pages (running headers and footers)."""
    if len(doc.pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for page in doc.pages:
        lines = [ln.strip() for ln in page.text.split("\n") if ln.strip()]
        for line in {*lines[:2], *lines[-2:]}:
            counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= max(2, len(doc.pages) // 2)}


def _edge(page: PageText, at_end: bool, furniture: set[str]) -> tuple[int, int]:
    """Character range of the first (or last) body lines of a page, page furniture skipped."""
    spans, pos = [], 0
    for line in page.text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    body = [
        (a, b)
        for a, b in spans
        if page.text[a:b].strip()
        and page.text[a:b].strip() not in furniture
        and not PAGE_NUMBER.match(page.text[a:b])
    ]
    picked = body[-SEAM_LINES:] if at_end else body[:SEAM_LINES]
    return (picked[0][0], picked[-1][1]) if picked else (0, 0)


def _part(doc: DocumentText, page: PageText, start: int, end: int, res: RecognizerResult,
          context: str) -> Finding | None:  # fmt: skip
    while start < end and page.text[start].isspace():
        start += 1
    while end > start and page.text[end - 1] in " \t\n-":
        end -= 1
    res = RecognizerResult(res.entity_type, start, end, res.score, None, res.recognition_metadata)
    found = to_finding(doc, page, res)
    return replace(found, context=context) if found else None


@dataclass(frozen=True)
class Seam:
    """The last body lines of page ``a`` and the first of page ``b``, joined by a space."""

    a: PageText
    b: PageText
    a0: int
    a1: int
    b0: int
    text: str
    cut: int  # where page b's part starts, minus the space


def seams_of(doc: DocumentText) -> list[Seam]:
    furniture = _furniture(doc)
    out = []
    for a, b in zip(doc.pages, doc.pages[1:], strict=False):
        a0, a1 = _edge(a, True, furniture)
        b0, b1 = _edge(b, False, furniture)
        if a1 <= a0 or b1 <= b0:
            continue
        tail, head = a.text[a0:a1], b.text[b0:b1]
        out.append(Seam(a, b, a0, a1, b0, tail + " " + head, len(tail)))
    return out


def seam_findings(
    doc: DocumentText, seam: Seam, analyzer: AnalyzerEngine, artifacts: NlpArtifacts | None = None
) -> list[Finding]:
    """Findings that run over a page break ("… met mevrouw Hanneke" / "Zwartsenberg over …").

    Pages are analysed one by one; here the last body lines of each page and the first of the
    next are analysed joined, and a finding that crosses the break becomes one finding on each
    page. Findings wholly on one side were already found with their own page.
    """
    out: list[Finding] = []
    cut = seam.cut
    for res in analyzer.analyze(seam.text, language="nl", nlp_artifacts=artifacts):
        if not (res.start < cut and res.end > cut + 1):
            continue
        context = context_of(seam.text, res.start, res.end)
        parts = (
            _part(doc, seam.a, seam.a0 + res.start, seam.a1, res, context),
            _part(doc, seam.b, seam.b0, seam.b0 + res.end - cut - 1, res, context),
        )
        out.extend(f for f in parts if f)
    return out


def detect_document(
    doc: DocumentText,
    analyzer: AnalyzerEngine,
    page_timeout: float = 0.0,
    model: Callable[[PageText], bool] | None = None,
) -> list[Finding]:
    """All findings of one document, page by page, in reading order; then its signatures, the
    findings that cross a page break, and those in text outside the pages.

    spaCy reads the document's texts in batches first (``text_artifacts``); each page then gets
    its recognizers. ``model(page)`` False: that page (and a page break next to it only if both
    sides say so) is read without the statistical model (verification decides when).
    """
    rules = rules_of(analyzer)
    cues = cues_for(rules)
    doubt = cues_of(rules)
    pages = [p for p in doc.pages if p.text.strip()]
    seams = seams_of(doc)
    side = doc.side if doc.side is not None and doc.side.text.strip() else None
    texts = [p.text for p in pages] + [s.text for s in seams] + ([side.text] if side else [])
    wants = model or (lambda page: True)
    flags = [wants(p) for p in pages] + [wants(s.a) or wants(s.b) for s in seams]
    flags += [True] * (len(texts) - len(flags))  # the side text: always with the model
    artifacts = _artifacts(analyzer, texts, flags, doc, page_timeout)
    by_page = dict(zip((p.page for p in pages), artifacts, strict=False))
    out: list[Finding] = []
    for page in doc.pages:
        with page_deadline(page_timeout, page.page, "detection"):
            found = detect_page(doc, page, analyzer, by_page.get(page.page))
            if rules is not None:
                found = column_findings(doc, page, found, rules)
            found += doubtful_findings(doc, page, found, doubt)
        out.extend(found)
        out.extend(detect_signatures(doc, page, found, cues))
        out.extend(detect_marked(doc, page))
    seen = {f.id for f in out}
    rest = artifacts[len(pages) :]
    for seam, art in zip(seams, rest, strict=False):
        out.extend(f for f in seam_findings(doc, seam, analyzer, art) if f.id not in seen)
    if side is not None:
        out.extend(detect_page(doc, side, analyzer, rest[-1]))
    return out


def _artifacts(
    analyzer: AnalyzerEngine,
    texts: list[str],
    model: list[bool],
    doc: DocumentText,
    page_timeout: float,
) -> list[NlpArtifacts]:
    """spaCy over all texts at once, under the time limit of all its pages."""
    first = doc.pages[0].page if doc.pages else 0
    budget = page_timeout * max(1, len(doc.pages))
    with page_deadline(budget, first, f"reading all {len(doc.pages)} page(s) with spaCy"):
        return text_artifacts(analyzer, texts, model)
