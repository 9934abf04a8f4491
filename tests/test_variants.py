"""The set-wide search: many needles in one scan give exactly what each needle's own regex
finds, including the case rules of the regex engine (Turkish dotless i, long s, Kelvin sign)."""

from __future__ import annotations

import random
import re

import pytest

from woo_redact.rules import load_rules
from woo_redact.variants import NameVariants, NeedleIndex, exact_needle, fold

NAMES = [
    "Jan de Vries", "Sanne van der Linden", "Emre Yılmaz", "Emre Yilmaz", "Ayşe Öztürk",
    "Marieke Groß", "Thomas Kelvin", "Joost", "Vries", "06-12345678", "jan.devries@gmail.com",
    "NL91 ABNA 0417 1643 00", "Anna-Lena Jansen-Bakker", "Ĳsbrand IJzerman", "Bram 't Hart",
]  # fmt: skip
WORDS = [
    "de", "van", "der", "Vries", "VRIES", "vries", "Vriesland", "Linden", "LINDEN", "Van",
    "Yılmaz", "YILMAZ", "Yilmaz", "YİLMAZ", "Öztürk", "ÖZTÜRK", "Groß", "GROSS", "Kelvin",
    "\u212aelvin", "Joost", "Joosts", "Joost's", "Vries'", "06-12345678", "0612345678",
    "jan.devries@gmail.com", "x@jan.devries@gmail.com", "NL91", "ABNA", "0417", "1643", "00",
    "Jansen-Bakker", "Anna-Lena", "Sanne", "ſanne", "Jan", "JAN", "jan", ".Jan", "@Jan", "Jande",
    "IJzerman", "Ĳzerman", "'t", "Hart", "Bram", "en", "over", "Jan-Willem",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "\n", "\t", ", ", ". ", "-", "", "  "]


def _needles():
    variants = NameVariants(load_rules())
    out = []
    for name in NAMES:
        out.append(exact_needle(name, possessive=True))
        out.append(exact_needle(name))
        out.extend(variants.needles(name))
    return out


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 60)))


def test_many_needles_find_what_each_finds_alone() -> None:
    needles = _needles()
    index = NeedleIndex(needles)
    assert not index.full  # every needle has probes: none is searched in full
    rng = random.Random(14)
    hits = 0
    for _ in range(400):
        text = _text(rng)
        found = index.matches(text)
        for i, needle in enumerate(needles):
            alone = [m.span() for m in needle.pattern.finditer(text)]
            assert [m.span() for m in found.get(i, [])] == alone, (needle.key, text)
            hits += len(alone)
    assert hits > 1000  # the texts do hold mentions


@pytest.mark.parametrize(
    ("a", "b"), [("i", "ı"), ("I", "İ"), ("s", "ſ"), ("k", "\u212a"), ("é", "É"), ("ß", "ẞ")]
)
def test_fold_keeps_what_the_regex_engine_equates(a: str, b: str) -> None:
    assert re.fullmatch(re.escape(a), b, re.IGNORECASE)
    assert fold(a) == fold(b)


def test_needles_of_another_shape_are_searched_in_full() -> None:
    odd = exact_needle("Jan de Vries")
    bare = type(odd)(odd.key, re.compile(r"Jan\s+de\s+Vries"), "exact")  # no probes
    index = NeedleIndex([odd, bare])
    assert index.full == [1]
    text = "Gesprek met Jan de Vries en jan de vries."
    found = index.matches(text)
    assert [m.group(0) for m in found[0]] == ["Jan de Vries", "jan de vries"]
    assert [m.group(0) for m in found[1]] == ["Jan de Vries"]
