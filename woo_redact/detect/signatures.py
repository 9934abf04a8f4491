"""Signature regions: handwritten signatures and initials, wherever they are drawn.

A signature is not text. It is an image, an ink annotation, a cluster of drawn strokes, or ink
on a scanned page that OCR did not read as words; what makes it a signature is where it is:
below a closing ("Met vriendelijke groet,"), next to a label ("Handtekening", "Paraaf"), in a
parafenroute, or just above or below a person's name. The cues are data: the closings of
``rules/names.yml`` and the labels of ``rules/signature_cues.txt``.

What is not a signature stays: letterheads and logos (top band of the page), stamps of the
organisation (large, roughly square), charts and tables (straight lines, text inside), photos
and scans (large).

A signature finding is a region: ``start = end = -1``, empty text, type ``SIGNATURE``, the
region in ``boxes``. The decide stage gives it its ground (5.1.2e) like any other finding.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from woo_redact.layout import layout_of
from woo_redact.rules import RuleSet, alternation, bundled_dir, load_rules, read_list
from woo_redact.types import DocumentText, Finding, Graphic, PageText, Rect

ENTITY = "SIGNATURE"
CUES_FILE = "signature_cues.txt"
MARGIN = 2.0  # points around the graphic: anti-aliased edges and stroke caps
TOP_BAND = 0.12  # share of the page height that is letterhead
MAX_WIDTH, MAX_HEIGHT = 0.6, 0.25  # shares of the page: larger is a photo, chart or scan
MIN_SIDE = 8.0  # points: the longer side of anything that can be initials
STAMP_SIDE = 56.0  # points (2 cm): a roughly square mark this large is a stamp
MAX_WORDS_INSIDE = 3  # more printed words inside: a chart, form or stamp
SCORE_CUE, SCORE_NAME = 0.9, 0.7
COLUMN_SLACK = 12.0  # points left of a signature column's header a signature's middle may be
COLUMN_DEPTH = 0.6  # share of the page height below a column header that its column may fill


@dataclass(frozen=True)
class Cue:
    kind: str  # "closing" | "label" | "route" | "name"
    text: str
    rect: Rect


@dataclass(frozen=True)
class SignatureCues:
    closing_re: re.Pattern[str]
    label_re: re.Pattern[str] | None
    routes: frozenset[str]


def _alternation(items: list[str]) -> str:
    return alternation(i.strip() for i in items)


@functools.lru_cache(maxsize=8)
def load_cues(root: Path | None = None) -> SignatureCues:
    """Closings from the rule set, signature labels from ``signature_cues.txt``."""
    rules = load_rules(root)
    path = rules.root / CUES_FILE
    if not path.exists():
        path = bundled_dir("rules") / CUES_FILE
    labels: list[str] = []
    routes: set[str] = set()
    for line in read_list(path):
        text, _, zone = line.partition("\t")
        labels.append(text.strip())
        if zone.strip() == "route":
            routes.add(text.strip().lower())
    closings = _alternation([c.rstrip(",") for c in rules.closings])
    label_alt = _alternation(labels)
    return SignatureCues(
        closing_re=re.compile(rf"^[ \t]*(?:{closings})(?!\w)", re.IGNORECASE | re.MULTILINE),
        label_re=re.compile(rf"(?<!\w)(?:{label_alt})(?!\w)", re.IGNORECASE) if labels else None,
        routes=frozenset(routes),
    )


def cues_for(rules: RuleSet | None) -> SignatureCues:
    return load_cues(rules.root if rules else None)


def _span_rect(page: PageText, start: int, end: int) -> Rect | None:
    idx = page.words_for_span(start, end)
    if not idx:
        return None
    rects = [page.words[i].rect for i in idx]
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def find_cues(page: PageText, cues: SignatureCues, findings: list[Finding]) -> list[Cue]:
    """Closings, signature labels and person names on the page, with their boxes."""
    out: list[Cue] = []
    for m in cues.closing_re.finditer(page.text):
        rect = _span_rect(page, m.start(), m.end())
        if rect:
            out.append(Cue("closing", " ".join(m.group(0).split()), rect))
    if cues.label_re is not None:
        for m in cues.label_re.finditer(page.text):
            rect = _span_rect(page, m.start(), m.end())
            text = " ".join(m.group(0).split())
            if rect:
                out.append(Cue("route" if text.lower() in cues.routes else "label", text, rect))
    for f in findings:
        if f.type == "PERSON" and f.start >= 0:
            out.extend(Cue("name", f.text, box) for box in f.boxes)
    return out


def _zones(cue: Cue, page: PageText) -> list[tuple[Rect, str]]:
    """Where a signature belonging to ``cue`` may be, with a word for the reviewer."""
    x0, y0, x1, y1 = cue.rect
    if cue.kind == "closing":
        return [((x0 - 40, y0, max(x1, x0 + 300), y1 + 110), "below")]
    if cue.kind == "label":
        zones = [
            ((x1 - 5, y0 - 30, x1 + 320, y1 + 30), "next to"),
            ((x0 - 40, y1 - 5, x0 + 300, y1 + 70), "below"),
        ]
        if _heads_a_column(page, cue):
            # an attendance list: every row's signature stands in the label's column, and
            # only there (the printed cells beside it are the rows' names and organisations)
            return [((x0 - COLUMN_SLACK, y1 - 2, x1 + 120, y1 + COLUMN_DEPTH * page.height),
                     "in the column of")]  # fmt: skip
        return zones
    if cue.kind == "route":
        return [((0.0, y0 - 10, page.width, y1 + 120), "in the route of")]
    return [  # a person's name: the signature is just above it, or just below it
        ((x0 - 60, y0 - 70, x1 + 60, (y0 + y1) / 2), "above"),
        ((x0 - 60, (y0 + y1) / 2, x1 + 60, y1 + 45), "below"),
    ]


def _heads_a_column(page: PageText, cue: Cue) -> bool:
    """The label is a table's column header: alone in its cell, with other cells in its row."""
    layout = layout_of(page)
    cells = [
        seg
        for seg in layout.segments
        if seg.rect[1] <= (cue.rect[1] + cue.rect[3]) / 2 <= seg.rect[3]
    ]
    own = [
        seg for seg in cells if seg.rect[0] <= cue.rect[0] + 1 and seg.rect[2] >= cue.rect[2] - 1
    ]
    return len(cells) >= 2 and bool(own) and len(own[0].text.split()) <= 2


def _inside(point: tuple[float, float], rect: Rect) -> bool:
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def not_a_signature(g: Graphic, page: PageText) -> str | None:
    """Why a graphic is not a signature whatever its position (logo, stamp, chart …), or None."""
    x0, y0, x1, y1 = g.rect
    w, h = x1 - x0, y1 - y0
    if max(w, h) < MIN_SIDE:
        return "too small"
    if y1 <= TOP_BAND * page.height:
        return "letterhead"
    if w > MAX_WIDTH * page.width or h > MAX_HEIGHT * page.height:
        return "too large (photo, chart or scan)"
    if min(w, h) >= STAMP_SIDE and 0.7 <= w / max(h, 0.1) <= 1.4:
        return "stamp"
    inside = sum(
        1
        for word in page.words
        if word.source == "text"
        and _inside(((word.rect[0] + word.rect[2]) / 2, (word.rect[1] + word.rect[3]) / 2), g.rect)
    )
    if inside > MAX_WORDS_INSIDE:
        return "has printed text inside (chart, form or stamp)"
    if g.kind == "drawing":
        if g.lines > g.curves:
            return "mostly straight lines (table, chart or frame)"
        if g.crossings >= 2:
            return "drawn on a grid (chart)"
        if g.filled and g.curves < 8:
            return "filled shape (logo or icon)"
    return None


def _finding_id(doc: DocumentText, page: int, g: Graphic) -> str:
    rect = ",".join(f"{v:.1f}" for v in g.rect)
    key = f"{doc.rel}\0{doc.sha256}:{page}:{ENTITY}:{g.kind}:{rect}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def table_rows(page: PageText, cues: list[Cue]) -> list[tuple[float, float]]:
    """The vertical band of each table headed by a signature column: its header row down to
    the column's depth."""
    return [
        (c.rect[1], c.rect[3] + COLUMN_DEPTH * page.height)
        for c in cues
        if c.kind == "label" and _heads_a_column(page, c)
    ]


def classify(g: Graphic, page: PageText, cues: list[Cue]) -> tuple[float, str] | None:
    """(score, why) when ``g`` is a signature, else None.

    In a signature column a large, squarish blob of scan ink is signatures of adjacent rows
    that touch, not a stamp: there only the other vetoes apply.
    """
    veto = not_a_signature(g, page)
    if veto and not (veto == "stamp" and g.kind == "scan-ink"):
        return None
    centre = ((g.rect[0] + g.rect[2]) / 2, (g.rect[1] + g.rect[3]) / 2)
    best: tuple[float, str] | None = None
    # in the rows of a table with a signature column the names' own zones would take the
    # cells around them (table rules, a header word) for signatures; a name outside those
    # rows (a signed letter on the same page) keeps its zones
    rows = table_rows(page, cues)
    for cue in cues:
        if cue.kind == "name" and any(y0 <= (cue.rect[1] + cue.rect[3]) / 2 <= y1
                                      for y0, y1 in rows):  # fmt: skip
            continue
        for zone, where in _zones(cue, page):
            if not _inside(centre, zone) or (veto and where != "in the column of"):
                continue
            score = SCORE_NAME if cue.kind == "name" else SCORE_CUE
            if g.kind == "ink":
                score = max(score, 0.95)
            if best is None or score > best[0]:
                what = "a name" if cue.kind == "name" else f"'{cue.text}'"
                best = (score, f"{g.kind} {where} {what}")
    return best


def detect_signatures(
    doc: DocumentText, page: PageText, findings: list[Finding], cues: SignatureCues
) -> list[Finding]:
    """Region findings for the signatures and initials on one page."""
    if not page.graphics:
        return []
    page_cues = find_cues(page, cues, findings)
    if not page_cues:
        return []
    out = []
    for g in page.graphics:
        verdict = classify(g, page, page_cues)
        if verdict is None:
            continue
        score, why = verdict
        box = (g.rect[0] - MARGIN, g.rect[1] - MARGIN, g.rect[2] + MARGIN, g.rect[3] + MARGIN)
        out.append(
            Finding(
                id=_finding_id(doc, page.page, g),
                doc=doc.rel,
                page=page.page,
                start=-1,
                end=-1,
                text="",
                type=ENTITY,
                score=score,
                recognizer=f"signature:{g.kind}",
                context=why,
                boxes=(box,),
            )
        )
    return out
