"""A run is published as a whole: staged beside --out and swapped in at the very end; review files
in a folder of their own; file names free of redacted strings; no process outlives its job."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import page_text, write_pdf
from woo_redact import atomic, ocr, pipeline
from woo_redact.atomic import MANIFEST
from woo_redact.cli import main
from woo_redact.errors import ExitCode, UsageError
from woo_redact.pipeline import Options, Step, ocr_share, run
from woo_redact.record.names import published_names, replace_names, scrub_rel, term_pattern
from woo_redact.types import Status
from woo_redact.workers import JobFailure, JobLimits, run_jobs

EMAIL = "z.kwakernaat@gmail.com"


def _state(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its SHA-256: to prove a folder is untouched."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


@pytest.fixture
def src(tmp_path: Path) -> Path:
    for name in ("a.pdf", "b.pdf"):
        write_pdf(tmp_path / "in" / name, [[f"Contact: {EMAIL}"]])
    return tmp_path / "in"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


# -- publishing a run as a whole --------------------------------------------------------------


def test_the_published_folder_holds_only_the_publication(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    summary = run([src], Options(out=out, workers=1))
    assert summary.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST, "a.pdf", "b.pdf", "audit.jsonl", "diwoo", "inventory.csv", "inventory.xlsx"]
    )
    review = tmp_path / "pub-review"
    assert {"report.html", "findings.json", "names.csv", "audit.key", MANIFEST} <= {
        p.name for p in review.iterdir()
    }
    assert list((review / "pages").glob("*.jpg"))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["scan"] == summary.scan_id
    assert manifest["files"] == ["a.pdf", "audit.jsonl", "b.pdf", "diwoo/a.xml", "diwoo/b.xml",
                                 "inventory.csv", "inventory.xlsx"]  # fmt: skip
    assert _siblings(out) == ["in", "pub", "pub-review"]  # no staging folder left
    assert summary.results[0].output == out.resolve() / "a.pdf"


def test_review_dir_option(src: Path, tmp_path: Path) -> None:
    out, review = tmp_path / "pub", tmp_path / "intern" / "rev"
    result = CliRunner().invoke(
        main, ["run", str(src), "--out", str(out), "--review-dir", str(review), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert (review / "report.html").is_file() and not (tmp_path / "pub-review").exists()
    assert not (out / "review").exists()


@pytest.mark.parametrize("review", ["{out}/review", "{tmp}"])
def test_review_dir_inside_or_around_out_is_refused(src: Path, tmp_path: Path, review) -> None:
    out = tmp_path / "pub"
    with pytest.raises(UsageError, match="must not contain each other"):
        run([src], Options(out=out, review_dir=Path(review.format(out=out, tmp=tmp_path))))


def test_removed_input_and_stale_files_disappear_on_the_next_run(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    run([src], Options(out=out, workers=1))
    (out / ".a.pdf.12345.part").write_bytes(b"half")  # an older writer's leftover
    (src / "b.pdf").unlink()
    dead = _dead_pid()
    for kind in ("staging", "old"):
        write_pdf(tmp_path / f".pub.{kind}-{dead}" / "x.pdf", [["oud"]])
    alive = tmp_path / f".pub.staging-{os.getppid()}"  # a concurrent run's: left alone
    alive.mkdir()
    run([src], Options(out=out, workers=1))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST, "a.pdf", "audit.jsonl", "diwoo", "inventory.csv", "inventory.xlsx"]
    )
    assert [p.name for p in (out / "diwoo").iterdir()] == ["a.xml"]
    assert _siblings(out) == sorted(["in", "pub", "pub-review", alive.name])


def test_an_unrelated_file_in_out_is_refused_and_kept(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    write_pdf(out / "somebody-elses.pdf", [["niet van ons"]])
    before = _state(out)
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(out)])
    assert result.exit_code == 2
    assert "somebody-elses.pdf" in result.output and "no earlier woo-redact run" in result.output
    assert _state(out) == before


def test_a_file_no_manifest_lists_is_refused_after_an_earlier_run(src: Path, tmp_path) -> None:
    out = tmp_path / "pub"
    run([src], Options(out=out, workers=1))
    (out / "sub").mkdir()
    (out / "sub" / "notes.txt").write_text("van de gebruiker", encoding="utf-8")
    with pytest.raises(UsageError, match="sub/notes.txt"):
        run([src], Options(out=out, workers=1))
    assert (out / "sub" / "notes.txt").read_text(encoding="utf-8") == "van de gebruiker"


def test_an_empty_out_folder_is_used(src: Path, tmp_path: Path) -> None:
    (tmp_path / "pub").mkdir()
    assert run([src], Options(out=tmp_path / "pub", workers=1)).exit_code == 0


def test_an_input_inside_out_is_refused(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "pub" / "a.pdf", [["tekst"]])
    with pytest.raises(UsageError, match="refusing to replace an input"):
        run([pdf], Options(out=tmp_path / "pub"))


def _fail_in(monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]) -> None:
    """Fail after every PDF of the run was written into staging, before the records."""

    def write_audit(*args: object, **kw: object) -> None:
        raise exc("stopped on purpose")

    monkeypatch.setattr(pipeline, "write_audit", write_audit)


@pytest.mark.parametrize("exc", [KeyboardInterrupt, RuntimeError])
def test_interrupt_or_crash_leaves_the_previous_run_whole(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]
) -> None:
    out = tmp_path / "pub"
    run([src], Options(out=out, workers=1))
    before, before_review = _state(out), _state(tmp_path / "pub-review")
    write_pdf(src / "c.pdf", [[f"Contact: {EMAIL}"]])
    _fail_in(monkeypatch, exc)
    with pytest.raises(exc):
        run([src], Options(out=out, workers=2))
    assert _state(out) == before and _state(tmp_path / "pub-review") == before_review
    # what the run finished is kept beside them for the next run (resume.py), nothing else
    assert _siblings(out) == [".pub-review.resume", "in", "pub", "pub-review"]


def test_ctrl_c_while_documents_are_redacted_publishes_nothing(src: Path, tmp_path) -> None:
    out = tmp_path / "pub"

    def tick(step: Step) -> None:
        if step.stage == "doc" and step.rel:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([src], Options(out=out, workers=2), progress=tick)
    assert _siblings(out) == [".pub-review.resume", "in"]  # only what resume takes


def test_cli_exit_130_on_interrupt_and_says_nothing_was_published(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_in(monkeypatch, KeyboardInterrupt)
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(tmp_path / "pub")])
    assert result.exit_code == 130
    assert "nothing of this run was published" in " ".join(result.output.split())
    assert not (tmp_path / "pub").exists()


def test_a_run_that_died_mid_swap_gets_its_previous_publication_back(tmp_path: Path) -> None:
    target = tmp_path / "pub"
    old = atomic.old_dir(target, _dead_pid())
    old.mkdir()
    (old / "a.pdf").write_bytes(b"%PDF-1.7 previous run")
    atomic.sweep_stale(target)
    assert (target / "a.pdf").read_bytes() == b"%PDF-1.7 previous run"
    assert not old.exists()


def test_a_failed_swap_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = []
    for name in ("pub", "pub-review"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "old.txt").write_text("old", encoding="utf-8")
        stage = atomic.start_staging(tmp_path / name)
        (stage / "new.txt").write_text("new", encoding="utf-8")
        pairs.append((stage, tmp_path / name))
    real = os.rename

    def rename(src, dst):  # the very last rename fails
        if Path(src) == pairs[1][0]:
            raise OSError("disk trouble")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    with pytest.raises(OSError):
        atomic.publish(pairs)
    for stage, target in pairs:
        assert [p.name for p in target.iterdir()] == ["old.txt"]
        assert [p.name for p in stage.iterdir()] == ["new.txt"]


# -- output file names free of personal data ----------------------------------------------------


def test_scrub_whole_words_with_file_name_separators() -> None:
    pattern = term_pattern(["Jan de Vries", "Jansen", "jan.devries@gmail.com", "  "])
    assert scrub_rel("Bezwaar Jansen (2023).pdf", pattern) == "Bezwaar [gelakt] (2023).pdf"
    assert scrub_rel("bezwaar_JANSEN-2023.pdf", pattern) == "bezwaar_[gelakt]-2023.pdf"
    assert scrub_rel("Jan_de-Vries.pdf", pattern) == "[gelakt].pdf"
    assert scrub_rel("Jan de Vries/notitie.pdf", pattern) == "[gelakt]/notitie.pdf"
    assert scrub_rel("mail jan.devries@gmail.com.pdf", pattern) == "mail [gelakt].pdf"
    assert scrub_rel("Jansenweg 4.pdf", pattern) == "Jansenweg 4.pdf"  # not a whole word
    assert scrub_rel("verslag.pdf", pattern) == "verslag.pdf"
    assert term_pattern(["", "  ", "--"]) is None
    assert scrub_rel("Brief STRAẞE.pdf", term_pattern(["Straße"])) == "Brief [gelakt].pdf"


def test_published_names_collisions_and_unchanged_names() -> None:
    rels = ["Jansen.pdf", "[gelakt].pdf", "Pietersen.pdf", "a/Jansen.pdf", "b.pdf"]
    names = published_names(rels, ["Jansen", "Pietersen"])
    assert names == ["[gelakt] (2).pdf", "[gelakt].pdf", "[gelakt] (3).pdf", "a/[gelakt].pdf",
                     "b.pdf"]  # fmt: skip
    assert published_names(["x.pdf", "sub/y.pdf"], []) == ["x.pdf", "sub/y.pdf"]


def test_published_names_never_turn_a_file_into_a_folder() -> None:
    names = published_names(["Jansen.pdf/a.pdf", "Pietersen.pdf"], ["Jansen", "Pietersen"])
    assert names == ["[gelakt].pdf/a.pdf", "[gelakt] (2).pdf"]


def test_replace_names_in_messages_whole_names_only() -> None:
    names = {"/in/Klacht Jansen.pdf": "Klacht [gelakt].pdf", "Jansen": "0003", "a.pdf": "a.pdf"}
    text = "cannot open /in/Klacht Jansen.pdf (Jansenweg, Jansen, a.pdf)"
    assert replace_names(text, names) == "cannot open Klacht [gelakt].pdf (Jansenweg, 0003, a.pdf)"


def test_published_names_by_number() -> None:
    assert published_names(["z.pdf", "sub/a.PDF", "x.docx"], ["z"], "number") == [
        "0001.pdf",
        "0002.pdf",
        "0003.docx",
    ]


def _named_set(src: Path) -> None:
    lines = ["Van: Pieter Jansen", "Geachte heer Jansen,", "Het bezwaar is ontvangen."]
    write_pdf(src / "Pieter Jansen" / "Bezwaar Jansen (2023).pdf", [lines])
    write_pdf(src / "verslag.pdf", [["Overleg met Pieter Jansen over de planning."]])
    (src / "Klacht Jansen.pdf").write_text("geen pdf", encoding="utf-8")
    (src / "Jansen.docx").write_bytes(b"PK\x03\x04")


def _published_text(out: Path) -> str:
    """Every published file that is not a PDF, as text (the workbook's cells)."""
    from openpyxl import load_workbook

    as_text = (".csv", ".jsonl", ".xml")
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in as_text]
    sheet = load_workbook(out / "inventory.xlsx").active
    texts += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    return "\n".join(texts)


def test_names_with_personal_data_are_scrubbed_everywhere_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    _named_set(src)
    real = pipeline.inspect_pdf

    def inspect(path: Path, *args: object):  # an error text that quotes the input path
        if path.name == "Klacht Jansen.pdf":
            raise ValueError(f"cannot open {path}")
        return real(path, *args)

    monkeypatch.setattr(pipeline, "inspect_pdf", inspect)
    out = tmp_path / "pub"
    summary = run([src], Options(out=out, workers=2))
    assert summary.names == {
        "Pieter Jansen/Bezwaar Jansen (2023).pdf": "[gelakt]/Bezwaar [gelakt] (2023).pdf",
        "verslag.pdf": "verslag.pdf",
        "Klacht Jansen.pdf": "Klacht [gelakt].pdf",
        "Jansen.docx": "[gelakt].docx",
    }
    published = out / "[gelakt]" / "Bezwaar [gelakt] (2023).pdf"
    assert "Jansen" not in page_text(published)
    assert "Jansen" not in " ".join(p.as_posix() for p in out.rglob("*"))
    assert "Jansen" not in _published_text(out)
    assert "Jansen" not in (out / MANIFEST).read_text(encoding="utf-8")
    inventory = (out / "inventory.csv").read_text(encoding="utf-8")
    rows = {r["Document"]: r for r in csv.DictReader(inventory.splitlines())}
    assert "(bestand onleesbaar of beschadigd)" in rows["Klacht [gelakt].pdf"]["Toelichting"]
    assert "cannot open" not in _published_text(out)  # the error itself is internal
    assert "cannot open" in (tmp_path / "pub-review" / "report.html").read_text(encoding="utf-8")
    assert rows["[gelakt].docx"]["Beoordeling"] == ""
    mapping = list(csv.DictReader((tmp_path / "pub-review" / "names.csv").open(encoding="utf-8")))
    assert {r["input_file"]: r["published_file"] for r in mapping} == summary.names
    paths = {r["input_file"]: r["input_path"] for r in mapping}
    assert paths["verslag.pdf"] == str((src / "verslag.pdf").resolve())


def test_output_names_number(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _named_set(src)
    out = tmp_path / "pub"
    result = CliRunner().invoke(
        main, ["run", str(src), "--out", str(out), "--output-names", "number", "--quiet"]
    )
    assert result.exit_code == ExitCode.FAILED, result.output  # the broken PDF (and the .docx)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["0003.pdf", "0004.pdf"]
    rows = list(csv.DictReader((out / "inventory.csv").open(encoding="utf-8")))
    assert [(r["Nr."], r["Document"]) for r in rows] == [
        ("1", "0001.docx"),
        ("2", "0002.pdf"),
        ("3", "0003.pdf"),
        ("4", "0004.pdf"),
    ]
    assert "Jansen" not in _published_text(out) and "verslag" not in _published_text(out)


# -- processes ---------------------------------------------------------------------------------


def _start_sleep(pid_file: str) -> None:
    proc = subprocess.Popen(["sleep", "600"])
    Path(pid_file).write_text(str(proc.pid), encoding="ascii")


def _start_sleep_and_hang(pid_file: str) -> None:
    _start_sleep(pid_file)
    time.sleep(3600)


def _start_sleep_and_crash(pid_file: str) -> None:
    _start_sleep(pid_file)
    os.kill(os.getpid(), signal.SIGSEGV)


def _gone(pid: int) -> bool:
    """No such process, or only a zombie waiting for a reaper (it no longer runs)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    ("job", "kind"), [(_start_sleep_and_hang, "timeout"), (_start_sleep_and_crash, "crash")]
)
def test_timeout_or_crash_kills_what_the_job_started(tmp_path: Path, job, kind: str) -> None:
    pid_file = tmp_path / "sleep.pid"
    done: dict[int, object] = {}
    limits = JobLimits(timeout=1.5, page_timeout=0, max_memory=0)
    run_jobs(job, [(str(pid_file),)], done.__setitem__, workers=1, limits=limits)
    assert isinstance(done[0], JobFailure) and done[0].kind == kind
    assert _wait_gone(int(pid_file.read_text())), "the job's sleep 600 outlived it"


def test_interrupt_kills_what_the_jobs_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "sleep.pid"
    limits = JobLimits(timeout=60, page_timeout=0, max_memory=0)

    def on_done(i: int, value: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the other job's sleep runs

    with pytest.raises(KeyboardInterrupt):
        run_jobs(
            lambda kind: time.sleep(1) if kind == "ok" else _start_sleep_and_hang(str(pid_file)),
            [("ok",), ("hang",)],
            on_done,
            workers=2,
            limits=limits,
        )
    assert _wait_gone(int(pid_file.read_text()))


def test_ocr_pool_is_the_workers_share_of_the_cpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ocr_share(4, cpus=8) == 2 and ocr_share(4, cpus=2) == 1 and ocr_share(1, 3) == 3
    monkeypatch.delenv("WOO_OCR_THREADS", raising=False)
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 8)
    seen: list[int] = []
    real = pipeline.extract_document

    def extract(path: Path, rel: str, **kw: object):
        seen.append(ocr.default_workers())
        return real(path, rel, **kw)

    monkeypatch.setattr(pipeline, "extract_document", extract)
    for name in ("a.pdf", "b.pdf"):
        write_pdf(tmp_path / "in" / name, [["tekst"]])
    try:
        run([tmp_path / "in"], Options(out=tmp_path / "out", workers=2, isolate=False))
        assert seen == [4, 4]  # 8 CPUs shared by 2 workers
    finally:
        ocr.set_pool_size(0)


def test_every_result_status_is_reported_for_the_published_set(src: Path, tmp_path) -> None:
    (src / "c.docx").write_bytes(b"PK")
    summary = run([src], Options(out=tmp_path / "pub", workers=1))
    assert [r.status for r in summary.results] == [Status.OK, Status.OK, Status.NOT_PROCESSED]
