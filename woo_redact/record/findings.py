"""review/findings.json: every proposed redaction and every keep decision, for reviewers and for
a later ``apply``.

One row per place on a page the reviewer judges. Its ``id`` is derived from the document's
relative path, the page, the boxes and the type only, so the same input scanned again gives the
same ids (a decisions file stays valid) and two detectors that found the same span on the same
boxes (a consistency hit and the model, say) make one row that one decision settles; their
own ids are kept under ``detections``. ``status`` is ``proposed`` for every proposed redaction
(nothing is final until a reviewer or ``apply`` says so) and ``keep`` for what stays.

It holds the flagged text itself, so it is a working file for the review team, never part of
the publication.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from woo_redact.atomic import write_json
from woo_redact.decide import SetDecisions
from woo_redact.types import SIDE_PAGE, Action, Decision, DocumentResult, Finding

PROPOSED = "proposed"
KEEP = "keep"


def review_id(f: Finding) -> str:
    """Stable id of the place a finding marks: relative path, page, boxes (0.01 pt) and type.

    Text outside the pages (metadata, notes) has nominal boxes per line of that text, which
    are as stable as its content.
    """
    boxes = ";".join(",".join(f"{v:.2f}" for v in box) for box in f.boxes)
    key = f"{f.doc}\0{f.page}\0{boxes}\0{f.type}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class ReviewRow:
    """One row of the review: the findings that share a review id, and the leading one."""

    id: str
    lead: Finding
    decision: Decision
    members: list[tuple[Finding, Decision]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return PROPOSED if self.decision.action is Action.REDACT else KEEP


def _leads(a: tuple[Finding, Decision], b: tuple[Finding, Decision]) -> bool:
    """Whether ``a`` speaks for the row rather than ``b``: a redaction over a keep (it is
    burnt either way), then the higher score, then the id (deterministic)."""
    ka = (a[1].action is Action.REDACT, a[0].score, b[0].id)
    kb = (b[1].action is Action.REDACT, b[0].score, a[0].id)
    return ka > kb


def review_rows(decided: SetDecisions) -> list[ReviewRow]:
    """The set's findings grouped by review id, in document, page and reading order."""
    rows: dict[str, ReviewRow] = {}
    for f in decided.findings:
        d = decided.decisions[f.id]
        rid = review_id(f)
        row = rows.get(rid)
        if row is None:
            rows[rid] = ReviewRow(rid, f, d, [(f, d)])
            continue
        row.members.append((f, d))
        if _leads((f, d), (row.lead, row.decision)):
            row.lead, row.decision = f, d

    def order(row: ReviewRow) -> tuple:
        first = row.lead.boxes[0] if row.lead.boxes else (0.0, 0.0, 0.0, 0.0)
        return (row.lead.doc, row.lead.page, row.lead.start, first[1], first[0], row.id)

    return sorted(rows.values(), key=order)


def row_payload(row: ReviewRow) -> dict:
    f, d = row.lead, row.decision
    recognizers = list(dict.fromkeys(m.recognizer for m, _ in row.members))
    return {
        "id": row.id,
        "file": f.doc,
        "page": f.page + 1,  # 0: not on a page (metadata, notes, bookmarks)
        "boxes": [] if f.page == SIDE_PAGE else [[round(v, 2) for v in b] for b in f.boxes],
        "type": f.type,
        "ground": d.ground,
        "score": max(m.score for m, _ in row.members),
        "recognizer": f.recognizer,
        "recognizers": recognizers,
        "status": row.status,
        "reason": d.reason,
        "decided_by": d.by,
        "person": d.person or next((md.person for _, md in row.members if md.person), ""),
        "text": f.text,
        "context": f.context,
        "detections": sorted(m.id for m, _ in row.members),
    }


def page_sizes(results: list[DocumentResult]) -> dict[str, list[dict]]:
    """Per document, every page's size in points (the space of boxes and manual rects)."""
    return {
        res.rel: [
            {
                "page": pic.page + 1,
                "width": pic.width,
                "height": pic.height,
                "rotation": pic.rotation,
            }
            for _, pic in sorted(res.page_images.items())
        ]
        for res in sorted(results, key=lambda r: r.rel)
        if res.page_images
    }


def findings_payload(
    scan_id: str, decided: SetDecisions, results: list[DocumentResult] | None = None
) -> dict:
    rows = review_rows(decided)
    row_of = {m.id: row.id for row in rows for m, _ in row.members}
    persons = [
        {
            "id": p.id,
            "name": p.name,
            "status": p.action.value,
            "reason": p.reason,
            "ambiguous": p.ambiguous,
            "mentions": list(dict.fromkeys(row_of.get(m, m) for m in p.mentions)),
            "evidence": p.evidence,
        }
        for p in decided.registry.persons
    ]
    return {
        "scan": scan_id,
        "findings": [row_payload(r) for r in rows],
        "persons": persons,
        "pages": page_sizes(results or []),
    }


def write_findings(
    path: Path, scan_id: str, decided: SetDecisions, results: list[DocumentResult] | None = None
) -> None:
    payload = findings_payload(scan_id, decided, results)
    write_json(path, payload, ensure_ascii=False, indent=1)
