"""Verify stage: reopen the written PDF and prove that nothing redacted can be extracted.

Checks use text extraction, not a byte search (embedded fonts store glyph codes, not letters).
A redacted string may still occur in the output only as often as it occurs in text that was
deliberately kept (e.g. a minister's name elsewhere on the page); every other channel must not
contain it at all. Any problem keeps the file out of the published set.

Channels checked: page text with every layer switched on and outside the page too (so white,
invisible, covered and hidden-layer text count), the pixels of every image under a box (decoded
from the file, soft masks included), drawn strokes and ink annotations under a signature box,
annotations, links, form fields, metadata, XMP, the outline, page labels, layer names,
attachments, and earlier revisions (the file must be one revision).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pymupdf
from presidio_analyzer import AnalyzerEngine

from woo_redact.decide import Policy, SetDecisions
from woo_redact.detect import detect_document
from woo_redact.extract import (
    build_page_text,
    extract_text,
    ocr_lines,
    open_for_reading,
    show_all_layers,
)
from woo_redact.ocr import reread
from woo_redact.pdfobjects import combine, graph_problems
from woo_redact.redact import BurnResult, glyph_path, secret_patterns
from woo_redact.rules import RuleSet
from woo_redact.types import (
    SIDE_PAGE,
    Action,
    DocumentText,
    Finding,
    PageText,
    Rect,
    Redaction,
    Word,
)
from woo_redact.variants import Needle, NeedleIndex

PIXEL_TOLERANCE = 2  # grey levels: a blanked area is one colour (re-encoding may dither a bit)
MIN_LAYER_RECALL = 0.5  # share of the kept OCR words that must be searchable in the output
READABLE = 60.0  # OCR confidence from which a word read again in a picture is read as text
REREAD_MIN_CHARS = 4  # letters and digits a secret needs before OCR reading it again proves a leak
# … and before it counts read with spaces in it: "is Ik" is two words, not the name "Isik"
REREAD_SPACED_CHARS = 6


def _kept_text(page: PageText, redactions: list[Redaction]) -> str:
    """The page's words minus those under a redaction: what the output should still say."""
    drop: set[int] = set()
    for red in redactions:
        for i, w in enumerate(page.words):
            cx, cy = (w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2
            if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in red.rects):
                drop.add(i)
    return " ".join(w.text for i, w in enumerate(page.words) if i not in drop)


def _alnum_chars(pattern: re.Pattern[str]) -> int:
    """Letters and digits of a secret's pattern (``secret_patterns`` escapes the rest)."""
    return sum(ch.isalnum() for ch in re.sub(r"\(\?<?[!=]\\w\)|\\s\*", "", pattern.pattern))


def _count(pattern: re.Pattern[str], text: str, spaced: bool = True) -> int:
    """Matches of ``pattern`` in ``text``; ``spaced`` off: only those without a space in them."""
    return sum(1 for m in pattern.finditer(text) if spaced or not re.search(r"\s", m.group(0)))


def _pixmap_array(doc: pymupdf.Document, xref: int) -> np.ndarray:
    pix = pymupdf.Pixmap(doc, xref)
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)  # the soft mask is checked on its own
    data = np.frombuffer(pix.samples, dtype=np.uint8)
    return data.reshape(pix.height, pix.width, pix.n)


def _pixels_blank(pixels: np.ndarray, placement: pymupdf.Matrix, box: pymupdf.Rect) -> bool:
    """True if the image pixels that ``box`` (page points) covers are all one colour."""
    h, w = pixels.shape[:2]
    try:
        unit = box * ~placement  # page → image unit square
    except Exception:  # a degenerate placement matrix: nothing visible
        return True
    x0, x1 = sorted((unit.x0 * w, unit.x1 * w))
    y0, y1 = sorted((unit.y0 * h, unit.y1 * h))
    # only pixels wholly inside the box; one more on each side for resampling at the edges
    c0, c1 = max(0, int(np.ceil(x0)) + 1), min(w, int(np.floor(x1)) - 1)
    r0, r1 = max(0, int(np.ceil(y0)) + 1), min(h, int(np.floor(y1)) - 1)
    if c1 <= c0 or r1 <= r0:
        return True
    block = pixels[r0:r1, c0:c1].reshape(-1, pixels.shape[2])
    return bool((block.max(axis=0).astype(int) - block.min(axis=0)).max() <= PIXEL_TOLERANCE)


def _smask_xref(doc: pymupdf.Document, xref: int) -> int:
    kind, value = doc.xref_get_key(xref, "SMask")
    return int(value.split()[0]) if kind == "xref" else 0


def image_problems(doc: pymupdf.Document, page: pymupdf.Page, boxes: list[Rect]) -> list[str]:
    """Images on the page whose pixels under a redaction box are not blank."""
    problems: list[str] = []
    n = page.number + 1
    rects = [pymupdf.Rect(b) for b in boxes]
    for info in page.get_image_info(xrefs=True):
        bbox = pymupdf.Rect(info["bbox"])
        hits = [r for r in rects if abs(r & bbox) > 1.0]
        if not hits:
            continue
        xref = int(info.get("xref") or 0)
        if xref <= 0:
            problems.append(f"page {n}: an inline image under a redaction box cannot be checked")
            continue
        placement = pymupdf.Matrix(info["transform"])
        arrays = [_pixmap_array(doc, xref)]
        smask = _smask_xref(doc, xref)
        if smask:
            arrays.append(_pixmap_array(doc, smask))
        for box in hits:
            if not all(_pixels_blank(a, placement, box & bbox) for a in arrays):
                problems.append(f"page {n}: image pixels under a redaction box are not blank")
                return problems
    return problems


def stroke_problems(page: pymupdf.Page, regions: list[Rect]) -> list[str]:
    """Drawn strokes (other than the boxes themselves) left under a signature box."""
    rects = [pymupdf.Rect(r) for r in regions]
    for d in page.get_drawings():
        if d.get("fill") is not None and all(it[0] == "re" for it in d["items"]):
            continue  # a filled rectangle: the redaction box itself
        centre = (d["rect"].tl + d["rect"].br) / 2
        if any(r.contains(centre) for r in rects):
            return [f"page {page.number + 1}: drawn strokes left under a signature box"]
    return []


def outline_problems(page: pymupdf.Page, boxes: list[Rect]) -> list[str]:
    """Glyphs of text drawn as outlines left under a redaction box."""
    rects = [pymupdf.Rect(b) for b in boxes]
    for d in page.get_drawings():
        if glyph_path(d) and any(r.contains((d["rect"].tl + d["rect"].br) / 2) for r in rects):
            return [f"page {page.number + 1}: glyphs drawn as outlines left under a box"]
    return []


COMBINE_FROM = 200  # secrets × pages of a document from which they are looked for at once


def _any_in(text: str, secrets: list[re.Pattern[str]], combined: re.Pattern[str] | None) -> bool:
    """Some secret stands in ``text`` (``combined``: all of them in one pattern, if made)."""
    if combined is not None:
        return combined.search(text) is not None
    return any(p.search(text) for p in secrets)


def single_revision(path: Path, doc: pymupdf.Document) -> bool:
    """True if the file is one revision: no incremental update keeps older content."""
    data = path.read_bytes()
    prev = doc.xref_get_key(-1, "Prev")[0]
    return data.count(b"%%EOF") <= 1 and prev == "null"


def verify(
    path: Path,
    doc_text: DocumentText,
    redactions: list[Redaction],
    burnt: BurnResult,
    set_secrets: list[re.Pattern[str]] | None = None,
) -> list[str]:
    """Problems found in the written file; an empty list means it is safe to publish.

    ``set_secrets`` are the redacted strings of the whole set, this document's among them:
    none of them may stand in any object of this output outside its page content (which the
    page checks read).
    """
    problems: list[str] = []
    secrets = secret_patterns(redactions)
    # a page none of them is on needs no counting; one pattern for them all pays only when
    # there are many to look for (combining costs ~9 ms, a search of one page ~50 µs)
    combined = combine(secrets) if len(secrets) * len(doc_text.pages) > COMBINE_FROM else None
    by_page: dict[int, list[Redaction]] = defaultdict(list)
    for red in redactions:
        by_page[red.page].append(red)
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # the file we just wrote must open
        return [f"output cannot be reopened: {exc}"]
    try:
        if not single_revision(path, doc):
            problems.append("the output keeps an earlier revision (incremental update)")
        show_all_layers(doc)
        if doc.page_count != len(doc_text.pages):
            problems.append(f"page count changed: {len(doc_text.pages)} → {doc.page_count}")
        for page in doc:
            words = page.get_text("words", clip=pymupdf.INFINITE_RECT())
            out_text = " ".join(w[4] for w in words)
            n = page.number + 1
            if n - 1 < len(doc_text.pages) and _any_in(out_text, secrets, combined):
                kept = _kept_text(doc_text.pages[n - 1], by_page.get(n - 1, []))
                for pattern in secrets:
                    if _count(pattern, out_text) > _count(pattern, kept):
                        problems.append(f"page {n}: a redacted string is still in the page text")
                        break
            boxes = burnt.boxes.get(n - 1, [])
            label_words = {t for _, lbl in boxes for t in lbl.split()}
            centres = [
                ((w[0] + w[2]) / 2, (w[1] + w[3]) / 2) for w in words if w[4] not in label_words
            ]
            if any(
                b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for (b, _) in boxes for cx, cy in centres
            ):
                problems.append(f"page {n}: text left under a redaction box")
            regions = burnt.regions.get(n - 1, [])
            if boxes or regions:
                problems.extend(image_problems(doc, page, [b for b, _ in boxes] + regions))
            if burnt.regions.get(n - 1):
                problems.extend(stroke_problems(page, burnt.regions[n - 1]))
            if burnt.outlines.get(n - 1):
                problems.extend(outline_problems(page, burnt.outlines[n - 1]))
            layer = burnt.ocr_layer.get(n - 1)
            if layer:
                found = set(out_text.split())
                recall = sum(1 for t in layer if t in found) / len(layer)
                if recall < MIN_LAYER_RECALL:
                    problems.append(f"page {n}: the OCR text layer is missing ({recall:.0%})")
            for annot in page.annots() or []:
                info = annot.info
                text = " ".join(info.get(k, "") for k in ("content", "title", "subject"))
                if any(p.search(text) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in an annotation")
                if annot.type[0] == pymupdf.PDF_ANNOT_INK:
                    problems.append(f"page {n}: an ink annotation (handwriting) is still there")
                if annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT:
                    problems.append(f"page {n}: a file attachment annotation is still there")
            for link in page.get_links():
                if any(p.search(link.get("uri", "") or "") for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a link")
            for widget in page.widgets() or []:
                value = f"{widget.field_value or ''} {widget.field_name or ''}"
                if any(p.search(value) for p in secrets):
                    problems.append(f"page {n}: a redacted string is in a form field")
            if any(p.search(page.get_label() or "") for p in secrets):
                problems.append(f"page {n}: a redacted string is in the page label")
        meta = " ".join(v for v in (doc.metadata or {}).values() if isinstance(v, str))
        if any(p.search(meta) for p in secrets):
            problems.append("a redacted string is in the document metadata")
        xmp = doc.get_xml_metadata() or ""
        if any(p.search(xmp) for p in secrets):
            problems.append("a redacted string is in the XMP metadata")
        for entry in doc.get_toc(simple=True):
            if any(p.search(entry[1]) for p in secrets):
                problems.append("a redacted string is in the outline (bookmarks)")
                break
        for info in doc.get_ocgs().values():
            if any(p.search(info.get("name", "")) for p in secrets):
                problems.append("a redacted string is in a layer name")
                break
        if doc.embfile_count():
            problems.append("the output still has file attachments")
        # every other object, stream and JPEG, for every redacted string of the set (which
        # holds this document's own)
        problems.extend(graph_problems(doc, list(set_secrets) if set_secrets else secrets))
    finally:
        doc.close()
    return problems


# -- detection again, on the written file ---------------------------------------------------------

# Region types are checked by their pixels and strokes (above), not by re-detection: the blanked
# image of a signature is still an image in a signature position.
NOT_REDETECTED = {"SIGNATURE", "MARKED_REDACTION"}


def normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _stands_in(text: str, haystack: str) -> bool:
    """``text``'s words, in order, as whole words in ``haystack`` (punctuation between free)."""
    words = re.findall(r"\w+", text)
    if not words or not haystack:
        return False
    body = r"\W+".join(re.escape(w) for w in words)
    return re.search(rf"(?<!\w){body}(?!\w)", haystack) is not None


def _stands_in_merged(text: str, haystack: str) -> bool:
    """``text`` in ``haystack`` with a space or hyphen allowed between any two of its letters:
    OCR'd text read again has words merged ("Deregeling" for "De regeling")."""
    chars = re.sub(r"\W+", "", text)
    if len(chars) < 2 or not haystack:
        return False
    body = r"[\s-]?".join(re.escape(c) for c in chars)
    return re.search(rf"(?<!\w){body}(?!\w)", haystack) is not None


def _ours_by_ocr(
    f: Finding, page: PageText, read: dict[int, list[Word]], inputs: dict[int, PageText]
) -> bool:
    """The finding's words are OCR's: read again in a picture of the output, or from the
    invisible text layer redact wrote from OCR on a scanned page (extracted again, MuPDF
    joins some of its words)."""
    source = inputs.get(f.page)
    if source is not None and source.ocr:
        return True
    idx = page.words_for_span(f.start, f.end)
    return f.page in read and bool(idx) and all(page.words[i].source == "ocr" for i in idx)


def unflagged_text(page: PageText, spans: list[tuple[int, int]]) -> str:
    """The page's text with the given character spans blanked (newlines kept)."""
    chars = list(page.text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def without_labels(doc: DocumentText, labels: frozenset[str]) -> DocumentText:
    """The document's text without the words of our own box labels ("[Redacted]", "5.1.2e").

    The labels are ours, not the author's: left in, the model reads "[Redacted]" as a name.
    """
    if not labels:
        return doc
    pages = []
    for page in doc.pages:
        words = [w for w in page.words if w.text not in labels]
        if len(words) == len(page.words):
            pages.append(page)
            continue
        text = build_page_text(page.page, words, page.width, page.height)
        pages.append(replace(page, text=text.text, words=text.words, char_word=text.char_word))
    side = doc.side
    if side is not None:
        text = build_page_text(side.page, [w for w in side.words if w.text not in labels], 1000, 20)
        side = replace(side, text=text.text, words=text.words, char_word=text.char_word)
    return replace(doc, pages=tuple(pages), side=side)


def reread_pictures(path: Path, doc_text: DocumentText) -> dict[int, list[Word]]:
    """OCR of the output where its pictures (scans, pictures of text, outlines) look different
    from the input's: what a person now reads there (``ocr.reread``)."""
    pictures = {p.page: list(p.pictures) for p in doc_text.pages if p.pictures}
    if not pictures:
        return {}
    before, _ = open_for_reading(doc_text.path)
    after = pymupdf.open(path)
    try:
        show_all_layers(after)
        return reread(before, after, pictures)
    finally:
        before.close()
        after.close()


def with_reread(doc: DocumentText, read: dict[int, list[Word]]) -> DocumentText:
    """The output's text with what OCR read again in its pictures added, line by line.

    Only what reads as text (a word OCR is at least READABLE sure of: the garbage it makes of
    a black box is not a word a person reads), and not what the page's text already holds at
    the same place (a text layer, our own labels).
    """
    if not read:
        return doc
    pages = list(doc.pages)
    for page_no, words in read.items():
        if page_no >= len(pages):
            continue
        page = pages[page_no]
        have = [w.rect for w in page.words]
        new = [w for w in words if w.conf >= READABLE and not _centre_in_any(w.rect, have)]
        if not new:
            continue
        text = build_page_text(page_no, page.words, page.width, page.height,
                               lines=ocr_lines(new))  # fmt: skip
        pages[page_no] = replace(page, text=text.text, words=text.words, char_word=text.char_word)
    return replace(doc, pages=tuple(pages))


def outside_regions(
    read: dict[int, list[Word]], regions: dict[int, tuple[Rect, ...]]
) -> dict[int, list[Word]]:
    """What OCR read again, without the words inside a region decided to be redacted: their
    pixels are checked blank (``image_problems``), so OCR reads our label or noise there, and
    in a large set such noise ("Ciel" in "[Redacted]") matches some person's short name."""
    out = {}
    for page_no, words in read.items():
        boxes = list(regions.get(page_no, ()))
        kept = [w for w in words if not _centre_in_any(w.rect, boxes)] if boxes else words
        if kept:
            out[page_no] = kept
    return out


def _centre_in_any(rect: Rect, boxes: list[Rect]) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def reread_problems(
    read: dict[int, list[Word]],
    secrets: Iterable[re.Pattern[str]],
    unflagged: dict[int, str] | None,
) -> list[str]:
    """A redacted string of the set that OCR reads again in a picture of the output more often
    than the input's page text has it outside what was redacted.

    Strings of fewer than ``REREAD_MIN_CHARS`` letters and digits prove nothing there: OCR
    reads "JR" or "en" into any scribble, a blanked area's noise or another signature (a
    signer's initials read in one scan failed a letter whose own signature read alike);
    detection on the re-read text still runs. A short one read across a space is two words
    ("is Ik" for "Isik"), not the name: in a set of thousands of names some always match.
    """
    problems = []
    patterns = [
        (p, n >= REREAD_SPACED_CHARS) for p in secrets if (n := _alnum_chars(p)) >= REREAD_MIN_CHARS
    ]
    for page_no, words in sorted(read.items()):
        text = " ".join(w.text for w in words)
        allowed = (unflagged or {}).get(page_no, "")
        for pattern, spaced in patterns:
            n = _count(pattern, text, spaced)
            if n and n > _count(pattern, allowed, spaced):
                problems.append(
                    f"page {page_no + 1}: a redacted string can still be read in a picture"
                )
                break
    return problems


_WORD_CHAR = re.compile(r"\w")
# points: MuPDF's rewritten content streams place the same glyphs a few 1e-5 pt off
SAME_PLACE = 0.01


def _word_chars(page: PageText) -> tuple[dict[int, int], dict[int, int]]:
    """Where each word's first and last character stand in the page text."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for pos, wi in enumerate(page.char_word):
        if wi >= 0:
            first.setdefault(wi, pos)
            last[wi] = pos
    return first, last


def as_decided(out: PageText, page: PageText, blanked: str | None) -> bool:
    """True if the output page shows exactly what the set decided for the input page: the
    input's words, to the last box and in the same order, minus every word a redacted span
    touches (``blanked``: the input text with the redacted spans blanked, as
    ``SetContext.unflagged``), and each two words that now follow each other had only removed
    words and separators between them in the input, joined or not as they were there.

    Then every run of the page's words, as detection reads it, stands in the input's kept text,
    which ``redetect_problems`` allows whatever a model reads into it; so on such a page the
    language model is not asked again (the recognizers and name rules are). Anything else (a
    glyph of a redacted word left, a decision not applied, a word moved or merged) fails this.
    """
    if blanked is None or len(blanked) != len(page.text) or out.page != page.page:
        return False
    removed = {
        page.char_word[i]
        for i, (was, now) in enumerate(zip(page.text, blanked, strict=True))
        if was != now and page.char_word[i] >= 0
    }
    kept = [i for i in range(len(page.words)) if i not in removed]
    if len(kept) != len(out.words):
        return False
    for word, i in zip(out.words, kept, strict=True):
        was = page.words[i]
        if word.text != was.text or any(
            abs(a - b) > SAME_PLACE for a, b in zip(word.rect, was.rect, strict=True)
        ):
            return False
    first_in, last_in = _word_chars(page)
    first_out, last_out = _word_chars(out)
    for k in range(len(kept) - 1):
        a, b = kept[k], kept[k + 1]
        if a not in last_in or b not in first_in or k not in last_out or k + 1 not in first_out:
            return False
        if _WORD_CHAR.search(blanked, last_in[a] + 1, first_in[b]):
            return False  # a part of a word stands between them in the input
        if (last_in[a] + 1 == first_in[b]) != (last_out[k] + 1 == first_out[k + 1]):
            return False  # joined here and not there (a hyphenation undone differently)
    return True


def redetect_problems(
    path: Path,
    doc_text: DocumentText,
    analyzer: AnalyzerEngine,
    rules: RuleSet,
    context: SetContext | None = None,
    secrets: Iterable[re.Pattern[str]] = (),
) -> list[str]:
    """Run detection again on the written file and fail on anything the policy would redact.

    This check does not use what the redactor did: it re-reads the output (page text in
    visual order, the text layer of OCR'd pages, notes, metadata, bookmarks and the other
    strings extract reads, our own labels left out; and, where a picture of the input looks
    different in the output, what OCR reads there now) and asks detection and policy again;
    a redacted string of the set (``secrets``) that OCR still reads in a picture fails too.
    Allowed are only what the set decided to keep on that page (``context.kept``: a rule's
    keep or a reviewer's rejection holds where it was decided, not on the document's other
    pages, where the same name may still be redacted) and
    text that the first pass saw and left alone (``context.unflagged``: the input with the
    redacted spans blanked), where a model that reads "[Redacted]" context guesses anew.
    What the first pass flagged, or never saw (a channel it did not read, a decision that got
    lost), fails, and so does a value the set redacts everywhere (``context.spread``). The
    messages name page, type and recognizer, never the text found.
    """
    context = context or SetContext()
    kept, unflagged = context.kept, context.unflagged
    # the output's words and text as detection reads them (its signatures and marked regions
    # are checked by pixels and strokes in verify()); whether its text layer can be trusted
    # was the input's question (an untrusted page was OCR'd or is not published at all)
    out = extract_text(path, doc_text.rel)
    read = outside_regions(reread_pictures(path, doc_text), context.regions)
    problems: list[str] = reread_problems(read, secrets, unflagged) if read else []
    out = without_labels(with_reread(out, read), context.labels)
    policy = Policy(rules)
    pages = {p.page: p for p in (*out.pages, *([out.side] if out.side else []))}
    inputs = {p.page: p for p in doc_text.pages}
    blanked = unflagged or {}
    as_is = {
        p.page
        for p in out.pages
        if p.page in inputs and as_decided(p, inputs[p.page], blanked.get(p.page))
    }
    for f in detect_document(out, analyzer, model=lambda page: page.page not in as_is):
        if f.type in NOT_REDETECTED or normalise(f.text) in kept.get(f.page, ()):
            continue
        page = pages[f.page]
        if unflagged is not None:
            seen = unflagged.get(f.page, "")
            if _stands_in(f.text, seen) or (
                _ours_by_ocr(f, page, read, inputs) and _stands_in_merged(f.text, seen)
            ):
                continue
        if policy.decide(page, f).action is not Action.REDACT:
            continue
        where = "outside the pages" if f.page == SIDE_PAGE else f"page {f.page + 1}"
        problems.append(f"{where}: detection finds {f.type} in the output ({f.recognizer})")
    return problems + spread_problems(out, context)


@dataclass(frozen=True)
class SetContext:
    """What the set decided that checking one document's output needs (picklable)."""

    labels: frozenset[str] = frozenset()  # words of our own box labels
    kept: dict[int, frozenset[str]] = field(default_factory=dict)  # per page: texts kept there
    # on purpose (a rule's or a reviewer's), normalised
    kept_text: dict[int, str] = field(default_factory=dict)  # per page: the kept spans' text
    unflagged: dict[int, str] | None = None  # per page: input text, redacted spans blanked
    spread: NeedleIndex | None = None  # values the set redacts wherever they occur
    # per page: the regions decided to be redacted. Their pixels are checked blank (verify),
    # so what OCR reads inside one is its label or noise, never the author's text
    regions: dict[int, tuple[Rect, ...]] = field(default_factory=dict)


def compile_spread(decided: SetDecisions) -> NeedleIndex | None:
    """The set's spread values as one index (made once, before the workers fork).

    ``decided.spread`` says what is looked for; ``spread_needles`` only adds where each can
    begin. A value without its needle (decisions rebuilt without them) is searched in full,
    never left out.
    """
    needles = {(n.pattern.pattern, n.pattern.flags): n for n in decided.spread_needles}
    chosen = [
        needles.get((source, flags)) or Needle(source, re.compile(source, flags), "exact")
        for source, flags in decided.spread
    ]
    return NeedleIndex(chosen) if chosen else None


def document_context(
    doc: DocumentText,
    own: Iterable[tuple[Finding, Action]],
    label_words: Iterable[str],
    spread: NeedleIndex | None = None,
    redactions: Iterable[Redaction] = (),
) -> SetContext:
    """The SetContext of one document from its findings and what was decided for each, and
    its redactions."""
    regions: dict[int, list[Rect]] = defaultdict(list)
    for red in redactions:
        regions[red.page].extend(red.rects)
    redacted: dict[int, list[tuple[int, int]]] = defaultdict(list)
    kept_text: dict[int, list[str]] = defaultdict(list)
    kept: dict[int, set[str]] = defaultdict(set)
    for f, action in own:
        if action is Action.REDACT:
            redacted[f.page].append((f.start, f.end))
        else:
            kept[f.page].add(normalise(f.text))
            kept_text[f.page].append(f.text)
    pages = (*doc.pages, *([doc.side] if doc.side else []))
    return SetContext(
        labels=frozenset(label_words),
        kept={p: frozenset(t) for p, t in kept.items()},
        kept_text={p: "\n".join(t) for p, t in kept_text.items()},
        unflagged={p.page: unflagged_text(p, redacted.get(p.page, [])) for p in pages},
        spread=spread,
        regions={page: tuple(rects) for page, rects in regions.items()},
    )


def spread_problems(out: DocumentText, context: SetContext) -> list[str]:
    """A value the set redacts everywhere that this output still shows outside a kept span.

    This is what caught nothing when byte-identical copies shared their findings: the copy's
    own decisions were empty, so a check of its own redactions found nothing to look for.
    """
    index = context.spread
    if index is None:
        return []
    problems = []
    for page in (*out.pages, *([out.side] if out.side else [])):
        found = index.matches(page.text)
        if not found:
            continue
        kept = index.matches(context.kept_text.get(page.page, ""))
        if any(len(hits) > len(kept.get(i, ())) for i, hits in found.items()):
            where = "outside the pages" if page.page == SIDE_PAGE else f"page {page.page + 1}"
            problems.append(f"{where}: a value redacted elsewhere in the set is still there")
    return problems
