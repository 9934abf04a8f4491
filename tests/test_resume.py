"""Resume: a run interrupted after some documents were done takes them on the next run with
the same folders, and only them; the published result is the one a fresh run publishes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import page_text, write_pdf
from woo_redact import pipeline
from woo_redact.errors import ExitCode
from woo_redact.inputs import sha256_file
from woo_redact.pipeline import Options, run
from woo_redact.resume import RESUMED, Resume, key_of, resume_dir
from woo_redact.types import DocumentResult, Status

EMAIL = "z.kwakernaat@gmail.com"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    for name, person in (("a.pdf", "Jan Bakker"), ("b.pdf", "Els Visser"), ("c.pdf", "Tom Mol")):
        write_pdf(folder / name, [["Verslag", f"Van: {person}", f"Contact: {EMAIL}"]])
    return folder


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, just before the run is published."""


def _interrupt(summary: object, review: Path) -> None:
    raise Interrupted


def _jobs_seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many jobs of each kind the next runs start."""
    seen: dict[str, int] = {}
    real = pipeline.run_jobs

    def spy(fn, jobs, *args, **kw):
        seen[fn.__name__] = seen.get(fn.__name__, 0) + len(jobs)
        return real(fn, jobs, *args, **kw)

    monkeypatch.setattr(pipeline, "run_jobs", spy)
    return seen


def test_an_interrupted_run_is_finished_from_what_it_did(src, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    options = Options(out=out, workers=2)
    with pytest.raises(Interrupted):
        run([src], options, finish=_interrupt)
    assert not out.exists()  # nothing was published
    assert (resume_dir(options.review) / "done").is_dir()

    seen = _jobs_seen(monkeypatch)
    summary = run([src], options)
    assert summary.exit_code == ExitCode.OK
    assert seen == {"_scan_job": 0, "_picture_job": 3, "_redact_job": 0}
    assert all(RESUMED in r.remarks for r in summary.results)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        text = page_text(out / name)
        assert EMAIL not in text and "Verslag" in text
    assert not resume_dir(options.review).exists()  # published: nothing left to resume

    fresh = run([src], Options(out=tmp_path / "fresh", workers=2, resume=False))
    assert [r.redactions for r in summary.results] == [r.redactions for r in fresh.results]
    assert [r.sha256_in for r in summary.results] == [r.sha256_in for r in fresh.results]


def test_a_changed_input_is_read_again_and_every_output_made_again(
    src, tmp_path, monkeypatch
) -> None:
    """Another input changes the scan (a name found there is redacted everywhere), so no
    output is taken; the unchanged documents' reading still is."""
    options = Options(out=tmp_path / "out", workers=2)
    with pytest.raises(Interrupted):
        run([src], options, finish=_interrupt)
    write_pdf(src / "b.pdf", [["Verslag", "Van: Els Visser", "Ook Jan Bakker was er."]])
    seen = _jobs_seen(monkeypatch)
    summary = run([src], options)
    assert summary.exit_code == ExitCode.OK
    assert seen["_scan_job"] == 1 and seen["_redact_job"] == 3
    assert "Bakker" not in page_text(options.out / "b.pdf")


def test_no_resume_does_it_all_again(src, tmp_path, monkeypatch) -> None:
    options = Options(out=tmp_path / "out", workers=2)
    with pytest.raises(Interrupted):
        run([src], options, finish=_interrupt)
    seen = _jobs_seen(monkeypatch)
    summary = run([src], Options(out=tmp_path / "out", workers=2, resume=False))
    assert summary.exit_code == ExitCode.OK
    assert seen["_scan_job"] == 3 and seen["_redact_job"] == 3


def test_a_kept_output_that_changed_is_not_taken(tmp_path: Path) -> None:
    """An output is taken only as the file that was verified (its SHA-256)."""
    resume = Resume(tmp_path / ".review.resume")
    made = tmp_path / "made.pdf"
    write_pdf(made, [["Verslag"]])
    result = DocumentResult("a.pdf", Status.OK, 1, "in", sha256_file(made), output=made)
    key = key_of("done", "a.pdf")
    resume.keep_done(key, result)
    assert resume.done(key, tmp_path / "again.pdf") is not None
    (tmp_path / ".review.resume" / "done" / f"{key}.pdf").write_bytes(b"%PDF-1.7 tampered")
    assert resume.done(key, tmp_path / "third.pdf") is None
    assert not (tmp_path / "third.pdf").exists()
