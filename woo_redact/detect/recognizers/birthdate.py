"""Dates of birth: a date is reported only with a birth cue (geboren, geb., geboortedatum …)
in the characters just before it; other dates are kept."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from woo_redact.detect.recognizers.base import RulePatternRecognizer
from woo_redact.rules import alternation


class BirthDateRecognizer(RulePatternRecognizer):
    ENTITY = "BIRTH_DATE"

    def __init__(self, rules) -> None:  # noqa: ANN001 - RuleSet, avoids an import cycle
        super().__init__(rules)
        self.window = int(self.options.get("context_window", 40))
        self._cue = re.compile(
            r"(?<!\w)(?:" + alternation(self.context) + r")(?!\w)", re.IGNORECASE
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for res in results:
            before = text[max(0, res.start - self.window) : res.start]
            if self._cue.search(before):
                res.score = max(res.score, 0.85)
                kept.append(res)
        return kept
