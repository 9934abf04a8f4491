"""The audit log: one hash chain over runs and review rounds, every tamper named, the key kept
outside the log, and no redacted text in it (record/audit*.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import write_pdf
from woo_redact import atomic
from woo_redact.atomic import MANIFEST
from woo_redact.cli import main
from woo_redact.errors import ExitCode, UsageError
from woo_redact.pipeline import Options, run
from woo_redact.record.audit import (
    GENESIS,
    AuditLog,
    AuditLogError,
    canonical,
    find_text,
    parse_lines,
    record_hash,
    verify_log,
    verify_records,
)
from woo_redact.record.audit_key import (
    AuditKey,
    AuditKeyError,
    new_key,
    normalise,
    read_key,
    write_key,
)
from woo_redact.record.audit_records import Batch, Scrubber, decision_record, run_record
from woo_redact.record.audit_setup import prepare_audit, write_batch

NAME = "Wilhelmina Oostervelt"
EMAIL = "w.oostervelt@gmail.com"
BSN = "111222333"
SECRETS = [NAME, "Oostervelt", "Wilhelmina", EMAIL, BSN, "06-41827395"]


def _make_set(folder: Path) -> Path:
    write_pdf(
        folder / "brief.pdf",
        [
            [
                "Aan de Minister van Binnenlandse Zaken",
                f"Van: {NAME}",
                f"Contact via {EMAIL} of 06-41827395.",
                f"BSN van betrokkene: {BSN} volgens opgave.",
                "Burgemeester Hoekstra opende de vergadering over de begroting.",
            ]
        ],
    )
    write_pdf(folder / "verslag.pdf", [[f"Overleg met {NAME} over de planning van 2024."]])
    (folder / "notitie.docx").write_bytes(b"PK\x03\x04")
    return folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One set published twice into the same folder: the log of two runs."""
    base = tmp_path_factory.mktemp("audit")
    src = _make_set(base / "in")
    out = base / "pub"
    for _ in range(2):
        summary = run([src], Options(out=out, workers=1))
        assert summary.exit_code == ExitCode.NOT_PDF  # the .docx is listed, not processed
    return base, out


@pytest.fixture
def copy(published: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, AuditKey]:
    """A private copy of the publication and its review folder, to tamper with."""
    base, out = published
    shutil.copytree(out, tmp_path / "pub")
    shutil.copytree(base / "pub-review", tmp_path / "pub-review")
    key = read_key(tmp_path / "pub-review" / "audit.key")
    return tmp_path / "pub", tmp_path / "pub-review", key


def _lines(out: Path) -> list[str]:
    return (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()


def _write(out: Path, lines: list[str]) -> None:
    (out / "audit.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _rehash(rec: dict) -> str:
    rec["hash"] = record_hash(rec)
    return canonical(rec)


def _problems(out: Path, key: AuditKey | None = None, outputs: bool = False) -> list[str]:
    report = verify_log(out / "audit.jsonl", out if outputs else None, key)
    return [f"{p.kind}|{p}" for p in report.problems]


# -- one chain over runs -------------------------------------------------------------------------


def test_two_runs_make_one_sealed_chain(published: tuple[Path, Path]) -> None:
    base, out = published
    records = [json.loads(line) for line in _lines(out)]
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert records[0]["prev"] == GENESIS
    assert all(b["prev"] == a["hash"] for a, b in zip(records, records[1:], strict=False))
    runs = [r for r in records if r["event"] == "run"]
    seals = [r for r in records if r["event"] == "seal"]
    assert len(runs) == 2 and len(seals) == 2 and records[-1]["event"] == "seal"
    assert runs[0]["key_id"] == runs[1]["key_id"] == read_key(base / "pub-review/audit.key").id
    key = read_key(base / "pub-review" / "audit.key")
    report = verify_log(out / "audit.jsonl", out, key)
    assert report.problems == [] and report.runs == 2 and report.seals_checked == 2


def test_run_record_names_rules_model_options_and_never_secrets(
    published: tuple[Path, Path],
) -> None:
    _, out = published
    first = json.loads(_lines(out)[0])
    assert first["event"] == "run" and first["command"] == "run"
    for field in ("rules_sha256", "model_sha256", "lists_sha256"):
        assert len(first[field]) == 64
    assert first["options"]["passwords"] == 0 and first["options"]["keep_names"] == 0
    docs = {json.loads(x)["file"]: json.loads(x) for x in _lines(out) if '"document"' in x}
    assert docs["brief.pdf"]["sha256_in"] and docs["brief.pdf"]["sha256_out"]
    assert docs["notitie.docx"]["reason"] == "not-a-pdf" and docs["notitie.docx"]["sha256_in"]


def test_redactions_and_keeps_carry_what_an_auditor_needs(published: tuple[Path, Path]) -> None:
    _, out = published
    records = [json.loads(line) for line in _lines(out)]
    reds = [r for r in records if r["event"] == "redaction" and r["file"] == "brief.pdf"]
    for field in ("page", "boxes", "type", "ground", "recognizer", "by", "score", "motivation",
                  "person", "text_hmac"):  # fmt: skip
        assert all(field in r for r in reds), field
    assert {r["ground"] for r in reds} == {"5.1.2e", "5.1.1e"}
    assert any(r["person"] and r["type"] == "PERSON" for r in reds)
    keeps = [r for r in records if r["event"] == "keep"]
    office = [k for k in keeps if "office holder" in k["motivation"]]
    assert office, "why the burgemeester's name stayed"


def test_log_and_every_published_file_hold_no_redacted_string(
    published: tuple[Path, Path],
) -> None:
    base, out = published
    from openpyxl import load_workbook

    texts = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and p.suffix != ".pdf" and p.suffix != ".xlsx"
    }
    sheet = load_workbook(out / "inventory.xlsx").active
    texts["inventory.xlsx"] = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert {"audit.jsonl", "inventory.csv", "inventory.xlsx", MANIFEST} <= set(texts)
    for name, text in texts.items():
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (name, secret)
    # the review folder is internal and does show them
    assert NAME in (base / "pub-review" / "findings.json").read_text(encoding="utf-8")


def test_scrubber_replaces_values_and_input_names() -> None:
    scrub = Scrubber({"in/Klacht Jansen.pdf": "Klacht [gelakt].pdf"}, ["Jan Jansen", "Jansen"])
    text = "a private person (person P0001: Jan Jansen) as in in/Klacht Jansen.pdf, p. 2"
    assert scrub(text) == (
        "a private person (person P0001: [gelakt]) as in Klacht [gelakt].pdf, p. 2"
    )


# -- every tamper named ------------------------------------------------------------------------


def test_an_intact_copy_verifies(copy: tuple[Path, Path, AuditKey]) -> None:
    out, _, key = copy
    assert _problems(out, key, outputs=True) == []


def test_an_edited_record_is_named(copy: tuple[Path, Path, AuditKey]) -> None:
    out, _, _ = copy
    lines = _lines(out)
    rec = json.loads(lines[4])
    rec["ground"] = "5.1.2i"
    lines[4] = canonical(rec)
    _write(out, lines)
    assert _problems(out) == [
        "edited|record 5 (line 5): changed after it was written: its content no longer "
        "matches its hash"
    ]


def test_an_edited_and_rehashed_record_breaks_the_next_link(
    copy: tuple[Path, Path, AuditKey],
) -> None:
    out, _, _ = copy
    lines = _lines(out)
    rec = json.loads(lines[4])
    rec["score"] = 0.1
    lines[4] = _rehash(rec)
    _write(out, lines)
    problems = _problems(out)
    assert len(problems) == 1 and problems[0].startswith("edited|record 6 (line 6): it does not")
    assert "record 5" in problems[0]


def test_a_rewritten_chain_is_caught_by_the_key(copy: tuple[Path, Path, AuditKey]) -> None:
    """Someone without the key edits a record and re-hashes everything after it."""
    out, _, key = copy
    records = [json.loads(line) for line in _lines(out)]
    records[4]["type"] = "NL_POSTCODE"
    prev = records[3]["hash"]
    for rec in records[4:]:
        rec["prev"] = prev
        prev = rec["hash"] = record_hash(rec)
    _write(out, [canonical(r) for r in records])
    assert _problems(out) == []  # the chain alone cannot tell
    problems = _problems(out, key)
    assert problems and all(p.startswith("seal|record ") for p in problems)
    assert "does not match the key" in problems[0]


def test_a_deleted_record_is_named(copy: tuple[Path, Path, AuditKey]) -> None:
    out, _, _ = copy
    lines = _lines(out)
    del lines[6]
    _write(out, lines)
    problems = _problems(out)
    assert problems[0] == ("missing|record 8 (line 7): record(s) 7 are missing before it (deleted)")
    assert all("record 7" not in p.split("|")[1].split(":")[0] for p in problems)


def test_an_inserted_copy_and_an_inserted_forgery_are_named(
    copy: tuple[Path, Path, AuditKey],
) -> None:
    out, _, _ = copy
    lines = _lines(out)
    forged = json.loads(lines[5])  # record 6, rewritten as if it belonged there
    forged["ground"] = "5.2.1"
    forged["prev"] = json.loads(lines[4])["hash"]
    lines.insert(5, _rehash(forged))  # line 6 is now the forgery, line 7 the real record 6
    lines.insert(9, lines[2])  # and an exact copy of record 3 further down
    _write(out, lines)
    problems = _problems(out)
    assert "inserted|record 6 (line 6): a second record 6 that the chain does not lead " \
        "through: inserted" in problems  # fmt: skip
    assert any(p.startswith("inserted|record 3 (line 10)") for p in problems)


def test_reordered_records_are_named(copy: tuple[Path, Path, AuditKey]) -> None:
    out, _, _ = copy
    lines = _lines(out)
    lines[4], lines[5] = lines[5], lines[4]
    _write(out, lines)
    problems = _problems(out)
    assert problems[0].startswith("reordered|record 6 (line 5): it comes before record(s) 5")
    assert problems[1] == (
        "reordered|record 5 (line 6): it comes after record 6: records were reordered"
    )
    assert len(problems) == 2


def test_a_damaged_line_and_a_cut_run_are_named(copy: tuple[Path, Path, AuditKey]) -> None:
    out, _, _ = copy
    lines = _lines(out)
    lines[2] = lines[2][:40]  # half a line
    del lines[-1]  # the last seal
    _write(out, lines)
    problems = _problems(out)
    assert problems[0].startswith("unreadable|line 3: not a JSON record")
    assert any(p.startswith("unsealed|record ") for p in problems)


def test_a_swapped_changed_missing_or_extra_output_is_named(
    copy: tuple[Path, Path, AuditKey],
) -> None:
    out, _, _ = copy
    shutil.copy(out / "verslag.pdf", out / "brief.pdf")  # swapped
    (out / "inventory.csv").write_text("Nr.,Document\n", encoding="utf-8")  # changed
    (out / "diwoo" / "verslag.xml").unlink()  # deleted
    write_pdf(out / "extra.pdf", [["niet gelogd"]])  # slipped in
    problems = _problems(out, outputs=True)
    kinds = {p.split("|")[1].split(":")[0]: p.split("|")[0] for p in problems}
    assert kinds == {
        "file brief.pdf": "file-changed",
        "file inventory.csv": "file-changed",
        "file diwoo/verslag.xml": "file-missing",
        "file extra.pdf": "file-unlisted",
    }


def test_a_log_cut_after_a_seal_is_caught_by_the_manifest(
    copy: tuple[Path, Path, AuditKey],
) -> None:
    out, _, _ = copy
    records = [json.loads(line) for line in _lines(out)]
    first_seal = next(i for i, r in enumerate(records) if r["event"] == "seal")
    _write(out, _lines(out)[: first_seal + 1])  # only the first run is left
    assert _problems(out) == []  # a shorter log is still a valid chain …
    problems = _problems(out, outputs=True)
    assert any(p.startswith("truncated|log: the publication's manifest names") for p in problems)


def test_cli_verify_names_problems_and_sets_the_exit_code(
    copy: tuple[Path, Path, AuditKey],
) -> None:
    out, review, _ = copy
    args = ["audit", "verify", str(out / "audit.jsonl"), "--outputs", str(out)]
    ok = CliRunner().invoke(main, [*args, "--key", str(review / "audit.key")])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("OK: ") and "2 run(s), 0 problem(s), 2 seal(s)" in ok.output
    shutil.copy(out / "verslag.pdf", out / "brief.pdf")
    bad = CliRunner().invoke(main, args)
    assert bad.exit_code == ExitCode.AUDIT
    assert "PROBLEM file brief.pdf: its SHA-256 differs from record" in bad.output
    assert "BROKEN: " in bad.output


# -- a run never continues a broken log ------------------------------------------------------------


def _state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if
            p.is_file()}  # fmt: skip


@pytest.mark.parametrize("damage", ["edit", "delete-log", "truncate"])
def test_a_run_over_a_broken_log_fails_closed(
    copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path], damage: str
) -> None:
    out, review, _ = copy
    lines = _lines(out)
    if damage == "edit":
        lines[3] = lines[3].replace('"5.1.2e"', '"5.1.2i"', 1)
        _write(out, lines)
    elif damage == "delete-log":
        (out / "audit.jsonl").unlink()
    else:
        _write(out, lines[:-3])
    before = _state(out), _state(review)
    src = published[0] / "in"
    with pytest.raises(AuditLogError, match="Nothing was written"):
        run([src], Options(out=out, workers=1))
    assert (_state(out), _state(review)) == before


def test_a_log_of_an_earlier_version_is_not_continued(
    copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path]
) -> None:
    out, _, _ = copy
    old = [{"event": "redaction", "file": "brief.pdf"}, {"event": "document", "file": "x"}]
    _write(out, [json.dumps(r) for r in old])
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    del manifest["audit"]  # as an earlier version wrote it
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(AuditLogError, match="earlier woo-redact, without a hash chain"):
        run([published[0] / "in"], Options(out=out, workers=1))
    (out / "audit.jsonl").rename(out.parent / "audit-old.jsonl")  # moved aside on purpose
    assert run([published[0] / "in"], Options(out=out, workers=1)).exit_code == ExitCode.NOT_PDF
    assert verify_log(out / "audit.jsonl").problems == []


def test_a_missing_key_is_named(copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path]):
    out, review, key = copy
    shutil.rmtree(review)
    with pytest.raises(AuditLogError, match=f"no audit key was found at .*id {key.id}"):
        run([published[0] / "in"], Options(out=out, workers=1))


def test_cli_reports_a_broken_log_without_a_traceback(
    copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path]
) -> None:
    out, _, _ = copy
    lines = _lines(out)
    del lines[2]
    _write(out, lines)
    result = CliRunner().invoke(main, ["run", str(published[0] / "in"), "--out", str(out)])
    assert result.exit_code == ExitCode.AUDIT
    output = " ".join(result.output.split())
    assert "error: the audit log" in output and "is broken: record" in output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- the key ---------------------------------------------------------------------------------------


def test_key_file_roundtrip_and_refusals(tmp_path: Path) -> None:
    key = new_key()
    path = tmp_path / "k" / "audit.key"
    write_key(path, key)
    assert read_key(path) == key and path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(AuditKeyError, match="never overwritten"):
        write_key(path, new_key())
    (tmp_path / "bad.key").write_text("no key here", encoding="ascii")
    with pytest.raises(AuditKeyError, match="not a woo-redact audit key"):
        read_key(tmp_path / "bad.key")
    assert key.id != new_key().id and len(key.id) == 16
    assert key.text_mac("Jan  de\nVries") == key.text_mac("JAN DE VRIES")
    assert normalise(" Jan\tde  Vries ") == "jan de vries"


def test_find_needs_the_key(copy: tuple[Path, Path, AuditKey]) -> None:
    out, review, key = copy
    log = out / "audit.jsonl"
    assert NAME.lower() not in log.read_text(encoding="utf-8").lower()
    found = CliRunner().invoke(
        main, ["audit", "find", str(log), "--key", str(review / "audit.key"), "--text", NAME]
    )
    assert found.exit_code == 0, found.output
    assert "brief.pdf p. 1 PERSON redacted on 5.1.2e" in found.output
    assert "verslag.pdf p. 1 PERSON redacted" in found.output
    surname = CliRunner().invoke(
        main,
        [
            "audit",
            "find",
            str(log),
            "--key",
            str(review / "audit.key"),
            "--text",
            "oostervelt",
        ],  # fmt: skip
    )
    assert surname.exit_code == 0 and "[part]" in surname.output
    other = tmp_key = out.parent / "other.key"
    write_key(tmp_key, new_key())
    missed = CliRunner().invoke(
        main, ["audit", "find", str(log), "--key", str(other), "--text", NAME]
    )
    assert missed.exit_code == ExitCode.NOT_FOUND
    assert "0 record(s) found" in missed.output and "another key" in missed.output
    records = [json.loads(line) for line in _lines(out)]
    assert find_text(records, key, "Iemand Anders")[0] == []


def test_a_lost_key_stops_the_run_and_a_new_key_is_recorded(
    copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path]
) -> None:
    out, review, old = copy
    src = published[0] / "in"
    (review / "audit.key").unlink()
    wrong = new_key()
    write_key(review / "audit.key", wrong)  # the officer's key was lost, another put there
    with pytest.raises(AuditLogError, match="is not the key the log"):
        run([src], Options(out=out, workers=1))
    summary = run([src], Options(out=out, workers=1, new_audit_key=True))
    assert summary.exit_code == ExitCode.NOT_PDF
    new = read_key(review / "audit.key")
    runs = [json.loads(x) for x in _lines(out) if '"event":"run"' in x]
    assert runs[-1]["key_id"] == new.id != old.id
    assert runs[-1]["previous_key_id"] == old.id
    assert [p.name for p in review.glob("audit-*.key")] == [f"audit-{wrong.id}.key"]  # kept
    records = [json.loads(line) for line in _lines(out)]
    assert find_text(records, old, NAME)[0] and find_text(records, new, NAME)[0]
    assert verify_log(out / "audit.jsonl", out, new).problems == []


def test_an_own_key_file_is_created_once_and_never_in_the_publication(tmp_path: Path) -> None:
    src = _make_set(tmp_path / "in")
    key_file = tmp_path / "safe" / "set.key"
    out = tmp_path / "pub"
    run([src], Options(out=out, workers=1, audit_key=key_file))
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "pub-review" / "audit.key").exists()
    run([src], Options(out=out, workers=1, audit_key=key_file))
    assert verify_log(out / "audit.jsonl", out, read_key(key_file)).seals_checked == 2
    with pytest.raises(UsageError, match="inside the publication folder"):
        run([src], Options(out=out, workers=1, audit_key=out / "audit.key"))
    with pytest.raises(UsageError, match="inside the review folder"):
        run([src], Options(out=out, workers=1, audit_key=tmp_path / "pub-review" / "k.key"))


# -- a review round through the API ----------------------------------------------------------------


def test_two_runs_and_a_review_round_make_one_valid_chain(
    copy: tuple[Path, Path, AuditKey], published: tuple[Path, Path]
) -> None:
    """What issue 12's `apply` does: one batch with the reviewer's decisions, then a run."""
    out, review, key = copy
    records = [json.loads(line) for line in _lines(out)]
    red = next(r for r in records if r["event"] == "redaction" and r["type"] == "PERSON")
    setup = prepare_audit(out.resolve(), review.resolve())
    assert setup.key == key
    batch = Batch(run="review-1", time="2026-12-03T10:00:00+00:00", key=key)
    scrub = Scrubber({}, [NAME])
    bodies = [
        run_record(batch, "apply", {"reviewer": "A. Beoordelaar"}, {}, "scan"),
        decision_record(
            batch,
            reviewer="A. Beoordelaar",
            file=red["file"],
            action="reject",
            previous_action="redact",
            finding_id=red["finding_id"],
            motivation=scrub(f"{NAME} is woordvoerder"),
            page=red["page"],
            boxes=red["boxes"],
            text=NAME,
        ),  # fmt: skip
        decision_record(
            batch,
            reviewer="A. Beoordelaar",
            file="brief.pdf",
            action="redact",
            ground="5.2.1",
            motivation="persoonlijke beleidsopvatting",
            page=1,
            boxes=[[72, 300, 400, 320]],
        ),  # fmt: skip
    ]
    log = write_batch(setup, batch, bodies, out, review)
    atomic.write_manifest(out, "scan", "publication",
                          {"audit": {"head": log.head, "records": log.count}})  # fmt: skip
    assert verify_log(out / "audit.jsonl", out, key).problems == []
    summary = run([published[0] / "in"], Options(out=out, workers=1))  # a third run after it
    assert summary.exit_code == ExitCode.NOT_PDF
    report = verify_log(out / "audit.jsonl", out, key)
    assert report.problems == [] and report.runs == 4 and report.seals_checked == 4
    text = (out / "audit.jsonl").read_text(encoding="utf-8")
    assert NAME not in text and "[gelakt] is woordvoerder" in text
    decisions = [json.loads(x) for x in text.splitlines() if '"event":"decision"' in x]
    assert [d["action"] for d in decisions] == ["reject", "redact"]
    assert find_text([json.loads(x) for x in text.splitlines()], key, NAME)[0]


def test_append_sets_the_chain_fields_itself(tmp_path: Path) -> None:
    log = AuditLog()
    first, second = log.append([{"event": "run", "seq": 99, "hash": "x"}, {"event": "document"}])
    assert (first["seq"], first["prev"]) == (1, GENESIS)
    assert (second["seq"], second["prev"]) == (2, first["hash"])
    log.seal("r", new_key(), "2026-12-03T10:00:00+00:00")
    log.write(tmp_path / "audit.jsonl")
    assert verify_records(parse_lines((tmp_path / "audit.jsonl").read_text(encoding="utf-8"))) == []


def test_extend_takes_a_generator_and_writes_what_append_would(tmp_path: Path) -> None:
    """A large set's records reach the log one at a time; the written log is the same."""
    bodies = [{"event": "run", "key_id": "k1"}, *({"event": "redaction", "n": i} for i in range(5))]
    listed, streamed = AuditLog(), AuditLog()
    listed.append(bodies)
    streamed.extend(b for b in bodies)
    for log, name in ((listed, "a.jsonl"), (streamed, "b.jsonl")):
        log.seal("r", new_key(), "2026-12-08T10:00:00+00:00")
        log.write(tmp_path / name)
    a, b = ((tmp_path / n).read_text(encoding="utf-8") for n in ("a.jsonl", "b.jsonl"))
    assert a.splitlines()[:6] == b.splitlines()[:6]  # the seals differ only in their key's MAC
    assert verify_records(parse_lines(b)) == []
    assert (streamed.count, streamed.last_key_id()) == (7, "k1")
