"""Hostile and broken PDFs in one batch: each gets a clear message, the good files are redacted,
and nothing that failed is written as a finished output."""

from __future__ import annotations

import csv
import json
import re
import zlib
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import page_text, write_pdf
from tests.pdf_fixtures import without_unicode_map
from woo_redact.errors import ExitCode
from woo_redact.inputs import (
    active_content,
    inspect_pdf,
    open_pdf,
    page_text_is_garbage,
    set_passwords,
)
from woo_redact.pdfobjects import graph_problems
from woo_redact.pipeline import Options, RunSummary, run
from woo_redact.types import Status

NAME = "Zwanetta Kwakernaat"
EMAIL = "z.kwakernaat@gmail.com"
GOOD_LINES = ["Gespreksverslag", f"Contact: {EMAIL}", "Het overleg is op 3 mei 2023."]
HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = f"BT /F1 12 Tf 72 720 Td (Contact: {EMAIL}) Tj ET".encode()


# -- a tiny PDF writer for files PyMuPDF refuses to make ---------------------------------------


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF with ``objects`` numbered from 1 (1 is the catalog) and a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def one_page(
    content: bytes = TEXT,
    *,
    font: bytes = HELV,
    resources: bytes = b"<< /Font << /F1 4 0 R >> >>",
    page_extra: bytes = b"",
    catalog_extra: bytes = b"",
    more: tuple[bytes, ...] = (),
) -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + resources
            + b" /Contents 5 0 R "
            + page_extra
            + b">>",
            font,
            stream(content),
            *more,
        ]
    )


# -- the hostile kinds -----------------------------------------------------------------------


def make_truncated(path: Path) -> None:
    write_pdf(path, [GOOD_LINES])
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.85)])  # xref and trailer cut off


def make_encrypted(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), f"Contact: {EMAIL}", fontname="helv")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="open sesame", owner_pw="o")


def make_javascript(path: Path) -> None:
    js = b"<< /S /JavaScript /JS (app.alert\\('pwned'\\)) >>"
    launch = b"<< /S /Launch /F (calc.exe) /Win << /F (cmd.exe) >> >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [72 600 200 620] /A 8 0 R >>"
    path.write_bytes(
        one_page(
            catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >>"
            b" /AA << /WC 6 0 R >>",
            page_extra=b"/Annots [7 0 R] /AA << /O 8 0 R >>",
            more=(js, link, launch),
        )
    )


def make_image_bomb(path: Path) -> None:
    # 100,000 × 100,000 pixels of grey from a few kilobytes of zeros
    pixels = zlib.compress(b"\0" * 1_000_000, 9)
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode ",
    )
    path.write_bytes(
        one_page(
            b"q 500 0 0 700 50 50 cm /Im1 Do Q " + TEXT,
            resources=b"<< /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >>",
            more=(image,),
        )
    )


def make_absurd_page(path: Path) -> None:
    path.write_bytes(one_page(page_extra=b"/UserUnit 75000"))


def make_cyclic(path: Path) -> None:
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                HELV,
                stream(TEXT),
            ]
        )
    )


def make_deeply_nested(path: Path) -> None:
    path.write_bytes(one_page(page_extra=b"/Deep " + b"[" * 100_000 + b"]" * 100_000))


def make_no_unicode_map(path: Path) -> None:
    """A font whose glyph names map to nothing: the name is drawn, the text layer is garbage."""
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/Differences [1 /g1 /g2 /g3 /g4 /g5 /g6 /g7 /g8 /g9 /g10 /g11 /g12] >> >>"
    )
    path.write_bytes(
        one_page(
            b"BT /F1 12 Tf 72 720 Td (\x01\x02\x03\x04\x05 \x06\x07\x08\x0b\x0c) Tj ET", font=font
        )
    )


def make_scanned(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 60, 80), 0)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)


def make_many_pages(path: Path) -> None:
    write_pdf(path, [[f"pagina {i}"] for i in range(30)])


HOSTILE = {
    # name: (maker, expected status, expected text in the error)
    "empty.pdf": (lambda p: p.write_bytes(b""), Status.FAILED, "empty file (0 bytes)"),
    "not_a_pdf.pdf": (
        lambda p: p.write_bytes(b"From: a@b.nl\nSubject: not a pdf\n"),
        Status.FAILED,
        "not a PDF file",
    ),
    "garbage_after_header.pdf": (
        lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8),
        Status.FAILED,
        "cannot open PDF",
    ),
    "encrypted.pdf": (make_encrypted, Status.FAILED, "encrypted PDF: a password is needed"),
    "image_bomb.pdf": (make_image_bomb, Status.FAILED, "possible decompression bomb"),
    "absurd_page.pdf": (make_absurd_page, Status.FAILED, "absurdly large"),
    "cyclic.pdf": (make_cyclic, Status.FAILED, "cyclic object graph"),
    "deeply_nested.pdf": (make_deeply_nested, Status.FAILED, "nested too deeply"),
    "many_pages.pdf": (make_many_pages, Status.FAILED, "too many pages (30; the limit is 20"),
    "no_unicode_map.pdf": (
        make_no_unicode_map,
        Status.NEEDS_REVIEW,
        "page 1: text cannot be read reliably (font without Unicode map); OCR or manual review",
    ),
    "scanned.pdf": (make_scanned, Status.NEEDS_REVIEW, "page 1: scanned page without OCR text"),
}
GOOD = ["good_1.pdf", "good_2.pdf", "truncated.pdf", "javascript.pdf"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "in"
    src.mkdir()
    for name, (maker, _, _) in HOSTILE.items():
        maker(src / name)
    write_pdf(src / "good_1.pdf", [GOOD_LINES])
    write_pdf(src / "good_2.pdf", [GOOD_LINES, ["Tweede pagina zonder gegevens."]])
    make_truncated(src / "truncated.pdf")
    make_javascript(src / "javascript.pdf")
    out = root / "out"
    summary = run([src], Options(out=out, workers=2, ocr="never", max_pages=20))
    return out, summary


def _result(summary: RunSummary, rel: str):
    return next(r for r in summary.results if r.rel == rel)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_with_a_clear_message_and_no_output(batch, name: str) -> None:
    out, summary = batch
    _, status, message = HOSTILE[name]
    res = _result(summary, name)
    assert res.status is status
    assert message in res.error
    assert not (out / name).exists()
    assert res.redactions == []


@pytest.mark.parametrize("name", GOOD)
def test_good_files_in_the_same_batch_are_redacted(batch, name: str) -> None:
    out, summary = batch
    res = _result(summary, name)
    assert res.status is Status.OK, res.error
    text = page_text(out / name)
    assert EMAIL not in text
    assert "[Redacted]" in text


def test_no_temporary_files_and_the_exit_code_of_failures(batch) -> None:
    out, summary = batch
    assert list(out.rglob("*.part")) == []
    assert summary.exit_code == ExitCode.FAILED
    assert {r.rel for r in summary.failed} == set(HOSTILE)


def test_inventory_audit_and_report_list_every_failure(batch) -> None:
    out, _ = batch
    inventory = (out / "inventory.csv").read_text(encoding="utf-8")
    rows = {row["Document"]: row for row in csv.DictReader(inventory.splitlines())}
    audit = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    docs = {rec["file"]: rec for rec in audit if rec["event"] == "document"}
    report = (out.with_name("out-review") / "report.html").read_text(encoding="utf-8")
    for name, (_, status, message) in HOSTILE.items():
        assert rows[name]["Beoordeling"] == ""
        assert rows[name]["Toelichting"].startswith("Niet verwerkt door woo-redact (")
        assert message not in inventory and message not in json.dumps(audit)  # internal text
        assert message in report
        assert docs[name]["status"] == status.value and docs[name]["reason"]
        assert docs[name]["sha256_out"] == ""
        assert name in report
    assert "technische fout" not in inventory  # each failure has a reason of its own
    assert rows["good_1.pdf"]["Beoordeling"] == "Deels openbaar"


def test_repaired_file_is_processed_and_says_so(batch) -> None:
    _, summary = batch
    assert "repaired by MuPDF" in "; ".join(_result(summary, "truncated.pdf").remarks)


def test_javascript_and_launch_actions_are_removed(batch) -> None:
    out, summary = batch
    assert "active content removed: JavaScript" in "; ".join(
        _result(summary, "javascript.pdf").remarks
    )
    with pymupdf.open(out / "javascript.pdf") as doc:
        assert active_content(doc) == []
        objects = " ".join(doc.xref_object(x) for x in range(1, doc.xref_length()))
    assert "/Launch" not in objects
    assert "calc.exe" not in objects
    assert "app.alert" not in objects
    # disarmed keys are set to null, which the PDF specification reads as absent
    assert re.findall(r"/(?:JavaScript|OpenAction|AA|JS)\s+(?!null)", objects) == []


def test_encrypted_file_opens_with_the_password_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_encrypted(tmp_path / "in" / "encrypted.pdf")
    summary = run(
        [tmp_path / "in"],
        Options(out=tmp_path / "out", workers=1, passwords=("wrong", "open sesame")),
    )
    res = summary.results[0]
    assert res.status is Status.OK, res.error
    assert "was encrypted" in "; ".join(res.remarks)
    with pymupdf.open(tmp_path / "out" / "encrypted.pdf") as doc:
        assert not doc.needs_pass and not doc.is_encrypted
        assert EMAIL not in doc[0].get_text()
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"open sesame" not in path.read_bytes()
    assert "open sesame" not in repr(Options(out=tmp_path, passwords=("open sesame",)))


def test_wrong_passwords_give_a_clear_message(tmp_path: Path) -> None:
    make_encrypted(tmp_path / "encrypted.pdf")
    set_passwords(["nope"])
    try:
        with pytest.raises(Exception, match="none of the passwords in the password file"):
            open_pdf(tmp_path / "encrypted.pdf")
    finally:
        set_passwords([])


def test_thousands_of_pages_within_the_limit_are_inspected(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "long.pdf", [[f"pagina {i}"] for i in range(2000)])
    assert inspect_pdf(path).pages == 2000


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        ("Gewone Nederlandse tekst over de Woo.", False),
        ("\uf0b7 punt een\n\uf0b7 punt twee\n\uf0b7 punt drie met meer tekst erbij", False),
        ("\x01\x02\x03\x04\x05 \x06\x07", True),
        ("\ufffd\ufffd\ufffd\ufffd naam", True),
        ("", False),
    ],
)
def test_page_text_is_garbage(text: str, garbage: bool) -> None:
    assert page_text_is_garbage(text) is garbage


def test_subset_font_without_tounicode_is_flagged(tmp_path: Path) -> None:
    """The real-world case: an embedded subset font whose ToUnicode map was left out extracts
    as shifted letters ("*HPHHQWH" for "Gemeente"), which no character check would notice."""
    path = without_unicode_map(tmp_path / "nomap.pdf", f"Gemeente {NAME}")
    assert inspect_pdf(path).unreadable == {0: "font"}


FUZZ_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "fuzz").glob("*.pdf"))


@pytest.mark.parametrize("path", FUZZ_FIXTURES, ids=[p.name for p in FUZZ_FIXTURES])
def test_fuzz_regressions(tmp_path: Path, path: Path) -> None:
    """Inputs the fuzzer once failed on: handled, and not published unless clean."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "fuzzed.pdf").write_bytes(path.read_bytes())
    write_pdf(src / "good.pdf", [GOOD_LINES])
    summary = run([src], Options(out=tmp_path / "out", workers=1, ocr="never"))
    assert _result(summary, "good.pdf").status is Status.OK
    res = _result(summary, "fuzzed.pdf")
    if res.status is Status.OK:
        out = tmp_path / "out" / "fuzzed.pdf"
        assert "Kwakernaat" not in page_text(out)
        with pymupdf.open(out) as doc:  # the first fuzz run found the name left in a note
            notes = " ".join(" ".join(a.info.values()) for p in doc for a in p.annots())
            meta = " ".join(str(v) for v in doc.metadata.values())
            # a later one found it in a stream no page draws
            stray = graph_problems(doc, [re.compile(r"(?<!\w)kwakernaat(?!\w)", re.I)])
        assert "Kwakernaat" not in notes + meta
        assert stray == []
    else:
        assert res.error and not (tmp_path / "out" / "fuzzed.pdf").exists()
    assert list((tmp_path / "out").rglob("*.part")) == []
