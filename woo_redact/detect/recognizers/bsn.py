"""Burgerservicenummer (BSN) and the BTW numbers of sole traders that carry one.

The 11-proef is python-stdnum's (``stdnum.nl.bsn``, which also takes the older 8-digit BSNs).
A checksum is evidence, not the rule: nine digits that pass it are a BSN wherever they stand;
nine that fail it, and eight digits that pass it, are a BSN only with a cue word in front
("BSN: …": a typo is still someone's number). The pattern's own low score needs Presidio's
context boost to reach the redaction threshold.
"""

from __future__ import annotations

from stdnum.nl import bsn, btw

from woo_redact.detect.recognizers.base import RulePatternRecognizer, digits


def bsn_valid(number: str) -> bool:
    """The 11-proef on 8 or 9 digits (an 8-digit BSN is one with a leading zero)."""
    return len(number) in (8, 9) and number.strip("0") != "" and bsn.is_valid(number)


class BsnRecognizer(RulePatternRecognizer):
    ENTITY = "NL_BSN"

    def validate_result(self, pattern_text: str) -> bool | None:
        number = digits(pattern_text)
        if len(number) == 9:
            return True if bsn_valid(number) else None
        # eight digits: a BSN only when it passes and a cue stands in front
        return None if bsn_valid(number) else False


class BtwRecognizer(RulePatternRecognizer):
    """A Dutch VAT number (``NL…B01``) whose nine digits are a BSN: a sole trader's, the
    person's BSN in another form. A company's VAT number (mod-97 type, or not a BSN) is
    not personal data and is not reported."""

    ENTITY = "NL_BTW"

    def validate_result(self, pattern_text: str) -> bool:
        compact = btw.compact(pattern_text)
        return btw.is_valid(compact) and bsn_valid(compact[:9])
