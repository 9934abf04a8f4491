"""Shared helpers: the Dutch tokenizer used for training data and the model.

The pipeline uses spaCy's Dutch language class (``nl``) with two small
tokenizer tweaks that are serialised into the saved model (no code is needed
at load time):

* a possessive ``'s`` is split off after a letter ("Sanne's" -> "Sanne", "'s"),
  so a name span never has to include the possessive;
* a sentence-final period after a word of two or more letters is split off,
  also after capitals ("FIN.", "Max."), and capitalised one-word abbreviations
  are no longer tokenizer exceptions;
* Dutch titles with a period ("mw.", "dhr.", "mevr.", ...) stay one token.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.util import compile_suffix_regex

TITLES = [
    "dhr.",
    "mw.",
    "mevr.",
    "drs.",
    "mr.",
    "ir.",
    "dr.",
    "prof.",
    "ing.",
    "ds.",
    "bc.",
    "mej.",
    "ds.",
    "drs.ing.",
    "mr.drs.",
    "ir.drs.",
    "dr.ir.",
    "prof.dr.",
    "prof.mr.",
]


def customize_tokenizer(nlp: Language) -> Language:
    """Apply the woo tokenizer tweaks to ``nlp`` in place and return it."""
    suffixes = list(nlp.Defaults.suffixes or []) + [
        r"(?<=[^\W\d_])['’]s$",
        r"(?<=[^\W\d_]{2})\.$",
    ]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    # Drop capitalised one-word abbreviations ("Max.", "Jan.", "FIN.") that swallow
    # the sentence-final period after a name or acronym.
    nlp.tokenizer.rules = {
        k: v
        for k, v in (nlp.tokenizer.rules or {}).items()
        if not re.fullmatch(r"[A-Z][A-Za-zÀ-ÿ]+\.", k)
    }
    for t in TITLES:
        forms = {t, t[0].upper() + t[1:], t.upper()} - {"ING."}  # ING is a bank
        for form in forms:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


def make_nlp() -> Language:
    """Return a blank Dutch pipeline with the woo tokenizer."""
    return customize_tokenizer(spacy.blank("nl"))


@spacy.registry.callbacks("woo_customize_tokenizer.v1")
def create_callback():  # noqa: ANN201 - spaCy registry signature
    """Registry callback for ``[initialize.before_init]``."""

    def callback(nlp: Language) -> Language:
        return customize_tokenizer(nlp)

    return callback
