"""review/findings.json: every finding with its decision, for reviewers and for `apply`.

It holds the flagged text itself, so it is a working file for the review team, never part of
the publication.
"""

from __future__ import annotations

import json
from pathlib import Path

from woo_redact.atomic import write_text
from woo_redact.decide import SetDecisions
from woo_redact.types import SIDE_PAGE


def findings_payload(scan_id: str, decided: SetDecisions) -> dict:
    rows = []
    for f in sorted(decided.findings, key=lambda f: (f.doc, f.page, f.start, f.id)):
        d = decided.decisions[f.id]
        rows.append(
            {
                "id": f.id,
                "file": f.doc,
                "page": f.page + 1,  # 0: not on a page (metadata, notes, bookmarks)
                "boxes": [] if f.page == SIDE_PAGE else [[round(v, 2) for v in b] for b in f.boxes],
                "type": f.type,
                "ground": d.ground,
                "score": f.score,
                "recognizer": f.recognizer,
                "status": d.action.value,
                "reason": d.reason,
                "decided_by": d.by,
                "person": d.person,
                "text": f.text,
                "context": f.context,
            }
        )
    persons = [
        {
            "id": p.id,
            "name": p.name,
            "status": p.action.value,
            "reason": p.reason,
            "ambiguous": p.ambiguous,
            "mentions": p.mentions,
            "evidence": p.evidence,
        }
        for p in decided.registry.persons
    ]
    return {"scan": scan_id, "findings": rows, "persons": persons}


def write_findings(path: Path, scan_id: str, decided: SetDecisions) -> None:
    payload = findings_payload(scan_id, decided)
    write_text(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
