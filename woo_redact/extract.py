"""PyMuPDF → words with boxes → page text with a map back from characters to words.

This is the only module that reads PDF text. Detectors work on plain strings; the char→word map
is how a finding's character span becomes the boxes the redact stage burns in.

Every channel that can carry text is read: invisible and white text, text under an image, text
outside the page, hidden optional content (layers are switched on in memory) and form-field
values (fields are flattened in memory, exactly as the redact stage flattens them). Scanned
pages are OCR'd (``woo_redact.ocr``). Images, ink annotations and drawn strokes are recorded as
``Graphic``s for the signature detector.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pymupdf

from woo_redact import cputime
from woo_redact.deadline import page_deadline
from woo_redact.errors import UsageError
from woo_redact.inputs import TEXT_FLAGS, open_pdf, sha256_file, text_untrusted
from woo_redact.ocr import Region, ocr_regions, page_rect
from woo_redact.pdfobjects import graph_texts
from woo_redact.pictures import (
    image_regions,
    native_dpi,
    outline_page,
    outline_regions,
    turn_of,
)
from woo_redact.types import SIDE_PAGE, DocumentText, Graphic, PageText, Rect, Word

OCR_MODES = ("auto", "always", "never")
SCANNED_COVERAGE = 0.3  # images cover this share of the page …
SCANNED_MAX_CHARS = 30  # … and it shows fewer visible characters than this: a scan
MIN_GRAPHIC = 4.0  # points: smaller images and strokes are bullets, rules and specks
STROKE_GAP = 8.0  # strokes closer than this (points) belong to one drawing
TALL_WORD = 2.5  # × the page's median word height: a scribble read as a word, not a row
MAX_CURVED_PATHS = 1500  # a page with more curved paths is a map or a chart, not a letter

# Keep invisible text, and text outside the crop box: a leak is a leak wherever it is drawn.
# Ligatures are expanded (so "ﬁ" matches "fi"); no TEXT_MEDIABOX_CLIP.
WORD_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_USE_CID_FOR_UNKNOWN_UNICODE


def visual_rows(words: list[Word]) -> list[list[Word]]:
    """Group words into visual rows (same height on the page), each sorted left to right.

    MuPDF's own blocks split a header row such as "Auteur    drs. M. de Vries" into two blocks
    when label and value were drawn separately; reading by rows keeps label and value together.
    Words OCR read on one line stay on one row. A word far taller than the page's words (a
    signature OCR "read" as "rde)") joins the row its OCR line or its middle is on, or stands
    alone; it never sets a row's height, which would take the two table rows it spans for one.
    """
    heights = sorted(w.rect[3] - w.rect[1] for w in words)
    tall = TALL_WORD * heights[len(heights) // 2] if heights else 0.0
    order = sorted(words, key=lambda w: ((w.rect[1] + w.rect[3]) / 2, w.rect[0]))
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    ocr_rows: dict[int, int] = {}  # OCR line -> its row: what Tesseract read as one line
    for w in order:
        if w.rect[3] - w.rect[1] > tall:
            continue
        if w.source == "ocr" and w.line in ocr_rows:
            rows[ocr_rows[w.line]].append(w)
            continue
        yc = (w.rect[1] + w.rect[3]) / 2
        h = w.rect[3] - w.rect[1]
        if (
            rows
            and bands[-1][0] <= yc <= bands[-1][1]
            and abs(h) < 3 * max(bands[-1][1] - bands[-1][0], 1)
        ):
            rows[-1].append(w)
        else:
            rows.append([w])
            bands.append((w.rect[1], w.rect[3]))
        if w.source == "ocr":
            ocr_rows[w.line] = len(rows) - 1
    for w in (w for w in order if w.rect[3] - w.rect[1] > tall):
        yc = (w.rect[1] + w.rect[3]) / 2
        at = ocr_rows.get(w.line) if w.source == "ocr" else None
        if at is None:
            at = next((i for i, (y0, y1) in enumerate(bands) if y0 <= yc <= y1), None)
        if at is None:
            at = sum(1 for y0, _ in bands if y0 < yc)
            rows.insert(at, [])
            bands.insert(at, (w.rect[1], w.rect[3]))
            ocr_rows = {k: v + (v >= at) for k, v in ocr_rows.items()}
        rows[at].append(w)
        if w.source == "ocr":
            ocr_rows.setdefault(w.line, at)
    for row in rows:
        row.sort(key=lambda w: w.rect[0])
    return rows


def build_page_text(
    page_no: int,
    words: Iterable[Word],
    width: float,
    height: float,
    needs_ocr: bool = False,
    lines: Iterable[list[Word]] = (),
) -> PageText:
    """Join words into text by visual rows, with the hyphenation at line ends undone.

    Words in a row are separated by a space, or by a tab where the gap is wide (a column or
    the gap between a header label and its value); rows by a newline. A row ending in
    ``woord-`` followed by a row starting with a lower-case letter is joined without the
    hyphen, so "Ver-" + "hoeven" reads "Verhoeven" and maps to both boxes. ``lines`` are rows
    of their own, in the order given, after the visual rows: the lines OCR read in a picture
    (which may be turned on the page, and is not part of the page's own rows).
    """
    rows = visual_rows([w for w in words if w.text.strip()])
    rows += [row for row in ([w for w in line if w.text.strip()] for line in lines) if row]
    ordered: list[Word] = []
    parts: list[str] = []
    char_word: list[int] = []
    for r, row in enumerate(rows):
        for c, w in enumerate(row):
            i = len(ordered)
            ordered.append(Word(w.text, w.rect, w.page, 0, r, w.source, w.conf))
            if c > 0:
                prev = row[c - 1]
                gap = w.rect[0] - prev.rect[2]
                sep = "\t" if gap > 2.5 * max(w.rect[3] - w.rect[1], 1.0) else " "
            elif r > 0:
                last = rows[r - 1][-1].text
                hyphenated = len(last) > 2 and last.endswith("-") and last[-2].isalpha()
                if hyphenated and w.text[:1].islower():
                    # undo the hyphenation: drop the hyphen from the text, keep the mapping
                    parts[-1] = parts[-1][:-1]
                    char_word.pop()
                    sep = ""
                else:
                    sep = "\n"
            else:
                sep = ""
            if sep:
                parts.append(sep)
                char_word.extend([-1] * len(sep))
            parts.append(w.text)
            char_word.extend([i] * len(w.text))
    return PageText(
        page=page_no,
        text="".join(parts),
        words=tuple(ordered),
        char_word=tuple(char_word),
        width=width,
        height=height,
        needs_ocr=needs_ocr,
    )


def flatten_forms(doc: pymupdf.Document) -> pymupdf.Document:
    """Form fields become page content (their values are then text like any other).

    The redact stage calls this too, so that the words extract reads are exactly the words the
    redactions are burnt into. Returns a fresh document (MuPDF caches the old widgets' text).
    """
    if not doc.is_form_pdf and not any(True for page in doc for _ in page.widgets()):
        return doc
    doc.bake(annots=False, widgets=True)
    data = doc.tobytes()
    doc.close()
    return pymupdf.open("pdf", data)


def show_all_layers(doc: pymupdf.Document) -> int:
    """Switch every optional-content group on (in memory), so hidden layers are read too;
    returns how many were off."""
    switched = 0
    for config in doc.layer_ui_configs():
        if not config.get("on") and not config.get("locked"):
            doc.set_layer_ui_config(config["number"], 0)
            switched += 1
    return switched


def open_for_reading(path: Path) -> tuple[pymupdf.Document, bool]:
    """The input as the redact stage will see it, with every layer visible; and whether that
    shows more than the file as opened (form fields flattened, hidden layers switched on)."""
    opened = open_pdf(path)
    doc = flatten_forms(opened)
    switched = show_all_layers(doc)
    return doc, doc is not opened or switched > 0


def _page_words(page: pymupdf.Page) -> list[Word]:
    # one text page for the words and, if needed, the glyphs (as get_text would make each)
    textpage = page.get_textpage(clip=pymupdf.INFINITE_RECT(), flags=WORD_FLAGS)
    raw = textpage.extractWORDS(None)
    words = [
        Word(text=w[4], rect=(w[0], w[1], w[2], w[3]), page=page.number, block=w[5], line=w[6])
        for w in raw
        if w[4].strip()
    ]
    letters = sum(1 for w in words if len(w.text) == 1 and w.text.isalpha())
    if letters >= SCATTERED_LETTERS:
        words = _char_words(page, textpage)  # glyphs placed one by one: read them as shown
    return join_touching(words)


SCATTERED_LETTERS = 4  # single-letter words on a page: glyphs may be drawn out of order


class _Glyph(NamedTuple):
    """A glyph as a one-letter word, lighter than a Word: a page holds thousands."""

    text: str
    rect: Rect
    page: int
    block: int
    line: int
    source: str = "text"
    conf: float = -1.0


def _char_words(page: pymupdf.Page, textpage: pymupdf.TextPage | None = None) -> list[_Glyph]:
    """Every glyph as a one-letter word, to be joined by position rather than content order."""
    if textpage is None:
        textpage = page.get_textpage(clip=pymupdf.INFINITE_RECT(), flags=WORD_FLAGS)
    raw = textpage.extractRAWDICT(cb=None, sort=False)
    out = []
    for b, block in enumerate(raw["blocks"]):
        for n, line in enumerate(block.get("lines", [])):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if ch["c"].strip():
                        out.append(_Glyph(ch["c"], tuple(ch["bbox"]), page.number, b, n))  # type: ignore[arg-type]
    return out


TOUCHING = 0.12  # a gap below this share of the word height is no space between words


def join_touching(words: Sequence[Word | _Glyph]) -> list[Word]:
    """Words that touch on one visual row become one word, as the reader sees them.

    MuPDF splits words in content-stream order: a name whose glyphs are drawn in another
    order than they are shown ("Z", "w", "a" … placed one by one) comes out as letters that
    no detector reads as a name. Only glyph runs with no visible gap are joined (a run is
    gathered first and becomes one Word: glyph by glyph, that was a new Word per glyph).
    """
    if len(words) < 2:
        return [_as_word(w) for w in words]
    out: list[Word] = []
    for row in visual_rows(words):  # type: ignore[arg-type]
        first = row[0]
        text = first.text
        x0, y0, x1, y1 = first.rect
        joined = False
        for w in row[1:]:
            wx0, wy0, wx1, wy1 = w.rect
            height = max(y1 - y0, wy1 - wy0, 1.0)
            gap = wx0 - x1
            overlap = min(y1, wy1) - max(y0, wy0)  # both on one baseline band
            if -0.2 * height <= gap <= TOUCHING * height and overlap >= 0.7 * min(
                y1 - y0, wy1 - wy0
            ):
                text += w.text
                x0, y0, x1, y1 = min(x0, wx0), min(y0, wy0), max(x1, wx1), max(y1, wy1)
                joined = True
            else:
                out.append(_run(first, text, (x0, y0, x1, y1), joined))
                first, text, joined = w, w.text, False
                x0, y0, x1, y1 = w.rect
        out.append(_run(first, text, (x0, y0, x1, y1), joined))
    return out


def _as_word(w: Word | _Glyph) -> Word:
    if isinstance(w, Word):
        return w
    return Word(w.text, w.rect, w.page, w.block, w.line, w.source, w.conf)


def _run(first: Word | _Glyph, text: str, rect: Rect, joined: bool) -> Word:
    """The word a run of touching glyphs or words makes (the first one itself if alone)."""
    if not joined:
        return _as_word(first)
    return Word(text, rect, first.page, first.block, first.line, first.source, first.conf)


def _image_uses(doc: pymupdf.Document) -> Counter[int]:
    """On how many pages each image is placed: a logo or letterhead repeats."""
    uses: Counter[int] = Counter()
    for page in doc:
        uses.update({img[0] for img in page.get_images(full=True)})
    return uses


def _segment_kind(item: tuple) -> str:
    if item[0] == "l":
        p1, p2 = item[1], item[2]
        return "line" if abs(p1.x - p2.x) < 0.5 or abs(p1.y - p2.y) < 0.5 else "curve"
    return "curve" if item[0] == "c" else "line"


def _crossing_lines(cluster: pymupdf.Rect, straight: list[pymupdf.Rect]) -> int:
    """Long axis-parallel lines through the middle of a cluster: grid lines of a chart."""
    inner = pymupdf.Rect(cluster)
    dx, dy = inner.width * 0.15, inner.height * 0.15
    inner = pymupdf.Rect(inner.x0 + dx, inner.y0 + dy, inner.x1 - dx, inner.y1 - dy)
    count = 0
    for line in straight:
        horizontal = line.height < 0.5 and line.width >= 0.5 * cluster.width
        vertical = line.width < 0.5 and line.height >= 0.5 * cluster.height
        if (horizontal or vertical) and (line + (-0.5, -0.5, 0.5, 0.5)).intersects(inner):
            count += 1
    return count


def _stroke_clusters(
    page: pymupdf.Page, drawings: list[dict], text: list[Rect] | None = None
) -> list[Graphic]:
    """Groups of nearby drawn paths that contain curves or slanted lines (scribble candidates).

    ``lines`` of a cluster counts its own straight segments plus the long straight lines that
    cross it (chart grids, axes): a signature is curves, a chart is a curve on a grid. Paths
    whose centre lies in a ``text`` box are glyphs that OCR read as words (outlines).
    """
    paths: list[list] = []  # [rect, curves, lines, filled]
    straight: list[pymupdf.Rect] = []
    ink = [pymupdf.Rect(a.rect) for a in page.annots(types=(pymupdf.PDF_ANNOT_INK,)) or []]
    for d in drawings:
        kinds = [_segment_kind(it) for it in d["items"]]
        curves = kinds.count("curve")
        if not curves:
            straight.extend(
                pymupdf.Rect(it[1], it[2]).normalize() for it in d["items"] if it[0] == "l"
            )
            continue
        if any(r.contains((d["rect"].tl + d["rect"].br) / 2) for r in ink):
            continue  # the appearance of an ink annotation, recorded as "ink"
        if text and _overlaps(tuple(d["rect"]), text):  # type: ignore[arg-type]
            continue  # a glyph of text drawn as outlines, which OCR read
        rect = pymupdf.Rect(d["rect"])
        for item in d["items"]:  # control points too: MuPDF removes a path only when its
            for point in item[1:]:  # whole hull (control points included) is covered
                if isinstance(point, pymupdf.Point):
                    rect |= point
        pad = (d.get("width") or 0.0) / 2
        rect = pymupdf.Rect(rect.x0 - pad, rect.y0 - pad, rect.x1 + pad, rect.y1 + pad)
        paths.append([rect, curves, len(kinds) - curves, d["type"] == "f"])
        if len(paths) > MAX_CURVED_PATHS:
            return []
    clusters: list[list] = []
    for path in sorted(paths, key=lambda p: (p[0].y0, p[0].x0)):
        grown = pymupdf.Rect(path[0]) + (-STROKE_GAP, -STROKE_GAP, STROKE_GAP, STROKE_GAP)
        hits = [c for c in clusters if grown.intersects(c[0])]
        merged = [pymupdf.Rect(path[0]), path[1], path[2], path[3]]
        for c in hits:
            merged[0] |= c[0]
            merged[1] += c[1]
            merged[2] += c[2]
            merged[3] = merged[3] and c[3]
            clusters.remove(c)
        clusters.append(merged)
    # a merge can make a cluster reach another one: merge until stable
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(clusters):
            grown = pymupdf.Rect(a[0]) + (-STROKE_GAP, -STROKE_GAP, STROKE_GAP, STROKE_GAP)
            for b in clusters[i + 1 :]:
                if grown.intersects(b[0]):
                    a[0] |= b[0]
                    a[1] += b[1]
                    a[2] += b[2]
                    a[3] = a[3] and b[3]
                    clusters.remove(b)
                    changed = True
                    break
            if changed:
                break
    return [
        Graphic(
            "drawing",
            tuple(c[0]),  # type: ignore[arg-type]
            curves=c[1],
            lines=c[2],
            crossings=_crossing_lines(c[0], straight),
            filled=c[3],
        )
        for c in clusters
        if c[0].width >= MIN_GRAPHIC or c[0].height >= MIN_GRAPHIC
    ]


def page_graphics(
    page: pymupdf.Page,
    uses: Counter[int],
    drawings: list[dict] | None = None,
    images: list[dict] | None = None,
) -> list[Graphic]:
    """Images, ink annotations and stroke clusters of a page (``drawings`` and ``images``:
    the page's ``get_drawings()`` and ``get_image_info(xrefs=True)``, when the caller has
    them already: each costs a pass over the page)."""
    out: list[Graphic] = []
    for info in page.get_image_info(xrefs=True) if images is None else images:
        bbox = pymupdf.Rect(info["bbox"])
        if bbox.width < MIN_GRAPHIC or bbox.height < MIN_GRAPHIC:
            continue
        xref = int(info.get("xref") or 0)
        out.append(Graphic("image", tuple(bbox), xref=xref, uses=uses.get(xref, 1)))  # type: ignore[arg-type]
    for annot in page.annots(types=(pymupdf.PDF_ANNOT_INK,)) or []:
        out.append(Graphic("ink", tuple(annot.rect), xref=annot.xref))  # type: ignore[arg-type]
    out.extend(_stroke_clusters(page, page.get_drawings() if drawings is None else drawings))
    return out


def image_coverage(page: pymupdf.Page, graphics: Iterable[Graphic]) -> float:
    area = abs(page.rect) or 1.0
    covered = sum(abs(pymupdf.Rect(g.rect) & page.rect) for g in graphics if g.kind == "image")
    return min(1.0, covered / area)


def hidden_words(page: pymupdf.Page, words: list[Word]) -> list[bool]:
    """Which words are not visible: invisible text (render mode 3) or text under a later image.

    Only asked for pages that look like scans: this is an old OCR layer, replaced by ours.
    """
    log = page.get_bboxlog()
    images = [(i, pymupdf.Rect(b)) for i, (kind, b) in enumerate(log) if "image" in kind]
    hidden: list[pymupdf.Rect] = []
    shown: list[pymupdf.Rect] = []
    for i, (kind, b) in enumerate(log):
        if not kind.endswith("text"):
            continue
        rect = pymupdf.Rect(b)
        area = abs(rect) or 1.0
        covered = any(j > i and abs(rect & img) >= 0.8 * area for j, img in images)
        (hidden if kind == "ignore-text" or covered else shown).append(rect)

    def inside(point: pymupdf.Point, rects: list[pymupdf.Rect]) -> bool:
        return any(r.contains(point) for r in rects)

    out = []
    for w in words:
        centre = pymupdf.Point((w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2)
        out.append(inside(centre, hidden) and not inside(centre, shown))
    return out


def _overlaps(rect: Rect, others: list[Rect]) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return any(o[0] <= cx <= o[2] and o[1] <= cy <= o[3] for o in others)


def marked_regions(page: pymupdf.Page) -> tuple[tuple[Rect, str], ...]:
    """Unapplied Redact annotations (another tool's proposals) with their overlay text or note.

    Left alone, MuPDF would apply them with our own boxes: an unlabelled bar with no ground
    and no audit record, and its overlay text written into the page.
    """
    out = []
    for annot in page.annots(types=(pymupdf.PDF_ANNOT_REDACT,)) or []:
        rect = annot.rect & page.rect
        if rect.is_empty:
            continue
        kind, overlay = page.parent.xref_get_key(annot.xref, "OverlayText")
        note = overlay if kind == "string" else ""
        note = " ".join(x for x in (note, annot.info.get("content", "")) if x)
        out.append((tuple(rect), note))
    return tuple(out)  # type: ignore[return-value]


COVER_DARK = 0.25  # fill colour components at most this: a black (or near-black) box
COVER_MIN_SIDE = 4.0  # points


def image_covers(
    page: pymupdf.Page,
    graphics: list[Graphic],
    words: list[Word],
    drawings: list[dict] | None = None,
) -> tuple[tuple[Rect, str], ...]:
    """Black boxes drawn over an image with no text on them: a sender's "redaction" of a
    screenshot or scan that leaves every pixel in the file. They are handled like another
    tool's marked redactions: the region is burnt, pixels and all."""
    images = [pymupdf.Rect(g.rect) for g in graphics if g.kind == "image"]
    if not images:
        return ()
    out = []
    for d in page.get_drawings() if drawings is None else drawings:
        fill = d.get("fill")
        if not fill or max(fill) > COVER_DARK or (d.get("fill_opacity") or 1.0) < 0.9:
            continue
        r = pymupdf.Rect(d["rect"]) & page.rect
        if r.is_empty or min(r.width, r.height) < COVER_MIN_SIDE:
            continue
        if any(r.contains(pymupdf.Point((w.rect[0] + w.rect[2]) / 2,
                                        (w.rect[1] + w.rect[3]) / 2)) for w in words):  # fmt: skip
            continue  # text on it: a banner or a table header, not a cover
        area = r.width * r.height
        if any((r & im).width * (r & im).height >= 0.5 * area for im in images):
            out.append((tuple(r), "black box drawn over an image: its pixels are still there"))
    return tuple(out)  # type: ignore[return-value]


READ_CONFIDENCE = 60.0  # an OCR word this sure is text: the paths under it are its glyphs


def without_glyphs(
    page: pymupdf.Page, graphics: list[Graphic], drawings: list[dict], words: list[Word]
) -> list[Graphic]:
    """The page's graphics with stroke clusters made again without the glyphs of text drawn
    as outlines that OCR read (they are words, not a signature)."""
    read = [w.rect for w in words if w.conf >= READ_CONFIDENCE]
    return [g for g in graphics if g.kind != "drawing"] + _stroke_clusters(page, drawings, read)


def ocr_lines(words: list[Word]) -> list[list[Word]]:
    """OCR words grouped by the line OCR read them in, in reading order."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())


def _scan_turn(page: pymupdf.Page, infos: list[dict]) -> tuple[float, float]:
    """How the largest image of a page (the scan) is turned on the displayed page, and its
    resolution as placed (0 when the page holds no image: outlines, an unreadable font)."""
    if not infos:
        return 0.0, 0.0
    big = max(infos, key=lambda i: abs(pymupdf.Rect(i["bbox"])))
    return turn_of(page, big.get("transform") or (1, 0, 0, 1, 0, 0)), native_dpi(big)


def extract_document(
    path: Path,
    rel: str,
    ocr: str = "auto",
    page_timeout: float = 0.0,
    untrusted: Collection[int] | None = None,
) -> DocumentText:
    """Read every page of one PDF into PageTexts.

    ``page_timeout`` (seconds, 0: none) limits reading one page. ``ocr`` (auto | always |
    never) says when pages are OCR'd: ``auto`` OCRs pages that show
    (almost) no text over a large image, or whose text cannot be read (fonts without a Unicode
    map); ``always`` every page; ``never`` none (scanned pages are then marked ``needs_ocr``).
    ``untrusted``: the pages whose text cannot be read, as the preflight (``inspect_pdf``)
    found them, so they are not checked twice (a document with form fields or hidden layers is
    checked again: reading shows more of it than the preflight saw); None: checked here.
    Raises ``OcrUnavailable`` (an InputError) when a page needs OCR and Tesseract is missing.
    """
    if ocr not in OCR_MODES:
        raise UsageError(f"--ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    sha = sha256_file(path)
    doc, more = open_for_reading(path)
    if more:
        untrusted = None
    try:
        uses = _image_uses(doc)
        fonts: dict[int, bool] = {}
        plans = []
        all_regions: list[Region] = []
        for page in doc:
            with page_deadline(page_timeout, page.number, "reading the text"):
                words = _page_words(page)
                drawings = page.get_drawings()
                images = page.get_image_info(xrefs=True)
                graphics = page_graphics(page, uses, drawings, images)
                outlines, _ = outline_regions(page, drawings, words)
            hidden = [False] * len(words)
            scanned = False
            if image_coverage(page, graphics) >= SCANNED_COVERAGE:
                hidden = hidden_words(page, words)
                visible = sum(len(w.text) for w, h in zip(words, hidden, strict=True) if not h)
                scanned = visible < SCANNED_MAX_CHARS
            if untrusted is None:
                text = page.get_text("text", flags=TEXT_FLAGS)
                unreadable = text_untrusted(doc, page, text, fonts)
            else:
                unreadable = page.number in untrusted
            shown = sum(len(w.text) for w, h in zip(words, hidden, strict=True) if not h)
            outlined = outline_page(page, outlines, shown)
            needs = scanned or unreadable or outlined
            whole = ocr == "always" or (ocr == "auto" and needs)
            regions = []
            if whole:
                turn, native = _scan_turn(page, images)
                regions = [Region(page.number, page_rect(page), "page", turn, native)]
            elif ocr == "auto":
                regions = image_regions(page, uses, images) + outlines
            plans.append((page, words, graphics, hidden, needs, whole, unreadable, drawings))
            all_regions.extend(regions)
        with cputime.stage("ocr"):
            done = ocr_regions(doc, all_regions)
        pages = []
        for page, words, graphics, hidden, needs, whole, unreadable, drawings in plans:
            width, height = page.rect.width, page.rect.height
            result = done.get(page.number)
            marked = marked_regions(page)
            if result is None or not (whole or result.words or result.ink):
                base = build_page_text(page.number, words, width, height, needs_ocr=needs)
                marked += image_covers(page, graphics, list(base.words), drawings)
                pages.append(replace(base, graphics=tuple(graphics), marked=marked))
                continue
            if any(r.kind != "image" for r in result.regions) and result.words:
                graphics = without_glyphs(page, graphics, drawings, result.words)
            if not whole:  # pictures on a text page: their words join the page's words
                text_rects = [w.rect for w in words]
                ocr_words = [w for w in result.words if not _overlaps(w.rect, text_rects)]
                ink = [Graphic("scan-ink", r) for r in result.ink if not _overlaps(r, text_rects)]
                base = build_page_text(
                    page.number, words, width, height, lines=ocr_lines(ocr_words)
                )
                marked += image_covers(page, graphics, list(base.words), drawings)
                pages.append(
                    replace(
                        base,
                        graphics=tuple(graphics + ink),
                        marked=marked,
                        pictures=tuple(result.pictures),
                    )
                )
                continue
            # OCR'd: keep visible text, replace the hidden (old OCR) layer by our OCR words
            kept = [w for w, h in zip(words, hidden, strict=True) if not h and not unreadable]
            replaced = tuple(w.rect for w, h in zip(words, hidden, strict=True) if h)
            kept_rects = [w.rect for w in kept]
            ocr_words = [w for w in result.words if not _overlaps(w.rect, kept_rects)]
            ink = [Graphic("scan-ink", r) for r in result.ink if not _overlaps(r, kept_rects)]
            base = build_page_text(page.number, kept + ocr_words, width, height, needs_ocr=needs)
            marked += image_covers(page, graphics, list(base.words), drawings)
            pages.append(
                replace(
                    base,
                    graphics=tuple(graphics + ink),
                    ocr=True,
                    replaced_text=replaced,
                    marked=marked,
                    pictures=tuple(result.pictures),
                )
            )
        metadata = {k: v for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v}
        side = text_page(SIDE_PAGE, "\n".join(side_texts(doc, metadata)))
    finally:
        doc.close()
    return DocumentText(
        path=path, rel=rel, sha256=sha, pages=tuple(pages), metadata=metadata, side=side
    )


def extract_text(path: Path, rel: str) -> DocumentText:
    """Only what detection reads of a PDF: every page's words and text (every layer, form
    fields flattened, as ``extract_document``), and the text outside the pages; no images,
    drawings, OCR or checks of the text layer. Verification reads its outputs so: the words
    and text are those ``extract_document(ocr="never")`` gives, and what it leaves out (the
    signature and marked-region candidates) is checked there by pixels and strokes."""
    doc, _ = open_for_reading(path)
    try:
        pages = [
            build_page_text(page.number, _page_words(page), page.rect.width, page.rect.height)
            for page in doc
        ]
        metadata = {k: v for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v}
        side = text_page(SIDE_PAGE, "\n".join(side_texts(doc, metadata)))
    finally:
        doc.close()
    return DocumentText(path=path, rel=rel, sha256="", pages=tuple(pages), metadata=metadata,
                        side=side)  # fmt: skip


SIDE_METADATA = ("title", "subject", "keywords", "author", "creator")


def side_texts(doc: pymupdf.Document, metadata: dict[str, str]) -> list[str]:
    """Annotation notes and authors, metadata values, bookmark titles and the other strings
    of the object graph (structure tree, actions, destinations, XMP …), one per line, once."""
    lines = [metadata[k] for k in SIDE_METADATA if metadata.get(k)]
    for page in doc:
        for annot in page.annots() or []:
            info = annot.info
            lines.extend(info[k] for k in ("content", "title", "subject") if info.get(k))
    lines.extend(entry[1] for entry in doc.get_toc(simple=True) if entry[1])
    lines.extend(graph_texts(doc))  # already filtered: no dates, identifiers, short strings
    folded = (" ".join(line.split()) for line in lines)
    return list(dict.fromkeys(line for line in folded if line))


def text_page(page_no: int, text: str) -> PageText:
    """A PageText for text that has no place on a page: one row per line, nominal boxes."""
    words = []
    for row, line in enumerate(text.split("\n")):
        x = 0.0
        for m in re.finditer(r"(\s*)(\S+)", line):
            x += 40.0 if "\t" in m.group(1) else 5.0 if m.group(1) else 0.0  # a tab stays a tab
            token = m.group(2)
            rect = (x, row * 20.0, x + 6.0 * len(token), row * 20.0 + 12.0)
            words.append(Word(token, rect, page_no, 0, row))
            x += 6.0 * len(token)
    return build_page_text(page_no, words, 1000.0, 20.0 * (text.count("\n") + 1))
