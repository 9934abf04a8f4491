"""Opening inputs safely: one clear error line for every file that cannot be processed.

Inputs are only ever opened for reading; nothing here writes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf

from woo_redact.errors import InputError


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def open_pdf(path: Path) -> pymupdf.Document:
    """Open an input PDF read-only, turning every failure into one clear InputError line."""
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file (no %PDF header)")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises a handful of types for broken files
        raise InputError(f"cannot open PDF: {exc}") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise InputError("encrypted PDF: a password is needed to open it")
    if doc.page_count == 0:
        doc.close()
        raise InputError("PDF has no pages")
    return doc
