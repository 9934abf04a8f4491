"""CPU accounting per stage: nested stages are exclusive, nothing is recorded outside."""

from __future__ import annotations

import subprocess
import sys
import time

from woo_redact import cputime


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_nested_stages_are_charged_exclusively() -> None:
    with cputime.measure() as cpu:
        with cputime.stage("extract"):
            _spin(0.05)
            with cputime.stage("ocr"):
                _spin(0.1)
        with cputime.stage("detect"):
            _spin(0.05)
    assert set(cpu) == {"extract", "ocr", "detect"}
    assert 0.04 <= cpu["extract"] < 0.09
    assert 0.09 <= cpu["ocr"] < 0.14
    assert 0.04 <= cpu["detect"] < 0.09


def test_children_waited_for_count() -> None:
    """Tesseract runs as a child process: its CPU belongs to the stage that ran it."""
    code = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass"
    with cputime.measure() as cpu, cputime.stage("ocr"):
        subprocess.run([sys.executable, "-c", code], check=True)
    assert cpu["ocr"] >= 0.2


def test_nothing_is_recorded_outside_measure() -> None:
    """A stage outside measure() charges nothing anywhere, and leaves no stage open."""
    with cputime.stage("extract"):
        _spin(0.01)
        assert cputime._totals is None  # nowhere to charge
    assert cputime._current == []
    with cputime.measure() as cpu:
        pass
    assert cpu == {}


def test_worker_phase_keeps_only_the_remainder() -> None:
    totals = {"workers": 10.0, "decide": 1.0}
    cputime.move_from_workers(totals, [{"extract": 3.0, "detect": 4.0}, {"extract": 1.0}])
    assert totals == {"workers": 2.0, "decide": 1.0, "extract": 4.0, "detect": 4.0}
