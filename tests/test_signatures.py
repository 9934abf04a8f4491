"""Signatures and initials are found by position and burnt out; logos, stamps and charts stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from tests.pdf_fixtures import (
    CHART,
    INITIALS,
    INK,
    LOGO,
    SCRIBBLE,
    SIGNATURE_IMAGE,
    STAMP,
    pixels,
    scribble_pixmap,
    signed_letter,
)
from woo_redact.detect.signatures import cues_for, detect_signatures
from woo_redact.extract import extract_document
from woo_redact.redact import burn
from woo_redact.rules import load_rules
from woo_redact.types import DocumentText, Finding, Redaction
from woo_redact.verify import verify


@pytest.fixture
def letter(tmp_path: Path) -> tuple[DocumentText, list[Finding]]:
    doc = extract_document(signed_letter(tmp_path / "in" / "brief.pdf"), "brief.pdf")
    page = doc.pages[0]
    return doc, detect_signatures(doc, page, [], cues_for(load_rules()))


def _centre_in(rect: pymupdf.Rect, finding: Finding) -> bool:
    box = pymupdf.Rect(finding.boxes[0])
    return box.contains((rect.tl + rect.br) / 2)


def test_signatures_found_by_position_and_nothing_else(letter: tuple) -> None:
    _, findings = letter
    assert all(f.type == "SIGNATURE" and f.start == f.end == -1 and not f.text for f in findings)
    found = {f.recognizer: f for f in findings}
    # an image below the closing, initials in the parafenroute, ink next to "Paraaf",
    # vector strokes next to "Handtekening"
    for rect, kind in [
        (SIGNATURE_IMAGE, "image"),
        (INITIALS, "image"),
        (INK, "ink"),
        (SCRIBBLE, "drawing"),
    ]:
        assert any(f.recognizer == f"signature:{kind}" and _centre_in(rect, f) for f in findings)
    assert "signature:image" in found
    # the letterhead logo, the organisation's stamp and the chart are not signatures
    for rect in (LOGO, STAMP, CHART):
        assert not any(_centre_in(rect, f) for f in findings), rect
    assert len(findings) == 4


def test_signature_next_to_a_name_without_a_closing(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 200), "Jan de Boer", fontsize=11)
    page.insert_image(
        pymupdf.Rect(72, 150, 180, 188), pixmap=scribble_pixmap(), keep_proportion=False
    )
    path = tmp_path / "naam.pdf"
    doc.save(path)
    text = extract_document(path, "naam.pdf")
    name = text.pages[0].text.index("Jan de Boer")
    person = Finding("p", "naam.pdf", 0, name, name + 11, "Jan de Boer", "PERSON", 0.9, "t", "",
                     ((72, 190, 140, 203),))  # fmt: skip
    cues = cues_for(load_rules())
    assert detect_signatures(text, text.pages[0], [], cues) == []
    found = detect_signatures(text, text.pages[0], [person], cues)
    assert [f.context for f in found] == ["image above a name"]


def _redactions(doc: DocumentText, findings: list[Finding]) -> list[Redaction]:
    return [
        Redaction(doc.rel, f.page, f.boxes, "5.1.2e", f.type, f.recognizer, f.score, f.id, "")
        for f in findings
    ]


def test_signature_pixels_strokes_and_ink_are_gone(letter: tuple, tmp_path: Path) -> None:
    doc, findings = letter
    reds = _redactions(doc, findings)
    out = tmp_path / "out.pdf"
    burnt = burn(doc.path, out, doc, reds)
    assert verify(out, doc, reds, burnt) == []
    with pymupdf.open(doc.path) as src:
        before = {
            tuple(round(v) for v in info["bbox"]): pixels(pymupdf.Pixmap(src, info["xref"]))
            for info in src[0].get_image_info(xrefs=True)
        }
    with pymupdf.open(out) as res:
        page = res[0]
        after = {
            tuple(round(v) for v in info["bbox"]): pixels(pymupdf.Pixmap(res, info["xref"]))
            for info in page.get_image_info(xrefs=True)
        }
        # no extractable image still holds a signature: the signature and the initials images
        # are gone (or blank), every image in the file is one of the kept ones
        for rect in (SIGNATURE_IMAGE, INITIALS):
            key = tuple(round(v) for v in rect)
            assert key not in after or np.ptp(after[key]) == 0
        for xref in range(1, res.xref_length()):
            if res.xref_get_key(xref, "Subtype")[1] == "/Image":
                arr = pixels(pymupdf.Pixmap(res, xref))
                assert arr.shape[:2] in {(40, 120), (80, 80)} or np.ptp(arr) == 0
        # the logo and the stamp survive pixel for pixel
        for rect in (LOGO, STAMP):
            key = tuple(round(v) for v in rect)
            assert np.array_equal(after[key], before[key])
        # the vector scribble is gone, the chart (axes, grid, data line) is complete
        drawings = page.get_drawings()
        assert not [d for d in drawings if SCRIBBLE.contains((d["rect"].tl + d["rect"].br) / 2)
                    and d.get("fill") is None]  # fmt: skip
        chart = [d for d in drawings if CHART.contains(d["rect"])]
        assert len(chart) == 2 and any(round(d["color"][0], 2) == 0.8 for d in chart)
        # ink annotations (handwriting) are removed
        assert not [a for a in page.annots() if a.type[0] == pymupdf.PDF_ANNOT_INK]
        # the closing and the printed text around the signature stay legible
        text = page.get_text()
        assert "Met vriendelijke groet," in text and "Parafenroute" in text
        assert "Aantal aanvragen per jaar" in text


def test_signature_with_transparency_leaves_no_soft_mask(tmp_path: Path) -> None:
    """A PNG signature keeps its shape in the alpha channel: that must go too."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Met vriendelijke groet,", fontsize=11)
    page.insert_image(pymupdf.Rect(72, 110, 192, 150), pixmap=scribble_pixmap(alpha=True))
    path = tmp_path / "png.pdf"
    doc.save(path)
    text = extract_document(path, "png.pdf")
    findings = detect_signatures(text, text.pages[0], [], cues_for(load_rules()))
    assert len(findings) == 1
    reds = _redactions(text, findings)
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, text, reds)
    assert verify(out, text, reds, burnt) == []
    with pymupdf.open(out) as res:
        for xref in range(1, res.xref_length()):
            if res.xref_get_key(xref, "Subtype")[1] == "/Image":
                assert np.ptp(pixels(pymupdf.Pixmap(res, xref))) == 0


def test_verify_catches_a_signature_left_behind(letter: tuple, tmp_path: Path) -> None:
    """Fail closed: the unredacted file does not pass as redacted."""
    from woo_redact.redact import BurnResult

    doc, findings = letter
    reds = _redactions(doc, findings)
    burnt = BurnResult()
    for red in reds:
        burnt.regions[red.page].extend(red.rects)
    problems = verify(doc.path, doc, reds, burnt)
    assert any("image pixels" in p for p in problems)
    assert any("drawn strokes" in p for p in problems)
    assert any("ink annotation" in p for p in problems)


@pytest.mark.slow
def test_sample_letter_signature_redacted_end_to_end(tmp_path: Path) -> None:
    from woo_redact.pipeline import Options, run

    sample = Path(__file__).resolve().parent.parent / "samples" / "brief_burger_bezwaar.pdf"
    if not sample.exists():
        pytest.skip("samples not generated")
    summary = run([sample], Options(out=tmp_path / "out", workers=1))
    result = summary.results[0]
    assert result.status.value == "ok", result.error
    sigs = [r for r in result.redactions if r.type == "SIGNATURE"]
    assert len(sigs) == 1 and sigs[0].ground == "5.1.2e"
    with pymupdf.open(result.output) as res:
        assert not [d for d in res[0].get_drawings() if any(i[0] == "c" for i in d["items"])]


def test_signatures_down_a_handtekening_column(tmp_path: Path) -> None:
    """An attendance list: every row's signature is in the column headed 'Handtekening', far
    below the header; a logo-sized image outside the column is not a signature."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, text in ((60, "Naam"), (220, "Organisatie"), (400, "Handtekening")):
        page.insert_text((x, 150), text, fontsize=10)
    for row in range(6):
        y = 190 + row * 45
        page.insert_text((60, y), f"Deelnemer {row + 1}", fontsize=10)
        page.insert_text((220, y), "Provincie", fontsize=10)
        page.insert_image(pymupdf.Rect(400, y - 25, 500, y + 5), pixmap=scribble_pixmap(),
                          keep_proportion=False)  # fmt: skip
    page.insert_image(pymupdf.Rect(220, 520, 300, 560), pixmap=scribble_pixmap())
    path = tmp_path / "presentielijst.pdf"
    doc.save(path)
    text = extract_document(path, "presentielijst.pdf")
    found = detect_signatures(text, text.pages[0], [], cues_for(load_rules()))
    assert len(found) == 6
    assert all(f.boxes[0][0] >= 395 for f in found)
    assert sum("in the column of 'Handtekening'" in f.context for f in found) >= 5


def test_a_handtekening_label_in_running_text_heads_no_column(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 150), "De handtekening van de aanvrager ontbreekt nog.", fontsize=10)
    page.insert_image(pymupdf.Rect(80, 400, 180, 430), pixmap=scribble_pixmap(),
                      keep_proportion=False)  # fmt: skip
    path = tmp_path / "tekst.pdf"
    doc.save(path)
    text = extract_document(path, "tekst.pdf")
    assert detect_signatures(text, text.pages[0], [], cues_for(load_rules())) == []


def test_touching_signatures_in_a_column_are_no_stamp(tmp_path: Path) -> None:
    """Scanned signatures of adjacent rows that touch make one squarish blob: in the
    'Handtekening' column it is signatures; the same blob elsewhere is still a stamp."""
    from dataclasses import replace

    from woo_redact.detect.signatures import classify, find_cues
    from woo_redact.types import Graphic

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, text in ((60, "Naam"), (220, "Organisatie"), (400, "Handtekening")):
        page.insert_text((x, 150), text, fontsize=10)
    page.insert_text((60, 600), "Met vriendelijke groet,", fontsize=10)
    path = tmp_path / "lijst.pdf"
    doc.save(path)
    text = extract_document(path, "lijst.pdf").pages[0]
    cues = find_cues(text, cues_for(load_rules()), [])
    merged = Graphic("scan-ink", (405.0, 250.0, 480.0, 325.0))
    assert classify(merged, text, cues) is not None
    below_closing = replace(merged, rect=(60.0, 615.0, 135.0, 690.0))
    assert classify(below_closing, text, cues) is None  # a stamp under the closing


def test_with_a_signature_column_only_the_column_holds_signatures(tmp_path: Path) -> None:
    """In an attendance list with a 'Handtekening' column, ink beside the column (a printed
    word OCR could not read, a table rule with a header word) is no signature: neither the
    column header's 'below' zone nor a listed name's 'above' zone reaches into other cells."""
    from woo_redact.detect.signatures import classify, find_cues
    from woo_redact.types import Graphic

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, text in ((60, "Naam"), (220, "Organisatie"), (400, "Handtekening")):
        page.insert_text((x, 150), text, fontsize=10)
    page.insert_text((60, 200), "K. van den Wiel", fontsize=10)
    page.insert_text((220, 200), "Waterschap Oosterwolde", fontsize=10)
    path = tmp_path / "lijst.pdf"
    doc.save(path)
    text = extract_document(path, "lijst.pdf").pages[0]
    name = [Finding("n", "lijst.pdf", 0, 0, 0, "K. van den Wiel", "PERSON", 0.9, "rule", "",
                    ((60.0, 190.0, 130.0, 202.0),))]  # fmt: skip
    cues = find_cues(text, cues_for(load_rules()), name)
    assert classify(Graphic("scan-ink", (405.0, 185.0, 480.0, 210.0)), text, cues) is not None
    beside = Graphic("scan-ink", (338.0, 188.0, 394.0, 209.0))  # the column to the left
    assert classify(beside, text, cues) is None
    above_name = Graphic("scan-ink", (55.0, 140.0, 85.0, 195.0))  # rule and header word
    assert classify(above_name, text, cues) is None
