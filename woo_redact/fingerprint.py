"""Content fingerprints of what decides a run's outcome: inputs, rules, model, lists, options.

The scan id (``pipeline.scan_id_for``) and the audit log's run record are both built from these,
so "the same scan" means the same bytes in, the same rules and model *content* (not the same
folder name), the same officer's lists and the same options. A rules file edited in place gives
a new fingerprint; the same rules copied to another folder do not.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from woo_redact import __version__
from woo_redact.inputs import sha256_file
from woo_redact.rules import bundled_dir

MODEL_NAME = "nl_woo"  # as detect.engine.MODEL_NAME (not imported: that loads spaCy)
SKIPPED_DIRS = frozenset({"__pycache__", ".git"})


def tree_sha256(folder: Path) -> str:
    """SHA-256 over every regular file below ``folder``: its relative path and its content.

    Links are not followed and caches (``__pycache__``) are left out, so an import of the
    rules package does not change the rules' fingerprint.
    """
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        here = Path(dirpath)
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(folder).as_posix()
            h.update(f"{rel}\0{sha256_file(path)}\n".encode())
    return h.hexdigest()


def rules_sha256(rules_dir: Path | None) -> str:
    """Fingerprint of the rules folder in use (the bundled one when none is given)."""
    return tree_sha256(Path(rules_dir) if rules_dir else bundled_dir("rules"))


def model_sha256(model: Path | None) -> str:
    """Fingerprint of the spaCy pipeline in use (the bundled ``models/nl_woo`` by default)."""
    return tree_sha256(Path(model) if model else bundled_dir("models") / MODEL_NAME)


def lists_sha256(keep_names: Iterable[str], redact_names: Iterable[str]) -> str:
    """Fingerprint of the officer's keep/redact lists (the names themselves are never logged)."""
    payload = {"keep": sorted(set(keep_names)), "redact": sorted(set(redact_names))}
    return json_sha256(payload)


def json_sha256(value: object) -> str:
    """SHA-256 of the canonical JSON of ``value`` (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scan_fingerprint(
    inputs: Iterable[tuple[str, str]],
    rules: str,
    model: str,
    lists: str,
    options: Mapping[str, object],
) -> str:
    """The scan id: inputs (relative name and SHA-256), rules, model, lists and options.

    16 hex digits (64 bits) are plenty to tell scans of one set apart and short enough to read.
    """
    payload = {
        "tool": __version__,
        "inputs": [[rel, sha] for rel, sha in inputs],
        "rules": rules,
        "model": model,
        "lists": lists,
        "options": dict(options),
    }
    return json_sha256(payload)[:16]
