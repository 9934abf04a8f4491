"""How often the names model calls something a person that never is one.

Generates lines of the hard-negative kinds of ``make_data.HARD_NEGATIVES`` (reference codes,
amounts in a currency code, foreign IBANs, town halls, capitalised common words alone on a
line) from the *eval* split of the name lists and a seed training never uses, runs the model
and counts PERSON spans. Every one of them is a false positive.

Usage::

    python models/hard_negatives.py [--model models/nl_woo] [--n 2000] [--show 10] [--write-meta]
"""

from __future__ import annotations

import argparse
import json
import random
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


def measure(model: str, n: int, show: int = 0) -> dict[str, float]:
    import spacy

    nlp = spacy.load(model)
    data = lines(n)
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
    print(f"{n} lines, {sum(wrong.values())} with a PERSON ({rate:.3%}), {spans} PERSON spans")
    return {"lines": n, "lines_with_person": sum(wrong.values()), "rate": round(rate, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=str(HERE / "nl_woo"))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--write-meta", action="store_true")
    args = ap.parse_args()
    scores = measure(args.model, args.n, args.show)
    if args.write_meta:
        meta_path = Path(args.model) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["woo_hard_negatives"] = {"data": "models/hard_negatives.py (eval split)", **scores}
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
