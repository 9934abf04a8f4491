"""Words OCR was unsure of, in the value place of a personal-data label.

A scanned "BSN: 12345b789" fails the 11-proef, a misread "Naam: Jnsen" reads as no name, and
both would stay readable. Tesseract says it was unsure (a low word confidence); where such a
word stands after a label of ``rules/ocr_cues.yml`` (or a field label of names.yml) on its
line (at most three words on), in the next cell of its row, or below the label that heads
its table column, it is taken for what the label announces: redacted (fail towards
redaction) and flagged, so a reviewer checks it (``RECOGNIZER`` in the findings, a remark in
the report). Without a label, an unsure word in a block of personal data (in the cell of a
detected name, address, phone number or e-mail address, or on the line right below it in
its column: the garbled phone number under an address) is redacted as OCR_UNSURE.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.detect.spans import span_finding
from woo_redact.layout import Layout, Segment, layout_of, same_column
from woo_redact.rules import RuleSet, bundled_dir, load_rules
from woo_redact.types import DocumentText, Finding, PageText

RECOGNIZER = "ocr:low-confidence"
CUES_FILE = "ocr_cues.yml"
UNSURE = "OCR_UNSURE"  # an unsure word in a block of personal data: what it is, is unknown
# findings whose block (their cell, and the line below them in their column) holds personal
# data: the next line of an address block is a phone number or an e-mail address, not a title
BLOCK_TYPES = {"PERSON", "NL_ADDRESS", "NL_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS"}
SCORE = 0.6
MAX_WORDS_AFTER = 3  # words between the label and the doubtful word in one cell


@dataclass(frozen=True)
class DoubtCues:
    confidence: float
    labels: dict[str, str]  # label (lower case, no colon) -> entity type
    inline: re.Pattern[str]  # a label followed by up to MAX_WORDS_AFTER words, at the end


@functools.lru_cache(maxsize=8)
def load_doubt_cues(root: Path | None = None) -> DoubtCues:
    """The labels of ``ocr_cues.yml`` (the rules folder's, else the bundled one) and the
    field labels of names.yml (persons)."""
    rules = load_rules(root)
    path = rules.root / CUES_FILE
    if not path.exists():
        path = bundled_dir("rules") / CUES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    labels: dict[str, str] = {}
    for entity, items in (data.get("labels") or {}).items():
        for item in items or []:
            labels.setdefault(str(item).lower(), str(entity))
    for label in rules.field_labels:
        labels.setdefault(label.lower(), "PERSON")
    alt = "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True))
    words = rf"(?:\S+\s+){{0,{MAX_WORDS_AFTER}}}$"
    # at the start of the line, or anywhere with a colon: "van" in "Ministerie van BZK" is
    # not the label "Van:"
    inline = re.compile(
        rf"(?:^[ \t]*({alt})[ \t]*:?|(?<![\w.-])({alt})[ \t]*:)\s+{words}", re.IGNORECASE
    )
    return DoubtCues(float(data.get("confidence", 60)), labels, inline)


def cues_of(rules: RuleSet | None) -> DoubtCues:
    return load_doubt_cues(rules.root if rules else None)


def _label(text: str, cues: DoubtCues) -> str | None:
    key = " ".join(text.lower().strip().rstrip(":").split())
    return key if key in cues.labels else None


def label_for(page: PageText, layout: Layout, seg: Segment, start: int, cues: DoubtCues) -> str:
    """The label whose value place holds the character ``start`` of ``seg``, or ""."""
    line_start = page.text.rfind("\n", 0, start) + 1
    m = cues.inline.search(page.text[line_start:start])
    if m:
        return (m.group(1) or m.group(2)).lower()
    before = layout.previous_in_row(seg)
    if before is not None and (label := _label(before.text, cues)):
        return label
    column = layout.column_above(seg)
    if (
        column
        and same_column(seg, column[-1])  # the header is over the word itself
        and len(column[-1].text.split()) <= 3
        and (label := _label(column[-1].text, cues))
    ):
        return label
    return ""


def block_of(layout: Layout, seg: Segment, found: list[Finding]) -> str:
    """The type of a personal-data finding in the word's own cell or in the cell right above
    it in its column (the line before, in an address or signature block), or ""."""
    cells = [seg]
    above = layout.above(seg)
    if above is not None:
        cells.append(above)
    for cell in cells:
        for f in found:
            if f.type in BLOCK_TYPES and f.start < cell.end and f.end > cell.start:
                return f.type
    return ""


def doubtful_findings(
    doc: DocumentText, page: PageText, found: list[Finding], cues: DoubtCues
) -> list[Finding]:
    """Findings for the unsure OCR words of one page that stand where a label says what they
    are, and that no detector found already."""
    unsure = [
        i
        for i, w in enumerate(page.words)
        if w.source == "ocr"
        and 0 <= w.conf < cues.confidence
        and len(w.text) >= 2
        and any(ch.isalnum() for ch in w.text)
    ]
    if not unsure:
        return []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for pos, wi in enumerate(page.char_word):
        if wi >= 0:
            first.setdefault(wi, pos)
            last[wi] = pos + 1
    # a word a recognizer or rule found is theirs; the name model's guess may be kept later
    # (garbage read as "an acronym, not a person"), so it does not take the word
    taken = [(f.start, f.end) for f in found if f.start >= 0 and f.recognizer != MODEL_RECOGNIZER]
    layout = layout_of(page)
    out = []
    for wi in unsure:
        if wi not in first:
            continue
        start, end = first[wi], last[wi]
        if any(s < end and start < e for s, e in taken):
            continue
        seg = layout.segment_at(start)
        label = label_for(page, layout, seg, start, cues) if seg is not None else ""
        entity = cues.labels[label] if label else ""
        if not entity and seg is not None and (kind := block_of(layout, seg, found)):
            label, entity = f"a {kind} above or beside it", UNSURE
        if not entity:
            continue
        word = page.words[wi]
        why = (
            f"OCR read this word with confidence {word.conf:.0f} as the value of "
            f"'{label}': redacted as {entity}, check it"
            if entity != UNSURE
            else f"OCR read this word with confidence {word.conf:.0f} in a block of "
            f"personal data ({label}): redacted, check it"
        )
        out.append(span_finding(doc, page, start, end, entity, RECOGNIZER, SCORE, why))
    return out
