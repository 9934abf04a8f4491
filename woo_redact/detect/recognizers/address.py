"""Street + house number (+ postcode and place), and postcodes with a house number."""

from __future__ import annotations

from woo_redact.detect.recognizers.base import RulePatternRecognizer


class AddressRecognizer(RulePatternRecognizer):
    ENTITY = "NL_ADDRESS"


class PostcodeRecognizer(RulePatternRecognizer):
    ENTITY = "NL_POSTCODE"
