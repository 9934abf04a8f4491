"""End to end on generated PDFs: what must be gone is gone everywhere, the rest survives."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from tests.conftest import embedded_payload, page_text, write_pdf
from woo_redact import __version__
from woo_redact.cli import main
from woo_redact.errors import ExitCode
from woo_redact.inputs import sha256_file
from woo_redact.pipeline import Options, run
from woo_redact.types import Status


def review_of(out: Path) -> Path:
    """The review folder a run gives ``out`` by default: beside it, never inside."""
    return out.with_name(f"{out.name}-review")


SECRETS = ["Marieke van der Linden", "111222333", "m.vanderlinden@minezk.nl", "06-41827395"]


def memo(path: Path, line_height: float = 14) -> Path:
    """A memo whose header and body carry personal data next to text that must stay."""
    write_pdf(
        path,
        [
            [
                "Aan de Minister van Economische Zaken en Klimaat",
                "Directoraat-generaal Bedrijfsleven & Innovatie",
                "Auteur: Marieke van der Linden",
                "Kenmerk DGBI / 27293059 bovenregel",
                "Het ministerie investeert EUR 1,6 miljard in Brainport-Eindhoven en Twente.",
                "Contact via m.vanderlinden@minezk.nl of 06-41827395, algemeen info@minezk.nl.",
                "Deze regel staat direct onder de gegevens van de auteur.",
                "BSN van betrokkene: 111222333 volgens opgave.",
                "De slotregel gaat over de Kamerbrief en de planning voor 2024.",
            ]
        ],
        metadata={"author": "Marieke van der Linden", "title": "Nota Marieke van der Linden"},
        line_height=line_height,
    )
    doc = pymupdf.open(path)
    doc[0].add_text_annot((400, 60), "Vraag aan Marieke van der Linden: klopt dit?")
    doc.set_toc([[1, "Nota van Marieke van der Linden", 1]])
    doc.saveIncr()
    doc.close()
    return path


@pytest.fixture
def memo_run(tmp_path: Path) -> tuple[Path, Path, object]:
    src = memo(tmp_path / "in" / "nota.pdf", line_height=12.5)  # tight lines
    out = tmp_path / "out"
    summary = run([tmp_path / "in"], Options(out=out, workers=1))
    return src, out, summary


def test_secrets_gone_from_every_channel(memo_run: tuple) -> None:
    _, out, summary = memo_run
    assert summary.exit_code == 0, [r.error for r in summary.results]
    pdf = out / "nota.pdf"
    text = page_text(pdf)
    with pymupdf.open(pdf) as doc:
        meta = " ".join(str(v) for v in doc.metadata.values())
        annots = " ".join(" ".join(a.info.values()) for p in doc for a in p.annots())
        toc = " ".join(t[1] for t in doc.get_toc())
        xmp = doc.get_xml_metadata()
    for secret in SECRETS:
        for channel in (text, meta, annots, toc, xmp):
            assert secret not in channel
    assert "van der Linden" not in text
    assert "[Redacted]" in text


def test_kept_text_and_neighbouring_lines_intact(memo_run: tuple) -> None:
    _, out, _ = memo_run
    pdf = out / "nota.pdf"
    text = page_text(pdf)
    for kept in [
        "Aan de Minister van Economische Zaken en Klimaat",
        "Kenmerk DGBI / 27293059 bovenregel",
        "Deze regel staat direct onder de gegevens van de auteur.",
        "Het ministerie investeert EUR 1,6 miljard in Brainport-Eindhoven en Twente.",
        "info@minezk.nl",
        "De slotregel gaat over de Kamerbrief en de planning voor 2024.",
        "BSN van betrokkene:",
        "volgens opgave.",
    ]:
        assert kept in text
    with pymupdf.open(pdf) as doc:
        assert doc[0].search_for("Brainport-Eindhoven")  # still searchable


def test_inputs_untouched_and_audit_clean(memo_run: tuple) -> None:
    src, out, summary = memo_run
    before = summary.results[0].sha256_in
    assert sha256_file(src) == before
    audit = (out / "audit.jsonl").read_text(encoding="utf-8")
    for secret in SECRETS + ["van der Linden", "Linden"]:
        assert secret not in audit
    lines = [json.loads(line) for line in audit.splitlines()]
    redactions = [line for line in lines if line["event"] == "redaction"]
    document = [line for line in lines if line["event"] == "document"][0]
    assert redactions and {r["ground"] for r in redactions} == {"5.1.2e", "5.1.1e"}
    assert document["sha256_out"] == sha256_file(out / "nota.pdf")
    assert document["sha256_in"] == before
    assert all(r["file"] == "nota.pdf" for r in redactions)
    assert [r["tool_version"] for r in lines if r["event"] == "run"] == [__version__]
    assert not list(out.rglob("*.part"))


def test_inventory_and_findings(memo_run: tuple) -> None:
    _, out, _ = memo_run
    rows = list(csv.DictReader((out / "inventory.csv").open(encoding="utf-8")))
    assert rows == [
        {
            "Nr.": "1",
            "Document": "nota.pdf",
            "Datum": rows[0]["Datum"],
            "Pagina's": "1",
            "Beoordeling": "Deels openbaar",
            "Beoordelingsgrond": "5.1.1e;5.1.2e",
            "Toelichting": rows[0]["Toelichting"],
        }
    ]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0]["Datum"])
    assert "5.1.1e (identificatienummers): 1 passage (BSN 1)" in rows[0]["Toelichting"]
    review = review_of(out)
    findings = json.loads((review / "findings.json").read_text(encoding="utf-8"))
    statuses = {f["text"]: f["status"] for f in findings["findings"]}
    assert statuses["info@minezk.nl"] == "keep"
    assert statuses["111222333"] == "proposed"  # nothing is final before a reviewer saw it
    on_page = [f for f in findings["findings"] if f["page"] == 1]
    side = [f for f in findings["findings"] if f["page"] == 0]  # metadata, note, bookmark
    assert on_page and all(f["boxes"] for f in on_page)
    assert side and all(not f["boxes"] for f in side)
    assert {f["page"] for f in findings["findings"]} == {0, 1}
    report = (review / "report.html").read_text(encoding="utf-8")
    assert "Intern werkbestand" in report and "111222333" in report
    # every name mention names its person, and the person lists its mentions
    persons = {p["id"]: p for p in findings["persons"]}
    names = [f for f in findings["findings"] if f["type"] == "PERSON" and f["status"] == "proposed"]
    assert names and all(f["person"] in persons for f in names)
    for f in names:
        person = persons[f["person"]]
        assert person["status"] == "redact" and person["evidence"]
        assert f["id"] in person["mentions"] or f["decided_by"] == "rule:consistency"
    page = embedded_payload(report)
    assert {p["id"] for p in page["persons"]} == set(persons)
    assert {f["id"] for f in page["findings"]} == {f["id"] for f in findings["findings"]}


def test_findings_ids_stable_across_scans(tmp_path: Path) -> None:
    memo(tmp_path / "in" / "nota.pdf")
    ids = []
    for n in (1, 2):
        run([tmp_path / "in"], Options(out=tmp_path / f"out{n}", workers=1))
        data = json.loads((tmp_path / f"out{n}-review" / "findings.json").read_text())
        ids.append((data["scan"], sorted(f["id"] for f in data["findings"])))
    assert ids[0] == ids[1]


def test_ground_label(tmp_path: Path) -> None:
    memo(tmp_path / "in" / "nota.pdf")
    run([tmp_path / "in"], Options(out=tmp_path / "out", workers=1, label="ground"))
    text = page_text(tmp_path / "out" / "nota.pdf")
    assert "5.1.2e" in text and "5.1.1e" in text and "[Redacted]" not in text


def test_box_drawn_over_text_is_caught_and_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A black rectangle over text that is still in the content stream must fail verification."""
    memo(tmp_path / "in" / "nota.pdf")
    monkeypatch.setattr(pymupdf.Page, "apply_redactions", lambda self, **kw: True)
    summary = run([tmp_path / "in"], Options(out=tmp_path / "out", workers=1))
    res = summary.results[0]
    assert res.status is Status.FAILED
    assert "verification failed" in res.error and "page text" in res.error
    assert not (tmp_path / "out" / "nota.pdf").exists()
    assert not list((tmp_path / "out").rglob("*.part"))
    assert summary.exit_code == ExitCode.FAILED


def test_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    memo(tmp_path / "in" / "a_good.pdf")
    (tmp_path / "in" / "b_empty.pdf").write_bytes(b"")
    (tmp_path / "in" / "c_text.pdf").write_text("dit is geen pdf", encoding="utf-8")
    (tmp_path / "in" / "d_broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(out),
                                       "--workers", "2"])  # fmt: skip
    assert result.exit_code == ExitCode.FAILED
    assert (out / "a_good.pdf").exists()
    for bad in ("b_empty.pdf", "c_text.pdf", "d_broken.pdf"):
        assert not (out / bad).exists()
        assert any(line.startswith(f"MISLUKT {bad}: ") for line in result.stdout.splitlines())
    inventory = (out / "inventory.csv").read_text(encoding="utf-8")
    rows = {r["Document"]: r for r in csv.DictReader(inventory.splitlines())}
    assert rows["a_good.pdf"]["Beoordeling"] == "Deels openbaar"
    assert "(leeg bestand)" in rows["b_empty.pdf"]["Toelichting"]
    assert "(geen PDF-bestand)" in rows["c_text.pdf"]["Toelichting"]
    assert rows["d_broken.pdf"]["Beoordeling"] == ""
    assert rows["d_broken.pdf"]["Toelichting"].startswith("Niet verwerkt door woo-redact")
    assert "empty file" not in inventory and "not a PDF" not in inventory  # internal text


def test_refuses_to_write_into_input_folder(tmp_path: Path) -> None:
    memo(tmp_path / "in" / "nota.pdf")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out",
                                       str(tmp_path / "in" / "out")])  # fmt: skip
    assert result.exit_code == 2
    assert "input folder" in result.output


def test_name_only_in_a_note_or_metadata_is_removed(tmp_path: Path) -> None:
    """A name that appears in no page text is still found in notes and metadata."""
    src = write_pdf(
        tmp_path / "in" / "memo.pdf",
        [["Het ministerie heeft het voorstel besproken.", "De planning volgt later."]],
        metadata={"subject": "Overleg met Pieter Bakkenes", "author": "Team Woo"},
    )
    doc = pymupdf.open(src)
    doc[0].add_text_annot((400, 60), "Graag nog even afstemmen met Pieter Bakkenes.")
    doc.set_toc([[1, "Voorstel van Pieter Bakkenes", 1]])
    doc.saveIncr()
    doc.close()
    out = tmp_path / "out"
    summary = run([tmp_path / "in"], Options(out=out, workers=1))
    assert summary.exit_code == 0, [r.error for r in summary.results]
    with pymupdf.open(out / "memo.pdf") as res:
        channels = " ".join(
            [str(v) for v in res.metadata.values()]
            + [" ".join(a.info.values()) for p in res for a in p.annots()]
            + [t[1] for t in res.get_toc()]
        )
    assert "Bakkenes" not in channels
    assert "Het ministerie heeft het voorstel besproken." in page_text(out / "memo.pdf")
    lines = [json.loads(x) for x in (out / "audit.jsonl").read_text().splitlines()]
    side = [x for x in lines if x.get("channel") == "metadata/annotations"]
    assert side and all(x["page"] is None and "Bakkenes" not in json.dumps(x) for x in side)


def test_keep_and_redact_names_files(tmp_path: Path) -> None:
    write_pdf(
        tmp_path / "in" / "a.pdf",
        [["Volgens dhr. Pietersen en mevrouw Jaspers is het plan goed.",
          "Burgemeester Hoekstra opende de vergadering."]],
    )  # fmt: skip
    (tmp_path / "keep.txt").write_text("# woordvoerder\nA. Pietersen\n", encoding="utf-8")
    (tmp_path / "redact.txt").write_text("Anna Hoekstra\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(out), "--quiet",
                                       "--keep-names", str(tmp_path / "keep.txt"),
                                       "--redact-names", str(tmp_path / "redact.txt")])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = page_text(out / "a.pdf")
    assert "Pietersen" in text
    assert "Jaspers" not in text and "Hoekstra" not in text
    findings = json.loads((review_of(out) / "findings.json").read_text())["findings"]
    decided_by = {(f["text"], f["decided_by"], f["status"]) for f in findings}
    assert ("Pietersen", "user:keep-names", "keep") in decided_by
    assert ("Hoekstra", "user:redact-names", "proposed") in decided_by
