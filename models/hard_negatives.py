"""How often the names model calls something a person that never is one.

Generates lines of the hard-negative kinds of ``make_data.HARD_NEGATIVES`` (reference codes,
amounts in a currency code, foreign IBANs, town halls, capitalised common words alone on a
line) from the *eval* split of the name lists and a seed training never uses, runs the model
and counts PERSON spans. Every one of them is a false positive. A second count does the same
for lines that open with an ordinary Dutch word from the held-out fifth of
``make_data.start_words`` (a sentence start, a heading, a table header).

Usage::

    python models/hard_negatives.py [--model models/nl_woo] [--n 2000] [--show 10] [--write-meta]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_data  # noqa: E402

SEED = 9_151_2026  # not a training or dev seed


def lines(n: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``n`` (template, text) pairs with no person in them."""
    gen = make_data.DocGen(seed, split="eval")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        tpl = rng.choice(make_data.HARD_NEGATIVES)
        pieces = make_data.upper_first(gen.g.expand(tpl))
        out.append((tpl, "".join(text for text, _ in pieces)))
    return out


# Ordinary words opening a sentence, a heading or a table header, in wording of their own
# (not make_data's templates) and with the held-out fifth of the start words, which
# training never sees (make_data.start_words).
START_TEMPLATES = [
    "{W} is voor {ORG} een belangrijk onderwerp.",
    "{W} en {common} vragen om een nieuwe aanpak.",
    "{W} van de regeling wordt in {MONTH} geëvalueerd.",
    "{W}\n{DOCTITLE}",
    "{W}: zie de bijlage.",
    "{W} | {W} | {W}",
    "Beste collega's,\n\n{W} van het project loopt vertraging op.",
    "{W} bij {ORG} heeft geen gevolgen voor {LOC}.",
    "{W}\n{W} {common}",
    "{W} {common} en {common} in {PLACE}.",
]


def held_out_word(rng: random.Random) -> str:
    """A held-out ordinary word: a frequent one half of the time, else any dictionary word
    (fixed here, so the measure stays the same whatever mix a recipe trains on)."""
    frequent, anyword = make_data.start_words("eval")
    return rng.choice(frequent if rng.random() < 0.5 else anyword)


def start_lines(n: int, seed: int = SEED + 1) -> list[tuple[str, str]]:
    """``n`` (template, text) pairs that open with a held-out ordinary word, no person."""
    gen = make_data.DocGen(seed, split="eval")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        tpl = rng.choice(START_TEMPLATES)
        filled = re.sub(r"\{W\}", lambda _: held_out_word(rng).capitalize(), tpl)
        pieces = make_data.upper_first(gen.g.expand(filled))
        out.append((tpl, "".join(text for text, _ in pieces)))
    return out


def measure(model: str, n: int, show: int = 0, kind: str = "issue") -> dict[str, float]:
    """Lines of one kind (``issue``: the issue's classes; ``starts``: held-out ordinary words
    at a sentence start) in which the model marks a PERSON."""
    import spacy

    nlp = spacy.load(model)
    data = lines(n) if kind == "issue" else start_lines(n)
    wrong = Counter()
    spans = 0
    examples = []
    for (tpl, _), doc in zip(data, nlp.pipe(t for _, t in data), strict=True):
        persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
        if persons:
            wrong[tpl] += 1
            spans += len(persons)
            if len(examples) < show:
                examples.append((doc.text, persons))
    for text, persons in examples:
        print(f"  {persons!r:40} in {text!r}")
    for tpl, k in wrong.most_common():
        print(f"  {k:5d}  {tpl!r}")
    rate = sum(wrong.values()) / n
    print(
        f"{kind}: {n} lines, {sum(wrong.values())} with a PERSON ({rate:.3%}), {spans} PERSON spans"
    )
    return {"lines": n, "lines_with_person": sum(wrong.values()), "rate": round(rate, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=str(HERE / "nl_woo"))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--write-meta", action="store_true")
    args = ap.parse_args()
    scores = measure(args.model, args.n, args.show)
    starts = measure(args.model, args.n, args.show, kind="starts")
    if args.write_meta:
        meta_path = Path(args.model) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["woo_hard_negatives"] = {"data": "models/hard_negatives.py (eval split)", **scores}
        meta["woo_sentence_starts"] = {
            "data": "models/hard_negatives.py START_TEMPLATES (held-out words)",
            **starts,
        }
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
