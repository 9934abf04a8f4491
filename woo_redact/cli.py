"""Command line: parse, call the pipeline, print the summary, set the exit code. Nothing else."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from woo_redact import __version__
from woo_redact.errors import UsageError
from woo_redact.pipeline import Options, RunSummary, collect_inputs, run
from woo_redact.redact import DEFAULT_LABEL


def _print_summary(console: Console, summary: RunSummary) -> None:
    ok = len(summary.results) - len(summary.failed)
    console.print(
        f"[bold]{len(summary.results)}[/] document(s), [bold]{summary.pages}[/] page(s): "
        f"{ok} redacted and verified, {len(summary.failed)} failed"
    )
    by_type = summary.redactions_by_type()
    if by_type:
        console.print(
            "redactions: " + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())),
            highlight=False,
        )
    for res in summary.failed:
        console.print(f"[red]FAILED[/] {res.rel}: {res.error}", highlight=False)


@click.group()
@click.version_option(__version__, prog_name="woo-redact")
def main() -> None:
    """woo-redact: redact Woo document sets and prove the result."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@main.command("run")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder: redacted PDFs, inventory.csv, audit.jsonl and review/.",
)
@click.option(
    "--label",
    default=DEFAULT_LABEL,
    show_default=True,
    help="Text in each box; 'ground' prints the Woo ground code (e.g. 5.1.2e).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    help="Documents processed in parallel (default: all CPUs).",
)
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Rules folder to use instead of the bundled rules/.",
)
@click.option(
    "--model",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="spaCy pipeline folder to use instead of the bundled models/nl_woo.",
)
@click.option(
    "--ocr",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="OCR pages without (enough) text with Tesseract.",
)
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def run_cmd(
    inputs: tuple[Path, ...],
    out: Path,
    label: str,
    workers: int,
    rules_dir: Path | None,
    model: Path | None,
    ocr: str,
    quiet: bool,
) -> None:
    """Redact every PDF in INPUTS (files or folders) into OUT, verify, and record."""
    console = Console(stderr=True, quiet=quiet)
    options = Options(
        out=out,
        label=label,
        workers=workers or (os.cpu_count() or 1),
        rules_dir=rules_dir,
        model=model,
    )
    try:
        total = len(collect_inputs(list(inputs), out))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    if total == 0:
        raise click.UsageError("no PDF files found in the inputs")
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet,
    )
    with progress:
        detect_task = progress.add_task("detect", total=total, pages=0)
        redact_task = progress.add_task("redact", total=total, pages=0)

        def tick(event: str, pages: int) -> None:
            task = detect_task if event == "detect" else redact_task
            fields = progress.tasks[task].fields
            progress.update(task, advance=1, pages=fields["pages"] + pages)

        try:
            summary = run(list(inputs), options, progress=tick)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from exc
    _print_summary(console, summary)
    sys.exit(summary.exit_code)


if __name__ == "__main__":
    main()
