"""Model-only PERSON evaluation of ``models/nl_woo`` on ``bench/data/names_eval.jsonl``.

Usage::

    python models/evaluate.py [--model models/nl_woo] [--show 40]
                              [--data bench/data/names_eval.jsonl] [--write-meta]

Both ``persons`` and ``keep`` spans count as gold PERSON (keeping office
holders is a rule-layer decision, not the model's).  Reports:

* exact span match precision / recall / F1;
* overlap match (a prediction is correct if it overlaps a gold span; a gold
  span is found if any prediction overlaps it);
* token level (non-space tokens inside gold vs. predicted PERSON spans);
* recall per document kind, then lists of misses and false alarms.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (precision and recall may use different TP counts)."""
    p = tp_p / n_pred if n_pred else 1.0
    r = tp_g / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True if two char spans overlap."""
    return a[0] < b[1] and b[0] < a[1]


def evaluate(
    model: str | Path, data: str | Path, show: int = 40, quiet: bool = False
) -> dict[str, float]:
    """Run the evaluation and return the scores."""
    import spacy

    t0 = time.time()
    nlp = spacy.load(model)
    load_s = time.time() - t0
    rows = [
        json.loads(line)
        for line in Path(data).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ex_tp = n_pred = n_gold = ov_tp_p = ov_tp_g = 0
    tok_tp = tok_pred = tok_gold = 0
    by_kind: dict[str, list[int]] = {}
    keep_found = keep_n = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    t1 = time.time()
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        text = row["text"]
        gold = [tuple(s) for s in row["persons"] + row["keep"]]
        keep = {tuple(s) for s in row["keep"]}
        pred = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        n_pred += len(pred)
        n_gold += len(gold)
        ex_tp += len(set(pred) & set(gold))
        for p in pred:
            if any(overlaps(p, g) for g in gold):
                ov_tp_p += 1
            else:
                false_alarms.append(
                    f"{row['id']} [{row['kind']}] {text[p[0] : p[1]]!r}  "
                    f"…{text[max(0, p[0] - 30) : p[1] + 30]!r}"
                )
        kind = by_kind.setdefault(row["kind"], [0, 0])
        for g in gold:
            hit = any(overlaps(p, g) for p in pred)
            ov_tp_g += hit
            kind[0] += hit
            kind[1] += 1
            if g in keep:
                keep_n += 1
                keep_found += hit
            if not hit:
                misses.append(
                    f"{row['id']} [{row['kind']}] {text[g[0] : g[1]]!r}  "
                    f"…{text[max(0, g[0] - 30) : g[1] + 30]!r}"
                )
            elif g not in set(pred):
                near = [text[p[0] : p[1]] for p in pred if overlaps(p, g)]
                misses.append(
                    f"{row['id']} [{row['kind']}] PARTIAL gold={text[g[0] : g[1]]!r} pred={near!r}"
                )
        for tok in doc:
            if tok.is_space:
                continue
            span = (tok.idx, tok.idx + len(tok.text))
            in_g = any(overlaps(span, g) for g in gold)
            in_p = tok.ent_type_ == "PERSON"
            tok_gold += in_g
            tok_pred += in_p
            tok_tp += in_g and in_p
    run_s = time.time() - t1
    ex = prf(ex_tp, n_pred, ex_tp, n_gold)
    ov = prf(ov_tp_p, n_pred, ov_tp_g, n_gold)
    tk = prf(tok_tp, tok_pred, tok_tp, tok_gold)
    scores = {
        "exact_p": ex[0],
        "exact_r": ex[1],
        "exact_f": ex[2],
        "overlap_p": ov[0],
        "overlap_r": ov[1],
        "overlap_f": ov[2],
        "token_p": tk[0],
        "token_r": tk[1],
        "token_f": tk[2],
        "keep_recall": keep_found / keep_n if keep_n else 1.0,
        "load_seconds": load_s,
    }
    if not quiet:
        print(f"model {model}  (load {load_s:.2f}s, {len(rows)} docs in {run_s:.1f}s)")
        print(f"gold PERSON spans {n_gold} (keep {keep_n}), predicted {n_pred}")
        print(f"exact    P={ex[0]:.3f} R={ex[1]:.3f} F1={ex[2]:.3f}")
        print(f"overlap  P={ov[0]:.3f} R={ov[1]:.3f} F1={ov[2]:.3f}")
        print(f"token    P={tk[0]:.3f} R={tk[1]:.3f} F1={tk[2]:.3f}")
        print(f"keep-span recall (office holders found as PERSON) {scores['keep_recall']:.3f}")
        print(
            "recall by kind: "
            + ", ".join(
                f"{k}={v[0] / v[1]:.2f} ({v[1]})" for k, v in sorted(by_kind.items()) if v[1]
            )
        )
        print(f"\n--- misses / partial ({len(misses)}) ---")
        print("\n".join(misses[:show]))
        print(f"\n--- false alarms ({len(false_alarms)}) ---")
        print("\n".join(false_alarms[:show]))
    return scores


def main() -> None:
    """CLI entry point."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model", default=str(ROOT / "models" / "nl_woo"))
    ap.add_argument("--data", default=str(ROOT / "bench" / "data" / "names_eval.jsonl"))
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument(
        "--write-meta", action="store_true", help="store the scores in <model>/meta.json"
    )
    args = ap.parse_args()
    scores = evaluate(args.model, args.data, args.show)
    if args.write_meta:
        meta_path = Path(args.model) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["woo_names_eval"] = {
            "data": "bench/data/names_eval.jsonl (held-out names, separate templates)",
            **{k: round(v, 4) for k, v in scores.items() if k != "load_seconds"},
        }
        meta_path.write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
