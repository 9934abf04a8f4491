"""The per-page time limit names the page that was too slow."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.conftest import write_pdf
from woo_redact import extract
from woo_redact.deadline import PageTimeout, page_deadline
from woo_redact.errors import InputError


def test_deadline_raises_with_the_page_number() -> None:
    expected = r"page 3: reading took longer than 0.05 s"
    with pytest.raises(PageTimeout, match=expected), page_deadline(0.05, 2, "reading"):
        time.sleep(1)


def test_no_limit_and_fast_pages_pass() -> None:
    with page_deadline(0, 0, "reading"):
        time.sleep(0.01)
    with page_deadline(5, 0, "reading"):
        pass


def test_outside_the_main_thread_it_does_nothing() -> None:
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            with page_deadline(0.01, 0, "reading"):
                time.sleep(0.05)
        except BaseException as exc:  # pragma: no cover - would be the failure
            errors.append(exc)

    t = threading.Thread(target=slow)
    t.start()
    t.join()
    assert errors == []


def test_slow_page_fails_the_document_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", [["eerste pagina"], ["tweede pagina"]])
    real = extract._page_words

    def slow_second_page(page):  # noqa: ANN001, ANN202
        if page.number == 1:
            time.sleep(1)
        return real(page)

    monkeypatch.setattr(extract, "_page_words", slow_second_page)
    with pytest.raises(InputError, match="page 2: reading the text took longer than 0.2 s"):
        extract.extract_document(pdf, "a.pdf", ocr="never", page_timeout=0.2)
