"""Shared fixtures: small, deterministic PDFs generated with PyMuPDF."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pymupdf
import pytest

from woo_redact.rules import RuleSet, load_rules

FONT_SIZE = 11
LINE_HEIGHT = 14  # tight but ordinary spacing: boxes must not eat neighbouring lines


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    metadata: dict[str, str] | None = None,
    line_height: float = LINE_HEIGHT,
) -> Path:
    """One text line per string, left-aligned from the top of an A4 page."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        y = 72.0
        for line in lines:
            if line:
                page.insert_text((72, y), line, fontsize=FONT_SIZE, fontname="helv")
            y += line_height
    if metadata:
        doc.set_metadata(metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def _make(name: str, *pages: Sequence[str], **kw: object) -> Path:
        return write_pdf(tmp_path / "in" / name, pages, **kw)  # type: ignore[arg-type]

    return _make


def page_text(path: Path) -> str:
    """All page text of a PDF, whitespace folded."""
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text().split()) for page in doc)


def embedded_payload(html: str) -> dict:
    """The JSON data embedded in a review page (record/report.py)."""
    start = html.index('<script type="application/json" id="review-data">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])
