"""Dutch telephone numbers: the numbering plan (phonenumbers) is evidence, context decides.

A number the plan assigns scores 1.0. A number of the right shape that the plan does not
assign ("06-9…", a range not yet in use) keeps its pattern's score: a mobile shape ("06",
"+31 6") is distinctive enough to stand alone, a landline shape needs a cue word in front
(Presidio's context words) to reach the threshold. A reference label in front keeps either
(decide/policy.py).
"""

from __future__ import annotations

import phonenumbers

from woo_redact.detect.recognizers.base import RulePatternRecognizer


def dutch_phone_valid(text: str) -> bool:
    cleaned = " ".join(text.replace("(0)", "").split())
    try:
        number = phonenumbers.parse(cleaned, "NL")
    except phonenumbers.NumberParseException:
        return False
    return number.country_code == 31 and phonenumbers.is_valid_number(number)


class PhoneRecognizer(RulePatternRecognizer):
    ENTITY = "PHONE_NUMBER"

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if dutch_phone_valid(pattern_text) else None
