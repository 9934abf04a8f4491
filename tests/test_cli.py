"""The command line: exit codes 0/1/2, refusing to write into an input folder, the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import write_pdf
from woo_redact.cli import ByteSize, main

EMAIL = "z.kwakernaat@gmail.com"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _run(runner: CliRunner, *args: str):
    return runner.invoke(main, ["run", *args], catch_exceptions=False)


def test_exit_0_when_every_document_is_published(runner, tmp_path: Path) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [[f"Contact: {EMAIL}"]])
    result = _run(runner, str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "1 redacted and verified, 0 failed, 0 need manual handling" in " ".join(
        result.output.split()
    )
    assert (tmp_path / "out" / "a.pdf").exists()


def test_exit_1_and_the_summary_lists_every_failure(runner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_pdf(src / "a.pdf", [[f"Contact: {EMAIL}"]])
    (src / "empty.pdf").write_bytes(b"")
    (src / "mail.pdf").write_text("From: someone\n")
    result = _run(runner, str(src), "--out", str(tmp_path / "out"), "--workers", "2")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "3 document(s)" in out and "1 redacted and verified, 2 failed" in out
    assert "FAILED empty.pdf: empty file (0 bytes)" in out
    assert "FAILED mail.pdf: not a PDF file (no %PDF header)" in out
    assert (tmp_path / "out" / "a.pdf").exists()
    assert not (tmp_path / "out" / "empty.pdf").exists()


def test_publication_and_audit_key_options(runner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_pdf(tmp_path / "in" / "a.pdf", [[f"Contact: {EMAIL}"]])
    key, out = tmp_path / "keys" / "set.key", tmp_path / "out"
    uri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    result = _run(runner, str(tmp_path / "in"), "--out", str(out), "--audit-key", str(key),
                  "--publisher", "gemeente Amsterdam", "--publisher-uri", uri,
                  "--publication-context", "WOO-2026.7")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert key.is_file() and "no --publisher" not in result.output
    assert f'resource="{uri}">gemeente Amsterdam<' in (out / "diwoo" / "a.xml").read_text()
    assert load_workbook(out / "inventory.xlsx").active["B2"].value == "WOO-2026.7"
    bare = _run(runner, str(tmp_path / "in"), "--out", str(tmp_path / "out2"))
    assert "note: no --publisher given" in " ".join(bare.output.split())


def test_exit_2_when_the_output_is_inside_an_input_folder(runner, tmp_path: Path) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])
    result = runner.invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "in")])
    assert result.exit_code == 2
    assert "refusing to write into an input folder" in result.output
    result = runner.invoke(
        main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "in" / "sub")]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["{tmp}/does-not-exist.pdf", "--out", "{tmp}/o"],
        ["{tmp}/in", "--out", "{tmp}/o", "--max-memory", "lots"],
        ["{tmp}/in", "--out", "{tmp}/o", "--timeout", "-1"],
        ["{tmp}/in", "--out", "{tmp}/o", "--password-file", "{tmp}/no-such-file"],
    ],
)
def test_exit_2_for_usage_errors(runner, tmp_path: Path, args: list[str]) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])
    args = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(main, ["run", *args])
    assert result.exit_code == 2, result.output


def test_password_file_opens_encrypted_pdfs_and_is_never_printed(runner, tmp_path: Path) -> None:
    import pymupdf

    src = tmp_path / "in"
    src.mkdir()
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), f"Contact: {EMAIL}", fontname="helv")
    doc.save(
        src / "secret.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw-2", owner_pw="x"
    )
    pw = tmp_path / "passwords.txt"
    pw.write_text("pw-1\npw-2\n", encoding="utf-8")
    result = _run(runner, str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "encrypted PDF: a password is needed" in " ".join(result.output.split())
    result = _run(runner, str(src), "--out", str(tmp_path / "out"), "--password-file", str(pw))
    assert result.exit_code == 0, result.output
    assert "pw-2" not in result.output
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"pw-2" not in path.read_bytes()


@pytest.mark.parametrize(
    ("text", "size"),
    [("4G", 4 * 1024**3), ("512M", 512 * 1024**2), ("1.5g", int(1.5 * 1024**3)), ("0", 0)],
)
def test_byte_size(text: str, size: int) -> None:
    assert ByteSize().convert(text, None, None) == size


def test_scan_then_apply_from_the_command_line(runner, tmp_path: Path) -> None:
    import json

    write_pdf(tmp_path / "in" / "a.pdf", [[f"Contact: {EMAIL}", "Bel 06-12345678."]])
    out = tmp_path / "out"
    result = runner.invoke(main, ["scan", str(tmp_path / "in"), "--out", str(out)])
    text = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "1 scanned with 2 proposed redaction(s)" in text and f"apply {out}" in text
    assert not out.exists() and (tmp_path / "out-review" / "work" / "scan.json").is_file()
    findings = json.loads((tmp_path / "out-review" / "findings.json").read_text("utf-8"))
    mail = next(r for r in findings["findings"] if r["type"] == "EMAIL_ADDRESS")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(
        json.dumps(
            {"scan": findings["scan"], "decisions": [{"id": mail["id"], "action": "reject"}]}
        )
    )
    result = runner.invoke(main, ["apply", str(out), "--decisions", str(decisions)])
    assert result.exit_code == 2 and "--reviewer" in result.output  # required
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"scan": findings["scan"], "decisions": [{"id": "nope", "action": "reject"}]})
    )
    result = runner.invoke(main, ["apply", str(out), "--decisions", str(bad), "--reviewer", "R"])
    assert result.exit_code == 2 and "unknown finding id" in result.output
    assert not out.exists()
    result = runner.invoke(main, ["apply", str(out), "--decisions", str(decisions),
                                  "--reviewer", "R"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 redacted and verified" in " ".join(result.output.split())
    from tests.conftest import page_text

    assert EMAIL in page_text(out / "a.pdf") and "06-12345678" not in page_text(out / "a.pdf")
