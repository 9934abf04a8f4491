"""Throughput of `woo-redact run` on a generated document set.

    python bench/speed.py [--docs 60] [--pages 5] [--workers 2] [--repeat-samples]

Generates ``docs`` text PDFs of ``pages`` pages each (memo-like Dutch text with names, e-mail
addresses, phone numbers and BSNs on every page) in a temporary folder, runs the whole pipeline
(extract → detect → decide → redact → verify → record) and prints pages per second. With
``--repeat-samples`` the bundled samples/ are copied instead. Wall-clock figures depend on the
machine; the numbers in the README were measured on 2 cores. ``--scanned`` turns the set
into image-only pages at 200 dpi, so the OCR path is measured.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from woo_redact.pipeline import Options, run  # noqa: E402

FIRST = ["Sanne", "Mark", "Femke", "Emre", "Lotte", "Thomas", "Ayşe", "Jeroen", "Noor", "Bram"]
LAST = ["de Vries", "Jansen", "Bakker", "Yilmaz", "van der Linden", "Hoekstra", "El Amrani"]
BODY = [
    "Het ministerie heeft de aanvraag van de gemeente Utrecht ontvangen en beoordeeld.",
    "De regeling loopt tot en met 2025 en het budget bedraagt EUR 12 miljoen per jaar.",
    "In het overleg met de provincie is afgesproken dat de planning wordt aangepast.",
    "De Tweede Kamer wordt voor de zomer geïnformeerd over de voortgang van het programma.",
    "Rijkswaterstaat en ProRail voeren de werkzaamheden in de regio gezamenlijk uit.",
]


def make_set(folder: Path, docs: int, pages: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    for d in range(docs):
        doc = pymupdf.open()
        for _ in range(pages):
            page = doc.new_page(width=595, height=842)
            y = 72.0
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            lines = [f"Van: {name}", f"Aan: {rng.choice(FIRST)} {rng.choice(LAST)}", ""]
            for i in range(34):
                line = rng.choice(BODY)
                if i % 9 == 4:
                    line = (
                        f"Volgens dhr. {rng.choice(LAST).split()[-1]} is contact mogelijk via "
                        f"{name.split()[0].lower()}@minezk.nl of 06-{rng.randint(10, 99)}345678."
                    )
                if i % 13 == 6:
                    line = (
                        "Het BSN van de aanvrager is 111222333, zijn IBAN NL91 ABNA 0417 1643 00."
                    )
                lines.append(line)
            lines += ["Met vriendelijke groet,", "", name]
            for line in lines:
                page.insert_text((60, y), line, fontsize=10)
                y += 13
        doc.save(folder / f"doc{d:04d}.pdf")
        doc.close()
    return docs * pages


def scan_set(folder: Path, dpi: int = 200) -> None:
    """Replace every PDF in ``folder`` by an image-only copy (each page rendered at ``dpi``)."""
    for path in sorted(folder.glob("*.pdf")):
        src = pymupdf.open(path)
        out = pymupdf.open()
        for page in src:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            new = out.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=pix.tobytes("png"))
        src.close()
        out.save(path)
        out.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scanned", action="store_true", help="image-only pages (needs Tesseract)")
    ap.add_argument("--repeat-samples", type=int, default=0, metavar="N",
                    help="copy the bundled samples N times instead of generating")  # fmt: skip
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        if args.repeat_samples:
            for n in range(args.repeat_samples):
                for pdf in sorted((ROOT / "samples").glob("*.pdf")):
                    shutil.copy(pdf, src / f"{n:03d}_{pdf.name}")
        else:
            make_set(src, args.docs, args.pages)
        if args.scanned:
            scan_set(src)
        t0 = time.perf_counter()
        summary = run([src], Options(out=Path(tmp) / "out", workers=args.workers))
        elapsed = time.perf_counter() - t0
    n_docs, pages = len(summary.results), summary.pages
    print(f"{n_docs} documents, {pages} pages, {args.workers} workers: {elapsed:.1f} s "
          f"= {pages / elapsed:.1f} pages/s; failed: {len(summary.failed)}; "
          f"redactions: {sum(summary.redactions_by_type().values())}")  # fmt: skip
    return 0 if not summary.failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
