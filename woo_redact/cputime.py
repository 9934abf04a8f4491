"""CPU seconds per pipeline stage: always on, a few clock reads per stage and document.

A job (one document in its worker) measures its stages with ``stage("extract")`` blocks inside
``measure()``; the job returns the totals with its result and ``RunSummary.cpu`` sums them. Time
is CPU time of this process plus that of the child processes it waited for (Tesseract), so OCR
counts fully. Stages nest: time in an inner stage (OCR inside extraction) is charged to the
inner stage only. Outside ``measure()`` nothing is recorded (a library caller pays nothing).
"""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Iterator, Mapping

# The stages in report order: start-up and the set-wide work run in the supervising process,
# the others in each document's worker. "workers" is what isolation itself costs: forking,
# the children's start and exit, and returning results (the job's total minus its stages).
STAGES = (
    "start-up",
    "extract",
    "ocr",
    "detect",
    "decide",
    "redact",
    "verify",
    "pictures",
    "record",
    "workers",
)

_totals: dict[str, float] | None = None  # set while measure() runs
_current: list[str] = []  # the stage being charged, innermost last
_mark = 0.0  # clock value when the current stage was last charged


def cpu_now(children: bool = True) -> float:
    """CPU seconds (user + system) of this process, and of the children it waited for."""
    total = time.process_time()
    if children:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        total += usage.ru_utime + usage.ru_stime
    return total


def _charge(now: float) -> None:
    global _mark
    if _totals is not None and _current:
        name = _current[-1]
        _totals[name] = _totals.get(name, 0.0) + (now - _mark)
    _mark = now


@contextlib.contextmanager
def measure() -> Iterator[dict[str, float]]:
    """Collect the stage times of the enclosed work into the yielded dict (filled on exit)."""
    global _totals, _current
    saved = (_totals, _current)
    _totals, _current = {}, []
    result: dict[str, float] = {}
    try:
        yield result
    finally:
        _charge(cpu_now())
        result.update(_totals)
        _totals, _current = saved


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Charge the CPU time of the enclosed block to ``name`` (exclusive of inner stages)."""
    if _totals is None:
        yield
        return
    _charge(cpu_now())
    _current.append(name)
    try:
        yield
    finally:
        _charge(cpu_now())
        _current.pop()


def add(totals: dict[str, float], more: Mapping[str, float]) -> None:
    """Add ``more`` into ``totals`` stage by stage."""
    for name, seconds in more.items():
        totals[name] = totals.get(name, 0.0) + seconds


@contextlib.contextmanager
def charged(totals: dict[str, float], name: str) -> Iterator[None]:
    """Charge the enclosed block to ``name`` in ``totals`` (the supervisor's own stages)."""
    start = cpu_now()
    try:
        yield
    finally:
        add(totals, {name: cpu_now() - start})


def move_from_workers(totals: dict[str, float], jobs: list[Mapping[str, float]]) -> None:
    """The jobs' own stage times out of "workers" (charged for the whole phase) into their
    stages: what is left there is the cost of running them in worker processes."""
    for job in jobs:
        add(totals, job)
        add(totals, {"workers": -sum(job.values())})
