"""Table columns as context: a cell's column header says what its cells are.

In a list of private persons the cue is in the header ("Geboortedatum", "Postcode en
plaats"), rows away from the cell, where neither a regex window nor Presidio's context words
reach. Here the page's layout (``woo_redact.layout``) gives each cell its column; a header
cue of ``rules/columns.yml`` then

* raises a finding of that type in the column to ``COLUMN_SCORE`` (a postcode or landline
  number that alone scores below the threshold),
* adds the dates of a birth-date column and the street-and-number cells of an address column
  that no recognizer reported ("Vlasakker 12": a street name without a known suffix).

A postcode right after, or right below, a street and number is part of that address and is
raised as well. Whether an address is an organisation's stays the policy's decision.

A column headed by a name header (an attendance list's "Naam") makes each cell below that
reads as a name a PERSON: on a scan OCR garbles initials ("C.0.B.", "LR." for "I.R.") so
that neither the model nor the name rules see a name, and the row's signature goes while the
name stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from woo_redact.detect.lexicon import load_lexicon
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.detect.spans import context_of, span_finding
from woo_redact.layout import Layout, Segment, layout_of
from woo_redact.rules import RuleSet, alternation
from woo_redact.types import DocumentText, Finding, PageText

COLUMN_RECOGNIZER = "ColumnRecognizer"
COLUMN_SCORE = 0.85
ADDRESS_POSTCODE_SCORE = 0.8
MAX_HEADER_WORDS = 5  # a header cell is short; a sentence above a table is not its header


@dataclass(frozen=True)
class ColumnRules:
    headers: dict[str, re.Pattern[str]]
    address_cell: re.Pattern[str]
    date_cell: re.Pattern[str]
    name_headers: frozenset[str]
    name_cell: re.Pattern[str]
    organisation_words: frozenset[str]


_COMPILED: dict[int, tuple[RuleSet, ColumnRules]] = {}


def column_rules(rules: RuleSet) -> ColumnRules:
    """The compiled column rules of a rule set (once per rule set; it is not hashable)."""
    cached = _COMPILED.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    headers = {
        entity: re.compile(r"(?<!\w)(?:" + alternation(cues) + r")(?!\w)", re.IGNORECASE)
        for entity, cues in rules.column_headers.items()
    }
    compiled = ColumnRules(
        headers,
        re.compile(rules.address_cell),
        re.compile(rules.date_cell),
        frozenset(rules.name_headers),
        re.compile(rules.name_cell),
        rules.organisation_words,
    )
    _COMPILED[id(rules)] = (rules, compiled)
    return compiled


def _header_types(cell: Segment, cr: ColumnRules) -> set[str]:
    """The entity types a cell names as a column header (a short cell with a header cue)."""
    if len(cell.text.split()) > MAX_HEADER_WORDS:
        return set()
    return {entity for entity, rx in cr.headers.items() if rx.search(cell.text)}


def _is_name_header(cell: Segment, cr: ColumnRules) -> bool:
    return " ".join(cell.text.lower().strip(" :").split()) in cr.name_headers


def _is_header(cell: Segment, cr: ColumnRules) -> bool:
    return bool(_header_types(cell, cr)) or _is_name_header(cell, cr)


def in_name_column(layout: Layout, seg: Segment, cr: ColumnRules) -> bool:
    """The nearest header above ``seg`` in its column is a name header."""
    for cell in layout.column_above(seg):
        if _is_name_header(cell, cr):
            return True
        if _header_types(cell, cr):
            return False
    return False


def reads_as_name(text: str, cr: ColumnRules) -> bool:
    """A name cell: the pattern, no organisation word, and a first word written out only when
    it is a first name or no Dutch word ("Ministerie van BZK" is not "Jan van Dijk")."""
    if not cr.name_cell.match(text):
        return False
    words = [w.strip(".,").lower() for w in text.split()]
    if any(w in cr.organisation_words for w in words):
        return False
    first = text.split()[0]
    if "." in first:
        return True
    lexicon = load_lexicon()
    return lexicon.is_first_name(first) or not lexicon.is_common_word(first)


def column_types(layout: Layout, seg: Segment, cr: ColumnRules) -> set[str]:
    """The entity types the header of ``seg``'s column names (empty: no such header)."""
    for cell in layout.column_above(seg):
        hits = _header_types(cell, cr)
        if hits:
            return hits
    return set()


def _new(doc: DocumentText, page: PageText, start: int, end: int, entity: str,
         why: str) -> Finding | None:  # fmt: skip
    found = span_finding(doc, page, start, end, entity, COLUMN_RECOGNIZER, COLUMN_SCORE,
                         f"{why}: {context_of(page.text, start, end)}")  # fmt: skip
    return found if found.boxes else None


def _covered(found: list[Finding], entity: str, start: int, end: int) -> bool:
    return any(f.type == entity and f.start < end and start < f.end for f in found)


def _next_to_address(layout: Layout, f: Finding, address_segments: set[int]) -> bool:
    seg = layout.segment_at(f.start, f.end)
    if seg is None:
        return False
    if seg.index in address_segments:
        return True
    for other in (layout.previous_in_row(seg), layout.above(seg)):
        if other is not None and other.index in address_segments:
            return True
    return False


def column_findings(
    doc: DocumentText, page: PageText, found: list[Finding], rules: RuleSet
) -> list[Finding]:
    """``found`` with scores raised by column headers and addresses, plus new cell findings."""
    if not page.words:
        return found
    cr = column_rules(rules)
    layout = layout_of(page)
    types_of: dict[int, set[str]] = {}
    # most pages have no header cell at all: then no column needs to be followed upwards
    headed = any(_is_header(seg, cr) for seg in layout.segments)

    def types(seg: Segment) -> set[str]:
        if not headed:
            return set()
        if seg.index not in types_of:
            types_of[seg.index] = column_types(layout, seg, cr)
        return types_of[seg.index]

    out = list(found)
    for i, f in enumerate(out):
        if f.type in cr.headers and f.score < COLUMN_SCORE and f.start >= 0:
            seg = layout.segment_at(f.start, f.end)
            if seg is not None and f.type in types(seg):
                out[i] = replace(f, score=COLUMN_SCORE)
    address_segments = {
        seg.index
        for f in out
        if f.type == "NL_ADDRESS" and f.start >= 0
        for seg in [layout.segment_at(f.start, f.end)]
        if seg is not None
    }
    for i, f in enumerate(out):
        if (
            f.type == "NL_POSTCODE"
            and f.score < ADDRESS_POSTCODE_SCORE
            and _next_to_address(layout, f, address_segments)
        ):
            out[i] = replace(f, score=ADDRESS_POSTCODE_SCORE)
    for seg in layout.segments:
        for m in cr.date_cell.finditer(seg.text):
            start, end = seg.start + m.start(), seg.start + m.end()
            if not _covered(out, "BIRTH_DATE", start, end) and "BIRTH_DATE" in types(seg):
                new = _new(doc, page, start, end, "BIRTH_DATE", "in a birth-date column")
                out.extend([new] if new else [])
        m = cr.address_cell.match(seg.text)
        if (
            m
            and not _covered(out, "NL_ADDRESS", seg.start, seg.start + m.end())
            and "NL_ADDRESS" in types(seg)
        ):
            new = _new(doc, page, seg.start, seg.start + m.end(), "NL_ADDRESS",
                       "in an address column")  # fmt: skip
            out.extend([new] if new else [])
        text = seg.text.strip()
        if headed and reads_as_name(text, cr) and in_name_column(layout, seg, cr):
            start = seg.start + seg.text.index(text)
            end = start + len(text.rstrip(",."))
            # a model guess over the cell does not stand in for the column: the policy judges
            # a guess more strictly (OCR's "1.B." is a digit to it), the column is a rule's
            if not any(
                f.type == "PERSON" and f.recognizer != MODEL_RECOGNIZER
                and f.start <= start and end <= f.end
                for f in out
            ):  # fmt: skip
                new = _new(doc, page, start, end, "PERSON", "in a name column")
                out.extend([new] if new else [])
    return sorted(out, key=lambda f: (f.start, f.end))
