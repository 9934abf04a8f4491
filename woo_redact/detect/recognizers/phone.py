"""Dutch telephone numbers, validated against the numbering plan by phonenumbers."""

from __future__ import annotations

import phonenumbers

from woo_redact.detect.recognizers.base import RulePatternRecognizer


def dutch_phone_valid(text: str) -> bool:
    cleaned = text.replace("(0)", "")
    try:
        number = phonenumbers.parse(cleaned, "NL")
    except phonenumbers.NumberParseException:
        return False
    return number.country_code == 31 and phonenumbers.is_valid_number(number)


class PhoneRecognizer(RulePatternRecognizer):
    ENTITY = "PHONE_NUMBER"

    def validate_result(self, pattern_text: str) -> bool:
        return dutch_phone_valid(pattern_text)
