"""The other ways a redacted person is mentioned: surname alone, first name, ALL CAPS.

Consistency across a Woo set means that once "drs. M.J. (Marieke) van der Linden" is redacted,
"Van der Linden", "Marieke" in a chat and "VAN DER LINDEN" in a header are redacted too. This
module turns one redacted name into search patterns for those mentions.
"""

from __future__ import annotations

import functools
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
    # the literal forms the pattern can begin with (case aside): where none of them stands, it
    # cannot match (``NeedleIndex``); empty: unknown, the text is searched in full
    probes: tuple[str, ...] = ()


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
        tuple(text.split()[:1]),
    )


def _case_probes(word: str) -> tuple[str, ...]:
    """The forms ``_case_pattern`` lets a word take."""
    return tuple(dict.fromkeys((word, word.capitalize(), word.upper())))


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
                    _case_probes((tv + [last])[0]),
                )
            )
        for g in given:
            if self._ok(g) and g.lower() not in places:
                out.append(
                    Needle(
                        g.lower(),
                        re.compile(rf"(?<![\w@.]){_case_pattern([g])}{POSSESSIVE}(?![\w@]|\.\w)"),
                        "first name",
                        _case_probes(g),
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


# -- many needles, one scan of the text -----------------------------------------------------------

LOOKBEHIND = r"(?<![\w@.])"  # how every needle begins: a mention starts a word
PROBE_CHARS = 12  # of a probe: enough to tell most names apart, few enough for one small trie
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character for every class of characters a case-insensitive regex treats as equal
    (coarser, never finer): ASCII in lower case, a letter the regex engine equates with an ASCII
    letter ("ı", "ſ", the Kelvin sign) as that letter, every other non-ASCII character as one
    and the same placeholder. Asked of the regex engine itself, so it holds for its rules."""
    if ch.isascii():
        return ch.lower()
    for letter in _ASCII_LETTERS:
        if re.fullmatch(letter, ch, re.IGNORECASE):
            return letter
    return "\0"


def fold(text: str) -> str:
    """``_fold_char`` of every character: same length, case-insensitive equals fold equal."""
    return "".join(map(_fold_char, text))


def _trie(words: set[str]) -> str:
    """A regex source for any of ``words`` (shared prefixes factored out)."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(c for c in node if c):
            rest = emit(node[ch])
            alts.append(re.escape(ch) + (f"(?:{rest})?" if rest and "" in node[ch] else rest))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root) if root else "(?!)"


class NeedleIndex:
    """Every needle's matches in a text, with one scan of the text for all of them.

    One regex per needle per page made the set-wide search cost persons × pages. Here one trie
    of the needles' probes (the literal word each pattern begins with, case-insensitive) finds
    the places where any needle can begin; there only the needles whose probe stands there are
    tried, each with its own pattern. The matches are exactly those of
    ``needle.pattern.finditer(text)``: a needle cannot match where its probe does not stand,
    and its matches are taken left to right without overlap, as ``finditer`` takes them.
    Needles without probes (or of another shape) are searched in full.
    """

    def __init__(self, needles: list[Needle]) -> None:
        self.needles = needles
        self.full: list[int] = []
        keys: dict[tuple[int, str], list[int]] = {}
        probes: set[str] = set()
        for i, needle in enumerate(needles):
            cut = [p[:PROBE_CHARS] for p in needle.probes]
            if not cut or not all(cut) or not needle.pattern.pattern.startswith(LOOKBEHIND):
                self.full.append(i)
                continue
            for probe in dict.fromkeys(cut):
                probes.add(probe)
                bucket = keys.setdefault((len(probe), fold(probe)), [])
                if not bucket or bucket[-1] != i:
                    bucket.append(i)
        self.keys = keys
        self.lengths = sorted({length for length, _ in keys})
        self.finder = (
            re.compile(f"{LOOKBEHIND}(?={_trie(probes)})", re.IGNORECASE) if probes else None
        )

    def matches(self, text: str) -> dict[int, list[re.Match[str]]]:
        """The matches of every needle that matches ``text``, by its index in ``needles``."""
        starts: dict[int, list[int]] = {}
        if self.finder is not None:
            folded = fold(text)
            for m in self.finder.finditer(text):
                at = m.start()
                tried: set[int] = set()
                for length in self.lengths:
                    if at + length > len(text):
                        break
                    for i in self.keys.get((length, folded[at : at + length]), ()):
                        if i not in tried:
                            tried.add(i)
                            starts.setdefault(i, []).append(at)
        out: dict[int, list[re.Match[str]]] = {}
        for i, places in starts.items():
            pattern = self.needles[i].pattern
            found: list[re.Match[str]] = []
            end = 0
            for at in places:
                if at < end:
                    continue
                m = pattern.match(text, at)
                if m:
                    found.append(m)
                    end = max(m.end(), at + 1)
            if found:
                out[i] = found
        for i in self.full:
            found = list(self.needles[i].pattern.finditer(text))
            if found:
                out[i] = found
        return out
