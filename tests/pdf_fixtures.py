"""Generated PDFs for signatures, scans and hidden content, and helpers to inspect the output.

Everything is drawn with PyMuPDF from fixed numbers, so the files are deterministic.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pymupdf

from woo_redact.detect import span_boxes
from woo_redact.types import DocumentText, Redaction

A4 = (595.0, 842.0)


# -- pixmaps -------------------------------------------------------------------------------------


def scribble_pixmap(width: int = 240, height: int = 80, alpha: bool = False) -> pymupdf.Pixmap:
    """A blue handwritten-looking stroke on white (or on transparent with ``alpha``)."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), alpha)
    pix.clear_with(0 if alpha else 255)
    ink = (20, 30, 140, 255) if alpha else (20, 30, 140)
    for x in range(8, width - 8):
        y = int(height / 2 + height / 3.2 * math.sin(x / 11.0) * math.cos(x / 37.0))
        for dy in range(-2, 3):
            pix.set_pixel(x, y + dy, ink)
    return pix


def block_pixmap(width: int, height: int, rgb: tuple[int, int, int]) -> pymupdf.Pixmap:
    """A logo-like coloured block with a white band (not uniform, so blanking would show)."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), 0)
    pix.clear_with(0)
    pix.set_rect(pix.irect, rgb)
    pix.set_rect(pymupdf.IRect(0, height // 3, width, height // 2), (255, 255, 255))
    return pix


def pixels(pix: pymupdf.Pixmap) -> np.ndarray:
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)


# -- a signed letter -----------------------------------------------------------------------------

SIGNATURE_IMAGE = pymupdf.Rect(72, 330, 192, 370)  # below "Met vriendelijke groet,"
LOGO = pymupdf.Rect(420, 30, 540, 70)  # letterhead
STAMP = pymupdf.Rect(330, 300, 410, 380)  # the organisation's stamp beside the signature
CHART = pymupdf.Rect(300, 560, 520, 700)  # a line chart with axes and labels
SCRIBBLE = pymupdf.Rect(200, 460, 320, 490)  # vector strokes next to "Handtekening:"
INK = pymupdf.Rect(180, 520, 260, 545)  # an ink annotation next to "Paraaf:"
INITIALS = pymupdf.Rect(72, 760, 102, 780)  # initials image in the parafenroute


def signed_letter(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    lines = [
        (72, 110, "Gemeente Almere, team Vergunningen"),
        (72, 140, "Geachte heer De Boer,"),
        (72, 170, "Hierbij ontvangt u het besluit over uw aanvraag voor een omgevingsvergunning."),
        (72, 184, "Het besluit treedt in werking op 1 mei 2023."),
        (72, 320, "Met vriendelijke groet,"),
        (72, 390, "Jan de Boer"),
        (72, 404, "Senior medewerker Vergunningen"),
        (72, 480, "Handtekening:"),
        (72, 535, "Paraaf:"),
        (72, 740, "Parafenroute"),
    ]
    for x, y, text in lines:
        page.insert_text((x, y), text, fontsize=11, fontname="helv")
    page.insert_image(SIGNATURE_IMAGE, pixmap=scribble_pixmap(), keep_proportion=False)
    page.insert_image(INITIALS, pixmap=scribble_pixmap(90, 60), keep_proportion=False)
    page.insert_image(LOGO, pixmap=block_pixmap(120, 40, (0, 80, 160)), keep_proportion=False)
    page.insert_image(STAMP, pixmap=block_pixmap(80, 80, (170, 20, 20)), keep_proportion=False)
    shape = page.new_shape()  # vector scribble
    x, y = SCRIBBLE.x0 + 4, SCRIBBLE.y1 - 8
    shape.draw_bezier((x, y), (x + 15, y - 30), (x + 30, y + 10), (x + 50, y - 12))
    shape.draw_bezier((x + 50, y - 12), (x + 70, y - 25), (x + 85, y + 8), (x + 110, y - 10))
    shape.finish(color=(0.05, 0.1, 0.45), width=1.2, closePath=False)
    # chart: axes, grid, a curved data line and labels
    c = CHART
    shape.draw_line((c.x0 + 20, c.y1 - 20), (c.x1, c.y1 - 20))
    shape.draw_line((c.x0 + 20, c.y0), (c.x0 + 20, c.y1 - 20))
    for i in range(1, 5):
        gy = c.y1 - 20 - i * 25
        shape.draw_line((c.x0 + 20, gy), (c.x1, gy))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.draw_polyline([(c.x0 + 20 + i * 20, c.y1 - 30 - 8 * (i % 4) - 4 * i) for i in range(10)])
    shape.finish(color=(0.8, 0.1, 0.1), width=1.0, closePath=False)
    shape.commit()
    for i, label in enumerate(["2019", "2020", "2021", "2022", "2023"]):
        page.insert_text((c.x0 + 30 + i * 40, c.y1 - 5), label, fontsize=7)
    page.insert_text((c.x0 + 40, c.y0 + 10), "Aantal aanvragen per jaar", fontsize=8)
    annot = page.add_ink_annot(
        [[(INK.x0 + 2 + i * 7, INK.y0 + 12 + 10 * math.sin(i)) for i in range(11)]]
    )
    annot.set_border(width=1.5)
    annot.update()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


# -- a scanned letter ----------------------------------------------------------------------------

SCAN_LINES = [
    "Gemeente Almere",
    "Afdeling Publiekszaken",
    "",
    "Geachte heer Pietersen,",
    "",
    "Uw aanvraag is ontvangen op 12 maart 2024.",
    "Het burgerservicenummer van de aanvrager is 111222333.",
    "Wij nemen binnen acht weken een besluit.",
    "",
    "Met vriendelijke groet,",
]
SCAN_SIGNATURE = pymupdf.Rect(72, 250, 200, 290)


def scanned_letter(
    path: Path, dpi: int = 150, ocr_layer: list[tuple[str, tuple[float, float]]] | None = None
) -> Path:
    """A page that is only an image (a scan), optionally with an invisible old OCR layer."""
    src = pymupdf.open()
    page = src.new_page(width=A4[0], height=A4[1])
    y = 80.0
    for line in SCAN_LINES:
        if line:
            page.insert_text((72, y), line, fontsize=12, fontname="tiro")
        y += 18
    page.insert_text((72, 310), "K. Pietersen", fontsize=12, fontname="tiro")
    shape = page.new_shape()
    x0, y0 = SCAN_SIGNATURE.x0 + 5, SCAN_SIGNATURE.y1 - 10
    shape.draw_bezier((x0, y0), (x0 + 20, y0 - 40), (x0 + 40, y0 + 10), (x0 + 60, y0 - 15))
    shape.draw_bezier((x0 + 60, y0 - 15), (x0 + 80, y0 - 35), (x0 + 95, y0 + 5), (x0 + 115, y0))
    shape.finish(color=(0.05, 0.05, 0.3), width=2.0, closePath=False)
    shape.commit()
    image = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    src.close()
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    if ocr_layer:
        for text, point in ocr_layer:
            page.insert_text(point, text, fontsize=12, render_mode=3)
    page.insert_image(page.rect, pixmap=image)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path, deflate=True)
    doc.close()
    return path


# -- hidden content ------------------------------------------------------------------------------

SECRET = "Karel Pietersen"
KEPT = "Gemeente Almere"


def hidden_content_pdf(path: Path) -> Path:
    """The same name in every channel that is present but not seen on screen."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 80), f"{KEPT} behandelt deze zaak.", fontsize=11)
    page.insert_text((72, 100), f"Behandeld door {SECRET} op 3 april.", fontsize=11)
    page.insert_text((72, 130), f"Wit {SECRET} wit", fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 160), f"Onzichtbaar {SECRET} tekst", fontsize=11, render_mode=3)
    page.insert_text((72, 190), f"Onder {SECRET} beeld", fontsize=11)
    page.insert_image(
        pymupdf.Rect(60, 176, 300, 196),
        pixmap=block_pixmap(48, 4, (90, 90, 90)),
        keep_proportion=False,
    )
    page.insert_text((640, 220), f"Buiten {SECRET} pagina", fontsize=11)  # off the page
    ocg = doc.add_ocg(f"Notities {SECRET}", on=False)
    page.insert_text((72, 250), f"Laag {SECRET} verborgen", fontsize=11, oc=ocg)
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "behandelaar"
    widget.field_value = SECRET
    widget.text_fontsize = 11
    widget.rect = pymupdf.Rect(72, 280, 300, 298)
    page.add_widget(widget)
    page.add_file_annot((500, 400), f"notitie van {SECRET}".encode(), "notitie.txt")
    doc.embfile_add("bijlage.txt", f"bijlage van {SECRET}".encode(), filename="bijlage.txt")
    doc.set_toc([[1, f"Notitie {SECRET}", 1]])
    doc.set_page_labels([{"startpage": 0, "prefix": f"{SECRET}-", "style": "D", "firstpagenum": 1}])
    doc.set_metadata({"title": "Concept Pietje Puk"})
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    doc = pymupdf.open(path)  # an incremental update: the earlier revision stays in the file
    doc.set_metadata({"title": "Definitief"})
    doc.saveIncr()
    doc.close()
    return path


def redactions_for(doc: DocumentText, needles: list[str], type_: str = "PERSON") -> list[Redaction]:
    """Redactions for every occurrence of ``needles`` in the page texts (as decide would make)."""
    out = []
    for page in doc.pages:
        for needle in needles:
            pattern = r"\s+".join(re.escape(p) for p in needle.split())
            for m in re.finditer(pattern, page.text):
                boxes = span_boxes(page, m.start(), m.end())
                out.append(
                    Redaction(
                        doc.rel, page.page, boxes, "5.1.2e", type_, "test", 1.0, "t", m.group(0)
                    )
                )
    return out


def all_text(path: Path) -> str:
    """Page text with every layer on and nothing clipped, whitespace folded."""
    with pymupdf.open(path) as doc:
        for config in doc.layer_ui_configs():
            doc.set_layer_ui_config(config["number"], 0)
        return " ".join(
            " ".join(page.get_text("text", clip=pymupdf.INFINITE_RECT()).split()) for page in doc
        )


def without_unicode_map(path: Path, text: str, fontsize: float = 11) -> Path:
    """A page in an embedded subset font whose ToUnicode map was left out: it shows ``text``
    and extracts as shifted letters. Skips the test where no DejaVuSans.ttf is installed."""
    import pytest

    fonts = sorted(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"))
    if not fonts:
        pytest.skip("no DejaVuSans.ttf on this system")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontfile=str(fonts[0]))
    page.insert_text((72, 100), text, fontname="F0", fontsize=fontsize)
    doc.subset_fonts()
    doc.xref_set_key(page.get_fonts()[0][0], "ToUnicode", "null")
    doc.save(path, garbage=3)
    return path


def placed_pdf(path: Path, cells: list[tuple[float, float, str]], fontsize: float = 9) -> Path:
    """One page with each text drawn at its own (x, y): table cells, letterhead columns."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in cells:
        page.insert_text((x, y), text, fontsize=fontsize, fontname="helv")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


def table_cells(
    header: list[str], rows: list[list[str]], xs: list[float], top: float = 120, step: float = 14
) -> list[tuple[float, float, str]]:
    """A table without rules: the header row, then one row per entry, columns at ``xs``."""
    out = [(x, top, h) for x, h in zip(xs, header, strict=True)]
    for r, row in enumerate(rows, start=1):
        out.extend((x, top + r * step, cell) for x, cell in zip(xs, row, strict=True) if cell)
    return out


# -- pictures of text on text pages --------------------------------------------------------------

CHAT_LINES = ["Karel Pietersen 10:42", "Bel me even op 06-41234567", "Groet, Karel"]
PICTURE = pymupdf.Rect(72, 200, 372, 290)  # where the screenshot is placed


def text_png(lines: list[str], fontsize: float = 11, dpi: int = 144, width: float = 300) -> bytes:
    """A screenshot-like PNG: dark lines of text on a light grey pane."""
    src = pymupdf.open()
    height = 14 + fontsize * 1.6 * len(lines)
    page = src.new_page(width=width, height=height)
    page.draw_rect(page.rect, color=None, fill=(0.94, 0.94, 0.92))
    for i, line in enumerate(lines):
        page.insert_text((10, 10 + fontsize * (1 + 1.6 * i)), line, fontsize=fontsize)
    data = page.get_pixmap(dpi=dpi).tobytes("png")
    src.close()
    return data


def screenshot_page(
    path: Path,
    rotate: int = 0,
    body: tuple[str, ...] = ("Zie de schermafbeelding hieronder.",),
    cover: pymupdf.Rect | None = None,
) -> Path:
    """A text page with a screenshot of a chat pasted on it (placed turned by ``rotate``),
    optionally with a sender's black box drawn over part of it."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    for i, line in enumerate(body):
        page.insert_text((72, 100 + 16 * i), line, fontsize=11)
    box = PICTURE if rotate in (0, 180) else pymupdf.Rect(72, 200, 162, 500)
    page.insert_image(box, stream=text_png(CHAT_LINES), rotate=rotate)
    if cover is not None:
        page.draw_rect(cover, color=None, fill=(0, 0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


OUTLINE_LINES = ["Aan de heer J. Verhoeven", "Telefoon 06-41234567", "Met vriendelijke groet"]


def outline_pdf(path: Path, lines: list[str] = OUTLINE_LINES, with_text: bool = False) -> Path:
    """A page whose text is drawn as glyph outlines (filled paths), no text layer; with
    ``with_text``, a normal text paragraph above them (an outlined region on a text page)."""
    src = pymupdf.open()
    page = src.new_page(width=A4[0], height=A4[1])
    for i, line in enumerate(lines):
        page.insert_text((72, 400 + 22 * i), line, fontsize=14)
    svg = page.get_svg_image(text_as_path=True)
    src.close()
    outlined = pymupdf.open("pdf", pymupdf.open("svg", svg.encode()).convert_to_pdf())
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.show_pdf_page(page.rect, outlined, 0)
    if with_text:
        for i, line in enumerate(["Een gewone alinea met tekst op de pagina.", "Nog een regel."]):
            page.insert_text((72, 100 + 16 * i), line, fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path
