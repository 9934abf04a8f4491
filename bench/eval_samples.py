"""Run the whole pipeline on samples/ and check samples/expected.json, per entity type.

    python bench/eval_samples.py [--out DIR]

For every expected redaction: is the string gone from the output (page text, metadata,
annotations)? For every string that must stay: is it still in the page text? Prints recall per
type and the kept-text score, and lists every leak and every lost string.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from woo_redact.pipeline import Options, run  # noqa: E402


def fold(text: str) -> str:
    return " ".join(text.split()).lower()


def channels(path: Path) -> tuple[str, str]:
    """(page text, everything else that can be read) of a PDF, whitespace folded."""
    with pymupdf.open(path) as doc:
        text = fold(" ".join(page.get_text() for page in doc))
        other = [str(v) for v in doc.metadata.values()]
        other += [" ".join(a.info.values()) for page in doc for a in page.annots()]
        other += [t[1] for t in doc.get_toc()]
    return text, fold(" ".join(other))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    expected = json.loads((ROOT / "samples" / "expected.json").read_text(encoding="utf-8"))
    out = args.out or Path(tempfile.mkdtemp()) / "out"
    summary = run(sorted((ROOT / "samples").glob("*.pdf")), Options(out=out))
    found, total = Counter(), Counter()
    leaks, lost = [], []
    kept = kept_total = 0
    for name, exp in expected.items():
        text, other = channels(out / name)
        everything = text + " " + other
        for item in exp["redact"]:
            total[item["type"]] += 1
            pattern = re.compile(rf"(?<!\w){re.escape(fold(item['text']))}(?!\w)")
            if pattern.search(everything):
                leaks.append((name, item["type"], item["text"]))
            else:
                found[item["type"]] += 1
        for item in exp["keep"]:
            kept_total += 1
            if fold(item if isinstance(item, str) else item["text"]) in text:
                kept += 1
            else:
                lost.append((name, item))
    print(f"samples: {len(summary.results)} documents, {summary.pages} pages, "
          f"{len(summary.failed)} failed")  # fmt: skip
    print(f"{'type':<14}{'redacted':>9}{'of':>5}{'recall':>8}")
    for t in sorted(total):
        print(f"{t:<14}{found[t]:>9}{total[t]:>5}{found[t] / total[t]:>8.3f}")
    all_found, all_total = sum(found.values()), sum(total.values())
    print(f"{'all':<14}{all_found:>9}{all_total:>5}{all_found / all_total:>8.3f}")
    print(f"strings that must stay, still there: {kept} of {kept_total}")
    for item in leaks:
        print("LEAK", *item)
    for item in lost:
        print("LOST", *item)
    return 0 if not leaks and not summary.failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
