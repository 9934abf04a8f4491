"""Street + house number (+ postcode and place), and postcodes (``stdnum.nl.postcode``)."""

from __future__ import annotations

from stdnum.nl import postcode

from woo_redact.detect.recognizers.base import RulePatternRecognizer


class AddressRecognizer(RulePatternRecognizer):
    ENTITY = "NL_ADDRESS"


class PostcodeRecognizer(RulePatternRecognizer):
    """A valid postcode keeps its pattern's low score: it is personal data only as part of a
    home address (context words, a street and number next to it, an address column)."""

    ENTITY = "NL_POSTCODE"

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if postcode.is_valid(pattern_text) else False
