"""Text nobody sees on screen is read, redacted or removed, and checked in every channel."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from tests.pdf_fixtures import KEPT, SECRET, all_text, hidden_content_pdf, redactions_for
from woo_redact.extract import extract_document
from woo_redact.redact import BurnResult, burn
from woo_redact.types import DocumentText
from woo_redact.verify import verify


@pytest.fixture
def hidden(tmp_path: Path) -> DocumentText:
    return extract_document(hidden_content_pdf(tmp_path / "in" / "verborgen.pdf"), "verborgen.pdf")


def test_every_hidden_text_channel_is_read(hidden: DocumentText) -> None:
    text = hidden.pages[0].text
    for context in ("door", "Wit", "Onzichtbaar", "Onder", "Buiten", "Laag"):
        assert f"{context} {SECRET}" in text, context  # white, invisible, under an image,
    assert text.count(SECRET) == 7  # outside the page, a hidden layer, and the form field


def test_nothing_of_the_name_survives_in_any_channel(hidden: DocumentText, tmp_path: Path) -> None:
    reds = redactions_for(hidden, [SECRET])
    out = tmp_path / "out.pdf"
    burnt = burn(hidden.path, out, hidden, reds)
    assert verify(out, hidden, reds, burnt) == []
    text = all_text(out)  # every layer on, nothing clipped
    assert "Karel" not in text and "Pietersen" not in text
    assert KEPT in text and "Laag" in text and "Buiten" in text  # the rest stays
    raw = out.read_bytes()
    assert raw.count(b"%%EOF") == 1  # one revision …
    assert b"Pietje" not in raw  # … the title of the earlier revision is gone
    with pymupdf.open(out) as doc:
        assert doc.xref_get_key(-1, "Prev")[0] == "null"
        page = doc[0]
        assert not list(page.widgets()) and not doc.is_form_pdf  # form flattened, value redacted
        assert doc.embfile_count() == 0
        assert not [a for a in page.annots() if a.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT]
        assert all(SECRET not in entry[1] for entry in doc.get_toc())
        assert SECRET not in page.get_label()
        assert all(SECRET not in ocg["name"] for ocg in doc.get_ocgs().values())
        assert [c["on"] for c in doc.layer_ui_configs()] == [0]  # the hidden layer stays hidden
        assert "Pietje" not in str(doc.metadata)


def test_verify_checks_every_channel(hidden: DocumentText) -> None:
    """The unredacted input, checked as if it were the output, fails on every channel."""
    problems = " | ".join(
        verify(hidden.path, hidden, redactions_for(hidden, [SECRET]), BurnResult())
    )
    for channel in (
        "earlier revision",
        "still in the page text",
        "form field",
        "page label",
        "outline",
        "file attachment annotation",
        "file attachments",
        "layer name",
    ):
        assert channel in problems, channel


def test_hidden_layer_alone_is_caught(tmp_path: Path) -> None:
    """A name only in a hidden layer is read (so it can be detected) and verified."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Zichtbare regel.", fontsize=11)
    ocg = doc.add_ocg("Concept", on=False)
    page.insert_text((72, 130), f"Concept van {SECRET}", fontsize=11, oc=ocg)
    path = tmp_path / "laag.pdf"
    doc.save(path)
    text = extract_document(path, "laag.pdf")
    assert SECRET in text.pages[0].text
    reds = redactions_for(text, [SECRET])
    assert any("page text" in p for p in verify(path, text, reds, BurnResult()))
    out = tmp_path / "out.pdf"
    assert verify(out, text, reds, burn(path, out, text, reds)) == []
    assert SECRET not in all_text(out) and "Concept van" in all_text(out)
