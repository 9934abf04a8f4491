"""DiWoo metadata per published document: it parses, and carries every element the DiWoo 0.9.8
schema requires plus creation date, language and format (record/diwoo.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import write_pdf
from woo_redact.pipeline import Options, run
from woo_redact.record.diwoo import (
    ALSO_WRITTEN,
    ANONYMISE,
    DUTCH,
    NS,
    PDF,
    REQUIRED,
    WOO_REQUESTS,
    Publisher,
    diwoo_path,
    diwoo_xml,
)

PUBLISHER = Publisher(
    "ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034",
)


def _find(root: etree._Element, path: str) -> etree._Element | None:
    dw = root.find(f"{{{NS}}}DiWoo")
    assert dw is not None
    return dw.find("/".join(f"{{{NS}}}{part}" for part in path.split("/")))


def _check(root: etree._Element) -> None:
    assert root.tag == f"{{{NS}}}Document"
    for path in (*REQUIRED, *ALSO_WRITTEN):
        el = _find(root, path)
        assert el is not None and (el.text or "").strip(), path
    assert _find(root, "documenthandelingen/documenthandeling/soortHandeling").text == ANONYMISE
    at = _find(root, "documenthandelingen/documenthandeling/atTime").text
    assert datetime.fromisoformat(at).tzinfo is not None
    date.fromisoformat(_find(root, "creatiedatum").text)
    category = _find(root, "classificatiecollectie/informatiecategorieen/informatiecategorie")
    assert (category.get("resource"), category.text) == WOO_REQUESTS
    assert (_find(root, "language").get("resource"), _find(root, "language").text) == DUTCH
    assert (_find(root, "format").get("resource"), _find(root, "format").text) == PDF


def test_one_document_by_itself() -> None:
    xml = diwoo_xml("sub/0001", "0001", "2023-06-07", "2026-12-03T10:00:00+00:00", PUBLISHER)
    root = etree.fromstring(xml.encode("utf-8"))
    _check(root)
    publisher = _find(root, "publisher")
    assert (publisher.text, publisher.get("resource")) == (PUBLISHER.name, PUBLISHER.uri)
    assert _find(root, "identifiers/identifier").text == "sub/0001"
    assert _find(root, "titelcollectie/officieleTitel").text == "0001"


def test_metadata_paths_never_collide() -> None:
    taken: set[str] = set()
    assert diwoo_path("a.pdf", taken) == "diwoo/a.xml"
    assert diwoo_path("a.PDF", taken) == "diwoo/a.PDF.xml"
    assert diwoo_path("sub/b.pdf", taken) == "diwoo/sub/b.xml"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("diwoo")
    write_pdf(
        base / "in" / "nota.pdf",
        [["Van: Wilhelmina Oostervelt", "Het plan is besproken."]],
        metadata={"creationDate": "D:20230607101500"},
    )
    write_pdf(base / "in" / "sub" / "brief.pdf", [["De begroting voor 2024 is vastgesteld."]])
    (base / "in" / "kapot.pdf").write_bytes(b"")
    out = base / "pub"
    options = Options(out=out, workers=1, publisher=PUBLISHER.name, publisher_uri=PUBLISHER.uri)
    run([base / "in"], options)
    return out


def test_every_published_document_has_valid_metadata(published: Path) -> None:
    files = sorted(p.relative_to(published).as_posix() for p in published.rglob("*.xml"))
    assert files == ["diwoo/nota.xml", "diwoo/sub/brief.xml"]  # none for the failed file
    for rel in files:
        root = etree.parse(str(published / rel)).getroot()
        _check(root)
        assert _find(root, "publisher").get("resource") == PUBLISHER.uri
    nota = etree.parse(str(published / "diwoo" / "nota.xml")).getroot()
    assert _find(nota, "creatiedatum").text == "2023-06-07"
    assert "Oostervelt" not in (published / "diwoo" / "nota.xml").read_text(encoding="utf-8")
