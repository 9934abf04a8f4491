"""The inventory of a document set: ``inventory.csv`` (the inventarislijst) and
``inventory.xlsx`` (the productierapport a Woo publication platform ingests).

Both are published with the documents, so they hold published names, Dutch assessments and a
motivation per document (which grounds, how many passages each), and never an internal error
text: a document the tool could not publish gets one fixed sentence saying why in general terms
("versleuteld bestand"), while the error itself goes to the internal review report.

The productierapport follows the column layout of the upload manual of open.minvws.nl
("Productierapport uitgelegd", minvws/nl-rdo-woo-web, docs/gebruikershandleiding/publiceren/
woo-besluit/productierapport.md): its column names are what the platform matches on, so they
are not translated. Every other published text is in :data:`TEXTS`, one table per language.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from woo_redact.atomic import write_text
from woo_redact.rules import RuleSet
from woo_redact.types import DocumentResult, Status

# The productierapport's columns, in the manual's order. "Publicatiecontext" replaces "Matter"
# (a report may not hold both; from 1 January 2027 Publicatiecontext is required).
PRODUCTION_COLUMNS = (
    "ID",
    "Publicatiecontext",
    "Family ID",
    "Email Thread ID",
    "Document",
    "File type",
    "Datum",
    "Beoordeling",
    "Opgeschort",
    "Beoordelingsgrond",
    "Toelichting",
    "Publieke link",
    "Gerelateerd ID",
    "Zaaknummer",
)

# Every published text except the productierapport's column names, per language (--lang); a
# new language is one more key per entry. The productierapport's assessments stay Dutch in every
# language: the platform matches them (see inventory_rows).
TEXTS: dict[str, dict[str, str]] = {
    "col.number": {"nl": "Nr.", "en": "No."},
    "col.document": {"nl": "Document", "en": "Document"},
    "col.date": {"nl": "Datum", "en": "Date"},
    "col.pages": {"nl": "Pagina's", "en": "Pages"},
    "col.assessment": {"nl": "Beoordeling", "en": "Assessment"},
    "col.grounds": {"nl": "Beoordelingsgrond", "en": "Grounds"},
    "col.remarks": {"nl": "Toelichting", "en": "Remarks"},
    "assessment.open": {"nl": "Openbaar", "en": "Public"},
    "assessment.partly": {"nl": "Deels openbaar", "en": "Partly public"},
    "assessment.not_processed": {"nl": "Niet verwerkt", "en": "Not processed"},
    "motivation.none": {
        "nl": "Openbaar: er is niets gelakt.",
        "en": "Public: nothing was redacted.",
    },
    "motivation.partly": {
        "nl": "Deels openbaar: {total} gelakt. {grounds}.",
        "en": "Partly public: {total} redacted. {grounds}.",
    },
    "passage.one": {"nl": "1 passage", "en": "1 passage"},
    "passage.many": {"nl": "{n} passages", "en": "{n} passages"},
    "not_processed": {
        "nl": "Niet verwerkt door woo-redact ({reason}); handmatig beoordelen vóór publicatie.",
        "en": "Not processed by woo-redact ({reason}); assess by hand before publication.",
    },
    "reason.not-a-pdf": {"nl": "geen PDF-bestand", "en": "not a PDF file"},
    "reason.pdf-without-suffix": {
        "nl": "PDF zonder de extensie .pdf",
        "en": "a PDF without the .pdf suffix",
    },
    "reason.not-a-file": {"nl": "geen gewoon bestand", "en": "not a regular file"},
    "reason.empty": {"nl": "leeg bestand", "en": "empty file"},
    "reason.encrypted": {"nl": "versleuteld bestand", "en": "encrypted file"},
    "reason.limit": {
        "nl": "te groot of te traag om veilig te verwerken",
        "en": "too large or too slow to process safely",
    },
    "reason.unreadable": {"nl": "bestand onleesbaar of beschadigd", "en": "unreadable or damaged"},
    "reason.manual": {
        "nl": "pagina's zonder betrouwbare tekst (scan of lettertype)",
        "en": "pages without reliable text (scan or font)",
    },
    "reason.verification": {
        "nl": "de controle na het lakken is niet geslaagd",
        "en": "the check after redaction did not pass",
    },
    "reason.error": {"nl": "technische fout", "en": "technical error"},
}

# Why a document was not published, from its status and our own error texts (first match).
FAILURE_KINDS: tuple[tuple[str, str], ...] = (
    ("without the .pdf suffix", "pdf-without-suffix"),
    ("not a regular file", "not-a-file"),
    ("link to a folder", "not-a-file"),
    ("folder that cannot be read", "not-a-file"),
    ("verification failed", "verification"),
    ("empty file", "empty"),
    ("encrypted", "encrypted"),
    ("password", "encrypted"),
    ("out of memory", "limit"),
    ("decompression bomb", "limit"),
    ("absurdly large", "limit"),
    ("time limit", "limit"),
    ("timed out", "limit"),
    ("took longer than", "limit"),
    ("killed (sigkill)", "limit"),
    ("too many pages", "limit"),
    ("not a PDF", "not-a-pdf"),
    ("cannot open", "unreadable"),
    ("cannot read", "unreadable"),
    ("cyclic object graph", "unreadable"),
    ("nested too deeply", "unreadable"),
)

# Source file types the productierapport knows, by suffix ("File type" column).
FILE_TYPES = {
    ".pdf": "pdf",
    ".doc": "doc",
    ".docx": "doc",
    ".odt": "doc",
    ".rtf": "doc",
    ".xls": "spreadsheet",
    ".xlsx": "spreadsheet",
    ".ods": "spreadsheet",
    ".csv": "spreadsheet",
    ".ppt": "presentation",
    ".pptx": "presentation",
    ".odp": "presentation",
    ".msg": "email",
    ".eml": "email",
    ".htm": "html",
    ".html": "html",
    ".txt": "note",
    ".xml": "xml",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".vcf": "vcard",
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """A published text in ``lang`` (Dutch when a language lacks it)."""
    entry = TEXTS[key]
    return entry.get(lang, entry["nl"]).format(**values)


def assessment(res: DocumentResult, lang: str = "nl") -> str:
    """Openbaar / Deels openbaar for processed documents; a failure or a file that is not a PDF
    (not processed) is not an assessment. (The internal report shows this label.)"""
    if res.status not in (Status.OK, Status.SCANNED):  # scanned: the proposal's assessment
        return text("assessment.not_processed", lang)
    return text("assessment.partly" if res.redactions else "assessment.open", lang)


def published_assessment(res: DocumentResult, lang: str = "nl") -> str:
    """The Beoordeling column: empty for a document the tool did not publish, so that row has
    to be completed by a person before the report can be uploaded."""
    if res.status is not Status.OK:
        return ""
    return text("assessment.partly" if res.redactions else "assessment.open", lang)


def failure_kind(res: DocumentResult) -> str:
    """Why ``res`` was not published, as one of the ``reason.*`` codes ("" when it was)."""
    if res.status is Status.OK:
        return ""
    if res.status is Status.NEEDS_REVIEW:
        return "manual"
    lowered = res.error.lower()
    for needle, kind in FAILURE_KINDS:
        if needle.lower() in lowered:
            return kind
    return "not-a-pdf" if res.status is Status.NOT_PROCESSED else "error"


def _passages(n: int, lang: str) -> str:
    return text("passage.one", lang) if n == 1 else text("passage.many", lang, n=n)


def motivation(res: DocumentResult, rules: RuleSet, lang: str = "nl") -> str:
    """One line per document: which grounds, how many passages each, of which kinds."""
    if res.status is not Status.OK:
        reason = text(f"reason.{failure_kind(res)}", lang)
        return text("not_processed", lang, reason=reason)
    if not res.redactions:
        return text("motivation.none", lang)
    by_ground: dict[str, Counter[str]] = {}
    for red in res.redactions:
        by_ground.setdefault(red.ground, Counter())[red.type] += 1
    parts = []
    for ground in sorted(by_ground):
        kinds = by_ground[ground]
        label = f"{ground} ({title})" if (title := ground_title(ground, rules, lang)) else ground
        detail = ", ".join(f"{_type_label(t, rules, lang)} {n}" for t, n in sorted(kinds.items()))
        parts.append(f"{label}: {_passages(sum(kinds.values()), lang)} ({detail})")
    total = _passages(len(res.redactions), lang)
    return text("motivation.partly", lang, total=total, grounds="; ".join(parts))


def ground_title(ground: str, rules: RuleSet, lang: str = "nl") -> str:
    """The ground's title in ``lang`` (``title_en`` …; Dutch ``title`` when there is none)."""
    entry = rules.grounds.get(ground, {})
    return str(entry.get(f"title_{lang}") or entry.get("title", ""))


def _type_label(entity: str, rules: RuleSet, lang: str = "nl") -> str:
    policy = rules.entities.get(entity)
    if policy is None:
        return entity.lower()
    return (policy.label_en if lang == "en" else "") or policy.label_nl


@dataclass(frozen=True)
class InventoryRow:
    """One document of the set as published in both inventory files."""

    number: int
    id: str  # the published path without its suffix: the platform matches files on it
    file: str  # the published path (relative to the publication folder)
    document: str  # the published file name
    file_type: str
    date: str  # YYYY-MM-DD
    pages: int
    assessment: str
    grounds: str  # ";"-joined codes
    remark: str


def file_type(rel: str) -> str:
    return FILE_TYPES.get(PurePosixPath(rel).suffix.lower(), "")


def inventory_rows(
    results: Iterable[DocumentResult],
    rules: RuleSet,
    dates: Mapping[str, str] | None = None,
    lang: str = "nl",
    assessment_lang: str | None = None,
) -> list[InventoryRow]:
    """Rows for ``results`` (published names), sorted by name; ``dates`` by published name.
    Texts in ``lang``; the assessment in ``assessment_lang`` (the productierapport: Dutch)."""
    rows = []
    for number, res in enumerate(sorted(results, key=lambda r: r.rel), start=1):
        path = PurePosixPath(res.rel)
        rows.append(
            InventoryRow(
                number=number,
                id=str(path.with_suffix("")) if path.suffix else res.rel,
                file=res.rel,
                document=path.name,
                file_type=file_type(res.rel),
                date=(dates or {}).get(res.rel, ""),
                pages=res.pages,
                assessment=published_assessment(res, assessment_lang or lang),
                grounds=";".join(res.grounds) if res.status is Status.OK else "",
                remark=motivation(res, rules, lang),
            )
        )
    return rows


CSV_COLUMNS = ("number", "document", "date", "pages", "assessment", "grounds", "remarks")


def csv_header(lang: str = "nl") -> list[str]:
    return [text(f"col.{c}", lang) for c in CSV_COLUMNS]


def write_inventory(path: Path, rows: list[InventoryRow], lang: str = "nl") -> None:
    """inventory.csv: the inventarislijst of the Woo decision, one row per document."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_header(lang))
    for r in rows:
        writer.writerow([r.number, r.file, r.date, r.pages, r.assessment, r.grounds, r.remark])
    write_text(path, buf.getvalue())


def production_row(row: InventoryRow, context: str = "") -> list[str]:
    """One productierapport row; columns the tool cannot know stay empty."""
    values = {
        "ID": row.id,
        "Publicatiecontext": context,
        "Document": row.document,
        "File type": row.file_type,
        "Datum": row.date,
        "Beoordeling": row.assessment,
        "Beoordelingsgrond": row.grounds,
        "Toelichting": row.remark,
    }
    return [values.get(col, "") for col in PRODUCTION_COLUMNS]


def write_production_report(path: Path, rows: list[InventoryRow], context: str = "") -> None:
    """inventory.xlsx in the productierapport layout (one sheet, header row, text cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Productierapport"
    ws.append(list(PRODUCTION_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(production_row(row, context))
    ws.freeze_panes = "A2"
    widths = {"ID": 28, "Document": 40, "Datum": 12, "Beoordeling": 16, "Toelichting": 90}
    for i, col in enumerate(PRODUCTION_COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = widths.get(col, 14)
    wb.properties.creator = "woo-redact"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
