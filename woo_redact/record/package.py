"""The publication package beside the redacted PDFs, and the run's records in the audit log.

``write_package`` writes ``inventory.csv``, ``inventory.xlsx`` and ``diwoo/*.xml`` into the
(staging) publication folder; ``write_audit`` then hashes every published file and appends the
run to the log carried forward from the previous publication. The log comes last because it
names the SHA-256 of everything else that is published.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from woo_redact.decide import SetDecisions
from woo_redact.record.audit import AuditLog
from woo_redact.record.audit_records import (
    Batch,
    Scrubber,
    document_records,
    kept_by_document,
    redacted_values,
    run_record,
)
from woo_redact.record.audit_setup import AuditSetup, write_batch
from woo_redact.record.diwoo import Publisher, write_diwoo
from woo_redact.record.inventory import (
    inventory_rows,
    motivation,
    write_inventory,
    write_production_report,
)
from woo_redact.rules import RuleSet
from woo_redact.types import DocumentResult, Status

INVENTORY_CSV = "inventory.csv"
INVENTORY_XLSX = "inventory.xlsx"
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True)
class RunInfo:
    """What the package and the run record say about the run as a whole."""

    command: str = "run"
    options: Mapping[str, object] = field(default_factory=dict)  # never passwords or names
    fingerprints: Mapping[str, str] = field(default_factory=dict)  # rules/model/lists → sha256
    label: str = "[Redacted]"
    publisher: Publisher = Publisher()
    context: str = ""  # the productierapport's Publicatiecontext
    time: str = ""  # ISO date-time with zone; "" → now
    lang: str = "nl"  # the inventory's texts (record/inventory.py TEXTS)

    def at(self) -> str:
        return self.time or datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DocDates:
    created: str = ""  # YYYY-MM-DD
    modified: str = ""


def pdf_date(value: str) -> str:
    """``D:20230607101500+02'00'`` → ``2023-06-07``; "" for anything that is not a date."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return ""
    year, month, day = m.group(1), m.group(2) or "01", m.group(3) or "01"
    try:
        return datetime(int(year), int(month), int(day)).date().isoformat()
    except ValueError:
        return ""


def document_dates(metadata: Mapping[str, str], path: Path) -> DocDates:
    """The document's own dates (PDF metadata), else its file's modification date."""
    created = pdf_date(metadata.get("creationDate", ""))
    modified = pdf_date(metadata.get("modDate", ""))
    fallback = ""
    if not (created and modified):
        try:
            stamp = os.stat(path).st_mtime
            fallback = datetime.fromtimestamp(stamp, timezone.utc).date().isoformat()
        except OSError:
            fallback = ""
    return DocDates(created or modified or fallback, modified or created or fallback)


def write_package(
    out: Path,
    public: list[DocumentResult],
    rules: RuleSet,
    dates: Mapping[str, DocDates],
    info: RunInfo,
) -> None:
    """Inventory (CSV and productierapport) and DiWoo metadata of every published document.

    ``public`` are the results under their published names, ``dates`` by published name.
    """
    modified = {rel: d.modified for rel, d in dates.items()}
    rows = inventory_rows(public, rules, modified, info.lang)
    write_inventory(out / INVENTORY_CSV, rows, info.lang)
    platform = inventory_rows(public, rules, modified, info.lang, assessment_lang="nl")
    write_production_report(out / INVENTORY_XLSX, platform, info.context)
    taken: set[str] = set()
    when = info.at()
    for res in sorted(public, key=lambda r: r.rel):
        if res.status is Status.OK and res.output is not None:
            created = dates.get(res.rel, DocDates()).created
            write_diwoo(out, res.rel, created, when, info.publisher, taken)


def write_audit(
    out: Path,
    review: Path,
    setup: AuditSetup,
    internal: list[DocumentResult],
    public: list[DocumentResult],
    decided: SetDecisions,
    names: Mapping[str, str],
    scan_id: str,
    rules: RuleSet,
    info: RunInfo,
    redact_names: tuple[str, ...] = (),
    extra: Callable[[Batch, Scrubber], Iterable[dict]] | None = None,
) -> AuditLog:
    """Append this run to the log of the publication and write it into ``out``.

    ``internal`` and ``public`` are the same results in the same order, under input and
    published names; ``names`` maps input names and paths to published names. ``extra``
    gives more records of the batch (a review round's decisions), after the documents'.
    """
    when = info.at()
    batch = Batch(run=_run_id(scan_id, when), time=when, key=setup.key)
    scrub = Scrubber(names, redacted_values(decided, redact_names))
    kept = kept_by_document(decided)

    def bodies() -> Iterator[dict]:
        """The batch's records one document at a time, as the log takes them: a large set's
        records are never all in memory as dicts."""
        yield run_record(
            batch, info.command, info.options, info.fingerprints, scan_id, setup.previous_key_id
        )  # fmt: skip
        for res, pub in zip(internal, public, strict=True):
            line = motivation(pub, rules, info.lang)
            yield from document_records(batch, res, pub, decided, kept.get(res.rel, []), line,
                                        info.label, scrub)  # fmt: skip
        if extra is not None:
            yield from extra(batch, scrub)

    known = {r.rel: r.sha256_out for r in public if r.status is Status.OK and r.sha256_out}
    return write_batch(setup, batch, bodies(), out, review, known)


def _run_id(scan_id: str, when: str) -> str:
    """Unique per run, and sortable: time, scan id, a random part for two runs in a second."""
    stamp = re.sub(r"[^0-9]", "", when)[:14]
    return f"{stamp}-{scan_id[:8]}-{os.urandom(3).hex()}"
