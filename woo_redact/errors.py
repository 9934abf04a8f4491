"""Exceptions that carry their meaning to the CLI, so the exit status is decided in one place."""

from __future__ import annotations


class WooRedactError(Exception):
    """Base class of the errors this tool reports to the user."""

    exit_code = 1


class InputError(WooRedactError):
    """An input document cannot be processed (encrypted, corrupt, not a PDF …)."""


class VerificationError(WooRedactError):
    """A written output still contains redacted data; it is not published."""


class UsageError(WooRedactError):
    """The command line or the options are wrong."""

    exit_code = 2
