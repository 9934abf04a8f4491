"""Decide stage: which findings are redacted, on which Woo ground, and why.

Decisions are taken for the whole document set at once, because consistency is a set-wide
property: once a person is redacted anywhere, every other mention in the set is redacted too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.detect import MARKED, context_of, finding_id, span_boxes
from woo_redact.detect.lexicon import Lexicon, load_lexicon
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.rules import RuleSet, alternation
from woo_redact.types import SIDE_PAGE, Action, Decision, DocumentText, Finding, PageText, Redaction
from woo_redact.variants import NameVariants, Needle, exact_needle, parse_name, same_person

# Types whose value, once redacted, is searched for in the rest of the set.
PROPAGATED_TYPES = {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "NL_BSN", "IBAN_CODE",
                    "NL_LICENSE_PLATE", "DENY"}  # fmt: skip
# Types that a reference label (kenmerk, zaaknummer, KvK …) in front of them cancels.
REFERENCE_SENSITIVE = {"NL_BSN", "PHONE_NUMBER", "NL_LICENSE_PLATE"}
# When findings overlap, the more specific type names the merged redaction (the deny list's
# deliberate ground first).
TYPE_PRIORITY = ["DENY", "NL_BSN", "IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "BIRTH_DATE",
                 "NL_ADDRESS", "NL_LICENSE_PLATE", "NL_POSTCODE", "PERSON"]  # fmt: skip
MIN_PROPAGATE_LEN = 3
# Dictionary words this long are rarely given names ("Ondergetekende", "Crisisteam"); shorter
# ones often are ("Roos", "Maks", "Clara"), so the dictionary only vetoes long words.
LONG_WORD = 8


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


class Policy:
    """The rules of rules/ applied to findings."""

    def __init__(self, rules: RuleSet, lexicon: Lexicon | None = None) -> None:
        self.rules = rules
        self.lexicon = lexicon or load_lexicon()
        # whole words only: "VvE-lid" or "oud-wethouder" is not the role "lid" / "wethouder"
        self.role_re = re.compile(
            r"(?<![\w-])(?:" + alternation(rules.roles) + r")(?![\w-])", re.IGNORECASE
        )
        # a signing heading is a line of its own that ends with a comma ("De Minister van
        # Financiën,"); a body sentence that starts the same way ("De burgemeester van X heeft
        # besloten …") is not one
        self.heading_re = re.compile(
            r"^\s*(?:" + alternation(rules.signing_headings) + r")\b", re.IGNORECASE
        )
        self.reference_re = re.compile(
            r"(?<!\w)(?:" + alternation(rules.reference_labels) + r")(?!\w)[^\n]{0,20}$",
            re.IGNORECASE,
        )
        self.address_cue_re = re.compile(
            r"(?<!\w)(?:" + alternation(rules.address_keep_cues) + r")(?!\w)", re.IGNORECASE
        )
        self.abbreviations = {t.lower() for t in rules.titles}
        self.on_behalf_re = re.compile(r"\b(?:namens|voor)\s+dezen?\b|\bi\.o\.\b|\bwnd\.", re.I)
        tv = {t.lower() for t in rules.tussenvoegsels}
        self.tussen = frozenset(tv)
        self.between_ok = tv | {"van", "voor", "en", "de", "het", "heer", "mevrouw", "dhr.",
                                "mevr.", "mw."}  # fmt: skip

    # -- single-finding rules ----------------------------------------------------------------

    def office_holder(self, page: PageText, f: Finding) -> str | None:
        """Why a PERSON finding is a public office holder in role, or None."""
        line_start = page.text.rfind("\n", 0, f.start) + 1
        prefix = self._sentence_before(page.text[line_start : f.start])
        if not prefix.strip():
            prefix = self._role_ending_line_above(page, line_start) or prefix
        last = None
        for m in self.role_re.finditer(prefix):
            last = m
        if last is not None:
            between = prefix[last.end() :]
            tokens = re.findall(r"[^\s,()]+", between)
            role = last.group(0).lower()
            # a singular role ("wethouder A, B (griffier)") covers only the name right after it
            listed = "," in between or re.search(r"\sen\s", between)
            plural = role.endswith(("s", "en"))
            if (
                len(tokens) <= 25
                and (plural or not listed)
                and all(t.lower() in self.between_ok or t[:1].isupper() for t in tokens)
            ):
                return f"public office holder in role ({role})"
        after = self.role_after(page, f)
        if after:
            return f"public office holder in role ({after})"
        # signer under "De Minister van …," a line or three above, unless "namens deze": then a
        # civil servant signs on the office holder's behalf and is redacted
        lead = page.text[line_start : f.start].split()
        if not all(self._name_part(t) for t in lead):
            return None  # the signer's name starts its line (titles, initials before it)
        above = page.text[max(0, line_start - 200) : line_start].rstrip("\n").split("\n")[-3:]
        for i, line in enumerate(above):
            if self.signing_heading(above[i:]):
                rest = " ".join(above[i:]) + " " + page.text[line_start : f.start]
                if self.on_behalf_re.search(rest):
                    return None
                return "signs as public office holder (" + line.strip().rstrip(",") + ")"
        return None

    def _role_ending_line_above(self, page: PageText, line_start: int) -> str:
        """The line above, when running text breaks between a role and the name ("vragen
        van wethouder" / "Jansen (Eindhoven)"); never a table row, whose last cell may be the
        role of the person in that row."""
        if line_start == 0:
            return ""
        prev_start = page.text.rfind("\n", 0, line_start - 1) + 1
        line = page.text[prev_start : line_start - 1]
        if "\t" in line:
            return ""
        m = None
        for m in self.role_re.finditer(line):  # noqa: B007 - the last one is wanted
            pass
        if m is None or line[m.end() :].strip():
            return ""
        return self._sentence_before(line) + " "

    def role_after(self, page: PageText, f: Finding) -> str | None:
        """The role that follows the name: "M. Jansen (burgemeester)", "M. Jansen, wethouder",
        or a cell of the name's table row that is a role ("K. Jansen  gemeente X  wethouder").

        General roles ("lid", "voorzitter") do not count here: in attendee lists they are the
        members of a working group.
        """
        line_end = page.text.find("\n", f.end)
        line_start = page.text.rfind("\n", 0, f.start) + 1
        after = page.text[f.end : line_end if line_end >= 0 else len(page.text)]
        m = re.match(r"[ ]*(?:\(|,[ ]*)([^()\t\n,]{2,60}?)[ ]*(?:\)|,|$|\t)", after)
        candidates = [m.group(1)] if m else []
        if "\t" in after or "\t" in page.text[line_start : f.start]:
            line = page.text[line_start : line_end if line_end >= 0 else len(page.text)]
            candidates += [cell for cell in line.split("\t") if f.text not in cell]
        for cand in candidates:
            cell = " ".join(cand.split()).lower()
            m = self.role_re.match(cell)  # "wethouder economie": a role and its portfolio
            if m and len(cell.split()) <= 6 and m.group(0) not in self.rules.general_roles:
                return m.group(0)
        return None

    def _name_part(self, token: str) -> bool:
        """A title, initials, tussenvoegsel or given name: what may stand before a surname."""
        low = token.lower()
        return (
            low in self.abbreviations
            or low in self.between_ok
            or re.fullmatch(r"(?:[A-Z][a-z]?\.)+", token) is not None
            or token[:1].isupper()
        )

    def signing_heading(self, lines: list[str]) -> bool:
        """``lines`` open with a signing heading that ends in a comma ("De Minister van …,").

        The heading may wrap over lines; a body sentence that starts the same way ("De
        burgemeester van X heeft besloten …") has no comma at a line end and is not one.
        """
        if not lines or not self.heading_re.match(lines[0]):
            return False
        return any(line.rstrip().endswith(",") for line in lines)

    def _sentence_before(self, text: str) -> str:
        """The part of ``text`` after the last sentence end (not after "dhr." or "J.")."""
        for m in reversed(list(re.finditer(r"[.!?]\s+", text))):
            word = text[: m.start() + 1].rsplit(None, 1)[-1].lower()
            if word in self.abbreviations or re.fullmatch(r"(?:\w\.)+", word):
                continue
            return text[m.end() :]
        return text

    def unnamed_mailbox(self, local: str) -> bool:
        """A one-word local part (no dots, no digits) that contains no first name or surname.

        "regiodeals@" is a team's mailbox; "jdevries@" contains "vries" and stays personal.
        """
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", local) or len(local) < 4:
            return False
        flat = local.replace("-", "")
        names = self.lexicon.first_names | self.lexicon.surnames
        for size in range(4, len(flat) + 1):
            for i in range(len(flat) - size + 1):
                if flat[i : i + size] in names:
                    return False
        return True

    def organisation_address(self, page: PageText, f: Finding) -> bool:
        """An organisation word before the address on its line, or on the line above/below."""
        line_start = page.text.rfind("\n", 0, f.start) + 1
        prev_start = page.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        next_end = page.text.find("\n", page.text.find("\n", f.end) + 1)
        after = page.text[f.end : next_end if next_end > 0 else len(page.text)]
        return bool(
            self.address_cue_re.search(page.text[prev_start : f.start])
            or self.address_cue_re.search(after)
        )

    def certain_person(self, f: Finding) -> bool:
        """Evidence strong enough to look for the person's surname or first name alone.

        A rule anchor (header field, closing, title, signer) or the officer's list is; the
        model's guess is only when it reads like a full name: a listed first name or initials
        first, and a last word that is no place, organisation word or common Dutch word.
        """
        if f.recognizer != MODEL_RECOGNIZER:
            return True
        words = [w.strip(",;:()'’") for w in f.text.split()]
        words = [w for w in words if w and w.lower() not in self.abbreviations]
        if len(words) < 2:
            return False
        first, last = words[0], words[-1].rstrip(".")
        opens = self.lexicon.is_first_name(first) or re.fullmatch(r"(?:[A-Z][a-z]?\.)+", first)
        last_ok = not (
            self.lexicon.is_place(last)
            or last.lower() in self.rules.organisation_words
            or self.lexicon.is_common_word(last)
        )
        return bool(opens) and last_ok

    def not_a_person(self, f: Finding, page: PageText) -> str | None:
        """Why a name the statistical model proposed is a place, organisation or job title.

        Only the model's guesses are second-guessed: the rule layer found its names in places
        (header fields, titles, closings) where a name is certain.
        """
        if f.recognizer != MODEL_RECOGNIZER:
            return None
        before = page.text[max(0, f.start - 3) : f.start]
        quote_start = bool(re.search(r"[‘'\"“„]$", before))
        sentence_start = (
            f.start == 0 or quote_start or bool(re.search(r"(?:^|[\n.!?:<]\s*|[-–•]\s)$", before))
        )
        text = " ".join(f.text.split())
        # "EK Den Haag": the letters of a postcode in front of the place
        text = re.sub(r"^[A-Z]{2}\s+", "", text)
        words = [w.strip(".,;:()'’") for w in text.split()]
        parts = [p for w in words for p in w.split("-")]
        one_word = words[0] if len(words) == 1 else ""
        if self.lexicon.is_place(text) or (one_word and any(map(self.lexicon.is_place, parts))):
            return "a place name, not a person"
        if (
            len(words) > 1
            and any(map(self.lexicon.is_place, words))
            and not any(map(self.lexicon.is_first_name, words))
        ):
            return "a place in it and no first name: a building, organisation or area"
        if words and re.search(r"\d", text):
            return "digits in it (a code, amount or reference), not a person"
        prev_word = page.text[max(0, f.start - 40) : f.start].split()[-1:] or [""]
        given = re.fullmatch(r"(?:[A-Z][a-z]?\.)+", prev_word[0]) or self.lexicon.is_first_name(
            prev_word[0]
        )
        if words and words[0][:1].islower() and not given:
            # "op de Mijnen": without a first name or initials a surname's tussenvoegsel is
            # capitalised ("Van der Linden")
            return "starts in lower case without a first name, not a person"
        if one_word.lower() in STOP_WORDS:
            return "a function word (sentence start), not a person"
        if len(words) > 1 and "," not in text and words[-1].lower() in STOP_WORDS | self.tussen:
            # "Nota van", "Overleg met": a name ends in a surname ("Linden, M. van der" has
            # its comma)
            return "ends in a function word, not a person"
        if one_word.lower() in self.rules.not_names:
            return "a word that is never a name (rules/names.yml), not a person"
        if one_word and self.lexicon.is_common_word(one_word):
            if quote_start:
                return "the first word of a quoted title, not a person"
            verb = len(one_word) >= 5 and one_word.endswith("en")  # "Betalen", "Kiezen"
            if sentence_start and (len(one_word) >= LONG_WORD or verb):
                return "a common Dutch word at the start of a sentence, not a person"
        if words and all(re.fullmatch(r"[A-Z]{1,4}", w) for w in words):
            return "an acronym or Roman numeral, not a person"
        if words and words[0] in ("het", "de", "een") and len(words) > 1:
            return "an organisation or thing (article in front), not a person"
        if any(w.lower() in self.rules.organisation_words for w in words):
            return "an organisation, not a person"
        prev = page.text[max(0, f.start - 40) : f.start].split()
        if prev and prev[-1].strip("(,").lower() in self.rules.unit_words:
            return f"part of an organisation's name ({prev[-1].strip('(,')} …), not a person"
        last = words[-1].lower() if words else ""
        # a compound ("Industriebeleid", "Businesspark"), not the bare word ("De Wet" is a name)
        if any(last.endswith(e) and len(last) >= len(e) + 3 for e in self.rules.not_name_endings):
            return "a job title or compound noun, not a person"
        return None

    def keep_reason(self, page: PageText, f: Finding) -> str | None:
        text = f.text.strip()
        if text.lower() in self.rules.allow:
            return "on the allow list"
        if f.type == "EMAIL_ADDRESS":
            local = text.split("@", 1)[0].lower()
            if local in self.rules.functional_mailboxes:
                return "functional mailbox"
            if self.unnamed_mailbox(local):
                return "functional mailbox (one word, no person's name in it)"
        if f.type in REFERENCE_SENSITIVE:
            before = page.text[max(0, f.start - 40) : f.start]
            if self.reference_re.search(before):
                return "reference number (kenmerk/zaak/KvK), not personal data"
        if f.type == "PERSON":
            return self.not_a_person(f, page) or self.office_holder(page, f)
        if f.type in ("NL_ADDRESS", "NL_POSTCODE") and self.organisation_address(page, f):
            return "organisation address (letterhead or location), not a home address"
        if f.score < self.rules.min_score(f.type):
            return f"score {f.score:.2f} below threshold {self.rules.min_score(f.type):.2f}"
        return None

    def decide(self, page: PageText, f: Finding) -> Decision:
        ground = self.rules.ground_for(f.type)
        if f.type == MARKED:
            # another tool's redaction: a person's proposal, applied with its own record and the
            # ground its overlay text names (if it names one of rules/grounds.yml)
            named = [
                g for g in re.findall(r"\b5\.\d\.\d[a-i]?\b", f.context) if g in self.rules.grounds
            ]
            return Decision(f.id, Action.REDACT, named[0] if named else ground,
                            "marked for redaction in the input by another tool (proposed)",
                            "input:redact-annotation")  # fmt: skip
        reason = self.keep_reason(page, f)
        if reason is None and f.type == "PERSON" and f.score < self.rules.min_score(f.type):
            reason = f"score {f.score:.2f} below threshold {self.rules.min_score(f.type):.2f}"
        if reason:
            return Decision(f.id, Action.KEEP, ground, reason, "rule:policy")
        return Decision(f.id, Action.REDACT, ground, f"{f.type} ({f.recognizer})", "rule:policy")


def _search_findings(
    doc: DocumentText, needles: Iterable[tuple[Needle, str, Finding]], recognizer: str
) -> Iterable[tuple[PageText, Finding, Finding, Needle]]:
    """Every occurrence of each needle in ``doc``, as a new finding of the source's type."""
    for needle, entity, source in needles:
        for page in (*doc.pages, *([doc.side] if doc.side else [])):
            for m in needle.pattern.finditer(page.text):
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


def decide_set(
    docs: list[DocumentText],
    findings: list[Finding],
    rules: RuleSet,
    keep_names: Iterable[str] = (),
    redact_names: Iterable[str] = (),
) -> SetDecisions:
    """Decide every finding of the set, propagate redacted values, build the redactions.

    ``keep_names`` and ``redact_names`` are the officer's own lists; they override the rules
    (a name on the keep list is never redacted, one on the redact list always is, with every
    variant of it, even in an office-holder role).
    """
    policy = Policy(rules)
    pages = {(d.rel, p.page): p for d in docs for p in (*d.pages, *([d.side] if d.side else []))}
    out = SetDecisions()
    variants = NameVariants(rules, policy.lexicon.places)
    tussen = {t.lower() for t in rules.tussenvoegsels}
    titles = {t.lower().rstrip(".") for t in rules.titles}
    kept_people = [p for p in (parse_name(n, tussen, titles) for n in keep_names) if p]

    def on_keep_list(page: PageText, f: Finding) -> bool:
        """The mention is one of a listed person's own variants (not just a shared name)."""
        if not kept_people or f.type != "PERSON":
            return False
        text = f.text
        if f.recognizer == "consistency":
            # a surname found because another (redacted) person has it: only its own given
            # names or initials right before it can make it the listed person
            text = _given_before(page.text, f.start) + " " + text
        mention = parse_name(text, tussen, titles)
        if mention is None or (f.recognizer == "consistency" and not mention.first_initial):
            return False
        return any(same_person(k, mention) for k in kept_people)

    def record(page: PageText, f: Finding, decision: Decision) -> None:
        if f.id in out.decisions:
            return
        if on_keep_list(page, f):
            decision = Decision(f.id, Action.KEEP, decision.ground,
                                "on the keep-names list", "user:keep-names")  # fmt: skip
        out.findings.append(f)
        out.decisions[f.id] = decision

    # the officer's redact-names list comes first: it wins over every rule
    user_source = Finding("", "", 0, 0, 0, "", "PERSON", 1.0, "user:redact-names", "", ())
    user_needles = []
    for name in redact_names:
        user_needles.append((exact_needle(name), "PERSON", user_source))
        user_needles.extend((n, "PERSON", user_source) for n in variants.needles(name))
    for doc in docs:
        for _page, f, _, needle in _search_findings(doc, user_needles, "user:redact-names"):
            if f.id in out.decisions:
                continue
            out.findings.append(f)
            out.decisions[f.id] = Decision(
                f.id, Action.REDACT, rules.ground_for("PERSON"),
                f"on the redact-names list ({needle.kind})", "user:redact-names",
            )  # fmt: skip

    for f in findings:
        page = pages[(f.doc, f.page)]
        record(page, f, policy.decide(page, f))

    # deny list: always redacted wherever it occurs
    deny_source = Finding("", "", 0, 0, 0, "", "DENY", 1.0, "rules:deny", "", ())
    deny = [(exact_needle(text), "DENY", deny_source) for text in rules.deny]
    for doc in docs:
        for page, f, _, _ in _search_findings(doc, deny, "rules:deny"):
            ground = rules.deny.get(" ".join(f.text.split()).lower(), "5.1.2e")
            record(page, f, Decision(f.id, Action.REDACT, ground, "on the deny list", "rule:deny"))

    # set-wide consistency: every other mention of a redacted value is redacted too
    needles: dict[str, tuple[Needle, str, Finding]] = {}
    for f in list(out.findings):
        text = " ".join(f.text.split())
        if out.decisions[f.id].action is not Action.REDACT or f.type not in PROPAGATED_TYPES:
            continue
        if f.recognizer == MODEL_RECOGNIZER and len(text.split()) < 2:
            continue  # one word the model guessed: redacted where found, not spread
        if len(text) >= MIN_PROPAGATE_LEN:
            needle = exact_needle(text, possessive=f.type == "PERSON")
            needles.setdefault(needle.key + "|exact", (needle, f.type, f))
        if f.type == "PERSON" and policy.certain_person(f):
            # a surname or first name alone is only looked for when the person is certain
            for needle in variants.needles(text, strict=f.recognizer == MODEL_RECOGNIZER):
                needles.setdefault(needle.key + "|" + needle.kind, (needle, f.type, f))
    out.spread = sorted({(n.pattern.pattern, n.pattern.flags) for n, _, _ in needles.values()})
    out.spread_keys = sorted({n.key for n, _, _ in needles.values()})
    covered = defaultdict(list)
    for f in out.findings:
        if out.decisions[f.id].action is Action.REDACT:
            covered[(f.doc, f.page)].append((f.start, f.end))
    for doc in docs:
        for page, f, source, needle in _search_findings(doc, needles.values(), "consistency"):
            spans = covered[(f.doc, f.page)]
            if any(s <= f.start and f.end <= e for s, e in spans):
                continue
            keep = policy.office_holder(page, f) if f.type == "PERSON" else None
            if keep:
                record(
                    page,
                    f,
                    Decision(f.id, Action.KEEP, rules.ground_for(f.type), keep, "rule:public-role"),
                )
                continue
            why = "same value" if needle.kind == "exact" else f"{needle.kind} of the person"
            record(
                page,
                f,
                Decision(
                    f.id,
                    Action.REDACT,
                    rules.ground_for(f.type),
                    f"{why} as finding {source.id} ({source.doc}, p. {source.page + 1})",
                    "rule:consistency",
                ),
            )
            spans.append((f.start, f.end))

    # a kept finding inside a redacted span is redacted with it (a postcode in an address)
    redacted_spans: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for f in out.findings:
        if out.decisions[f.id].action is Action.REDACT and f.start >= 0:
            redacted_spans[(f.doc, f.page)].append((f.start, f.end, f.type))
    for f in out.findings:
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

    # redactions: merge overlapping redacted findings of a page into one region
    by_page: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in out.findings:
        if out.decisions[f.id].action is Action.REDACT:
            by_page[(f.doc, f.page)].append(f)
    for (rel, page_no), page_findings in sorted(by_page.items()):
        page = pages[(rel, page_no)]
        regions = [f for f in page_findings if f.start < 0]  # image/drawing regions, no text
        for f in regions:
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
                    f.text if f.type == MARKED else "",
                    whole_region=f.type == MARKED,
                )
            )
        for cluster in _merge([f for f in page_findings if f.start >= 0]):
            head = min(cluster, key=lambda f: (_priority(f.type), -f.score))
            start = min(f.start for f in cluster)
            end = max(f.end for f in cluster)
            merged = replace(
                head,
                start=start,
                end=end,
                text=page.text[start:end],
                boxes=span_boxes(page, start, end),
            )
            out.redactions.setdefault(rel, []).append(
                Redaction(
                    doc=rel,
                    page=page_no,
                    rects=merged.boxes if page_no != SIDE_PAGE else (),
                    ground=out.decisions[head.id].ground,
                    type=head.type,
                    recognizer=head.recognizer,
                    score=max(f.score for f in cluster),
                    finding_id=head.id,
                    text=merged.text,
                )
            )
    return out
