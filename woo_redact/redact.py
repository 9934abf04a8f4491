"""Redact stage: burn redactions into a copy of the PDF and scrub every other channel.

The only module that writes PDFs. Text under a box is removed from the content stream, image
pixels under it are blanked and drawn strokes it covers are removed (MuPDF redaction); images a
signature box covers entirely are dropped. Form fields are flattened first (as extract flattens
them), so their values are redacted like page text. On OCR'd pages an older invisible text layer
is removed and a new invisible, searchable layer holds the OCR words that were kept. Then
metadata, XMP, annotations (ink, i.e. handwriting, always), links, attachments, the outline,
page labels, layer names and JavaScript are cleaned of what was redacted, and the file is
written as one fresh revision (no incremental updates keep older content).
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo_redact.detect.ocr_doubt import RECOGNIZER as OCR_GUESS
from woo_redact.extract import flatten_forms
from woo_redact.inputs import open_pdf
from woo_redact.ocr import WORD_PAD
from woo_redact.pdfobjects import combine, scrub_graph
from woo_redact.types import SIDE_PAGE, DocumentText, Finding, PageText, Rect, Redaction, Word

DEFAULT_LABEL = "[Redacted]"
GROUND_LABEL = "ground"
MIN_FONTSIZE = 5.5  # legible in print: a label shrinks to this size, then is condensed
MAX_FONTSIZE = 10.0
FLOOR_FONTSIZE = 1.0  # a box lower than this / 0.72 (a hairline) has no room for any mark
FONT = "helv"
LABEL_FONT = pymupdf.Font(FONT)  # for measuring, and for labels WinAnsi cannot encode
# A box keeps this gap (points) to glyphs of neighbouring words: MuPDF removes every glyph whose
# box touches a redaction, so a full-line-height box eats characters of the next line.
GAP = 0.3
MITER_LIMIT = 10.0  # the PDF default; MuPDF grows a stroked path's bounds by width × this


@dataclass
class BurnResult:
    """What was written, for the audit log and the verify stage."""

    boxes: dict[int, list[tuple[Rect, str]]] = field(default_factory=lambda: defaultdict(list))
    # regions without text (signatures, drawn boxes) as given, per page: every pixel and stroke
    # in them is gone, although the black box may be trimmed to spare neighbouring text
    regions: dict[int, list[Rect]] = field(default_factory=lambda: defaultdict(list))
    # OCR'd pages: the words written to the new invisible text layer
    ocr_layer: dict[int, list[str]] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    # per finding id: the boxes as burnt (trimmed to spare neighbouring words), for the audit
    rects: dict[str, list[Rect]] = field(default_factory=lambda: defaultdict(list))
    # per page with pictures read by OCR: the boxes under which no glyph path may be left
    outlines: dict[int, list[Rect]] = field(default_factory=lambda: defaultdict(list))


def fit_label(label: str, rect: pymupdf.Rect) -> tuple[str, float]:
    """The label at the largest font size from MAX_FONTSIZE down to MIN_FONTSIZE that fits the
    box, or "" when it fits at none (see :func:`place_label` for what such a box shows).

    MuPDF silently drops a redaction's text that does not fit, so fitting is done here.
    """
    if not label:
        return "", 0.0
    width = _label_width(label)
    size = min(MAX_FONTSIZE, rect.height * 0.72)
    while size >= MIN_FONTSIZE:
        if width * size <= rect.width - 1.0:
            return label, size
        size -= 0.5
    return "", 0.0


@functools.lru_cache(maxsize=64)
def _label_width(label: str) -> float:
    """The label's width at 1 pt: MuPDF's text_length is that sum of advances times the size
    (the same number), and measuring glyph by glyph for every box and size was slow."""
    return LABEL_FONT.text_length(label, fontsize=1.0)


@dataclass(frozen=True)
class LabelFit:
    """How a box shows the run's label: at ``size`` points, condensed sideways by ``scale``."""

    text: str
    size: float
    scale: float = 1.0


def place_label(label: str, rect: pymupdf.Rect) -> LabelFit | None:
    """The run's one rule for the label of every box: never another text, never none.

    The label at the largest size that fits, from MAX_FONTSIZE down to MIN_FONTSIZE (legible in
    print); a box lower than that takes the size its height allows; in a box too narrow for
    the label at that size the same label is condensed sideways to the box's width. Before,
    such boxes stayed plain black beside labelled ones: a mix of label and nothing on one line
    ("Jan [Redacted] woont op nr. ▮"), which reads as two kinds of redaction. The text is the
    whole label, so verification and the audit see the label they expect; a reader zooms in.
    ``None`` only without a label (``--label ''``) or in a hairline box.
    """
    if not label:
        return None
    text, size = fit_label(label, rect)
    if text:
        return LabelFit(text, size)
    size = min(MIN_FONTSIZE, rect.height * 0.72)
    if size < FLOOR_FONTSIZE:
        return None
    width = LABEL_FONT.text_length(label, fontsize=size)
    room = rect.width - min(1.0, rect.width * 0.2)  # as fit_label: a margin of black
    return LabelFit(label, size, min(1.0, room / width) if width > 0 else 1.0)


def needs_embedded_font(label: str) -> bool:
    """Base-14 Helvetica is written in WinAnsi, which turns "–", "€" or "„" into "?"; such
    labels are drawn with the embedded label font, which maps them to Unicode (and costs the
    file about 30 KB, so plain labels are not)."""
    return any(ord(ch) > 0x7E for ch in label)


def draw_labels(
    page: pymupdf.Page,
    labels: list[tuple[pymupdf.Rect, str, float]],
    condensed: Iterable[tuple[pymupdf.Rect, str, float, float]] = (),
) -> None:
    """White label text, centred in each (already filled) box; ``condensed`` labels squeezed
    sideways by their scale (place_label). Plain labels in base-14 Helvetica (not embedded),
    others in the embedded label font."""
    items = [(rect, text, size, 1.0) for rect, text, size in labels] + list(condensed)
    shape = page.new_shape()
    plain = 0
    for rect, text, size, scale in items:
        origin = _label_origin(rect, text, size, scale)
        morph = (origin, pymupdf.Matrix(scale, 1)) if scale < 1.0 else None
        if not needs_embedded_font(text):
            shape.insert_text(origin, text, fontsize=size, fontname=FONT, color=(1, 1, 1),
                              morph=morph)  # fmt: skip
            plain += 1
            continue
        writer = pymupdf.TextWriter(page.rect, color=(1, 1, 1))
        writer.append(origin, text, font=LABEL_FONT, fontsize=size)
        writer.write_text(page, morph=morph)
    if plain:
        shape.commit()


def _label_origin(rect: pymupdf.Rect, text: str, size: float, scale: float = 1.0) -> pymupdf.Point:
    """Where a label centred in ``rect`` starts (its baseline), ``scale`` its sideways squeeze."""
    width = _label_width(text) * size * scale
    x = rect.x0 + (rect.width - width) / 2
    y = rect.y0 + (rect.height + size * (LABEL_FONT.ascender + LABEL_FONT.descender)) / 2
    return pymupdf.Point(x, y)


OCR_BOX_PAD = 1.5  # points: OCR word boxes hug the ink; scanned ink bleeds past them


TOUCH = 1.0  # points: boxes on one line closer than this make one black area on the page
SAME_LINE = 0.5  # share of the lower box's height two boxes share when they stand side by side
OVERLAP = 0.3  # share of the smaller box covered by another: drawn on top of each other


def one_area(a: pymupdf.Rect, b: pymupdf.Rect) -> bool:
    """Two boxes read as one black area when they touch side by side on one line, or when one
    largely covers the other. Two labels there garble ("[Redactedted]", "[Redacted][Redacted]").
    Boxes of two text lines that merely touch (line boxes overlap by a point) are two passages,
    each with its label: one label for both would leave a plain black box beside a labelled one.
    """
    if not (a + (-TOUCH, -TOUCH, TOUCH, TOUCH)).intersects(b):
        return False
    shared_h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if shared_h >= SAME_LINE * min(a.height, b.height):
        return True
    inter = a & b
    return not inter.is_empty and abs(inter) >= OVERLAP * min(abs(a), abs(b))


def touching_groups(rects: list[pymupdf.Rect]) -> list[list[int]]:
    """Boxes that make one black area (:func:`one_area`): their indices, grouped (in order)."""
    parent = list(range(len(rects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rects)):
        for j in range(i + 1, len(rects)):
            if one_area(rects[i], rects[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rects)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def label_carriers(
    rects: list[pymupdf.Rect], texts: list[str], groups: list[list[int]]
) -> dict[int, LabelFit]:
    """One label per black area: of each group of touching boxes, the largest box the label
    fits in shows it, and no other box of the group does. Two labels side by side or on top
    of each other read as one garbled word ("[Redactedted]", "[Redacted][Redacted]"). A group
    in whose boxes the label fits nowhere shows it condensed in its largest box
    (:func:`place_label`): every black area carries the run's one label."""
    out: dict[int, LabelFit] = {}
    for group in groups:
        by_size = sorted(group, key=lambda i: -abs(rects[i]))
        for i in by_size:
            shown, size = fit_label(texts[i], rects[i])
            if shown:
                out[i] = LabelFit(shown, size)
                break
        else:
            fit = place_label(texts[by_size[0]], rects[by_size[0]])
            if fit:
                out[by_size[0]] = fit
    return out


def _padded(rect: Rect, pad: float) -> Rect:
    """A box grown on every side (then trimmed off the words around it)."""
    return (rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad)


def trim_rect(rect: Rect, own: set[int], page: PageText, text_only: bool = False) -> pymupdf.Rect:
    """Shrink a line box so it touches no glyph of a word that is not redacted.

    ``text_only``: spare only words of the text layer. A region (a signature) blanks every
    pixel in it; trimmed off a word OCR read in those pixels, the box would leave a white
    blank beside it, and that word's ink is gone anyway.
    """
    x0, y0, x1, y1 = rect
    cy = (y0 + y1) / 2
    height = y1 - y0
    for i, w in enumerate(page.words):
        wx0, wy0, wx1, wy1 = w.rect
        if wx1 <= x0 or wx0 >= x1 or wy1 <= y0 or wy0 >= y1 or i in own:
            continue
        if text_only and w.source == "ocr":
            continue
        wcy = (wy0 + wy1) / 2
        if abs(wcy - cy) < 0.25 * height:  # same line: trim sideways
            if wx0 < (x0 + x1) / 2:
                x0 = max(x0, wx1 + GAP)
            else:
                x1 = min(x1, wx0 - GAP)
        elif wcy < cy:
            y0 = max(y0, wy1 + GAP)
        else:
            y1 = min(y1, wy0 - GAP)
    if y1 - y0 < 1.0:  # overlapping text: a thin box through the middle still hits it
        y0, y1 = cy - 0.5, cy + 0.5
    if x1 - x0 < 1.0:
        cx = (rect[0] + rect[2]) / 2
        x0, x1 = cx - 0.5, cx + 0.5
    return pymupdf.Rect(x0, y0, x1, y1)


def _own_words(page: PageText, red: Redaction) -> set[int]:
    """Words the redaction removes: those inside its boxes (centre inside, for a region that
    another tool drew by hand and that cuts through a word's box)."""
    own: set[int] = set()
    for i, w in enumerate(page.words):
        for box in red.rects:
            inside = (
                w.rect[0] >= box[0] - 0.01
                and w.rect[2] <= box[2] + 0.01
                and w.rect[1] >= box[1] - 0.01
                and w.rect[3] <= box[3] + 0.01
            )
            if inside or (red.whole_region and _centre_in(w.rect, [box])):
                own.add(i)
    return own


def _contains_any(value: str, pattern: re.Pattern[str] | None) -> bool:
    """``value`` holds a secret; ``pattern``: all of them in one (``pdfobjects.combine``: the
    set's secrets are thousands, and every note, link and field asked each of them)."""
    return bool(value) and pattern is not None and pattern.search(value) is not None


def secret_patterns(redactions: Iterable[Redaction | Finding | str]) -> list[re.Pattern[str]]:
    """Whole-word, case- and whitespace-insensitive patterns of every redacted string.

    Longest first: replacing "Marieke van der Linden" before "Nota van Marieke van der Linden"
    would leave "Nota van" behind in a bookmark.

    A word OCR was unsure of is not one: its pixels go, but its text is the engine's guess
    ("en", "Tel:" read into a signature's strokes), not a value known to be personal data, and
    as a secret of the set it would fail every document whose pictures hold that common word.
    """
    texts = (
        red if isinstance(red, str) else red.text
        for red in redactions
        if isinstance(red, str) or red.recognizer != OCR_GUESS
    )
    keys = {" ".join(text.split()).lower() for text in texts}
    out = []
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        if len(key) < 2:
            continue
        body = r"\s*".join(re.escape(ch) for ch in key.replace(" ", ""))
        out.append(re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))
    return out


def scrub(doc: pymupdf.Document, secrets: list[re.Pattern[str]], result: BurnResult) -> None:
    """Remove redacted data from every channel that is not page content."""
    any_secret = combine(secrets)
    meta = dict(doc.metadata or {})
    if meta.get("author"):
        meta["author"] = ""  # names in metadata are personal data whatever they are
        result.remarks.append("metadata author removed")
    for key in ("title", "subject", "keywords", "creator", "producer"):
        if _contains_any(meta.get(key, ""), any_secret):
            meta[key] = ""
            result.remarks.append(f"metadata {key} removed")
    doc.set_metadata({k: v for k, v in meta.items() if k not in ("format", "encryption")})
    if doc.embfile_count():
        result.remarks.append(f"{doc.embfile_count()} attachment(s) removed")
    # JavaScript, attachments, thumbnails, XMP and form-submit actions; text and metadata are
    # handled above and by the redactions, so scrub does not touch them.
    doc.scrub(
        attached_files=True,
        clean_pages=False,
        embedded_files=True,
        hidden_text=False,
        javascript=True,
        metadata=False,
        redactions=False,
        redact_images=0,
        remove_links=False,
        reset_fields=False,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    doc.del_xml_metadata()
    for page in doc:
        for annot in list(page.annots() or []):
            info = annot.info
            text = " ".join(info.get(k, "") for k in ("content", "title", "subject"))
            if annot.type[0] == pymupdf.PDF_ANNOT_INK:
                page.delete_annot(annot)  # handwriting: a signature, initials or a scribble
                result.remarks.append(f"ink annotation removed on page {page.number + 1}")
            elif annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT or _contains_any(
                text, any_secret
            ):
                page.delete_annot(annot)
                result.remarks.append(f"annotation removed on page {page.number + 1}")
            elif info.get("title"):
                annot.set_info(title="")
                annot.update()
        for widget in list(page.widgets() or []):
            value = f"{widget.field_value or ''} {widget.field_name or ''}"
            if _contains_any(str(value), any_secret):
                page.delete_widget(widget)
                result.remarks.append(f"form field removed on page {page.number + 1}")
        for link in page.get_links():
            if _contains_any(link.get("uri", "") or "", any_secret):
                page.delete_link(link)
    toc = doc.get_toc(simple=False)
    changed = False
    for entry in toc:
        if not _contains_any(entry[1], any_secret):
            continue
        for pattern in secrets:
            if pattern.search(entry[1]):
                entry[1] = pattern.sub(DEFAULT_LABEL, entry[1])
                changed = True
    if changed:
        doc.set_toc(toc)
        result.remarks.append("outline entries redacted")
    labels = doc.get_page_labels()
    if any(_contains_any(rule.get("prefix", ""), any_secret) for rule in labels):
        for rule in labels:
            for pattern in secrets:
                rule["prefix"] = pattern.sub(DEFAULT_LABEL, rule.get("prefix", ""))
        doc.set_page_labels(labels)
        result.remarks.append("page labels redacted")
    for xref, info in doc.get_ocgs().items():
        if _contains_any(info.get("name", ""), any_secret):
            doc.xref_set_key(xref, "Name", pymupdf.get_pdf_str(DEFAULT_LABEL))
            result.remarks.append("layer name redacted")
    result.remarks.extend(scrub_graph(doc, secrets, DEFAULT_LABEL))  # every other object


LAYER_FONT = "WooOcr"  # the label font, embedded for the OCR text layer


def write_text_layer(page: pymupdf.Page, words: list[Word]) -> None:
    """Invisible text (render mode 3) over the page image: what a reader searches and copies.

    Each word is stretched over its box (so its text lies where its ink is), in an embedded
    font written through Unicode: a base-14 font's Latin-1 encoding writes "€", curly quotes
    or "ş" as "·", a word that was never on the page (and that verification's name model
    read as a person).
    """
    page.insert_font(fontname=LAYER_FONT, fontbuffer=LABEL_FONT.buffer)
    shape = page.new_shape()
    for w in words:
        # the word's own ink, without the padding OCR boxes get: padded boxes all but touch,
        # and a reader would copy the words of a line glued together
        r = pymupdf.Rect(w.rect)
        r = pymupdf.Rect(r.x0 + WORD_PAD, r.y0, max(r.x0 + WORD_PAD + 0.5, r.x1 - WORD_PAD), r.y1)
        size = max(1.0, r.height * 0.8)
        length = LABEL_FONT.text_length(w.text, fontsize=size)
        stretch = r.width / length if length > 0 else 1.0
        origin = pymupdf.Point(r.x0, r.y1 - r.height * 0.22)
        shape.insert_text(
            origin,
            w.text + " ",  # an explicit space: extraction need not guess it from the gap
            fontsize=size,
            fontname=LAYER_FONT,
            render_mode=3,
            morph=(origin, pymupdf.Matrix(stretch, 1)),
        )
    shape.commit(overlay=True)


def _centre_in(rect: Rect, boxes: list[Rect]) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def clear_strokes(page: pymupdf.Page, regions: list[Rect]) -> int:
    """Remove the drawn paths whose centre lies in a region (a vector signature).

    MuPDF removes a path only when a box covers its bounds grown by line width × miter limit,
    which would make the black box eat the lines around the signature; so each path is removed
    by its own unfilled box that touches neither text nor images.
    """
    return _remove_paths(
        page,
        regions,
        # filled rectangles are backgrounds, table cells and earlier boxes, never strokes
        lambda d: not (d.get("fill") is not None and all(it[0] == "re" for it in d["items"])),
        lambda d: (d.get("width") or 1.0) * MITER_LIMIT + 1.0,
    )


def on_ocr_words(box: Rect, page: PageText) -> bool:
    """The box holds words OCR read (a scan, a picture, outlines), whose boxes hug the ink."""
    return any(w.source == "ocr" and _centre_in(w.rect, [box]) for w in page.words)


def glyph_path(d: dict) -> bool:
    """A filled path that is not a plain rectangle: a glyph drawn as an outline (or an icon)."""
    return d.get("type") in ("f", "fs") and not all(it[0] == "re" for it in d["items"])


def clear_outlines(page: pymupdf.Page, boxes: list[Rect]) -> int:
    """Remove the filled glyph paths whose centre lies in a box: text drawn as outlines.

    MuPDF's redaction removes only paths a box covers whole, and the box is trimmed to spare
    the next word; so each glyph under a box goes by a box of its own, grown by half a point
    (a filled path has no stroke to grow by), which touches nothing else.
    """
    return _remove_paths(page, boxes, glyph_path, lambda d: 0.5)


def _remove_paths(
    page: pymupdf.Page,
    regions: list[Rect],
    chosen: Callable[[dict], bool],
    grow_by: Callable[[dict], float],
) -> int:
    """Remove each ``chosen`` drawn path whose centre lies in a region, by an unfilled box of
    its own (its bounds grown by ``grow_by``): MuPDF removes only the paths a box covers
    whole, and one box for the region would take the lines and glyphs around it too."""
    rects = [pymupdf.Rect(r) for r in regions]
    count = 0
    for d in page.get_drawings():
        if not chosen(d):
            continue
        centre = (d["rect"].tl + d["rect"].br) / 2
        if any(r.contains(centre) for r in rects):
            grow = grow_by(d)
            page.add_redact_annot(d["rect"] + (-grow, -grow, grow, grow), fill=False,
                                  cross_out=False)  # fmt: skip
            count += 1
    if count:
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_NONE,
            graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
            text=pymupdf.PDF_REDACT_TEXT_NONE,
        )
    return count


def _invisible_redaction(page: pymupdf.Page, rects: Iterable[Rect], images: int, text: int) -> None:
    """Apply unfilled redactions: remove what ``images``/``text`` say, draw nothing."""
    for r in rects:
        page.add_redact_annot(pymupdf.Rect(r), fill=False, cross_out=False)
    page.apply_redactions(images=images, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=text)


def clear_region(page: pymupdf.Page, regions: list[Rect]) -> None:
    """Blank every image pixel and remove every drawn stroke in the regions; text stays.

    The black box drawn afterwards is trimmed so that it does not eat the closing line or the
    name next to a signature; what it no longer covers has been cleared here.
    """
    _invisible_redaction(
        page, regions, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_TEXT_NONE
    )
    clear_strokes(page, regions)


def remove_text_layer(page: pymupdf.Page, rects: tuple[Rect, ...]) -> None:
    """Remove the text in ``rects`` (an old OCR layer) and nothing else: no fill, no pixels."""
    _invisible_redaction(page, rects, pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_TEXT_REMOVE)


# /ActualText, /Alt and /E (expansion) in a marked-content property list of a content stream
ACTUAL_TEXT = re.compile(
    rb"/(ActualText|Alt|E)\s*(?:\((?:\\.|\([^()]*\)|[^\\()])*\)|<[0-9A-Fa-f\s]*>)"
)


def strip_actual_text(doc: pymupdf.Document, result: BurnResult) -> None:
    """Empty every /ActualText, /Alt and /E in the content streams (pages, form XObjects).

    ActualText is what a reader copies instead of the glyphs, Alt and E what a screen reader
    says; they can name a person the page does not show (or hide one it does), and MuPDF's
    redaction leaves marked-content properties in place.
    """
    xrefs: set[int] = set()
    for page in doc:
        xrefs.update(page.get_contents())
        xrefs.update(x[0] for x in page.get_xobjects())  # form XObjects: content streams too
    for xref in sorted(xrefs):
        try:
            data = doc.xref_stream(xref)
        except Exception:  # an unreadable object holds no text a reader gets either
            continue
        if not data or not (b"ActualText" in data or b"/Alt" in data or b"/E" in data):
            continue
        cleaned, n = ACTUAL_TEXT.subn(lambda m: b"/" + m.group(1) + b" ()", data)
        if n:
            doc.update_stream(xref, cleaned)
            result.remarks.append(f"{n} ActualText/Alt replacement(s) emptied")


def remove_marked(doc: pymupdf.Document, result: BurnResult) -> None:
    """Delete the Redact annotations another tool left: they became findings of their own.

    ``apply_redactions`` would otherwise burn them with ours, unlabelled and unrecorded, and
    write their overlay text into the page.
    """
    for page in doc:
        for annot in list(page.annots(types=(pymupdf.PDF_ANNOT_REDACT,)) or []):
            page.delete_annot(annot)
            result.remarks.append(
                f"redaction marked by another tool taken over on page {page.number + 1}"
            )


def remove_annots_under(page: pymupdf.Page, boxes: list[Rect], result: BurnResult) -> None:
    """Delete annotations (stamps, notes, highlights) that overlap a redaction box.

    Their appearance would be drawn over the box (or hold the text under it); a harmless stamp
    must not make the whole document fail verification.
    """
    rects = [pymupdf.Rect(b) for b in boxes]
    for annot in list(page.annots() or []):
        if annot.type[0] == pymupdf.PDF_ANNOT_REDACT:
            continue  # ours, about to be applied
        if any(annot.rect.intersects(r) for r in rects):
            kind = annot.type[1]
            page.delete_annot(annot)
            result.remarks.append(
                f"{kind} annotation over a redaction removed on page {page.number + 1}"
            )


def burn(
    src: Path,
    dst_tmp: Path,
    doc_text: DocumentText,
    redactions: list[Redaction],
    label: str = DEFAULT_LABEL,
    set_secrets: list[re.Pattern[str]] | None = None,
) -> BurnResult:
    """Write the redacted copy of ``src`` to ``dst_tmp`` (the caller renames it when verified).

    ``set_secrets``: the redacted strings of the whole set (this document's among them); the
    channels outside the page content are scrubbed of all of them, not only this document's.
    """
    result = BurnResult()
    by_page: dict[int, list[Redaction]] = defaultdict(list)
    for red in redactions:
        if red.page != SIDE_PAGE:  # text outside the pages is cleaned by scrub()
            by_page[red.page].append(red)
    doc = flatten_forms(open_pdf(src))
    try:
        remove_marked(doc, result)
        pages = sorted(set(by_page) | {p.page for p in doc_text.pages if p.ocr or p.replaced_text})
        for page_no in pages:
            page = doc[page_no]
            ptext = doc_text.pages[page_no]
            reds = by_page.get(page_no, [])
            if ptext.replaced_text:
                remove_text_layer(page, ptext.replaced_text)
                result.remarks.append(f"earlier OCR text layer replaced on page {page_no + 1}")
            regions = [r for red in reds if red.region for r in red.rects]
            if regions:
                clear_region(page, regions)
                result.regions[page_no].extend(regions)
            own_all: set[int] = set()
            for red in reds:
                own_all |= _own_words(ptext, red)
            # every label is drawn after the fills, centred, by draw_labels: MuPDF's overlay text
            # sits at the top of a box and cannot condense, so a run would show two styles
            later: list[tuple[pymupdf.Rect, str, float]] = []
            condensed: list[tuple[pymupdf.Rect, str, float, float]] = []
            placed: list[tuple[pymupdf.Rect, Redaction, str]] = []
            for red in reds:
                text = red.ground if label == GROUND_LABEL else label
                for box in red.rects:
                    if not red.region and on_ocr_words(box, ptext):
                        box = _padded(box, OCR_BOX_PAD)
                    placed.append((trim_rect(box, own_all, ptext, text_only=red.region), red, text))
            rects = [p[0] for p in placed]
            carriers = label_carriers(rects, [p[2] for p in placed], touching_groups(rects))
            for k, (rect, red, _text) in enumerate(placed):
                fit = carriers.get(k)  # one label per black area, in the run's one style
                if fit and fit.scale < 1.0:
                    condensed.append((rect, fit.text, fit.size, fit.scale))
                elif fit:
                    later.append((rect, fit.text, fit.size))
                page.add_redact_annot(rect, fill=(0, 0, 0), cross_out=False)
                result.boxes[page_no].append((tuple(rect), fit.text if fit else ""))
                result.rects[red.finding_id].append(tuple(rect))  # type: ignore[arg-type]
            if reds:
                remove_annots_under(page, [b for b, _ in result.boxes[page_no]] + regions, result)
                page.apply_redactions(
                    images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                    graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                    text=pymupdf.PDF_REDACT_TEXT_REMOVE,
                )
                if later or condensed:
                    draw_labels(page, later, condensed)
                if any(w.source == "ocr" for w in ptext.words):
                    # text drawn as outlines that OCR read, on a text page or read whole
                    text_boxes = [b for b, _ in result.boxes[page_no]]
                    clear_outlines(page, text_boxes)
                    result.outlines[page_no].extend(text_boxes)
            if ptext.ocr:
                burnt = [b for b, _ in result.boxes[page_no]]
                burnt += [r for red in reds for r in red.rects]
                layer = [
                    w for w in ptext.words if w.source == "ocr" and not _centre_in(w.rect, burnt)
                ]
                write_text_layer(page, layer)
                result.ocr_layer[page_no] = [w.text for w in layer]
        strip_actual_text(doc, result)
        scrub(doc, list(set_secrets) if set_secrets else secret_patterns(redactions), result)
        dst_tmp.parent.mkdir(parents=True, exist_ok=True)
        doc.save(dst_tmp, garbage=4, deflate=True, clean=True)
    finally:
        doc.close()
    with dst_tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    return result
