"""The records of the audit log, one constructor per kind, and the records of one run.

Kinds (field ``event``), in the order a batch writes them:

- ``run``: the command and its options (never passwords or the officer's names lists, only
  their counts and a hash), tool version, scan id, SHA-256 of the rules' content, the model and
  the lists, and the id of the audit key in use;
- ``document``: one per input: published name, status, pages, SHA-256 of input and output,
  passages per ground and type, the assessment and the Dutch motivation line, and for a
  document not published the general reason (never the error text: that is internal);
- ``redaction``: one per redacted passage or region: page, boxes, type, ground, recognizer,
  who decided (a rule or a reviewer), score, motivation, person id, and the keyed hashes of the
  redacted text;
- ``keep``: one per finding that was kept (why a name stayed), with the same fields;
- ``decision``: a reviewer's decision on a finding (issue 12's ``apply``): who, what changed,
  why;
- ``outputs``: every published file and its SHA-256;
- ``seal``: closes the batch (``audit.AuditLog.seal``).

Free text that comes from the decide stage (a reason such as "a private person (person P0003:
…)") can quote what it is about; :class:`Scrubber` replaces every value the set redacts, and
input names with published ones, before it is written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from woo_redact import __version__
from woo_redact.decide import SetDecisions
from woo_redact.record.audit_key import AuditKey
from woo_redact.record.inventory import failure_kind, published_assessment
from woo_redact.record.names import replace_names, scrub_component, term_pattern
from woo_redact.types import SIDE_PAGE, Action, Decision, DocumentResult, Finding, Redaction, Status

MIN_WORD = 3  # name parts at least this long are scrubbed on their own ("Jan" in "Jan's")


def redacted_values(decided: SetDecisions, extra: Iterable[str] = ()) -> list[str]:
    """Every value the set redacts, and each word of the person names among them."""
    values: list[str] = list(extra)
    for reds in decided.redactions.values():
        values.extend(r.text for r in reds if r.text)
    for f in decided.findings:
        d = decided.decisions.get(f.id)
        if d is not None and d.action is Action.REDACT and f.text:
            values.append(f.text)
    values.extend(decided.spread_keys)
    values.extend(p.name for p in decided.registry.persons if p.action is Action.REDACT)
    words = [w for v in values for w in re.findall(r"\w+", v) if len(w) >= MIN_WORD]
    return values + words


@dataclass
class Scrubber:
    """Makes a free text publishable: input names → published names, redacted values →
    ``[gelakt]``."""

    names: Mapping[str, str] = field(default_factory=dict)
    values: Iterable[str] = ()

    def __post_init__(self) -> None:
        self._pattern = term_pattern(self.values)

    def __call__(self, text: str) -> str:
        return scrub_component(replace_names(text, dict(self.names)), self._pattern)


@dataclass(frozen=True)
class Batch:
    """What every record of one batch (a run or a review round) shares."""

    run: str
    time: str
    key: AuditKey

    def base(self, event: str) -> dict:
        return {"event": event, "run": self.run, "time": self.time}

    def text_fields(self, text: str) -> dict:
        """The keyed hashes of a redacted or kept text; nothing for a region without text."""
        if not text.strip():
            return {}
        return {"text_hmac": self.key.text_mac(text), "word_hmacs": self.key.word_macs(text)}


def _boxes(page: int, rects: Iterable[tuple[float, ...]]) -> list[list[float]]:
    return [] if page == SIDE_PAGE else [[round(v, 2) for v in r] for r in rects]


def _page(page: int) -> int | None:
    return page + 1 if page != SIDE_PAGE else None


def _channel(page: int) -> str:
    return "page" if page != SIDE_PAGE else "metadata/annotations"


def run_record(
    batch: Batch,
    command: str,
    options: Mapping[str, object],
    fingerprints: Mapping[str, str],
    scan: str,
    previous_key_id: str = "",
) -> dict:
    """The first record of a batch: what ran, with which settings, rules and model."""
    return {
        **batch.base("run"),
        "command": command,
        "tool": "woo-redact",
        "tool_version": __version__,
        "scan": scan,
        "options": dict(options),
        **{f"{name}_sha256": value for name, value in fingerprints.items()},
        "key_id": batch.key.id,
        "previous_key_id": previous_key_id,
    }


def document_record(batch: Batch, res: DocumentResult, motivation: str) -> dict:
    """One input document: ``res`` as published (published name)."""
    by_ground = Counter(r.ground for r in res.redactions)
    by_type = Counter(r.type for r in res.redactions)
    return {
        **batch.base("document"),
        "file": res.rel,
        "status": res.status.value,
        "pages": res.pages,
        "sha256_in": res.sha256_in,
        "sha256_out": res.sha256_out,
        "redactions": len(res.redactions),
        "grounds": res.grounds,
        "by_ground": dict(sorted(by_ground.items())),
        "by_type": dict(sorted(by_type.items())),
        "assessment": published_assessment(res),
        "motivation": motivation,
        "reason": failure_kind(res),
    }


def redaction_record(
    batch: Batch,
    file: str,
    red: Redaction,
    decision: Decision | None,
    label: str,
    scrub: Scrubber,
) -> dict:
    """One redacted passage or region of a published document."""
    return {
        **batch.base("redaction"),
        "file": file,
        "page": _page(red.page),
        "channel": _channel(red.page),
        "boxes": _boxes(red.page, red.rects),
        "type": red.type,
        "ground": red.ground,
        "recognizer": red.recognizer,
        "by": decision.by if decision else "",
        "score": red.score,
        "motivation": scrub(decision.reason) if decision else "",
        "person": decision.person if decision else "",
        "finding_id": red.finding_id,
        "label": red.ground if label == "ground" else label,  # what the box shows
        **batch.text_fields(red.text),
    }


def keep_record(batch: Batch, file: str, f: Finding, decision: Decision, scrub: Scrubber) -> dict:
    """A finding that was kept, and why (an office holder in role, a place, below threshold)."""
    return {
        **batch.base("keep"),
        "file": file,
        "page": _page(f.page),
        "channel": _channel(f.page),
        "boxes": _boxes(f.page, f.boxes),
        "type": f.type,
        "ground": decision.ground,
        "recognizer": f.recognizer,
        "by": decision.by,
        "score": f.score,
        "motivation": scrub(decision.reason),
        "person": decision.person,
        "finding_id": f.id,
        **batch.text_fields(f.text),
    }


def decision_record(
    batch: Batch,
    *,
    reviewer: str,
    file: str,
    action: str,
    motivation: str,
    finding_id: str = "",
    previous_action: str = "",
    ground: str = "",
    previous_ground: str = "",
    page: int | None = None,
    boxes: Iterable[Iterable[float]] = (),
    text: str = "",
) -> dict:
    """A reviewer's decision: accept/reject a finding, change its ground, or a manual box.

    ``page`` is 1-based; ``motivation`` must already be free of redacted values (the caller's
    Scrubber); ``text`` (the text under the box, if any) is only stored as keyed hashes.
    """
    return {
        **batch.base("decision"),
        "reviewer": reviewer,
        "file": file,
        "finding_id": finding_id,
        "action": action,
        "previous_action": previous_action,
        "ground": ground,
        "previous_ground": previous_ground,
        "page": page,
        "boxes": [[round(float(v), 2) for v in b] for b in boxes],
        "motivation": motivation,
        **batch.text_fields(text),
    }


def outputs_record(batch: Batch, files: Mapping[str, str]) -> dict:
    """Every published file of the batch with its SHA-256 (the log itself excepted)."""
    return {
        **batch.base("outputs"),
        "files": [{"file": name, "sha256": sha} for name, sha in sorted(files.items())],
    }


def kept_by_document(decided: SetDecisions) -> dict[str, list[Finding]]:
    """The kept findings of every document (by input name), in page order: one pass."""
    out: dict[str, list[Finding]] = {}
    for f in decided.findings:
        if decided.decisions[f.id].action is Action.KEEP:
            out.setdefault(f.doc, []).append(f)
    for kept in out.values():
        kept.sort(key=lambda f: (f.page, f.start, f.id))
    return out


def document_records(
    batch: Batch,
    internal: DocumentResult,
    public: DocumentResult,
    decided: SetDecisions,
    kept: Iterable[Finding],
    motivation: str,
    label: str,
    scrub: Scrubber,
) -> list[dict]:
    """The document record and, for a published document, its redactions and kept findings.

    ``internal`` is the result under its input name, ``public`` the same as published.
    """
    records = [document_record(batch, public, motivation)]
    if internal.status is not Status.OK:
        return records  # nothing of it was published
    for red in internal.redactions:
        decision = decided.decisions.get(red.finding_id)
        records.append(redaction_record(batch, public.rel, red, decision, label, scrub))
    for f in kept:
        records.append(keep_record(batch, public.rel, f, decided.decisions[f.id], scrub))
    return records
