"""decide_set's phases, one at a time: policy, registry, propagation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_pdf
from tests.test_decide import _model_finding, status
from woo_redact.decide import Policy, decide_set
from woo_redact.decide.phases import SetState, phase_policy, phase_propagate, phase_registry
from woo_redact.extract import extract_document, text_page
from woo_redact.rules import RuleSet
from woo_redact.types import Action, Decision, DocumentText, Finding


def _doc(tmp_path: Path, name: str, lines: list[str]) -> DocumentText:
    return extract_document(write_pdf(tmp_path / name, [lines]), name)


def _anchor(doc: DocumentText, text: str) -> Finding:
    start = doc.pages[0].text.index(text)
    return Finding(f"r-{doc.rel}-{start}", doc.rel, 0, start, start + len(text), text, "PERSON",
                   0.95, "NameRuleRecognizer:field:Van", "", ((0, 0, 1, 1),))  # fmt: skip


def test_phases_run_one_at_a_time(tmp_path: Path, rules: RuleSet) -> None:
    a = _doc(tmp_path, "a.pdf", ["Van: Jan Bakker", "Bakker stuurt de stukken."])
    state = SetState([a], rules)
    phase_policy(state, [_anchor(a, "Jan Bakker")])
    (d,) = state.out.decisions.values()
    assert d.action is Action.REDACT and d.person == ""  # no registry yet
    reg = phase_registry(state)
    assert [p.name for p in reg.persons] == ["Jan Bakker"]
    assert state.out.decisions[d.finding_id].person == reg.persons[0].id
    assert not state.out.spread  # nothing propagated yet
    phase_propagate(state)
    assert status(state.out, "Bakker") == {"redact"}
    assert "bakker" in state.out.spread_keys


def test_a_surname_that_is_a_common_word_is_not_redacted_at_a_sentence_start(
    tmp_path: Path, rules: RuleSet
) -> None:
    """ "Bakker en slager …" is the trade, unless the person's full name is on that page."""
    a = _doc(tmp_path, "a.pdf", ["Van: Jan Bakker", "Onderwerp: overleg"])
    b = _doc(tmp_path, "b.pdf", ["Bakker en slager openen vroeg.", "Ook de markt is open."])
    c = _doc(tmp_path, "c.pdf", ["Gisteren belde Bakker terug over de planning."])
    e = _doc(tmp_path, "e.pdf", ["Bakker belde terug.", "Namens Jan Bakker, team Zuid."])
    d = decide_set([a, b, c, e], [_anchor(a, "Jan Bakker")], rules)
    assert status(d, "Bakker", "b.pdf") == {"keep"}
    assert status(d, "Bakker", "c.pdf") == {"redact"}
    assert "redact" in status(d, "Bakker", "e.pdf")


@pytest.mark.parametrize(
    ("lines", "number", "kept"),
    [
        (["Postadres", "Postbus 12345", "3500 AB Utrecht", "T 030 123 45 67"], "030 123 45 67",
         True),
        (["Bel ons: T 030 123 45 67 (algemeen)"], "030 123 45 67", True),
        (["Receptie: 030 123 45 67"], "030 123 45 67", True),
        (["Postbus 12345", "3500 AB Utrecht", "Inlichtingen bij", "T 030 765 43 21"],
         "030 765 43 21", False),
        (["Postbus 12345", "dhr. P. Jansen", "T 030 765 43 21"], "030 765 43 21", False),
        (["Postbus 12345", "3500 AB Utrecht", "M 06 12 34 56 78"], "06 12 34 56 78", False),
        (["Mobiel: 06 12 34 56 78"], "06 12 34 56 78", False),
    ],
)  # fmt: skip
def test_organisation_numbers_stay_and_a_persons_number_does_not(
    rules: RuleSet, lines: list[str], number: str, kept: bool
) -> None:
    page = text_page(0, "\n".join(lines))
    start = page.text.index(number)
    f = Finding("p", "a.pdf", 0, start, start + len(number), number, "PHONE_NUMBER", 0.9,
                "test", "", ((0, 0, 1, 1),))  # fmt: skip
    assert (Policy(rules).decide(page, f).action is Action.KEEP) is kept


def test_a_model_guess_kept_as_no_person_is_in_no_person(tmp_path: Path, rules: RuleSet) -> None:
    a = _doc(tmp_path, "a.pdf", ["Het bedrag is EUR 12.500 inclusief btw."])
    guess = _model_finding(a.pages[0].text, "EUR 12.500")
    d = decide_set([a], [guess], rules)
    assert d.decisions[guess.id].action is Action.KEEP
    assert d.decisions[guess.id].person == "" and not d.registry.persons


@pytest.mark.parametrize(
    ("line", "name", "kept"),
    [
        ("Aanwezig: dhr. R. de Wit (VVD), mw. A. Bos (GroenLinks-PvdA)", "R. de Wit", True),
        ("Aanwezig: dhr. R. de Wit (VVD), mw. A. Bos (GroenLinks-PvdA)", "A. Bos", True),
        ("Fractievoorzitters: dhr. R. de Wit (Leefbaar Zwolle) en mw. Bos", "R. de Wit", True),
        ("Aanwezig: dhr. R. de Wit (notulist), mw. A. Bos (BZK)", "R. de Wit", False),
        ("Aanwezig: dhr. R. de Wit (notulist), mw. A. Bos (BZK)", "A. Bos", False),
        ("De griffier, mw. A. Bos, opent de vergadering.", "A. Bos", True),
    ],
)
def test_council_members_by_party_in_brackets(
    rules: RuleSet, line: str, name: str, kept: bool
) -> None:
    page = text_page(0, line)
    assert bool(Policy(rules).office_holder(page, _model_finding(page.text, name))) is kept


@pytest.mark.parametrize(
    ("line", "guess", "person"),
    [
        # a given name no list has, before a surname that is also a place
        ("Namens de provincie namen Jouke Haaksbergen en anderen deel.", "Jouke Haaksbergen",
         True),
        # a compound noun before a place is an organisation or area
        ("Namens Kennispark Haaksbergen sprak niemand.", "Kennispark Haaksbergen", False),
    ],
)  # fmt: skip
def test_a_place_as_surname_after_an_unlisted_given_name(
    rules: RuleSet, line: str, guess: str, person: bool
) -> None:
    page = text_page(0, line)
    assert (Policy(rules).not_a_person(_model_finding(page.text, guess), page) is None) is person


@pytest.mark.parametrize(
    ("guess", "certain"),
    [
        ("Jouke Kraai", False),  # unknown given name, surname a common word: not enough
        ("Jouke van der Kraai", True),  # … unless a tussenvoegsel makes it a surname
        ("Tjitske Kraai", True),  # … or the given name is a listed one
        ("Jouke Brinkhorst", True),  # an unlisted given name before a surname
        ("Kennispark Brinkhorst", False),  # a compound noun is no given name
    ],
)
def test_when_a_model_person_is_certain_enough_to_spread(
    rules: RuleSet, guess: str, certain: bool
) -> None:
    page = text_page(0, f"Overleg met {guess} over de planning.")
    assert Policy(rules).certain_person(_model_finding(page.text, guess)) is certain


def test_a_name_found_again_as_a_lower_case_phrase_is_not_the_name(
    tmp_path: Path, rules: RuleSet
) -> None:
    """A surname like "De Heer" is searched case-insensitively (ALL CAPS, sentence case), but
    "de heer" in lower case is the title, and "jan van dam" typed in a chat is still the name."""
    a = _doc(tmp_path, "a.pdf", ["Het voorstel van De Heer is besproken.",
                                 "Overleg met Jan van Dam over de planning."])  # fmt: skip
    b = _doc(tmp_path, "b.pdf", ["Gesprek met de heer Pieters.", "DE HEER belde terug.",
                                 "ok, jan van dam weet het"])  # fmt: skip
    guesses = [_model_finding(a.pages[0].text, "De Heer"),
               _model_finding(a.pages[0].text, "Jan van Dam")]  # fmt: skip
    d = decide_set([a, b], guesses, rules)
    assert status(d, "De Heer", "a.pdf") == {"redact"}
    assert status(d, "DE HEER", "b.pdf") == {"redact"}
    assert status(d, "de heer", "b.pdf") == {"keep"}
    assert status(d, "jan van dam", "b.pdf") == {"redact"}


class CountingDocs:
    """Documents read one at a time, counting every read (as the work folder is read)."""

    def __init__(self, docs: list[DocumentText]) -> None:
        self.docs = {d.rel: d for d in docs}
        self.reads: list[str] = []

    def rels(self) -> list[str]:
        return list(self.docs)

    def load(self, rel: str) -> DocumentText:
        self.reads.append(rel)
        return self.docs[rel]


def _three_docs(tmp_path: Path) -> list[DocumentText]:
    return [
        _doc(tmp_path, "a.pdf", ["Van: Jan Bakker", "Bakker stuurt de stukken."]),
        _doc(tmp_path, "b.pdf", ["Gisteren belde Jan Bakker terug.", "Bakker komt dinsdag."]),
        _doc(tmp_path, "c.pdf", ["De notitie gaat naar het team.", "Er is geen naam."]),
    ]


def test_documents_read_one_at_a_time_decide_as_in_memory(tmp_path: Path, rules: RuleSet) -> None:
    """A set read back document by document is decided exactly as the same set in memory."""
    docs = _three_docs(tmp_path)
    findings = [_anchor(docs[0], "Jan Bakker")]
    in_memory = decide_set(docs, findings, rules)
    stored = CountingDocs(docs)
    read_back = decide_set(stored, findings, rules)
    assert read_back.decisions == in_memory.decisions
    assert read_back.redactions == in_memory.redactions
    assert read_back.spread == in_memory.spread
    assert status(read_back, "Bakker", "b.pdf") == {"redact"}


def test_with_the_policy_made_each_document_is_read_once(tmp_path: Path, rules: RuleSet) -> None:
    """The policy's decisions made where the pages were read: propagation, containment and
    regions then read every document once, in one pass, and nothing else reads a page."""
    docs = _three_docs(tmp_path)
    findings = [_anchor(docs[0], "Jan Bakker")]
    policy = Policy(rules)
    made = {f.id: policy.decide(docs[0].pages[0], f) for f in findings}
    stored = CountingDocs(docs)
    decided = decide_set(stored, findings, rules, made=made)
    assert sorted(stored.reads) == ["a.pdf", "b.pdf", "c.pdf"]
    assert decided.decisions == decide_set(docs, findings, rules).decisions


def test_a_made_decision_is_the_one_recorded(tmp_path: Path, rules: RuleSet) -> None:
    """``made`` is used as given: it is the same policy, run where the page was read."""
    (a,) = _three_docs(tmp_path)[:1]
    f = _anchor(a, "Jan Bakker")
    keep = Decision(f.id, Action.KEEP, "5.1.2e", "kept where it was read", "rule:policy")
    decided = decide_set([a], [f], rules, made={f.id: keep})
    assert decided.decisions[f.id].reason == "kept where it was read"
    assert not decided.redactions.get("a.pdf")
