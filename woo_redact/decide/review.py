"""A reviewer's decisions applied to a decided set: the last phase of deciding.

The scan's decisions are the tool's proposal. A reviewer accepts (redact) or rejects (keep)
findings, may give another ground, and draws regions the detector missed. This phase applies
exactly that and nothing else: a finding the reviewer did not mention keeps the scan's
decision (a proposed redaction stays redacted), and a value the reviewer redacts is not
searched for in the rest of the set (that would redact what nobody decided).

What verification gets from here: a finding the reviewer rejected is a *kept* finding like an
office holder's name, in its own place only (``verify.document_context``); the values spread over
the set shrink to those a still-redacted finding stands behind, and never grow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from woo_redact.decide.phases import (
    Documents,
    SetDecisions,
    SetState,
    _person_needles,
    phase_redactions,
)
from woo_redact.rules import RuleSet
from woo_redact.types import MANUAL, Action, Decision, DocumentText, Finding, PageText, Rect

REVIEWER = "reviewer:"
MANUAL_RECOGNIZER = "reviewer:manual"


@dataclass(frozen=True)
class FindingDecision:
    """A reviewer's decision on one place: every finding that shares its review row."""

    row: str  # the review id (findings.json ``id``)
    findings: tuple[str, ...]  # the finding ids of the row
    action: Action  # REDACT (accept) or KEEP (reject)
    ground: str  # the ground that applies: the row's own unless the reviewer chose another
    motivation: str = ""


@dataclass(frozen=True)
class ManualBox:
    """A region the reviewer drew: everything under it goes (text, pixels, strokes)."""

    doc: str  # relative path as in findings.json
    page: int  # 0-based
    rect: Rect  # PDF points, top-left origin, unrotated page (as PyMuPDF's words)
    ground: str
    motivation: str = ""
    note: str = ""  # how the box came in (e.g. a review copy's annotation without a known ground)


@dataclass(frozen=True)
class Review:
    """What a reviewer decided about one scan."""

    reviewer: str
    decisions: tuple[FindingDecision, ...] = ()
    manual: tuple[ManualBox, ...] = ()
    remarks: tuple[str, ...] = field(default=())  # said while reading it (review copies)


def manual_id(box: ManualBox) -> str:
    """Stable id of a drawn region: document, page, box."""
    rect = ",".join(f"{v:.2f}" for v in box.rect)
    key = f"{box.doc}\0{box.page}\0{rect}\0{MANUAL}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def words_under(page: PageText, rect: Rect) -> str:
    """The words whose centre lies in ``rect`` (what the region removes), in reading order."""
    return " ".join(
        w.text
        for w in page.words
        if rect[0] <= (w.rect[0] + w.rect[2]) / 2 <= rect[2]
        and rect[1] <= (w.rect[1] + w.rect[3]) / 2 <= rect[3]
    )


def manual_finding(box: ManualBox, page: PageText) -> Finding:
    """A drawn region as a finding of its own (a region: no span of the page text)."""
    return Finding(
        id=manual_id(box),
        doc=box.doc,
        page=box.page,
        start=-1,
        end=-1,
        text=words_under(page, box.rect),
        type=MANUAL,
        score=1.0,
        recognizer=MANUAL_RECOGNIZER,
        context=box.motivation,
        boxes=(box.rect,),
    )


def _reason(action: Action, motivation: str) -> str:
    if motivation:
        return motivation
    return "accepted by the reviewer" if action is Action.REDACT else "rejected by the reviewer"


def apply_review(
    decided: SetDecisions,
    review: Review,
    docs: Iterable[DocumentText] | Documents,
    rules: RuleSet,
) -> SetDecisions:
    """The set as the reviewer decided it: their decisions over the scan's, their regions
    added, the redactions rebuilt. ``decided`` itself is not changed."""
    by = REVIEWER + review.reviewer
    out = SetDecisions(
        findings=list(decided.findings),
        decisions=dict(decided.decisions),
        registry=decided.registry,
    )
    for d in review.decisions:
        for fid in d.findings:
            old = out.decisions[fid]
            reason = _reason(d.action, d.motivation)
            out.decisions[fid] = Decision(fid, d.action, d.ground, reason, by, old.person)
    state = SetState(docs, rules)
    for box in review.manual:
        f = manual_finding(box, state.page(box.doc, box.page))
        if f.id in out.decisions:
            continue  # the same box twice
        out.findings.append(f)
        out.decisions[f.id] = Decision(f.id, Action.REDACT, box.ground,
                                       box.motivation or "drawn by the reviewer", by)  # fmt: skip
    state.out = out
    out.spread, out.spread_keys = _remaining_spread(state, decided)
    left = set(out.spread)
    out.spread_needles = [
        n for n in decided.spread_needles if (n.pattern.pattern, n.pattern.flags) in left
    ]
    phase_redactions(state)
    return out


def _remaining_spread(state: SetState, decided: SetDecisions) -> tuple[list, list[str]]:
    """The scan's spread values that a redacted finding still stands behind.

    A person the reviewer kept in every mention is no longer searched for in the outputs'
    other channels (metadata, link targets) nor cleaned from them; one the reviewer redacted
    that the scan kept is not added: apply redacts what was decided, and nothing else.
    """
    needles = _person_needles(state).values()
    now = {(n.pattern.pattern, n.pattern.flags) for n, _, _ in needles}
    keys = {n.key for n, _, _ in needles}
    spread = [s for s in decided.spread if (s[0], s[1]) in now]
    return spread, [k for k in decided.spread_keys if k in keys]
