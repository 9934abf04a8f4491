"""Labels in the boxes: legible, shrunk or replaced by the ground code, never silently lost."""

from __future__ import annotations

import pymupdf
import pytest

from woo_redact.redact import DEFAULT_LABEL, MIN_FONTSIZE, fit_label


def test_label_fits_an_ordinary_box() -> None:
    text, size = fit_label(DEFAULT_LABEL, "5.1.2e", pymupdf.Rect(0, 0, 80, 12))
    assert text == DEFAULT_LABEL
    assert MIN_FONTSIZE <= size <= 12
    assert pymupdf.get_text_length(text, fontname="helv", fontsize=size) <= 80


def test_label_shrinks_before_falling_back() -> None:
    text, size = fit_label(DEFAULT_LABEL, "5.1.2e", pymupdf.Rect(0, 0, 40, 12))
    assert text == DEFAULT_LABEL and size < 8


def test_narrow_box_falls_back_to_ground_code() -> None:
    text, _ = fit_label(DEFAULT_LABEL, "5.1.2e", pymupdf.Rect(0, 0, 20, 12))
    assert text == "5.1.2e"


@pytest.mark.parametrize("width", [3, 8])
def test_tiny_box_keeps_the_box_without_text(width: float) -> None:
    assert fit_label(DEFAULT_LABEL, "5.1.2e", pymupdf.Rect(0, 0, width, 4)) == ("", 0.0)
