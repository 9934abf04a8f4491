"""Exceptions that carry their meaning to the CLI, so the exit status is decided in one place."""

from __future__ import annotations


class WooRedactError(Exception):
    """Base class of the errors this tool reports to the user."""

    exit_code = 1


class InputError(WooRedactError):
    """An input document cannot be processed (encrypted, corrupt, not a PDF …)."""


class EncryptedPdfError(InputError):
    """An encrypted input that none of the given passwords opens."""


class InputLimitError(InputError):
    """An input beyond a limit: too many pages, an absurd page size, a decompression bomb."""


class OcrUnavailableError(InputError):
    """A page needs OCR and OCR is not available (Tesseract missing or switched off).

    The pipeline reports the document as needing manual handling, not as an error.
    """


class UsageError(WooRedactError):
    """The command line or the options are wrong."""

    exit_code = 2


class RulesError(UsageError):
    """A rules folder that is incomplete or malformed: reported before any document is read."""
