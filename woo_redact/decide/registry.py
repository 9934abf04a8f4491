"""The persons of a document set: every name mention clustered into people, decided per person.

A role, a rule anchor or a model score is evidence about a *person*, not about one line: a
wethouder introduced in a council list is the same wethouder in another document's e-mail
header. The registry gathers every mention's evidence per person, so one decision (redact,
keep as office holder) holds for all of them, and a civil servant who only shares a surname
with an office holder stays a different person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from woo_redact.decide.policy import NOT_A_PERSON, PUBLIC_ROLE
from woo_redact.types import Action, Decision, Finding
from woo_redact.variants import PersonName, parse_name, same_person

# Decisions the registry never overrides: the officer's own lists and the deny list.
USER_DECISIONS = ("user:", "rule:deny", "rule:allow")
REGISTRY = "rule:person-registry"


@dataclass
class Person:
    """One person of the set: the mentions (finding ids), the evidence, the decision."""

    id: str
    name: str  # the fullest mention, as written
    parsed: PersonName
    mentions: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # "wethouder (doc.pdf, p. 2)"
    ambiguous: bool = False  # a surname or initial that more than one person of the set has
    action: Action = Action.REDACT
    reason: str = ""


def _surname_key(name: PersonName) -> str:
    return name.surname.split()[-1]


@dataclass
class Registry:
    persons: list[Person] = field(default_factory=list)
    person_of: dict[str, str] = field(default_factory=dict)  # finding id -> person id
    by_id: dict[str, Person] = field(default_factory=dict)
    # persons by the last word of their surname: a propagated hit is compared with these only,
    # not with every person of the set (it runs once per hit, on thousands of pages)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)

    def add(self, person: Person) -> None:
        self.persons.append(person)
        self.by_id[person.id] = person
        self.by_surname.setdefault(_surname_key(person.parsed), []).append(person)

    def get(self, finding_id: str) -> Person | None:
        pid = self.person_of.get(finding_id)
        return self.by_id[pid] if pid else None

    def kept_person(self, name: PersonName) -> Person | None:
        """The kept person a mention read as ``name`` belongs to, if it can be no one else.

        A mention that may also be a redacted person of the set ("Jansen" where a wethouder K.
        Jansen and a civil servant P. Jansen both occur) is not claimed: it stays redacted.
        """
        candidates = self.by_surname.get(_surname_key(name), [])
        matches = [p for p in candidates if not p.ambiguous and same_person(p.parsed, name)]
        if len(matches) == 1 and matches[0].action is Action.KEEP and matches[0].roles:
            return matches[0]
        return None


def _fullness(p: PersonName) -> tuple[int, int, int]:
    return (len(p.given), len(p.initials), len(p.surname))


def cluster(
    mentions: Iterable[tuple[Finding, PersonName]],
) -> list[tuple[PersonName, list[Finding], bool]]:
    """Group mentions into persons: (name of the person, its mentions, ambiguous).

    Mentions share a person when their surnames end alike and their first initials and first
    given names do not disagree. A mention with less (a bare surname, initials where several
    given names share the initial) joins the one person it fits, or, when it fits several,
    becomes an ambiguous person of its own.
    """
    by_surname: dict[str, list[tuple[Finding, PersonName]]] = defaultdict(list)
    for f, name in mentions:
        by_surname[_surname_key(name)].append((f, name))
    out: list[tuple[PersonName, list[Finding], bool]] = []
    for group in by_surname.values():
        named = [(f, n) for f, n in group if n.first_initial]
        bare = [(f, n) for f, n in group if not n.first_initial]
        people: list[tuple[PersonName, list[Finding]]] = []
        loose: list[tuple[Finding, PersonName]] = []
        # the fullest mentions first, so that "M. Jansen" finds "Marieke Jansen"
        for f, n in sorted(named, key=lambda m: _fullness(m[1]), reverse=True):
            fits = [i for i, (p, _) in enumerate(people) if same_person(p, n)]
            if n.given and len(fits) > 1 and not any(people[i][0].given for i in fits):
                fits = []  # a given name that fits several initials-only persons: a new one
            if len(fits) == 1:
                people[fits[0]][1].append(f)
            elif not fits and (n.given or not any(p.first_initial == n.first_initial
                                                  for p, _ in people)):  # fmt: skip
                people.append((n, [f]))
            else:
                loose.append((f, n))
        for f, n in loose:
            fits = [i for i, (p, _) in enumerate(people) if same_person(p, n)]
            if len(fits) == 1:
                people[fits[0]][1].append(f)
            else:
                out.append((n, [f], True))
        out.extend((p, fs, False) for p, fs in people)
        if bare:
            if len(people) == 1 and not loose:
                people[0][1].extend(f for f, _ in bare)
            else:
                out.append((bare[0][1], [f for f, _ in bare], len(people) + len(loose) > 0))
    return out


def build_registry(
    findings: list[Finding],
    decisions: dict[str, Decision],
    tussenvoegsels: set[str],
    titles: set[str],
) -> Registry:
    """Cluster the PERSON findings of the set into persons and decide each person.

    A person is kept as an office holder when a public role stands next to any of its mentions
    (and its name is its own: not an ambiguous surname); otherwise it is redacted as soon as one
    mention is. Findings the policy judged not to be a person at all take no part.
    """
    mentions: list[tuple[Finding, PersonName]] = []
    for f in findings:
        d = decisions.get(f.id)
        if f.type != "PERSON" or d is None or d.by == NOT_A_PERSON:
            continue
        name = parse_name(f.text, tussenvoegsels, titles)
        if name is not None:
            mentions.append((f, name))
    order = {f.id: i for i, f in enumerate(findings)}
    groups = cluster(mentions)
    groups.sort(key=lambda g: min(order[f.id] for f in g[1]))
    reg = Registry()
    for i, (name, fs, ambiguous) in enumerate(groups, 1):
        fs.sort(key=lambda f: order[f.id])
        fullest = max(fs, key=lambda f: _fullness(parse_name(f.text, tussenvoegsels, titles)
                                                  or name))  # fmt: skip
        person = Person(f"P{i:04d}", " ".join(fullest.text.split()), name, ambiguous=ambiguous)
        for f in fs:
            d = decisions[f.id]
            person.mentions.append(f.id)
            reg.person_of[f.id] = person.id
            where = f"{f.doc}, p. {f.page + 1}"
            person.evidence.append(f"{d.action.value}: {d.reason} [{d.by}] ({where})")
            if d.by == PUBLIC_ROLE:
                person.roles.append(f"{d.reason} ({where})")
        _decide_person(person, [decisions[f.id] for f in fs])
        reg.add(person)
    return reg


def _decide_person(person: Person, decisions: list[Decision]) -> None:
    if any(d.by.startswith("user:redact") for d in decisions):
        person.action, person.reason = Action.REDACT, "on the officer's redact-names list"
    elif person.roles and not person.ambiguous:
        person.action = Action.KEEP
        person.reason = "public office holder in the set: " + person.roles[0]
    elif any(d.action is Action.REDACT for d in decisions):
        person.action, person.reason = Action.REDACT, "a private person or civil servant"
    else:
        person.action, person.reason = Action.KEEP, "no mention is redacted"


def apply_registry(
    reg: Registry, findings: list[Finding], decisions: dict[str, Decision]
) -> dict[str, Decision]:
    """Every mention gets its person's decision, except the officer's and the lists' own.

    Returns the new decisions (the ones that changed, and the person id on every mention).
    """
    out: dict[str, Decision] = {}
    by_id = reg.by_id
    for f in findings:
        pid = reg.person_of.get(f.id)
        if pid is None:
            continue
        person = by_id[pid]
        d = decisions[f.id]
        if d.by.startswith(USER_DECISIONS) or d.action is person.action:
            out[f.id] = Decision(d.finding_id, d.action, d.ground, d.reason, d.by, person.id)
            continue
        if person.action is Action.REDACT and d.by == PUBLIC_ROLE:
            # a role here, and the person is still redacted (ambiguous, or on the redact list)
            out[f.id] = Decision(d.finding_id, d.action, d.ground, d.reason, d.by, person.id)
            continue
        reason = f"{person.reason} (person {person.id}: {person.name})"
        out[f.id] = Decision(d.finding_id, person.action, d.ground, reason, REGISTRY, person.id)
    return out
