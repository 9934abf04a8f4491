"""review/report.html: per document and page, every flagged span for a reviewer to judge."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from woo_redact import __version__
from woo_redact.atomic import write_text
from woo_redact.decide import SetDecisions
from woo_redact.record.inventory import assessment
from woo_redact.types import DocumentResult


def render_report(
    results: list[DocumentResult],
    decided: SetDecisions,
    scan_id: str,
    images: dict[tuple[str, int], str] | None = None,
) -> str:
    """The HTML report; ``images`` maps (file, 0-based page) to a picture under review/."""
    env = Environment(
        loader=PackageLoader("woo_redact.record", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    pages: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for f in sorted(decided.findings, key=lambda f: (f.doc, f.page, f.start)):
        pages[f.doc][f.page + 1].append((f, decided.decisions[f.id]))
    docs = [
        {
            "result": res,
            "assessment": assessment(res),
            "pages": [
                (n, rows, (images or {}).get((res.rel, n - 1)))
                for n, rows in sorted(pages.get(res.rel, {}).items())
            ],
            "n_findings": sum(len(v) for v in pages.get(res.rel, {}).values()),
        }
        for res in sorted(results, key=lambda r: r.rel)
    ]
    template = env.get_template("report.html")
    return template.render(
        docs=docs,
        scan_id=scan_id,
        version=__version__,
        failures=[r for r in results if r.error],
        persons=decided.registry.persons,
    )


def write_report(
    path: Path,
    results: list[DocumentResult],
    decided: SetDecisions,
    scan_id: str,
    images: dict[tuple[str, int], str] | None = None,
) -> None:
    write_text(path, render_report(results, decided, scan_id, images))
