"""Issue 8: ways personal data got out, each reproduced once and kept here."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import write_pdf
from tests.pdf_fixtures import without_unicode_map
from woo_redact.decide import decide_set
from woo_redact.detect import MARKED, detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.extract import extract_document
from woo_redact.pdfobjects import graph_problems
from woo_redact.pipeline import Options, run
from woo_redact.redact import burn
from woo_redact.rules import load_rules
from woo_redact.types import Status
from woo_redact.verify import verify


def decide_and_burn(src: Path, tmp_path: Path, **kw):
    doc = extract_document(src, src.name, **kw)
    findings = detect_document(doc, get_analyzer())
    decided = decide_set([doc], findings, load_rules())
    reds = decided.redactions.get(src.name, [])
    out = tmp_path / "out.pdf"
    burnt = burn(src, out, doc, reds)
    return doc, decided, reds, out, verify(out, doc, reds, burnt), burnt


def test_name_across_a_page_break_is_redacted_on_both_pages(tmp_path: Path) -> None:
    src = write_pdf(
        tmp_path / "a.pdf",
        [
            ["Verslag van het overleg.", "Op dinsdag sprak de projectleider met mevrouw Hanneke"],
            ["Zwartsenberg over de planning van het project.", "Verder geen punten."],
        ],
    )
    _, _, reds, out, problems, _ = decide_and_burn(src, tmp_path)
    assert problems == []
    assert {(r.page, r.text) for r in reds} >= {(0, "Hanneke"), (1, "Zwartsenberg")}
    with pymupdf.open(out) as pdf:
        text = " ".join(p.get_text() for p in pdf)
    assert "Hanneke" not in text and "Zwartsenberg" not in text
    assert "projectleider" in text and "planning" in text


def test_page_numbers_between_the_halves_do_not_hide_the_name(tmp_path: Path) -> None:
    src = write_pdf(
        tmp_path / "a.pdf",
        [
            ["Het gesprek met mevrouw Hanneke", "", "", "1"],
            ["2", "Zwartsenberg verliep goed."],
        ],
    )
    _, _, reds, _, problems, _ = decide_and_burn(src, tmp_path)
    assert problems == []
    assert (1, "Zwartsenberg") in {(r.page, r.text) for r in reds}


def test_foreign_redact_annotation_becomes_a_recorded_redaction(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Het dossier is compleet.", "Geheim project Zonnebloem"]])
    with pymupdf.open(src) as pdf:
        words = [w for w in pdf[0].get_text("words") if w[4] == "Zonnebloem"]
        rect = pymupdf.Rect(words[0][:4]) + (-1, -1, 1, 1)
        pdf[0].add_redact_annot(rect, text="5.1.2i")
        pdf.save(tmp_path / "marked.pdf")
    src = tmp_path / "marked.pdf"
    _, decided, reds, out, problems, burnt = decide_and_burn(src, tmp_path)
    assert problems == []
    (marked,) = [r for r in reds if r.type == MARKED]
    assert marked.ground == "5.1.2i"  # the ground its overlay text names
    assert decided.decisions[marked.finding_id].by == "input:redact-annotation"
    with pymupdf.open(out) as pdf:
        text = pdf[0].get_text()
        assert not list(pdf[0].annots())
    assert "Zonnebloem" not in text and "5.1.2i" not in text  # no overlay text written
    assert "[Redacted]" in text and "dossier" in text


def test_stamp_over_a_name_is_removed_not_a_refusal(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "a.pdf", [["Aanwezig: dhr. Pieter Zwartsenberg en anderen."]])
    with pymupdf.open(src) as pdf:
        pdf[0].add_stamp_annot(pymupdf.Rect(150, 55, 300, 80), stamp=0)
        pdf.save(tmp_path / "stamped.pdf")
    _, _, reds, out, problems, burnt = decide_and_burn(tmp_path / "stamped.pdf", tmp_path)
    assert problems == []
    assert any("annotation over a redaction removed" in r for r in burnt.remarks)
    with pymupdf.open(out) as pdf:
        assert "Zwartsenberg" not in pdf[0].get_text()


def test_font_without_unicode_map_with_ocr_always_relies_on_ocr_only(tmp_path: Path) -> None:
    without_unicode_map(tmp_path / "nomap.pdf", "Gesprek met Hanneke Zwartsenberg", 16)
    for mode in ("always", "auto"):
        text = extract_document(tmp_path / "nomap.pdf", "nomap.pdf", ocr=mode)
        (page_text,) = text.pages
        assert page_text.ocr
        assert {w.source for w in page_text.words} == {"ocr"}, mode  # untrusted layer not used
        assert "Zwartsenberg" in page_text.text


def test_glyphs_drawn_out_of_order_are_read_as_shown(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Gesprek met mevrouw", fontname="helv", fontsize=11)
    x = 72 + pymupdf.get_text_length("Gesprek met mevrouw ", fontname="helv", fontsize=11)
    placed = []
    for ch in "Zwartsenberg":
        placed.append((x, ch))
        x += pymupdf.get_text_length(ch, fontname="helv", fontsize=11)
    for x, ch in placed[::-1]:  # right to left: content order is not reading order
        page.insert_text((x, 72), ch, fontname="helv", fontsize=11)
    doc.save(tmp_path / "scrambled.pdf")
    _, _, reds, out, problems, _ = decide_and_burn(tmp_path / "scrambled.pdf", tmp_path)
    assert problems == []
    assert any("Zwartsenberg" in r.text for r in reds)
    with pymupdf.open(out) as pdf:
        shown = pdf[0].get_text("rawdict")
    letters = "".join(ch["c"] for b in shown["blocks"] for ln in b.get("lines", [])
                      for sp in ln["spans"] for ch in sp["chars"])  # fmt: skip
    assert "Zwa" not in letters and "berg" not in letters and "Gesprek" in letters


def _with_actual_text(tmp_path: Path, shown: str, said: str) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Het gesprek met mevrouw", fontname="helv", fontsize=11)
    doc.save(tmp_path / "plain.pdf")
    doc = pymupdf.open(tmp_path / "plain.pdf")
    page = doc[0]
    xref = page.get_contents()[0]
    extra = f"\n/Span <</ActualText ({said})>> BDC BT /helv 11 Tf 250 770 Td ({shown}) Tj ET EMC\n"
    doc.update_stream(xref, doc.xref_stream(xref) + extra.encode())
    doc.save(tmp_path / "actual.pdf")
    return tmp_path / "actual.pdf"


@pytest.mark.parametrize(
    ("shown", "said"), [("Zwartsenberg", "Gemeente"), ("Gemeente", "Zwartsenberg")]
)
def test_actual_text_that_disagrees_with_the_glyphs(tmp_path: Path, shown: str, said: str) -> None:
    """The page is read as a picture, and no ActualText survives in the output."""
    src = _with_actual_text(tmp_path, shown, said)
    text = extract_document(src, src.name)
    assert text.pages[0].ocr  # its text layer was not trusted
    _, _, _, out, problems, _ = decide_and_burn(src, tmp_path)
    with pymupdf.open(out) as pdf:
        page = pdf[0]
        for flags in (0, pymupdf.TEXT_IGNORE_ACTUALTEXT):
            assert "Zwartsenberg" not in page.get_text(flags=flags)
        assert b"Zwartsenberg" not in pdf.xref_stream(page.get_contents()[0])
    assert problems == []


def test_marked_content_alt_and_expansion_are_emptied(tmp_path: Path) -> None:
    """/Alt and /E of a marked-content span are what a screen reader says: emptied too."""
    src = write_pdf(tmp_path / "a.pdf", [["Een figuur zonder namen."]])
    with pymupdf.open(src) as pdf:
        xref = pdf[0].get_contents()[0]
        extra = b"\n/Figure <</Alt (Foto van Hanneke Zwartsenberg) /E (H. Zwartsenberg)>> BDC EMC\n"
        pdf.update_stream(xref, pdf.xref_stream(xref) + extra)
        pdf.save(tmp_path / "alt.pdf")
    _, _, _, out, problems, burnt = decide_and_burn(tmp_path / "alt.pdf", tmp_path)
    with pymupdf.open(out) as pdf:
        assert b"Zwartsenberg" not in pdf.xref_stream(pdf[0].get_contents()[0])
        assert "figuur" in pdf[0].get_text()
    assert any("ActualText/Alt" in r for r in burnt.remarks)


def test_tounicode_map_that_names_other_letters_than_drawn(tmp_path: Path) -> None:
    """Extraction reads rot13 of what the page shows: the page is read as a picture."""
    doc = pymupdf.open()
    page = doc.new_page()
    font_xref = doc.get_new_xref()
    doc.update_object(font_xref, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                      "/Encoding /WinAnsiEncoding >>")  # fmt: skip
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /F1 {font_xref} 0 R >> >>")
    body = b"BT /F1 11 Tf 72 770 Td (Gesprek met mevrouw Hanneke Zwartsenberg) Tj ET"
    contents = doc.get_new_xref()
    doc.update_object(contents, "<<>>")
    doc.update_stream(contents, body)
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    pairs = [(c, (c - base + 13) % 26 + base) for base in (65, 97) for c in range(base, base + 26)]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Rot def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(pairs)} beginbfchar "
        + " ".join(f"<{a:02X}> <{b:04X}>" for a, b in pairs)
        + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, cmap.encode())
    doc.xref_set_key(font_xref, "ToUnicode", f"{xref} 0 R")
    doc.save(tmp_path / "lying.pdf")
    assert "Zwartsenberg" not in pymupdf.open(tmp_path / "lying.pdf")[0].get_text()
    text = extract_document(tmp_path / "lying.pdf", "lying.pdf")
    assert text.pages[0].ocr and "Zwartsenberg" in text.pages[0].text
    _, _, reds, out, problems, _ = decide_and_burn(tmp_path / "lying.pdf", tmp_path)
    assert any("Zwartsenberg" in r.text for r in reds)
    assert problems == []


def test_a_name_known_from_another_document_is_scrubbed_from_a_broken_link(tmp_path: Path) -> None:
    """Fuzz find: a mailto: link whose domain a mutation broke holds the surname; the set knows
    the name from another document (as part of a merged redaction) and scrubs it from the link."""
    fixture = Path(__file__).parent / "fixtures" / "batch" / "uri-part-f923463e581c7da8.pdf"
    src = tmp_path / "in"
    src.mkdir()
    (src / "fuzzed.pdf").write_bytes(fixture.read_bytes())
    write_pdf(
        src / "other.pdf", [["Behandelaar: mevrouw Zwanetta Kwakernaat, afdeling Subsidies."]]
    )
    summary = run([src], Options(out=tmp_path / "out", workers=1, ocr="never"))
    res = {r.rel: r for r in summary.results}
    assert res["other.pdf"].status is Status.OK
    if res["fuzzed.pdf"].status is Status.OK:
        with pymupdf.open(tmp_path / "out" / "fuzzed.pdf") as doc:
            assert graph_problems(doc, [re.compile(r"(?<!\w)kwakernaat(?!\w)", re.I)]) == []
