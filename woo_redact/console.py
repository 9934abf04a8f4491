"""What the command line shows and keeps of a run: progress per stage on a terminal, the summary
on stdout, diagnostics on stderr, the run's log (``REVIEW/run.log``) and the machine-readable
summary (``--json``).

Nothing is hard-wrapped: a line is as long as it needs to be, so a pipe or a log file keeps a
FAILED line whole (a terminal wraps it for the eye). With ``--json`` stdout holds the JSON
document only and the human summary goes to stderr. The texts the summary prints are in
:data:`TEXTS`, per language (``--lang``); an error's detail is the tool's own diagnostic, in
English, as in the internal review report.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from woo_redact import __version__
from woo_redact.atomic import write_text
from woo_redact.errors import ExitCode
from woo_redact.pipeline import RunSummary, Step
from woo_redact.record.messages import MESSAGES
from woo_redact.types import DocumentResult, Status

QUIET, NORMAL, VERBOSE = -1, 0, 1
LANGS = ("nl", "en")
RUN_LOG = "run.log"

TEXTS: dict[str, dict[str, str]] = {
    "stage.detect": {"nl": "lezen en detecteren", "en": "reading and detecting"},
    "stage.pictures": {"nl": "pagina-afbeeldingen", "en": "page pictures"},
    "stage.doc": {"nl": "lakken en controleren", "en": "redacting and verifying"},
    "rate": {"nl": "{rate:.1f} pagina's/s", "en": "{rate:.1f} pages/s"},
    "run.counts": {
        "nl": "{docs} document(en), {pages} pagina('s): {ok} gelakt en gecontroleerd, "
        "{failed} mislukt, {manual} handmatig af te handelen (niet gepubliceerd), "
        "{not_pdf} niet verwerkt (geen PDF)",
        "en": "{docs} document(s), {pages} page(s): {ok} redacted and verified, {failed} failed, "
        "{manual} need manual handling (not published), {not_pdf} not processed (not PDFs)",
    },
    "scan.counts": {
        "nl": "{docs} document(en), {pages} pagina('s): {ok} gescand met {proposed} "
        "voorgestelde lakking(en), {failed} mislukt, {manual} handmatig af te handelen, "
        "{not_pdf} niet verwerkt (geen PDF)",
        "en": "{docs} document(s), {pages} page(s): {ok} scanned with {proposed} proposed "
        "redaction(s), {failed} failed, {manual} need manual handling, {not_pdf} not processed "
        "(not PDFs)",
    },
    "redactions": {"nl": "gelakt: {list}", "en": "redactions: {list}"},
    "status.ok": {"nl": "OK", "en": "OK"},
    "status.scanned": {"nl": "GESCAND", "en": "SCANNED"},
    "status.failed": {"nl": "MISLUKT", "en": "FAILED"},
    "status.needs_review": {"nl": "HANDMATIG", "en": "REVIEW"},
    "status.not_processed": {"nl": "NIET VERWERKT", "en": "NOT PROCESSED"},
    "doc.done": {
        "nl": "{pages} pagina('s), {n} gelakt",
        "en": "{pages} page(s), {n} redaction(s)",
    },
    "doc.detected": {
        "nl": "{pages} pagina('s), {n} bevinding(en)",
        "en": "{pages} page(s), {n} finding(s)",
    },
    "published": {
        "nl": "gepubliceerd: {out}; beoordelingsbestanden en logboek (intern, nooit "
        "publiceren): {review}",
        "en": "published: {out}; review files and log (internal, never publish): {review}",
    },
    "review_next": {
        "nl": "beoordelen: {report} (intern, nooit publiceren); daarna woo-redact apply {out} "
        "--decisions decisions.json --reviewer NAAM",
        "en": "review: {report} (internal, never publish); then woo-redact apply {out} "
        "--decisions decisions.json --reviewer NAME",
    },
    "note": {"nl": "let op: {text}", "en": "note: {text}"},
    "note.publisher": {
        "nl": "er is geen --publisher gegeven, dus diwoo:publisher is leeg in de DiWoo-"
        "metadata; vul het in vóór publicatie",
        "en": "no --publisher given, so diwoo:publisher is empty in the DiWoo metadata; fill it "
        "in before publication",
    },
}

STYLES = {
    Status.OK: "green",
    Status.SCANNED: "green",
    Status.FAILED: "bold red",
    Status.NEEDS_REVIEW: "yellow",
    Status.NOT_PROCESSED: "yellow",
}
PROBLEMS = (Status.FAILED, Status.NEEDS_REVIEW, Status.NOT_PROCESSED)  # not published


def text(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def type_label(entity: str, lang: str) -> str:
    """The entity type as the review page names it ("naam", "e-mail address" …)."""
    return MESSAGES[lang].get(f"type.{entity}", entity)


@dataclass(frozen=True)
class Line:
    """One line of the summary; ``problem``: a document that is not published (kept by -q)."""

    text: Text
    problem: bool = False


def status_line(res: DocumentResult, lang: str, detail: str = "") -> Line:
    """``FAILED name: why`` (and the like) as one line, whatever its length."""
    word = text(f"status.{res.status.value}", lang)
    why = detail or res.error.removeprefix("not processed: ")  # the word says so already
    line = Text.assemble((word, STYLES[res.status]), f" {res.rel}" + (f": {why}" if why else ""))
    return Line(line, res.status not in (Status.OK, Status.SCANNED))


def _counts(summary: RunSummary, command: str, lang: str) -> str:
    done = Status.SCANNED if command == "scan" else Status.OK
    values = {
        "docs": len(summary.results),
        "pages": summary.pages,
        "ok": sum(1 for r in summary.results if r.status is done),
        "failed": len(summary.errors),
        "manual": len(summary.needs_review),
        "not_pdf": len(summary.not_processed),
        "proposed": sum(len(r.redactions) for r in summary.results),
    }
    return text("scan.counts" if command == "scan" else "run.counts", lang, **values)


def summary_lines(
    summary: RunSummary, command: str, lang: str, out: Path, review: Path
) -> list[Line]:
    """What a run prints at its end: the counts, redactions by type, every document that is not
    published, and where the results are."""
    lines = [Line(Text(_counts(summary, command, lang)))]
    by_type = summary.redactions_by_type()
    if by_type and command != "scan":
        named = sorted((type_label(t, lang), n) for t, n in by_type.items())
        listed = ", ".join(f"{name} {n}" for name, n in named)
        lines.append(Line(Text(text("redactions", lang, list=listed))))
    lines += [status_line(r, lang) for r in summary.results if r.status in PROBLEMS]
    if command == "scan":
        report = review / "report.html"
        lines.append(Line(Text(text("review_next", lang, report=report, out=out))))
    else:
        lines.append(Line(Text(text("published", lang, out=out, review=review))))
    return lines


def _print(console: Console, line: Text) -> None:
    """Print, and when the reader went away (``| head``) stop printing, not the run: its exit
    status still says how it ended."""
    try:
        console.print(line)
    except BrokenPipeError:
        _reader_gone(console.file)


def _reader_gone(stream: IO[str]) -> None:
    """Whatever more is written to ``stream`` goes nowhere (and raises nothing)."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: not a real file (a test's)
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


class PagesPerSecond(ProgressColumn):
    """The pages per second of a stage, from the pages of the documents it has done."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        pages = task.fields.get("pages", 0)
        if not pages or not elapsed:
            return Text("")
        return Text(text("rate", self.lang, rate=pages / elapsed), style="progress.data.speed")


@dataclass
class Display:
    """Where each kind of output goes, at which verbosity, and what was printed (for the log).

    ``verbosity``: QUIET (only errors and the documents that are not published), NORMAL
    (progress on a terminal, the summary), VERBOSE (also one line per finished document).
    """

    lang: str = "nl"
    verbosity: int = NORMAL
    json: bool = False
    printed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.err = Console(stderr=True, soft_wrap=True, highlight=False)
        # the summary: stdout, unless stdout is for the JSON document
        self.out = self.err if self.json else Console(soft_wrap=True, highlight=False)

    def line(self, line: Line) -> None:
        """A line of the results (stdout; stderr with --json); with -q only the problems."""
        self.printed.append(line.text.plain)
        if self.verbosity > QUIET or line.problem:
            _print(self.out, line.text)

    def note_text(self, message: str) -> str:
        return text("note", self.lang, text=message)

    def note(self, message: str) -> None:
        """A diagnostic for the officer (stderr), not shown with -q."""
        msg = self.note_text(message)
        self.printed.append(msg)
        if self.verbosity > QUIET:
            _print(self.err, Text(msg))

    def json_document(self, payload: Mapping[str, Any]) -> None:
        try:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_gone(sys.stdout)

    @contextmanager
    def progress(self, stages: tuple[str, ...], final: str) -> Iterator[Callable[[Step], None]]:
        """A progress callback: a bar per stage of ``stages`` on a terminal (count, pages per
        second, time elapsed and left), and with -v a line for each document that finishes
        ``final``, the last stage of the command."""
        bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            PagesPerSecond(self.lang),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.err,
            transient=True,
            disable=self.verbosity == QUIET or not self.err.is_terminal,
        )
        tasks: dict[str, Any] = {}

        def tick(step: Step) -> None:
            if not step.rel:  # a stage starts
                if step.stage in stages and step.total:
                    label = text(f"stage.{step.stage}", self.lang)
                    tasks[step.stage] = bars.add_task(label, total=step.total, pages=0)
                return
            if step.stage in tasks:
                task = tasks[step.stage]
                pages = bars.tasks[task].fields["pages"] + step.pages
                bars.update(task, advance=1, pages=pages)
            if self.verbosity >= VERBOSE and step.stage == final:
                line = self._done_line(step)
                self.printed.append(line.plain)
                _print(self.err, line)

        with bars:
            yield tick

    def _done_line(self, step: Step) -> Text:
        res = step.result
        if res is None:  # a scan: the document was read and detected
            res = DocumentResult(step.rel, Status.FAILED if step.error else Status.SCANNED)
            detail = step.error or text("doc.detected", self.lang, pages=step.pages,
                                        n=step.findings)  # fmt: skip
            return status_line(res, self.lang, detail).text
        if res.status is Status.OK:
            detail = text("doc.done", self.lang, pages=res.pages, n=len(res.redactions))
            return status_line(res, self.lang, detail).text
        return status_line(res, self.lang).text


# -- the run's log and the JSON summary ----------------------------------------------------------


def _by(values: list[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def document_payload(res: DocumentResult, published: str | None) -> dict[str, Any]:
    return {
        "input": res.rel,
        "published": published,
        "status": res.status.value,
        "pages": res.pages,
        "redactions": len(res.redactions),
        "by_ground": _by([r.ground for r in res.redactions]),
        "by_type": _by([r.type for r in res.redactions]),
        "error": res.error,
        "remarks": list(res.remarks),
    }


def summary_payload(
    summary: RunSummary, command: str, code: ExitCode, out: Path | None, review: Path
) -> dict[str, Any]:
    """The --json document: per document status, pages, redactions by ground and type, errors
    and remarks (scan: the proposed redactions); totals; the scan id and the exit status."""
    reds = [r for res in summary.results for r in res.redactions]
    docs = [
        document_payload(
            res, summary.names.get(res.rel) if res.status is Status.OK else None
        )  # fmt: skip
        for res in summary.results
    ]
    statuses = Counter(res.status.value for res in summary.results)
    payload: dict[str, Any] = {
        "tool": "woo-redact",
        "version": __version__,
        "command": command,
        "exit_code": int(code),
        "exit_status": code.name.lower(),
        "scan": summary.scan_id,
        "out": str(out) if out is not None else None,
        "review": str(review),
        "log": str(review / RUN_LOG),
        "totals": {
            "documents": len(summary.results),
            "pages": summary.pages,
            **{status.value: statuses.get(status.value, 0) for status in Status},
            "redactions": len(reds),
            "by_ground": _by([r.ground for r in reds]),
            "by_type": _by([r.type for r in reds]),
        },
        "documents": docs,
        "remarks": list(summary.review_remarks),
    }
    cpu = summary.cpu  # CPU seconds per stage, where the pipeline measures it
    if cpu:
        payload["cpu"] = {k: round(v, 3) for k, v in cpu.items()}
    return payload


def _option(value: object) -> str:
    if isinstance(value, tuple | list):
        return " ".join(str(v) for v in value)
    return str(value)


def run_log(payload: Mapping[str, Any], options: Mapping[str, object], printed: list[str]) -> str:
    """``REVIEW/run.log``: the command and its options, what was printed, then every document
    in detail (internal: it holds the error texts and the input names)."""
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    lines = [
        f"woo-redact {payload['version']} {payload['command']}, {when}",
        "options: " + ", ".join(f"{k}={_option(v)}" for k, v in options.items()),
        f"scan {payload['scan']}; exit status {payload['exit_code']} ({payload['exit_status']})",
        "",
        *printed,
        "",
        "documents:",
    ]
    for doc in payload["documents"]:
        name = doc["input"] + (f" -> {doc['published']}" if doc["published"] else "")
        grounds = ", ".join(f"{g} {n}" for g, n in doc["by_ground"].items())
        types = ", ".join(f"{t} {n}" for t, n in doc["by_type"].items())
        lines.append(
            f"{name}: {doc['status']}, {doc['pages']} page(s), {doc['redactions']} "
            f"redaction(s)" + (f" ({grounds}; {types})" if grounds else "")
        )
        lines += [f"  error: {doc['error']}"] if doc["error"] else []
        lines += [f"  remark: {r}" for r in doc["remarks"]]
    if payload.get("cpu"):
        lines += ["", "CPU seconds: " + ", ".join(f"{k} {v}" for k, v in payload["cpu"].items())]
    return "\n".join(lines) + "\n"


def write_run_log(
    folder: Path, payload: Mapping[str, Any], options: Mapping[str, object], printed: list[str]
) -> None:
    write_text(folder / RUN_LOG, run_log(payload, options, printed))
