"""Evaluate person-name redaction of the whole detect + decide chain on the held-out set.

    python bench/eval_names.py [--data bench/data/names_eval.jsonl] [--model DIR] [--show N]

The evaluation set (bench/make_eval_names.py) uses other templates and other names than the
training data of models/nl_woo. Each snippet is decided as its own document set, so no name
is found by propagation from another snippet. Prints precision, recall and F1 for PERSON
(span level: a gold name counts as caught only when every character of it is redacted) and
lists every miss, false alarm and redacted office holder.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from woo_redact.decide import decide_set  # noqa: E402
from woo_redact.detect import detect_document  # noqa: E402
from woo_redact.detect.engine import get_analyzer  # noqa: E402
from woo_redact.extract import text_page  # noqa: E402
from woo_redact.rules import load_rules  # noqa: E402
from woo_redact.types import Action, DocumentText  # noqa: E402


def text_document(doc_id: str, text: str) -> DocumentText:
    """A one-page document made from plain text (nominal boxes, one row per line)."""
    return DocumentText(path=Path(doc_id), rel=doc_id, sha256=doc_id, pages=(text_page(0, text),))


def covered_chars(doc: DocumentText, decided) -> set[int]:  # noqa: ANN001
    """Character offsets of the page text that are redacted."""
    chars: set[int] = set()
    for f in decided.findings:
        if f.doc == doc.rel and f.start >= 0 and decided.decisions[f.id].action is Action.REDACT:
            chars.update(range(f.start, f.end))
    return chars


def source_offsets(text: str, page_text: str) -> list[int]:
    """Map each page-text offset to the source offset.

    The page text joins words with one space or newline where the source may have tabs or
    several blank lines; a separator matches any whitespace, extra source whitespace is skipped.
    """
    mapping = []
    i = 0
    for ch in page_text:
        if ch.isspace():
            mapping.append(i)
            if i < len(text) and text[i].isspace():
                i += 1
            continue
        while i < len(text) and text[i] != ch:
            i += 1
        mapping.append(i)
        i += 1
    return mapping


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "names_eval.jsonl")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--show", type=int, default=1000, help="how many misses/false alarms to list")
    ap.add_argument(
        "--split",
        choices=["all", "dev", "test"],
        default="all",
        help="dev: even rows (for error analysis), test: odd rows (kept untouched)",
    )
    args = ap.parse_args()

    rules = load_rules()
    analyzer = get_analyzer(None, str(args.model) if args.model else None)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    if args.split != "all":
        rows = rows[0 if args.split == "dev" else 1 :: 2]

    tp = fn = fp = 0
    partial = 0
    office_redacted = 0
    office_total = 0
    misses, false_alarms, office = [], [], []
    t0 = time.perf_counter()
    for row in rows:
        text = row["text"]
        doc = text_document(row["id"], text)
        page_text = doc.pages[0].text
        decided = decide_set([doc], detect_document(doc, analyzer), rules)
        offsets = source_offsets(text, page_text)
        red = {offsets[i] for i in covered_chars(doc, decided)}
        gold = [tuple(span) for span in row["persons"]]
        for s, e in gold:
            chars = {i for i in range(s, e) if not text[i].isspace()}
            if chars <= red:
                tp += 1
            else:
                fn += 1
                if chars & red:
                    partial += 1
                misses.append((row["id"], text[s:e], text[max(0, s - 40) : e + 40]))
        for s, e in row["keep"]:
            office_total += 1
            if any(i in red for i in range(s, e)):
                office_redacted += 1
                office.append((row["id"], text[s:e], text[max(0, s - 40) : e + 40]))
        # false alarms: redacted PERSON findings that overlap no gold name
        gold_chars = {i for s, e in gold for i in range(s, e)}
        for f in decided.findings:
            if f.type != "PERSON" or decided.decisions[f.id].action is not Action.REDACT:
                continue
            span = {offsets[i] for i in range(f.start, f.end) if i < len(offsets)}
            if span & gold_chars:
                continue
            fp += 1
            false_alarms.append((row["id"], f.text, f.recognizer, f.context))
    elapsed = time.perf_counter() - t0

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"evaluation set: {args.data} [{args.split}] ({len(rows)} snippets, {tp + fn} names, "
          f"{office_total} office holders in role)")  # fmt: skip
    print(f"{'type':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    print(f"{'PERSON':<10}{precision:>10.3f}{recall:>8.3f}{f1:>8.3f}{tp:>6}{fp:>6}{fn:>6}")
    print(f"partially redacted names (counted as misses): {partial}")
    print(f"office holders redacted: {office_redacted} of {office_total}")
    print(f"time: {elapsed:.1f} s ({len(rows) / elapsed:.1f} snippets/s)")
    for title, items in (("MISSES", misses), ("FALSE ALARMS", false_alarms),
                         ("OFFICE HOLDERS REDACTED", office)):  # fmt: skip
        print(f"\n== {title} ({len(items)})")
        for item in items[: args.show]:
            print(" | ".join(" ".join(str(x).split()) for x in item))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
