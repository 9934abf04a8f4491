"""What the command line shows: progress per stage, one line per document, the summary lines."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from woo_redact.console import (
    LANGS,
    QUIET,
    TEXTS,
    VERBOSE,
    Display,
    PagesPerSecond,
    status_line,
    summary_lines,
)
from woo_redact.pipeline import RunSummary, Step
from woo_redact.types import DocumentResult, Redaction, Status


def _red(type_: str) -> Redaction:
    return Redaction("a.pdf", 0, ((0, 0, 1, 1),), "5.1.2e", type_, "r", 1.0, "f", "x")


def test_pages_per_second_of_a_stage() -> None:
    now = [100.0]
    bars = Progress(get_time=lambda: now[0])
    task = bars.add_task("lezen", total=4, pages=0)
    column = PagesPerSecond("nl")
    assert column.render(bars.tasks[0]).plain == ""  # nothing done yet
    now[0] = 104.0
    bars.update(task, advance=1, pages=10)
    assert column.render(bars.tasks[0]).plain == "2.5 pagina's/s"
    assert PagesPerSecond("en").render(bars.tasks[0]).plain == "2.5 pages/s"


def _display(verbosity: int) -> tuple[Display, io.StringIO]:
    display = Display(lang="en", verbosity=verbosity)
    buf = io.StringIO()
    display.err = Console(file=buf, soft_wrap=True, highlight=False, width=30)
    return display, buf


def test_verbose_prints_one_line_per_document_of_the_last_stage() -> None:
    display, buf = _display(VERBOSE)
    ok = DocumentResult("a.pdf", Status.OK, pages=3, redactions=[_red("PERSON")] * 2)
    with display.progress(("detect", "doc"), "doc") as tick:
        tick(Step("detect", total=1))
        tick(Step("detect", "a.pdf", 3, findings=4))  # not the last stage: no line
        tick(Step("doc", total=1))
        tick(Step("doc", "a.pdf", 3, result=ok))
    assert buf.getvalue() == "OK a.pdf: 3 page(s), 2 redaction(s)\n"
    display, buf = _display(VERBOSE)
    with display.progress(("detect",), "detect") as tick:  # a scan ends with detection
        tick(Step("detect", "b.pdf", 2, findings=5))
        tick(Step("detect", "c.pdf", 0, error="empty file (0 bytes)"))
    assert buf.getvalue() == (
        "SCANNED b.pdf: 2 page(s), 5 finding(s)\nFAILED c.pdf: empty file (0 bytes)\n"
    )
    assert display.printed == buf.getvalue().splitlines()  # kept for the run's log


def test_quiet_shows_no_progress_and_only_the_problems() -> None:
    display, buf = _display(QUIET)
    out = io.StringIO()
    display.out = Console(file=out, soft_wrap=True)
    with display.progress(("doc",), "doc") as tick:
        tick(Step("doc", total=1))
        tick(Step("doc", "a.pdf", 1, result=DocumentResult("a.pdf", Status.OK, pages=1)))
    summary = RunSummary(
        "s",
        results=[
            DocumentResult("a.pdf", Status.OK, pages=1),
            DocumentResult("b.pdf", Status.NEEDS_REVIEW, pages=1, error="page 1 is a scan"),
        ],
    )
    for line in summary_lines(summary, "run", "en", Path("/p"), Path("/p-review")):
        display.line(line)
    display.note("something to know")
    assert buf.getvalue() == ""
    assert out.getvalue() == "REVIEW b.pdf: page 1 is a scan\n"
    assert len(display.printed) == 4  # the log keeps what -q did not show


def test_status_lines_are_never_wrapped() -> None:
    res = DocumentResult("x" * 200 + ".pdf", Status.FAILED, error="not a PDF file")
    buf = io.StringIO()
    Console(file=buf, soft_wrap=True, width=40).print(status_line(res, "nl").text)
    assert buf.getvalue() == f"MISLUKT {'x' * 200}.pdf: not a PDF file\n"


def test_every_text_has_every_language_with_the_same_placeholders() -> None:
    import string

    for key, by_lang in TEXTS.items():
        assert set(by_lang) == set(LANGS), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(s) if f}
                  for lang, s in by_lang.items()}  # fmt: skip
        assert fields["nl"] == fields["en"], key
