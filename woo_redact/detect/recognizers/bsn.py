"""Burgerservicenummer (BSN): nine digits that pass the 11-proef."""

from __future__ import annotations

from woo_redact.detect.recognizers.base import RulePatternRecognizer, digits


def elfproef(number: str) -> bool:
    """The BSN variant of the 11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)."""
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True))
    total -= int(number[8])
    return total % 11 == 0


class BsnRecognizer(RulePatternRecognizer):
    ENTITY = "NL_BSN"

    def validate_result(self, pattern_text: str) -> bool:
        return elfproef(digits(pattern_text))
