"""Our OCR beside OCRmyPDF on the same scanned pages, timed in one run, A/B alternating.

    python bench/ocr_vs_ocrmypdf.py GOLD_DIR [--ocrmypdf /work/venv-ocrmypdf/bin/ocrmypdf]
                                    [--rounds 1] [--out /tmp/ocr_vs_ocrmypdf]

GOLD_DIR holds ``in/`` and ``gold.json`` of ``bench/make_scans.py``. For every file, in turn:
(A) ``woo_redact.extract.extract_document(…, ocr="auto")``: the pages read by our OCR (quick
look, deskew, resolution from the line height, cleaning, Tesseract, ink blobs); (B)
``ocrmypdf -l nld IN OUT`` as a subprocess (its defaults: PDF/A output through Ghostscript).
The order flips from file to file, so a load change on this shared machine hits both alike.
Both read with the same Tesseract (one thread per process: OMP_THREAD_LIMIT=1 for both).

Accuracy: the share of the gold items' words (every redact and keep item of gold.json,
split on spaces, punctuation stripped at the ends, at least 2 characters) found as a word in
what each engine read: our page text, and OCRmyPDF's output text layer (PyMuPDF). Seconds
per page are wall-clock; the ratio is ours / OCRmyPDF's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from woo_redact.extract import extract_document  # noqa: E402

WORD = re.compile(r"^\W+|\W+$")


def gold_words(items: list[dict]) -> list[str]:
    out = []
    for it in items:
        for token in it.get("text", "").split():
            token = WORD.sub("", token)
            if len(token) >= 2:
                out.append(token)
    return out


def found(words: list[str], text: str) -> int:
    have = {WORD.sub("", t) for t in text.split()}
    return sum(1 for w in words if w in have)


def ours(path: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    doc = extract_document(path, path.name, ocr="auto")
    took = time.perf_counter() - t0
    return took, "\n".join(p.text for p in doc.pages)


def theirs(exe: str, path: Path, out: Path) -> tuple[float, str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t0 = time.perf_counter()
    proc = subprocess.run([exe, "-l", "nld", str(path), str(out)], capture_output=True, env=env)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"ocrmypdf failed on {path}: {proc.stderr.decode()[-500:]}")
    with pymupdf.open(out) as doc:
        text = "\n".join(page.get_text() for page in doc)
    return took, text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--ocrmypdf", default="/work/venv-ocrmypdf/bin/ocrmypdf")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the whole set")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ocr_vs_ocrmypdf"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    gold = json.loads((args.gold_dir / "gold.json").read_text(encoding="utf-8"))
    totals = {"ours": [0.0, 0, 0], "ocrmypdf": [0.0, 0, 0]}  # seconds, words found, words
    pages = 0
    print(
        f"{'document':30} {'ours s':>7} {'ocrmypdf s':>10} {'ours found':>11} {'theirs found':>12}"
    )
    flip = False
    for _ in range(args.rounds):
        for entry in gold:
            path = args.gold_dir / "in" / entry["file"]
            words = gold_words(entry["items"])
            with pymupdf.open(path) as doc:
                pages += doc.page_count
            target = args.out / path.name
            runs = [("ours", lambda p=path: ours(p)),
                    ("ocrmypdf", lambda p=path, t=target: theirs(args.ocrmypdf, p, t))]  # fmt: skip
            result = {}
            for name, fn in reversed(runs) if flip else runs:
                took, text = fn()
                result[name] = (took, found(words, text))
                totals[name][0] += took
                totals[name][1] += result[name][1]
                totals[name][2] += len(words)
            flip = not flip
            (a, hit_a), (b, hit_b) = result["ours"], result["ocrmypdf"]
            n = len(words)
            print(f"{entry['file']:30} {a:>7.2f} {b:>10.2f} {hit_a:>5}/{n:<5} {hit_b:>6}/{n:<5}")
    print()
    for name, (secs, hit, total) in totals.items():
        print(
            f"{name:9} {secs / pages:6.2f} s/page   gold words found {hit}/{total} "
            f"({hit / max(total, 1):.3f})"
        )
    ratio = totals["ours"][0] / max(totals["ocrmypdf"][0], 1e-9)
    print(f"ratio ours/ocrmypdf: {ratio:.2f} ({pages} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
