"""Dutch licence plates (kentekens) in the 14 sidecodes."""

from __future__ import annotations

from woo_redact.detect.recognizers.base import RulePatternRecognizer

# Letters never used on Dutch plates in the modern sidecodes (vowels, C, Q, except the old
# ones); a plate made only of excluded letters is an ordinary code like "AA-12-34" in a form.
_NEVER = set("AEIOUCMQ")


class LicensePlateRecognizer(RulePatternRecognizer):
    ENTITY = "NL_LICENSE_PLATE"

    def validate_result(self, pattern_text: str) -> bool | None:
        letters = [c for c in pattern_text if c.isalpha()]
        if letters and all(c in _NEVER for c in letters):
            return False
        return None
