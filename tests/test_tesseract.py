"""The Tesseract wrapper: its probe, its command line and its TSV, replayed from cached output."""

from __future__ import annotations

import subprocess

import pytest

from woo_redact import tesseract

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t300\t150\t300\t50\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t300\t150\t150\t50\t96.5\tGemeente\n"
    "5\t1\t1\t1\t1\t2\t480\t150\t120\t50\t91.0\tAlmere\n"
    "5\t1\t1\t1\t2\t1\t300\t230\t30\t30\t12.0\t|\n"
    "5\t1\t1\t1\t2\t2\t340\t230\t30\t30\t-1\t\n"
    "5\t1\t2\t1\t1\t1\t300\t400\t90\t50\t48.25\tBrief\n"
    "5\t1\t2\t1\t1\t2\tx\t400\t90\t50\t88.0\tkapot\n"
)


def test_tsv_rows_are_words_with_boxes_confidence_and_line() -> None:
    words = tesseract.parse_tsv(TSV)
    assert [w.text for w in words] == ["Gemeente", "Almere", "|", "Brief"]  # empty, bad rows out
    first, _, bar, brief = words
    assert (first.left, first.top, first.width, first.height) == (300, 150, 150, 50)
    assert first.conf == 96.5 and brief.conf == 48.25
    assert first.line == words[1].line != bar.line != brief.line
    assert brief.block == 2


@pytest.mark.parametrize(
    ("text", "version"),
    [("tesseract 5.3.0\n leptonica-1.82.0", (5, 3, 0)), ("tesseract 4.1\n", (4, 1)),
     ("tesseract v5.0.0-alpha.20201127", (5, 0, 0)), ("tesseract 3.05.02", (3, 5, 2)),
     ("command not found", ())],
)  # fmt: skip
def test_version_is_read_from_its_banner(text: str, version: tuple[int, ...]) -> None:
    assert tesseract.parse_version(text) == version


class _Done:
    def __init__(self, stdout: str = "", returncode: int = 0) -> None:
        self.stdout, self.stderr, self.returncode = stdout, "", returncode


def _fake_engine(monkeypatch: pytest.MonkeyPatch, version: str, langs: str) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **_: object) -> _Done:
        calls.append(cmd)
        return _Done(version if "--version" in cmd else langs)

    monkeypatch.setattr(tesseract.shutil, "which", lambda name: "/usr/bin/tesseract")
    monkeypatch.setattr(tesseract.subprocess, "run", fake_run)
    tesseract.engine.cache_clear()
    return calls


@pytest.fixture(autouse=True)
def _fresh_probe():
    tesseract.engine.cache_clear()
    yield
    tesseract.engine.cache_clear()


def test_engine_is_probed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_engine(monkeypatch, "tesseract 5.3.0", "List of languages:\neng\nnld\n")
    for _ in range(3):
        assert tesseract.problem() == ""
    assert tesseract.engine().version == (5, 3, 0)
    assert len(calls) == 2  # --version and --list-langs, once


@pytest.mark.parametrize(
    ("version", "langs", "problem"),
    [("tesseract 3.05.02", "nld\n", "too old"),
     ("tesseract 5.3.0", "eng\nosd\n", "no Dutch model")],
)  # fmt: skip
def test_an_unusable_engine_says_why(
    monkeypatch: pytest.MonkeyPatch, version: str, langs: str, problem: str
) -> None:
    _fake_engine(monkeypatch, version, langs)
    assert problem in tesseract.problem()


def test_a_missing_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract.shutil, "which", lambda name: None)
    assert "apt-get install tesseract-ocr" in tesseract.problem()


def test_command_line_has_language_resolution_layout_and_one_thread(monkeypatch) -> None:
    """A PNM has no resolution; without it Tesseract guesses one and drops table bodies."""
    seen: list[tuple[list[str], dict]] = []

    class Done:
        returncode, stdout, stderr = 0, b"level\n", b""

    def fake_run(cmd: list[str], **kwargs: object) -> Done:
        seen.append((cmd, kwargs))
        return Done()

    monkeypatch.setattr(tesseract.subprocess, "run", fake_run)
    monkeypatch.setattr(tesseract, "engine", lambda: tesseract.Engine("/x/tesseract", (5, 3)))
    assert tesseract.run_tsv(b"P5 1 1 255 0", dpi=200, psm=6) == "level\n"
    ((cmd, kwargs),) = seen
    assert cmd[0] == "/x/tesseract" and cmd[-1] == "tsv"
    assert cmd[cmd.index("--dpi") + 1] == "200" and cmd[cmd.index("--psm") + 1] == "6"
    assert cmd[cmd.index("-l") + 1] == "nld"
    assert kwargs["env"]["OMP_THREAD_LIMIT"] == "1"


def test_failures_become_errors_of_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    def timeout(cmd: list[str], **kwargs: object) -> None:
        raise subprocess.TimeoutExpired(cmd, 1.0)

    monkeypatch.setattr(tesseract.subprocess, "run", timeout)
    with pytest.raises(tesseract.OcrFailed, match="timed out"):
        tesseract.run_tsv(b"", dpi=300, timeout=1.0)

    class Failed:
        returncode, stdout, stderr = 1, b"", b"Error in pixReadStream\nfailed to read"

    monkeypatch.setattr(tesseract.subprocess, "run", lambda cmd, **kw: Failed())
    with pytest.raises(tesseract.OcrFailed, match="failed to read"):
        tesseract.run_tsv(b"", dpi=300)
