"""Every input file is listed: files that are not PDFs are reported as not processed, never
skipped in silence; and a model that cannot find names is refused before any document is read."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from tests.conftest import write_pdf
from woo_redact import pipeline
from woo_redact.atomic import MANIFEST
from woo_redact.cli import main
from woo_redact.errors import ExitCode
from woo_redact.pipeline import Options, collect_inputs, not_processed_reason, run
from woo_redact.types import Status

EMAIL = "z.kwakernaat@gmail.com"


def _mixed_folder(src: Path) -> Path:
    write_pdf(src / "a.pdf", [[f"Contact: {EMAIL}"]])
    (src / "brief.docx").write_bytes(b"PK\x03\x04 word document")
    (src / "notes.txt").write_text("notities", encoding="utf-8")
    (src / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "sub").mkdir()
    (src / "sub" / "mail.msg").write_bytes(b"\xd0\xcf\x11\xe0 outlook")
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (src / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    write_pdf(src / "tmp" / "export", [["Een PDF zonder achtervoegsel."]])  # no .pdf suffix
    return src


def test_not_processed_reason_by_suffix_and_by_content(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04")
    write_pdf(tmp_path / "real.bin", [["tekst"]])
    (tmp_path / "fake.pdf").write_text("geen pdf", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    os.mkfifo(tmp_path / "pipe.pdf")
    assert not_processed_reason(tmp_path / "x.docx") == "not processed: not a PDF (.docx)"
    assert "a PDF without the .pdf suffix (.bin)" in not_processed_reason(tmp_path / "real.bin")
    assert not_processed_reason(tmp_path / "fake.pdf") == ""  # the PDF reader reports it
    assert "(no file name suffix)" in not_processed_reason(tmp_path / ".DS_Store")
    assert "not a regular file" in not_processed_reason(tmp_path / "pipe.pdf")  # never opened


def test_collect_inputs_lists_every_file_including_hidden_ones(tmp_path: Path) -> None:
    src = _mixed_folder(tmp_path / "in")
    docs = collect_inputs([src], tmp_path / "out")
    listed = {d.rel: d.skip for d in docs}
    assert set(listed) == {
        "a.pdf",
        "brief.docx",
        "notes.txt",
        "scan.png",
        "sub/mail.msg",
        ".DS_Store",
        "Thumbs.db",
        "tmp/export",
    }
    assert listed["a.pdf"] == ""
    assert listed["brief.docx"] == "not processed: not a PDF (.docx)"
    assert "without the .pdf suffix" in listed["tmp/export"]


def test_own_output_and_staging_folders_inside_an_input_are_not_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_pdf(src / "a.pdf", [["tekst"]])
    write_pdf(src / "old-run" / "a.pdf", [["tekst"]])  # an earlier run's publication
    (src / "old-run" / MANIFEST).write_text(
        json.dumps({"tool": "woo-redact", "files": ["a.pdf"]}), encoding="utf-8"
    )
    write_pdf(src / ".pub.staging-4242" / "b.pdf", [["tekst"]])  # a crashed run's staging
    write_pdf(src / ".pub.old-4242" / "c.pdf", [["tekst"]])
    assert [d.rel for d in collect_inputs([src], tmp_path / "out")] == ["a.pdf"]


def test_links_to_folders_are_listed_not_followed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_pdf(tmp_path / "elsewhere" / "b.pdf", [["tekst"]])
    src.mkdir()
    (src / "link").symlink_to(tmp_path / "elsewhere")
    docs = collect_inputs([src], tmp_path / "out")
    assert [(d.rel, d.skip) for d in docs] == [
        ("link", "not processed: a link to a folder (not followed)")
    ]


def test_non_pdfs_are_in_summary_inventory_audit_and_report_and_exit_1(tmp_path: Path) -> None:
    src = _mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == ExitCode.NOT_PDF, result.output
    text = result.stdout.splitlines()
    assert "8 document(en)" in text[0] and "7 niet verwerkt (geen PDF)" in text[0]
    assert "NIET VERWERKT brief.docx: not a PDF (.docx)" in text
    assert any(line.startswith("NIET VERWERKT .DS_Store: not a PDF") for line in text)
    assert "NIET VERWERKT sub/mail.msg: not a PDF (.msg)" in text
    rows = {
        r["Document"]: r for r in csv.DictReader((out / "inventory.csv").open(encoding="utf-8"))
    }
    assert rows["a.pdf"]["Beoordeling"] == "Deels openbaar"
    for name in ("brief.docx", "notes.txt", "scan.png", "sub/mail.msg", ".DS_Store", "Thumbs.db"):
        assert rows[name]["Beoordeling"] == ""
        assert rows[name]["Toelichting"].startswith("Niet verwerkt door woo-redact (geen PDF-")
    assert "(PDF zonder de extensie .pdf)" in rows["tmp/export"]["Toelichting"]
    audit = [json.loads(x) for x in (out / "audit.jsonl").read_text().splitlines()]
    docs = {x["file"]: x for x in audit if x["event"] == "document"}
    assert docs["brief.docx"]["status"] == Status.NOT_PROCESSED.value
    assert docs["brief.docx"]["sha256_in"] and docs["brief.docx"]["sha256_out"] == ""
    report = (tmp_path / "out-review" / "report.html").read_text(encoding="utf-8")
    assert "brief.docx: not processed: not a PDF (.docx)" in report
    published = [MANIFEST, "a.pdf", "audit.jsonl", "diwoo", "inventory.csv", "inventory.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == published


def test_only_non_pdfs_still_runs_and_lists_them(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "brief.docx").write_bytes(b"PK\x03\x04")
    summary = run([src], Options(out=tmp_path / "out", workers=1))
    assert [(r.rel, r.status) for r in summary.results] == [("brief.docx", Status.NOT_PROCESSED)]
    assert summary.exit_code == ExitCode.NOT_PDF


def test_an_explicit_non_pdf_file_is_listed_too(tmp_path: Path) -> None:
    (tmp_path / "brief.docx").write_bytes(b"PK\x03\x04")
    pdf = write_pdf(tmp_path / "a.pdf", [["tekst"]])
    docs = collect_inputs([tmp_path / "brief.docx", pdf], tmp_path / "out")
    assert [(d.rel, bool(d.skip)) for d in docs] == [("brief.docx", True), ("a.pdf", False)]


def test_empty_input_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no files found" in result.output


# -- a model that cannot find person names -----------------------------------------------------


def _model_without_ner(path: Path) -> Path:
    spacy.blank("nl").to_disk(path)
    return path


def _model_without_person(path: Path) -> Path:
    nlp = spacy.blank("nl")
    ner = nlp.add_pipe("ner")
    ner.add_label("ORG")
    ner.add_label("LOC")
    nlp.initialize()
    nlp.to_disk(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_model_without_ner, "has no 'ner' component"),
        (_model_without_person, "has a 'ner' component without a PERSON label (labels: LOC, ORG)"),
    ],
)
def test_model_without_person_names_is_refused_before_any_document_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, message: str
) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [[f"Contact: {EMAIL}"]])
    model = make(tmp_path / "model")

    def never(*args: object, **kw: object) -> None:
        raise AssertionError("a document was read")

    monkeypatch.setattr(pipeline, "inspect_pdf", never)
    monkeypatch.setattr(pipeline, "extract_document", never)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", str(tmp_path / "in"), "--out", str(out), "--model", str(model)]
    )
    assert result.exit_code == ExitCode.RULES, result.output
    assert message in " ".join(result.output.split())
    assert not out.exists() and not (tmp_path / "out-review").exists()
