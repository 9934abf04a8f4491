"""IBAN: ISO 13616 mod-97 checksum and the country's length.

A valid foreign IBAN of a person is personal data too, so every country is accepted; what is
rejected is a wrong checksum or a length that does not fit the country.
"""

from __future__ import annotations

from woo_redact.detect.recognizers.base import RulePatternRecognizer

# Lengths per country (ISO 13616 registry, the SEPA area and common others).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TR": 26, "MA": 28, "SR": 0,
}  # fmt: skip


def iban_valid(text: str) -> bool:
    compact = "".join(text.split()).upper()
    expected = IBAN_LENGTHS.get(compact[:2])
    if not expected or len(compact) != expected or not compact[2:4].isdigit():
        return False
    if compact[:2] == "NL" and not (compact[4:8].isalpha() and compact[8:].isdigit()):
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


class IbanRecognizer(RulePatternRecognizer):
    ENTITY = "IBAN_CODE"

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text)
