"""Person-name rule layer: the places where a name is certain whatever the model says.

Header fields (Auteur, Kopie aan, Van/Aan/CC …), signature blocks after a closing, salutations,
chat senders, titles (dhr., mevr., drs. …) and initials + surname. The words, labels and
closings all come from ``rules/names.yml``; this module only turns them into regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.detect.lexicon import Lexicon, load_lexicon
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.rules import RuleSet, alternation


def _letter_class(test: str) -> str:
    """Character-class body of the Latin letters (up to U+024F) of one case.

    Python's ``re`` has no \\p{Lu}; names such as Ścibisz, İzel or Mateńko need more than
    Latin-1, so the classes are built from Unicode's own case data.
    """
    chars = [chr(c) for c in range(0xC0, 0x250) if getattr(chr(c), test)()]
    return ("A-Z" if test == "isupper" else "a-z") + "".join(chars)


UP = _letter_class("isupper")
LO = _letter_class("islower")
CAP = rf"[{UP}][{LO}'’]+(?:-[{UP}][{LO}'’]+)*"
CAPS = rf"[{UP}]{{2,}}(?:['’]S)?(?:-[{UP}]{{2,}})*"
INITIALS = rf"(?:[{UP}][{LO}]?\.[ ]?){{1,4}}"


def _alternation(items: list[str] | tuple[str, ...]) -> str:
    return alternation((i.strip() for i in items), space=r"[ ]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    score: float
    rule: str


class AnchoredResult(RecognizerResult):
    """A rule's name span, which Presidio's duplicate removal never folds into a model guess.

    Presidio drops a result that another result of the same type contains with an equal or
    higher score. The model's PERSON score (0.8) is above some rules' (initials, "Surname,
    I."), so a model span equal to or around a rule's anchor used to replace it, and when
    the policy then took the model's guess for a place ("Gouda, S." with a surname that is
    also a town) the anchored name was kept. Both now stay; the policy decides each.
    """

    def contained_in(self, other: RecognizerResult) -> bool:
        guess = other.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY)
        return guess != MODEL_RECOGNIZER and super().contained_in(other)

    def __eq__(self, other: object) -> bool:
        same_rule = isinstance(other, RecognizerResult) and self.recognition_metadata.get(
            RecognizerResult.RECOGNIZER_NAME_KEY
        ) == other.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY)
        return same_rule and super().__eq__(other)

    __hash__ = RecognizerResult.__hash__


class NameRuleRecognizer(EntityRecognizer):
    """Finds PERSON spans from context rules; the spaCy model and name lists add to this."""

    def __init__(self, rules: RuleSet, lexicon: Lexicon | None = None) -> None:
        self.rules = rules
        self.lexicon = lexicon or load_lexicon()
        self.blocked = (
            rules.not_names
            | rules.organisation_words
            | {t.lower() for t in rules.tussenvoegsels}
            | {t.lower().rstrip(".") for t in rules.titles}
        )
        # "van 't", also typed or OCR'd with a curly apostrophe ("van ‘t Land")
        tv = _alternation(rules.tussenvoegsels).replace("'", "['‘’]")
        title = _alternation(rules.titles)
        # A name: initials and/or given names, optional nickname, optional tussenvoegsel, surname.
        name = (
            rf"(?:{INITIALS}[ ]?)?(?:(?:{CAP}|{CAPS})[ ]){{0,2}}(?:\({CAP}\)[ ])?"
            rf"(?:(?i:{tv})[ ]+)?(?:{CAP}|{CAPS})"
        )
        # a title and its name may stand a layout gap apart (a tab: the title ends a cell, or
        # a wide space on a scanned form): "mevrouw<TAB>De Vries" is still her name
        self.title_re = re.compile(rf"(?<![\w.])(?i:{title})(?:[ ]+|[ ]*\t[ \t]*)(?P<name>{name})")
        self.initials_re = re.compile(
            rf"(?<![\w.])(?P<name>{INITIALS}[ ]?(?:(?i:{tv})[ ]+)?(?:{CAP}|{CAPS}))"
        )
        self.field_re = re.compile(
            rf"^[ \t]*(?P<label>(?i:{_alternation(rules.field_labels)}))[ ]*(?P<sep>:|\t)[ \t]*"
            rf"(?P<value>[^\n]*)$",
            re.MULTILINE,
        )
        self.closing_re = re.compile(
            rf"^[ \t]*(?i:{_alternation(rules.closings)})[ ]*[,.!]?[ \t]*$", re.MULTILINE
        )
        self.salutation_re = re.compile(
            rf"(?:^|(?<=[.!?:][ ]))[ \t]*(?i:{_alternation(rules.salutations)})[ ]+"
            rf"(?:(?i:{title})[ ]+)?"
            rf"(?P<name>{name})[ ]*[,!]",
            re.MULTILINE,
        )
        # "Mijn naam is …": a full name (given name and surname, or initials) right after it
        self.intro_re = re.compile(
            rf"(?<!\w)(?i:{_alternation(rules.introductions)})[ ]+(?:(?i:{title})[ ]+)?"
            rf"(?P<name>(?:{INITIALS}[ ]?|{CAP}[ ]+)(?:(?i:{tv})[ ]+)?{CAP}(?:-{CAP})?)(?![\w])"
        )
        self.chat_re = re.compile(
            r"^[ \t]*\[?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ ]+\d{1,2}:\d{2}(?::\d{2})?\]?[ ]*"
            r"(?:-[ ]*)?(?P<name>[^:\n\d+][^:\n]{0,40}?):",
            re.MULTILINE,
        )
        self.surname_first_re = re.compile(
            rf"(?<![\w.])(?P<sur>(?:(?i:{tv})[ ]+)?{CAP}),[ ]+(?:{INITIALS}|{CAP})"
            rf"(?:[ ]*(?i:{tv}))?(?=[ ]*(?:[;/]|$|[ ]en[ ]|[ ]*<))"
        )
        # "Vink, S." standing alone in a table cell, a list line or before "(…)": surname first
        # and initials after the comma read as a name anywhere, not only in header fields
        self.surname_initials_re = re.compile(
            rf"(?<![\w.,])(?P<name>(?P<sur>{CAP}),[ ]+{INITIALS}(?:[ ]*(?i:{tv})(?![\w]))*)"
            rf"(?=[ ]*(?:[;/\t\n(]|$|[ ]en[ ]))",
            re.MULTILINE,
        )
        self.listed_re = re.compile(
            rf"(?<![\w.])(?P<first>{CAP})[ ]+(?:(?P<tv>(?i:{tv}))[ ]+)?(?P<sur>{CAP})(?![\w])"
        )
        self.fullname_re = re.compile(rf"^(?:(?i:{title})[ ]+)?(?P<name>{name})$")
        # e-mail addresses, <…>, […] and (…) other than a nickname "(Marieke)"
        self.noise_re = re.compile(rf"<[^>]*>?|\((?!{CAP}\))[^)]*\)?|\S+@\S+|\[[^\]]*\]?")
        self.initials_code_re = re.compile(
            rf"^(?:(?:[{UP}][{LO}]?\.){{1,4}}|[{UP}][{UP}{LO}]{{0,5}}\.?)$"
        )
        self.heading_re = re.compile(
            rf"^(?i:{_alternation(rules.signing_headings)})\b", re.IGNORECASE
        )
        self.role_re = re.compile(rf"^(?i:{_alternation(rules.roles)})\b")
        super().__init__(
            supported_entities=["PERSON"],
            name="NameRuleRecognizer",
            supported_language="nl",
        )

    def load(self) -> None:
        """Nothing to load: the rules were compiled in ``__init__``."""

    # -- helpers -----------------------------------------------------------------------------

    def is_name_like(self, text: str) -> bool:
        """A candidate counts as a name when some word is not a blocked or function word."""
        words = [w.strip(".,;:()'’") for w in text.split()]
        if any(w.lower() in self.rules.organisation_words for w in words):
            return False
        content = [
            w for w in words if w and w.lower() not in self.blocked and w.lower() not in STOP_WORDS
        ]
        if not content:
            return False
        # a surname must not be a stop word (catches "A. Daarna" and "B. De")
        last = words[-1].lower()
        return last not in STOP_WORDS and last not in self.blocked

    def _field_values(
        self, label: str, value: str, offset: int, table: bool = False
    ) -> Iterator[Span]:
        """Split a header value into parts and yield the parts that are persons (``table``:
        the label was a cell, its value the next cell of the row, with no colon between)."""
        initials_only = label.lower().startswith(("paraaf", "parafen"))
        if not initials_only:
            # "Jansen-Bakker, S." / "Ścibisz, A.": surname first, then initials or first name
            for m in self.surname_first_re.finditer(value):
                if self.is_name_like(m.group("sur")):
                    yield Span(offset + m.start(), offset + m.end(), 0.9, "field:" + label)
            value = self.surname_first_re.sub(lambda x: " " * len(x.group(0)), value)
        for m in re.finditer(r"[^,;/]+", value):
            for part_m in re.finditer(r"(?:(?! en | & ).)+", m.group(0)):
                part = part_m.group(0)
                start = offset + m.start() + part_m.start()
                # cut e-mail addresses, <…> and (…): other recognizers or organisations
                cleaned = self.noise_re.sub(lambda x: " " * len(x.group(0)), part)
                cleaned = cleaned.replace("\t", " ")
                stripped = cleaned.strip(" :'\"" if initials_only else " .:'\"")
                if not stripped:
                    continue
                s = start + cleaned.index(stripped)
                low = stripped.lower()
                if self.role_re.match(low) or self.heading_re.match(low):
                    continue
                if any(w.strip(".,") in self.rules.organisation_words for w in low.split()):
                    continue
                if self.lexicon.is_place(stripped):
                    continue
                words = [w.strip(".,:") for w in stripped.split()]
                if (
                    not initials_only
                    and all(
                        self.lexicon.is_common_word(w) and not self.lexicon.is_first_name(w)
                        for w in words
                    )
                    and (len(words) > 1 or (table and not self.lexicon.is_surname(words[0])))
                ):
                    # the other cells of a header row ("Organisatie  Handtekening", or the one
                    # "Organisatie" when OCR read the last header cell on a line of its own);
                    # a lone word after a colon ("Naam: Bakker") is still a name
                    continue
                if initials_only:
                    for code in re.finditer(r"\S+", stripped):
                        if self.initials_code_re.match(code.group(0)):
                            yield Span(s + code.start(), s + code.end(), 0.9, "field:" + label)
                    continue
                fm = self.fullname_re.match(stripped)
                if fm and self.is_name_like(fm.group("name")):
                    yield Span(s + fm.start("name"), s + fm.end("name"), 0.9, "field:" + label)

    def _signers(self, text: str) -> Iterator[Span]:
        """The first name-like line in the few lines after a closing."""
        for m in self.closing_re.finditer(text):
            pos = m.end()
            for _ in range(4):
                nl = text.find("\n", pos)
                if nl < 0:
                    break
                line_start = nl + 1
                line_end = text.find("\n", line_start)
                line_end = len(text) if line_end < 0 else line_end
                line = text[line_start:line_end]
                pos = line_end
                cell = line.split("\t")[0].strip().rstrip(",")
                if not cell:
                    continue
                if self.heading_re.match(cell.lower()):
                    continue  # "De Minister van …," — the signer follows
                fm = self.fullname_re.match(cell)
                if fm and self.is_name_like(fm.group("name")):
                    s = line_start + line.index(cell) + fm.start("name")
                    yield Span(s, s + len(fm.group("name")), 0.9, "closing")
                break

    def _listed_names(self, text: str) -> Iterator[Span]:
        """ "First [tussenvoegsel] Surname" where the first name is on the name list."""
        lex = self.lexicon
        pos = 0
        while True:
            m = self.listed_re.search(text, pos)
            if not m:
                return
            pos = m.start("sur") if not m.group("tv") else m.end()
            first, sur = m.group("first"), m.group("sur")
            if not lex.is_first_name(first) or first.lower() in lex.common_words:
                continue
            whole = text[m.start() : m.end()]
            if (
                lex.is_place(whole)
                or lex.is_place(sur)
                or sur.lower() in lex.common_words
                or not self.is_name_like(whole)
                or first.lower() in self.blocked
            ):
                continue
            score = 0.75 if lex.is_surname(sur) else 0.55
            yield Span(m.start(), m.end(), score, "name-list")

    def find_spans(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for m in self.field_re.finditer(text):
            spans.extend(
                self._field_values(
                    m.group("label"),
                    m.group("value"),
                    m.start("value"),
                    table=m.group("sep") == "\t",
                )  # fmt: skip
            )
        spans.extend(self._signers(text))
        for regex, score, rule in (
            (self.title_re, 0.85, "title"),
            (self.salutation_re, 0.85, "salutation"),
            (self.initials_re, 0.7, "initials"),
            (self.surname_initials_re, 0.7, "surname-initials"),
            (self.intro_re, 0.85, "introduction"),
        ):
            for m in regex.finditer(text):
                # "Linden, M. van der": the surname is what must read as a name
                core = m.group("sur") if rule == "surname-initials" else m.group("name")
                if not self.is_name_like(core):
                    continue
                if (
                    rule == "surname-initials"
                    and re.match(r"[ ]*en ", text[m.end("name") :])
                    and self.lexicon.is_place(core)
                ):
                    continue  # "In Utrecht, B. en C. …"; a place alone in a cell is a surname
                name = m.group("name").rstrip()
                spans.append(Span(m.start("name"), m.start("name") + len(name), score, rule))
        spans.extend(self._listed_names(text))
        for m in self.chat_re.finditer(text):
            name = m.group("name").strip()
            if name and self.is_name_like(name) and not re.search(r"\d{3}", name):
                s = m.start("name") + m.group("name").index(name)
                spans.append(Span(s, s + len(name), 0.9, "chat-sender"))
        return spans

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        seen: set[tuple[int, int]] = set()
        for span in self.find_spans(text):
            # one result per span, the first rule's: Presidio's de-duplication goes through a
            # set, so of two equal results which one stays would change from run to run (and
            # with it the finding's id)
            if (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            results.append(
                AnchoredResult(
                    "PERSON",
                    span.start,
                    span.end,
                    span.score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}:{span.rule}",
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
