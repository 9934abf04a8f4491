"""Load the rules folder (YAML/TXT/TSV) once into a typed, immutable RuleSet.

Everything a deployment may want to tune — patterns, context words, field labels, public roles,
grounds, allow/deny lists — is data in ``rules/``; Python only interprets it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from woo_redact.errors import RulesError

NEVER = "(?!)"  # a regex that matches nothing: what an empty list must compile to

# Lists that must hold at least one entry: an empty one would silently switch a rule off (or, as
# an empty alternation, match everywhere). allow.txt and deny.txt may be empty.
REQUIRED_LISTS = (
    "address_keep_cues.txt",
    "functional_mailboxes.txt",
    "organisation_words.txt",
    "reference_labels.txt",
    "signature_cues.txt",
    "street_suffixes.txt",
    "private_mail_domains.txt",
)
OPTIONAL_LISTS = ("allow.txt", "deny.txt")
# YAML files and the keys in them that must be non-empty lists or mappings.
REQUIRED_KEYS = {
    "grounds.yml": ("grounds", "entities"),
    "names.yml": ("titles", "tussenvoegsels", "field_labels", "closings", "salutations"),
    "public_roles.yml": ("roles", "signing_headings"),
    "recognizers.yml": (),
    "organisation_blocks.yml": ("switchboard_words", "block_cues", "contact_cues"),
    "columns.yml": ("headers",),
}


def alternation(items: Iterable[str], space: str = r"\s+") -> str:
    """A regex alternation of the literal ``items``, longest first; ``NEVER`` when empty.

    ``"|".join([])`` is the empty pattern, which matches everywhere: an empty rules list would
    then mark every number a reference and every name an office holder.
    """
    ordered = sorted({i.strip() for i in items if i.strip()}, key=len, reverse=True)
    if not ordered:
        return NEVER
    return "|".join(re.escape(i).replace(r"\ ", space) for i in ordered)


def bundled_dir(name: str) -> Path:
    """Path of the bundled ``rules`` or ``models`` folder, installed or in a source checkout.

    An installed wheel carries them as ``woo_redact/_rules`` and ``woo_redact/_models``
    (pyproject.toml maps the top-level folders there); a checkout has them at the top.
    """
    here = Path(__file__).resolve().parent
    installed = here / f"_{name}"
    return installed if installed.is_dir() else here.parent / name


@dataclass(frozen=True)
class PatternSpec:
    name: str
    regex: str
    score: float


@dataclass(frozen=True)
class RecognizerSpec:
    entity: str
    patterns: tuple[PatternSpec, ...]
    context: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EntityPolicy:
    ground: str
    min_score: float
    label_nl: str
    label_en: str = ""  # "": the inventory's English texts show label_nl


@dataclass(frozen=True)
class RuleSet:
    """All rules of one rules folder."""

    root: Path
    grounds: dict[str, dict[str, str]]
    entities: dict[str, EntityPolicy]
    recognizers: dict[str, RecognizerSpec]
    titles: tuple[str, ...]
    tussenvoegsels: tuple[str, ...]
    field_labels: tuple[str, ...]
    closings: tuple[str, ...]
    salutations: tuple[str, ...]
    not_names: frozenset[str]
    roles: tuple[str, ...]
    general_roles: frozenset[str]
    signing_headings: tuple[str, ...]
    organisation_words: frozenset[str]
    functional_mailboxes: frozenset[str]
    reference_labels: tuple[str, ...]
    allow: frozenset[str]
    deny: dict[str, str]
    street_suffixes: tuple[str, ...]
    address_keep_cues: tuple[str, ...]
    not_name_endings: tuple[str, ...]
    unit_words: frozenset[str]
    organisation_heads: frozenset[str]  # a place or name after it is the organisation's
    switchboard_words: tuple[str, ...] = ()
    block_cues: tuple[str, ...] = ()
    contact_cues: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    introductions: tuple[str, ...] = ()
    # table columns (columns.yml): entity -> header cues, and the cell patterns
    column_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    address_cell: str = NEVER
    date_cell: str = NEVER
    name_headers: tuple[str, ...] = ()  # whole header cells of a column of persons' names
    name_cell: str = NEVER
    private_mail_domains: frozenset[str] = frozenset()

    def ground_for(self, entity: str) -> str:
        policy = self.entities.get(entity)
        return policy.ground if policy else "5.1.2e"

    def min_score(self, entity: str) -> float:
        policy = self.entities.get(entity)
        return policy.min_score if policy else 0.5


def read_list(path: Path) -> list[str]:
    """One item per line; blank lines and ``#`` comments are skipped.

    Read as ``utf-8-sig``: a byte-order mark (Windows editors write one) must not become part
    of the first entry.
    """
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            items.append(line)
    return items


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise RulesError(f"rules file {path} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RulesError(f"rules file {path} must hold a mapping, not {type(data).__name__}")
    return data


def validate_rules_dir(root: Path) -> dict[str, dict[str, Any]]:
    """Fail before any document is read when a rules folder is incomplete; return its YAML.

    A missing file, an empty list or a YAML key without entries would otherwise switch a rule
    off without a word, and an officer would publish what the rule should have caught.
    """
    if not root.is_dir():
        raise RulesError(f"rules folder does not exist: {root}")
    for name in (*REQUIRED_KEYS, *REQUIRED_LISTS):
        if not (root / name).is_file():
            raise RulesError(f"rules folder {root} has no {name}")
    for name in REQUIRED_LISTS:
        if not read_list(root / name):
            raise RulesError(f"rules list {root / name} is empty")
    yaml_files = {}
    for name, keys in REQUIRED_KEYS.items():
        data = yaml_files[name] = _read_yaml(root / name)
        if not data:
            raise RulesError(f"rules file {root / name} is empty")
        for key in keys:
            value = data.get(key)
            if not isinstance(value, list | dict) or not value:
                raise RulesError(f"rules file {root / name} needs a non-empty '{key}'")
    return yaml_files


def _recognizers(data: dict[str, Any], suffixes: list[str]) -> dict[str, RecognizerSpec]:
    # the suffixes are regex fragments ("straat", "weg", "s?laan"), not literals
    fragments = "|".join(sorted(suffixes, key=len, reverse=True)) or NEVER
    specs = {}
    for entity, body in data.items():
        try:
            patterns = tuple(
                PatternSpec(
                    p["name"], p["regex"].replace("{suffixes}", fragments), float(p["score"])
                )
                for p in body.get("patterns", [])
            )
            for spec in patterns:
                re.compile(spec.regex)
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise RulesError(f"recognizers.yml: bad pattern for {entity}: {exc}") from exc
        options = {k: v for k, v in body.items() if k not in ("patterns", "context")}
        specs[entity] = RecognizerSpec(
            entity, patterns, tuple(str(c) for c in body.get("context", [])), options
        )
    return specs


def _pronominal_adverbs(names: dict) -> frozenset[str]:
    """ "hierover", "daarmee", "waarvan": every head of names.yml's pronominal_adverbs with
    every preposition, written as one word."""
    spec = names.get("pronominal_adverbs") or {}
    return frozenset(
        f"{head}{tail}".lower() for head in spec.get("heads", []) for tail in spec.get("tails", [])
    )


def load_rules(root: Path | str | None = None) -> RuleSet:
    """Read a rules folder (default: the bundled one). Cached: rules are read once per process
    (``load_rules()``, ``load_rules(None)`` and the bundled folder's path are one entry)."""
    return _load_rules(Path(root).resolve() if root else bundled_dir("rules").resolve())


@functools.lru_cache(maxsize=8)
def _load_rules(root: Path) -> RuleSet:
    yaml_files = validate_rules_dir(root)
    grounds = yaml_files["grounds.yml"]
    names = yaml_files["names.yml"]
    roles = yaml_files["public_roles.yml"]
    blocks = yaml_files["organisation_blocks.yml"]
    columns = yaml_files["columns.yml"]
    suffixes = read_list(root / "street_suffixes.txt")
    deny: dict[str, str] = {}
    for line in read_list(root / "deny.txt"):
        text, _, ground = line.partition("\t")
        deny[text.strip().lower()] = ground.strip() or "5.1.2e"
    return RuleSet(
        root=root,
        grounds={str(k): v for k, v in grounds.get("grounds", {}).items()},
        entities={
            k: EntityPolicy(
                str(v["ground"]),
                float(v["min_score"]),
                str(v.get("label_nl", k)),
                str(v.get("label_en", "")),
            )
            for k, v in grounds.get("entities", {}).items()
        },
        recognizers=_recognizers(yaml_files["recognizers.yml"], suffixes),
        titles=tuple(names.get("titles", [])),
        tussenvoegsels=tuple(names.get("tussenvoegsels", [])),
        field_labels=tuple(names.get("field_labels", [])),
        closings=tuple(names.get("closings", [])),
        salutations=tuple(names.get("salutations", [])),
        introductions=tuple(str(i) for i in names.get("introductions", []) or []),
        not_names=frozenset(w.lower() for w in names.get("not_names", []))
        | _pronominal_adverbs(names),
        roles=tuple(r.lower() for r in roles.get("roles", [])),
        general_roles=frozenset(r.lower() for r in roles.get("general_roles", []) or []),
        parties=tuple(str(r) for r in roles.get("parties", []) or []),
        signing_headings=tuple(h.lower() for h in roles.get("signing_headings", [])),
        organisation_words=frozenset(w.lower() for w in read_list(root / "organisation_words.txt")),
        functional_mailboxes=frozenset(
            w.lower() for w in read_list(root / "functional_mailboxes.txt")
        ),
        reference_labels=tuple(w.lower() for w in read_list(root / "reference_labels.txt")),
        allow=frozenset(w.lower() for w in read_list(root / "allow.txt")),
        deny=deny,
        street_suffixes=tuple(suffixes),
        unit_words=frozenset(w.lower() for w in names.get("unit_words", [])),
        organisation_heads=frozenset(w.lower() for w in names.get("organisation_heads", [])),
        not_name_endings=tuple(w.lower() for w in names.get("not_name_endings", [])),
        address_keep_cues=tuple(w.lower() for w in read_list(root / "address_keep_cues.txt")),
        switchboard_words=tuple(w.lower() for w in blocks["switchboard_words"]),
        block_cues=tuple(w.lower() for w in blocks["block_cues"]),
        contact_cues=tuple(w.lower() for w in blocks["contact_cues"]),
        column_headers={
            str(k): tuple(str(c).lower() for c in v) for k, v in columns["headers"].items()
        },
        address_cell=_regex(columns, "address_cell"),
        date_cell=_regex(columns, "date_cell"),
        name_headers=tuple(str(c).lower() for c in columns.get("name_headers") or ()),
        name_cell=_regex(columns, "name_cell"),
        private_mail_domains=frozenset(
            w.lower() for w in read_list(root / "private_mail_domains.txt")
        ),
    )


def _regex(data: dict[str, Any], key: str) -> str:
    """A regex of a rules file, compiled once here so that a bad one fails at load time."""
    regex = str(data.get(key) or NEVER)
    try:
        re.compile(regex)
    except re.error as exc:
        raise RulesError(f"columns.yml: bad regex '{key}': {exc}") from exc
    return regex
