"""E-mail addresses, with the top-level domain checked offline.

Presidio's own e-mail validator calls tldextract with its default settings, which fetch the
public suffix list over the network; here tldextract uses only its bundled snapshot.
"""

from __future__ import annotations

import functools

import tldextract

from woo_redact.detect.recognizers.base import RulePatternRecognizer


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class EmailRecognizer(RulePatternRecognizer):
    ENTITY = "EMAIL_ADDRESS"

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rsplit("@", 1)[-1]
        return bool(_extractor()(domain).suffix)
