"""The work folder's codec: every dataclass the scan stores comes back equal, and a file of
another layout is refused rather than misread."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import write_pdf
from woo_redact.decide import decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.extract import extract_document
from woo_redact.pipeline import DetectOutcome
from woo_redact.types import Action, Decision, PagePicture, PageText, Word
from woo_redact.work import (
    WorkFolderError,
    _rle,
    _unrle,
    doc_file,
    from_json,
    read_gz,
    schema_id,
    to_json,
    write_gz,
)

LINES = [
    "Aan: Pieter Smulders",
    "Uw BSN 111222333 is bij ons bekend. Bel 06-12345678.",
    "Met vriendelijke groet,",
    "Karin Verbeek",
]


@pytest.fixture(scope="module")
def detected(tmp_path_factory: pytest.TempPathFactory):
    src = write_pdf(tmp_path_factory.mktemp("work") / "a.pdf", [LINES, ["Karin Verbeek belde."]])
    text = extract_document(src, "a.pdf", ocr="never")
    findings = detect_document(text, get_analyzer(None, None))
    return text, findings


@pytest.mark.slow
def test_a_detect_outcome_and_the_set_decisions_come_back_equal(detected, rules, tmp_path) -> None:
    text, findings = detected
    outcome = DetectOutcome(text, findings, remarks=["repaired"], review=[])
    write_gz(tmp_path / "doc.json.gz", outcome)
    assert read_gz(tmp_path / "doc.json.gz", DetectOutcome) == outcome

    decided = decide_set([text], findings, rules)
    assert decided.registry.persons and decided.redactions
    write_gz(tmp_path / "decided.json.gz", decided)
    back = read_gz(tmp_path / "decided.json.gz", type(decided))
    assert decided.spread_needles  # the spread values as needles, their patterns compiled
    for name in ("findings", "decisions", "redactions", "spread", "spread_keys", "spread_needles"):
        assert getattr(back, name) == getattr(decided, name), name
    assert back.registry.persons == decided.registry.persons
    assert back.registry.person_of == decided.registry.person_of
    # the registry's indexes are rebuilt, sharing the person objects (phases mutate them)
    person = back.registry.persons[0]
    assert back.registry.by_id[person.id] is person


def test_the_character_map_is_stored_as_runs() -> None:
    values = (-1, 0, 0, 0, -1, 1, 1, -1, -1, 2)
    assert _rle(values) == [-1, 1, 0, 3, -1, 1, 1, 2, -1, 2, 2, 1]
    assert _unrle(_rle(values)) == values
    assert _unrle(_rle(())) == ()


def test_values_of_every_kind_round_trip() -> None:
    page = PageText(
        page=0,
        text="Jan Jansen",
        words=(Word("Jan", (1.0, 2.0, 3.5, 4.0), 0, 0, 0), Word("Jansen", (4.0, 2.0, 9.25, 4.0),
                                                                0, 0, 0, "ocr")),
        char_word=(0, 0, 0, -1, 1, 1, 1, 1, 1, 1),
        width=595.0,
        height=842.0,
        marked=(((1.0, 1.0, 2.0, 2.0), "note"),),
    )  # fmt: skip
    assert from_json(PageText, json.loads(json.dumps(to_json(page)))) == page
    d = Decision("f1", Action.KEEP, "5.1.2e", "why", "reviewer:A")
    assert from_json(Decision, to_json(d)) == d
    assert from_json(dict[int, str], to_json({3: "x"})) == {3: "x"}
    assert from_json(Path, to_json(Path("/a/b"))) == Path("/a/b")
    pic = PagePicture(0, "pages/x.jpg", 595.0, 842.0, 842.0, 595.0, rotation=90)
    assert from_json(PagePicture, to_json(pic, keyed=True)) == pic  # scan.json: by field name


def test_the_schema_changes_with_a_field(tmp_path: Path) -> None:
    @dataclasses.dataclass
    class A:
        x: int

    @dataclasses.dataclass
    class B:
        x: int
        y: str = ""

    assert schema_id(A) != schema_id(B)
    assert schema_id(DetectOutcome) == schema_id(DetectOutcome)


def test_a_damaged_file_is_an_error_not_a_wrong_value(tmp_path: Path) -> None:
    path = tmp_path / "doc.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(WorkFolderError, match="cannot read"):
        read_gz(path, DetectOutcome)
    with gzip.open(path, "wb") as fh:
        fh.write(b"[1, 2]")  # too few fields
    with pytest.raises(WorkFolderError):
        read_gz(path, DetectOutcome)


def test_document_files_are_named_by_a_digest() -> None:
    assert doc_file("a/b.pdf") != doc_file("a__b.pdf")
    assert doc_file("map met spaties/ü.pdf").startswith("docs/")
    assert "/" not in doc_file("a/b.pdf").removeprefix("docs/")
