"""Reading PDFs: the text-only reading verification uses gives the same words and text as the
full reading, on pages with signatures, hidden layers, form fields and notes."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_fixtures import hidden_content_pdf, signed_letter
from woo_redact.extract import extract_document, extract_text


def _same_reading(path: Path) -> None:
    full = extract_document(path, path.name, ocr="never")
    light = extract_text(path, path.name)
    assert len(light.pages) == len(full.pages)
    for a, b in zip(light.pages, full.pages, strict=True):
        assert (a.text, a.words, a.char_word) == (b.text, b.words, b.char_word)
    assert light.side == full.side
    assert light.metadata == full.metadata


def test_text_only_reading_matches_the_full_reading(tmp_path: Path) -> None:
    _same_reading(signed_letter(tmp_path / "signed.pdf"))
    _same_reading(hidden_content_pdf(tmp_path / "hidden.pdf"))
