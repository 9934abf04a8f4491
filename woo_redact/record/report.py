"""review/report.html: a self-contained page in which a reviewer works through a scan.

It opens from disk (no server, no network): the data is embedded as JSON in a
``<script type="application/json">`` tag and read by plain JavaScript inlined from
``templates/report.js``. The reviewer's decisions stay in the browser (``localStorage``, per
scan id) and are exported as ``decisions.json`` for ``apply``. Text from the PDFs is only ever
put on the page as text (never as HTML), so a hostile document cannot script the page.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from woo_redact import __version__
from woo_redact.atomic import write_with
from woo_redact.decide import SetDecisions
from woo_redact.record.findings import PROPOSED, findings_payload
from woo_redact.record.inventory import assessment
from woo_redact.record.messages import DEFAULT_LANG, SHORTCUTS, messages
from woo_redact.rules import RuleSet
from woo_redact.types import DocumentResult, PagePicture

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _asset(name: str) -> str:
    return (resources.files("woo_redact.record") / "templates" / name).read_text(encoding="utf-8")


def picture_payload(pic: PagePicture) -> dict:
    """What the page needs to show a picture and place boxes on it (see ``PagePicture``)."""
    out: dict = {
        "n": pic.page + 1,
        "img": pic.path,
        "w": pic.width,
        "h": pic.height,
        "vw": pic.view_width,
        "vh": pic.view_height,
        "sharp": pic.sharp,
    }
    if pic.matrix != IDENTITY:
        out["m"] = [round(v, 4) for v in pic.matrix]
    return out


def document_counts(rows: list[dict]) -> dict[str, dict]:
    """Per document: proposed redactions by ground, findings by type (proposed, kept), and
    which rules and recognizers found something (with how often)."""
    grounds: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, dict[str, list[int]]] = defaultdict(dict)
    rules: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        doc = row["file"]
        proposed = row["status"] == PROPOSED
        if proposed:
            grounds[doc][row["ground"]] += 1
        counts = types[doc].setdefault(row["type"], [0, 0])
        counts[0 if proposed else 1] += 1
        for rec in row["recognizers"]:
            rules[doc][rec] += 1
    return {
        doc: {
            "by_ground": dict(sorted(grounds[doc].items())),
            "by_type": dict(sorted(types[doc].items(), key=lambda kv: (-sum(kv[1]), kv[0]))),
            "rules": dict(rules[doc].most_common()),
        }
        for doc in types
    }


def type_labels(rows: list[dict], rules: RuleSet | None, lang: str) -> dict[str, str]:
    msg = messages(lang)
    out = {}
    for t in sorted({row["type"] for row in rows}):
        rule_label = rules.entities[t].label_nl if rules and t in rules.entities else ""
        out[t] = msg.get(f"type.{t}") or (rule_label if lang == "nl" else "") or t
    return out


def review_payload(
    results: list[DocumentResult],
    decided: SetDecisions,
    scan_id: str,
    rules: RuleSet | None = None,
    lang: str = DEFAULT_LANG,
) -> dict:
    """Everything the page shows, as one JSON-able dict."""
    found = findings_payload(scan_id, decided, results)
    rows = found["findings"]
    for row in rows:
        del row["detections"]  # for apply (findings.json); the page does not need them
    counts = document_counts(rows)
    docs = [
        {
            "file": res.rel,
            "status": res.status.value,
            "pages": res.pages,
            "assessment": assessment(res, lang),
            "redactions": len(res.redactions),
            "error": res.error,
            "remarks": res.remarks,
            "pictures": [picture_payload(p) for _, p in sorted(res.page_images.items())],
            **counts.get(res.rel, {"by_ground": {}, "by_type": {}, "rules": {}}),
        }
        for res in sorted(results, key=lambda r: r.rel)
    ]
    grounds = [
        {"code": code, "title": str(g.get("title", ""))}
        for code, g in (rules.grounds.items() if rules else [])
    ]
    if not grounds:  # without rules: at least the grounds in use
        grounds = [{"code": g, "title": ""} for g in sorted({r["ground"] for r in rows})]
    return {
        "scan": scan_id,
        "version": __version__,
        "lang": lang,
        "msg": messages(lang),
        "grounds": grounds,
        "types": type_labels(rows, rules, lang),
        "docs": docs,
        "findings": rows,
        "persons": found["persons"],
    }


def embed_json(payload: dict) -> Markup:
    """JSON safe inside a <script> element: no "<" can close it or open a comment."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def render_report(
    results: list[DocumentResult],
    decided: SetDecisions,
    scan_id: str,
    rules: RuleSet | None = None,
    lang: str = DEFAULT_LANG,
) -> str:
    """The review page as one HTML string (data, script and style inlined)."""
    payload = review_payload(results, decided, scan_id, rules, lang)
    return render_payload(payload)


def render_payload(payload: dict) -> str:
    """The page for a ready payload (also used by the benchmark's synthetic payloads)."""
    return "".join(_page_parts(payload, embed_json(payload)))


# stands in the page for the data while it is rendered; the data is then written in its place
_DATA = "\x00woo-redact-data\x00"


def _page_parts(payload: dict, data: Markup) -> Iterator[str]:
    """The page in parts, as the template renders it, with ``data`` where the data goes."""
    env = Environment(
        loader=PackageLoader("woo_redact.record", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    msg = payload["msg"]
    failures = [d for d in payload["docs"] if d["error"]]
    return env.get_template("report.html").generate(
        m=msg,
        lang=payload["lang"],
        scan_id=payload["scan"],
        version=payload["version"],
        n_docs=len(payload["docs"]),
        failures=failures,
        shortcuts=[(keys, msg[key]) for keys, key in SHORTCUTS],
        data=data,
        style=Markup(_asset("report.css")),
        script=Markup(_asset("report.js")),
    )


class _ScriptSafe:
    """A writer that makes JSON safe inside <script> as it passes (``embed_json``)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, text: str) -> None:
        self.fh.write(text.replace("<", "\\u003c"))


def write_payload(path: Path, payload: dict) -> None:
    """The page for ``payload``, written as it is rendered: a large set's data is never one
    string in memory (byte for byte what ``render_payload`` returns)."""

    def write(fh: IO[str]) -> None:
        for part in _page_parts(payload, Markup(_DATA)):
            if _DATA not in part:
                fh.write(part)
                continue
            before, after = part.split(_DATA, 1)
            fh.write(before)
            json.dump(payload, _ScriptSafe(fh), ensure_ascii=False, separators=(",", ":"))
            fh.write(after)

    write_with(path, write)


def write_report(
    path: Path,
    results: list[DocumentResult],
    decided: SetDecisions,
    scan_id: str,
    rules: RuleSet | None = None,
    lang: str = DEFAULT_LANG,
) -> None:
    write_payload(path, review_payload(results, decided, scan_id, rules, lang))
