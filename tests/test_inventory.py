"""inventory.csv and inventory.xlsx (the productierapport): Dutch, one motivation per document,
no internal error text (record/inventory.py, record/package.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import write_pdf
from woo_redact.errors import UsageError
from woo_redact.pipeline import Options, run
from woo_redact.record.inventory import (
    PRODUCTION_COLUMNS,
    TEXTS,
    csv_header,
    failure_kind,
    inventory_rows,
    motivation,
    production_row,
)
from woo_redact.record.package import document_dates, pdf_date
from woo_redact.types import DocumentResult, Redaction, Status


def _red(type_: str, ground: str) -> Redaction:
    return Redaction("a.pdf", 0, ((0, 0, 1, 1),), ground, type_, "r", 1.0, "f", "x")


@pytest.mark.parametrize(
    ("status", "error", "kind"),
    [
        (Status.FAILED, "empty file (0 bytes)", "empty"),
        (Status.FAILED, "encrypted PDF: a password is needed", "encrypted"),
        (Status.FAILED, "verification failed, not published: name left", "verification"),
        (Status.FAILED, "timed out after 400 s and was stopped", "limit"),
        (Status.FAILED, "out of memory (limit 4 GB per document)", "limit"),
        (Status.FAILED, "cannot open PDF: syntax error", "unreadable"),
        (Status.FAILED, "something nobody foresaw", "error"),
        (Status.NEEDS_REVIEW, "page 1: scanned page without OCR text", "manual"),
        (Status.NOT_PROCESSED, "not processed: not a PDF (.docx)", "not-a-pdf"),
        (Status.NOT_PROCESSED, "a PDF without the .pdf suffix", "pdf-without-suffix"),
        (Status.OK, "", ""),
    ],
)
def test_failure_kind(status: Status, error: str, kind: str) -> None:
    assert failure_kind(DocumentResult("a.pdf", status, error=error)) == kind


def test_every_text_has_dutch_and_english() -> None:
    assert all({"nl", "en"} <= set(entry) for entry in TEXTS.values())
    assert csv_header() == ["Nr.", "Document", "Datum", "Pagina's", "Beoordeling",
                            "Beoordelingsgrond", "Toelichting"]  # fmt: skip
    assert csv_header("en")[4] == "Assessment"


def test_motivation_counts_passages_per_ground_and_kind(rules) -> None:
    reds = [_red("PERSON", "5.1.2e")] * 3
    reds += [_red("EMAIL_ADDRESS", "5.1.2e"), _red("NL_BSN", "5.1.1e")]
    res = DocumentResult("a.pdf", Status.OK, pages=2, redactions=reds)
    assert motivation(res, rules) == (
        "Deels openbaar: 5 passages gelakt. 5.1.1e (identificatienummers): 1 passage (BSN 1); "
        "5.1.2e (eerbiediging van de persoonlijke levenssfeer): 4 passages (e-mailadres 1, "
        "naam 3)."
    )
    assert motivation(DocumentResult("b.pdf", Status.OK), rules) == "Openbaar: er is niets gelakt."
    failed = DocumentResult("c.pdf", Status.FAILED, error="cannot open PDF: /in/c.pdf broken")
    line = motivation(failed, rules)
    assert line.startswith("Niet verwerkt door woo-redact (bestand onleesbaar")
    assert "/in/c.pdf" not in line and "cannot open" not in line


def test_rows_id_is_the_published_name_without_suffix(rules) -> None:
    results = [
        DocumentResult("sub/0002.pdf", Status.OK, pages=1, redactions=[_red("PERSON", "5.1.2e")]),
        DocumentResult("0001.docx", Status.NOT_PROCESSED, error="not processed: not a PDF"),
    ]
    rows = inventory_rows(results, rules, {"sub/0002.pdf": "2023-06-07"})
    assert [(r.number, r.id, r.document, r.file_type) for r in rows] == [
        (1, "0001", "0001.docx", "doc"),
        (2, "sub/0002", "0002.pdf", "pdf"),
    ]
    row = dict(zip(PRODUCTION_COLUMNS, production_row(rows[1], "WOO-2026.01"), strict=True))
    assert row["Publicatiecontext"] == "WOO-2026.01" and row["Datum"] == "2023-06-07"
    assert (row["Beoordeling"], row["Beoordelingsgrond"]) == ("Deels openbaar", "5.1.2e")
    assert row["Opgeschort"] == row["Publieke link"] == row["Family ID"] == ""
    first = dict(zip(PRODUCTION_COLUMNS, production_row(rows[0]), strict=True))
    assert first["Beoordeling"] == "" and first["Toelichting"].startswith("Niet verwerkt")


def test_pdf_dates_and_the_file_date_fallback(tmp_path: Path) -> None:
    assert pdf_date("D:20230607101500+02'00'") == "2023-06-07"
    assert pdf_date("2021") == "2021-01-01"
    assert pdf_date("D:20231399") == "" and pdf_date("gisteren") == ""
    path = write_pdf(tmp_path / "a.pdf", [["x"]])
    dates = document_dates({"creationDate": "D:20200102", "modDate": "D:20210304"}, path)
    assert (dates.created, dates.modified) == ("2020-01-02", "2021-03-04")
    only_file = document_dates({}, path)
    assert only_file.created == only_file.modified and len(only_file.created) == 10


def test_the_published_inventory_files(tmp_path: Path) -> None:
    write_pdf(
        tmp_path / "in" / "nota.pdf",
        [["Van: Wilhelmina Oostervelt", "BSN van betrokkene: 111222333 volgens opgave."]],
        metadata={"creationDate": "D:20230607101500", "modDate": "D:20230608101500"},
    )
    write_pdf(tmp_path / "in" / "openbaar.pdf", [["De begroting voor 2024 is vastgesteld."]])
    (tmp_path / "in" / "bijlage.pdf").write_bytes(b"")
    out = tmp_path / "pub"
    run([tmp_path / "in"], Options(out=out, workers=1, publication_context="WOO-2026.01"))
    sheet = load_workbook(out / "inventory.xlsx").active
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == PRODUCTION_COLUMNS
    by_id = {r[0]: dict(zip(PRODUCTION_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert set(by_id) == {"bijlage", "nota", "openbaar"}
    nota = by_id["nota"]
    assert (nota["Document"], nota["File type"]) == ("nota.pdf", "pdf")
    assert nota["Datum"] == "2023-06-08"  # last modified
    assert nota["Beoordeling"] == "Deels openbaar" and nota["Publicatiecontext"] == "WOO-2026.01"
    assert nota["Beoordelingsgrond"] == "5.1.1e;5.1.2e"
    assert "5.1.1e (identificatienummers): 1 passage" in nota["Toelichting"]
    assert by_id["openbaar"]["Beoordeling"] == "Openbaar"
    assert by_id["bijlage"]["Beoordeling"] == ""
    assert "(leeg bestand)" in by_id["bijlage"]["Toelichting"]
    listed = list(csv.DictReader((out / "inventory.csv").open(encoding="utf-8")))
    assert [r["Document"] for r in listed] == ["bijlage.pdf", "nota.pdf", "openbaar.pdf"]
    assert [r["Beoordeling"] for r in listed] == ["", "Deels openbaar", "Openbaar"]
    published = (out / "inventory.csv").read_text(encoding="utf-8") + str(rows)
    assert "empty file" not in published and "Oostervelt" not in published


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("publication_context", "WOO 2026", "--publication-context takes"),
        ("publication_context", "x" * 256, "--publication-context takes"),
        ("publisher_uri", "https://example.org/org/1", "--publisher-uri must be a TOOI"),
    ],
)
def test_publication_options_are_checked_first(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])
    with pytest.raises(UsageError, match=message):
        run([tmp_path / "in"], Options(out=tmp_path / "pub", **{field: value}))
    assert not (tmp_path / "pub").exists()


def test_english_inventory_keeps_the_platform_words_of_the_productierapport(
    tmp_path: Path,
) -> None:
    write_pdf(tmp_path / "in" / "nota.pdf", [["Van: Wilhelmina Oostervelt", "Dag."]])
    (tmp_path / "in" / "bijlage.pdf").write_bytes(b"")
    out = tmp_path / "pub"
    run([tmp_path / "in"], Options(out=out, workers=1, lang="en"))
    listed = list(csv.DictReader((out / "inventory.csv").open(encoding="utf-8")))
    assert list(listed[0]) == ["No.", "Document", "Date", "Pages", "Assessment", "Grounds",
                               "Remarks"]  # fmt: skip
    nota = next(r for r in listed if r["Document"] == "nota.pdf")
    assert nota["Assessment"] == "Partly public"
    assert nota["Remarks"] == (
        "Partly public: 1 passage redacted. 5.1.2e (respect for personal privacy): 1 passage "
        "(name 1)."
    )
    bijlage = next(r for r in listed if r["Document"] == "bijlage.pdf")
    assert bijlage["Remarks"].startswith("Not processed by woo-redact (empty file)")
    sheet = load_workbook(out / "inventory.xlsx").active
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == PRODUCTION_COLUMNS  # the platform's column names
    by_id = {r[0]: dict(zip(PRODUCTION_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert by_id["nota"]["Beoordeling"] == "Deels openbaar"  # the platform's vocabulary
    assert by_id["nota"]["Toelichting"] == nota["Remarks"]
    report = (tmp_path / "pub-review" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in report and '"assessment":"Partly public"' in report


INTERNAL = ("document closed or encrypted", "(0 bytes)", "no %PDF header", "(.docx)")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_internal_error_text_in_any_published_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from woo_redact import pipeline

    def closed(*args: object, **kw: object) -> None:
        raise ValueError("document closed or encrypted")

    monkeypatch.setattr(pipeline, "render_page_pictures", closed)  # forked workers inherit it
    src = tmp_path / "in"
    write_pdf(src / "nota.pdf", [["Van: Wilhelmina Oostervelt", "Dag."]])
    (src / "leeg.pdf").write_bytes(b"")
    (src / "mail.pdf").write_text("From: someone")
    (src / "brief.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "pub"
    summary = run([src], Options(out=out, workers=2, lang=lang))
    remarks = " ".join(r for res in summary.results for r in res.remarks)
    assert "page pictures for the report failed: document closed or encrypted" in remarks
    published = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".xlsx":
            cells = load_workbook(path).active.iter_rows(values_only=True)
            published.append(" ".join(str(c) for row in cells for c in row if c))
        elif path.is_file() and path.suffix != ".pdf":
            published.append(path.read_text(encoding="utf-8"))
    assert len(published) >= 5  # csv, xlsx, audit log, manifest, DiWoo
    for text in published:
        for internal in INTERNAL:
            assert internal not in text
    report = (tmp_path / "pub-review" / "report.html").read_text(encoding="utf-8")
    assert all(internal in report for internal in INTERNAL)  # the internal report has them
