"""The command line: exit codes 0/1/2, refusing to write into an input folder, the summary."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.conftest import write_pdf
from tests.pdf_fixtures import scanned_letter
from woo_redact import atomic, cli
from woo_redact.cli import ByteSize, main
from woo_redact.errors import DOCUMENT_CODES, EXIT_CODE_TEXT, ExitCode, documents_exit_code

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
    assert result.stdout.startswith(
        "1 document(en), 1 pagina('s): 1 gelakt en gecontroleerd, 0 mislukt, 0 handmatig af te "
        "handelen (niet gepubliceerd), 0 niet verwerkt (geen PDF)\n"
    )
    assert (tmp_path / "out" / "a.pdf").exists()


def test_exit_1_and_the_summary_lists_every_failure(runner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_pdf(src / "a.pdf", [[f"Contact: {EMAIL}"]])
    (src / "empty.pdf").write_bytes(b"")
    (src / "mail.pdf").write_text("From: someone\n")
    result = _run(
        runner, str(src), "--out", str(tmp_path / "out"), "--workers", "2", "--lang", "en"
    )
    assert result.exit_code == ExitCode.FAILED
    out = result.stdout.splitlines()
    assert "3 document(s)" in out[0] and "1 redacted and verified, 2 failed" in out[0]
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
    assert "let op: er is geen --publisher gegeven" in bare.stderr
    assert "--publisher" not in bare.stdout


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
    assert result.exit_code == ExitCode.FAILED
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
    assert "1 gescand met 2 voorgestelde lakking(en)" in text and f"apply {out}" in text
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
    assert result.exit_code == ExitCode.DECISIONS and "unknown finding id" in result.output
    assert not out.exists()
    result = runner.invoke(main, ["apply", str(out), "--decisions", str(decisions),
                                  "--reviewer", "R"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 gelakt en gecontroleerd" in result.stdout
    from tests.conftest import page_text

    assert EMAIL in page_text(out / "a.pdf") and "06-12345678" not in page_text(out / "a.pdf")


# -- exit codes ----------------------------------------------------------------------------------


def test_a_set_with_several_outcomes_exits_with_the_most_serious() -> None:
    assert documents_exit_code(0, 0, 0) is ExitCode.OK
    assert documents_exit_code(0, 0, 2) is ExitCode.NOT_PDF
    assert documents_exit_code(0, 1, 2) is ExitCode.MANUAL
    assert documents_exit_code(1, 1, 2) is ExitCode.FAILED
    assert DOCUMENT_CODES == (ExitCode.FAILED, ExitCode.MANUAL, ExitCode.NOT_PDF)


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (("a.pdf", "brief.docx"), ExitCode.NOT_PDF),
        (("a.pdf", "scan.pdf"), ExitCode.MANUAL),
        (("scan.pdf", "brief.docx"), ExitCode.MANUAL),
        (("empty.pdf", "scan.pdf", "brief.docx"), ExitCode.FAILED),
    ],
)
def test_exit_code_of_the_documents(runner, tmp_path: Path, files: tuple[str, ...], code) -> None:
    src = tmp_path / "in"
    makers = {
        "a.pdf": lambda p: write_pdf(p, [[f"Contact: {EMAIL}"]]),
        "brief.docx": lambda p: p.write_bytes(b"PK\x03\x04"),
        "scan.pdf": lambda p: scanned_letter(p, dpi=72),
        "empty.pdf": lambda p: p.write_bytes(b""),
    }
    src.mkdir()
    for name in files:
        makers[name](src / name)
    result = _run(runner, str(src), "-o", str(tmp_path / "out"), "--ocr", "never", "-q")
    assert result.exit_code == code, result.output


def test_help_lists_the_exit_codes_of_each_command(runner) -> None:
    def shown(args: list[str]) -> dict[int, str]:
        text = runner.invoke(main, [*args, "-h"]).output
        epilog = text.split("Exit status", 1)[1].splitlines()[1:]
        return {int(line.split()[0]): line.split(None, 1)[1] for line in epilog if line.strip()}

    pipeline = {c for c in ExitCode} - {ExitCode.NOT_FOUND}
    assert set(shown(["run"])) == pipeline - {ExitCode.DECISIONS}
    assert set(shown(["scan"])) == pipeline - {ExitCode.DECISIONS, ExitCode.AUDIT}
    assert set(shown(["apply"])) == pipeline
    for code, text in shown(["apply"]).items():
        assert text == EXIT_CODE_TEXT[ExitCode(code)] and len(text) <= 70
    assert "the first of 1, 3, 4 that applies" in runner.invoke(main, ["run", "-h"]).output
    find = shown(["audit", "find"])
    assert set(find) == {0, 2, 6, 8, 130} and find[0] == "the text was found"
    assert set(shown(["audit", "verify"])) == {0, 2, 6, 130}


def test_a_rules_folder_that_cannot_be_used_exits_5(runner, tmp_path: Path) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])
    (tmp_path / "rules").mkdir()
    result = _run(runner, str(tmp_path / "in"), "-o", str(tmp_path / "o"),
                  "--rules", str(tmp_path / "rules"))  # fmt: skip
    assert result.exit_code == ExitCode.RULES
    assert result.stderr.startswith("error: rules folder") and result.stdout == ""


def test_an_unexpected_error_exits_10_with_its_traceback(runner, tmp_path, monkeypatch) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "run", boom)
    result = _run(runner, str(tmp_path / "in"), "-o", str(tmp_path / "o"))
    assert result.exit_code == ExitCode.INTERNAL
    assert "Traceback" in result.stderr and "internal error: RuntimeError: boom" in result.stderr


def test_a_run_that_cannot_be_published_exits_9(runner, tmp_path, monkeypatch) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [[f"Contact: {EMAIL}"]])

    def full(pairs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "publish", full)
    result = _run(runner, str(tmp_path / "in"), "-o", str(tmp_path / "o"))
    assert result.exit_code == ExitCode.WRITE
    assert "cannot publish the run" in result.stderr and not (tmp_path / "o").exists()


# -- what goes where ---------------------------------------------------------------------------

LONG = "verslag_" + "zeer_lange_naam_" * 8 + ".pdf"


def _mixed(src: Path) -> Path:
    write_pdf(src / "a.pdf", [[f"Contact: {EMAIL}"]])
    (src / "empty.pdf").write_bytes(b"")
    (src / LONG).write_text("geen pdf")
    (src / "notes.txt").write_text("notities")
    return src


def test_summary_on_stdout_notes_on_stderr_and_no_wrapping(runner, tmp_path: Path) -> None:
    src = _mixed(tmp_path / "in")
    result = runner.invoke(main, ["run", str(src), "-o", str(tmp_path / "o"), "-j", "1"],
                           env={"COLUMNS": "40"})  # fmt: skip
    assert result.exit_code == ExitCode.FAILED
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 document(en), 1 pagina('s): 1 gelakt en gecontroleerd")
    assert lines[1] == "gelakt: e-mailadres 1"
    assert f"MISLUKT {LONG}: not a PDF file (no %PDF header)" in lines  # one line, whole
    assert "MISLUKT empty.pdf: empty file (0 bytes)" in lines
    assert "NIET VERWERKT notes.txt: not a PDF (.txt)" in lines
    assert lines[-1].startswith(f"gepubliceerd: {tmp_path / 'o'}; beoordelingsbestanden")
    assert result.stderr.startswith("let op: er is geen --publisher gegeven")
    assert len(result.stderr.splitlines()) == 1


def test_quiet_prints_only_what_is_not_published_and_verbose_every_document(
    runner, tmp_path: Path
) -> None:
    src = _mixed(tmp_path / "in")
    quiet = _run(runner, str(src), "-o", str(tmp_path / "o"), "-j", "1", "-q", "--lang", "en")
    assert quiet.exit_code == ExitCode.FAILED and quiet.stderr == ""
    assert sorted(quiet.stdout.splitlines()) == sorted(
        [
            "FAILED empty.pdf: empty file (0 bytes)",
            f"FAILED {LONG}: not a PDF file (no %PDF header)",
            "NOT PROCESSED notes.txt: not a PDF (.txt)",
        ]
    )
    verbose = _run(runner, str(src), "-o", str(tmp_path / "o"), "-j", "1", "-v", "--lang", "en")
    done = [x for x in verbose.stderr.splitlines() if not x.startswith("note: ")]
    assert sorted(done) == sorted(
        [
            "OK a.pdf: 1 page(s), 1 redaction(s)",
            "FAILED empty.pdf: empty file (0 bytes)",
            f"FAILED {LONG}: not a PDF file (no %PDF header)",
            "NOT PROCESSED notes.txt: not a PDF (.txt)",
        ]
    )
    assert verbose.stdout.startswith("4 document(s)")  # the summary, as without -v
    both = _run(runner, str(src), "-o", str(tmp_path / "o"), "-q", "-v")
    assert both.exit_code == ExitCode.USAGE and "exclude each other" in both.stderr


def test_json_is_all_there_is_on_stdout_and_the_run_log_has_the_details(
    runner, tmp_path: Path
) -> None:
    import json

    src = _mixed(tmp_path / "in")
    out = tmp_path / "o"
    result = _run(runner, str(src), "-o", str(out), "-j", "1", "--json", "--publisher", "Gemeente")
    assert result.exit_code == ExitCode.FAILED
    doc = json.loads(result.stdout)
    assert (doc["command"], doc["exit_code"], doc["exit_status"]) == ("run", 1, "failed")
    assert doc["out"] == str(out) and doc["review"] == str(tmp_path / "o-review")
    assert doc["totals"] == {
        "documents": 4, "pages": 1, "ok": 1, "failed": 2, "needs_review": 0,
        "not_processed": 1, "scanned": 0, "redactions": 1,
        "by_ground": {"5.1.2e": 1}, "by_type": {"EMAIL_ADDRESS": 1},
    }  # fmt: skip
    docs = {d["input"]: d for d in doc["documents"]}
    assert docs["a.pdf"]["published"] == "a.pdf" and docs["a.pdf"]["by_ground"] == {"5.1.2e": 1}
    assert docs["empty.pdf"]["published"] is None
    assert docs["empty.pdf"]["error"] == "empty file (0 bytes)"
    assert doc["scan"] and len(doc["scan"]) == 16
    assert result.stderr.splitlines()[0].startswith("4 document(en)")  # the summary, aside
    log = (tmp_path / "o-review" / "run.log").read_text(encoding="utf-8")
    assert "exit status 1 (failed)" in log and "publisher=Gemeente" in log
    assert "\nMISLUKT empty.pdf: empty file (0 bytes)\n" in log  # as printed
    assert "\nempty.pdf: failed, 0 page(s), 0 redaction(s)\n  error: empty file (0 bytes)\n" in log
    assert "\na.pdf -> a.pdf: ok, 1 page(s), 1 redaction(s) (5.1.2e 1; EMAIL_ADDRESS 1)\n" in log
    manifest = json.loads((tmp_path / "o-review" / ".woo-redact-manifest.json").read_text())
    assert "run.log" in manifest["files"]  # published with the run: the next run may replace it


# -- option values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-memory", "10K"], "'--max-memory': 10K is too small: documents would fail"),
        (["--max-memory", "3000T"], "give at most 1T (sensible: 1G to 8G; 0: no limit)"),
        (["--max-memory", "inf"], "not a size: 'inf'"),
        (["--timeout", "0.5"], "'--timeout': 0.5 s is too short"),
        (["--timeout", "1e9"], "give at most 86400 s (sensible: 60 to 3600; 0: no limit)"),
        (["--page-timeout", "0.1"], "give at least 2 s (sensible: 10 to 120; 0: no limit)"),
        (["-j", "100000"], "'-j' / '--workers': 100000 is too large: give at most"),
        (["--workers", "-1"], "-1 is too small: give at least 0 (0: one per CPU)"),
        (["--max-pages", "0"], "'--max-pages': 0 is too small: give at least 1"),
        (["--max-pages", "10000000"], "give at most 100000"),
        (["--label", "x" * 41], "41 characters is too long for a label in a box"),
        (["--label", "a\nb"], "a label is one line of printable text"),
        (["--password-file", "{tmp}/empty.txt"], "holds no password (one per line)"),
        (["--keep-names", "{tmp}/empty.txt"], "--keep-names {tmp}/empty.txt holds no names"),
        (["--redact-names", "{tmp}/comments.txt"], "holds no names"),
        (["-q", "-v"], "-q/--quiet and -v/--verbose exclude each other"),
        (
            ["--keep-names", "{tmp}/names.txt", "--redact-names", "{tmp}/other.txt"],
            "1 name(s) on both --keep-names and --redact-names (e.g. 'jan de vries')",
        ),
    ],
)
def test_absurd_option_values_are_refused_with_what_is_sensible(
    runner, tmp_path: Path, args: list[str], message: str
) -> None:
    write_pdf(tmp_path / "in" / "a.pdf", [["tekst"]])
    (tmp_path / "empty.txt").write_text("\n\n")
    (tmp_path / "comments.txt").write_text("# nobody yet\n")
    (tmp_path / "names.txt").write_text("Jan de Vries\nPiet Bos\n")
    (tmp_path / "other.txt").write_text("jan  de vries\n")
    args = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(main, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message.format(tmp=tmp_path) in " ".join(result.stderr.split())
    assert not (tmp_path / "o").exists() and result.stdout == ""


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [("--max-memory", "64M", 64 * 1024**2), ("--max-memory", "0", 0), ("--timeout", "0", 0.0),
     ("--timeout", "10", 10.0), ("--page-timeout", "0", 0.0), ("-j", "0", 0),
     ("--label", "", "")],
)  # fmt: skip
def test_the_edges_of_the_ranges_are_accepted(option: str, value: str, expected) -> None:
    command = main.commands["run"]
    param = next(p for p in command.params if option in p.opts)
    assert param.type_cast_value(click.Context(command), value) == expected
