"""One parametrized table of positive and negative cases per recognizer (Presidio style)."""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine

from woo_redact.detect.engine import get_analyzer
from woo_redact.detect.recognizers.bsn import bsn_valid
from woo_redact.detect.recognizers.iban import iban_valid
from woo_redact.detect.recognizers.phone import dutch_phone_valid


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return get_analyzer()


def found(analyzer: AnalyzerEngine, text: str, entity: str) -> list[str]:
    results = analyzer.analyze(text, language="nl", entities=[entity])
    return [text[r.start : r.end] for r in results if r.entity_type == entity and r.score >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mijn BSN is 111222333.", ["111222333"]),
        ("burgerservicenummer: 2647.39.188", ["2647.39.188"]),
        ("BSN 123 456 782 van betrokkene", ["123 456 782"]),
        ("Mijn BSN is 123456789.", ["123456789"]),  # fails the 11-proef, but after "BSN"
        ("burgerservicenummer 12345672", ["12345672"]),  # an 8-digit BSN (passes), after a cue
        ("het getal 123456789 staat hier", []),  # fails the 11-proef, no cue: not reported
        ("volgnummer 12345672 van de lijst", []),  # 8 digits that pass, but no cue
        ("kenmerk 402918375", []),  # 9-digit reference, fails the 11-proef
        ("KvK-nummer 39046725", []),  # 8 digits, no BSN cue
        ("telefoon 0612345678", []),  # 10 digits is not a BSN
        ("bedrag 1.234.567.890", []),
    ],
)
def test_bsn(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "NL_BSN") == expected


@pytest.mark.parametrize(
    ("number", "valid"),
    [("111222333", True), ("264739188", True), ("123456789", False), ("000000000", False),
     ("12345672", True), ("12345678", False), ("26473918x", False), ("1234567", False)],
)  # fmt: skip
def test_bsn_valid(number: str, valid: bool) -> None:
    assert bsn_valid(number) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("btw-nummer NL123456782B01", ["NL123456782B01"]),  # a sole trader's: digits are a BSN
        ("BTW NL 1234.56.782 B 01", []),  # not a Dutch btw form
        ("btw-nummer NL000099998B57", []),  # the mod-97 type (2020 on): no BSN in it
        ("btw-nummer NL123456789B01", []),  # neither check passes
    ],
)
def test_btw(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "NL_BTW") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rekening NL91ABNA0417164300", ["NL91ABNA0417164300"]),
        ("IBAN: NL91 ABNA 0417 1643 00 t.n.v. mij", ["NL91 ABNA 0417 1643 00"]),
        ("Konto DE89 3704 0044 0532 0130 00", ["DE89 3704 0044 0532 0130 00"]),  # valid foreign
        ("rekening NL91ABNA0417164301", []),  # checksum wrong
        ("rekening NL91 ABNA 0417 1643", []),  # too short for NL
        ("DE89 3704 0044 0532 0130 01", []),  # foreign, checksum wrong
        ("code NL12 3456 7890 12", []),  # NL must have a bank code of letters
        ("rekeningnummer NL91\nABNA 0417 1643 00 t.n.v.", ["NL91\nABNA 0417 1643 00"]),
        ("IBAN BE71 0961 2345 6769", ["BE71 0961 2345 6769"]),  # Belgian, 16 characters
    ],
)
def test_iban(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "IBAN_CODE") == expected


def test_iban_validator_rejects_unknown_country() -> None:
    assert not iban_valid("XX00ABCD1234567890")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bel 06-12345678.", ["06-12345678"]),
        ("mobiel 06 1234 5678", ["06 1234 5678"]),
        ("T +31 6 12345678", ["+31 6 12345678"]),
        ("tel. +31 (0)70 123 4567", ["+31 (0)70 123 4567"]),
        ("telefoon 070-1234567", ["070-1234567"]),
        ("0031 6 12345678", ["0031 6 12345678"]),
        ("kenmerk 123456789", []),  # no leading 0 or +31
        ("KvK 39046725", []),
        ("op 2023-04-12 besloten", []),
        ("bedrag € 1.234.567", []),
        ("nummer 06-1234567", []),  # one digit short
        # context beats the numbering plan: a mobile shape the plan does not assign
        ("M 06-96109216", ["06-96109216"]),
        ("app me: 0679276878", ["0679276878"]),
        ("bel 06 - 164 540 69", ["06 - 164 540 69"]),  # spaced dash
        ("bellen op +31 (0)6\n35 37 86 70 of", ["+31 (0)6\n35 37 86 70"]),  # over a line end
        ("Mobiel: +31 6 7926 5876", ["+31 6 7926 5876"]),
        # a landline shape the plan does not assign needs a cue word in front
        ("telefoon 0801 234567", ["0801 234567"]),  # 0801: not an area code, but after a cue
        ("projectcode 0801 234567", []),
    ],
)
def test_phone(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "PHONE_NUMBER") == expected


def test_phone_validator() -> None:
    assert dutch_phone_valid("06-12345678")
    assert not dutch_phone_valid("+49 30 1234567")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail m.vanderlinden@minezk.nl", ["m.vanderlinden@minezk.nl"]),
        ("(renee.kuipers@ziggo.nl)", ["renee.kuipers@ziggo.nl"]),
        ("info@minezk.nl", ["info@minezk.nl"]),  # found; the policy keeps functional mailboxes
        ("volg @ministerie op X", []),
        ("jan@localhost", []),
        ("jan@example.invalidtld", []),
        ("E-mail: sükrü.öztürk@gmail.com", ["sükrü.öztürk@gmail.com"]),  # letters of any script
        ("mail: lonneke.evers@zorg.nl.", ["lonneke.evers@zorg.nl"]),
        ("E-mail: lhoving @kpnmail.nl", ["lhoving @kpnmail.nl"]),  # OCR split it at the "@"
        ("adres:\nlhoving8&@kpnmail.nl", ["lhoving8&@kpnmail.nl"]),  # OCR read an 8 as "&"
    ],
)
def test_email(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "EMAIL_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik woon aan de Dorpsstraat 12a.", ["Dorpsstraat 12a"]),
        ("adres: Burgemeester de Withstraat 4-2, 3511 AB Utrecht",
         ["Burgemeester de Withstraat 4-2, 3511 AB Utrecht"]),
        ("Populierenlaan 42\n1318 AB Almere", ["Populierenlaan 42\n1318 AB Almere"]),
        ("Keizersgracht 123 hs", ["Keizersgracht 123 hs"]),
        ("artikel 5.1, tweede lid", []),
        ("de straat 12 keer overgestoken", []),
        ("Wet open overheid 2022", []),
        # an unknown street name is an address when a postcode and place follow on the next line
        ("Ruud Pereira\nSlikgors 88C\n4417 PT Molenwaard", ["Slikgors 88C\n4417 PT Molenwaard"]),
        ("Gemeente Molenwaard\nPostbus 611\n4417 PT Molenwaard", []),
        ("Noot 12 bij het besluit", []),
    ],
)  # fmt: skip
def test_address(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "NL_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("woonadres postcode 1234 AB", ["1234 AB"]),
        ("Postbus 20401, 2500 EK Den Haag", []),  # no address context: low score, kept
        ("1234 SS", []),  # SS, SA and SD are not used
        ("in 2023 AB", []),
    ],
)
def test_postcode(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "NL_POSTCODE") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geboren op 14 maart 1978", ["14 maart 1978"]),
        ("geb. 03-11-1985", ["03-11-1985"]),
        ("Geboortedatum: 3/11/1985", ["3/11/1985"]),
        ("Op 14 maart 2023 vergaderde het college.", []),
        ("datum 03-11-1985", []),
        ("De brief van 21 augustus 2023 is ontvangen.", []),
    ],
)
def test_birth_date(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "BIRTH_DATE") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kenteken 52-GJZ-9", ["52-GJZ-9"]),  # sidecode 8 (99-XXX-9)
        ("auto GZ-123-X", ["GZ-123-X"]),  # sidecode 9
        ("kenteken 1-KBB-23", ["1-KBB-23"]),  # sidecode 8
        ("kenteken XB-12-FZ", ["XB-12-FZ"]),  # sidecode 4
        ("kenteken 12-34-BF", ["12-34-BF"]),  # sidecode 2
        ("COVID-19 maatregelen", []),
        ("kenmerk RDF/2023/0417", []),
        ("op 2023-04-12", []),
        ("AE-12-34", []),  # vowels only: not a real plate
    ],
)
def test_license_plate(analyzer: AnalyzerEngine, text: str, expected: list[str]) -> None:
    assert found(analyzer, text, "NL_LICENSE_PLATE") == expected
