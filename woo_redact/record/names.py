"""Published file names: a file or folder name must not carry the personal data redacted inside.

"Bezwaar Jansen (2023).pdf" is published as "Bezwaar [gelakt] (2023).pdf" once "Jansen" is
redacted anywhere in the set. Names without redacted strings stay exactly as they were (the
evaluation scorer and users rely on output names equal to input names). The naming functions
are pure; the mapping is computed once in the supervisor and written to the review folder only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from woo_redact.atomic import write_text

MARK = "[gelakt]"
SEPARATORS = r"[\s_.\-]+"  # in a file name these stand between words like spaces do
NOT_ALNUM_BEFORE = r"(?<![^\W_])"  # whole word: no letter or digit right before …
NOT_ALNUM_AFTER = r"(?![^\W_])"  # … or right after
MODES = ("scrubbed", "number")


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive whole-word pattern for every redacted string, longest first.

    Each term is whitespace-folded and split at separators, so "Jan de Vries" also matches
    "jan_de-vries" and "Jan.de.Vries"; one pass means a replacement is never matched again.
    """
    parts: dict[tuple[str, ...], tuple[str, ...]] = {}  # lower-cased → as written
    for term in terms:
        words = tuple(w for w in re.split(SEPARATORS, term) if w)
        if any(ch.isalnum() for w in words for ch in w):
            parts.setdefault(tuple(w.lower() for w in words), words)
    if not parts:
        return None
    ordered = sorted(parts.values(), key=lambda ws: (-len(" ".join(ws)), ws))
    alternatives = "|".join(SEPARATORS.join(re.escape(w) for w in ws) for ws in ordered)
    return re.compile(f"{NOT_ALNUM_BEFORE}(?:{alternatives}){NOT_ALNUM_AFTER}", re.IGNORECASE)


def scrub_component(name: str, pattern: re.Pattern[str] | None) -> str:
    """One path component with every redacted string replaced by ``[gelakt]``."""
    return pattern.sub(MARK, name) if pattern is not None else name


def scrub_rel(rel: str, pattern: re.Pattern[str] | None) -> str:
    """A relative path with every component scrubbed; the folder structure stays."""
    return "/".join(scrub_component(part, pattern) for part in rel.split("/"))


def _numbered(rel: str, n: int) -> str:
    """``rel`` with `` (n)`` before the suffix of its last component."""
    path = PurePosixPath(rel)
    return str(path.with_name(f"{path.stem} ({n}){path.suffix}"))


class _Taken:
    """Published paths so far: a new one may be neither a file nor a folder already used."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.dirs: set[str] = set()

    def free(self, rel: str) -> bool:
        parents = [str(p) for p in PurePosixPath(rel).parents if str(p) != "."]
        return (
            rel not in self.files
            and rel not in self.dirs
            and not any(p in self.files for p in parents)
        )

    def add(self, rel: str) -> None:
        self.files.add(rel)
        self.dirs.update(str(p) for p in PurePosixPath(rel).parents if str(p) != ".")


def published_names(rels: Sequence[str], terms: Iterable[str], mode: str = "scrubbed") -> list[str]:
    """The published relative path of every document, in the order of ``rels``.

    ``scrubbed``: redacted strings replaced in every path component; a name that changed and
    collides with another gets `` (2)``, `` (3)`` … (unchanged names keep theirs).
    ``number``: ``0001.pdf``, ``0002.pdf`` … in input order, keeping each suffix.
    """
    if mode == "number":
        width = max(4, len(str(len(rels))))
        return [f"{i:0{width}d}{PurePosixPath(r).suffix.lower()}" for i, r in enumerate(rels, 1)]
    if mode != "scrubbed":
        raise ValueError(f"unknown output name mode: {mode!r} (one of {', '.join(MODES)})")
    pattern = term_pattern(terms)
    scrubbed = [scrub_rel(rel, pattern) for rel in rels]
    taken = _Taken()
    for rel, new in zip(rels, scrubbed, strict=True):
        if rel == new:
            taken.add(rel)
    out: list[str] = []
    for rel, new in zip(rels, scrubbed, strict=True):
        if rel != new:
            candidate, n = new, 1
            while not taken.free(candidate):
                n += 1
                candidate = _numbered(new, n)
            new = candidate
            taken.add(new)
        out.append(new)
    return out


def replace_names(text: str, names: dict[str, str]) -> str:
    """``text`` with every given input path or name replaced by its published name.

    Error messages and remarks can quote the input path (an exception's text); a published
    file must not.
    """
    changed = sorted((old for old in names if old and old != names[old]), key=len, reverse=True)
    if not changed or not text:
        return text
    pattern = re.compile(
        f"{NOT_ALNUM_BEFORE}(?:{'|'.join(re.escape(old) for old in changed)}){NOT_ALNUM_AFTER}"
    )
    return pattern.sub(lambda m: names[m.group(0)], text)


def write_names(path: Path, rows: Iterable[tuple[str, str, str]]) -> None:
    """review/names.csv: input path, input name and published name of every document.

    Internal: it links the published names back to the (personal) input names.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["input_path", "input_file", "published_file"])
    writer.writerows(rows)
    write_text(path, buf.getvalue())
