"""Before a run reads any document: the previous audit log is checked and the key is found.

A run carries the log of the publication folder forward (the folder is replaced as a whole at
the end, so the new log is the old one plus this run's records). What can stop it, each with a
clear error and nothing written:

- the log's chain is broken, or the log was deleted, cut or extended after the folder was
  published (the folder's manifest names the log's head at publication time);
- the key found is not the key the log's latest run used (a lost or mixed-up key), unless the
  officer starts a new key on purpose (``--new-audit-key``, recorded in the log).

Where the key is kept: ``--audit-key FILE`` (created on first use), or by default
``REVIEW/audit.key``, which each run carries into its new review folder together with the
earlier keys of a rotation (``REVIEW/audit-<key id>.key``). Never in the publication folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from woo_redact.atomic import read_manifest
from woo_redact.errors import UsageError
from woo_redact.inputs import sha256_file
from woo_redact.record.audit import (
    LOG_FILE,
    AuditLog,
    AuditLogError,
    last_key_id,
    parse_lines,
    published_files,
    read_text,
)
from woo_redact.record.audit_key import (
    KEY_FILE,
    AuditKey,
    key_text,
    new_key,
    read_key,
    write_key,
)
from woo_redact.record.audit_records import Batch, outputs_record


@dataclass(frozen=True)
class AuditSetup:
    """What the record stage needs to continue the log of a publication folder."""

    log: Path  # the published log to carry forward (may not exist yet)
    key: AuditKey
    key_file: Path | None  # the officer's own key file (None: REVIEW/audit.key)
    create_key_file: bool  # key_file does not exist yet: written when the run is recorded
    previous_key_id: str  # the key of the latest run, when this run starts a new one
    carried: tuple[tuple[str, str], ...] = ()  # (file name, content) of REVIEW's key files
    seen: str = ""  # SHA-256 of the log as checked: unchanged at the end, it is not re-read

    def write_keys(self, review_stage: Path | None) -> None:
        """Put the key where it is kept: the officer's file, or the new review folder."""
        if self.key_file is not None:
            if self.create_key_file:
                write_key(self.key_file, self.key)
            return
        if review_stage is None:
            return
        for name, content in self.carried:
            _write_private(review_stage / name, content)
        _write_private(review_stage / KEY_FILE, key_text(self.key))


def _write_private(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(content)


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_manifest(out: Path, log: AuditLog) -> None:
    """The folder's manifest names the head the log had when the folder was published."""
    audit = (read_manifest(out) or {}).get("audit")
    if isinstance(audit, dict) and audit.get("head") != log.head:
        raise AuditLogError(
            f"the audit log {out / LOG_FILE} is not the log this folder was published with (its "
            f"manifest names {audit.get('records')} record(s) ending in "
            f"{str(audit.get('head'))[:12]}…; the log has {log.count} ending in "
            f"{log.head[:12]}…): it was cut, replaced or extended by hand. Nothing was written"
        )


def _read_checked_text(out: Path) -> str:
    """The log's text; a log the folder's manifest promises but that is gone is an error."""
    log_path = out / LOG_FILE
    if isinstance((read_manifest(out) or {}).get("audit"), dict) and not log_path.exists():
        raise AuditLogError(
            f"the audit log {log_path} was deleted: the folder's manifest names it. Nothing was "
            "written; restore the log from a backup, or publish into a new --out folder"
        )
    return read_text(log_path)


def check_log(out: Path, key: AuditKey | None = None) -> AuditLog:
    """The log of the publication folder ``out``, checked against its chain (with ``key``, its
    seals) and the folder's manifest."""
    log = AuditLog.from_text(_read_checked_text(out), out / LOG_FILE, key)
    _check_manifest(out, log)
    return log


def _carried_keys(review: Path) -> list[tuple[str, str]]:
    """Earlier keys kept in the review folder (``audit-<id>.key``), to carry forward."""
    if not review.is_dir():
        return []
    out = []
    for path in sorted(review.glob("audit-*.key")):
        read_key(path)  # a damaged one is reported now, not lost later
        out.append((path.name, path.read_text(encoding="ascii")))
    return out


def _explicit_key(key_file: Path, new: bool) -> tuple[AuditKey, bool]:
    if new and key_file.exists():
        raise UsageError(f"--new-audit-key: {key_file} exists; name a new file for the new key")
    if key_file.exists():
        return read_key(key_file), False
    return new_key(), True


def prepare_audit(
    out: Path, review: Path, key_file: Path | None = None, new: bool = False
) -> AuditSetup:
    """Check the previous log and find (or make) the key, before any document is read.

    The log is read and hashed once: its latest run names the key, the key's seals are checked
    in the same pass.
    """
    if key_file is not None:
        key_file = key_file.resolve()
        if key_file == out or out in key_file.parents:
            raise UsageError(f"--audit-key {key_file} is inside the publication folder {out}")
    text = _read_checked_text(out)
    entries = parse_lines(text)
    last = last_key_id(e.record for e in entries if e.record is not None)
    carried = [] if key_file is not None else _carried_keys(review)
    if key_file is not None:
        key, create = _explicit_key(key_file, new)
        found = not create
    else:
        default = review / KEY_FILE
        old = read_key(default) if default.exists() else None
        key, create, found = (new_key() if new or old is None else old), False, old is not None
        if new and old is not None:
            carried.append((f"audit-{old.id}.key", key_text(old)))
    if last and key.id != last and not new:
        _key_mismatch(key, key_file or review / KEY_FILE, found, out / LOG_FILE, last)
    log = AuditLog.from_text(text, out / LOG_FILE, None if new else key, entries)
    _check_manifest(out, log)
    return AuditSetup(
        log=out / LOG_FILE,
        key=key,
        key_file=key_file,
        create_key_file=create,
        previous_key_id=last if new and last != key.id else "",
        carried=tuple(carried),
        seen=_text_sha256(text),
    )


def _key_mismatch(key: AuditKey, where: Path, found: bool, log_file: Path, last: str) -> None:
    problem = (
        f"the audit key {where} (id {key.id}) is not the key the log {log_file} was written "
        f"with (id {last})"
        if found
        else f"no audit key was found at {where}; the log {log_file} was written with the key "
        f"of id {last}"
    )
    raise AuditLogError(
        f"{problem}: pass that key with --audit-key FILE (e.g. the audit.key of an earlier run's "
        "review folder), or start a new key on purpose with --new-audit-key (the log records the "
        "change). Nothing was written"
    )


def published_hashes(out: Path, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every file of the publication folder ``out`` (the log excepted) with its SHA-256;
    ``known`` gives hashes already computed (the PDFs', as verify recorded them)."""
    known = known or {}
    return {rel: known.get(rel) or sha256_file(out / rel) for rel in published_files(out)}


def write_batch(
    setup: AuditSetup,
    batch: Batch,
    bodies: Iterable[Mapping[str, object]],
    out: Path,
    review: Path | None = None,
    known: Mapping[str, str] | None = None,
) -> AuditLog:
    """Append one batch (a run, a review round) to the log carried forward from
    ``setup.log``, with an ``outputs`` record of everything in ``out`` and a seal; write the
    log into ``out`` (a staging folder, published as a whole) and the key where it is kept.

    ``bodies`` start with the batch's ``run`` record (``audit_records.run_record``). The
    previous log is read again here, not at start-up, so nothing published meanwhile is lost.
    """
    out_folder = setup.log.parent
    text = _read_checked_text(out_folder)
    if setup.seen and _text_sha256(text) == setup.seen:  # as checked at start-up
        log = AuditLog.trusted(text, setup.previous_key_id)
    else:  # another run published meanwhile: check what is there now
        log = AuditLog.from_text(text, setup.log, setup.key)
    _check_manifest(out_folder, log)
    log.extend(bodies)
    log.append([outputs_record(batch, published_hashes(out, known))])
    log.seal(batch.run, setup.key, batch.time)
    log.write(out / LOG_FILE)
    setup.write_keys(review)
    return log
