"""Exit codes, and the exceptions that carry them to the CLI, so the exit status is decided in
one place (``cli.main``), as OCRmyPDF's ``exceptions.py`` does."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status of woo-redact, one meaning each (listed in ``--help`` and the README).

    A run whose documents end in several ways exits with the first of :data:`DOCUMENT_CODES`
    that applies: a failure can need a fix (a password, a limit, a bug report), manual handling
    is expected for some scans, a file that is not a PDF only has to be handled by hand.
    """

    OK = 0  # every document published (scan: can be reviewed); audit: all in order / found
    FAILED = 1  # some documents failed: unreadable, encrypted, too large, verification failed
    USAGE = 2  # the command line, an option value, an input, --out or --review-dir
    MANUAL = 3  # some documents need manual handling: pages without reliable text
    NOT_PDF = 4  # some input files are not PDFs (listed as not processed)
    RULES = 5  # the rules folder or the spaCy pipeline (--rules, --model) cannot be used
    AUDIT = 6  # the audit log is broken, or the audit key is missing or not the log's
    DECISIONS = 7  # apply: the decisions, review copies or work folder do not fit the scan
    NOT_FOUND = 8  # audit find: the text was not found
    WRITE = 9  # the run could not be written or published (disk, permissions)
    INTERNAL = 10  # an unexpected error (a bug): reported with its traceback
    INTERRUPTED = 130  # Ctrl-C: nothing of the run was published


# The documents' outcomes, most serious first: the exit status of a run that has several.
DOCUMENT_CODES = (ExitCode.FAILED, ExitCode.MANUAL, ExitCode.NOT_PDF)

# One line per code, for --help (at most 70 characters) and the README's table.
EXIT_CODE_TEXT: dict[ExitCode, str] = {
    ExitCode.OK: "every document published",
    ExitCode.FAILED: "some documents failed (unreadable, encrypted, too large, verification)",
    ExitCode.USAGE: "usage error: command line, option value, input or output folder",
    ExitCode.MANUAL: "some documents need manual handling (pages without reliable text)",
    ExitCode.NOT_PDF: "some input files are not PDFs (listed as not processed)",
    ExitCode.RULES: "the rules folder or the spaCy pipeline cannot be used",
    ExitCode.AUDIT: "the audit log is broken, or the audit key is missing or not the log's",
    ExitCode.DECISIONS: "apply: the decisions or review copies do not fit the scan",
    ExitCode.NOT_FOUND: "audit find: the text was not found",
    ExitCode.WRITE: "the run could not be written or published (disk, permissions)",
    ExitCode.INTERNAL: "an unexpected error (a bug: please report it with the traceback)",
    ExitCode.INTERRUPTED: "interrupted: nothing of the run was published",
}


def documents_exit_code(failed: int, manual: int, not_pdf: int) -> ExitCode:
    """The exit status of a set with that many documents of each kind not published."""
    for code, count in zip(DOCUMENT_CODES, (failed, manual, not_pdf), strict=True):
        if count:
            return code
    return ExitCode.OK


class WooRedactError(Exception):
    """Base class of the errors this tool reports to the user."""

    exit_code = ExitCode.FAILED


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

    exit_code = ExitCode.USAGE


class RulesError(UsageError):
    """A rules folder that is incomplete or malformed: reported before any document is read."""

    exit_code = ExitCode.RULES


class ModelError(RulesError):
    """A spaCy pipeline that is missing or cannot find person names."""


class PublishError(WooRedactError):
    """The finished run could not be swapped into place: nothing was changed there."""

    exit_code = ExitCode.WRITE
