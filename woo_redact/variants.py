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

    def __init__(self, rules: RuleSet) -> None:
        self.tussen = {t.lower() for t in rules.tussenvoegsels}
        self.titles = {t.lower().rstrip(".") for t in rules.titles}
        self.blocked = rules.not_names | rules.organisation_words | set(STOP_WORDS) | self.tussen

    def _ok(self, word: str) -> bool:
        return len(word) >= 3 and word.lower() not in self.blocked

    def needles(self, name: str) -> list[Needle]:
        """Patterns for surname (with its tussenvoegsels) and given names of ``name``."""
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
        if self._ok(last) and not INITIAL_RE.match(last):
            tv = [w.lower() for w in surname[:-1]]
            pattern = _case_pattern(tv + [last])
            out.append(
                Needle(
                    " ".join(tv + [last]).lower(),
                    re.compile(rf"(?<![\w@.]){pattern}{POSSESSIVE}(?![\w@]|\.\w)"),
                    "surname",
                )
            )
        for g in given:
            if self._ok(g):
                out.append(
                    Needle(
                        g.lower(),
                        re.compile(rf"(?<![\w@.]){_case_pattern([g])}{POSSESSIVE}(?![\w@]|\.\w)"),
                        "first name",
                    )
                )
        return out
