"""The other ways a redacted person is mentioned: surname alone, first name, ALL CAPS.

Consistency across a Woo set means that once "drs. M.J. (Marieke) van der Linden" is redacted,
"Van der Linden", "Marieke" in a chat and "VAN DER LINDEN" in a header are redacted too. This
module turns one redacted name into search patterns for those mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.detect.names import LO, UP
from woo_redact.rules import RuleSet

# "Najibs advies", "Sanne's mail", "Yilmaz' reactie": the genitive belongs to the mention
POSSESSIVE = "(?:s|['’]s?)?"
INITIAL_RE = re.compile(rf"^(?:[{UP}][{LO}]?\.)+$")


@dataclass(frozen=True)
class Needle:
    """A pattern that finds one more mention of a redacted value."""

    key: str
    pattern: re.Pattern[str]
    kind: str  # "exact", "surname", "first name"


def _case_pattern(words: list[str]) -> str:
    """Capitalised or ALL CAPS form of each word; a tussenvoegsel may be either case."""
    parts = []
    for w in words:
        if w[:1].islower():  # tussenvoegsel: "van der" or "Van der" or "VAN DER"
            parts.append(f"(?:{re.escape(w)}|{re.escape(w.capitalize())}|{re.escape(w.upper())})")
        else:
            parts.append(f"(?:{re.escape(w)}|{re.escape(w.upper())})")
    return r"\s+".join(parts)


def exact_needle(text: str, possessive: bool = False) -> Needle:
    """The value itself, case-insensitive; a name also with its genitive ("Umars vraag")."""
    body = r"\s*".join(re.escape(p) for p in text.split())
    tail = POSSESSIVE if possessive else ""
    return Needle(
        " ".join(text.split()).lower(),
        re.compile(rf"(?<![\w@.]){body}{tail}(?![\w@]|\.\w)", re.IGNORECASE),
        "exact",
    )


class NameVariants:
    """Derives the mentions of a person from one redacted full name."""

    def __init__(self, rules: RuleSet, places: frozenset[str] = frozenset()) -> None:
        self.tussen = {t.lower() for t in rules.tussenvoegsels}
        self.titles = {t.lower().rstrip(".") for t in rules.titles}
        self.blocked = rules.not_names | rules.organisation_words | set(STOP_WORDS) | self.tussen
        self.places = places

    def _ok(self, word: str) -> bool:
        """A word that, standing alone, reads as a name: alphabetic (hyphen, apostrophe), not an
        acronym, not an organisation word."""
        low = word.lower()
        return (
            len(word) >= 3
            and re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", word) is not None
            and not (word.isupper() and len(word) <= 4)
            and low not in self.blocked
        )

    def needles(self, name: str, strict: bool = False) -> list[Needle]:
        """Patterns for surname (with its tussenvoegsels) and given names of ``name``.

        ``strict`` (the person is the model's guess): a variant that is a place is not
        searched for alone; for a person a rule anchored, "Arnhem" is that person's surname.
        """
        words = [w.strip(",;:()") for w in name.split()]
        words = [w for w in words if w and w.lower().rstrip(".") not in self.titles]
        words = [w for w in words if not (w.startswith("(") or w.endswith(")"))]
        if len(words) < 2:
            return []
        # surname = the last word plus the tussenvoegsels in front of it
        i = len(words) - 1
        while i > 0 and words[i - 1].lower() in self.tussen:
            i -= 1
        surname = words[i:]
        given = [w for w in words[:i] if not INITIAL_RE.match(w) and w[:1].isupper()]
        out: list[Needle] = []
        last = surname[-1]
        tv = [w.lower() for w in surname[:-1]]
        places = self.places if strict else frozenset()
        # a place is not searched for alone ("Eindhoven"); "van der Linden" is no place
        if (
            self._ok(last)
            and not INITIAL_RE.match(last)
            and " ".join(tv + [last.lower()]) not in places
        ):
            pattern = _case_pattern(tv + [last])
            out.append(
                Needle(
                    " ".join(tv + [last]).lower(),
                    re.compile(rf"(?<![\w@.]){pattern}{POSSESSIVE}(?![\w@]|\.\w)"),
                    "surname",
                )
            )
        for g in given:
            if self._ok(g) and g.lower() not in places:
                out.append(
                    Needle(
                        g.lower(),
                        re.compile(rf"(?<![\w@.]){_case_pattern([g])}{POSSESSIVE}(?![\w@]|\.\w)"),
                        "first name",
                    )
                )
        return out


@dataclass(frozen=True)
class PersonName:
    """A person's name taken apart: what two mentions must share to be the same person."""

    given: tuple[str, ...]  # given names, lower case ("marieke")
    initials: str  # initials in order, lower case ("mj")
    surname: str  # tussenvoegsels and surname, lower case ("van der linden")

    @property
    def first_initial(self) -> str:
        if self.initials:
            return self.initials[0]
        return self.given[0][0] if self.given else ""


def parse_name(name: str, tussenvoegsels: set[str], titles: set[str]) -> PersonName | None:
    """Split "drs. M.J. (Marieke) van der Linden" or "Linden, M.J. van der" into parts."""
    text = " ".join(name.replace("’", "'").split())
    if "," in text:  # "Linden, M.J. van der (Marieke)": the surname comes first
        head, _, tail = text.partition(",")
        rest = tail.split()
        tv = [w for w in rest if w.lower() in tussenvoegsels]
        text = " ".join([w for w in rest if w.lower() not in tussenvoegsels] + tv + [head])
    words = [w for w in re.split(r"[\s()]+", text) if w]
    words = [w for w in words if w.lower().rstrip(".") not in titles]
    if not words:
        return None
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in tussenvoegsels:
        i -= 1
    surname = " ".join(words[i:]).lower()
    given: list[str] = []
    initials = ""
    for w in words[:i]:
        if INITIAL_RE.match(w):
            initials += "".join(ch.lower() for ch in w if ch.isupper())  # "Th." is one
        elif w.lower() not in tussenvoegsels:
            given.append(w.lower())
    if not re.search(r"\w", surname):
        return None
    return PersonName(tuple(given), initials, surname)


def same_person(listed: PersonName, mention: PersonName) -> bool:
    """True if ``mention`` can be a mention of the ``listed`` person, and of no one else named.

    The surname must be the same; a given name or initial in the mention must agree with the
    listed one ("S. Jansen-Bakker" is "Sanne Jansen-Bakker", "Jan Jansen-Bakker" is not). A
    bare first name ("Sanne") is never enough: it would keep every other Sanne in the set.
    """
    if mention.surname.split()[-1] != listed.surname.split()[-1]:
        return False  # "Van der Linden" and "Linden, M. van der" share "linden"
    if not mention.first_initial or not listed.first_initial:
        return True
    if mention.first_initial != listed.first_initial:
        return False
    if mention.given and listed.given:
        return mention.given[0] == listed.given[0]
    return True
