"""Generate deterministic synthetic Dutch government PDFs for testing woo-redact.

All people, phone numbers, e-mail addresses, BSNs, IBANs and licence plates are fictitious
(the checksummed ones are computed to be *valid* so detectors see realistic data). Public
office holders (minister Adriaansens) appear only in their public role.

Usage::

    python samples/make_samples.py [--out DIR]

Writes five PDFs plus ``expected.json`` and ``EXPECTED.md`` (the ground truth: what must be
redacted and what must be kept) into DIR (default: this script's folder), then re-opens every
PDF and checks that each expected string is extractable. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

# --------------------------------------------------------------------------------------------
# Checksums
# --------------------------------------------------------------------------------------------


def bsn_valid(number: str) -> bool:
    """True if ``number`` is 9 digits and passes the BSN 11-proef (weights 9..2, -1)."""
    if not re.fullmatch(r"\d{9}", number):
        return False
    digits = [int(c) for c in number]
    total = sum((9 - i) * d for i, d in enumerate(digits[:8])) - digits[8]
    return total % 11 == 0


def iban_valid(iban: str) -> bool:
    """True if ``iban`` (spaces allowed) passes the ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def nl_account_elfproef(account: str) -> bool:
    """True if a 10-digit Dutch bank account number passes the old bank 11-proef."""
    return sum((10 - i) * int(c) for i, c in enumerate(account)) % 11 == 0


# Fictitious identifiers used in the citizen letter, checked at import time.
BSN = "264739188"
IBAN = "NL89 RABO 0427 3189 55"
KENMERK = "402918375"  # 9 digits, deliberately NOT a valid BSN: must be kept
KVK = "39046725"  # 8 digits, KvK numbers carry no checksum: must be kept

assert bsn_valid(BSN), "BSN must pass the 11-proef"
assert iban_valid(IBAN), "IBAN must pass mod-97"
assert nl_account_elfproef(IBAN.replace(" ", "")[8:]), "account number must pass the 11-proef"
assert iban_valid("NL91 ABNA 0417 1643 00"), "self-test of iban_valid"
assert bsn_valid("111222333"), "self-test of bsn_valid"
assert not bsn_valid(KENMERK), "the kenmerk must not look like a BSN"

# Fixed dates so the files are reproducible.
PDF_DATE = "D:20230607100000+02'00'"
PRODUCER = "woo-redact samples/make_samples.py"

# --------------------------------------------------------------------------------------------
# Layout helpers
# --------------------------------------------------------------------------------------------

A4_W, A4_H = pymupdf.paper_size("a4")
BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}


def winansi(text: str) -> str:
    """Re-code ``text`` so a base-14 font with /WinAnsiEncoding shows €, – and ‘ ’ correctly.

    PyMuPDF writes each code point < 256 as one byte and declares the base-14 fonts with
    WinAnsiEncoding (cp1252), so cp1252 bytes reinterpreted as Latin-1 round-trip exactly.
    """
    return text.encode("cp1252").decode("latin-1")


@dataclass
class Pen:
    """A tiny flowing-text writer: keeps a cursor and starts new A4 pages when full."""

    doc: pymupdf.Document
    font: str = "helv"
    size: float = 10.0
    left: float = 72.0
    right: float = A4_W - 72.0
    top: float = 80.0
    bottom: float = A4_H - 70.0
    leading: float = 1.35
    page: pymupdf.Page | None = None
    y: float = 0.0
    pages: list[pymupdf.Page] = field(default_factory=list)

    def new_page(self) -> pymupdf.Page:
        """Start a fresh A4 page and put the cursor at the top margin."""
        self.page = self.doc.new_page(width=A4_W, height=A4_H)
        self.pages.append(self.page)
        self.y = self.top
        return self.page

    def ensure(self, height: float) -> None:
        """Break to a new page unless ``height`` points still fit."""
        if self.page is None or self.y + height > self.bottom:
            self.new_page()

    def gap(self, points: float) -> None:
        """Add vertical white space."""
        self.y += points

    def _font(self, bold: bool, font: str | None) -> str:
        name = font or self.font
        return BOLD[name] if bold else name

    def width(
        self, text: str, *, bold: bool = False, font: str | None = None, size: float | None = None
    ) -> float:
        """Rendered width of ``text`` in points."""
        return pymupdf.get_text_length(
            text, fontname=self._font(bold, font), fontsize=size or self.size
        )

    def put(
        self,
        x: float,
        y: float,
        text: str,
        *,
        bold: bool = False,
        font: str | None = None,
        size: float | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> None:
        """Write one line with its baseline at (x, y); no cursor movement."""
        assert self.page is not None
        self.page.insert_text(
            (x, y),
            winansi(text),
            fontname=self._font(bold, font),
            fontsize=size or self.size,
            color=color,
        )

    def wrap(
        self,
        text: str,
        width: float,
        *,
        bold: bool = False,
        font: str | None = None,
        size: float | None = None,
    ) -> list[str]:
        """Greedy word wrap; a ``\\n`` in ``text`` forces a line break."""
        lines: list[str] = []
        for raw in text.split("\n"):
            current = ""
            for word in raw.split(" "):
                trial = f"{current} {word}" if current else word
                if current and self.width(trial, bold=bold, font=font, size=size) > width:
                    lines.append(current)
                    current = word
                else:
                    current = trial
            lines.append(current)
        return lines

    def line(
        self,
        text: str = "",
        *,
        x: float | None = None,
        bold: bool = False,
        font: str | None = None,
        size: float | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> None:
        """Write one unwrapped line at the cursor and advance."""
        fs = size or self.size
        self.ensure(fs * self.leading)
        if text:
            self.put(
                x if x is not None else self.left,
                self.y + fs,
                text,
                bold=bold,
                font=font,
                size=fs,
                color=color,
            )
        self.y += fs * self.leading

    def para(
        self,
        text: str,
        *,
        indent: float = 0.0,
        bold: bool = False,
        font: str | None = None,
        size: float | None = None,
        after: float = 6.0,
        bullet: str | None = None,
    ) -> None:
        """Write a wrapped paragraph (optionally with a hanging bullet) and a gap after it."""
        fs = size or self.size
        x = self.left + indent
        if bullet:
            hang = self.width(bullet + " ", font=font, size=fs) + 4
            lines = self.wrap(text, self.right - x - hang, bold=bold, font=font, size=fs)
            for i, ln in enumerate(lines):
                self.ensure(fs * self.leading)
                if i == 0:
                    self.put(x, self.y + fs, bullet, font=font, size=fs)
                self.put(x + hang, self.y + fs, ln, bold=bold, font=font, size=fs)
                self.y += fs * self.leading
        else:
            for ln in self.wrap(text, self.right - x, bold=bold, font=font, size=fs):
                self.line(ln, x=x, bold=bold, font=font, size=fs)
        self.y += after

    def field(
        self, label: str, value: str, *, label_w: float = 130.0, bold_value: bool = False
    ) -> None:
        """A two-column header row: label on the left, wrapped value on the right."""
        fs = self.size
        lines = self.wrap(value, self.right - self.left - label_w, bold=bold_value)
        self.ensure(len(lines) * fs * self.leading)
        self.put(self.left, self.y + fs, label, color=(0.25, 0.25, 0.25))
        for ln in lines:
            self.put(self.left + label_w, self.y + fs, ln, bold=bold_value)
            self.y += fs * self.leading

    def rule(self, width: float = 0.5) -> None:
        """A horizontal line across the text column."""
        assert self.page is not None
        self.page.draw_line((self.left, self.y), (self.right, self.y), width=width)
        self.y += 6

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A simple ruled table; cell text is wrapped within its column."""
        fs, pad = self.size, 4.0
        x0 = self.left
        for r, cells in enumerate([header, *rows]):
            wrapped = [
                self.wrap(c, w - 2 * pad, bold=r == 0) for c, w in zip(cells, widths, strict=True)
            ]
            h = max(len(w) for w in wrapped) * fs * self.leading + 2 * pad
            self.ensure(h)
            assert self.page is not None
            x = x0
            for lines, w in zip(wrapped, widths, strict=True):
                self.page.draw_rect(
                    pymupdf.Rect(x, self.y, x + w, self.y + h),
                    width=0.5,
                    fill=(0.9, 0.9, 0.9) if r == 0 else None,
                )
                for i, ln in enumerate(lines):
                    self.put(x + pad, self.y + pad + fs + i * fs * self.leading, ln, bold=r == 0)
                x += w
            self.y += h
        self.y += 8


def footer(doc: pymupdf.Document, text: str, *, font: str = "helv") -> None:
    """Add ``text  —  pagina i van n`` at the bottom of every page."""
    n = doc.page_count
    for i, page in enumerate(doc):
        s = winansi(f"{text}    pagina {i + 1} van {n}" if text else f"pagina {i + 1} van {n}")
        page.insert_text((72, A4_H - 40), s, fontname=font, fontsize=7.5, color=(0.4, 0.4, 0.4))


def finish(
    doc: pymupdf.Document,
    path: Path,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    keywords: str = "",
) -> None:
    """Set fixed metadata and save compactly and reproducibly."""
    doc.set_metadata(
        {
            "title": title,
            "author": author,
            "subject": subject,
            "keywords": keywords,
            "creator": "Microsoft Word" if author else "",
            "producer": PRODUCER,
            "creationDate": PDF_DATE,
            "modDate": PDF_DATE,
            "trapped": "",
        }
    )
    doc.save(path, garbage=4, deflate=True, no_new_id=True)


# --------------------------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------------------------


@dataclass
class Expect:
    """What must be redacted and kept in one sample; ``where`` is text/metadata/annotation."""

    redact: list[tuple[str, str, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def r(self, text: str, kind: str, where: str = "text") -> None:
        """Register a string that must be redacted."""
        self.redact.append((text, kind, where))

    def k(self, *texts: str) -> None:
        """Register strings that must stay readable."""
        self.keep.extend(texts)


# --------------------------------------------------------------------------------------------
# 1. Nota to the minister
# --------------------------------------------------------------------------------------------


def make_nota(path: Path) -> Expect:
    """Memo to the Minister of EZK modelled on the published example in woo.md."""
    ex = Expect()
    doc = pymupdf.open()
    pen = Pen(doc, font="helv", size=10.0, top=60)
    pen.new_page()

    # Letterhead, right-hand column with the (organisational) address: kept.
    pen.put(330, 50, "Ministerie van Economische Zaken", bold=True, size=9)
    pen.put(330, 62, "en Klimaat", bold=True, size=9)
    for i, ln in enumerate(
        ["Bezuidenhoutseweg 73", "Postbus 20401", "2500 EK Den Haag", "www.rijksoverheid.nl/ezk"]
    ):
        pen.put(330, 78 + i * 11.5, ln, size=8, color=(0.3, 0.3, 0.3))
    pen.y = 140

    pen.line("Aan de Minister van Economische Zaken en Klimaat", bold=True, size=11)
    pen.gap(6)
    pen.field("Aan", "Minister van Economische Zaken en Klimaat")
    pen.field("Directoraat-generaal", "Bedrijfsleven & Innovatie")
    pen.field("Directie", "Topsectoren en Industriebeleid")
    pen.field("Auteur", "drs. M.J. (Marieke) van der Linden")
    pen.gap(4)
    pen.line("TER BESLISSING", bold=True, size=11)
    pen.gap(4)
    pen.field("Datum", "7 juni 2023")
    pen.field("Kenmerk", "DGBI / 27293059")
    pen.field("Kopie aan", "ir. P.W. Jansen; mr. K. Bakker-Özdemir")
    pen.field("Bijlage(n)", "1")
    pen.gap(4)
    note_y = pen.y
    pen.field(
        "nota",
        "Aanbieding Kamerbrief: ‘Samenwerken aan een hightech maakindustrie van wereldniveau’",
        bold_value=True,
    )
    pen.field("Parafenroute", "MvdL, PJ, KB")
    pen.gap(8)
    pen.rule()

    ex.r("M.J. (Marieke) van der Linden", "PERSON")
    ex.r("P.W. Jansen", "PERSON")
    ex.r("K. Bakker-Özdemir", "PERSON")
    ex.r("MvdL", "PERSON")
    ex.r("PJ", "PERSON")
    ex.r("KB", "PERSON")
    ex.k(
        "Minister van Economische Zaken en Klimaat",
        "Bedrijfsleven & Innovatie",
        "Topsectoren en Industriebeleid",
        "7 juni 2023",
        "DGBI / 27293059",
        "Bezuidenhoutseweg 73",
        "Postbus 20401",
        "2500 EK Den Haag",
    )

    def h(title: str) -> None:
        pen.ensure(40)
        pen.gap(4)
        pen.line(title, bold=True, size=10.5)
        pen.gap(2)

    h("Aanleiding")
    pen.para(
        "Tijdens het commissiedebat Industriebeleid van 20 april 2023 heeft u de Tweede "
        "Kamer toegezegd vóór het zomerreces een visie op de hightech maakindustrie te "
        "sturen. Bijgaande Kamerbrief ‘Samenwerken aan een hightech maakindustrie van "
        "wereldniveau’ geeft invulling aan deze toezegging. De brief is interdepartementaal "
        "afgestemd met OCW, IenW, BZK (VRO) en Financiën."
    )
    h("Geadviseerd besluit")
    pen.para(
        "Instemmen met bijgaande Kamerbrief en deze op vrijdag 9 juni 2023 aan de Tweede "
        "Kamer verzenden, tegelijk met de kabinetsreactie op het AWTI-advies "
        "‘Kiezen voor kennis’.",
        bullet="1.",
    )
    pen.para(
        "Instemmen met het gezamenlijk optrekken met de Minister van OCW bij het "
        "actieplan technisch talent.",
        bullet="2.",
    )
    h("Kernpunten")
    pen.para(
        "De hightech maakindustrie is geconcentreerd in Brainport-Eindhoven, Twente, "
        "Arnhem/Nijmegen en Delft, en groeit sinds 2015 gemiddeld twee keer zo snel als de "
        "rest van de economie.",
        bullet="-",
    )
    pen.para(
        "Het kabinet reserveert in de periode 2023–2030 in totaal € 1,6 miljard voor het "
        "programma Brainport-Eindhoven, waarvan € 450 miljoen voor talent en onderwijs.",
        bullet="-",
    )
    pen.para(
        "Bedrijven als ASM-International en VDL geven aan dat het tekort aan technici en "
        "de netcongestie de belangrijkste groeibelemmeringen zijn.",
        bullet="-",
    )
    pen.para(
        "Met IenW wordt afgesproken dat de bereikbaarheid van de regio (A2/N2 en spoor "
        "Eindhoven–Venlo) in het BO MIRT van november 2023 wordt geagendeerd.",
        bullet="-",
    )
    h("Toelichting")
    toelichting_page = len(pen.pages)
    pen.para(
        "De brief beschrijft vier sporen: (1) talent en technisch onderwijs, samen met de "
        "Minister van OCW en MOCW; (2) woningbouw en ruimte, samen met VRO, met het oog op "
        "circa 72.000 extra woningen in de regio Eindhoven tot 2030; (3) bereikbaarheid en "
        "energie-infrastructuur, samen met IenW en de netbeheerders; en (4) "
        "kennisontwikkeling, met TNO en de technische universiteiten in Delft, Eindhoven en "
        "Twente."
    )
    pen.para(
        "Naast Brainport-Eindhoven krijgen ook Twente, Arnhem/Nijmegen, Delft en Almere "
        "een rol als ‘satellietregio’. Hiervoor is in de Voorjaarsnota 2023 een bedrag van "
        "€ 120 miljoen gereserveerd. De verdeling volgt na overleg met de regio’s in het "
        "najaar."
    )
    h("Krachtenveld")
    krachtenveld_page = len(pen.pages)
    pen.para(
        "De provincies Noord-Brabant en Overijssel en de gemeente Eindhoven steunen de "
        "aanpak. Brancheorganisatie FME en de bedrijven ASM-International en ASML hebben "
        "bij de voorbereiding hun inbreng gegeven. De Kamer vraagt in de motie-Amhaouch "
        "(Kamerstuk 29 826, nr. 171) om een integrale aanpak; de brief komt hieraan "
        "tegemoet."
    )
    h("Financiële en juridische gevolgen")
    pen.para(
        "De maatregelen worden gedekt binnen de begroting van EZK (hoofdstuk XIII) en de "
        "reeds toegekende middelen uit het Nationaal Groeifonds. Er is geen aanvullend "
        "beslag op de algemene middelen. Er zijn geen juridische gevolgen."
    )
    h("Communicatie")
    pen.para(
        "De brief wordt na verzending gepubliceerd op rijksoverheid.nl. Vragen van de pers "
        "lopen via de directie Communicatie; algemene vragen van burgers en bedrijven "
        "kunnen naar info@minezk.nl."
    )
    h("Contact")
    pen.para(
        "Voor inhoudelijke vragen over deze nota kunt u contact opnemen met Van der Linden "
        "(m.vanderlinden@minezk.nl, 06-41827395)."
    )

    ex.r("Van der Linden", "PERSON")
    ex.r("m.vanderlinden@minezk.nl", "EMAIL")
    ex.r("06-41827395", "PHONE")
    ex.k(
        "Minister van OCW",
        "OCW",
        "IenW",
        "MOCW",
        "VRO",
        "Brainport-Eindhoven",
        "Twente",
        "Arnhem/Nijmegen",
        "Delft",
        "Almere",
        "ASM-International",
        "ASML",
        "€ 1,6 miljard",
        "€ 450 miljoen",
        "€ 120 miljoen",
        "20 april 2023",
        "9 juni 2023",
        "motie-Amhaouch",
        "Kamerstuk 29 826, nr. 171",
        "info@minezk.nl",
        "Tweede Kamer",
        "TNO",
    )

    footer(doc, "DGBI / 27293059")

    # Sticky note mentioning the author; the annotation's own author field is a name too.
    annot = doc[0].add_text_annot(
        (48, note_y + 2),
        "Svp cijfers Groeifonds nog even laten checken door Van der Linden voor verzending. PJ",
    )
    annot.set_info(
        title="P.W. Jansen", creationDate=PDF_DATE, modDate=PDF_DATE, subject="Opmerking"
    )
    annot.set_name("Comment")
    annot.update()
    ex.r("Van der Linden", "PERSON", "annotation")
    ex.r("PJ", "PERSON", "annotation")
    ex.r("P.W. Jansen", "PERSON", "annotation")

    doc.set_toc(
        [
            [1, "Nota Aanbieding Kamerbrief hightech maakindustrie", 1],
            [2, "Toelichting", toelichting_page],
            [2, "Krachtenveld", krachtenveld_page],
        ]
    )
    finish(
        doc,
        path,
        title="Nota Aanbieding Kamerbrief hightech maakindustrie",
        author="Marieke van der Linden",
        subject="DGBI / 27293059",
    )
    ex.r("Marieke van der Linden", "PERSON", "metadata")
    ex.notes += [
        "The letterhead address (Bezuidenhoutseweg 73, Postbus 20401, 2500 EK Den Haag) is the "
        "ministry's, not a home address: keep it although it has a postcode.",
        "`PJ` and `KB` are two-letter initials in the parafenroute; redact them there (and `PJ` "
        "in the sticky note), nowhere else do they occur.",
        "`motie-Amhaouch` names a Kamerlid in role (public office holder): keep.",
        "Metadata author, the sticky note's content and its author (`/T`) field all hold names.",
    ]
    return ex


# --------------------------------------------------------------------------------------------
# 2. E-mail thread
# --------------------------------------------------------------------------------------------


def make_email(path: Path) -> Expect:
    """An Outlook-style thread of three messages printed to PDF."""
    ex = Expect()
    doc = pymupdf.open()
    pen = Pen(doc, font="helv", size=9.5, top=56, leading=1.3)
    pen.new_page()
    pen.line("Jansen-Bakker, Sanne", bold=True, size=12)
    pen.rule(1.2)
    pen.gap(4)

    def header(van: str, verzonden: str, aan: str, cc: str, onderwerp: str) -> None:
        for label, value in [
            ("Van:", van),
            ("Verzonden:", verzonden),
            ("Aan:", aan),
            ("CC:", cc),
            ("Onderwerp:", onderwerp),
        ]:
            if value:
                pen.field(label, value, label_w=70)
        pen.gap(10)

    subject = "Subsidieaanvraag Slimme en Duurzame Mobiliteit Utrecht"
    header(
        "Sanne Jansen-Bakker <s.jansen-bakker@minezk.nl>",
        "donderdag 16 maart 2023 11:05",
        "Mark de Vries <mark.devries@rws.nl>",
        "Thomas Verhoeven <t.verhoeven@minezk.nl>; Lotte Brouwer <l.brouwer@stadkracht.nl>",
        f"RE: {subject}",
    )
    pen.para("Hoi Mark,", after=8)
    pen.para(
        "Dank voor je snelle reactie. Ik heb het punt over de cofinanciering besproken met "
        "Thomas: wij kunnen akkoord gaan met een rijksbijdrage van € 2,4 miljoen, mits de "
        "gemeente Utrecht de planning voor de Merwedekanaalzone vóór 1 mei 2023 aanlevert."
    )
    pen.para(
        "Minister Adriaansens wil het project noemen tijdens haar werkbezoek aan Utrecht op "
        "24 april 2023. Wil jij bij Rijkswaterstaat nagaan of het tracébesluit voor de "
        "aansluiting op de A12 dan rond is?",
        after=8,
    )
    for ln in [
        "Met vriendelijke groet,",
        "",
        "Sanne Jansen-Bakker",
        "Beleidsmedewerker",
        "Directie Regionale Economie",
        "Ministerie van Economische Zaken en Klimaat",
        "T 06 2418 3579",
    ]:
        pen.line(ln)
    pen.gap(14)

    pen.line("-----Oorspronkelijk bericht-----")
    header(
        "Mark de Vries <mark.devries@rws.nl>",
        "woensdag 15 maart 2023 16:32",
        "Sanne Jansen-Bakker <s.jansen-bakker@minezk.nl>",
        "Lotte Brouwer <l.brouwer@stadkracht.nl>; secretariaat@rws.nl",
        f"RE: {subject}",
    )
    pen.para("Beste Sanne,", after=8)
    pen.para(
        "Rijkswaterstaat ziet geen bezwaren tegen de aanvraag. Wethouder Van Dijk van de "
        "gemeente Utrecht heeft ons gisteren laten weten dat de gemeenteraad op 30 maart "
        "2023 over de cofinanciering besluit. Lotte Brouwer heeft namens de gemeente de "
        "businesscase geactualiseerd; zie de bijlage."
    )
    pen.para("Ik ben donderdag alleen telefonisch bereikbaar, op het nummer hieronder.", after=8)
    for ln in [
        "Met vriendelijke groet,",
        "",
        "Mark de Vries",
        "Senior adviseur Mobiliteit",
        "Rijkswaterstaat Midden-Nederland",
        "M +31 6 43829175",
        "Algemeen nummer Rijkswaterstaat: 0800-8002",
    ]:
        pen.line(ln)
    pen.gap(14)

    pen.line("-----Oorspronkelijk bericht-----")
    header(
        "Thomas Verhoeven <t.verhoeven@minezk.nl>",
        "maandag 13 maart 2023 09:47",
        "Mark de Vries <mark.devries@rws.nl>",
        "Sanne Jansen-Bakker <s.jansen-bakker@minezk.nl>; Lotte Brouwer <l.brouwer@stadkracht.nl>",
        subject,
    )
    pen.para("Hoi Mark,", after=8)
    pen.para(
        "Zoals besproken stuur ik je hierbij de aanvraag van de gemeente Utrecht in het "
        "kader van de Regio Deal Utrecht. Lotte Brouwer van Stadkracht Advies heeft de "
        "businesscase namens de gemeente opgesteld. De totale projectkosten bedragen "
        "€ 7,9 miljoen; de gevraagde rijksbijdrage is € 2,4 miljoen."
    )
    pen.para(
        "Kun jij bij Rijkswaterstaat nagaan of het project past binnen het MIRT-programma? "
        "Algemene vragen over de regeling kunnen ook naar regiodeals@minezk.nl.",
        after=8,
    )
    for ln in [
        "Groet,",
        "Thomas",
        "",
        "Thomas Verhoeven",
        "Coördinator Regio Deals",
        "Ministerie van Economische Zaken en Klimaat",
        "T 070-3794512",
    ]:
        pen.line(ln)

    footer(doc, "")
    finish(doc, path, title=f"RE: {subject}", author="Jansen-Bakker, Sanne")

    for text, kind in [
        ("Jansen-Bakker, Sanne", "PERSON"),
        ("Sanne Jansen-Bakker", "PERSON"),
        ("s.jansen-bakker@minezk.nl", "EMAIL"),
        ("Mark de Vries", "PERSON"),
        ("mark.devries@rws.nl", "EMAIL"),
        ("Thomas Verhoeven", "PERSON"),
        ("t.verhoeven@minezk.nl", "EMAIL"),
        ("Lotte Brouwer", "PERSON"),
        ("l.brouwer@stadkracht.nl", "EMAIL"),
        ("Mark", "PERSON"),
        ("Sanne", "PERSON"),
        ("Thomas", "PERSON"),
        ("06 2418 3579", "PHONE"),
        ("+31 6 43829175", "PHONE"),
        ("070-3794512", "PHONE"),
    ]:
        ex.r(text, kind)
    ex.r("Jansen-Bakker, Sanne", "PERSON", "metadata")
    ex.k(
        "Minister Adriaansens",
        "Wethouder Van Dijk",
        "gemeente Utrecht",
        "Rijkswaterstaat",
        "Rijkswaterstaat Midden-Nederland",
        "Stadkracht Advies",
        "Ministerie van Economische Zaken en Klimaat",
        "Merwedekanaalzone",
        "A12",
        "€ 2,4 miljoen",
        "€ 7,9 miljoen",
        "1 mei 2023",
        "24 april 2023",
        "30 maart 2023",
        "donderdag 16 maart 2023 11:05",
        "secretariaat@rws.nl",
        "regiodeals@minezk.nl",
        "0800-8002",
        "Regio Deal Utrecht",
        "Beleidsmedewerker",
        "Senior adviseur Mobiliteit",
    )
    ex.notes += [
        "Outlook prints the mailbox owner as `Jansen-Bakker, Sanne` (surname first) at the top.",
        "First names alone (`Hoi Mark,`, `Beste Sanne,`, `Thomas`) must be redacted as well.",
        "Lotte Brouwer is the one external person (consultant at Stadkracht Advies): redact her, "
        "keep the company name.",
        "`regiodeals@minezk.nl` and `secretariaat@rws.nl` are functional mailboxes and "
        "`0800-8002` is the Rijkswaterstaat switchboard: keep.",
        "`Wethouder Van Dijk` and `Minister Adriaansens` are office holders in role: keep.",
        "Three phone formats: `06 2418 3579`, `+31 6 43829175`, `070-3794512`.",
    ]
    return ex


# --------------------------------------------------------------------------------------------
# 3. Citizen's letter
# --------------------------------------------------------------------------------------------


def make_brief(path: Path) -> Expect:
    """A citizen's objection (bezwaarschrift) against a parking fine."""
    ex = Expect()
    doc = pymupdf.open()
    pen = Pen(doc, font="tiro", size=11.0, top=64, leading=1.3)
    pen.new_page()
    for ln in [
        "Renée Kuipers-Dijkstra",
        "Populierenlaan 42",
        "1318 AB Almere",
        "T 06-48239157",
        "E renee.kuipers@ziggo.nl",
    ]:
        pen.line(ln)
    pen.gap(24)
    for ln in [
        "Aan het college van burgemeester en wethouders van de gemeente Almere",
        "t.a.v. team Bezwaar en Beroep",
        "Postbus 200",
        "1300 AE Almere",
    ]:
        pen.line(ln)
    pen.gap(20)
    pen.line("Almere, 2 oktober 2023")
    pen.gap(10)
    pen.field("Betreft:", "bezwaar tegen naheffingsaanslag parkeerbelasting", label_w=80)
    pen.field("Uw kenmerk:", KENMERK, label_w=80)
    pen.gap(14)
    pen.para("Geachte heer, mevrouw,", after=8)
    pen.para(
        "Hierbij maak ik bezwaar tegen de naheffingsaanslag parkeerbelasting met kenmerk "
        f"{KENMERK} van 21 augustus 2023 voor de auto met kenteken 52-GJZ-9.",
        after=8,
    )
    pen.para(
        "Op 18 augustus 2023 stond de auto tussen 14.10 en 15.30 uur geparkeerd aan het "
        "Stadhuisplein. De parkeerautomaat, die wordt beheerd door ParkeerService Flevoland "
        f"B.V. (KvK-nummer {KVK}), was op dat moment defect; een foto daarvan stuur ik mee. "
        "Betalen via de app was evenmin mogelijk.",
        after=8,
    )
    pen.para(
        "De auto werd op die dag bestuurd door mijn partner, Dennis Kuipers "
        "(geboortedatum: 03-11-1985). Hij heeft direct na terugkomst de klantenservice van "
        "de gemeente gebeld.",
        after=8,
    )
    pen.para(
        "Voor de volledigheid vermeld ik mijn gegevens: R. Kuipers-Dijkstra, geboren op "
        f"14 maart 1978, BSN: {BSN}. Ik verzoek u het reeds betaalde bedrag van € 72,40 "
        f"terug te storten op rekeningnummer {IBAN} ten name van R. Kuipers-Dijkstra.",
        after=8,
    )
    pen.para(
        "Ik ben telefonisch bereikbaar op 06-48239157 of per e-mail via "
        "renee.kuipers@ziggo.nl. Graag ontvang ik binnen zes weken uw beslissing op dit "
        "bezwaar, zoals bedoeld in artikel 7:10 van de Algemene wet bestuursrecht.",
        after=16,
    )
    pen.line("Met vriendelijke groet,")
    pen.gap(4)
    # A hand-drawn signature (vector strokes, no text).
    assert pen.page is not None
    sx, sy = pen.left + 4, pen.y + 22
    shape = pen.page.new_shape()
    shape.draw_bezier((sx, sy), (sx + 10, sy - 30), (sx + 22, sy + 12), (sx + 34, sy - 8))
    shape.draw_bezier((sx + 34, sy - 8), (sx + 46, sy - 26), (sx + 52, sy + 8), (sx + 70, sy - 4))
    shape.draw_bezier((sx + 70, sy - 4), (sx + 84, sy - 14), (sx + 96, sy + 2), (sx + 120, sy - 6))
    shape.finish(color=(0.05, 0.1, 0.45), width=1.1, closePath=False)
    shape.commit()
    pen.gap(32)
    pen.line("Renée Kuipers-Dijkstra")
    pen.gap(16)
    pen.line("Bijlage: foto van de defecte parkeerautomaat", size=9.5)

    footer(doc, "", font="tiro")
    finish(doc, path, title="Bezwaar naheffingsaanslag", author="Renée Kuipers")

    for text, kind in [
        ("Renée Kuipers-Dijkstra", "PERSON"),
        ("R. Kuipers-Dijkstra", "PERSON"),
        ("Dennis Kuipers", "PERSON"),
        ("Populierenlaan 42", "ADDRESS"),
        ("1318 AB", "POSTCODE"),
        ("06-48239157", "PHONE"),
        ("renee.kuipers@ziggo.nl", "EMAIL"),
        ("03-11-1985", "BIRTHDATE"),
        ("14 maart 1978", "BIRTHDATE"),
        (BSN, "BSN"),
        (IBAN, "IBAN"),
        ("52-GJZ-9", "PLATE"),
    ]:
        ex.r(text, kind)
    ex.r("Renée Kuipers", "PERSON", "metadata")
    ex.k(
        "gemeente Almere",
        "Postbus 200",
        "1300 AE Almere",
        "2 oktober 2023",
        "21 augustus 2023",
        "18 augustus 2023",
        KENMERK,
        KVK,
        "ParkeerService Flevoland B.V.",
        "Stadhuisplein",
        "€ 72,40",
        "artikel 7:10 van de Algemene wet bestuursrecht",
        "team Bezwaar en Beroep",
    )
    ex.notes += [
        f"BSN `{BSN}` passes the 11-proef; IBAN `{IBAN}` passes mod-97 (and the old bank "
        "11-proef on the account number).",
        f"Kenmerk `{KENMERK}` is 9 digits but fails the 11-proef: keep. KvK `{KVK}` is 8 digits: "
        "keep.",
        "`1300 AE Almere` with `Postbus 200` is the municipality's address: keep. The sender's "
        "`1318 AB` is a home postcode: redact.",
        "`52-GJZ-9` is sidecode 7 (99-XXX-9).",
        "The handwritten signature under `Met vriendelijke groet,` is vector strokes, not text: "
        "it must be redacted by region (not listed in expected.json).",
        "The municipality name `Almere` after the home postcode is a place and may stay.",
    ]
    return ex


# --------------------------------------------------------------------------------------------
# 4. Meeting minutes
# --------------------------------------------------------------------------------------------


def make_verslag(path: Path) -> Expect:
    """Minutes of an administrative meeting with attendee table, actions and a chat annex."""
    ex = Expect()
    doc = pymupdf.open()
    pen = Pen(doc, font="helv", size=10.0, top=64)
    pen.new_page()
    pen.line("Verslag bestuurlijk overleg Regio Deal Flevoland", bold=True, size=14)
    pen.gap(6)
    pen.field("Datum", "vrijdag 21 april 2023, 10.00–11.30 uur", label_w=90)
    pen.field("Locatie", "Stadhuis Almere, Stadhuisplein 1, Almere", label_w=90)
    pen.field("Kenmerk", "RDF/2023/0417", label_w=90)
    pen.gap(10)
    pen.line("Aanwezig:", bold=True)
    pen.gap(2)
    pen.table(
        ["Naam", "Organisatie", "Rol"],
        [
            ["wethouder P. de Graaf", "gemeente Almere", "voorzitter"],
            ["S. Jansen-Bakker", "Ministerie van EZK", "beleidsmedewerker"],
            ["E. Yilmaz", "Ministerie van EZK", "projectleider Regio Deals"],
            ["F. Hoekstra", "provincie Flevoland", "programmamanager"],
            ["D. Bosman", "gemeente Almere", "verslag"],
        ],
        [170, 150, 131],
    )
    pen.para("Afwezig met bericht: M. de Vries (Rijkswaterstaat).", after=10)

    def item(title: str, *paras: str) -> None:
        pen.ensure(50)
        pen.line(title, bold=True)
        pen.gap(2)
        for p in paras:
            pen.para(p)
        pen.gap(2)

    item(
        "1. Opening en vaststelling agenda",
        "Wethouder De Graaf opent het overleg en heet de aanwezigen welkom. De agenda wordt "
        "ongewijzigd vastgesteld.",
    )
    item(
        "2. Verslag overleg 9 februari 2023",
        "Het verslag wordt zonder wijzigingen vastgesteld. De actie van Hoekstra over de "
        "cofinanciering door de provincie is afgerond.",
    )
    item(
        "3. Voortgang Regio Deal",
        "Yilmaz licht de voortgang toe. Van de rijksbijdrage van € 20 miljoen is € 7,5 miljoen "
        "beschikt. De projecten op het voormalige Floriade-terrein en in Almere Pampus liggen op "
        "schema; voor het project Lelystad Airport Businesspark is vertraging ontstaan door de "
        "stikstofproblematiek.",
        "Jansen-Bakker meldt dat minister Adriaansens in het najaar een werkbezoek aan "
        "Flevoland wil brengen.",
    )
    item(
        "4. Woningbouw en bereikbaarheid",
        "Hoekstra presenteert de planning voor de woningbouw in Almere Pampus (ca. 25.000 "
        "woningen tot 2040). De wethouder benadrukt het belang van de IJmeerverbinding; het "
        "Rijk heeft hierover nog geen besluit genomen.",
    )
    item(
        "5. Rondvraag en sluiting",
        "Er zijn geen vragen. De voorzitter sluit het overleg om 11.25 uur. Het volgende "
        "overleg is op 23 juni 2023.",
    )

    pen.new_page()
    pen.line("Actielijst", bold=True, size=11)
    pen.gap(2)
    for a in [
        "Actie: Yilmaz – stuurt de geactualiseerde planning vóór 12 mei 2023 aan de "
        "provincie Flevoland.",
        "Actie: Hoekstra – bereidt een notitie voor over de IJmeerverbinding voor het "
        "overleg van 23 juni 2023.",
        "Actie: wethouder De Graaf – agendeert de cofinanciering in het college van 16 mei 2023.",
        "Actie: Bosman – verspreidt dit verslag onder de aanwezigen via secretariaat@almere.nl.",
    ]:
        pen.para(a, bullet="-", after=4)

    pen.gap(24)
    pen.line("Bijlage – doorgestuurd WhatsApp-bericht (ter informatie)", bold=True, size=11)
    pen.gap(6)
    for ln in [
        "[20-04-2023 18:22] Femke Hoekstra: Emre, kun jij morgen de cijfers van de "
        "beschikkingen meenemen?",
        "[20-04-2023 18:24] Femke Hoekstra: Mijn nummer is 06-51928374 als er nog iets is.",
        "[20-04-2023 18:31] Emre Yilmaz: Doe ik Femke, tot morgen in Almere!",
        "[20-04-2023 18:32] Emre Yilmaz: De wethouder weet ervan.",
    ]:
        pen.para(ln, font="cour", size=9, after=3)

    footer(doc, "Verslag bestuurlijk overleg Regio Deal Flevoland, 21 april 2023")
    finish(
        doc,
        path,
        title="Verslag bestuurlijk overleg Regio Deal Flevoland 21-04-2023",
        author="D. Bosman",
    )

    for text, kind in [
        ("S. Jansen-Bakker", "PERSON"),
        ("E. Yilmaz", "PERSON"),
        ("F. Hoekstra", "PERSON"),
        ("D. Bosman", "PERSON"),
        ("M. de Vries", "PERSON"),
        ("Hoekstra", "PERSON"),
        ("Yilmaz", "PERSON"),
        ("Jansen-Bakker", "PERSON"),
        ("Bosman", "PERSON"),
        ("Femke Hoekstra", "PERSON"),
        ("Emre Yilmaz", "PERSON"),
        ("Emre", "PERSON"),
        ("Femke", "PERSON"),
        ("06-51928374", "PHONE"),
    ]:
        ex.r(text, kind)
    ex.r("D. Bosman", "PERSON", "metadata")
    ex.k(
        "wethouder P. de Graaf",
        "Wethouder De Graaf",
        "wethouder De Graaf",
        "minister Adriaansens",
        "gemeente Almere",
        "Ministerie van EZK",
        "provincie Flevoland",
        "Rijkswaterstaat",
        "Stadhuis Almere, Stadhuisplein 1",
        "RDF/2023/0417",
        "21 april 2023",
        "9 februari 2023",
        "12 mei 2023",
        "23 juni 2023",
        "16 mei 2023",
        "€ 20 miljoen",
        "€ 7,5 miljoen",
        "Almere Pampus",
        "Floriade-terrein",
        "Lelystad Airport Businesspark",
        "IJmeerverbinding",
        "secretariaat@almere.nl",
        "20-04-2023 18:22",
    )
    ex.notes += [
        "The attendee list is a ruled table (Naam | Organisatie | Rol); the wethouder's row "
        "stays, the civil servants' names go, their organisations and roles stay.",
        "`Stadhuisplein 1` is the town hall address: keep.",
        "Action items use bare surnames (`Actie: Yilmaz`); `Actie: wethouder De Graaf` keeps "
        "the name because of the role.",
        "Page 2 is a chat annex in a monospaced font with first-name-only mentions.",
        "`S. Jansen-Bakker` and `M. de Vries` are the same people as in the e-mail thread.",
    ]
    return ex


# --------------------------------------------------------------------------------------------
# 5. WhatsApp export
# --------------------------------------------------------------------------------------------


def make_chat(path: Path) -> Expect:
    """A WhatsApp group chat exported to text and printed to PDF."""
    ex = Expect()
    doc = pymupdf.open()
    pen = Pen(doc, font="cour", size=9.0, top=56, leading=1.4, left=56, right=A4_W - 56)
    pen.new_page()
    pen.line("WhatsApp-chat met Regio Deal Utrecht", bold=True, size=11)
    pen.line("Geëxporteerd op 14-03-2023", size=8)
    pen.gap(8)
    # Lines are pre-wrapped the way a text export printed at 80 columns breaks them, so that
    # "Jeroen van / Oosterhout" is split over two lines.
    lines = [
        "[12-03-2023 09:12] Regio Deal Utrecht: Berichten en oproepen zijn end-to-end",
        "versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren.",
        '[12-03-2023 09:12] Sanne Jansen heeft de groep "Regio Deal Utrecht" aangemaakt',
        "[12-03-2023 09:14] Sanne Jansen: Hoi Mark, heb je de aanvraag van de gemeente Utrecht",
        "al gezien?",
        "[12-03-2023 09:17] Mark de Vries: Ja, net binnen. Thomas stuurt morgen de officiële",
        "versie.",
        "[12-03-2023 09:18] Mark de Vries: Lotte heeft de businesscase aangepast, € 2,4",
        "miljoen is nu het gevraagde bedrag.",
        "[12-03-2023 09:21] Sanne Jansen: Top. Bel me even op 06-24183579 als je in de auto",
        "zit, dan lopen we het door.",
        "[12-03-2023 09:38] Sanne Jansen heeft +31 6 28491736 toegevoegd",
        "[12-03-2023 09:40] +31 6 28491736: Goedemorgen, ik ben Jeroen van",
        "Oosterhout, projectleider bij de gemeente Utrecht. Dank voor het toevoegen.",
        "[12-03-2023 09:42] Sanne Jansen: Welkom Jeroen! Minister Adriaansens wil het project",
        "noemen tijdens het werkbezoek op 24 april.",
        "[12-03-2023 09:45] Mark de Vries: <Media weggelaten>",
        "[12-03-2023 09:45] Mark de Vries: Dit is de planning van Rijkswaterstaat voor de A12.",
        "[13-03-2023 08:05] +31 6 28491736: Wethouder Van Dijk heeft gisteren ingestemd met de",
        "cofinanciering. Raadsvoorstel volgt op 30 maart.",
        "[13-03-2023 08:07] Mark de Vries: Mooi! Hoi Jeroen, welkom ook van mijn kant.",
        "[13-03-2023 17:30] Sanne Jansen: Ik ben morgen vrij. Vragen kunnen naar",
        "regiodeals@minezk.nl of naar Thomas.",
        "[13-03-2023 17:31] Mark de Vries: Prima, fijne dag morgen Sanne!",
        "[14-03-2023 10:02] Sanne Jansen: Dank allen, ik zet dit in de mail aan RWS.",
    ]
    for i, ln in enumerate(lines):
        pen.line(ln)
        if i + 1 < len(lines) and lines[i + 1].startswith("["):
            pen.gap(2)  # a little air between messages, none inside a wrapped message
    footer(doc, "", font="cour")
    finish(doc, path, title="WhatsApp-chat met Regio Deal Utrecht")

    for text, kind in [
        ("Sanne Jansen", "PERSON"),
        ("Mark de Vries", "PERSON"),
        ("Jeroen van Oosterhout", "PERSON"),
        ("Mark", "PERSON"),
        ("Sanne", "PERSON"),
        ("Thomas", "PERSON"),
        ("Lotte", "PERSON"),
        ("Jeroen", "PERSON"),
        ("06-24183579", "PHONE"),
        ("+31 6 28491736", "PHONE"),
    ]:
        ex.r(text, kind)
    ex.k(
        "Regio Deal Utrecht",
        "gemeente Utrecht",
        "Minister Adriaansens",
        "Wethouder Van Dijk",
        "Rijkswaterstaat",
        "regiodeals@minezk.nl",
        "€ 2,4 miljoen",
        "A12",
        "12-03-2023 09:14",
        "14-03-2023",
        "24 april",
        "30 maart",
    )
    ex.notes += [
        "`Jeroen van` / `Oosterhout` is split over two lines: the whole name must be redacted "
        "(the JSON gives it with a single space).",
        "`06-24183579` is the same number as `06 2418 3579` in the e-mail thread (Sanne).",
        "The unknown participant appears only as `+31 6 28491736` (sender column): redact.",
        "`€ 2,4` / `miljoen` is split over two lines too (an amount, kept).",
        "Chat timestamps are dates but not birth dates: keep.",
    ]
    return ex


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------

SAMPLES: dict[str, Callable[[Path], Expect]] = {
    "nota_hightech_maakindustrie.pdf": make_nota,
    "email_thread_subsidie.pdf": make_email,
    "brief_burger_bezwaar.pdf": make_brief,
    "verslag_overleg.pdf": make_verslag,
    "chat_export_whatsapp.pdf": make_chat,
}


def _norm(text: str) -> str:
    """Collapse all whitespace (line breaks included) to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def verify(path: Path, ex: Expect) -> None:
    """Re-open ``path`` and check every expected string is where the ground truth says."""
    with pymupdf.open(path) as doc:
        body = _norm(" ".join(page.get_text() for page in doc))
        meta = " ".join(v for v in doc.metadata.values() if isinstance(v, str))
        annots = " ".join(
            " ".join([a.info.get("content", ""), a.info.get("title", "")])
            for page in doc
            for a in page.annots()
        )
        assert 1 <= doc.page_count <= 3, f"{path.name}: {doc.page_count} pages"
    where_text = {"text": body, "metadata": meta, "annotation": annots}
    for text, kind, where in ex.redact:
        assert _norm(text) in where_text[where], f"{path.name}: {kind} {text!r} not in {where}"
    for text in ex.keep:
        assert _norm(text) in body, f"{path.name}: keep {text!r} not in text"
        for red, _, _ in ex.redact:
            clash = re.search(rf"\b{re.escape(red)}\b", text)
            assert not clash, f"{path.name}: keep {text!r} contains redact {red!r}"
    size = path.stat().st_size
    assert size < 50_000, f"{path.name}: {size} bytes"


def to_json(expect: dict[str, Expect]) -> dict[str, dict[str, list]]:
    """The machine-readable ground truth (``where`` only when not page text)."""
    out: dict[str, dict[str, list]] = {}
    for name, ex in expect.items():
        redact = []
        for text, kind, where in ex.redact:
            entry = {"text": text, "type": kind}
            if where != "text":
                entry["where"] = where
            redact.append(entry)
        out[name] = {"redact": redact, "keep": list(ex.keep)}
    return out


def to_markdown(expect: dict[str, Expect]) -> str:
    """The human-readable ground truth."""
    md = [
        "# Expected redactions for the synthetic samples",
        "",
        "Generated by `make_samples.py` together with the PDFs and `expected.json`; do not edit "
        "by hand (change the script and re-run it). All people and numbers are fictitious.",
        "",
        "- **Redact**: every occurrence of the string must be unreadable after redaction "
        "(matching is whitespace-insensitive: a name broken over two lines counts). `Where` is "
        "`text` (page text), `metadata` (document info) or `annotation` (sticky note content "
        "or its author field).",
        "- **Keep**: the string must still be readable in the page text after redaction.",
        "- A short redact string (a first name like `Mark`) means every standalone mention of "
        "that name; it does not ask to redact it inside unrelated words.",
        "",
    ]
    for name, ex in expect.items():
        md += [f"## `{name}`", "", "### Redact", "", "| Text | Type | Where |", "|---|---|---|"]
        md += [f"| `{t}` | {k} | {w} |" for t, k, w in ex.redact]
        md += ["", "### Keep", "", "| Text |", "|---|"]
        md += [f"| `{t}` |" for t in ex.keep]
        if ex.notes:
            md += ["", "### Notes", ""]
            md += [f"- {n}" for n in ex.notes]
        md.append("")
    return "\n".join(md)


def main(argv: list[str] | None = None) -> None:
    """Build all samples, the ground-truth files, and verify them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="output directory (default: this script's folder)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    expect: dict[str, Expect] = {}
    for name, build in SAMPLES.items():
        path = out / name
        ex = build(path)
        verify(path, ex)
        expect[name] = ex
        print(f"wrote {path} ({path.stat().st_size} bytes)")

    (out / "expected.json").write_text(
        json.dumps(to_json(expect), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "EXPECTED.md").write_text(to_markdown(expect), encoding="utf-8")
    print(f"wrote {out / 'expected.json'} and {out / 'EXPECTED.md'}")


if __name__ == "__main__":
    main()
