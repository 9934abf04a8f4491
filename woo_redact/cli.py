"""Command line: parse, call the pipeline, print the summary, set the exit code. Nothing else."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from woo_redact import __version__
from woo_redact.apply import apply
from woo_redact.cli_params import ByteSize, Count, Label, Seconds, max_workers
from woo_redact.cluster import EXECUTORS
from woo_redact.console import (
    LANGS,
    NORMAL,
    QUIET,
    VERBOSE,
    Display,
    Line,
    summary_lines,
    summary_payload,
    text,
    write_run_log,
)
from woo_redact.errors import (
    DOCUMENT_CODES,
    EXIT_CODE_TEXT,
    ExitCode,
    InputError,
    UsageError,
    WooRedactError,
)
from woo_redact.inputs import read_password_file
from woo_redact.pipeline import (
    OUTPUT_NAMES,
    InterruptedAfterPublishing,
    Options,
    RunSummary,
    prepare,
    run,
    scan,
)
from woo_redact.record.audit import find_text, read_log, verify_log
from woo_redact.record.audit_key import read_key
from woo_redact.redact import DEFAULT_LABEL
from woo_redact.rules import read_list


def _stderr(text: str) -> None:
    Console(stderr=True, soft_wrap=True, highlight=False).print(text, markup=False)


def exit_status(exc: BaseException) -> ExitCode:
    """The exit status of a command that ended in ``exc``, reported on stderr (the one place
    where exceptions become exit codes)."""
    if isinstance(exc, click.exceptions.Abort | KeyboardInterrupt | EOFError):
        cause = exc.__cause__ if isinstance(exc, click.exceptions.Abort) else exc
        if isinstance(cause, InterruptedAfterPublishing):
            _stderr(f"interrupted after the run was published whole into {cause}")
        else:
            _stderr(
                "interrupted: nothing of this run was published; the output and review folders "
                "are as they were before it. The same command again takes what was finished "
                "(--no-resume: start over)"
            )
        return ExitCode.INTERRUPTED
    if isinstance(exc, click.ClickException):
        exc.show()
        return ExitCode.USAGE
    if isinstance(exc, WooRedactError):
        _stderr(f"error: {exc}")
        return ExitCode(exc.exit_code)
    if isinstance(exc, OSError):
        _stderr(f"error: {exc}")
        return ExitCode.WRITE
    _stderr("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    _stderr(f"internal error: {type(exc).__name__}: {exc} (please report it with the lines above)")
    return ExitCode.INTERNAL


class Main(click.Group):
    """The command group whose ``main`` decides every exit status: a command returns an
    :class:`ExitCode` or raises an exception that carries one (errors.py)."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = ExitCode(rv) if isinstance(rv, int) else ExitCode.OK
        except SystemExit:
            raise
        except BaseException as exc:  # noqa: BLE001 - every outcome gets its exit status here
            code = exit_status(exc)
        if not standalone_mode:
            return code
        sys.exit(int(code))


def exit_codes_help(codes: Sequence[ExitCode], own: dict[ExitCode, str] | None = None) -> str:
    """The exit statuses as --help shows them (``\\b``: Click keeps the lines as they are);
    ``own``: what a code means for this command, where it differs."""
    first = ", ".join(str(int(c)) for c in DOCUMENT_CODES if c in codes)
    head = "Exit status"
    if first.count(",") >= 1:
        head += f" (documents of several kinds: the first of {first} that applies)"
    lines = ["\b", head + ":"]
    for code in codes:
        meaning = (own or {}).get(code) or EXIT_CODE_TEXT[code]
        lines.append(f"  {int(code):>3}  {meaning}")
    return "\n".join(lines)


def _codes_but(*left_out: ExitCode) -> list[ExitCode]:
    return [c for c in ExitCode if c not in left_out]


RUN_EXIT_CODES = exit_codes_help(_codes_but(ExitCode.DECISIONS, ExitCode.NOT_FOUND))
SCAN_EXIT_CODES = exit_codes_help(
    _codes_but(ExitCode.AUDIT, ExitCode.DECISIONS, ExitCode.NOT_FOUND),
    {ExitCode.OK: "every document can be reviewed"},
)
APPLY_EXIT_CODES = exit_codes_help(_codes_but(ExitCode.NOT_FOUND))


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="woo-redact")
def main() -> None:
    """woo-redact: redact Woo document sets and prove the result."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


def _options(*decorators: Callable) -> Callable:
    """Several click options as one decorator (shared by run, scan and apply)."""

    def apply(fn: Callable) -> Callable:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


REVIEW_DIR = click.option(
    "--review-dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Internal review folder: report.html, findings.json, pages/, names.csv, work/; they "
    "show the personal data found (default: OUT-review beside OUT).",
)
# what is shown and how: every command of the pipeline
DISPLAY_OPTIONS = _options(
    click.option(
        "--lang",
        type=click.Choice(LANGS),
        default="nl",
        show_default=True,
        help="Language of the inventory's texts, the review page and the summary (the "
        "productierapport keeps the column names and assessments the platform matches on).",
    ),
    click.option(
        "--json",
        "json_out",
        is_flag=True,
        help="Print a machine-readable summary on stdout (and nothing else there): every "
        "document's status, pages, redactions by ground and type, errors; totals; exit status.",
    ),
    click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="Print only errors and the documents that are not published.",
    ),
    click.option(
        "-v", "--verbose", is_flag=True, help="Also print a line for each finished document."
    ),
)

# what changes a scan's results: recorded in its work folder, which apply continues with
SCAN_OPTIONS = _options(
    click.option(
        "--output-names",
        type=click.Choice(OUTPUT_NAMES),
        default="scrubbed",
        show_default=True,
        help="Published file names: 'scrubbed' replaces every redacted string in file and "
        "folder names with [gelakt]; 'number' publishes 0001.pdf, 0002.pdf … in input order.",
    ),
    click.option(
        "--label",
        type=Label(),
        default=DEFAULT_LABEL,
        show_default=True,
        help="Text in each box; 'ground' prints the Woo ground code (e.g. 5.1.2e); '' none.",
    ),
    click.option(
        "--rules",
        "rules_dir",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        metavar="DIR",
        help="Rules folder to use instead of the bundled rules/.",
    ),
    click.option(
        "--model",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        metavar="DIR",
        help="spaCy pipeline folder to use instead of the bundled models/nl_woo; it must have "
        "a 'ner' component with a PERSON label.",
    ),
    click.option(
        "--ocr",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="OCR pages without (enough) text with Tesseract.",
    ),
    click.option(
        "--max-pages",
        type=Count(1, 100_000, "sensible: a few thousand"),
        metavar="N",
        default=5000,
        show_default=True,
        help="Documents with more pages are refused.",
    ),
    click.option(
        "--keep-names",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="File of names (one per line) never to redact, e.g. people with a public role.",
    ),
    click.option(
        "--redact-names",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="File of names (one per line) always to redact, with every variant, in every role.",
    ),
)

# how the work is done: per command, never part of a scan's results
EXECUTION_OPTIONS = _options(
    click.option(
        "-j",
        "--workers",
        type=Count(0, max_workers(), "0: one per CPU", "on this machine"),
        metavar="N",
        default=0,
        help="Documents processed in parallel (default: all CPUs).",
    ),
    click.option(
        "--password-file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="File with passwords for encrypted PDFs, one per line, tried in order (never logged).",
    ),
    click.option(
        "--timeout",
        type=Seconds(10, 86_400, "60 to 3600"),
        default=300.0,
        show_default=True,
        help="Seconds a document may take per stage, plus --page-timeout per page (0: no limit).",
    ),
    click.option(
        "--page-timeout",
        type=Seconds(2, 3_600, "10 to 120"),
        default=30.0,
        show_default=True,
        help="Limit for reading or detecting one page; also added to a document's budget per page.",
    ),
    click.option(
        "--max-memory",
        type=ByteSize(),
        default="4G",
        show_default=True,
        help="Memory one document may use on top of the loaded model (e.g. 2G, 512M; 0: no limit).",
    ),
    click.option(
        "--executor",
        type=click.Choice(EXECUTORS),
        default="local",
        show_default=True,
        help="Where the documents' jobs run: forked workers here, or a Dask cluster "
        '(needs --scheduler and pip install "woo-redact[cluster]").',
    ),
    click.option(
        "--scheduler",
        metavar="ADDRESS",
        default="",
        help="The Dask scheduler of --executor dask, e.g. tcp://10.0.0.5:8786 (folders on a "
        "share every worker sees).",
    ),
    click.option(
        "--resume/--no-resume",
        default=True,
        show_default=True,
        help="Take what an interrupted run into the same folders finished (documents read, "
        "outputs verified) when input, rules, model and options are the same.",
    ),
)

# what a publication (run, apply) writes beside the documents
PUBLICATION_OPTIONS = _options(
    click.option(
        "--audit-key",
        type=click.Path(path_type=Path, dir_okay=False),
        help="The set's audit key file (created on first use; keep it outside the "
        "publication). Default: audit.key in the review folder, carried from run to run.",
    ),
    click.option(
        "--new-audit-key",
        is_flag=True,
        help="Start a new audit key on purpose (the log records the change); the old default "
        "key is kept in the review folder as audit-<key id>.key.",
    ),
    click.option("--publisher", default="", help="Publishing organisation (DiWoo metadata)."),
    click.option(
        "--publisher-uri",
        default="",
        help="Its TOOI organisation URI, e.g. https://identifier.overheid.nl/tooi/id/ministerie/….",
    ),
    click.option(
        "--publication-context",
        default="",
        help="Publicatiecontext column of inventory.xlsx (1-255 letters, digits, - . _ ~).",
    ),
)


def _passwords(password_file: Path | None) -> tuple[str, ...]:
    if password_file is None:
        return ()
    try:
        passwords = tuple(read_password_file(password_file))
    except InputError as exc:
        raise UsageError(str(exc)) from exc
    if not passwords:
        raise UsageError(f"--password-file {password_file} holds no password (one per line)")
    return passwords


def _names(option: str, path: Path | None) -> tuple[str, ...]:
    """The officer's names list; an empty one is refused (it would change nothing)."""
    if path is None:
        return ()
    try:
        names = tuple(read_list(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {option} {path}: {exc}") from exc
    if not names:
        raise UsageError(f"{option} {path} holds no names (one per line; # starts a comment)")
    return names


def _scan_settings(kw: dict) -> dict:
    """Options fields from the scan options given on the command line."""
    keep = _names("--keep-names", kw.pop("keep_names"))
    redact = _names("--redact-names", kw.pop("redact_names"))
    both = sorted({" ".join(n.casefold().split()) for n in keep}
                  & {" ".join(n.casefold().split()) for n in redact})  # fmt: skip
    if both:
        raise UsageError(
            f"{len(both)} name(s) on both --keep-names and --redact-names (e.g. {both[0]!r}): "
            "a name is either kept or redacted; take it off one of the lists"
        )
    return {
        "output_names": kw.pop("output_names"),
        "label": kw.pop("label"),
        "rules_dir": kw.pop("rules_dir"),
        "model": kw.pop("model"),
        "ocr": kw.pop("ocr"),
        "max_pages": kw.pop("max_pages"),
        "keep_names": keep,
        "redact_names": redact,
    }


def _execution_settings(kw: dict) -> dict:
    workers = kw.pop("workers")
    executor, scheduler = kw.pop("executor"), kw.pop("scheduler").strip()
    if executor == "dask" and not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (the Dask scheduler)")
    if scheduler and executor != "dask":
        raise UsageError("--scheduler is for --executor dask")
    return {
        "workers": workers or (os.cpu_count() or 1),
        "passwords": _passwords(kw.pop("password_file")),
        "timeout": kw.pop("timeout"),
        "page_timeout": kw.pop("page_timeout"),
        "max_memory": kw.pop("max_memory"),
        "executor": executor,
        "scheduler": scheduler,
        "resume": kw.pop("resume"),
    }


def _publication_settings(kw: dict) -> dict:
    return {
        "audit_key": kw.pop("audit_key"),
        "new_audit_key": kw.pop("new_audit_key"),
        "publisher": kw.pop("publisher"),
        "publisher_uri": kw.pop("publisher_uri"),
        "publication_context": kw.pop("publication_context"),
    }


def _checked_docs(inputs: tuple[Path, ...], options: Options, audit: bool = True) -> list:
    """The inputs, with every usage error reported before any document is read."""
    docs = prepare(list(inputs), options, audit=audit).docs
    if not docs:
        raise UsageError("no files found in the inputs")
    return docs


def _display(kw: dict) -> Display:
    quiet, verbose = kw.pop("quiet"), kw.pop("verbose")
    if quiet and verbose:
        raise UsageError("-q/--quiet and -v/--verbose exclude each other: choose one")
    level = QUIET if quiet else VERBOSE if verbose else NORMAL
    return Display(lang=kw.pop("lang"), verbosity=level, json=kw.pop("json_out"))


def _notes(summary: RunSummary, options: Options, command: str, lang: str) -> list[str]:
    """What the officer should know besides the results (stderr, not with -q)."""
    notes = list(summary.review_remarks)
    if command != "scan" and not options.publisher and not options.publisher_uri:
        notes.append(text("note.publisher", lang))
    return notes


def _pipeline(
    display: Display,
    command: str,
    options: Options,
    work: Callable[..., RunSummary],
    stages: tuple[str, ...],
    final: str = "doc",
) -> ExitCode:
    """Run ``work`` (run, scan or apply, given a progress callback and a finish hook) under the
    display, write the run's log into the review folder before it is published, then print the
    summary (and with --json the JSON document)."""
    out, review = options.out.resolve(), options.review
    params = {k: v for k, v in click.get_current_context().params.items() if v not in (None, ())}

    def report(summary: RunSummary) -> tuple[list[Line], list[str], dict]:
        """The summary's lines, the notes and the JSON document: printed, and in the log."""
        lines = summary_lines(summary, command, display.lang, out, review)
        notes = _notes(summary, options, command, display.lang)
        published = None if command == "scan" else out
        return lines, notes, summary_payload(summary, command, summary.exit_code, published,
                                             review)  # fmt: skip

    def finish(summary: RunSummary, staged_review: Path) -> None:
        lines, notes, payload = report(summary)
        printed = [*display.printed, *(line.text.plain for line in lines),
                   *(display.note_text(n) for n in notes)]  # fmt: skip
        write_run_log(staged_review, payload, params, printed)

    with display.progress(stages, final) as tick:
        summary = work(tick, finish)
    lines, notes, payload = report(summary)
    for line in lines:
        display.line(line)
    for note in notes:
        display.note(note)
    if display.json:
        display.json_document(payload)
    return summary.exit_code


OUT = click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder to publish: redacted PDFs, inventory.csv, audit.jsonl (replaced as a whole at "
    "the end of the run; must be new, empty or an earlier run's).",
)


@main.command("run", epilog=RUN_EXIT_CODES)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT
@REVIEW_DIR
@SCAN_OPTIONS
@EXECUTION_OPTIONS
@PUBLICATION_OPTIONS
@DISPLAY_OPTIONS
def run_cmd(inputs: tuple[Path, ...], out: Path, review_dir: Path | None,
            **kw: object) -> ExitCode:  # fmt: skip
    """Redact every PDF in INPUTS (files or folders) into OUT, verify, and record.

    Files that are not PDFs are listed as not processed. A document that is not published
    is named in the summary, inventory.csv and the review report.
    """
    display = _display(kw)
    options = Options(
        out=out,
        review_dir=review_dir,
        lang=display.lang,
        **_scan_settings(kw),
        **_execution_settings(kw),
        **_publication_settings(kw),
    )
    _checked_docs(inputs, options)
    return _pipeline(display, "run", options,
                     lambda tick, finish: run(list(inputs), options, tick, finish),
                     ("detect", "pictures", "doc"))  # fmt: skip


@main.command("scan", epilog=SCAN_EXIT_CODES)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT
@REVIEW_DIR
@SCAN_OPTIONS
@EXECUTION_OPTIONS
@click.option(
    "--review-copies",
    is_flag=True,
    help="Also write REVIEW/review-copies/: each document with the proposed redactions as "
    "unapplied Redact annotations, for reviewers who work in a PDF editor.",
)
@DISPLAY_OPTIONS
def scan_cmd(inputs: tuple[Path, ...], out: Path, review_dir: Path | None, review_copies: bool,
             **kw: object) -> ExitCode:  # fmt: skip
    """Detect and decide only: write the review folder (findings.json, report.html, the page
    pictures and the work folder that apply continues from) for a later `apply OUT`.

    Nothing is written to OUT; it is checked now so that apply can publish there.
    """
    display = _display(kw)
    options = Options(
        out=out,
        review_dir=review_dir,
        command="scan",
        review_copies=review_copies,
        lang=display.lang,
        **_scan_settings(kw),
        **_execution_settings(kw),
    )
    _checked_docs(inputs, options, audit=False)
    return _pipeline(display, "scan", options,
                     lambda tick, finish: scan(list(inputs), options, tick, finish),
                     ("detect", "pictures"), final="detect")  # fmt: skip


@main.command("apply", epilog=APPLY_EXIT_CODES)
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@REVIEW_DIR
@click.option(
    "--decisions",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The reviewer's decisions.json (exported by report.html, or written by another "
    "tool; see the README). Without it the scan's own proposal is applied.",
)
@click.option(
    "--review-copies",
    "copies",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="A folder of review copies (scan --review-copies) as the reviewer saved them in a PDF "
    "editor: a deleted annotation is a rejection, a new Redact annotation a region to redact, "
    "a ground code at the start of a note the ground.",
)
@click.option(
    "--reviewer",
    required=True,
    help="Who applies the decisions; written into the audit log, which is published: use the "
    "identifier your organisation records reviewers by.",
)
@EXECUTION_OPTIONS
@PUBLICATION_OPTIONS
@DISPLAY_OPTIONS
def apply_cmd(out: Path, review_dir: Path | None, decisions: Path | None, copies: Path | None,
              reviewer: str, **kw: object) -> ExitCode:  # fmt: skip
    """Apply a reviewer's decisions to the scan whose review folder belongs to OUT (the
    scan's --out), redact, verify and publish into OUT, as run does.

    Exactly the accepted findings, the findings the decisions do not mention (proposed stays
    redacted) and the drawn boxes are redacted.
    """
    display = _display(kw)
    options = Options(
        out=out,
        review_dir=review_dir,
        command="apply",
        lang=display.lang,
        **_execution_settings(kw),
        **_publication_settings(kw),
    )
    return _pipeline(display, "apply", options,
                     lambda tick, finish: apply(options, reviewer, decisions, tick, copies, finish),
                     ("doc",))  # fmt: skip


@main.group("audit")
def audit_group() -> None:
    """Check and search the audit log of a publication (audit.jsonl)."""


AUDIT_VERIFY_CODES = exit_codes_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.AUDIT, ExitCode.INTERRUPTED],
    {
        ExitCode.OK: "all is in order",
        ExitCode.AUDIT: "a problem was found (each is named)",
        ExitCode.INTERRUPTED: "interrupted",
    },
)
AUDIT_FIND_CODES = exit_codes_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.AUDIT, ExitCode.NOT_FOUND, ExitCode.INTERRUPTED],
    {
        ExitCode.OK: "the text was found",
        ExitCode.AUDIT: "the log or the key cannot be read",
        ExitCode.INTERRUPTED: "interrupted",
    },
)


@audit_group.command("verify", epilog=AUDIT_VERIFY_CODES)
@click.argument("log", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--outputs",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="Publication folder: every file in it must match the last record that lists it.",
)
@click.option(
    "-k",
    "--key",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The audit key: also check the seal (HMAC) of every run written with it.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems.")
def audit_verify(log: Path, outputs: Path | None, key: Path | None, quiet: bool) -> ExitCode:
    """Check the hash chain of LOG; name every record or file that does not match."""
    report = verify_log(log, outputs, read_key(key) if key else None)
    for problem in report.problems:
        click.echo(f"PROBLEM {problem}")
    if quiet:
        return ExitCode.AUDIT if report.problems else ExitCode.OK
    seals = f", {report.seals_checked} seal(s) checked with the key" if key else ""
    state = "BROKEN" if report.problems else "OK"
    click.echo(
        f"{state}: {report.records} record(s), {report.runs} run(s), "
        f"{len(report.problems)} problem(s){seals}; head {report.head}"
    )
    return ExitCode.AUDIT if report.problems else ExitCode.OK


@audit_group.command("find", epilog=AUDIT_FIND_CODES)
@click.argument("log", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-k",
    "--key",
    "key_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The audit key the log was written with.",
)
@click.option("-t", "--text", required=True, help="The text to look for, e.g. a person's name.")
def audit_find(log: Path, key_file: Path, text: str) -> ExitCode:
    """List where TEXT was redacted (or kept) according to LOG.

    Case and spacing do not matter; a record matches when its text is TEXT or contains TEXT's
    words in that order.
    """
    key = read_key(key_file)
    records = [e.record for e in read_log(log) if e.record is not None]
    matches, other = find_text(records, key, text)
    for m in matches:
        r = m.record
        page = f"p. {r['page']}" if r.get("page") else r.get("channel", "")
        action = {"redaction": "redacted", "keep": "kept"}.get(str(r["event"]), r["event"])
        click.echo(
            f"record {r['seq']} ({r.get('time', '')}): {r.get('file', '')} {page} "
            f"{r.get('type', '')} {action} on {r.get('ground', '')} by {r.get('by', '')} "
            f"[{m.how}] boxes {r.get('boxes', [])}"
        )
    if other:
        click.echo(f"{other} record(s) were written with another key and were not searched")
    click.echo(f"{len(matches)} record(s) found")
    return ExitCode.OK if matches else ExitCode.NOT_FOUND


if __name__ == "__main__":
    main()
