"""OCR-like noise on annotated text, with the entity offsets kept right.

A scanned page reaches the names model as Tesseract's text: diacritics dropped or broken
("Financien", "Financi¨en"), words merged ("vanhet") or split ("Minis terie"), stray marks
from specks and table rules ("|", "‘", "~"), and letters read as look-alikes (l/I/1, O/0,
rn/m). A model that never saw such text treats a scanned page as a different language, so
``make_data.py --ocr-noise SHARE`` passes that share of the training documents through
:func:`ocr_noise`.

The text is handled as a list of characters, each tagged with the entity it belongs to (or
none); every edit keeps the tags, so an entity's span afterwards is simply where its
characters ended up. Edits that would glue an entity to a word outside it (a merge across
an entity's edge, a stray mark touching it) are not made: the span must stay a whole token.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

Span = tuple[int, int, str]
Chars = list[tuple[str, int]]  # (character, entity index or -1)

# What Tesseract makes of a letter with a diacritic: mostly the bare letter, sometimes a
# neighbour with another accent or the mark as a character of its own.
DIACRITICS = {
    "é": ["e", "e", "e", "è", "e'"], "è": ["e", "e", "é"], "ë": ["e", "e", "e¨", "é"],
    "ê": ["e", "e"], "ï": ["i", "i", "l", "i¨"], "ö": ["o", "o", "ó"], "ü": ["u", "u", "ii"],
    "á": ["a", "a"], "à": ["a", "a"], "ó": ["o", "o"], "ç": ["c", "c"], "ş": ["s", "s"],
    "ğ": ["g", "g"], "ı": ["i", "i", "1"], "ł": ["l", "l", "t"], "ń": ["n", "n"],
    "ä": ["a", "a"], "ô": ["o"], "ú": ["u"], "í": ["i"], "ñ": ["n"],
}  # fmt: skip
# Look-alike glyphs, in both directions where OCR confuses both ways.
LOOKALIKE = {
    "l": ["I", "1", "i"], "I": ["l", "1"], "i": ["l", "í"], "1": ["l", "I"], "O": ["0"],
    "0": ["O", "o"], "o": ["0"], "S": ["5"], "5": ["S"], "B": ["8"], "8": ["B"],
    "e": ["c"], "c": ["e"], "h": ["b"], "n": ["r"], "u": ["v"], "v": ["y"], "t": ["f"],
}  # fmt: skip
# Two-letter look-alikes (applied to the pair): rn -> m, m -> rn, cl -> d, vv -> w
PAIRS = {"rn": "m", "cl": "d", "vv": "w", "li": "h"}
SINGLE_TO_PAIR = {"m": "rn", "w": "vv", "d": "cl"}
STRAYS = ["|", "‘", "'", ".", ",", "~", "`", "¦", ":", "°", "_", "-", "»", "*", ";"]


@dataclass(frozen=True)
class Level:
    """Probabilities of one noise level (per eligible character, space or word)."""

    diacritic: float
    lookalike: float
    merge: float
    split: float
    stray: float


LIGHT = Level(diacritic=0.35, lookalike=0.006, merge=0.02, split=0.01, stray=0.01)
HEAVY = Level(diacritic=0.7, lookalike=0.02, merge=0.06, split=0.03, stray=0.04)


def tag(text: str, ents: list[Span]) -> tuple[Chars, list[str]] | None:
    """Characters of ``text`` tagged with their entity; None when entities overlap."""
    owner = [-1] * len(text)
    labels = []
    for k, (s, e, lab) in enumerate(sorted(ents)):
        if any(owner[i] != -1 for i in range(s, e)):
            return None
        owner[s:e] = [k] * (e - s)
        labels.append(lab)
    return list(zip(text, owner, strict=True)), labels


def untag(chars: Chars, labels: list[str]) -> tuple[str, list[Span]]:
    """The text and entity spans after editing (an entity spans its first to last char)."""
    text = "".join(c for c, _ in chars)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (_, k) in enumerate(chars):
        if k >= 0:
            first.setdefault(k, i)
            last[k] = i
    spans = [(first[k], last[k] + 1, labels[k]) for k in sorted(first)]
    return text, spans


def _mergeable(chars: Chars, i: int) -> bool:
    """The space at ``i`` sits between two letters, and both words around it (up to the next
    whitespace) lie wholly in one entity or wholly outside all: "van het" may become "vanhet"
    and "Jan Jansen" "JanJansen", but "(BZK). In" or "met Jansen" stay apart."""
    if not (0 < i < len(chars) - 1 and chars[i - 1][0].isalpha() and chars[i + 1][0].isalpha()):
        return False
    tags = {chars[i][1]}
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(chars) and not chars[j][0].isspace():
            tags.add(chars[j][1])
            j += step
    return len(tags) == 1


def _letters(chars: Chars, rng: random.Random, lv: Level, frozen: frozenset[int]) -> Chars:
    """Diacritics and look-alike glyphs, character by character."""
    out: Chars = []
    i = 0
    while i < len(chars):
        c, k = chars[i]
        if k in frozen:
            out.append((c, k))
            i += 1
            continue
        pair = c + chars[i + 1][0] if i + 1 < len(chars) and chars[i + 1][1] == k else ""
        if c in DIACRITICS and rng.random() < lv.diacritic:
            out.extend((x, k) for x in rng.choice(DIACRITICS[c]))
        elif pair in PAIRS and rng.random() < lv.lookalike * 3:
            out.append((PAIRS[pair], k))
            i += 1
        elif c in SINGLE_TO_PAIR and rng.random() < lv.lookalike:
            out.extend((x, k) for x in SINGLE_TO_PAIR[c])
        elif c in LOOKALIKE and rng.random() < lv.lookalike:
            out.append((rng.choice(LOOKALIKE[c]), k))
        else:
            out.append((c, k))
        i += 1
    return out


def _spaces(chars: Chars, rng: random.Random, lv: Level, frozen: frozenset[int]) -> Chars:
    """Merged words (a space dropped) and stray marks standing between words."""
    out: Chars = []
    for i, (c, k) in enumerate(chars):
        if c == " " and k not in frozen and _mergeable(chars, i) and rng.random() < lv.merge:
            continue  # "vanhet", "JanJansen": only inside one entity or outside all
        out.append((c, k))
        if c == " " and k == -1 and rng.random() < lv.stray:
            # a mark as a token of its own between two spaces, outside any entity
            out.extend([(rng.choice(STRAYS), -1), (" ", -1)])
    return out


def _splits(chars: Chars, rng: random.Random, lv: Level, frozen: frozenset[int]) -> Chars:
    """A space inside a longer word ("Minis terie"); inside an entity it stays in the span."""
    out: Chars = []
    run = 0
    for i, (c, k) in enumerate(chars):
        run = run + 1 if c.isalpha() else 0
        nxt = chars[i + 1][0] if i + 1 < len(chars) else " "
        out.append((c, k))
        if run >= 3 and nxt.isalpha() and k not in frozen and rng.random() < lv.split / 6:
            following = chars[i + 2 : i + 5]
            if len(following) == 3 and all(x.isalpha() for x, _ in following):
                out.append((" ", k if chars[i + 1][1] == k else -1))
                run = 0
    return out


def ocr_noise(
    text: str,
    ents: list[Span],
    rng: random.Random,
    heavy: bool = False,
    level: Level | None = None,
    keep_labels: frozenset[str] = frozenset(),
) -> tuple[str, list[Span]]:
    """``text`` as an OCR engine might have read it, and its entities moved along.

    ``heavy`` picks the heavier of the two levels; ``level`` overrides both. Entities with a
    label in ``keep_labels`` are left as written. Returns the input unchanged when its
    entities overlap (the caller drops overlaps later).
    """
    tagged = tag(text, ents)
    if tagged is None:
        return text, ents
    chars, labels = tagged
    lv = level or (HEAVY if heavy else LIGHT)
    frozen = frozenset(k for k, lab in enumerate(labels) if lab in keep_labels)
    chars = _letters(chars, rng, lv, frozen)
    chars = _spaces(chars, rng, lv, frozen)
    chars = _splits(chars, rng, lv, frozen)
    return untag(chars, labels)
