"""The statistical model's PERSON spans, through Presidio, with their edges cleaned.

The model sometimes takes a sentence-initial verb into a name ("Zegt P. Jansen"); such a
leading word is dropped when it is a function word, a common word, or stands before initials
without being a known first name.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.detect.lexicon import Lexicon, load_lexicon
from woo_redact.rules import RuleSet

INITIAL = re.compile(r"^(?:\w\.)+$")
MODEL_RECOGNIZER = "ModelNameRecognizer"
LONG_WORD = 8  # dictionary words this long are rarely given names (see decide.LONG_WORD)


class ModelNameRecognizer(SpacyRecognizer):
    """Presidio's spaCy recognizer for PERSON, with leading non-name words trimmed."""

    def __init__(self, rules: RuleSet | None = None, lexicon: Lexicon | None = None) -> None:
        super().__init__(
            supported_language="nl", supported_entities=["PERSON"], name=MODEL_RECOGNIZER
        )
        self.lexicon = lexicon or load_lexicon()
        tussenvoegsels = rules.tussenvoegsels if rules else ()
        self.tussen = {part for t in tussenvoegsels for part in t.lower().split()}
        self.labels = {label.lower() for label in rules.field_labels} if rules else set()
        self.endings = rules.not_name_endings if rules else ()

    def _leading_junk(self, words: list[str]) -> bool:
        first = words[0]
        if first.endswith(","):  # "Brink, U. van de": surname first
            return False
        low = first.lower().strip(",.;:")
        if low in self.tussen:  # "In 't Dodewaard", "Van der Linden"
            return False
        if low in STOP_WORDS or low in self.lexicon.common_words:
            return True
        if len(low) >= LONG_WORD and self.lexicon.is_common_word(low):
            return True  # "Crisisteam Gouda", "Netbeheerder Alliander"
        return bool(INITIAL.match(words[1])) and not self.lexicon.is_first_name(first)

    def _trim_next_line(self, text: str, res: RecognizerResult) -> None:
        """Cut a name that runs over a line break into a label, job title, ordinary word or
        place ("Perdok, C.\nAan", "Rajaa\nMedewerker", "Visser, B.\nStraat")."""
        span = text[res.start : res.end]
        cut = span.rfind("\n")
        if cut <= 0:
            return
        tail = span[cut + 1 :].strip().lower()
        head = span[:cut].split()
        # after "Jan de" the next line is the surname, whatever else the word means
        one_word = len(tail.split()) == 1 and not (head and head[-1].lower() in self.tussen)
        if (
            tail in self.labels
            or tail.endswith(self.endings)
            or (len(tail) >= 8 and self.lexicon.is_common_word(tail))
            or (one_word and (self.lexicon.is_common_word(tail) or self.lexicon.is_place(tail)))
        ):
            res.end = res.start + len(span[:cut].rstrip())

    def _join_next_line(self, text: str, res: RecognizerResult) -> None:
        """A name broken after its tussenvoegsel ("Jorien van" / "Dam …"): the surname on the
        next line is taken in. Alone, "Jorien van" ends in a function word, the policy drops
        it and the whole name leaks. An inverted name ("Brink, U. van de") ends so on
        purpose and is left as it is."""
        span = text[res.start : res.end]
        words = span.split()
        if len(words) < 2 or "," in span or words[-1].lower() not in self.tussen:
            return
        m = re.match(r"[ \t]*\n[ \t]*([A-ZÀ-Ý][\w'’-]*)", text[res.end :])
        if m:
            res.end += m.end(1)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        for res in results:
            self._trim_next_line(text, res)
            self._join_next_line(text, res)
            span = text[res.start : res.end]
            while True:
                words = span.split()
                if len(words) < 2 or not self._leading_junk(words):
                    break
                cut = re.match(r"\S+\s+", span).end()  # type: ignore[union-attr]
                res.start += cut
                span = span[cut:]
        return results
