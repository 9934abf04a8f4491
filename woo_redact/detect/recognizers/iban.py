"""IBAN: python-stdnum's ``stdnum.iban`` (ISO 13616 mod-97 and every country's format).

A valid foreign IBAN of a person is personal data too, so every country is accepted; what is
rejected is a wrong checksum or a format that does not fit the country.
"""

from __future__ import annotations

from stdnum import iban

from woo_redact.detect.recognizers.base import RulePatternRecognizer


def iban_valid(text: str) -> bool:
    return iban.is_valid("".join(text.split()))  # a group may stand on the next line


class IbanRecognizer(RulePatternRecognizer):
    ENTITY = "IBAN_CODE"

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text)
