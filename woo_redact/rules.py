"""Load the rules folder (YAML/TXT/TSV) once into a typed, immutable RuleSet.

Everything a deployment may want to tune — patterns, context words, field labels, public roles,
grounds, allow/deny lists — is data in ``rules/``; Python only interprets it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


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

    def ground_for(self, entity: str) -> str:
        policy = self.entities.get(entity)
        return policy.ground if policy else "5.1.2e"

    def min_score(self, entity: str) -> float:
        policy = self.entities.get(entity)
        return policy.min_score if policy else 0.5


def read_list(path: Path) -> list[str]:
    """One item per line; blank lines and ``#`` comments are skipped."""
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            items.append(line)
    return items


def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _recognizers(data: dict[str, Any], suffixes: list[str]) -> dict[str, RecognizerSpec]:
    alternation = "|".join(sorted(suffixes, key=len, reverse=True))
    specs = {}
    for entity, body in data.items():
        patterns = tuple(
            PatternSpec(p["name"], p["regex"].replace("{suffixes}", alternation), float(p["score"]))
            for p in body.get("patterns", [])
        )
        options = {k: v for k, v in body.items() if k not in ("patterns", "context")}
        specs[entity] = RecognizerSpec(
            entity, patterns, tuple(str(c) for c in body.get("context", [])), options
        )
    return specs


@functools.lru_cache(maxsize=8)
def load_rules(root: Path | str | None = None) -> RuleSet:
    """Read a rules folder (default: the bundled one). Cached: rules are read once per process."""
    root = Path(root) if root else bundled_dir("rules")
    if not (root / "grounds.yml").exists():
        raise FileNotFoundError(f"not a rules folder (no grounds.yml): {root}")
    grounds = _read_yaml(root / "grounds.yml")
    names = _read_yaml(root / "names.yml")
    roles = _read_yaml(root / "public_roles.yml")
    suffixes = read_list(root / "street_suffixes.txt")
    deny: dict[str, str] = {}
    for line in read_list(root / "deny.txt"):
        text, _, ground = line.partition("\t")
        deny[text.strip().lower()] = ground.strip() or "5.1.2e"
    return RuleSet(
        root=root,
        grounds={str(k): v for k, v in grounds.get("grounds", {}).items()},
        entities={
            k: EntityPolicy(str(v["ground"]), float(v["min_score"]), str(v.get("label_nl", k)))
            for k, v in grounds.get("entities", {}).items()
        },
        recognizers=_recognizers(_read_yaml(root / "recognizers.yml"), suffixes),
        titles=tuple(names.get("titles", [])),
        tussenvoegsels=tuple(names.get("tussenvoegsels", [])),
        field_labels=tuple(names.get("field_labels", [])),
        closings=tuple(names.get("closings", [])),
        salutations=tuple(names.get("salutations", [])),
        not_names=frozenset(w.lower() for w in names.get("not_names", [])),
        roles=tuple(r.lower() for r in roles.get("roles", [])),
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
        not_name_endings=tuple(w.lower() for w in names.get("not_name_endings", [])),
        address_keep_cues=tuple(w.lower() for w in read_list(root / "address_keep_cues.txt")),
    )
