"""The README's option tables are what --help says (woo_redact/cli_doc.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from woo_redact.cli import main
from woo_redact.cli_doc import END, START, options_section, rewrite

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_option_tables_are_the_help() -> None:
    text = README.read_text(encoding="utf-8")
    assert options_section() in text, (
        "the README is behind --help: python -m woo_redact.cli_doc README.md"
    )
    assert rewrite(text) == text


@pytest.mark.parametrize(
    "command", [["run"], ["scan"], ["apply"], ["audit", "verify"], ["audit", "find"]]
)
def test_every_option_in_help_is_in_the_readme_table(command: list[str]) -> None:
    shown = CliRunner().invoke(main, [*command, "-h"]).output
    flags = set(re.findall(r"^\s+((?:-\w, )?--[\w-]+)", shown, re.M))
    section = options_section()
    column = section.split("\n\n")[2 if command[0] == "audit" else 1]
    header = [c.strip(" `") for c in column.splitlines()[0].split("|")[1:-1]]
    where = header.index(command[-1])
    in_table = set()
    for row in column.splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]  # "\|" is in a cell
        if cells[where] == "✓":
            in_table.add(re.match(r"`((?:-\w, )?--[\w-]+)", cells[0]).group(1))
    assert flags and flags == in_table


def test_the_synopsis_names_only_options_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    synopsis = text[text.index("## Set-up and use") : text.index(START)]
    for line in synopsis.splitlines():
        if not line.startswith("woo-redact ") or "COMMAND" in line:
            continue
        words = line.split()
        path = words[1:3] if words[1] == "audit" else words[1:2]
        shown = CliRunner().invoke(main, [*path, "-h"]).output
        for flag in re.findall(r"(?<![\w-])(-\w|--[\w-]+)\b", line):
            assert re.search(rf"(?<![\w-]){re.escape(flag)}\b", shown), (line, flag)
    assert END in text
