"""Worker isolation: a crash, hang or out-of-memory in one document fails only that document."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import page_text, write_pdf
from woo_redact import cputime, pipeline
from woo_redact.errors import ExitCode
from woo_redact.pipeline import Options, run
from woo_redact.types import Status
from woo_redact.workers import GB, JobFailure, JobLimits, report_pages, run_jobs

EMAIL = "z.kwakernaat@gmail.com"
LINES = ["Verslag", f"Contact: {EMAIL}"]


# -- the supervisor on its own -------------------------------------------------------------------


def _job(kind: str, arg: float = 0.0) -> object:
    if kind == "ok":
        return arg * 2
    if kind == "raise":
        raise ValueError("broken on purpose")
    if kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if kind == "exit":
        os._exit(3)
    if kind == "hang":
        time.sleep(3600)
    if kind == "memory":
        return len(bytearray(int(arg)))
    if kind == "pages":  # a long document that reports its size: its budget grows
        report_pages(100)
        time.sleep(arg)
        return "done"
    if kind == "pid":
        return os.getpid()
    if kind == "hold":  # memory a document leaves behind in its worker
        _held.append(bytearray(int(arg)))
        return os.getpid()
    raise AssertionError(kind)


_held: list[bytearray] = []


def _collect(jobs, limits, workers=2, **kw) -> dict[int, object]:
    done: dict[int, object] = {}
    run_jobs(_job, jobs, done.__setitem__, workers=workers, limits=limits, **kw)
    return done


def test_every_way_a_job_can_end_is_reported_and_the_others_go_on() -> None:
    limits = JobLimits(timeout=1.0, page_timeout=0.0, max_memory=256 * 1024**2)
    jobs = [
        ("ok", 1),
        ("segv",),
        ("ok", 2),
        ("raise",),
        ("hang",),
        ("exit",),
        ("memory", 4 * GB),
        ("ok", 3),
    ]
    started = time.monotonic()
    done = _collect(jobs, limits)
    assert time.monotonic() - started < 10
    assert [done[0], done[2], done[7]] == [2, 4, 6]
    kinds = {i: (v.kind, v.reason) for i, v in done.items() if isinstance(v, JobFailure)}
    assert kinds[1][0] == "crash" and "SIGSEGV" in kinds[1][1]
    assert kinds[3] == ("error", "ValueError: broken on purpose")
    assert kinds[4][0] == "timeout" and "timed out after 1 s" in kinds[4][1]
    assert kinds[5][0] == "crash" and "exit code 3" in kinds[5][1]
    assert kinds[6][0] == "memory" and "out of memory (limit 256 MB" in kinds[6][1]


def test_reported_pages_extend_the_time_budget() -> None:
    limits = JobLimits(timeout=0.5, page_timeout=0.05, max_memory=0)
    assert _collect([("pages", 1.5)], limits, workers=1) == {0: "done"}


def test_workers_run_in_parallel() -> None:
    limits = JobLimits(timeout=30, page_timeout=0, max_memory=0)
    started = time.monotonic()
    run_jobs(_job, [("pages", 1.0)] * 2, lambda i, v: None, workers=2, limits=limits)
    assert time.monotonic() - started < 1.9


def test_interrupt_kills_the_children_and_cleans_up() -> None:
    limits = JobLimits(timeout=60, page_timeout=0, max_memory=0)
    ended: list[tuple[int, int]] = []

    def on_done(i: int, value: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the hanging job still runs

    with pytest.raises(KeyboardInterrupt):
        run_jobs(
            _job,
            [("ok", 1), ("hang",)],
            on_done,
            workers=2,
            limits=limits,
            on_abnormal_end=lambda i, pid: ended.append((i, pid)),
        )
    assert [i for i, _ in ended] == [1]
    pid = ended[0][1]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: gone


def test_workers_are_reused_and_replaced_after_a_failure() -> None:
    """Forking per document cost ~17 ms of CPU each: a worker runs job after job, and a
    fresh one takes over after a job that failed (or after ``jobs_per_worker`` jobs)."""
    limits = JobLimits(timeout=30, page_timeout=0, max_memory=0)
    done = _collect([("pid",)] * 6, limits, workers=2)
    assert len(set(done.values())) <= 2
    done = _collect([("pid",), ("raise",), ("pid",)], limits, workers=1)
    assert isinstance(done[1], JobFailure) and done[0] != done[2]
    done = _collect([("pid",)] * 6, limits, workers=1, jobs_per_worker=2)
    assert len(set(done.values())) == 3


def test_each_job_gets_the_whole_memory_ceiling() -> None:
    """The ceiling is set before every job, on top of what the worker holds by then."""
    limits = JobLimits(timeout=30, page_timeout=0, max_memory=256 * 1024**2)
    done = _collect([("hold", 200 * 1024**2), ("memory", 200 * 1024**2)], limits, workers=1)
    assert done[1] == 200 * 1024**2  # not a JobFailure: 400 MB in the worker, 200 of them new


def test_a_worker_that_kept_memory_leaves() -> None:
    """A worker holding more than half of ``max_memory`` beyond what it started with is
    replaced: the ceiling, set on top of what it holds, would otherwise creep upwards."""
    limits = JobLimits(timeout=30, page_timeout=0, max_memory=256 * 1024**2)
    done = _collect([("pid",), ("pid",), ("hold", 200 * 1024**2), ("pid",)], limits, workers=1)
    assert done[0] == done[1] != done[3]
    small = _collect([("pid",), ("hold", 16 * 1024**2), ("pid",)], limits, workers=1)
    assert small[0] == small[2]  # a little kept: the same worker goes on


def test_in_process_mode_has_no_isolation_but_catches_errors() -> None:
    done = _collect([("ok", 1), ("raise",)], JobLimits(), isolate=False)
    assert done[0] == 2 and isinstance(done[1], JobFailure)


# -- the pipeline with a worker that dies -----------------------------------------------------


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    for name in ("a_good.pdf", "crash.pdf", "z_good.pdf"):
        write_pdf(src / name, [LINES])
    return src


def _sabotage_extract(monkeypatch: pytest.MonkeyPatch, action) -> None:
    real = pipeline.extract_document

    def extract(path: Path, rel: str, **kw: object):
        if path.name == "crash.pdf":
            action()
        return real(path, rel, **kw)

    monkeypatch.setattr(pipeline, "extract_document", extract)


def _check_batch(out: Path, summary, error: str) -> None:
    by_name = {r.rel: r for r in summary.results}
    assert by_name["crash.pdf"].status is Status.FAILED
    assert error in by_name["crash.pdf"].error
    assert not (out / "crash.pdf").exists()
    for name in ("a_good.pdf", "z_good.pdf"):
        assert by_name[name].status is Status.OK
        assert EMAIL not in page_text(out / name)
    assert list(out.rglob("*.part")) == []
    assert "crash.pdf" in (out / "inventory.csv").read_text(encoding="utf-8")
    assert summary.exit_code == ExitCode.FAILED


def test_segfault_while_reading_fails_one_document(docs, tmp_path, monkeypatch) -> None:
    _sabotage_extract(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGSEGV))
    out = tmp_path / "out"
    summary = run([docs], Options(out=out, workers=2))
    _check_batch(out, summary, "worker crashed (SIGSEGV)")


def test_hang_is_stopped_by_the_time_limit(docs, tmp_path, monkeypatch) -> None:
    _sabotage_extract(monkeypatch, lambda: time.sleep(3600))
    out = tmp_path / "out"
    summary = run([docs], Options(out=out, workers=2, timeout=2, page_timeout=0))
    _check_batch(out, summary, "timed out after 2 s and was stopped")


def test_out_of_memory_fails_one_document(docs, tmp_path, monkeypatch) -> None:
    _sabotage_extract(monkeypatch, lambda: bytearray(8 * GB))
    out = tmp_path / "out"
    summary = run([docs], Options(out=out, workers=2, max_memory=512 * 1024**2))
    _check_batch(out, summary, "out of memory (limit 512 MB per document")


def test_crash_while_writing_leaves_no_part_file(docs, tmp_path, monkeypatch) -> None:
    real = pipeline.burn

    def burn(src: Path, dst_tmp: Path, *args: object, **kw: object):
        result = real(src, dst_tmp, *args, **kw)
        if src.name == "crash.pdf":
            assert dst_tmp.exists()  # half-way: the .part file is there
            os.kill(os.getpid(), signal.SIGSEGV)
        return result

    monkeypatch.setattr(pipeline, "burn", burn)
    out = tmp_path / "out"
    summary = run([docs], Options(out=out, workers=2))
    _check_batch(out, summary, "worker crashed (SIGSEGV): the PDF library failed on this file")
    assert "while redacting" in summary.results[1].error


def test_a_stale_output_of_a_now_failing_file_is_removed(docs, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert run([docs], Options(out=out, workers=1)).exit_code == 0
    assert (out / "crash.pdf").exists()
    _sabotage_extract(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGSEGV))
    summary = run([docs], Options(out=out, workers=1))
    _check_batch(out, summary, "worker crashed")  # the folder is replaced: the old one is gone


def test_cpu_seconds_are_reported_per_stage(docs, tmp_path) -> None:
    """Every stage a text document goes through reports its CPU time; the stages and the
    workers' own cost add up to what the run used (this process and its children)."""
    before = cputime.cpu_now()
    summary = run([docs], Options(out=tmp_path / "out", workers=2))
    used = cputime.cpu_now() - before
    for name in ("start-up", "extract", "detect", "decide", "redact", "verify", "pictures"):
        assert summary.cpu[name] > 0, name
    assert set(summary.cpu) <= set(cputime.STAGES)
    assert summary.cpu.get("ocr", 0.0) < 0.01  # no scanned page: the call only
    assert sum(summary.cpu.values()) <= used + 0.05
    assert sum(summary.cpu.values()) >= 0.9 * used
    assert all(sum(r.cpu.values()) > 0 for r in summary.results)  # each document reports its own


def test_the_run_holds_no_documents_words(docs, tmp_path, monkeypatch) -> None:
    """Every document's words stay in the work folder: the set is decided from a Scan that
    reads one document at a time, and each redact job is given where the words are, not the
    words (memory that does not grow with the set's pages)."""
    seen: dict[str, object] = {}
    real_decide, real_jobs = pipeline.decide_set, pipeline.run_jobs

    def decide(found, *args, **kw):
        seen["outcomes"] = [o for o in found.outcomes if o is not None]
        seen["loaded"] = found.load(found.rels()[0])
        return real_decide(found, *args, **kw)

    def jobs(fn, job_args, *args, **kw):
        seen.setdefault("jobs", {})[fn.__name__] = list(job_args)  # type: ignore[union-attr]
        return real_jobs(fn, job_args, *args, **kw)

    monkeypatch.setattr(pipeline, "decide_set", decide)
    monkeypatch.setattr(pipeline, "run_jobs", jobs)
    summary = run([docs], Options(out=tmp_path / "out", workers=2))
    assert summary.exit_code == ExitCode.OK
    outcomes = seen["outcomes"]
    assert outcomes and all(o.text is None and o.readable and o.pages == 1 for o in outcomes)
    assert all(len(o.decisions) == len(o.findings) for o in outcomes)  # the policy's, per finding
    assert EMAIL in seen["loaded"].pages[0].text  # read back from the work folder
    redact_jobs = seen["jobs"]["_redact_job"]  # type: ignore[index]
    assert len(redact_jobs) == 3
    assert all(isinstance(job[0], pipeline.StoredDoc) for job in redact_jobs)
    for name in ("a_good.pdf", "crash.pdf", "z_good.pdf"):
        assert EMAIL not in page_text(tmp_path / "out" / name)
