"""Deciding a whole document set, in ordered phases that can be tested one at a time.

Consistency is a set-wide property: once a person is redacted anywhere, every other mention in
the set is redacted too, and a role established in one document holds in the others. So the
set is decided in this order (as docdeid runs its processor groups):

1. **user lists**: the officer's redact-names list wins over every rule;
2. **policy**: every finding on its own, in its page (rules/, ``Policy``);
3. **deny list**: rules/deny.txt, wherever it occurs;
4. **registry**: name mentions clustered into persons, one decision per person;
5. **propagation**: every other mention of a redacted value or person;
6. **containment**: a kept finding inside a redacted span goes with it;
7. **redactions**: overlapping redacted findings of a page merged into regions.

Phases 1–3 and 5–7 read pages; 4 needs only the findings. Documents are read through
``Documents`` one at a time, so a set of ten thousand pages is decided without holding every
page's words: 5–7 are done document by document in one pass (``phase_settle``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.decide.policy import (
    MIN_PROPAGATE_LEN,
    PROPAGATED_TYPES,
    PUBLIC_ROLE,
    TYPE_PRIORITY,
    Policy,
)
from woo_redact.decide.registry import Registry, apply_registry, build_registry
from woo_redact.detect import MARKED, context_of, finding_id, span_boxes
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.detect.ocr_doubt import RECOGNIZER as DOUBT_RECOGNIZER
from woo_redact.rules import RuleSet
from woo_redact.types import (
    MANUAL,
    SIDE_PAGE,
    Action,
    Decision,
    DocumentText,
    Finding,
    PageText,
    Redaction,
)
from woo_redact.variants import (
    NameVariants,
    Needle,
    NeedleIndex,
    exact_needle,
    parse_name,
    same_person,
)


@dataclass
class SetDecisions:
    """The result of deciding a set: every finding with its decision, and redactions per doc."""

    findings: list[Finding] = field(default_factory=list)
    decisions: dict[str, Decision] = field(default_factory=dict)
    redactions: dict[str, list[Redaction]] = field(default_factory=dict)
    # the values searched for in every document (set-wide consistency), as regex sources:
    # verification checks that none of them is left in any output outside a kept span
    spread: list[tuple[str, int]] = field(default_factory=list)  # (pattern, flags)
    spread_keys: list[str] = field(default_factory=list)  # the same values as plain text
    spread_needles: list[Needle] = field(default_factory=list)  # the same, as needles
    registry: Registry = field(default_factory=Registry)


class Search:
    """Needles with what each one stands for, and the index that finds them all at once."""

    def __init__(self, needles: Iterable[tuple[Needle, str, Finding]]) -> None:
        self.needles = list(needles)
        self.index = NeedleIndex([needle for needle, _, _ in self.needles])


def _search_findings(
    doc: DocumentText, search: Search, recognizer: str
) -> Iterable[tuple[PageText, Finding, Finding, Needle]]:
    """Every occurrence of each needle in ``doc``, as a new finding of the source's type
    (needle by needle, page by page, left to right: the order decides which finding of two
    with the same id is kept)."""
    pages = (*doc.pages, *([doc.side] if doc.side else []))
    hits = [search.index.matches(page.text) for page in pages]
    for i, (needle, entity, source) in enumerate(search.needles):
        for page, found in zip(pages, hits, strict=True):
            for m in found.get(i, ()):
                boxes = span_boxes(page, m.start(), m.end())
                if not boxes:
                    continue
                fid = finding_id(doc, page.page, m.start(), m.end(), entity, recognizer)
                found = Finding(
                    id=fid,
                    doc=doc.rel,
                    page=page.page,
                    start=m.start(),
                    end=m.end(),
                    text=m.group(0),
                    type=entity,
                    score=source.score,
                    recognizer=recognizer,
                    context=context_of(page.text, m.start(), m.end()),
                    boxes=boxes,
                )
                yield page, found, source, needle


GIVEN_BEFORE = re.compile(r"((?:(?:[A-Z][a-z]?\.\s?)+|[A-Z][a-z]+\s+)+)\s*$")


def _given_before(text: str, start: int) -> str:
    """Initials or given names right before ``start`` on the same line ("S. " in "S. Jansen")."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    m = GIVEN_BEFORE.search(line)
    return m.group(1).strip() if m else ""


def _merge(findings: list[Finding]) -> list[list[Finding]]:
    """Group overlapping findings of one page (sorted by start) into clusters."""
    clusters: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if clusters and f.start < end:
            clusters[-1].append(f)
            end = max(end, f.end)
        else:
            clusters.append([f])
            end = f.end
    return clusters


def _priority(entity: str) -> int:
    return TYPE_PRIORITY.index(entity) if entity in TYPE_PRIORITY else len(TYPE_PRIORITY)


@runtime_checkable
class Documents(Protocol):
    """The set's documents, read one at a time: a large set's words and boxes are never all
    held at once (the pipeline reads them back from the work folder, ``work.DocStore``)."""

    def rels(self) -> Sequence[str]: ...

    def load(self, rel: str) -> DocumentText: ...


class InMemory:
    """Documents that are already in memory (tests, one document, the evaluation scripts)."""

    def __init__(self, docs: Iterable[DocumentText]) -> None:
        self._docs = {d.rel: d for d in docs}

    def rels(self) -> list[str]:
        return list(self._docs)

    def load(self, rel: str) -> DocumentText:
        return self._docs[rel]


class SetState:
    """What the phases share: the set's pages, the policy, the officer's lists, the result."""

    def __init__(
        self,
        docs: Iterable[DocumentText] | Documents,
        rules: RuleSet,
        keep_names: Iterable[str] = (),
    ) -> None:
        self.docs: Documents = docs if isinstance(docs, Documents) else InMemory(docs)
        self._current: tuple[str, DocumentText | None, dict[int, PageText]] = ("", None, {})
        self.rules = rules
        self.policy = Policy(rules)
        self.variants = NameVariants(rules, self.policy.lexicon.places)
        self.tussen = {t.lower() for t in rules.tussenvoegsels}
        self.titles = {t.lower().rstrip(".") for t in rules.titles}
        self.kept_people = [
            p for p in (parse_name(n, self.tussen, self.titles) for n in keep_names) if p
        ]
        self.out = SetDecisions()

    def doc(self, rel: str) -> DocumentText:
        """A document of the set; the last one read is held, so the phases, which go document
        by document, read each one once."""
        if self._current[1] is None or self._current[0] != rel:
            doc = self.docs.load(rel)
            pages = {p.page: p for p in (*doc.pages, *([doc.side] if doc.side else []))}
            self._current = (rel, doc, pages)
        return self._current[1]  # type: ignore[return-value]

    def page(self, rel: str, page_no: int) -> PageText:
        """Page ``page_no`` of ``rel`` (SIDE_PAGE: its text outside the pages)."""
        self.doc(rel)
        return self._current[2][page_no]

    def each_doc(self) -> Iterator[DocumentText]:
        """Every document of the set in order, read one at a time."""
        for rel in self.docs.rels():
            yield self.doc(rel)

    def on_keep_list(self, page: PageText | None, f: Finding) -> bool:
        """The mention is one of a listed person's own variants (not just a shared name)."""
        if not self.kept_people or f.type != "PERSON":
            return False
        text = f.text
        if f.recognizer == "consistency":
            # a surname found because another (redacted) person has it: only its own given
            # names or initials right before it can make it the listed person
            page = page or self.page(f.doc, f.page)
            text = _given_before(page.text, f.start) + " " + text
        mention = parse_name(text, self.tussen, self.titles)
        if mention is None or (f.recognizer == "consistency" and not mention.first_initial):
            return False
        return any(same_person(k, mention) for k in self.kept_people)

    def record(self, page: PageText | None, f: Finding, decision: Decision) -> None:
        """Add a finding with its decision, once; the keep-names list overrides the rules."""
        if f.id in self.out.decisions:
            return
        if self.on_keep_list(page, f):
            decision = Decision(f.id, Action.KEEP, decision.ground, "on the keep-names list",
                                "user:keep-names", decision.person)  # fmt: skip
        self.out.findings.append(f)
        self.out.decisions[f.id] = decision


def phase_user_lists(state: SetState, redact_names: Iterable[str]) -> None:
    """The officer's redact-names list: every mention and variant, even in an office role."""
    user_source = Finding("", "", 0, 0, 0, "", "PERSON", 1.0, "user:redact-names", "", ())
    user_needles = []
    for name in redact_names:
        user_needles.append((exact_needle(name), "PERSON", user_source))
        user_needles.extend((n, "PERSON", user_source) for n in state.variants.needles(name))
    out = state.out
    search = Search(user_needles)
    for doc in state.each_doc() if search.needles else ():
        for _page, f, _, needle in _search_findings(doc, search, "user:redact-names"):
            if f.id in out.decisions:
                continue
            out.findings.append(f)
            out.decisions[f.id] = Decision(
                f.id, Action.REDACT, state.rules.ground_for("PERSON"),
                f"on the redact-names list ({needle.kind})", "user:redact-names",
            )  # fmt: skip


def phase_policy(
    state: SetState, findings: Iterable[Finding], made: Mapping[str, Decision] | None = None
) -> None:
    """Every detector finding decided on its own by the rules. ``made``: the policy's decisions
    by finding id, made where the pages were read (the same function: a page is only read
    here for a finding without one)."""
    for f in findings:
        decision = made.get(f.id) if made else None
        if decision is None:
            page = state.page(f.doc, f.page)
            state.record(page, f, state.policy.decide(page, f))
        else:
            state.record(None, f, decision)


def phase_deny(state: SetState) -> None:
    """rules/deny.txt: always redacted wherever it occurs."""
    deny_source = Finding("", "", 0, 0, 0, "", "DENY", 1.0, "rules:deny", "", ())
    deny = Search((exact_needle(text), "DENY", deny_source) for text in state.rules.deny)
    for doc in state.each_doc() if deny.needles else ():
        for page, f, _, _ in _search_findings(doc, deny, "rules:deny"):
            ground = state.rules.deny.get(" ".join(f.text.split()).lower(), "5.1.2e")
            state.record(
                page, f, Decision(f.id, Action.REDACT, ground, "on the deny list", "rule:deny")
            )


def phase_registry(state: SetState) -> Registry:
    """Cluster the name mentions into persons and give every mention its person's decision."""
    out = state.out
    reg = build_registry(out.findings, out.decisions, state.tussen, state.titles)
    out.decisions.update(apply_registry(reg, out.findings, out.decisions))
    out.registry = reg
    return reg


def _person_needles(state: SetState) -> dict[str, tuple[Needle, str, Finding]]:
    """What propagation looks for: each redacted value, and a certain person's name parts.

    One word the model guessed is redacted where it was found and never spread; a surname or
    first name alone is only searched for when its person is certain (``certain_person``).
    """
    out = state.out
    needles: dict[str, tuple[Needle, str, Finding]] = {}
    for f in list(out.findings):
        text = " ".join(f.text.split())
        if out.decisions[f.id].action is not Action.REDACT or f.type not in PROPAGATED_TYPES:
            continue
        if f.recognizer == MODEL_RECOGNIZER and len(text.split()) < 2:
            continue
        if f.recognizer == DOUBT_RECOGNIZER:
            continue  # a word OCR was unsure of: redacted where it stands, never searched for
        if len(text) >= MIN_PROPAGATE_LEN:
            needle = exact_needle(text, possessive=f.type == "PERSON")
            needles.setdefault(needle.key + "|exact", (needle, f.type, f))
        if f.type == "PERSON" and state.policy.certain_person(f):
            for needle in state.variants.needles(text, strict=f.recognizer == MODEL_RECOGNIZER):
                needles.setdefault(needle.key + "|" + needle.kind, (needle, f.type, f))
    return needles


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or bool(re.search(r"(?:^|[\n.!?:]\s*|[-–•]\s)$", before))


def _ordinary_phrase(state: SetState, hit: str, name: str) -> bool:
    """A name found again in lower case whose every word is a function word, title,
    tussenvoegsel or common Dutch word: "de heer" for the surname "De Heer". The exact value
    is searched case-insensitively (ALL CAPS and sentence-case mentions must be found); a
    name typed in lower case ("jan de vries" in a chat) still has a word that is no phrase."""
    if hit != hit.lower() or name == name.lower():
        return False
    policy = state.policy
    ordinary = STOP_WORDS | policy.tussen | policy.abbreviations
    return all(w in ordinary or policy.lexicon.is_common_word(w) for w in hit.split())


def _hit_keep_reason(
    state: SetState,
    page: PageText,
    f: Finding,
    source: Finding,
    needle: Needle,
    kept_spans: list[tuple[int, int, str]],
) -> tuple[str, str, str] | None:
    """Why a propagated name hit stays (reason, rule, person): a kept office holder's mention,
    or a word that does not read as a name there."""
    reg = state.out.registry
    for s, e, pid in kept_spans:
        if s <= f.start and f.end <= e:
            return f"inside a mention of kept person {pid}", "rule:person-registry", pid
    mention = parse_name(_given_before(page.text, f.start) + " " + f.text, state.tussen,
                         state.titles)  # fmt: skip
    if mention is not None and mention.first_initial:
        kept = reg.kept_person(mention)
        if kept is not None:
            why = f"{kept.reason} (person {kept.id}: {kept.name})"
            return why, "rule:person-registry", kept.id
    role = state.policy.office_holder(page, f)
    if role:
        return role, PUBLIC_ROLE, ""
    if needle.kind == "exact" and _ordinary_phrase(state, f.text, source.text):
        why = "the name's words in lower case: an ordinary phrase here ('de heer'), not the name"
        return why, "rule:person-registry", ""
    if needle.kind != "exact" and _sentence_start(page.text, f.start):
        word = f.text.rstrip("'’s")
        lexicon = state.policy.lexicon
        full = " ".join(source.text.split())
        if lexicon.is_common_word(word) and full.lower() not in page.text.lower():
            why = "a common Dutch word at a sentence start, the person's full name not on the page"
            return why, "rule:person-registry", ""
    return None


@dataclass
class Spread:
    """What propagation searches every document for, and each page's spans already decided:
    redacted ones (``covered``: a hit inside one adds nothing) and kept persons' mentions."""

    search: Search
    covered: dict[tuple[str, int], list[tuple[int, int]]]
    kept: dict[tuple[str, int], list[tuple[int, int, str]]]


def spread_of(state: SetState) -> Spread:
    """The needles of propagation (recorded in ``out.spread`` for verification) and the spans
    the findings decided so far cover."""
    out = state.out
    needles = _person_needles(state)
    unique = {(n.pattern.pattern, n.pattern.flags): n for n, _, _ in needles.values()}
    out.spread = sorted(unique)
    out.spread_needles = [unique[key] for key in out.spread]
    out.spread_keys = sorted({n.key for n, _, _ in needles.values()})
    covered: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    kept: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    by_id = out.registry.by_id
    for f in out.findings:
        d = out.decisions[f.id]
        if d.action is Action.REDACT:
            covered[(f.doc, f.page)].append((f.start, f.end))
        elif d.person and by_id[d.person].action is Action.KEEP and f.type == "PERSON":
            kept[(f.doc, f.page)].append((f.start, f.end, d.person))
    return Spread(Search(needles.values()), covered, kept)


def propagate_doc(state: SetState, doc: DocumentText, spread: Spread) -> None:
    """Every mention in ``doc`` of a redacted value or person that is not decided yet."""
    out = state.out
    by_id = out.registry.by_id
    ground = state.rules.ground_for
    for page, f, source, needle in _search_findings(doc, spread.search, "consistency"):
        spans = spread.covered[(f.doc, f.page)]
        if any(s <= f.start and f.end <= e for s, e in spans):
            continue
        person = out.decisions[source.id].person if source.id in out.decisions else ""
        if f.type == "PERSON":
            keep = _hit_keep_reason(state, page, f, source, needle, spread.kept[(f.doc, f.page)])
            if keep:
                state.record(page, f, Decision(f.id, Action.KEEP, ground(f.type), *keep))
                continue
        why = "same value" if needle.kind == "exact" else f"{needle.kind} of the person"
        reason = f"{why} as finding {source.id} ({source.doc}, p. {source.page + 1})"
        state.record(page, f, Decision(f.id, Action.REDACT, ground(f.type), reason,
                                       "rule:consistency", person))  # fmt: skip
        spans.append((f.start, f.end))
        if person and f.id in out.decisions:
            by_id[person].mentions.append(f.id)
            out.registry.person_of.setdefault(f.id, person)


def phase_propagate(state: SetState) -> None:
    """Every other mention of a redacted value, in every document of the set."""
    spread = spread_of(state)
    for doc in state.each_doc():
        propagate_doc(state, doc, spread)


def contain(state: SetState, findings: Iterable[Finding]) -> None:
    """A kept finding inside a redacted span of ``findings`` is redacted with it."""
    out = state.out
    findings = list(findings)
    redacted_spans: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for f in findings:
        if out.decisions[f.id].action is Action.REDACT and f.start >= 0:
            redacted_spans[(f.doc, f.page)].append((f.start, f.end, f.type))
    for f in findings:
        d = out.decisions[f.id]
        if d.action is Action.KEEP and f.start >= 0:
            inside = [
                (s, e, t)
                for s, e, t in redacted_spans[(f.doc, f.page)]
                if s <= f.start and f.end <= e
            ]
            if inside:
                out.decisions[f.id] = replace(
                    d, action=Action.REDACT, reason=f"inside a redacted {inside[0][2]} ({d.reason})"
                )


# regions whose words go too (with pixels and strokes): another tool's marked redaction, a
# region a reviewer drew
WHOLE_REGIONS = (MARKED, MANUAL)


def redactions_of(state: SetState, rel: str, findings: Iterable[Finding]) -> None:
    """The regions of one document: its redacted findings, overlapping ones of a page merged."""
    out = state.out
    by_page: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if out.decisions[f.id].action is Action.REDACT:
            by_page[f.page].append(f)
    for page_no, page_findings in sorted(by_page.items()):
        for f in (f for f in page_findings if f.start < 0):  # image/drawing regions, no text
            whole = f.type in WHOLE_REGIONS
            out.redactions.setdefault(rel, []).append(
                Redaction(
                    rel,
                    page_no,
                    f.boxes,
                    out.decisions[f.id].ground,
                    f.type,
                    f.recognizer,
                    f.score,
                    f.id,
                    f.text if whole else "",
                    whole_region=whole,
                )  # fmt: skip
            )
        clusters = _merge([f for f in page_findings if f.start >= 0])
        page = state.page(rel, page_no) if clusters else None
        for cluster in clusters:
            head = min(cluster, key=lambda f: (_priority(f.type), -f.score))
            start = min(f.start for f in cluster)
            end = max(f.end for f in cluster)
            out.redactions.setdefault(rel, []).append(
                Redaction(
                    doc=rel,
                    page=page_no,
                    rects=span_boxes(page, start, end) if page_no != SIDE_PAGE else (),
                    ground=out.decisions[head.id].ground,
                    type=head.type,
                    recognizer=head.recognizer,
                    score=max(f.score for f in cluster),
                    finding_id=head.id,
                    text=page.text[start:end],  # type: ignore[union-attr]
                )
            )


def _by_doc(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_doc[f.doc].append(f)
    return by_doc


def phase_redactions(state: SetState) -> None:
    """Merge overlapping redacted findings of a page into one region each."""
    for rel, findings in sorted(_by_doc(state.out.findings).items()):
        redactions_of(state, rel, findings)


def phase_settle(state: SetState) -> None:
    """Propagation, containment and the redactions, document by document: each document is
    read once (a document's containment and regions depend on its own findings only)."""
    out = state.out
    spread = spread_of(state)
    by_doc = _by_doc(out.findings)
    for doc in state.each_doc():
        known = len(out.findings)
        propagate_doc(state, doc, spread)
        mine = by_doc[doc.rel]
        mine.extend(out.findings[known:])
        contain(state, mine)
        redactions_of(state, doc.rel, mine)
    out.redactions = dict(sorted(out.redactions.items()))


def decide_set(
    docs: Iterable[DocumentText] | Documents,
    findings: list[Finding],
    rules: RuleSet,
    keep_names: Iterable[str] = (),
    redact_names: Iterable[str] = (),
    made: Mapping[str, Decision] | None = None,
) -> SetDecisions:
    """Decide every finding of the set, propagate redacted values, build the redactions.

    ``keep_names`` and ``redact_names`` are the officer's own lists; they override the rules
    (a name on the keep list is never redacted, one on the redact list always is, with every
    variant of it, even in an office-holder role). ``made``: the policy's decisions made
    where the documents were read (``phase_policy``).
    """
    state = SetState(docs, rules, keep_names)
    phase_user_lists(state, redact_names)
    phase_policy(state, findings, made)
    phase_deny(state)
    phase_registry(state)
    phase_settle(state)
    return state.out
