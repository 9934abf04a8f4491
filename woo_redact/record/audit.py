"""audit.jsonl: one line per redaction and one per document, never the redacted text itself.

With the SHA-256 of input and output on every line, an auditor can prove which input was
reviewed and that the published file is the one this run wrote.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from woo_redact import __version__
from woo_redact.atomic import write_text
from woo_redact.types import SIDE_PAGE, DocumentResult


def audit_lines(results: list[DocumentResult], scan_id: str, label: str) -> list[dict]:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    lines: list[dict] = []
    for res in results:
        for red in res.redactions:
            for box in red.rects or [()]:
                lines.append(
                    {
                        "event": "redaction",
                        "scan": scan_id,
                        "file": res.rel,
                        "sha256_in": res.sha256_in,
                        "sha256_out": res.sha256_out,
                        "page": red.page + 1 if red.page != SIDE_PAGE else None,
                        "channel": "page" if red.page != SIDE_PAGE else "metadata/annotations",
                        "box": [round(v, 2) for v in box] or None,
                        "type": red.type,
                        "ground": red.ground,
                        "recognizer": red.recognizer,
                        "score": red.score,
                        "finding_id": red.finding_id,
                        "label": red.ground if label == "ground" else label,
                        "timestamp": now,
                        "tool_version": __version__,
                    }
                )
        lines.append(
            {
                "event": "document",
                "scan": scan_id,
                "file": res.rel,
                "status": res.status.value,
                "pages": res.pages,
                "sha256_in": res.sha256_in,
                "sha256_out": res.sha256_out,
                "redactions": len(res.redactions),
                "grounds": res.grounds,
                "error": res.error,
                "remarks": res.remarks,
                "timestamp": now,
                "tool_version": __version__,
            }
        )
    return lines


def write_audit(path: Path, results: list[DocumentResult], scan_id: str, label: str) -> None:
    lines = audit_lines(results, scan_id, label)
    write_text(path, "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
