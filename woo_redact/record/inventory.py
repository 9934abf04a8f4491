"""inventory.csv: the Woo inventory list, one row per document."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from woo_redact.atomic import write_text
from woo_redact.types import DocumentResult, Status

COLUMNS = ["number", "file", "pages", "assessment", "grounds", "remarks"]


def assessment(res: DocumentResult) -> str:
    """Openbaar / Deels openbaar for processed documents; a failure or a file that is not a PDF
    (not processed) is not an assessment."""
    if res.status is not Status.OK:
        return "Niet verwerkt"
    return "Deels openbaar" if res.redactions else "Openbaar"


def write_inventory(path: Path, results: list[DocumentResult]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, res in enumerate(sorted(results, key=lambda r: r.rel), start=1):
        remarks = list(res.remarks)
        if res.error:
            prefix = "FOUT" if res.status is Status.FAILED else "HANDMATIG"
            remarks.insert(0, f"{prefix}: {res.error}")
        writer.writerow(
            [number, res.rel, res.pages, assessment(res), ";".join(res.grounds), "; ".join(remarks)]
        )
    write_text(path, buf.getvalue())
