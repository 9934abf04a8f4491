"""A Presidio PatternRecognizer whose patterns and context come from rules/recognizers.yml."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from woo_redact.rules import RuleSet


class RulePatternRecognizer(PatternRecognizer):
    """Subclasses name their ENTITY and override ``validate_result`` for checksums only."""

    ENTITY: ClassVar[str] = ""

    def __init__(self, rules: RuleSet) -> None:
        spec = rules.recognizers[self.ENTITY]
        self.options = dict(spec.options)
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language="nl",
            patterns=[Pattern(p.name, p.regex, p.score) for p in spec.patterns],
            context=list(spec.context),
            # Presidio ignores case by default; postcodes, plates and IBANs are upper case.
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
