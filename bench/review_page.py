"""Speed of the review page (review/report.html) on a large synthetic scan, in Chromium.

    python bench/review_page.py [--findings 5000] [--pages 1000] [--docs 100] [--persons 600]
                                [--out DIR] [--repeat 3]

Builds a synthetic scan (findings, decisions, persons and page pictures of ``docs`` documents
with ``pages`` pages in all) with the real record code (``review_payload`` and the real
template), writes report.html and one picture per page (hard links to one rendered page), opens
it from disk in Debian's chromium (Playwright, no browser download) at 1280 x 800 and measures
in the page:

- first render: navigation start until the page is ready (data parsed, list, detail and page
  picture placed) and the first contentful paint;
- a filter (type), a search (one word) and clearing them;
- "do not redact" for every mention of the person with the most mentions (Shift+R).

Each action is timed twice: the handler's own work with the forced layout after it (sync), and
until the next frame is painted (paint). Medians over ``--repeat`` page loads are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from woo_redact.decide import SetDecisions  # noqa: E402
from woo_redact.decide.registry import Person, Registry  # noqa: E402
from woo_redact.record.pages import SHARP_DPI, picture_name, render_page  # noqa: E402
from woo_redact.record.report import render_payload, review_payload  # noqa: E402
from woo_redact.rules import load_rules  # noqa: E402
from woo_redact.types import (  # noqa: E402
    Action,
    Decision,
    DocumentResult,
    Finding,
    PagePicture,
    Status,
)
from woo_redact.variants import PersonName  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

GIVEN = ["Sanne", "Mark", "Femke", "Emre", "Lotte", "Thomas", "Ayse", "Jeroen", "Noor", "Bram"]
FAMILY = ["de Vries", "Jansen", "Bakker", "Yilmaz", "van der Linden", "Hoekstra", "El Amrani",
          "Visser", "Smit", "Mulder", "Bos", "Peters"]  # fmt: skip
TYPES = [("PERSON", "ModelNameRecognizer", 0.55), ("EMAIL_ADDRESS", "EmailRecognizer", 0.12),
         ("PHONE_NUMBER", "PhoneRecognizer", 0.12), ("NL_POSTCODE", "PostcodeRecognizer", 0.08),
         ("NL_ADDRESS", "AddressRecognizer", 0.06), ("NL_BSN", "BsnRecognizer", 0.04),
         ("SIGNATURE", "signature:image", 0.03)]  # fmt: skip
SENTENCE = "In het overleg van dinsdag is met {} afgesproken dat de planning wordt aangepast en"


def synthetic_scan(
    n_findings: int, n_pages: int, n_docs: int, n_persons: int, seed: int = 12
) -> tuple[list[DocumentResult], SetDecisions]:
    """Findings spread over the pages, a third of the names tied to persons, 10 % kept."""
    rng = random.Random(seed)
    per_doc = [n_pages // n_docs + (1 if i < n_pages % n_docs else 0) for i in range(n_docs)]
    docs = [f"map-{i // 10:02d}/document-{i:04d}.pdf" for i in range(n_docs)]
    people = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(n_persons)]
    persons = [
        Person(
            f"P{i + 1:04d}",
            name,
            PersonName((name.split()[0].lower(),), name[0].lower(), name.split(" ", 1)[1].lower()),
        )  # fmt: skip
        for i, name in enumerate(people)
    ]
    findings, decisions = [], {}
    for k in range(n_findings):
        d = rng.randrange(n_docs)
        page = rng.randrange(per_doc[d])
        kind, recognizer, _ = rng.choices(TYPES, weights=[w for *_, w in TYPES])[0]
        who = rng.randrange(n_persons)
        text = {"PERSON": people[who], "EMAIL_ADDRESS": f"p{who}@example.nl",
                "PHONE_NUMBER": f"06-{rng.randrange(10**7, 10**8)}", "NL_POSTCODE": "1234 AB",
                "NL_ADDRESS": f"Kerkstraat {rng.randrange(1, 200)}", "NL_BSN": "111222333",
                "SIGNATURE": ""}[kind]  # fmt: skip
        y = 72 + 14 * rng.randrange(50)
        x = 72 + rng.randrange(300)
        fid = f"{k:016x}"
        findings.append(Finding(fid, docs[d], page, k, k + len(text), text, kind,
                                round(rng.uniform(0.4, 1.0), 2), recognizer,
                                SENTENCE.format(f"«{text}»"), ((x, y, x + 6.0 * max(len(text), 8),
                                                                y + 11),)))  # fmt: skip
        person = ""
        if kind == "PERSON" and rng.random() < 0.9:
            persons[who].mentions.append(fid)
            person = persons[who].id
        action = Action.KEEP if rng.random() < 0.1 else Action.REDACT
        decisions[fid] = Decision(fid, action, "5.1.1e" if kind == "NL_BSN" else "5.1.2e",
                                  f"{kind} ({recognizer})", "rule:policy", person)  # fmt: skip
    for p in persons:
        p.evidence = [f"redact: PERSON [rule:policy] ({docs[0]}, p. 1)"] * min(3, len(p.mentions))
    registry = Registry()
    for p in persons:
        registry.add(p)
    decided = SetDecisions(findings=findings, decisions=decisions, registry=registry)
    with_findings = {(f.doc, f.page) for f in findings}
    results = [
        DocumentResult(
            rel=rel,
            status=Status.OK,
            pages=per_doc[i],
            page_images={
                n: PagePicture(
                    n,
                    f"pages/{picture_name(rel, n)}",
                    595.0,
                    842.0,
                    595.0,
                    842.0,
                    dpi=SHARP_DPI,
                    sharp=(rel, n) in with_findings,
                )  # fmt: skip
                for n in range(per_doc[i])
            },
        )
        for i, rel in enumerate(docs)
    ]
    return results, decided


def write_review(folder: Path, results: list[DocumentResult], decided: SetDecisions) -> Path:
    """report.html and a picture for every page (hard links to one rendered page)."""
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(50):
        page.insert_text((72, 80 + 14 * i), SENTENCE.format("Sanne de Vries"), fontsize=10)
    one = render_page(page, "bench", pages, sharp=True)
    master = folder / one.path
    for res in results:
        for pic in res.page_images.values():
            target = folder / pic.path
            if not target.exists():
                os.link(master, target)
    payload = review_payload(results, decided, "bench0000000000", load_rules())
    report = folder / "report.html"
    report.write_text(render_payload(payload), encoding="utf-8")
    return report


MEASURE = """
async () => {
  const paint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const layout = () => document.body.offsetHeight;
  async function time(fn) {
    const t0 = performance.now();
    fn();
    layout();
    const sync = performance.now() - t0;
    await paint();
    return [sync, performance.now() - t0];
  }
  const set = (id, value) => { const el = document.getElementById(id); el.value = value;
                               el.dispatchEvent(new Event("input")); };
  const out = {};
  out.ready = performance.getEntriesByName("woo-ready")[0].startTime;
  const fcp = performance.getEntriesByType("paint")
    .find((e) => e.name === "first-contentful-paint");
  out.fcp = fcp ? fcp.startTime : null;
  out.filter_type = await time(() => set("f-type", "PHONE_NUMBER"));
  out.filter_clear = await time(() => set("f-type", ""));
  out.search = await time(() => set("f-search", "jansen"));
  set("f-search", "");
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const counts = {};
  for (const f of data.findings) if (f.person) counts[f.person] = (counts[f.person] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  set("f-search", top[0].toLowerCase());
  document.querySelector("#list .row").click();
  out.person = top;
  out.reject_person = await time(() => document.dispatchEvent(
    new KeyboardEvent("keydown", { key: "R", shiftKey: true, bubbles: true })));
  out.rejected = JSON.parse(localStorage.getItem("woo-redact:review:bench0000000000"));
  out.rejected = Object.values(out.rejected.decisions).filter((d) => d.action === "reject").length;
  localStorage.clear();
  return out;
}
"""


def measure(report: Path, repeat: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(report.as_uri())
            page.wait_for_selector("html[data-ready='1']")
            page.wait_for_timeout(300)
            runs.append(page.evaluate(MEASURE))
            page.close()
        browser.close()
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--findings", type=int, default=5000)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--persons", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, help="keep the page here (default: a temporary folder)")
    args = ap.parse_args()
    results, decided = synthetic_scan(args.findings, args.pages, args.docs, args.persons)
    with tempfile.TemporaryDirectory(prefix="woo-review-bench-") as tmp:
        folder = args.out or Path(tmp)
        report = write_review(folder, results, decided)
        size = report.stat().st_size / 1e6
        print(f"{args.findings} findings, {args.pages} pages, {args.docs} documents, "
              f"{len(decided.registry.persons)} persons: report.html {size:.1f} MB")  # fmt: skip
        runs = measure(report, args.repeat)
    med = lambda key, i=None: statistics.median(r[key] if i is None else r[key][i] for r in runs)  # noqa: E731
    print(f"first render (ready): {med('ready'):.0f} ms; first contentful paint: "
          f"{med('fcp'):.0f} ms")  # fmt: skip
    for key, what in [("filter_type", "filter by type"), ("filter_clear", "clear the filter"),
                      ("search", "search one word"),
                      ("reject_person", f"reject every mention of {runs[0]['person'][0]} "
                                        f"({runs[0]['person'][1]} mentions)")]:  # fmt: skip
        print(f"{what}: {med(key, 0):.1f} ms sync, {med(key, 1):.1f} ms to the next paint")
    assert all(r["rejected"] == runs[0]["person"][1] for r in runs), "not every mention rejected"
    print(f"medians of {len(runs)} page loads (Chromium {CHROMIUM}, 1280 x 800)")


if __name__ == "__main__":
    main()
