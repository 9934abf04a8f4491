"""decisions.json: a reviewer's decisions about one scan, read and checked before anything is
written.

The format (the contract: the review page exports it, other tools may write it)::

    {"scan": "<scan id>", "reviewer": "…",
     "decisions": [{"id": "<finding id>", "action": "accept" | "reject",
                    "ground": "<optional code>", "motivation": "…"}],
     "manual": [{"file": "<relative path as in findings.json>", "page": <1-based>,
                 "rect": [x0, y0, x1, y1], "ground": "5.2.1", "motivation": "…"}]}

``accept`` redacts the finding (also one the tool kept), ``reject`` leaves it visible (also
one the tool proposed); ``ground`` replaces the finding's ground. A finding the file does not
mention keeps the scan's decision. ``rect`` is in PDF points, top-left origin, on the
unrotated page (as PyMuPDF gives word boxes). Keys this version does not know are ignored.

Every problem is collected and reported at once (:class:`DecisionsError`, exit code 2): a
file of another scan, unknown finding ids, a finding decided twice, unknown actions or grounds,
boxes on an unknown document or page or outside the page, malformed JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from woo_redact.decide import SetDecisions
from woo_redact.decide.review import FindingDecision, ManualBox, Review
from woo_redact.errors import ExitCode, UsageError
from woo_redact.record.findings import ReviewRow, review_rows
from woo_redact.rules import RuleSet
from woo_redact.types import Action, PagePicture

ACTIONS = {"accept": Action.REDACT, "reject": Action.KEEP}
MAX_SHOWN = 25  # problems listed in one message
EDGE = 0.5  # points a drawn box may stand over the page edge (rounding of a drag to the edge)
MIN_SIDE = 1.0  # points: a smaller box is a slip of the mouse, not a region


class DecisionsError(UsageError):
    """The decisions cannot be applied as they are: nothing was written."""

    exit_code = ExitCode.DECISIONS


@dataclass(frozen=True)
class ScanIndex:
    """What a decisions file is checked against: the scan's rows, its pages, the grounds."""

    scan_id: str
    rows: Mapping[str, ReviewRow]
    pages: Mapping[str, Sequence[tuple[float, float]]]  # redactable document → page sizes
    documents: Mapping[str, str]  # every document of the scan → its status
    grounds: frozenset[str]
    default_ground: str  # personal data: for a review copy's box without a known ground

    @classmethod
    def of(
        cls,
        scan_id: str,
        decided: SetDecisions,
        pictures: Mapping[str, Mapping[int, PagePicture]],
        documents: Mapping[str, str],
        rules: RuleSet,
    ) -> ScanIndex:
        pages = {
            rel: [(p.width, p.height) for _, p in sorted(pics.items())]
            for rel, pics in pictures.items()
        }
        return cls(
            scan_id=scan_id,
            rows={row.id: row for row in review_rows(decided)},
            pages=pages,
            documents=dict(documents),
            grounds=frozenset(rules.grounds),
            default_ground=rules.ground_for("PERSON"),
        )


def read_decisions(path: Path) -> dict:
    """The decisions file as JSON; unreadable or malformed is a DecisionsError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DecisionsError(f"cannot read the decisions file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise DecisionsError(f"the decisions file {path} is not UTF-8 text: {exc}") from exc
    except ValueError as exc:
        raise DecisionsError(f"the decisions file {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise DecisionsError(f"the decisions file {path} is not a JSON object")
    return data


def _text(value: object) -> bool:
    return isinstance(value, str)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    """Collects the problems of one decisions payload."""

    def __init__(self, index: ScanIndex, source: str) -> None:
        self.index = index
        self.source = source
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def ground(self, where: str, value: object, fallback: str) -> str:
        if value is None or value == "":
            return fallback
        if not _text(value) or value not in self.index.grounds:
            self.fail(where, f"unknown ground {value!r} (rules/grounds.yml)")
            return fallback
        return value  # type: ignore[return-value]

    def motivation(self, where: str, item: Mapping) -> str:
        value = item.get("motivation", "")
        if value is None:
            return ""
        if not _text(value):
            self.fail(where, "motivation must be text")
            return ""
        return " ".join(value.split())

    def decision(self, n: int, item: object, seen: dict[str, int]) -> FindingDecision | None:
        where = f"decisions[{n}]"
        if not isinstance(item, dict):
            self.fail(where, "not an object")
            return None
        rid, action = item.get("id"), item.get("action")
        if not _text(rid) or not rid:
            self.fail(where, "no finding id")
            return None
        where = f"{where} (id {rid})"
        row = self.index.rows.get(rid)
        if row is None:
            self.fail(where, "unknown finding id: not a finding of this scan")
        if rid in seen:
            self.fail(where, f"the finding is decided twice (also decisions[{seen[rid]}])")
        seen[rid] = n
        if action not in ACTIONS:
            self.fail(where, f"unknown action {action!r} (accept or reject)")
        motivation = self.motivation(where, item)
        ground = self.ground(where, item.get("ground"), row.decision.ground if row else "")
        if row is None or action not in ACTIONS:
            return None
        members = tuple(f.id for f, _ in row.members)
        return FindingDecision(rid, members, ACTIONS[action], ground, motivation)

    def manual(self, n: int, item: object) -> ManualBox | None:
        where = f"manual[{n}]"
        if not isinstance(item, dict):
            self.fail(where, "not an object")
            return None
        rel, page, rect = item.get("file"), item.get("page"), item.get("rect")
        ok = True
        if not _text(rel) or rel not in self.index.documents:
            self.fail(where, f"file {rel!r} is not a document of this scan")
            ok = False
        elif rel not in self.index.pages:
            status = self.index.documents[rel]
            self.fail(where, f"{rel} is not redacted by this scan ({status}): no box can go on it")
            ok = False
        sizes = self.index.pages.get(rel, []) if ok else []  # type: ignore[call-overload]
        if ok and (not isinstance(page, int) or isinstance(page, bool)):
            self.fail(where, f"page must be a page number (1 to {len(sizes)}), not {page!r}")
            ok = False
        elif ok and not 1 <= page <= len(sizes):
            self.fail(where, f"{rel} has no page {page} (it has {len(sizes)})")
            ok = False
        box = self.rect(where, rect, sizes[page - 1] if ok else None)
        if "ground" not in item:
            self.fail(where, "no ground: a drawn box needs the ground it is redacted on")
        ground = self.ground(where, item.get("ground"), "")
        motivation = self.motivation(where, item)
        if not ok or box is None or not ground:
            return None
        return ManualBox(rel, page - 1, box, ground, motivation)  # type: ignore[arg-type]

    def rect(
        self, where: str, rect: object, size: tuple[float, float] | None
    ) -> tuple[float, float, float, float] | None:
        if not isinstance(rect, list) or len(rect) != 4 or not all(_number(v) for v in rect):
            self.fail(where, f"rect must be four numbers [x0, y0, x1, y1], not {rect!r}")
            return None
        x0, y0, x1, y1 = (float(v) for v in rect)
        if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
            self.fail(where, f"rect {rect} is empty or inverted (x0 < x1, y0 < y1, ≥ 1 pt)")
            return None
        if size is None:
            return None
        width, height = size
        if x0 < -EDGE or y0 < -EDGE or x1 > width + EDGE or y1 > height + EDGE:
            self.fail(
                where,
                f"rect {rect} is outside the page (0 0 {width:g} {height:g} in points, "
                "top-left origin, unrotated)",
            )
            return None
        return (max(0.0, x0), max(0.0, y0), min(width, x1), min(height, y1))


def check_decisions(
    data: Mapping, index: ScanIndex, reviewer: str, source: str = "decisions.json"
) -> Review:
    """The reviewer's decisions, checked against the scan; any problem: DecisionsError."""
    check = _Checker(index, source)
    scan = data.get("scan")
    if scan != index.scan_id:
        check.fail(
            "scan",
            f"the decisions are for scan {scan!r}, this scan is {index.scan_id!r}: export them "
            "from this scan's report.html (a scan of other inputs, rules, model, lists or "
            "options has another id)",
        )
    named = data.get("reviewer", "")
    if named is not None and not _text(named):
        check.fail("reviewer", "must be text")
    decisions: list[FindingDecision] = []
    manual: list[ManualBox] = []
    items = data.get("decisions", [])
    boxes = data.get("manual", [])
    if not isinstance(items, list):
        check.fail("decisions", "must be a list")
        items = []
    if not isinstance(boxes, list):
        check.fail("manual", "must be a list")
        boxes = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items):
        d = check.decision(n, item, seen)
        if d is not None:
            decisions.append(d)
    for n, item in enumerate(boxes):
        m = check.manual(n, item)
        if m is not None:
            manual.append(m)
    if check.problems:
        shown = check.problems[:MAX_SHOWN]
        more = len(check.problems) - len(shown)
        lines = "\n".join(f"  - {p}" for p in shown) + (f"\n  … and {more} more" if more else "")
        raise DecisionsError(
            f"{source}: {len(check.problems)} problem(s); nothing was applied or written:\n{lines}"
        )
    name = " ".join(str(named or "").split()) or reviewer
    return Review(name, tuple(decisions), tuple(manual))
