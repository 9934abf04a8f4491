"""Review copies for a PDF editor: written by scan, edited here with PyMuPDF as a reviewer
would in Acrobat (delete an annotation, add one, change a note), taken back by apply."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import page_text, write_pdf
from woo_redact.apply import apply
from woo_redact.decisions import DecisionsError
from woo_redact.pipeline import Options, scan
from woo_redact.review_copy import KEY_FILE, KEY_SCAN, KEY_SOURCE, NM_PREFIX, _ground

pytestmark = pytest.mark.slow

OPINION = "Volgens mij is dit plan een slecht idee en moet het worden gestopt."
PAGES = [
    ["Aan: Pieter Smulders", "Uw BSN 111222333. Bel 06-12345678 of mail p.smulders@gmail.com.",
     "Met vriendelijke groet,", "Karin Verbeek"],
    ["Bijlage: planning", "", OPINION],
]  # fmt: skip


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("copies")
    write_pdf(root / "in" / "a.pdf", PAGES)
    scan([root / "in"], Options(out=root / "pub", workers=1, review_copies=True))
    review = root / "pub-review"
    return root, review, json.loads((review / "findings.json").read_text("utf-8"))


def fresh(scanned, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the review folder, its review copies moved out as a reviewer would."""
    root, review, _ = scanned
    shutil.copytree(review, tmp_path / "pub-review")
    edited = tmp_path / "edited"
    shutil.copytree(review / "review-copies", edited)
    return tmp_path / "pub", tmp_path / "pub-review", edited / "a.pdf"


def annots(pdf: Path) -> list[dict]:
    with pymupdf.open(pdf) as doc:
        return [
            {"page": p.number, "id": a.info["id"], "content": a.info["content"], "rect": a.rect}
            for p in doc
            for a in p.annots(types=(pymupdf.PDF_ANNOT_REDACT,)) or []
        ]


def set_info_key(pdf: Path, key: str, value: str) -> None:
    with pymupdf.open(pdf) as doc:
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        doc.xref_set_key(info, key, pymupdf.get_pdf_str(value))
        doc.saveIncr()


def test_the_copy_marks_every_proposed_redaction(scanned) -> None:
    root, review, data = scanned
    copy = review / "review-copies" / "a.pdf"
    proposed = [r for r in data["findings"] if r["status"] == "proposed" and r["page"]]
    marks = annots(copy)
    assert sorted(a["id"] for a in marks) == sorted(
        f"{NM_PREFIX}{r['id']}:{k}" for r in proposed for k in range(len(r["boxes"]))
    )
    by_id = {r["id"]: r for r in proposed}
    for a in marks:
        assert a["content"] == by_id[a["id"].split(":")[1]]["ground"]
    with pymupdf.open(copy) as doc:
        info = {k: doc.xref_get_key(-1, f"Info/{k}")[1] for k in (KEY_SOURCE, KEY_SCAN, KEY_FILE)}
        assert "Pieter Smulders" in doc[0].get_text()  # unapplied: the text is still there
    assert info[KEY_SCAN] == data["scan"] and info[KEY_FILE] == "a.pdf"
    assert info[KEY_SOURCE] == json.loads((review / "work" / "scan.json").read_text())[
        "inputs"][0]["sha256"]  # fmt: skip
    assert (root / "in" / "a.pdf").read_bytes() != copy.read_bytes()  # the input untouched


def test_a_copy_edited_in_the_editor_comes_back_as_decisions(scanned, tmp_path: Path) -> None:
    _, _, data = scanned
    out, review, copy = fresh(scanned, tmp_path)
    mail = next(r for r in data["findings"] if r["type"] == "EMAIL_ADDRESS")
    phone = next(r for r in data["findings"] if r["type"] == "PHONE_NUMBER")
    with pymupdf.open(copy) as doc:
        first, second = doc[0], doc[1]
        opinion = second.search_for(OPINION)[0]
        planning = second.search_for("planning")[0]
        for annot in list(first.annots() or []):
            name = annot.info["id"]
            if name.startswith(f"{NM_PREFIX}{mail['id']}:"):
                first.delete_annot(annot)  # reject
            elif name.startswith(f"{NM_PREFIX}{phone['id']}:"):
                annot.set_info(content="5.1.2h telefoon van de beveiliging")  # another ground
                annot.update()
        added = second.add_redact_annot(opinion)
        added.set_info(content="5.2.1 persoonlijke beleidsopvatting")
        added.update()
        vague = second.add_redact_annot(planning)
        vague.set_info(content="zie overleg")  # no ground code: personal data, and said so
        vague.update()
        doc.saveIncr()  # as an editor saves
    summary = apply(Options(out=out, workers=1), "J. de Tester", copies=copy.parent)
    assert summary.exit_code == 0, [r.error for r in summary.failed]
    text = page_text(out / "a.pdf")
    assert "p.smulders@gmail.com" in text
    for gone in ("06-12345678", "111222333", "Pieter Smulders", "Karin Verbeek", "slecht idee",
                 "planning"):  # fmt: skip
        assert gone not in text
    assert "Bijlage:" in text
    lines = (out / "audit.jsonl").read_text("utf-8").splitlines()
    decided = [r for r in map(json.loads, lines) if r["event"] == "decision"]
    assert sorted((d["action"], d["ground"]) for d in decided) == [
        ("keep", "5.1.2e"),
        ("redact", "5.1.2e"),
        ("redact", "5.1.2h"),
        ("redact", "5.2.1"),
    ]
    manual = {d["ground"]: d for d in decided if not d["previous_action"]}
    assert manual["5.2.1"]["motivation"] == "persoonlijke beleidsopvatting"
    assert any("no known ground code" in r and "5.1.2e" in r for r in summary.review_remarks)
    result = summary.results[0]
    assert any("no known ground code" in r for r in result.remarks)  # in the report too
    applied = json.loads((review / "work" / "decisions.json").read_text("utf-8"))
    assert len(applied["manual"]) == 2 and applied["remarks"]


def _refused(tmp_path: Path, copy: Path, message: str) -> None:
    """apply refuses the copies beside ``copy`` and writes nothing."""
    out, review = tmp_path / "pub", tmp_path / "pub-review"
    before = sorted(p.name for p in review.rglob("*"))
    with pytest.raises(DecisionsError, match=message):
        apply(Options(out=out, workers=1), "J. de Tester", copies=copy.parent)
    assert not out.exists() and sorted(p.name for p in review.rglob("*")) == before


def test_a_copy_whose_redactions_were_applied_is_refused(scanned, tmp_path: Path) -> None:
    _, _, copy = fresh(scanned, tmp_path)
    with pymupdf.open(copy) as doc:
        for page in doc:
            page.apply_redactions()  # the editor's "Apply redactions": every annotation gone
        doc.save(copy.with_name("applied.pdf"))
    copy.unlink()
    _refused(tmp_path, copy, "applied in the PDF editor")


def test_a_copy_of_another_base_file_is_refused(scanned, tmp_path: Path) -> None:
    _, _, copy = fresh(scanned, tmp_path)
    set_info_key(copy, KEY_SOURCE, "0" * 64)
    _refused(tmp_path, copy, "its base is not the scanned a.pdf")


def test_a_copy_of_another_scan_and_a_second_copy_are_refused(scanned, tmp_path: Path) -> None:
    _, _, copy = fresh(scanned, tmp_path)
    shutil.copy(copy, copy.with_name("a (2).pdf"))
    _refused(tmp_path, copy, "a second review copy of a.pdf")
    set_info_key(copy, KEY_SCAN, "0123456789abcdef")
    copy.with_name("a (2).pdf").unlink()
    _refused(tmp_path, copy, "a review copy of scan 0123456789abcdef")


def test_a_plain_pdf_is_not_a_review_copy(scanned, tmp_path: Path) -> None:
    _, _, copy = fresh(scanned, tmp_path)
    write_pdf(copy, PAGES)
    _refused(tmp_path, copy, "not a review copy of woo-redact")


@pytest.mark.parametrize(
    ("contents", "ground", "rest"),
    [("5.2.1", "5.2.1", ""), ("5.2.1: mening", "5.2.1", "mening"), ("mening", "", "mening"),
     ("", "", ""), ("9.9.9 x", "", "9.9.9 x")],
)  # fmt: skip
def test_the_ground_is_read_from_the_start_of_a_note(contents, ground, rest) -> None:
    assert _ground(contents, frozenset({"5.2.1", "5.1.2e"})) == (ground, rest)


def test_copies_edited_in_the_review_folder_stay_there(scanned, tmp_path: Path) -> None:
    """A reviewer may save the copies where scan wrote them: apply reads them and keeps them
    in the new review folder (it replaces the folder as a whole)."""
    out, review, _ = fresh(scanned, tmp_path)
    copy = review / "review-copies" / "a.pdf"
    before = copy.read_bytes()
    summary = apply(Options(out=out, workers=1), "J. de Tester", copies=copy.parent)
    assert summary.exit_code == 0 and summary.review_remarks == []
    assert copy.read_bytes() == before  # unchanged copy: nothing decided, all redacted
    assert "Pieter Smulders" not in page_text(out / "a.pdf")
    applied = json.loads((review / "work" / "decisions.json").read_text("utf-8"))
    assert applied["decisions"] == [] and applied["manual"] == []


@pytest.mark.skipif(bool(__import__("woo_redact.tesseract").tesseract.problem()),
                    reason="Tesseract with the Dutch model is not installed")  # fmt: skip
def test_a_rejection_on_a_scanned_page_is_taken_back(tmp_path: Path) -> None:
    """On a scan the finding's words are ours (OCR), not in the copy's text layer: a deleted
    annotation there is a rejection, not a redaction applied in the editor."""
    from tests.pdf_fixtures import text_png

    lines = ["Aan: Pieter Smulders", "Bel mij op 06-12345678 na vijf uur."]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(60, 80, 460, 200), stream=text_png(lines, fontsize=14, dpi=200))
    (tmp_path / "in").mkdir()
    doc.save(tmp_path / "in" / "scan.pdf")
    out, review = tmp_path / "pub", tmp_path / "pub-review"
    scan([tmp_path / "in"], Options(out=out, workers=1, review_copies=True))
    data = json.loads((review / "findings.json").read_text("utf-8"))
    phone = next(r for r in data["findings"] if r["type"] == "PHONE_NUMBER")
    edited = tmp_path / "edited"
    shutil.copytree(review / "review-copies", edited)
    with pymupdf.open(edited / "scan.pdf") as copy:
        first = copy[0]
        for annot in list(first.annots() or []):
            if annot.info["id"].startswith(f"{NM_PREFIX}{phone['id']}:"):
                first.delete_annot(annot)
        copy.saveIncr()
    summary = apply(Options(out=out, workers=1), "J. de Tester", copies=edited)
    assert summary.exit_code == 0, [r.error for r in summary.failed]
    decided = [json.loads(x) for x in (out / "audit.jsonl").read_text("utf-8").splitlines()]
    assert [d["action"] for d in decided if d["event"] == "decision"] == ["keep"]
