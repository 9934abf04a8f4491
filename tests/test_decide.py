"""Policy: grounds, office holders, functional mailboxes, references, lists, consistency."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import write_pdf
from woo_redact.decide import Policy, SetDecisions, decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.extract import extract_document, text_page
from woo_redact.rules import RuleSet, load_rules
from woo_redact.types import Action, Finding


def detect_docs(tmp_path: Path, docs: dict[str, list[str]]) -> tuple[list, list]:
    """One generated PDF per document (its lines on one page), read and detected."""
    texts, findings = [], []
    for name, lines in docs.items():
        doc = extract_document(write_pdf(tmp_path / name, [lines]), name)
        texts.append(doc)
        findings.extend(detect_document(doc, get_analyzer()))
    return texts, findings


def decide_docs(tmp_path: Path, docs: dict[str, list[str]], rules: RuleSet) -> SetDecisions:
    return decide_set(*detect_docs(tmp_path, docs), rules)


def status(decided: SetDecisions, text: str, doc: str | None = None) -> set[str]:
    """The actions taken on findings whose text is ``text`` (whitespace folded)."""
    return {
        decided.decisions[f.id].action.value
        for f in decided.findings
        if " ".join(f.text.split()) == text and (doc is None or f.doc == doc)
    }


def redacted_texts(decided: SetDecisions, doc: str) -> set[str]:
    return {" ".join(r.text.split()) for r in decided.redactions.get(doc, [])}


def test_grounds_from_rules(tmp_path: Path, rules: RuleSet) -> None:
    d = decide_docs(tmp_path, {"a.pdf": ["BSN: 111222333, mail j.jansen@gmail.com"]}, rules)
    grounds = {r.type: r.ground for r in d.redactions["a.pdf"]}
    assert grounds["NL_BSN"] == "5.1.1e"
    assert grounds["EMAIL_ADDRESS"] == "5.1.2e"


def test_functional_mailbox_kept(tmp_path: Path, rules: RuleSet) -> None:
    d = decide_docs(
        tmp_path, {"a.pdf": ["Vragen naar info@minezk.nl of p.jansen@minezk.nl"]}, rules
    )
    assert status(d, "info@minezk.nl") == {"keep"}
    assert status(d, "p.jansen@minezk.nl") == {"redact"}


def test_reference_number_with_valid_checksum_kept(tmp_path: Path, rules: RuleSet) -> None:
    # 111222333 passes the 11-proef, but after "Kenmerk" it is a reference, not a BSN
    d = decide_docs(tmp_path, {"a.pdf": ["Kenmerk: 111222333", "BSN: 264739188"]}, rules)
    assert status(d, "111222333") == {"keep"}
    assert status(d, "264739188") == {"redact"}


@pytest.mark.parametrize(
    ("line", "kept", "redacted"),
    [
        ("Volgens minister Adriaansens is dat goed, zegt P. Jansen.", "Adriaansens", "P. Jansen"),
        ("Burgemeester A. Bakker opende, dhr. Visser notuleerde.", "A. Bakker", "Visser"),
        ("De wethouders Pieters, dhr. Yilmaz en De Groot stemden in.", "Yilmaz", None),
    ],
)
def test_office_holders_in_role_kept(
    tmp_path: Path, rules: RuleSet, line: str, kept: str, redacted: str | None
) -> None:
    d = decide_docs(tmp_path, {"a.pdf": [line]}, rules)
    assert status(d, kept) == {"keep"}
    reasons = {d.decisions[f.id].reason for f in d.findings if f.text == kept}
    assert any("office holder" in r for r in reasons)
    if redacted:
        assert status(d, redacted) == {"redact"}


def test_signer_under_minister_heading_kept(tmp_path: Path, rules: RuleSet) -> None:
    lines = ["Hoogachtend,", "De Minister van Financiën,", "", "J.A. de Vries"]
    d = decide_docs(tmp_path, {"a.pdf": lines}, rules)
    assert status(d, "J.A. de Vries") == {"keep"}
    assert "a.pdf" not in d.redactions


def test_consistency_across_documents(tmp_path: Path, rules: RuleSet) -> None:
    docs = {
        "nota.pdf": ["Auteur: drs. M.J. (Marieke) van der Linden", "Kopie aan: Femke Hoekstra"],
        "mail.pdf": ["Het voorstel van Van der Linden is akkoord.", "Groet, HOEKSTRA"],
        "chat.pdf": ["[12-03-2023 09:14] Piet: Hoi Marieke, zie je Femke's mail?"],
    }
    texts = []
    for name, lines in docs.items():
        texts.append(extract_document(write_pdf(tmp_path / name, [lines]), name))
    # only the nota's findings: every other mention must come from set-wide consistency
    findings = detect_document(texts[0], get_analyzer())
    d = decide_set(texts, findings, rules)
    assert "Van der Linden" in redacted_texts(d, "mail.pdf")
    assert "HOEKSTRA" in redacted_texts(d, "mail.pdf")
    chat = redacted_texts(d, "chat.pdf")
    assert "Marieke" in chat
    assert "Femke's" in chat or "Femke" in chat
    # the report says which mention led to which
    reasons = [d.decisions[f.id].reason for f in d.findings if f.doc != "nota.pdf"]
    assert len(reasons) >= 4
    assert all("as finding" in r and "nota.pdf" in r for r in reasons)


def test_allow_and_deny_lists(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    src = load_rules().root
    rules_dir.mkdir()
    for f in src.iterdir():
        if f.is_file():
            (rules_dir / f.name).write_bytes(f.read_bytes())
    (rules_dir / "allow.txt").write_text("P. Jansen\n", encoding="utf-8")
    (rules_dir / "deny.txt").write_text("Project Zonnebloem\t5.1.2i\n", encoding="utf-8")
    rules = load_rules(rules_dir)
    d = decide_docs(tmp_path, {"a.pdf": ["Zegt P. Jansen over Project Zonnebloem."]}, rules)
    assert status(d, "P. Jansen") == {"keep"}
    deny = [r for r in d.redactions["a.pdf"] if r.text == "Project Zonnebloem"]
    assert deny and deny[0].ground == "5.1.2i"


def test_overlapping_findings_merge_into_one_redaction(tmp_path: Path, rules: RuleSet) -> None:
    d = decide_docs(tmp_path, {"a.pdf": ["Adres: Dorpsstraat 12, 1234 AB Utrecht"]}, rules)
    reds = d.redactions["a.pdf"]
    assert len(reds) == 1
    assert reds[0].type == "NL_ADDRESS"
    assert all(
        d.decisions[f.id].action is Action.REDACT for f in d.findings if f.type == "NL_POSTCODE"
    )


def test_user_name_lists_override_rules(tmp_path: Path, rules: RuleSet) -> None:
    docs = {
        "a.pdf": ["Volgens dhr. Jansen en dhr. Pietersen is het goed.",
                  "Burgemeester Hoekstra opende; later sprak Hoekstra opnieuw."],
    }  # fmt: skip
    texts, findings = detect_docs(tmp_path, docs)
    d = decide_set(texts, findings, rules, keep_names=["P. Jansen"],
                   redact_names=["Anna Hoekstra"])  # fmt: skip
    assert status(d, "Jansen") == {"keep"}  # surname of a name on the keep list
    assert status(d, "Pietersen") == {"redact"}
    redacted = [r.text for r in d.redactions["a.pdf"]]
    assert redacted.count("Hoekstra") == 2  # even in the burgemeester role: the user decides


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        # a body sentence that opens like a signing heading does not make the next name a signer
        (["De burgemeester van Utrecht heeft besloten het verzoek af te wijzen.",
          "Mevrouw Femke Hoekstra diende het verzoek in."], "Femke Hoekstra"),
        (["De Minister van Financiën besluit dat het verzoek is toegewezen",
          "Mevrouw Sanne Kuipers ontvangt dit besluit."], "Sanne Kuipers"),
        # a role word inside a compound is not the role
        (["Namens de bewoners schreef VvE-lid Jeroen Brouwer een brief."], "Jeroen Brouwer"),
        (["Volgens oud-wethouder Karin Smeets is het plan te duur."], "Karin Smeets"),
    ],
)  # fmt: skip
def test_private_persons_are_not_made_office_holders(
    tmp_path: Path, rules: RuleSet, lines: list[str], name: str
) -> None:
    d = decide_docs(tmp_path, {"a.pdf": lines}, rules)
    assert name in redacted_texts(d, "a.pdf") or any(
        name in t for t in redacted_texts(d, "a.pdf")
    ), [(f.text, d.decisions[f.id].reason) for f in d.findings]


def test_signing_heading_over_two_lines_still_counts(tmp_path: Path, rules: RuleSet) -> None:
    lines = [
        "Hoogachtend,",
        "De Minister van Economische Zaken en",
        "Klimaat,",
        "",
        "J.A. de Vries",
    ]
    d = decide_docs(tmp_path, {"a.pdf": lines}, rules)
    assert status(d, "J.A. de Vries") == {"keep"}


def test_keep_names_keep_only_that_persons_variants(tmp_path: Path, rules: RuleSet) -> None:
    docs = {
        "a.pdf": ["Overleg met Sanne Jansen-Bakker en Jan de Vries over het plan.",
                  "Daarna belde S. Jansen-Bakker met dhr. Jan Bakker.",
                  "Verslag: Jan Smit; Jansen-Bakker stemde in."],
    }  # fmt: skip
    texts, findings = detect_docs(tmp_path, docs)
    d = decide_set(texts, findings, rules, keep_names=["Sanne Jansen-Bakker", "Jan de Vries"])
    assert status(d, "Sanne Jansen-Bakker") == {"keep"}
    assert status(d, "S. Jansen-Bakker") == {"keep"}
    assert "Jan de Vries" not in redacted_texts(d, "a.pdf")
    red = " ".join(redacted_texts(d, "a.pdf"))
    # another Jan is not kept because a Jan is on the list
    assert "Jan Bakker" in red and "Jan Smit" in red


def _model_finding(page_text: str, text: str, doc: str = "a.pdf") -> Finding:
    start = page_text.index(text)
    return Finding(f"m-{start}", doc, 0, start, start + len(text), text, "PERSON", 0.85,
                   MODEL_RECOGNIZER, "", ((0, 0, 1, 1),))  # fmt: skip


@pytest.mark.parametrize(
    ("line", "guess"),
    [
        ("Locatie: Stadhuis, Eindhoven om 10 uur.", "Stadhuis, Eindhoven"),
        ("Het bedrag is EUR 1200 per maand.", "EUR 1200"),
        ("Het dossier ZK-2024-0892 is gesloten.", "ZK-2024-0892"),
        ("Het Staatstoezicht op de Mijnen meldt dit.", "op de Mijnen"),
        ("Zie de bijlage Nota van de directie.", "Nota van"),
        ("Ons Kenmerk XY-AB / 4711 betreft dit.", "Kenmerk XY-AB"),  # a reference label
        ("Verwijzing naar PR-OJ in de nota.", "PR-OJ"),  # a hyphenated acronym
        ("Het Kenniscentrum Zorg meldt dit.", "Het Kenniscentrum Zorg"),  # article in front
        ("Uitvoeringsorganisatie Herstel Zorg meldt dit.", "Herstel Zorg"),  # compound unit
        ("Projectteam Vredeveld komt bijeen.", "Vredeveld"),
        ("Provinciale Staten van Utrecht besluiten.", "Provinciale Staten"),
        ("Hierover is contact geweest met de afdeling.", "Hierover"),  # pronominal adverb
        ("Daarnaast belde Waarvan terug.", "Waarvan"),
        ("Akkoord, aldus Binnenlandse Zaken.", "Binnenlandse Zaken"),  # a ministry's name
        ("De Europese Commissie besluit.", "De Europese"),  # article and adjective
        ("Offerte van Zeewind Optics B.V. ontvangen.", "Zeewind Optics"),  # a legal form after
        ("Offerte van Zeewind Optics B.V. ontvangen.", "Zeewind Optics B.V."),
        ("Dorpsraad Hooghalen\tvertegenwoordiger", "Hooghalen"),  # after an organisation word
        ("Waterschap Hooghalen ESA", "Hooghalen ESA"),  # … with OCR's scribble after it
        ("Volgens het «Onderwijspact» is dat zo.", "Onderwijspact"),  # a policy instrument
        ("Het Energieconvenant en de Woondeal gelden.", "Energieconvenant"),
        ("Het Energieconvenant en de Woondeal gelden.", "Woondeal"),
        ("Reactie op advies Kwaliteitscollege toetsing", "Kwaliteitscollege"),  # an organisation
        ("Gesprek met het Adviesbureau over de planning.", "Adviesbureau"),
        ("De planning voor de Spoorzone volgt.", "Spoorzone"),  # an area named by a compound
        ("Stationsweg 4\nTel.: 06-12345678", "Tel"),  # a contact label
        ("Woningbouw in de Noorderpolder en het Stationskwartier.", "Stationskwartier"),
        ("Het rapport «Leefbaarheid» verscheen.", "Leefbaarheid"),  # a guillemet is a quote
        ("Aan de Gemeênte Zandvoorde", "Gemeênte Zandvoorde"),  # OCR's stray diacritic
        ("Kun je bellen?\nOm 12:36 in\nUrk Bosman\nPrima.", "Urk Bosman"),  # no time line above
    ],
)
def test_model_guesses_that_cannot_be_names(rules: RuleSet, line: str, guess: str) -> None:
    page = text_page(0, line)
    assert Policy(rules).not_a_person(_model_finding(page.text, guess), page)


@pytest.mark.parametrize(
    ("line", "guess"),
    [
        ("Volgens JAN DE VRIES is het klaar.", "JAN DE VRIES"),  # capitals, not an acronym
        ("Gesprek met ANNE-MARIE Jansen.", "ANNE-MARIE Jansen"),
        ("Volgens De Vries is het klaar.", "De Vries"),  # a capitalised "De" opens surnames
        ("Gesprek met teamleider Jan Bakker.", "Jan Bakker"),  # a role, not a unit
        ("Volgens De Lange is het klaar.", "De Lange"),  # a listed surname, not an adjective
        ("Gesprek met Jan Bakker, CV volgt.", "Jan Bakker"),
        ("Namens het team\nBrinkhorst", "Brinkhorst"),  # a unit word on the line above
        ("Akkoord, directeur-generaal Brinkhorst.", "Brinkhorst"),  # a role, no organisation
        ("Gesprek met de werkgroep Jan Brinkhorst", "Jan Brinkhorst"),  # a first name
        ("Onderwerp: Overleg Brinkhorst", "Brinkhorst"),  # an everyday word, no head
        ("Akkoord allen, Brinkhorst", "Brinkhorst"),
        ("De Commissie Brinkhorst rapporteert", "Brinkhorst"),
        ("Volgens «Brinkhorst» is dat zo.", "Brinkhorst"),  # a quoted surname stays a name
        ("Kun je bellen?\n12:36\nUrk Bosman\nPrima, dan bel ik.", "Urk Bosman"),  # a chat sender
    ],
)
def test_model_names_the_gate_lets_through(rules: RuleSet, line: str, guess: str) -> None:
    page = text_page(0, line)
    assert Policy(rules).not_a_person(_model_finding(page.text, guess), page) is None


def test_an_uncertain_model_person_spreads_no_surname(tmp_path: Path, rules: RuleSet) -> None:
    """ "Brainport Development" read as a person must not redact "Brainport" everywhere."""
    a = extract_document(write_pdf(tmp_path / "a.pdf", [["Overleg met Brainport Development."]]),
                         "a.pdf")  # fmt: skip
    b = extract_document(write_pdf(tmp_path / "b.pdf", [["De regio Brainport groeit snel."]]),
                         "b.pdf")  # fmt: skip
    guess = _model_finding(a.pages[0].text, "Brainport Development")
    d = decide_set([a, b], [guess], rules)
    assert "b.pdf" not in d.redactions


@pytest.mark.parametrize(
    ("line", "name", "kept"),
    [
        ("Deelnemers: M.L. Kortenhoeven (burgemeester) gemeente Zwolle", "M.L. Kortenhoeven", True),
        ("K.J. Wielsma\tgemeente Zwolle\twethouder", "K.J. Wielsma", True),
        ("K.J. Wielsma\tgemeente Zwolle\tlid", "K.J. Wielsma", False),
        ("P. Damsteeg (beleidsmedewerker) van de gemeente", "P. Damsteeg", False),
    ],
)
def test_role_after_the_name(rules: RuleSet, line: str, name: str, kept: bool) -> None:
    page = text_page(0, line)
    f = _model_finding(page.text, name)
    assert bool(Policy(rules).office_holder(page, f)) is kept


@pytest.mark.parametrize(
    ("lines", "name", "kept"),
    [
        (["Naar aanleiding van vragen van wethouder", "Wielsma (Zwolle) is een briefing gepland."],
         "Wielsma", True),
        (["P. Jansen\tgemeente Zwolle\twethouder", "K. Wielsma\tgemeente Zwolle\tadviseur"],
         "K. Wielsma", False),
        (["K.J. Wielsma\tgemeente Zwolle\twethouder economie"], "K.J. Wielsma", True),
    ],
)  # fmt: skip
def test_role_on_the_line_above_or_in_a_role_cell(
    rules: RuleSet, lines: list[str], name: str, kept: bool
) -> None:
    page = text_page(0, "\n".join(lines))
    f = _model_finding(page.text, name)
    assert bool(Policy(rules).office_holder(page, f)) is kept


@pytest.mark.parametrize(
    ("line", "address", "action"),
    [
        ("Stuur het naar info@minezk.nl.", "info@minezk.nl", "keep"),
        ("Stuur het naar regiodeals@minezk.nl.", "regiodeals@minezk.nl", "keep"),
        ("Stuur het naar meldingen@zeewolde.nl.", "meldingen@zeewolde.nl", "keep"),  # a service
        ("Stuur het naar evenementen@zeewolde.nl.", "evenementen@zeewolde.nl", "keep"),
        ("Stuur het naar lammers@zeewolde.nl.", "lammers@zeewolde.nl", "redact"),  # a surname
        ("Stuur het naar metselaar@zeewolde.nl.", "metselaar@zeewolde.nl", "redact"),
        # a private mail provider is never an organisation's functional mailbox
        ("Stuur het naar info@gmail.com.", "info@gmail.com", "redact"),
        ("Stuur het naar okonkwo@hotmail.com.", "okonkwo@hotmail.com", "redact"),
        ("Stuur het naar rkoc@live.nl.", "rkoc@live.nl", "redact"),
        ("Stuur het naar regiodeals@mail.ziggo.nl.", "regiodeals@mail.ziggo.nl", "redact"),
    ],
)
def test_functional_mailbox_needs_an_organisation_domain(
    tmp_path: Path, rules: RuleSet, line: str, address: str, action: str
) -> None:
    assert status(decide_docs(tmp_path, {"a.pdf": [line]}, rules), address) == {action}


@pytest.mark.parametrize(
    ("line", "text", "action"),
    [
        ("BSN: 123456789 (volgens aanvrager)", "123456789", "redact"),  # fails 11-proef
        ("KvK-nummer 111222333", "111222333", "keep"),  # passes, but labelled KvK
        ("Loonheffingennummer 111222333", "111222333", "keep"),
        ("Zaaknummer 06-96109216", "06-96109216", "keep"),  # phone-shaped reference
        ("M 06-96109216", "06-96109216", "redact"),  # a range the plan does not assign
    ],
)
def test_labels_decide_numbers(
    tmp_path: Path, rules: RuleSet, line: str, text: str, action: str
) -> None:
    assert status(decide_docs(tmp_path, {"a.pdf": [line]}, rules), text) == {action}


@pytest.mark.parametrize(
    ("line", "iban", "action"),
    [
        ("Betaling op DE89 3704 0044 0532 0130 00 t.n.v. Stadtwerke Musterstadt GmbH.",
         "DE89 3704 0044 0532 0130 00", "keep"),
        ("Rekening van Stichting Voorbeeld: NL91ABNA0417164300", "NL91ABNA0417164300", "keep"),
        ("IBAN NL91 ABNA 0417 1643 00 t.n.v. mw. J. Jansen", "NL91 ABNA 0417 1643 00", "redact"),
        ("Mijn rekeningnummer is NL91ABNA0417164300.", "NL91ABNA0417164300", "redact"),
        ("Konto DE89 3704 0044 0532 0130 00 van de heer Schmidt.",
         "DE89 3704 0044 0532 0130 00", "redact"),
    ],
)  # fmt: skip
def test_organisation_accounts_kept_personal_accounts_redacted(
    tmp_path: Path, rules: RuleSet, line: str, iban: str, action: str
) -> None:
    assert status(decide_docs(tmp_path, {"a.pdf": [line]}, rules), iban) == {action}


def test_place_after_a_postcode_is_no_person(rules: RuleSet) -> None:
    page = text_page(0, "Postbus 212\n1944 AA Ravensloot")
    why = Policy(rules).not_a_person(_model_finding(page.text, "AA Ravensloot"), page)
    assert why and "postcode" in why


def _as_ocr(page):
    """The same page as OCR read it (every word from our OCR)."""
    words = tuple(dataclasses.replace(w, source="ocr", conf=80.0) for w in page.words)
    return dataclasses.replace(page, words=words, ocr=True)


@pytest.mark.parametrize(
    ("line", "guess", "ocr", "kept_as_code"),
    [
        ("Naam\n1.B. Brinkhorst\tGemeente", "1.B. Brinkhorst", True, False),  # I read as 1
        ("Naam\nP.0. Brinkhorst\tGemeente", "P.0. Brinkhorst", True, False),  # O read as 0
        ("Agenda\n1.B. Besluitvorming", "1.B. Besluitvorming", False, True),  # a numbered item
        ("Naam\n1.2. Brinkhorst", "1.2. Brinkhorst", True, True),  # not a look-alike
        ("Zaak 10.B. Brinkhorst-2024", "10.B. Brinkhorst-2024", True, True),
    ],
)
def test_ocr_digits_in_initials_are_letters(
    rules: RuleSet, line: str, guess: str, ocr: bool, kept_as_code: bool
) -> None:
    """OCR reads the I and O of initials as 1 and 0: on an OCR'd page such a name is no code;
    on a text layer (a numbered heading) or with other digits it still is."""
    page = text_page(0, line)
    page = _as_ocr(page) if ocr else page
    why = Policy(rules).not_a_person(_model_finding(page.text, guess), page)
    assert (why is not None and "digits" in why) == kept_as_code
