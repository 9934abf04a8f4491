"""The person registry: mentions clustered into persons, one decision per person."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import write_pdf
from tests.test_decide import _model_finding, detect_docs, status
from woo_redact.decide import Policy, decide_set
from woo_redact.decide.registry import cluster
from woo_redact.extract import extract_document, text_page
from woo_redact.rules import RuleSet
from woo_redact.types import Action, Finding
from woo_redact.variants import parse_name

TUSSEN = {"van", "der", "de", "den"}
TITLES = {"dhr", "mw", "drs"}


def _finding(i: int, text: str) -> Finding:
    return Finding(f"f{i}", "a.pdf", 0, 0, len(text), text, "PERSON", 0.9, "test", "", ())


def _persons(names: list[str]) -> list[tuple[set[str], bool]]:
    mentions = [(_finding(i, n), parse_name(n, TUSSEN, TITLES)) for i, n in enumerate(names)]
    groups = cluster([(f, p) for f, p in mentions if p is not None])
    return sorted(({f.text for f in fs}, amb) for _, fs, amb in groups)


def test_mentions_of_one_person_form_one_person() -> None:
    names = ["drs. Marieke van der Linden", "M. van der Linden", "Van der Linden",
             "Linden, M. van der"]  # fmt: skip
    assert _persons(names) == [(set(names), False)]


def test_two_people_with_one_surname_stay_two_and_the_bare_surname_is_ambiguous() -> None:
    got = _persons(["P. Verhoeven", "Karin Verhoeven", "K. Verhoeven", "Verhoeven"])
    assert ({"P. Verhoeven"}, False) in got
    assert ({"Karin Verhoeven", "K. Verhoeven"}, False) in got
    assert ({"Verhoeven"}, True) in got


def test_initials_shared_by_two_given_names_are_not_guessed() -> None:
    got = _persons(["Karin Verhoeven", "Kees Verhoeven", "K. Verhoeven"])
    assert ({"K. Verhoeven"}, True) in got
    assert ({"Karin Verhoeven"}, False) in got and ({"Kees Verhoeven"}, False) in got


COUNCIL = ["Verslag raadsvergadering", "Wethouder K. Verhoeven opende de vergadering."]
MAIL_FROM_WETHOUDER = ["Van: K. Verhoeven", "Aan: P. Dijkstra", "Onderwerp: begroting", "",
                       "Graag je reactie.", "", "Met vriendelijke groet,",
                       "Karin Verhoeven"]  # fmt: skip
MAIL_FROM_NAMESAKE = ["Van: M. Verhoeven", "Aan: P. Dijkstra", "Onderwerp: planning", "",
                      "Met vriendelijke groet,", "Mark Verhoeven"]  # fmt: skip


def test_a_wethouder_introduced_in_one_document_is_kept_in_another_documents_header(
    tmp_path: Path, rules: RuleSet
) -> None:
    docs, findings = detect_docs(tmp_path, {"a.pdf": COUNCIL, "b.pdf": MAIL_FROM_WETHOUDER})
    d = decide_set(docs, findings, rules)
    assert status(d, "K. Verhoeven", "b.pdf") == {"keep"}
    assert status(d, "Karin Verhoeven", "b.pdf") == {"keep"}
    assert status(d, "P. Dijkstra", "b.pdf") == {"redact"}
    assert not any("Verhoeven" in r.text for r in d.redactions.get("b.pdf", []))


def test_a_civil_servant_with_an_office_holders_surname_is_still_redacted(
    tmp_path: Path, rules: RuleSet
) -> None:
    docs, findings = detect_docs(
        tmp_path, {"a.pdf": COUNCIL, "b.pdf": MAIL_FROM_WETHOUDER, "c.pdf": MAIL_FROM_NAMESAKE}
    )
    d = decide_set(docs, findings, rules)
    assert status(d, "M. Verhoeven", "c.pdf") == {"redact"}
    assert status(d, "Mark Verhoeven", "c.pdf") == {"redact"}
    assert status(d, "K. Verhoeven", "b.pdf") == {"keep"}
    persons = {d.decisions[f.id].person for f in d.findings if "Verhoeven" in f.text and
               f.recognizer != "consistency"}  # fmt: skip
    assert len(persons) == 2  # the wethouder and the namesake, never one person


def test_a_registry_decision_applies_to_every_mention(tmp_path: Path, rules: RuleSet) -> None:
    """A mention the policy alone would keep (a low model score) goes with its person."""
    a = extract_document(_pdf(tmp_path / "a.pdf", ["Van: Sanne Brinkhorst"]), "a.pdf")
    b = extract_document(_pdf(tmp_path / "b.pdf", ["Het advies van S. Brinkhorst volgt."]), "b.pdf")
    anchor = _rule_finding(a.pages[0].text, "Sanne Brinkhorst", "a.pdf")
    weak = replace(_model_finding(b.pages[0].text, "S. Brinkhorst", "b.pdf"), score=0.1)
    assert Policy(rules).decide(b.pages[0], weak).action is Action.KEEP  # on its own: too weak
    d = decide_set([a, b], [anchor, weak], rules)
    assert d.decisions[weak.id].action is Action.REDACT
    assert d.decisions[weak.id].person == d.decisions[anchor.id].person != ""
    person = d.registry.get(anchor.id)
    assert person is not None and {anchor.id, weak.id} <= set(person.mentions)


def _pdf(path: Path, lines: list[str]) -> Path:
    return write_pdf(path, [lines])


def _rule_finding(page_text: str, text: str, doc: str) -> Finding:
    start = page_text.index(text)
    return Finding(f"r-{doc}-{start}", doc, 0, start, start + len(text), text, "PERSON", 0.95,
                   "NameRuleRecognizer:field:Van", "", ((0, 0, 1, 1),))  # fmt: skip


def test_a_wrong_one_word_model_guess_does_not_spread(tmp_path: Path, rules: RuleSet) -> None:
    a = extract_document(_pdf(tmp_path / "a.pdf", ["Bespreking met Schipper over de aanpak."]),
                         "a.pdf")  # fmt: skip
    b = extract_document(_pdf(tmp_path / "b.pdf", ["De Schipper van de veerpont meldt zich."]),
                         "b.pdf")  # fmt: skip
    guess = _model_finding(a.pages[0].text, "Schipper")
    d = decide_set([a, b], [guess], rules)
    assert d.decisions[guess.id].action is Action.REDACT  # redacted where the model saw it …
    assert "b.pdf" not in d.redactions  # … and nowhere else


@pytest.mark.parametrize(
    ("line", "guess"),
    [
        ("Het bedrag is EUR 12.500 inclusief btw.", "EUR 12.500"),
        ("Toegekend: USD 4.000 voor de studiereis.", "USD 4.000"),
        ("Toegekend: USD 4.000 voor de studiereis.", "USD"),
        ("Uw aanvraag BZ-2024-00456123 is ontvangen.", "BZ-2024-00456123"),
        ("Zie Dossier WOO-2023-117 voor de stukken.", "Dossier WOO-2023-117"),
        ("De Stichting Waterrijk reageert later.", "Stichting Waterrijk"),
        ("Overleg in het Stadhuis Zwolle op maandag.", "Stadhuis Zwolle"),
    ],
)
def test_amounts_codes_and_organisations_are_never_persons(
    tmp_path: Path, rules: RuleSet, line: str, guess: str
) -> None:
    page = text_page(0, line)
    assert Policy(rules).not_a_person(_model_finding(page.text, guess), page)
    # and so nothing of it is searched for in the rest of the set
    a = extract_document(_pdf(tmp_path / "a.pdf", [line]), "a.pdf")
    b = extract_document(_pdf(tmp_path / "b.pdf", [line.replace(guess, guess + " ")]), "b.pdf")
    d = decide_set([a, b], [_model_finding(a.pages[0].text, guess)], rules)
    assert not d.redactions


def test_registry_lists_persons_with_evidence(tmp_path: Path, rules: RuleSet) -> None:
    docs, findings = detect_docs(tmp_path, {"a.pdf": COUNCIL, "b.pdf": MAIL_FROM_WETHOUDER})
    reg = decide_set(docs, findings, rules).registry
    kept = [p for p in reg.persons if p.action is Action.KEEP]
    assert [p.name for p in kept] == ["Karin Verhoeven"]
    assert kept[0].roles and "wethouder" in kept[0].reason
    assert len(kept[0].evidence) >= 3  # the council mention, the header, the closing
