"""A time limit for one page, inside a worker process.

The supervisor (workers.py) kills a document that exceeds its whole budget; this names the page
that was too slow, so the report says "page 7 took longer than 30 s" rather than only "timed
out". It uses SIGALRM, so it works in a process's main thread only (the workers); elsewhere, or
with a limit of 0, it does nothing. MuPDF code that never returns to Python is still ended by
the supervisor's budget.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from woo_redact.errors import InputError


class PageTimeout(InputError):
    """One page took longer than the per-page limit."""


@contextlib.contextmanager
def page_deadline(seconds: float, page_no: int, stage: str) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(
            f"page {page_no + 1}: {stage} took longer than {seconds:g} s (--page-timeout)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
