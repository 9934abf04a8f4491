"""The policy: what the rules of rules/ say about one finding in its page, on its own.

Set-wide questions (is this the same person as that one, is their role known elsewhere) are
the registry's and the phases'; this module only reads one finding and the text around it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from spacy.lang.nl.stop_words import STOP_WORDS

from woo_redact.detect import MARKED
from woo_redact.detect.columns import MAX_HEADER_WORDS, column_rules
from woo_redact.detect.lexicon import Lexicon, load_lexicon
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.detect.ocr_doubt import RECOGNIZER as DOUBT_RECOGNIZER
from woo_redact.layout import layout_of
from woo_redact.rules import RuleSet, alternation
from woo_redact.types import Action, Decision, Finding, PageText

# Types whose value, once redacted, is searched for in the rest of the set.
PROPAGATED_TYPES = {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "NL_BSN", "NL_BTW", "IBAN_CODE",
                    "NL_LICENSE_PLATE", "DENY"}  # fmt: skip
# Types that a reference label (kenmerk, zaaknummer, KvK …) in front of them cancels.
REFERENCE_SENSITIVE = {"NL_BSN", "PHONE_NUMBER", "NL_LICENSE_PLATE"}
# When findings overlap, the more specific type names the merged redaction (the deny list's
# deliberate ground first).
TYPE_PRIORITY = ["DENY", "NL_BSN", "NL_BTW", "IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER",
                 "BIRTH_DATE", "NL_ADDRESS", "NL_LICENSE_PLATE", "NL_POSTCODE",
                 "PERSON"]  # fmt: skip
MIN_PROPAGATE_LEN = 3
# a chat bubble's time on a line of its own, read check marks after it
CHAT_TIME = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[✓✔]{1,2})?")
BLOCK_WORDS = 6  # a line above an address longer than this and ending a sentence is no block head
# Dictionary words this long are rarely given names ("Ondergetekende", "Crisisteam"); shorter
# ones often are ("Roos", "Maks", "Clara"), so the dictionary only vetoes long words.
LONG_WORD = 8
# ``Decision.by`` of the policy's person decisions that the registry reads back
NOT_A_PERSON = "rule:not-a-person"
PUBLIC_ROLE = "rule:public-role"
LOW_SCORE = "rule:low-score"


# OCR reads the capitals I and O of initials as the digits 1 and 0 ("1.B. Mekking" for
# "I.B. Mekking"): such initials before a name's letters are no code
OCR_INITIALS = re.compile(r"(?:[A-Z01]\.\s?){1,4}\s*(?=\D*$)")


def _ocr_initials(page: PageText, f: Finding, text: str) -> bool:
    """The span's only digits are 0 or 1 in its initials, and OCR read it (a text layer's
    "1.B. Besluitvorming" is a numbered heading, not a name)."""
    m = OCR_INITIALS.match(text)
    if m is None or not re.search(r"[A-Z]", text[m.end() :]):
        return False
    return any(page.words[i].source == "ocr" for i in page.words_for_span(f.start, f.end))


def fold(word: str) -> str:
    """The word without diacritics: OCR reads "Gemeênte" for "Gemeente"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class Policy:
    """The rules of rules/ applied to findings."""

    def __init__(self, rules: RuleSet, lexicon: Lexicon | None = None) -> None:
        self.rules = rules
        self.lexicon = lexicon or load_lexicon()
        self.organisation_folded = {fold(w) for w in rules.organisation_words}
        # whole words only: "VvE-lid" or "oud-wethouder" is not the role "lid" / "wethouder"
        self.role_re = re.compile(
            r"(?<![\w-])(?:" + alternation(rules.roles) + r")(?![\w-])", re.IGNORECASE
        )
        # a signing heading is a line of its own that ends with a comma ("De Minister van
        # Financiën,"); a body sentence that starts the same way ("De burgemeester van X heeft
        # besloten …") is not one
        self.heading_re = re.compile(
            r"^\s*(?:" + alternation(rules.signing_headings) + r")\b", re.IGNORECASE
        )
        self.reference_re = re.compile(
            r"(?<!\w)(?:" + alternation(rules.reference_labels) + r")(?!\w)[^\n]{0,20}$",
            re.IGNORECASE,
        )
        self.address_cue_re = re.compile(
            r"(?<!\w)(?:" + alternation(rules.address_keep_cues) + r")(?!\w)", re.IGNORECASE
        )
        self.abbreviations = {t.lower() for t in rules.titles}
        self.reference_words = {r for r in rules.reference_labels if " " not in r}
        # a party in brackets right after the name: "R. de Wit (VVD)", "mw. Jansen (GL-PvdA)";
        # case-sensitive: a party is written as listed ("(VVD)"), a word in brackets is not one
        self.party_re = re.compile(
            r"[ ]*\((?:" + alternation(rules.parties) + r")(?:[ ,/-]+[^()\n]{1,30})?\)"
        )
        # the switchboard word right after the number ("… (algemeen)") or as its label
        # ("Receptie: …", "Algemeen nummer T …")
        board = alternation(rules.switchboard_words)
        self.switchboard_after_re = re.compile(rf"[ ]*[(\-–,]?[ ]*(?:{board})(?!\w)", re.I)
        self.switchboard_before_re = re.compile(
            rf"(?<!\w)(?:{board})[ ]*(?:[:\-–][ ]*)?(?:(?:t|tel|telefoon)\.?[ ]*:?[ ]*)?$", re.I
        )
        self.block_re = re.compile(r"^\W*(?:" + alternation(rules.block_cues) + r")(?!\w)", re.I)
        self.contact_re = re.compile(
            r"^\W*(?:" + alternation(rules.contact_cues) + r")(?!\w)", re.IGNORECASE
        )
        self.on_behalf_re = re.compile(r"\b(?:namens|voor)\s+dezen?\b|\bi\.o\.\b|\bwnd\.", re.I)
        # legal forms of companies ("B.V.", "GmbH"): the organisation words with a dot in them,
        # and the common ones without ("BV"; not "CV", "SA", which are also words)
        dotted = {w for w in rules.organisation_words if "." in w}
        self.legal_forms = dotted | {"bv", "nv", "vof", "gmbh", "ltd"}
        tv = {t.lower() for t in rules.tussenvoegsels}
        self.tussen = frozenset(tv)
        self.between_ok = tv | {"van", "voor", "en", "de", "het", "heer", "mevrouw", "dhr.",
                                "mevr.", "mw."}  # fmt: skip

    # -- single-finding rules ----------------------------------------------------------------

    def office_holder(self, page: PageText, f: Finding) -> str | None:
        """Why a PERSON finding is a public office holder in role, or None."""
        line_start = page.text.rfind("\n", 0, f.start) + 1
        prefix = self._sentence_before(page.text[line_start : f.start])
        if not prefix.strip():
            prefix = self._role_ending_line_above(page, line_start) or prefix
        last = None
        for m in self.role_re.finditer(prefix):
            last = m
        if last is not None:
            between = prefix[last.end() :]
            tokens = re.findall(r"[^\s,()]+", between)
            role = last.group(0).lower()
            # a singular role ("wethouder A, B (griffier)") covers only the name right after it
            # "De griffier, mw. A. Bos," is an apposition: the comma right after the role
            core = between.lstrip(" ,:")
            listed = "," in core or re.search(r"\sen\s", core)
            plural = role.endswith(("s", "en"))
            if (
                len(tokens) <= 25
                and (plural or not listed)
                and all(t.lower() in self.between_ok or t[:1].isupper() for t in tokens)
            ):
                return f"public office holder in role ({role})"
        after = self.role_after(page, f)
        if after:
            return f"public office holder in role ({after})"
        # signer under "De Minister van …," a line or three above, unless "namens deze": then a
        # civil servant signs on the office holder's behalf and is redacted
        lead = page.text[line_start : f.start].split()
        if not all(self._name_part(t) for t in lead):
            return None  # the signer's name starts its line (titles, initials before it)
        above = page.text[max(0, line_start - 200) : line_start].rstrip("\n").split("\n")[-3:]
        for i, line in enumerate(above):
            if self.signing_heading(above[i:]):
                rest = " ".join(above[i:]) + " " + page.text[line_start : f.start]
                if self.on_behalf_re.search(rest):
                    return None
                return "signs as public office holder (" + line.strip().rstrip(",") + ")"
        return None

    def _role_ending_line_above(self, page: PageText, line_start: int) -> str:
        """The line above, when running text breaks between a role and the name ("vragen
        van wethouder" / "Jansen (Eindhoven)"); never a table row, whose last cell may be the
        role of the person in that row."""
        if line_start == 0:
            return ""
        prev_start = page.text.rfind("\n", 0, line_start - 1) + 1
        line = page.text[prev_start : line_start - 1]
        if "\t" in line:
            return ""
        m = None
        for m in self.role_re.finditer(line):  # noqa: B007 - the last one is wanted
            pass
        if m is None or line[m.end() :].strip():
            return ""
        return self._sentence_before(line) + " "

    def role_after(self, page: PageText, f: Finding) -> str | None:
        """The role that follows the name: "M. Jansen (burgemeester)", "M. Jansen, wethouder",
        or a cell of the name's table row that is a role ("K. Jansen  gemeente X  wethouder").

        General roles ("lid", "voorzitter") do not count here: in attendee lists they are the
        members of a working group.
        """
        line_end = page.text.find("\n", f.end)
        line_start = page.text.rfind("\n", 0, f.start) + 1
        after = page.text[f.end : line_end if line_end >= 0 else len(page.text)]
        party = self.party_re.match(after)
        if party:
            return "member for " + party.group(0).strip(" ()")
        m = re.match(r"[ ]*(?:\(|,[ ]*)([^()\t\n,]{2,60}?)[ ]*(?:\)|,|$|\t)", after)
        candidates = [m.group(1)] if m else []
        if "\t" in after or "\t" in page.text[line_start : f.start]:
            line = page.text[line_start : line_end if line_end >= 0 else len(page.text)]
            candidates += [cell for cell in line.split("\t") if f.text not in cell]
        for cand in candidates:
            cell = " ".join(cand.split()).lower()
            m = self.role_re.match(cell)  # "wethouder economie": a role and its portfolio
            if m and len(cell.split()) <= 6 and m.group(0) not in self.rules.general_roles:
                return m.group(0)
        return None

    def _name_part(self, token: str) -> bool:
        """A title, initials, tussenvoegsel or given name: what may stand before a surname."""
        low = token.lower()
        return (
            low in self.abbreviations
            or low in self.between_ok
            or re.fullmatch(r"(?:[A-Z][a-z]?\.)+", token) is not None
            or token[:1].isupper()
        )

    def signing_heading(self, lines: list[str]) -> bool:
        """``lines`` open with a signing heading that ends in a comma ("De Minister van …,").

        The heading may wrap over lines; a body sentence that starts the same way ("De
        burgemeester van X heeft besloten …") has no comma at a line end and is not one.
        """
        if not lines or not self.heading_re.match(lines[0]):
            return False
        return any(line.rstrip().endswith(",") for line in lines)

    def _sentence_before(self, text: str) -> str:
        """The part of ``text`` after the last sentence end (not after "dhr." or "J.")."""
        for m in reversed(list(re.finditer(r"[.!?]\s+", text))):
            word = text[: m.start() + 1].rsplit(None, 1)[-1].lower()
            if word in self.abbreviations or re.fullmatch(r"(?:\w\.)+", word):
                continue
            return text[m.end() :]
        return text

    @functools.cached_property
    def _names(self) -> frozenset[str]:
        """Every listed first name and surname, joined once (about 1 ms), not per mailbox."""
        return self.lexicon.first_names | self.lexicon.surnames

    def unnamed_mailbox(self, local: str) -> bool:
        """A one-word local part (no dots, no digits) that contains no first name or surname.

        "regiodeals@" is a team's mailbox; "jdevries@" contains "vries" and stays personal.
        """
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", local) or len(local) < 4:
            return False
        flat = local.replace("-", "")
        names = self._names
        if flat in names:
            return False
        if flat.endswith(("en", "s")) and self.lexicon.is_common_word(flat):
            # "meldingen@", "subsidies@": a service in the plural, though a name hides in it
            # ("vergunningen" holds "Unni" and "Inge"); a surname alone is singular ("metselaar@")
            return True
        for size in range(4, len(flat) + 1):
            for i in range(len(flat) - size + 1):
                if flat[i : i + size] in names:
                    return False
        return True

    def organisation_account(self, page: PageText, f: Finding) -> bool:
        """An account on a line that names an organisation ("t.n.v. Stichting …", "rekening van
        de gemeente", "… GmbH") and no person (no title or initials): a business account,
        also a foreign partner's. A person's account stays redacted whoever holds it."""
        start = page.text.rfind("\n", 0, f.start) + 1
        end = page.text.find("\n", f.end)
        line = page.text[start : end if end >= 0 else len(page.text)]
        rest = line.replace(f.text.split("\n")[0], " ")
        if self._person_line(rest):
            return False
        return any(w.strip(",.:;()").lower() in self.rules.organisation_words
                   for w in rest.split())  # fmt: skip

    def private_mail(self, address: str) -> bool:
        """A mailbox at a private mail provider (rules/private_mail_domains.txt): a person's,
        never an organisation's functional mailbox, whatever its local part."""
        domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
        parts = domain.split(".")
        return any(".".join(parts[i:]) in self.rules.private_mail_domains
                   for i in range(len(parts) - 1))  # fmt: skip

    def organisation_address(self, page: PageText, f: Finding) -> bool:
        """An organisation word before the address in its cell, in the cell to its left, or in
        its column: up to two cells above (until a person's line; there an organisation's
        name counts too) and the cell below.

        The column comes from the word boxes (``woo_redact.layout``), not from the text's
        lines: a letter head has the recipient's address and the sender's block side by side,
        and the text's line "above" a private address is often the sender's column.
        """
        layout = layout_of(page)
        seg = layout.segment_at(f.start, f.end) if f.start >= 0 else None
        if seg is None:
            return self._organisation_address_by_lines(page, f)
        texts = [page.text[seg.start : f.start], page.text[f.end : seg.end]]
        left = layout.previous_in_row(seg)
        if left is not None and seg.rect[0] - left.rect[2] < page.width / 4:
            texts.append(left.text)
        cur = seg
        for _ in range(2):
            cur = layout.above(cur)
            if cur is None or self._person_line(cur.text) or self._not_block_head(cur.text):
                break  # a person's line, a table's header or a sentence: not an address block
            if any(w.strip(",.:()").lower() in self.rules.organisation_words
                   for w in cur.text.split()):  # fmt: skip
                return True  # the organisation's name heads the block ("… Advocaten")
            texts.append(cur.text)
        below = layout.below(seg)
        if below is not None and not self._person_line(below.text):
            texts.append(below.text)
        return any(self.address_cue_re.search(t) for t in texts)

    def _not_block_head(self, text: str) -> bool:
        """A column header ("Adres") or a sentence above the address: it heads no block."""
        words = text.split()
        if len(words) > BLOCK_WORDS * 2 or (
            len(words) > BLOCK_WORDS and text.rstrip()[-1:] in ".?!"
        ):
            return True
        headers = column_rules(self.rules).headers.values()
        return len(words) <= MAX_HEADER_WORDS and any(rx.search(text) for rx in headers)

    def _person_line(self, text: str) -> bool:
        """A line naming a person (title or initials): the address under it is theirs."""
        return any(
            w.lower() in self.abbreviations or re.fullmatch(r"(?:[A-Z]\.)+", w)
            for w in text.split()
        )

    def _organisation_address_by_lines(self, page: PageText, f: Finding) -> bool:
        """Without word boxes: the text's line before the address, and the line after."""
        line_start = page.text.rfind("\n", 0, f.start) + 1
        prev_start = page.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        next_end = page.text.find("\n", page.text.find("\n", f.end) + 1)
        after = page.text[f.end : next_end if next_end > 0 else len(page.text)]
        return bool(
            self.address_cue_re.search(page.text[prev_start : f.start])
            or self.address_cue_re.search(after)
        )

    def organisation_phone(self, page: PageText, f: Finding) -> str | None:
        """Why a phone number is an organisation's own (switchboard, letterhead), or None.

        Never a mobile number: an organisation's general line is not one. A switchboard word
        right after the number ("T 070 … (algemeen)") or as its label ("Receptie: …") is
        enough; otherwise the number must stand in a postal block ("Postbus …" a line or three
        above, nothing but address lines in between: no contact cue, e-mail address, title or
        initials of a person).
        """
        line_start = page.text.rfind("\n", 0, f.start) + 1
        digits = re.sub(r"\D", "", f.text)
        if re.match(r"(?:316|00316|06)", digits):
            return None  # a mobile number is a person's
        after = page.text[f.end : f.end + 40].split("\n", 1)[0]
        before = page.text[line_start : f.start]
        if self.switchboard_after_re.match(after) or self.switchboard_before_re.search(before):
            return "an organisation's general number (switchboard), not personal data"
        above = page.text[max(0, line_start - 300) : max(0, line_start - 1)].split("\n")[-4:]
        for prev in reversed(above):
            low = prev.strip().lower()
            if not low or self.contact_re.match(low) or "@" in low:
                return None
            words = prev.split()
            if any(w.lower() in self.abbreviations or re.fullmatch(r"(?:[A-Z]\.)+", w)
                   for w in words):  # fmt: skip
                return None
            if self.block_re.match(low):
                return (
                    "an organisation's number in its postal block (letterhead), not personal data"
                )
        return None

    def unknown_word(self, word: str) -> bool:
        """A capitalised word that no list of ours explains: not a common Dutch word, place,
        organisation word or function word. Between a model's span and a name list, it is
        most likely a name the lists do not have."""
        low = word.lower()
        return (
            len(word) >= 3
            and re.fullmatch(r"[^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)*", word) is not None
            and word[0].isupper()
            and not word.isupper()
            and not self.lexicon.is_common_word(word)
            and not self.lexicon.is_place(word)
            and low not in self.rules.organisation_words
            and low not in self.rules.not_names
            and low not in STOP_WORDS
        )

    def certain_person(self, f: Finding) -> bool:
        """Evidence strong enough to look for the person's surname or first name alone.

        A rule anchor (header field, closing, title, signer) or the officer's list is; the
        model's guess is only when it reads like a full name: a listed first name or initials
        first, and a last word that is no place, organisation word or common Dutch word.
        """
        if f.recognizer != MODEL_RECOGNIZER:
            return True
        words = [w.strip(",;:()'’") for w in f.text.split()]
        words = [w for w in words if w and w.lower() not in self.abbreviations]
        if len(words) < 2:
            return False
        first, last = words[0], words[-1].rstrip(".")
        opens = (
            self.lexicon.is_first_name(first)
            or re.fullmatch(r"(?:[A-Z][a-z]?\.)+", first)
            or (self.unknown_word(first) and not self.compound(first))  # "Janwillem"
        )
        # a surname that is also a common word ("Knaap") is one after a tussenvoegsel or a
        # listed first name ("Aartie van Knaap", "Jan Knaap"), not after an unknown word
        common_ok = words[-2].lower() in self.tussen or self.lexicon.is_first_name(first)
        last_ok = not (
            self.lexicon.is_place(last)
            or last.lower() in self.rules.organisation_words
            or (self.lexicon.is_common_word(last) and not common_ok)
        )
        return bool(opens) and last_ok

    def not_a_person(self, f: Finding, page: PageText) -> str | None:
        """Why a name the statistical model proposed is a place, organisation or job title.

        Only the model's guesses are second-guessed: the rule layer found its names in places
        (header fields, titles, closings) where a name is certain.
        """
        if f.recognizer != MODEL_RECOGNIZER:
            return None
        before = page.text[max(0, f.start - 3) : f.start]
        quote_start = bool(re.search(r"[‘'\"“„«‹]$", before))
        sentence_start = (
            f.start == 0 or quote_start or bool(re.search(r"(?:^|[\n.!?:<]\s*|[-–•]\s)$", before))
        )
        text = " ".join(f.text.split())
        if re.match(r"[A-Z]{2}\s+[A-Z]", text) and re.search(
            r"(?<!\d)\d{4}\s+$", page.text[max(0, f.start - 8) : f.start]
        ):
            return "the place after a postcode ('1234 AB Plaats'), not a person"
        # "EK Den Haag": the letters of a postcode in front of the place
        text = re.sub(r"^[A-Z]{2}\s+", "", text)
        words = [w.strip(".,;:()'’") for w in text.split()]
        parts = [p for w in words for p in w.split("-")]
        one_word = words[0] if len(words) == 1 else ""
        if self.lexicon.is_place(text) or (one_word and any(map(self.lexicon.is_place, parts))):
            return "a place name, not a person"
        if (
            len(words) > 1
            and any(map(self.lexicon.is_place, words))
            and not any(map(self.lexicon.is_first_name, words))
            and not self._given_then_place_surname(words)
            and not self._chat_sender_line(page, f)
        ):
            return "a place in it and no first name: a building, organisation or area"
        if words and re.search(r"\d", text) and not _ocr_initials(page, f, text):
            return "digits in it (a code, amount or reference), not a person"
        prev_word = page.text[max(0, f.start - 40) : f.start].split()[-1:] or [""]
        given = re.fullmatch(r"(?:[A-Z][a-z]?\.)+", prev_word[0]) or self.lexicon.is_first_name(
            prev_word[0]
        )
        if words and words[0][:1].islower() and not given:
            # "op de Mijnen": without a first name or initials a surname's tussenvoegsel is
            # capitalised ("Van der Linden")
            return "starts in lower case without a first name, not a person"
        if one_word.lower() in STOP_WORDS:
            return "a function word (sentence start), not a person"
        if len(words) > 1 and "," not in text and words[-1].lower() in STOP_WORDS | self.tussen:
            # "Nota van", "Overleg met": a name ends in a surname ("Linden, M. van der" has
            # its comma)
            return "ends in a function word, not a person"
        if one_word.lower() in self.rules.not_names:
            return "a word that is never a name (rules/names.yml), not a person"
        if one_word and self.lexicon.is_common_word(one_word):
            if quote_start:
                return "the first word of a quoted title, not a person"
            verb = len(one_word) >= 5 and one_word.endswith("en")  # "Betalen", "Kiezen"
            if sentence_start and (len(one_word) >= LONG_WORD or verb):
                return "a common Dutch word at the start of a sentence, not a person"
        if words and all(re.fullmatch(r"[A-Z]{1,4}|[A-Z]{1,3}(?:-[A-Z]{1,3})+", w) for w in words):
            return "an acronym or Roman numeral, not a person"  # "BZK", "BI-TOP", "XIV"
        if any(w.lower() in self.reference_words for w in words):
            return "a reference label in it (kenmerk, dossier …), not a person"
        # "Het Staatstoezicht", "Een Vlaamse": a name never opens with these articles ("De
        # Vries" does, so a capitalised "De" stays)
        if len(words) > 1 and (
            words[0] in ("het", "de", "een") or words[0].lower() in ("het", "een")
        ):
            return "an organisation or thing (article in front), not a person"
        if any(fold(w.lower()) in self.organisation_folded for w in (*words, *text.split())):
            return "an organisation, not a person"  # "Bouw B.V." too, whose words lost the dot
        if self._legal_form_after(page, f):
            return "a company's name (a legal form after it), not a person"
        if len(words) == 2 and words[0] in ("De", "DE") and self._inflected_adjective(words[1]):
            return "an article and an adjective, not a person"  # "De Europese (Unie)"
        # the word before, on the same line ("Namens het team" above a signer is no unit name)
        prev = page.text[max(0, f.start - 40) : f.start].rsplit("\n", 1)[-1].split()
        head = prev[-1].strip("(,") if prev else ""
        if head and self._unit_word(head):
            return f"part of an organisation's name ({head} …), not a person"
        given_first = bool(words) and (
            bool(re.fullmatch(r"(?:\w\.)+", words[0])) or self.lexicon.is_first_name(words[0])
        )
        if (
            words
            and not given_first
            and bool(prev)
            and not prev[-1].endswith(",")  # "allen, Bakker": a list, not one name
            and head.lower() in self.rules.organisation_heads
        ):
            # "Dorpsraad Zandvoorde", "Omgevingsdienst Westland" (and OCR's scribble after
            # it): the organisation's place or name after its head word, no first name
            return f"part of an organisation's name ({head} …), not a person"
        last = words[-1].lower() if words else ""
        # a compound ("Industriebeleid", "Businesspark"), not the bare word ("De Wet" is a name)
        if any(last.endswith(e) and len(last) >= len(e) + 3 for e in self.rules.not_name_endings):
            return "a job title or compound noun, not a person"
        return None

    def _inflected_adjective(self, word: str) -> bool:
        """ "Europese", "Nederlandse", "nieuwe": a common word with the adjective's -e (the word
        list has the base form: "europees", "nederlands"). A listed surname ("Lange",
        "Jonge", "Kleine") is not taken for one."""
        low = word.lower()
        if not low.endswith("e") or len(low) < 5 or self.lexicon.is_surname(low):
            return False
        stem = low[:-1]
        stems = {stem}
        if stem[-2] in "aeiou" and stem[-3] not in "aeiou":
            stems.add(stem[:-1] + stem[-2] + stem[-1])  # europes -> europees
        return any(self.lexicon.is_common_word(s) for s in stems)

    def _legal_form_after(self, page: PageText, f: Finding) -> bool:
        """ "Zeewind Optics B.V.", "Bakker Bouw GmbH": a legal form right after the span, on
        the same line."""
        end = page.text.find("\n", f.end)
        after = page.text[f.end : end if end >= 0 else len(page.text)].split()
        nxt = after[0].rstrip(",;:)").lower() if after else ""
        return nxt in self.legal_forms

    def _unit_word(self, word: str) -> bool:
        """A unit word ("team", "programma") or a compound ending in one
        ("Uitvoeringsorganisatie", "Projectteam"): what follows it names the unit."""
        low = word.lower()
        return low in self.rules.unit_words or any(
            low.endswith(unit) and len(low) >= len(unit) + 3
            for unit in self.rules.unit_words
            if len(unit) >= 4
        )

    @staticmethod
    def _chat_sender_line(page: PageText, f: Finding) -> bool:
        """The guess is a line of its own right under a line holding only a time ("12:57"):
        in a chat screenshot that is the sender heading the next message, whatever the name
        looks like ("Urk Bosman" is a person there, though Urk is a place)."""
        text = page.text
        start = text.rfind("\n", 0, f.start) + 1
        end = text.find("\n", f.end)
        if start == 0 or text[start : end if end >= 0 else len(text)].strip() != f.text.strip():
            return False
        above = text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip()
        return bool(CHAT_TIME.fullmatch(above))

    def _given_then_place_surname(self, words: list[str]) -> bool:
        """ "Hjalmar Bremen", "Wybren van Deelen": a surname that is also a place, after a
        word that can only be a given name; "Stadhuis Eindhoven" or "Regio Utrecht" is not."""
        if not 2 <= len(words) <= 4 or not self.lexicon.is_place(words[-1]):
            return False
        given = [w for w in words[:-1] if w.lower() not in self.tussen]
        return (
            len(given) == 1
            and given[0] == words[0]
            and self.unknown_word(given[0])
            and not self.compound(given[0])
        )

    def compound(self, word: str) -> bool:
        """A Dutch compound noun ("Netbeheer", "Kennispark"): it ends in a Dutch word of four
        letters or more after a head of three or more. A given name rarely does."""
        low = word.lower()
        words = self.lexicon.words
        return any(low[i:] in words for i in range(3, len(low) - 3))

    def keep_reason(self, page: PageText, f: Finding) -> tuple[str, str] | None:
        """Why the finding stays, and the rule that says so (``by`` of its decision)."""
        text = f.text.strip()
        if text.lower() in self.rules.allow:
            return "on the allow list", "rule:allow"
        if f.type == "EMAIL_ADDRESS" and not self.private_mail(text):
            local = text.split("@", 1)[0].lower()
            if local in self.rules.functional_mailboxes:
                return "functional mailbox", "rule:policy"
            if self.unnamed_mailbox(local):
                return "functional mailbox (one word, no person's name in it)", "rule:policy"
        if f.type in REFERENCE_SENSITIVE:
            before = page.text[max(0, f.start - 40) : f.start]
            if self.reference_re.search(before):
                return "reference number (kenmerk/zaak/KvK), not personal data", "rule:policy"
        if f.type == "IBAN_CODE" and self.organisation_account(page, f):
            return "an organisation's account (its name on the line), not personal data", (
                "rule:policy"
            )
        if f.type == "PHONE_NUMBER":
            why = self.organisation_phone(page, f)
            if why:
                return why, "rule:policy"
        if f.type == "PERSON":
            why = self.not_a_person(f, page)
            if why:
                return why, NOT_A_PERSON
            why = self.office_holder(page, f)
            if why:
                return why, PUBLIC_ROLE
        if f.type in ("NL_ADDRESS", "NL_POSTCODE") and self.organisation_address(page, f):
            why = "organisation address (letterhead or location), not a home address"
            return why, "rule:policy"
        if f.score < self.rules.min_score(f.type):
            why = f"score {f.score:.2f} below threshold {self.rules.min_score(f.type):.2f}"
            return why, LOW_SCORE
        return None

    def decide(self, page: PageText, f: Finding) -> Decision:
        ground = self.rules.ground_for(f.type)
        if f.type == MARKED:
            # another tool's redaction: a person's proposal, applied with its own record and the
            # ground its overlay text names (if it names one of rules/grounds.yml)
            named = [
                g for g in re.findall(r"\b5\.\d\.\d[a-i]?\b", f.context) if g in self.rules.grounds
            ]
            return Decision(f.id, Action.REDACT, named[0] if named else ground,
                            "marked for redaction in the input by another tool (proposed)",
                            "input:redact-annotation")  # fmt: skip
        if f.recognizer == DOUBT_RECOGNIZER:  # the label decides; a reviewer checks it
            return Decision(f.id, Action.REDACT, ground,
                            f"{f.type}: OCR was unsure of this word, its label says what it "
                            "is (check it)", "rule:ocr-low-confidence")  # fmt: skip
        kept = self.keep_reason(page, f)
        if kept:
            return Decision(f.id, Action.KEEP, ground, kept[0], kept[1])
        return Decision(f.id, Action.REDACT, ground, f"{f.type} ({f.recognizer})", "rule:policy")
