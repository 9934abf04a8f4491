"""Loading rules/: an incomplete rules folder is an error before any document is read, and an
empty list matches nothing (never everything)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from woo_redact.errors import ExitCode, RulesError, UsageError
from woo_redact.rules import NEVER, alternation, load_rules, read_list


def copy_rules(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(load_rules().root, dst, ignore=shutil.ignore_patterns("__*"))
    return dst


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: (d / "reference_labels.txt").write_text("# nothing\n\n"), "is empty"),
        (lambda d: (d / "address_keep_cues.txt").write_text(""), "is empty"),
        (lambda d: (d / "functional_mailboxes.txt").unlink(), "has no functional_mailboxes"),
        (lambda d: (d / "public_roles.yml").write_text("roles: []\nsigning_headings: [a]\n"),
         "non-empty 'roles'"),
        (lambda d: (d / "names.yml").write_text("titles: [dhr.\n"), "not valid YAML"),
        (lambda d: (d / "grounds.yml").write_text("- a list\n"), "must hold a mapping"),
    ],
)  # fmt: skip
def test_incomplete_rules_folder_is_an_error(tmp_path: Path, change, message: str) -> None:
    rules_dir = copy_rules(tmp_path)
    change(rules_dir)
    with pytest.raises(RulesError, match=message) as info:
        load_rules(rules_dir)
    assert isinstance(info.value, UsageError) and info.value.exit_code == ExitCode.RULES


def test_empty_allow_and_deny_lists_are_fine(tmp_path: Path) -> None:
    rules_dir = copy_rules(tmp_path)
    (rules_dir / "allow.txt").write_text("")
    (rules_dir / "deny.txt").unlink()
    rules = load_rules(rules_dir)
    assert not rules.allow and not rules.deny


@pytest.mark.parametrize(
    ("items", "text", "matches"),
    [
        ([], "kenmerk 123", False),
        ([], "", False),
        (["", "  "], "anything", False),
        (["zaak nummer", "kenmerk"], "het zaak  nummer", True),
        (["a.b"], "axb", False),
    ],
)
def test_alternation(items: list[str], text: str, matches: bool) -> None:
    pattern = re.compile(alternation(items))
    assert bool(pattern.search(text)) is matches
    if not [i for i in items if i.strip()]:
        assert alternation(items) == NEVER


def test_byte_order_mark_does_not_swallow_the_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "keep.txt"
    path.write_bytes("\ufeffSanne Jansen-Bakker\nPiet Pietersen\n".encode())
    assert read_list(path) == ["Sanne Jansen-Bakker", "Piet Pietersen"]
