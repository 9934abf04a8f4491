"""PyMuPDF → words with boxes → page text with a map back from characters to words.

This is the only module that reads PDF text. Detectors work on plain strings; the char→word map
is how a finding's character span becomes the boxes the redact stage burns in.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pymupdf

from woo_redact.inputs import open_pdf, sha256_file
from woo_redact.types import DocumentText, PageText, Word

# Keep invisible text, and text outside the crop box: a leak is a leak wherever it is drawn.
# Ligatures are expanded (so "ﬁ" matches "fi"); no TEXT_MEDIABOX_CLIP.
WORD_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_USE_CID_FOR_UNKNOWN_UNICODE


def visual_rows(words: list[Word]) -> list[list[Word]]:
    """Group words into visual rows (same height on the page), each sorted left to right.

    MuPDF's own blocks split a header row such as "Auteur    drs. M. de Vries" into two blocks
    when label and value were drawn separately; reading by rows keeps label and value together.
    """
    order = sorted(words, key=lambda w: ((w.rect[1] + w.rect[3]) / 2, w.rect[0]))
    rows: list[list[Word]] = []
    row_y0 = row_y1 = 0.0
    for w in order:
        yc = (w.rect[1] + w.rect[3]) / 2
        h = w.rect[3] - w.rect[1]
        if rows and row_y0 <= yc <= row_y1 and abs(h) < 3 * max(row_y1 - row_y0, 1):
            rows[-1].append(w)
            continue
        rows.append([w])
        row_y0, row_y1 = w.rect[1], w.rect[3]
    for row in rows:
        row.sort(key=lambda w: w.rect[0])
    return rows


def build_page_text(
    page_no: int, words: Iterable[Word], width: float, height: float, needs_ocr: bool = False
) -> PageText:
    """Join words into text by visual rows, with the hyphenation at line ends undone.

    Words in a row are separated by a space, or by a tab where the gap is wide (a column or
    the gap between a header label and its value); rows by a newline. A row ending in
    ``woord-`` followed by a row starting with a lower-case letter is joined without the
    hyphen, so "Ver-" + "hoeven" reads "Verhoeven" and maps to both boxes.
    """
    rows = visual_rows([w for w in words if w.text.strip()])
    ordered: list[Word] = []
    parts: list[str] = []
    char_word: list[int] = []
    for r, row in enumerate(rows):
        for c, w in enumerate(row):
            i = len(ordered)
            ordered.append(Word(w.text, w.rect, w.page, 0, r, w.source))
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


def _page_words(page: pymupdf.Page) -> list[Word]:
    raw = page.get_text("words", flags=WORD_FLAGS, clip=pymupdf.INFINITE_RECT())
    return [
        Word(text=w[4], rect=(w[0], w[1], w[2], w[3]), page=page.number, block=w[5], line=w[6])
        for w in raw
        if w[4].strip()
    ]


def extract_page(page: pymupdf.Page) -> PageText:
    words = _page_words(page)
    return build_page_text(page.number, words, page.rect.width, page.rect.height)


def extract_document(path: Path, rel: str, ocr: str = "auto") -> DocumentText:
    """Read every page of one PDF into PageTexts.

    ``ocr`` (auto | always | never) says when image-only pages are OCR'd.
    """
    sha = sha256_file(path)
    doc = open_pdf(path)
    try:
        pages = tuple(extract_page(page) for page in doc)
        metadata = {k: v for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v}
    finally:
        doc.close()
    return DocumentText(path=path, rel=rel, sha256=sha, pages=pages, metadata=metadata)
