"""audit.jsonl: an append-only, hash-chained log that grows across runs and review rounds.

Every line is one record in canonical JSON (sorted keys, no spaces, UTF-8) with three chain
fields: ``seq`` (1, 2, 3 …), ``prev`` (the ``hash`` of record ``seq - 1``; 64 zeros for the
first) and ``hash`` (SHA-256 of the canonical JSON of the record without ``hash``). An edited,
deleted, inserted or reordered record therefore breaks the chain where it happened, and
:func:`verify_records` names it. Each batch of records (a run, a review round) ends with a
``seal`` record: the number of records it closes and an HMAC of the chain head under the
officer's audit key (``audit_key.py``). Without the key the chain shows accidental and naive
changes; with it, a log rewritten and re-hashed by someone who lacks the key is caught too. A
log cut after a seal is caught against the publication's manifest (``verify_outputs``), which
names the head the log had when the folder was published.

The redacted text itself is never written: only its HMAC under the key (``text_hmac``,
``word_hmacs``), so :func:`find_text` answers "where was this name redacted?" for whoever holds
the key and nobody else.

API for the stages that write to the log (``run`` now; ``apply`` and resume later):
``AuditLog.open(path)`` (checks the chain, fails closed), ``log.append(records)``,
``log.seal(run, key)``, ``log.write(path)``; the record constructors are in
``audit_records.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from woo_redact.atomic import MANIFEST, read_manifest, write_with
from woo_redact.errors import ExitCode, WooRedactError
from woo_redact.inputs import sha256_file
from woo_redact.record.audit_key import AuditKey

LOG_FILE = "audit.jsonl"
GENESIS = "0" * 64
CHAIN_FIELDS = ("seq", "prev", "hash")
NOT_LOGGED = frozenset({LOG_FILE, MANIFEST})  # the published files the log cannot list


class AuditLogError(WooRedactError):
    """The previous audit log is broken: the run stops before anything is written."""

    exit_code = ExitCode.AUDIT


def canonical(record: Mapping[str, object]) -> str:
    """The one text form of a record: what is hashed and what is written."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(record: Mapping[str, object]) -> str:
    """SHA-256 of the canonical JSON of ``record`` without its own ``hash`` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a log or a published file, named so a person can find it."""

    where: str  # "record 12 (line 12)", "line 7", "file a.pdf", "log"
    kind: str  # edited | missing | inserted | reordered | unreadable | unsealed | seal |
    #            truncated | file-changed | file-missing | file-unlisted
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Entry:
    """One line of a log as read: its number, its record (None: not a JSON object)."""

    line: int
    record: dict | None


def _where(rec: dict, line: int) -> str:
    seq = rec.get("seq")
    return f"record {seq} (line {line})" if isinstance(seq, int) else f"line {line}"


def parse_lines(text: str) -> list[Entry]:
    """Every line of a log, parsed; a line that is not a JSON object is kept as ``None``."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    entries = []
    for i, line in enumerate(lines, start=1):
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        entries.append(Entry(i, value if isinstance(value, dict) else None))
    return entries


def _is_chained(rec: dict) -> bool:
    seq = rec.get("seq")
    return (
        isinstance(seq, int)
        and not isinstance(seq, bool)
        and isinstance(rec.get("prev"), str)
        and isinstance(rec.get("hash"), str)
    )


@dataclass(frozen=True)
class Chained:
    """A line that is a chain record: its line number, record, and whether its hash holds."""

    line: int
    rec: dict
    intact: bool

    @property
    def seq(self) -> int:
        return int(self.rec["seq"])

    @property
    def where(self) -> str:
        return _where(self.rec, self.line)


def _record_problems(entries: list[Entry]) -> tuple[list[Problem], list[Chained]]:
    """Lines that are not chain records or whose content no longer matches their hash."""
    problems: list[Problem] = []
    chained: list[Chained] = []
    for e in entries:
        if e.record is None:
            why = "not a JSON record: damaged, or edited by hand"
            problems.append(Problem(f"line {e.line}", "unreadable", why))
            continue
        if not _is_chained(e.record):
            why = "a record without seq/prev/hash: not written by woo-redact"
            problems.append(Problem(f"line {e.line}", "inserted", why))
            continue
        item = Chained(e.line, e.record, record_hash(e.record) == e.record["hash"])
        if not item.intact:
            why = "changed after it was written: its content no longer matches its hash"
            problems.append(Problem(item.where, "edited", why))
        chained.append(item)
    return problems, chained


def _span(seqs: list[int]) -> str:
    return f"{seqs[0]}" if len(seqs) == 1 else f"{seqs[0]}–{seqs[-1]}"


def _listed(seqs: list[int]) -> str:
    shown = ", ".join(str(s) for s in seqs[:5])
    return shown + (" …" if len(seqs) > 5 else "")


def _order_problems(chained: list[Chained]) -> list[Problem]:
    """Sequence numbers out of order or missing (repeated ones: ``_duplicate_problems``)."""
    problems: list[Problem] = []
    lines_of: dict[int, list[int]] = defaultdict(list)
    for c in chained:
        lines_of[c.seq].append(c.line)
    last = 0
    for c in chained:
        if c.seq > last + 1:
            gap = range(last + 1, c.seq)
            missing = [s for s in gap if s not in lines_of]
            moved = [s for s in gap if s in lines_of]
            if missing:
                why = f"record(s) {_span(missing)} are missing before it (deleted)"
                problems.append(Problem(c.where, "missing", why))
            if moved:
                why = (
                    f"it comes before record(s) {_listed(moved)}, which are further down: "
                    "records were reordered"
                )
                problems.append(Problem(c.where, "reordered", why))
        elif c.seq <= last and lines_of[c.seq][0] == c.line:
            why = f"it comes after record {last}: records were reordered"
            problems.append(Problem(c.where, "reordered", why))
        last = max(last, c.seq)
    return problems


def _duplicate_problems(chained: list[Chained]) -> list[Problem]:
    """Of two records with one sequence number, the one its successor does not point to."""
    problems: list[Problem] = []
    by_seq: dict[int, list[Chained]] = defaultdict(list)
    for c in chained:
        by_seq[c.seq].append(c)
    for seq, group in by_seq.items():
        if len(group) < 2:
            continue
        pointed = {c.rec["prev"] for c in by_seq.get(seq + 1, [])}
        # the chain leads through the first one its successor points to (the last record has
        # no successor: then the first of them is taken as the original); a copy is inserted
        chosen = next((c for c in group if c.rec["hash"] in pointed), group[0])
        for c in group:
            if c is not chosen:
                why = f"a second record {seq} that the chain does not lead through: inserted"
                problems.append(Problem(c.where, "inserted", why))
    return problems


def _link_problems(chained: list[Chained]) -> list[Problem]:
    """Records whose ``prev`` is not the hash of any record one before them."""
    problems: list[Problem] = []
    hashes_of: dict[int, set[str]] = defaultdict(set)
    intact: dict[int, bool] = defaultdict(lambda: True)
    for c in chained:
        hashes_of[c.seq].add(c.rec["hash"])
        intact[c.seq] &= c.intact
    for c in chained:
        prev = c.rec["prev"]
        if c.seq == 1:
            if prev != GENESIS:
                why = "record 1 does not start a chain (its prev is not the genesis value)"
                problems.append(Problem(c.where, "inserted", why))
        elif c.seq - 1 in hashes_of and intact[c.seq - 1] and prev not in hashes_of[c.seq - 1]:
            why = (
                f"it does not follow record {c.seq - 1}: one of the two was changed and "
                "re-hashed, or a record was put in between"
            )
            problems.append(Problem(c.where, "edited", why))
    return problems


def _seal_problems(chained: list[Chained], key: AuditKey | None) -> list[Problem]:
    """Every batch ends with a seal that counts it; with the key, each seal's HMAC checks."""
    problems: list[Problem] = []
    since = 0
    for c in chained:
        if c.rec.get("event") != "seal":
            since += 1
            continue
        if c.rec.get("records") != since:
            why = (
                f"it closes {c.rec.get('records')} record(s) but {since} stand before it since "
                "the previous seal"
            )
            problems.append(Problem(c.where, "seal", why))
        mine = key is not None and c.rec.get("key_id") == key.id
        if mine and not key.matches_seal(str(c.rec.get("prev")), str(c.rec.get("mac"))):
            why = (
                "its HMAC does not match the key: the records it closes were rewritten by "
                "someone without the key"
            )
            problems.append(Problem(c.where, "seal", why))
        since = 0
    if chained and since:
        why = (
            f"the last {since} record(s) are not closed by a seal: added outside woo-redact, "
            "or the log was cut inside a run"
        )
        problems.append(Problem(chained[-1].where, "unsealed", why))
    return problems


def verify_records(entries: list[Entry], key: AuditKey | None = None) -> list[Problem]:
    """Everything wrong with the chain of ``entries``; an empty list for an intact log."""
    problems, chained = _record_problems(entries)
    problems += _order_problems(chained)
    problems += _duplicate_problems(chained)
    problems += _link_problems(chained)
    problems += _seal_problems(chained, key)
    return problems


def read_text(path: Path) -> str:
    """The text of the log at ``path`` ("" when it does not exist)."""
    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditLogError(f"cannot read the audit log {path}: {exc}") from exc


def read_log(path: Path) -> list[Entry]:
    """The lines of the log at ``path`` (none when it does not exist)."""
    return parse_lines(read_text(path))


def last_key_id(records: Iterable[dict]) -> str:
    """The key the latest run used ("" when no run names one)."""
    last = ""
    for rec in records:
        if rec.get("event") == "run" and rec.get("key_id"):
            last = str(rec["key_id"])
    return last


@dataclass
class AuditLog:
    """A log being continued: the verified text read from disk and the records appended since,
    both kept as the text that is written (a record as a dict costs several times its line, and
    a large set appends one per redaction)."""

    base: str = ""  # the previous log, verified, as written
    base_count: int = 0
    base_head: str = GENESIS
    base_key_id: str = ""  # the key of its latest run
    lines: list[str] = field(default_factory=list)  # records appended in this session, encoded
    sealed: int = 0  # lines[:sealed] are closed by a seal
    last: dict | None = None  # the latest appended record (its hash is the head)
    key_id: str = ""  # the key of the latest run appended in this session

    @classmethod
    def open(cls, path: Path, key: AuditKey | None = None) -> AuditLog:
        """The log at ``path`` after checking its chain (and with ``key``, the seals of that
        key); fail closed on any problem.

        A missing file is an empty log. A broken one is never continued or replaced by a new
        chain: the officer must find out what happened to it first.
        """
        return cls.from_text(read_text(path), path, key)

    @classmethod
    def from_text(
        cls,
        text: str,
        path: Path,
        key: AuditKey | None = None,
        entries: list[Entry] | None = None,
    ) -> AuditLog:
        """As :meth:`open`, for a log already read (``entries``: already parsed)."""
        entries = parse_lines(text) if entries is None else entries
        if entries and all(e.record is not None and not _is_chained(e.record) for e in entries):
            raise AuditLogError(
                f"the audit log {path} was written by an earlier woo-redact, without a hash "
                "chain, and cannot be continued. Nothing was written. Move it out of the folder "
                "and keep it (it is the record of those runs), or publish into a new --out "
                "folder"
            )
        problems = verify_records(entries, key)
        if problems:
            shown = "; ".join(str(p) for p in problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise AuditLogError(
                f"the audit log {path} is broken: {shown}{more}. Nothing was written. Keep the "
                "folder as it is for the investigation (`woo-redact audit verify` lists every "
                "problem); restore the log from a backup, or publish into a new --out folder, "
                "which starts a new log"
            )
        records = [e.record for e in entries if e.record is not None]
        head = str(records[-1]["hash"]) if records else GENESIS
        return cls(text, len(records), head, last_key_id(records))

    @classmethod
    def trusted(cls, text: str, key_id: str) -> AuditLog:
        """A log verified before (its text unchanged since): only its last line is read."""
        lines = text.rstrip("\n").rsplit("\n", 1)
        last = json.loads(lines[-1]) if text.strip() else None
        if last is None:
            return cls()
        return cls(text, int(last["seq"]), str(last["hash"]), key_id)

    @property
    def head(self) -> str:
        return str(self.last["hash"]) if self.last else self.base_head

    @property
    def count(self) -> int:
        return self.base_count + len(self.lines)

    @property
    def next_seq(self) -> int:
        return self.count + 1

    def _chain(self, bodies: Iterable[Mapping[str, object]]) -> Iterator[dict]:
        """Chain each record body to the log; the chain fields are set here, never by callers."""
        for body in bodies:
            rec = {k: v for k, v in body.items() if k not in CHAIN_FIELDS}
            rec["seq"], rec["prev"] = self.next_seq, self.head
            rec["hash"] = record_hash(rec)
            self.lines.append(canonical(rec))
            self.last = rec
            if rec.get("event") == "run" and rec.get("key_id"):
                self.key_id = str(rec["key_id"])
            yield rec

    def append(self, bodies: Iterable[Mapping[str, object]]) -> list[dict]:
        """Chain a few record bodies to the log and return the records."""
        return list(self._chain(bodies))

    def extend(self, bodies: Iterable[Mapping[str, object]]) -> None:
        """Chain any number of record bodies (a generator: one per redaction of the set), keeping
        only their text."""
        for _ in self._chain(bodies):
            pass

    def seal(self, run: str, key: AuditKey, time: str) -> dict:
        """Close the records appended since the last seal (one run or review round)."""
        body = {
            "event": "seal",
            "run": run,
            "time": time,
            "records": len(self.lines) - self.sealed,
            "key_id": key.id,
            "mac": key.seal(self.head),
        }
        rec = self.append([body])[0]
        self.sealed = len(self.lines)
        return rec

    def write(self, path: Path) -> None:
        """The log, written record by record (a large set's log is never one string)."""

        def lines(fh: IO[str]) -> None:
            fh.write(self.base)
            for line in self.lines:
                fh.write(line + "\n")

        write_with(path, lines)

    def last_key_id(self) -> str:
        """The key the latest run used ("" for an empty log)."""
        return self.key_id or self.base_key_id


# -- published files against the log -------------------------------------------------------------


def _last_outputs(records: list[dict]) -> tuple[dict[str, tuple[str, int]], dict[str, int]]:
    """Per published file, the SHA-256 its last record gives and that record's seq; and the
    files the latest ``outputs`` record lists (what the folder must hold now)."""
    last: dict[str, tuple[str, int]] = {}
    latest: dict[str, int] = {}
    for rec in records:
        if rec.get("event") != "outputs":
            continue
        latest = {}
        for item in rec.get("files", []):
            name, sha = str(item.get("file")), str(item.get("sha256"))
            last[name] = (sha, int(rec["seq"]))
            latest[name] = int(rec["seq"])
    return last, latest


def published_files(folder: Path) -> list[str]:
    """Relative POSIX paths of the files in a publication folder the log must account for."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in NOT_LOGGED:
            out.append(rel)
    return out


def verify_outputs(records: list[dict], folder: Path) -> list[Problem]:
    """Each file in ``folder`` against the last record that lists it; the manifest's head."""
    problems: list[Problem] = []
    last, latest = _last_outputs(records)
    present = published_files(folder)
    for rel in present:
        if rel not in last:
            why = "no record of the log lists it: not published by a logged run"
            problems.append(Problem(f"file {rel}", "file-unlisted", why))
            continue
        sha, seq = last[rel]
        if sha256_file(folder / rel) != sha:
            why = (
                f"its SHA-256 differs from record {seq}, the last that lists it: changed or "
                "swapped after publication"
            )
            problems.append(Problem(f"file {rel}", "file-changed", why))
    for rel, seq in sorted(latest.items()):
        if rel not in present:
            why = f"record {seq} lists it as published, but it is not in {folder}"
            problems.append(Problem(f"file {rel}", "file-missing", why))
    return problems + _manifest_problems(records, folder)


def _manifest_problems(records: list[dict], folder: Path) -> list[Problem]:
    """The publication's manifest names the log's head and length at publication time."""
    manifest = read_manifest(folder) or {}
    audit = manifest.get("audit")
    if not isinstance(audit, dict):
        return []
    head, count = audit.get("head"), audit.get("records")
    hashes = [r.get("hash") for r in records]
    if head in hashes:
        at = hashes.index(head) + 1
        if at == len(records):
            return []
        why = (
            f"it continues {len(records) - at} record(s) past the head the publication's "
            f"manifest names (record {at}): records added after this folder was published"
        )
        return [Problem("log", "truncated", why)]
    why = (
        f"the publication's manifest names {count} record(s) ending in {str(head)[:12]}…, "
        "which this log does not hold: cut or replaced"
    )
    return [Problem("log", "truncated", why)]


# -- searching with the key ------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    record: dict
    how: str  # "whole" (the redacted text is this text) | "part" (it contains these words)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def find_text(records: list[dict], key: AuditKey, text: str) -> tuple[list[Match], int]:
    """Records whose redacted (or kept) text is ``text`` or contains its words, and how many
    records carry a text hash under another key (those cannot be searched with this one)."""
    key_of_run = {r.get("run"): r.get("key_id") for r in records if r.get("event") == "run"}
    whole, parts = key.text_mac(text), key.word_macs(text)
    matches: list[Match] = []
    other = 0
    for rec in records:
        if "text_hmac" not in rec:
            continue
        if key_of_run.get(rec.get("run"), key.id) != key.id:
            other += 1
            continue
        if rec["text_hmac"] == whole:
            matches.append(Match(rec, "whole"))
        elif _contains(list(rec.get("word_hmacs", [])), parts):
            matches.append(Match(rec, "part"))
    return matches, other


# -- the whole check, for `woo-redact audit verify` ---------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    records: int
    runs: int
    head: str
    seals_checked: int  # seals whose HMAC was checked with the key given (0 without one)
    problems: list[Problem]


def verify_log(
    path: Path, outputs: Path | None = None, key: AuditKey | None = None
) -> VerifyReport:
    """The chain of the log at ``path``; with ``outputs``, every published file against it;
    with ``key``, every seal made with that key."""
    entries = read_log(path)
    problems = verify_records(entries, key)
    records = [e.record for e in entries if e.record is not None]
    if outputs is not None:
        problems += verify_outputs(records, outputs)
    checked = sum(
        1 for r in records if key and r.get("event") == "seal" and r.get("key_id") == key.id
    )
    return VerifyReport(
        records=len(entries),
        runs=sum(1 for r in records if r.get("event") == "run"),
        head=str(records[-1].get("hash", "")) if records else GENESIS,
        seals_checked=checked,
        problems=problems,
    )
