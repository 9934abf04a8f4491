"""The command line's value types: each refuses an absurd value with a message that says what is
wrong and what is sensible, so no option is accepted and then has no (or a surprising) effect.

The bounds are where a value stops making sense, not tuning advice: with ``--max-memory 10K``
documents fail at random (measured on the five samples: one failed; all five and a 300 dpi scan
were read with 64M); a time limit under a few seconds fails ordinary pages.
"""

from __future__ import annotations

import math
import os

import click

KB, MB, GB, TB = 1024, 1024**2, 1024**3, 1024**4
_SIZE_UNITS = {"": 1, "K": KB, "M": MB, "G": GB, "T": TB}


def format_size(n: int) -> str:
    for unit, size in (("T", TB), ("G", GB), ("M", MB), ("K", KB)):
        if n >= size:
            return f"{n / size:g}{unit}"
    return f"{n} bytes"


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class ByteSize(click.ParamType):
    """A size such as 4G, 512M or 0 (no limit), between ``low`` and ``high``."""

    name = "size"

    def __init__(self, low: int = 64 * MB, high: int = TB, sensible: str = "1G to 8G") -> None:
        self.low, self.high, self.sensible = low, high, sensible

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
        number = _number(text[: len(text) - len(unit)] if unit else text)
        if number is None:
            self.fail(f"not a size: {value!r} (examples: 4G, 512M; 0: no limit)", param, ctx)
        if number < 0:
            self.fail(f"a size cannot be negative: {value}", param, ctx)
        size = int(number * _SIZE_UNITS[unit])
        if size == 0:
            return 0
        if size < self.low:
            self.fail(
                f"{value} is too small: documents would fail at random for want of memory; give "
                f"at least {format_size(self.low)} (sensible: {self.sensible}; 0: no limit)",
                param,
                ctx,
            )
        if size > self.high:
            self.fail(
                f"{value} is more than any machine has: give at most {format_size(self.high)} "
                f"(sensible: {self.sensible}; 0: no limit)",
                param,
                ctx,
            )
        return size


class Seconds(click.ParamType):
    """A time limit in seconds: 0 (no limit) or between ``low`` and ``high``."""

    name = "seconds"

    def __init__(self, low: float, high: float, sensible: str) -> None:
        self.low, self.high, self.sensible = low, high, sensible

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        number = value if isinstance(value, float | int) else _number(str(value).strip())
        if number is None:
            self.fail(f"not a number of seconds: {value!r}", param, ctx)
        number = float(number)
        if number == 0:
            return 0.0
        if number < 0:
            self.fail(f"a time limit cannot be negative: {value}", param, ctx)
        if number < self.low:
            self.fail(
                f"{value} s is too short: ordinary documents would fail; give at least "
                f"{self.low:g} s (sensible: {self.sensible}; 0: no limit)",
                param,
                ctx,
            )
        if number > self.high:
            self.fail(
                f"{value} s is longer than any document should take: give at most "
                f"{self.high:g} s (sensible: {self.sensible}; 0: no limit)",
                param,
                ctx,
            )
        return number


class Count(click.ParamType):
    """A whole number between ``low`` and ``high`` (``high`` may depend on the machine)."""

    name = "integer"

    def __init__(self, low: int, high: int, sensible: str, why_high: str = "") -> None:
        self.low, self.high, self.sensible, self.why_high = low, high, sensible, why_high

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(f"not a whole number: {value!r}", param, ctx)
        if number < self.low:
            self.fail(f"{value} is too small: give at least {self.low} ({self.sensible})", param,
                      ctx)  # fmt: skip
        if number > self.high:
            why = f" {self.why_high}" if self.why_high else ""
            self.fail(f"{value} is too large: give at most {self.high}{why} ({self.sensible})",
                      param, ctx)  # fmt: skip
        return number


def max_workers(cpus: int | None = None) -> int:
    """More workers than this only compete for the CPUs (and each may use --max-memory)."""
    return max(32, 4 * (cpus or os.cpu_count() or 1))


class Label(click.ParamType):
    """The text in each box: short, printable, one line; ``ground`` for the ground code."""

    name = "text"
    MAX = 40  # characters; a box is rarely wider than this at a legible size

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        text = str(value)
        if len(text) > self.MAX:
            self.fail(
                f"{len(text)} characters is too long for a label in a box: give at most "
                f"{self.MAX} (such as the default [Redacted], 'ground', or '' for none)",
                param,
                ctx,
            )
        if not text.isprintable():
            self.fail(f"a label is one line of printable text: {text!r}", param, ctx)
        return text
