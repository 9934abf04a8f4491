"""Resume an interrupted run: what each document's detection and redaction produced, kept
beside the review folder until the run is published.

A large set takes hours; a crash, a reboot or Ctrl-C near the end should not cost them again.
Every document that finished a stage leaves its result here, under a key of everything that
result depends on; the next run with the same folders takes it instead of doing the work:

    .<review>.resume/detect/<key>.json.gz   a document's work file (its words, findings and the
                                            policy's decisions): input name and SHA-256, tool
                                            version, work schema, rules, model, lists, options
    .<review>.resume/done/<key>.pdf         a redacted, verified output, and
    .<review>.resume/done/<key>.json.gz     its result: the scan id (every input's content,
                                            rules, model, options), the input, its published
                                            name, its redactions and the set's spread values

A changed input, rule, model or option changes the key, so nothing stale is taken; a set that
gained or lost a document has another scan id, so its outputs are made again (a name found in
the new document is redacted everywhere) while detection is still taken per document. A taken
output is checked against the SHA-256 it was verified with. The folder holds every word of the
set (internal, like the review folder) and is removed once the run is published: the audit log
only ever sees whole runs, so it stays one chain.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from woo_redact.inputs import sha256_file
from woo_redact.types import DocumentResult
from woo_redact.work import WorkFolderError, read_gz, write_gz

DETECT = "detect"
DONE = "done"
RESUMED = "taken from an interrupted run into the same folders (same input and decisions)"


def resume_dir(review: Path) -> Path:
    """Where the resumable results of runs into ``review`` are kept (beside it, hidden)."""
    return review.parent / f".{review.name}.resume"


def key_of(*parts: object) -> str:
    """A digest of ``parts`` (JSON-able values), used as a file name."""
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _link(src: Path, dst: Path) -> None:
    """``dst`` as a hard link to ``src`` (a copy across file systems), replacing it."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.link")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copy2(src, tmp)
    tmp.replace(dst)


@dataclass(frozen=True)
class Resume:
    """The resume folder of one destination; every method fails soft (a result that cannot be
    kept or taken is simply made again)."""

    root: Path

    # -- detection ---------------------------------------------------------------------------

    def take_detected(self, key: str, work_file: Path) -> bool:
        """Place the work file kept for ``key`` at ``work_file``; False if there is none."""
        path = self.root / DETECT / f"{key}.json.gz"
        if not path.is_file():
            return False
        try:
            _link(path, work_file)
        except OSError:
            return False
        return True

    def keep_detected(self, key: str, work_file: Path) -> None:
        with contextlib.suppress(OSError):
            _link(work_file, self.root / DETECT / f"{key}.json.gz")

    # -- redacted outputs --------------------------------------------------------------------

    def done(self, key: str, target: Path) -> DocumentResult | None:
        """The kept result of ``key`` with its output placed at ``target``; None if there is
        none, or its output is not the file that was verified."""
        result_file = self.root / DONE / f"{key}.json.gz"
        pdf = self.root / DONE / f"{key}.pdf"
        if not (result_file.is_file() and pdf.is_file()):
            return None
        try:
            result = read_gz(result_file, DocumentResult)
            if not result.sha256_out or sha256_file(pdf) != result.sha256_out:
                return None
            _link(pdf, target)
        except (OSError, WorkFolderError):
            return None
        result.output = target
        result.cpu = {}
        result.remarks.append(RESUMED)
        return result

    def keep_done(self, key: str, result: DocumentResult) -> None:
        if result.output is None or not result.sha256_out:
            return
        with contextlib.suppress(OSError):
            _link(result.output, self.root / DONE / f"{key}.pdf")
            write_gz(self.root / DONE / f"{key}.json.gz", result)

    def clear(self) -> None:
        """The run was published: nothing is left to resume."""
        shutil.rmtree(self.root, ignore_errors=True)
