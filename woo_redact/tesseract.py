"""Tesseract: the one module that knows its command line, its output and its quirks.

Everything else asks this module for words of an image (``run_tsv`` + ``parse_tsv``) and never
builds a command line itself, as OCRmyPDF keeps one wrapper per external program. The engine
is probed once per process (``engine()``): its path, its version and whether it has the Dutch
model. Each call runs one process with one thread (``OMP_THREAD_LIMIT=1``: Tesseract's own
threading is several times slower on a busy machine); callers run pages in parallel.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from woo_redact.errors import InputError, OcrUnavailableError

LANGUAGE = "nld"
MIN_VERSION = (4, 0)  # the LSTM engine and TSV output
TIMEOUT = 300.0  # seconds for one image; longer fails the document
PSM_AUTO = 3  # page segmentation: find blocks and columns (a page, a screenshot)


class OcrUnavailable(OcrUnavailableError):
    """A page needs OCR and Tesseract (with the Dutch model) cannot be run."""


class OcrFailed(InputError):
    """Tesseract ran but failed or timed out on an image."""


@dataclass(frozen=True)
class Engine:
    """What the probe found: the executable, its version, and the reason it cannot be used."""

    path: str = ""
    version: tuple[int, ...] = ()
    problem: str = ""  # "" when it can be used


def _env() -> dict[str, str]:
    return dict(os.environ, OMP_THREAD_LIMIT="1")


def parse_version(text: str) -> tuple[int, ...]:
    """``tesseract 5.3.0`` (or ``tesseract v5.0.0-alpha.20201127``) → (5, 3, 0)."""
    m = re.search(r"tesseract\s+v?(\d+)\.(\d+)(?:\.(\d+))?", text, re.IGNORECASE)
    return tuple(int(g) for g in m.groups() if g is not None) if m else ()


@functools.lru_cache(maxsize=1)
def engine() -> Engine:
    """Probe Tesseract once: found, recent enough, with the Dutch model."""
    exe = shutil.which("tesseract")
    if not exe:
        return Engine(
            problem="Tesseract is not installed (Debian: apt-get install tesseract-ocr "
            "tesseract-ocr-nld)"
        )
    try:
        ver = subprocess.run(
            [exe, "--version"], capture_output=True, text=True, timeout=30, env=_env()
        )
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_env()
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return Engine(exe, problem=f"Tesseract cannot be run: {exc}")
    version = parse_version(ver.stdout + ver.stderr)
    if version and version < MIN_VERSION:
        found = ".".join(map(str, version))
        return Engine(exe, version, f"Tesseract {found} is too old (4.0 or later is needed)")
    names = {line.strip() for line in (langs.stdout + langs.stderr).splitlines()}
    if LANGUAGE not in names:
        return Engine(
            exe, version, "Tesseract has no Dutch model (Debian: apt-get install tesseract-ocr-nld)"
        )
    return Engine(exe, version)


def problem() -> str:
    """Why Tesseract cannot be used here, or "" when it can."""
    return engine().problem


def run_tsv(image: bytes, dpi: int, psm: int = PSM_AUTO, timeout: float = TIMEOUT) -> str:
    """Tesseract's TSV for one image (any format Leptonica reads; we pass PNM).

    The resolution is passed: a PNM carries none, and Tesseract's guess (360–470 dpi for a
    300 dpi A4 page) makes its layout analysis drop whole table bodies.
    """
    exe = engine().path or "tesseract"
    cmd = [exe, "stdin", "stdout", "-l", LANGUAGE, "--psm", str(psm), "--dpi", str(dpi), "tsv"]
    try:
        proc = subprocess.run(cmd, input=image, capture_output=True, timeout=timeout, env=_env())
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"OCR timed out after {timeout:.0f} s") from exc
    except OSError as exc:
        raise OcrUnavailable(f"Tesseract cannot be run: {exc}") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"Tesseract failed: {msg[-1] if msg else proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class TsvWord:
    """One word of Tesseract's TSV, in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0–100
    block: int
    line: tuple[int, int, int]  # (block, paragraph, line): one OCR line


def parse_tsv(tsv: str) -> list[TsvWord]:
    """The word rows (level 5) of Tesseract's TSV; empty and unreadable rows are left out."""
    out: list[TsvWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
            block, par, line = (int(c) for c in cols[2:5])
        except ValueError:
            continue
        if text and conf >= 0:
            out.append(TsvWord(text, left, top, width, height, conf, block, (block, par, line)))
    return out
