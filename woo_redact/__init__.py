"""woo-redact: redaction and disclosure pipeline for the Dutch Open Government Act (Woo)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "run"]


def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - thin re-export, see pipeline.run
    """Run the whole pipeline on a document set; see :func:`woo_redact.pipeline.run`."""
    from woo_redact.pipeline import run as _run

    return _run(*args, **kwargs)
