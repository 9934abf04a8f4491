"""The work folder: what a scan learnt, on disk, so that ``apply`` does not detect again.

It lives inside the review folder (``REVIEW/work/``): it holds every document's words and the
flagged text, so it is as internal as the findings. One file per document and one for the set::

    work/scan.json                the scan: id, tool version, options, fingerprints, every
                                  input (path, name, SHA-256, why it was not processed, its
                                  document file) and the page pictures of the review page
    work/decided.json.gz          the set's decisions: findings, decisions, redactions, the
                                  values spread over the set, the person registry
    work/docs/<digest>.json.gz    one readable input: its text (pages, words and boxes,
                                  graphics, OCR), its findings with the policy's decisions,
                                  and what reading it said (the run itself never holds the
                                  words: it reads a document back when it needs its pages)
    work/decisions.json           after ``apply``: the reviewer's decisions it applied

Detection results are always stored this way (``run`` writes the same folder), never pickled:
the files are JSON of the pipeline's dataclasses (``types.py``), written and read by one
generic codec driven by their type hints, so a field added to a dataclass is stored without
code here. Dataclasses are written as lists in field order (compact: a page has thousands of
words); the codec's ``schema_id`` over every field name and type is recorded in ``scan.json``,
and a work folder of another schema is refused rather than misread. ``scan.json`` itself is
written with field names, for people and other tools.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from woo_redact import atomic
from woo_redact.decide.registry import Person, Registry
from woo_redact.types import PageText
from woo_redact.variants import Needle

WORK = "work"
SCAN_FILE = "scan.json"
DECIDED_FILE = "decided.json.gz"
APPLIED_FILE = "decisions.json"
DOCS = "docs"
FORMAT = 1
GZIP_LEVEL = 3  # measured: level 3 writes the dev set's documents about as fast as level 1

T = TypeVar("T")


class WorkFolderError(ValueError):
    """A work folder that cannot be read as this version writes it."""


def doc_file(rel: str) -> str:
    """The document file of an input, relative to the work folder (a digest: no escaping)."""
    return f"{DOCS}/{hashlib.sha256(rel.encode()).hexdigest()[:24]}.json.gz"


# -- run-length encoding of PageText.char_word: runs of one word index ------------------------


def _rle(values: tuple[int, ...]) -> list[int]:
    out: list[int] = []
    for v in values:
        if out and out[-2] == v:
            out[-1] += 1
        else:
            out.extend((v, 1))
    return out


def _unrle(data: list[int]) -> tuple[int, ...]:
    out: list[int] = []
    for i in range(0, len(data), 2):
        out.extend([data[i]] * data[i + 1])
    return tuple(out)


def _pattern_out(pattern: re.Pattern[str]) -> list:
    return [pattern.pattern, pattern.flags]


def _pattern_in(data: list) -> re.Pattern[str]:
    return re.compile(data[0], data[1])


# Fields stored in a form of their own: (class, field) → (encode, decode)
FIELD_CODECS: dict[tuple[type, str], tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    (PageText, "char_word"): (_rle, _unrle),
    (Needle, "pattern"): (_pattern_out, _pattern_in),
}


def _registry_out(reg: Registry, keyed: bool) -> object:
    """Persons and the finding → person map; the indexes are rebuilt on reading."""
    return [to_json(reg.persons, keyed), to_json(reg.person_of, keyed)]


def _registry_in(data: object) -> Registry:
    persons, person_of = data  # type: ignore[misc]
    reg = Registry()
    for p in from_json(list[Person], persons):
        reg.add(p)
    reg.person_of = from_json(dict[str, str], person_of)
    return reg


# -- the codec ---------------------------------------------------------------------------------


def to_json(value: object, keyed: bool = False) -> object:
    """A JSON-able form of ``value``: dataclasses as lists in field order (``keyed``: as
    objects by field name), enums by value, paths as strings, dicts as [key, value] pairs."""
    return _encoder(type(value))(value, keyed)


_PLAIN = frozenset({str, int, float, bool, type(None)})
Encoder = Callable[[Any, bool], object]


def _plain(value: object, keyed: bool) -> object:
    return value


def _sequence(value: Any, keyed: bool) -> list:
    return [v if type(v) in _PLAIN else to_json(v, keyed) for v in value]


def _unordered(value: Any, keyed: bool) -> list:
    return [to_json(v, keyed) for v in sorted(value)]


def _mapping(value: dict, keyed: bool) -> object:
    if keyed and all(isinstance(k, str) for k in value):
        return {k: to_json(v, keyed) for k, v in value.items()}
    return [[to_json(k, keyed), to_json(v, keyed)] for k, v in value.items()]


def _unstorable(value: object, keyed: bool) -> object:
    raise TypeError(f"cannot store a {type(value).__name__} in the work folder")


@functools.cache
def _encoder(cls: type) -> Encoder:
    """How values of exactly ``cls`` are written, chosen once per class: a page's thousands of
    words each asked "what are you" of every kind in turn before (a tenth of a scan's CPU)."""
    if cls in _PLAIN:
        return _plain
    if issubclass(cls, Registry):
        return _registry_out  # type: ignore[return-value]
    if dataclasses.is_dataclass(cls):
        return _dataclass_encoder(cls)
    if issubclass(cls, Enum):
        return lambda value, keyed: value.value
    if issubclass(cls, Path):
        return lambda value, keyed: str(value)
    if issubclass(cls, (list, tuple)):
        return _sequence
    if issubclass(cls, (set, frozenset)):
        return _unordered
    if issubclass(cls, dict):
        return _mapping
    if issubclass(cls, (str, int, float, bool)):
        return _plain
    return _unstorable


def _dataclass_encoder(cls: type) -> Encoder:
    """The fields that are written (``init`` ones), each with its own codec if it has one."""
    fields = [
        (f.name, FIELD_CODECS[(cls, f.name)][0] if (cls, f.name) in FIELD_CODECS else None)
        for f in dataclasses.fields(cls)
        if f.init
    ]

    def encode(value: Any, keyed: bool) -> object:
        items = []
        for name, codec in fields:
            item = getattr(value, name)
            if codec is not None:
                items.append(codec(item))
            elif type(item) in _PLAIN:
                items.append(item)
            else:
                items.append(to_json(item, keyed))
        return dict(zip([name for name, _ in fields], items, strict=True)) if keyed else items

    return encode


def _is_union(tp: object) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType)


def from_json(tp: Any, data: Any) -> Any:
    """The value of type ``tp`` that ``to_json`` wrote as ``data``."""
    return _decoder(tp)(data)


def _identity(data: Any) -> Any:
    return data


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function that reads values of ``tp``, built once per type (type hints are slow)."""
    if tp is Any or tp is object:
        return _identity
    if tp is Registry:
        return _registry_in
    if _is_union(tp):
        inner = _decoder(next(a for a in get_args(tp) if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    origin = get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _identity:
                return tuple
            return lambda data: tuple(item(x) for x in data)
        items = [_decoder(a) for a in args]
        if all(a is float for a in args):  # a box: the hottest path of reading a document

            def floats(data: Any) -> tuple:
                if len(data) != len(args):
                    raise ValueError(f"expected {len(args)} numbers, got {len(data)}")
                return tuple(map(float, data))

            return floats
        return lambda data: tuple(f(x) for f, x in zip(items, data, strict=True))
    if origin in (list, set, frozenset):
        item = _decoder(get_args(tp)[0])
        return lambda data: origin(item(x) for x in data)
    if origin is dict:
        key, value = (_decoder(a) for a in get_args(tp))
        return lambda data: {
            key(k): value(v) for k, v in (data.items() if isinstance(data, dict) else data)
        }
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if tp is Path:
        return Path
    if tp is float:
        return float
    return _identity


def _dataclass_decoder(tp: type) -> Callable[[Any], Any]:
    hints = get_type_hints(tp)
    names = [f.name for f in dataclasses.fields(tp) if f.init]
    codecs = [
        FIELD_CODECS[(tp, name)][1] if (tp, name) in FIELD_CODECS else _decoder(hints[name])
        for name in names
    ]
    fields_in = list(zip(names, codecs, strict=True))
    # fields that need decoding, by position; the others are read as they are
    decoded = [(i, codec) for i, codec in enumerate(codecs) if codec is not _identity]

    def decode(data: Any) -> Any:
        if isinstance(data, list) and len(data) == len(names):  # every field, in order
            values = list(data)
            for i, codec in decoded:
                values[i] = codec(values[i])
            return tp(*values)
        values = data if isinstance(data, dict) else dict(zip(names, data, strict=True))
        kwargs = {}
        for name, codec in fields_in:
            if name in values:  # a field not written: its default
                kwargs[name] = codec(values[name])
        return tp(**kwargs)

    return decode


def schema_id(*roots: type) -> str:
    """A digest of every field name and type reachable from ``roots``: what the positional
    form of a work file depends on."""
    seen: dict[str, str] = {}

    def visit(tp: Any) -> None:
        for arg in get_args(tp):
            visit(arg)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            key = f"{tp.__module__}.{tp.__qualname__}"
            if key in seen:
                return
            hints = get_type_hints(tp)
            names = [f.name for f in dataclasses.fields(tp) if f.init]
            seen[key] = ";".join(f"{n}:{hints[n]}" for n in names)
            for n in names:
                visit(hints[n])

    for root in roots:
        visit(root)
    text = "\n".join(f"{k}={v}" for k, v in sorted(seen.items()))
    return hashlib.sha256(f"{FORMAT}\n{text}".encode()).hexdigest()[:16]


# -- files ---------------------------------------------------------------------------------------


def write_gz(path: Path, value: object) -> None:
    """``value`` as gzipped compact JSON, written under a temporary name and renamed; encoded
    as it is written (the set's decisions are never one string in memory)."""
    data = to_json(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{hashlib.sha256(str(path).encode()).hexdigest()[:8]}.part")
    try:
        with gzip.open(tmp, "wt", compresslevel=GZIP_LEVEL, encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_gz(path: Path, tp: type[T]) -> T:
    """What ``write_gz`` wrote, as a ``tp``; a damaged file is a WorkFolderError."""
    try:
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
        return from_json(tp, data)
    except (OSError, ValueError, TypeError, KeyError, IndexError, EOFError) as exc:
        raise WorkFolderError(f"cannot read {path}: {type(exc).__name__}: {exc}") from exc


def write_json(path: Path, value: dict) -> None:
    atomic.write_json(path, to_json(value, keyed=True), ensure_ascii=False, indent=1)


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkFolderError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise WorkFolderError(f"{path} is not a scan record")
    return data
