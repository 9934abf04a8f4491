"""A seeded, realistic Woo document set of a given size, for the throughput benchmark.

    python bench/make_set.py --pages 2000 --out /tmp/set/in [--seed 14] [--scanned 0.01]

Mixed kinds, in about the shares of a ministry's Woo request: e-mail exports (threads with
Van/Verzonden/Aan/CC headers and signature blocks with mobile numbers, now and then a scanned
attachment page), notas with an author sidebar and a paraaf table, Kamerbrieven signed by a
minister with a civil servant under "Inlichtingen bij", minutes with a ruled attendee table and
"Actie:" lines, chat exports, citizens' letters (address, BSN, IBAN, birth date, licence plate),
application forms with a filled-in form field, long reports with tables and few names, and
scanned (image-only) letters. A cast of persons recurs over the set (a few often, most rarely),
as in a real request, so the set-wide consistency search has persons × pages to do.

Names come from the EVAL split of ``models/namelists`` only (``make_scans.Names``), never from the
lists the model or the runtime use, nor from any evaluation set. Everything is fictional;
BSNs and IBANs pass their checksums. ``--scanned`` is the share of pages that are image-only
(they need OCR, which costs seconds a page; 0 for a text-only set).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_scans import MAIL_DOMAINS, PLACES, STREETS, Names, scan  # noqa: E402

A4 = pymupdf.paper_rect("a4")
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
MONTHS = MONTHS.split()
ORGS = [
    "Rijkswaterstaat", "ProRail", "Staatsbosbeheer", "de provincie Gelderland",
    "de gemeente Zwolle",
    "Waterschap Vallei en Veluwe", "de Autoriteit Consument en Markt", "TenneT", "Alliander",
    "de RVO", "het CBS", "de Omgevingsdienst Noord-Holland Noord", "het RIVM", "Enexis",
    "de Veiligheidsregio Utrecht", "het COA", "de Belastingdienst", "het UWV", "de NVWA",
]  # fmt: skip
MINISTRIES = [
    "Economische Zaken en Klimaat", "Infrastructuur en Waterstaat",
    "Binnenlandse Zaken en Koninkrijksrelaties", "Volksgezondheid, Welzijn en Sport",
    "Landbouw, Natuur en Voedselkwaliteit",
]  # fmt: skip
FUNCTIONS = [
    "beleidsmedewerker", "senior beleidsadviseur", "projectleider", "juridisch adviseur",
    "afdelingshoofd", "programmamanager", "communicatieadviseur", "coördinator", "jurist",
]  # fmt: skip
TOPICS = [
    "de netcapaciteit in de regio", "de subsidieregeling verduurzaming", "de stikstofruimte",
    "de opvang van asielzoekers", "de aanleg van de rondweg", "het waterstofnetwerk",
    "de herinrichting van het stationsgebied", "de cyberweerbaarheid van gemeenten",
    "de schadeafhandeling na de storm", "de tegemoetkoming energiekosten",
]  # fmt: skip
SENTENCES = [
    "Het ministerie heeft het verzoek van {org} over {topic} ontvangen en beoordeeld.",
    "In het overleg van {date} is afgesproken dat {org} de planning voor {topic} aanpast.",
    "De regeling loopt tot en met {year} en het budget bedraagt EUR {amount} miljoen per jaar.",
    "De Tweede Kamer wordt voor de zomer geïnformeerd over de voortgang van {topic}.",
    "{org} en {org2} voeren de werkzaamheden in {place} gezamenlijk uit.",
    "Uit de evaluatie blijkt dat de doelen voor {topic} nog niet volledig worden gehaald.",
    "Wij stellen voor om de uitvoering van {topic} in twee fasen op te knippen.",
    "De kosten van de eerste fase worden geraamd op EUR {amount} miljoen, exclusief btw.",
    "Over de juridische houdbaarheid is advies gevraagd aan de landsadvocaat.",
    "Een besluit hierover wordt verwacht in het voorjaar van {year}.",
    "Bijgaand treft u de stukken aan die in het overleg van {date} zijn besproken.",
    "De risico's voor de planning zijn in de bijlage per onderdeel uitgewerkt.",
    "Het is niet uitgesloten dat de Kamer hierover schriftelijke vragen stelt.",
    "De gemeente {place} heeft aangegeven mee te willen werken aan een pilot.",
    "Graag bespreek ik met u of deze aanpak op steun kan rekenen.",
    "De consultatie heeft {count} reacties opgeleverd, waarvan de meeste van bedrijven.",
]  # fmt: skip
NAMED = [
    "Volgens {name} is de planning voor {topic} nog haalbaar.",
    "{name} heeft toegezegd de cijfers voor {date} aan te leveren.",
    "Na overleg met {name} is besloten de stukken nog niet te versturen.",
    "Ik heb {name} gevraagd om contact op te nemen met {org}.",
]  # fmt: skip
CHAT = [
    "Zie je de mail van {org} nog even?", "Ik bel je zo terug.", "Prima, dan doen we dat zo.",
    "Staat de nota al in de parafenroute?", "Heb je de cijfers van {topic} al binnen?",
    "Ik zit nog in overleg, kom zo.", "Goed idee, stuur maar door.", "Dank je!",
    "Kun jij {name} even bellen over {topic}?", "De minister wil het morgen bespreken.",
]  # fmt: skip


def bsn(rng: random.Random) -> str:
    """A nine-digit number that passes the 11-proef."""
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        rest = sum((9 - i) * x for i, x in enumerate(d)) % 11
        if rest < 10:
            return "".join(map(str, d + [rest]))


def iban(rng: random.Random) -> str:
    """A Dutch IBAN (mod 97), spaced in groups of four."""
    bank = rng.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "KNAB"])
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    digits = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(digits) % 97
    raw = f"NL{check:02d}{bank}{account}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def mobile(rng: random.Random) -> str:
    n = f"6{rng.randint(1, 5)}{rng.randint(1000000, 9999999)}"
    style = rng.random()
    if style < 0.4:
        return f"0{n[:1]}-{n[1:]}"
    if style < 0.7:
        return f"0{n[:1]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}"
    return f"+31 {n[:1]} {n[1:]}"


def landline(rng: random.Random) -> str:
    return f"070 {rng.randint(300, 899)} {rng.randint(1000, 9999)}"


def plate(rng: random.Random) -> str:
    letters = "BDFGHJKLNPRSTVXZ"
    two = "".join(rng.choice(letters) for _ in range(2))
    three = "".join(rng.choice(letters) for _ in range(3))
    return rng.choice([f"{rng.randint(10, 99)}-{three}-{rng.randint(1, 9)}",
                       f"{rng.randint(1, 9)}-{three}-{rng.randint(10, 99)}",
                       f"{two}-{rng.randint(100, 999)}-{rng.choice(letters)}"])  # fmt: skip


def postcode(rng: random.Random) -> str:
    letters = rng.choice("ABCEGHJKLMNPRTVWXZ") + rng.choice("ABEGHJKLNPRTVXZ")
    return f"{rng.randint(1000, 9999)} {letters}"


@dataclass
class Person:
    first: str
    surname: str  # with tussenvoegsels ("van der Berg")
    initials: str
    female: bool
    role: str  # civil | citizen | official
    function: str = ""
    org: str = ""
    mobile: str = ""
    email: str = ""

    @property
    def full(self) -> str:
        return f"{self.first} {self.surname}"

    @property
    def formal(self) -> str:
        return f"{'mevrouw' if self.female else 'de heer'} {self.initials} {self.surname}"

    @property
    def last(self) -> str:
        return self.surname[:1].upper() + self.surname[1:]

    @property
    def outlook(self) -> str:  # "Berg, A.B. van der (Anna)"
        parts = self.surname.split()
        tv = " ".join(parts[:-1])
        return f"{parts[-1]}, {self.initials}{' ' + tv if tv else ''} ({self.first})"


class Cast:
    """The persons of the set: a few recur often, most are mentioned once or twice."""

    def __init__(self, rng: random.Random, pages: int) -> None:
        self.rng = rng
        self.names = Names()
        self.used: set[str] = set()
        self.civil = [self._person("civil") for _ in range(max(12, pages // 8))]
        self.citizens = [self._person("citizen") for _ in range(max(12, pages // 6))]
        self.officials = [self._person("official") for _ in range(max(6, pages // 100))]

    def _person(self, role: str) -> Person:
        rng = self.rng
        while True:
            first, surname = self.names.given(rng), self.names.surname(rng)
            if surname not in self.used:
                break
        self.used.add(surname)
        initials = (
            first[0].upper()
            + "."
            + "".join(
                f"{rng.choice('ABCDEFGHJKLMNPRSTW')}." for _ in range(rng.choice([0, 0, 1, 2]))
            )
        )
        local = f"{first[0]}.{surname.replace(' ', '')}".lower()
        p = Person(first, surname, initials, rng.random() < 0.5, role)
        p.mobile = mobile(rng)
        if role == "civil":
            p.function, p.org = rng.choice(FUNCTIONS), f"ministerie van {rng.choice(MINISTRIES)}"
            p.email = f"{local}@minezk.nl"
        elif role == "citizen":
            p.email = f"{first.lower()}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
        else:
            p.function = rng.choice(["minister", "staatssecretaris", "burgemeester", "wethouder"])
        return p

    def pick(self, pool: list[Person], k: int = 1) -> list[Person]:
        """``k`` distinct persons, the first of the pool far more often than the last."""
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(pool))]
        out: list[Person] = []
        while len(out) < min(k, len(pool)):
            p = self.rng.choices(pool, weights)[0]
            if p not in out:
                out.append(p)
        return out


BOLD = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}
_FONTS: dict[str, pymupdf.Font] = {}
_ADVANCE: dict[tuple[str, str], float] = {}


def font(name: str) -> pymupdf.Font:
    if name not in _FONTS:
        _FONTS[name] = pymupdf.Font(name)
    return _FONTS[name]


def text_width(text: str, name: str, size: float) -> float:
    """Width in points (per-character advances cached: MuPDF's own measure is slow)."""
    total = 0.0
    for ch in text:
        adv = _ADVANCE.get((name, ch))
        if adv is None:
            adv = _ADVANCE[(name, ch)] = font(name).glyph_advance(ord(ch))
        total += adv
    return total * size


class Writer:
    """Lines and tables onto A4 pages, with page breaks.

    ``embedded``: text through a TextWriter (an embedded Type0 font with a ToUnicode map, as
    word processors write); otherwise MuPDF's simple base-14 fonts (WinAnsi, no embedding).
    """

    def __init__(self, font: str = "helv", size: float = 10.0, embedded: bool = True) -> None:
        self.doc = pymupdf.open()
        self.font, self.size, self.embedded = font, size, embedded
        self.left, self.right, self.top, self.bottom = 72.0, A4.width - 72.0, 72.0, A4.height - 60
        self.page: pymupdf.Page | None = None
        self.shape: pymupdf.Shape | None = None
        self.writer: pymupdf.TextWriter | None = None
        self.y = 0.0
        self.new_page()

    def flush(self) -> None:
        if self.page is None:
            return
        if self.writer is not None:
            self.writer.write_text(self.page)
        if self.shape is not None:
            self.shape.commit()
        self.writer = self.shape = None

    def new_page(self) -> None:
        self.flush()
        self.page = self.doc.new_page(width=A4.width, height=A4.height)
        self.shape = self.page.new_shape()
        self.writer = pymupdf.TextWriter(self.page.rect) if self.embedded else None
        self.y = self.top

    def finish(self) -> pymupdf.Document:
        self.flush()
        return self.doc

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def text(self, x: float, y: float, text: str, name: str, size: float) -> None:
        if not text:
            return
        if self.writer is not None:
            self.writer.append((x, y), text, font=font(name), fontsize=size)
        else:
            assert self.shape is not None
            self.shape.insert_text((x, y), text, fontname=name, fontsize=size)

    def line(self, text: str, x: float | None = None, size: float | None = None,
             font: str | None = None, gap: float = 1.35) -> None:  # fmt: skip
        size = size or self.size
        self.need(size * gap)
        self.y += size * gap
        self.text(x or self.left, self.y, text, font or self.font, size)

    def bold(self, text: str) -> None:
        self.line(text, font=BOLD[self.font])

    def para(self, text: str, x: float | None = None) -> None:
        x0 = x or self.left
        width = self.right - x0
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if text_width(trial, self.font, self.size) > width:
                self.line(line, x0)
                line = word
            else:
                line = trial
        if line:
            self.line(line, x0)
        self.y += self.size * 0.6

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A ruled table, one line per cell."""
        h = self.size * 1.8
        for r, row in enumerate([header, *rows]):
            self.need(h)
            assert self.shape is not None
            x = self.left
            for cell, w in zip(row, widths, strict=True):
                self.shape.draw_rect(pymupdf.Rect(x, self.y, x + w, self.y + h))
                name = BOLD[self.font] if r == 0 else self.font
                self.text(x + 3, self.y + h * 0.68, cell, name, self.size - 1)
                x += w
            self.shape.finish(width=0.5, color=(0, 0, 0))
            self.y += h
        self.y += self.size


class SetMaker:
    """One document of each kind at a time, all drawing from one cast."""

    def __init__(self, seed: int, pages: int, scanned: float) -> None:
        self.rng = random.Random(seed)
        self.cast = Cast(self.rng, pages)
        self.scanned_share = scanned
        self.scan_pages = 0  # image-only pages written so far (also those inside e-mails)

    # -- pieces ------------------------------------------------------------------------------

    def writer(self, font: str = "helv", size: float = 10.0) -> Writer:
        """Most documents come from a word processor (embedded fonts), some use base-14 fonts."""
        return Writer(font, size, embedded=self.rng.random() < 0.7)

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(2021, 2025)}"

    def sentence(self, named: float = 0.12) -> str:
        r = self.rng
        slots = dict(
            org=r.choice(ORGS), org2=r.choice(ORGS), topic=r.choice(TOPICS), date=self.date(),
            year=r.randint(2024, 2030), amount=f"{r.randint(1, 95)},{r.randint(0, 9)}",
            place=r.choice(PLACES), count=r.randint(20, 900),
        )  # fmt: skip
        if r.random() < named:
            p = self.cast.pick(self.cast.civil + self.cast.citizens)[0]
            slots["name"] = r.choice([p.full, p.formal, p.last if r.random() < 0.5 else p.full])
            return r.choice(NAMED).format(**slots)
        return r.choice(SENTENCES).format(**slots)

    def paragraph(self, n: int | None = None, named: float = 0.12) -> str:
        return " ".join(self.sentence(named) for _ in range(n or self.rng.randint(2, 6)))

    def signature(self, w: Writer, p: Person) -> None:
        w.line("Met vriendelijke groet,")
        w.y += 4
        w.line(p.full)
        w.line(p.function)
        w.line(p.org)
        w.line(f"M {p.mobile}")
        w.line(p.email)
        w.y += 8

    # -- kinds -------------------------------------------------------------------------------

    def email(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font=r.choice(["helv", "tiro"]))
        owner = self.cast.pick(self.cast.civil)[0]
        w.line(owner.full.upper(), size=12)
        w.y += 6
        for _ in range(r.randint(1, 5)):
            sender, to, cc = self.cast.pick(self.cast.civil, 3)
            w.line(f"Van:        {sender.outlook} <{sender.email}>")
            w.line(f"Verzonden:  {self.date()} {r.randint(8, 18):02d}:{r.randint(0, 59):02d}")
            w.line(f"Aan:        {to.outlook} <{to.email}>")
            w.line(f"CC:         {cc.full}; {r.choice(ORGS)}")
            w.line(f"Onderwerp:  RE: {r.choice(TOPICS)}")
            w.y += 8
            w.para(f"Beste {to.first},")
            for _ in range(r.randint(1, 4)):
                w.para(self.paragraph())
            self.signature(w, sender)
        doc = w.finish()
        if r.random() < 2 * self.scanned_share:
            self.scanned_page(doc)
        return doc

    def nota(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font=r.choice(["helv", "tiro"]))
        author, *copy = self.cast.pick(self.cast.civil, 3)
        side = A4.width - 170
        w.right = side - 20
        w.line("Nota", size=16)
        top = w.y
        w.y = top
        for text in ["Auteur", author.formal, f"T {landline(r)}", f"M {author.mobile}",
                     author.email, "", "Kopie aan", *(p.full for p in copy)]:  # fmt: skip
            w.line(text, x=side, size=8)
        w.y = top + 10
        w.line(f"Aan: de minister van {r.choice(MINISTRIES)}")
        w.line(f"Datum: {self.date()}")
        w.line(f"Onderwerp: {r.choice(TOPICS)}")
        w.y += 10
        for title in ("Aanleiding", "Geadviseerd besluit", "Kern", "Toelichting"):
            w.bold(title)
            for _ in range(r.randint(1, 4)):
                w.para(self.paragraph())
        w.right = A4.width - 72
        para = self.cast.pick(self.cast.civil, 3)
        w.table(["Parafenroute", "Naam", "Datum"],
                [[p.function, p.initials + " " + p.surname, self.date()] for p in para],
                [150, 200, 100])  # fmt: skip
        return w.finish()

    def kamerbrief(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font="tiro", size=10.5)
        ministry = r.choice(MINISTRIES)
        contact = self.cast.pick(self.cast.civil)[0]
        minister = self.cast.pick(self.cast.officials)[0]
        w.line(f"Ministerie van {ministry}", size=9)
        w.line("Postbus 20401, 2500 EK Den Haag", size=9)
        w.line("Inlichtingen bij", size=8)
        w.line(contact.formal, size=8)
        w.line(f"T {landline(r)}", size=8)
        w.line(contact.email, size=8)
        w.y += 12
        w.line("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")
        w.line(f"Datum {self.date()}")
        w.line(f"Betreft {r.choice(TOPICS)}")
        w.y += 10
        for _ in range(r.randint(4, 12)):
            w.para(self.paragraph(named=0.04))
        w.line(f"De {minister.function} van {ministry},")
        w.y += 20
        w.line(minister.full)
        return w.finish()

    def minutes(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer()
        present = self.cast.pick(self.cast.civil, r.randint(4, 9))
        w.line(f"Verslag overleg {r.choice(TOPICS)}", size=14)
        w.line(f"Datum: {self.date()}, {r.choice(PLACES)}")
        w.y += 6
        w.table(["Naam", "Organisatie", "Functie"],
                [[p.full, p.org.replace("ministerie van ", "Min. ")[:34], p.function]
                 for p in present], [150, 190, 110])  # fmt: skip
        for i in range(r.randint(3, 8)):
            w.bold(f"{i + 1}. {r.choice(TOPICS).capitalize()}")
            w.para(self.paragraph())
            if r.random() < 0.6:
                w.line(f"Actie: {r.choice(present).last}")
        w.table(["Nr", "Actie", "Wie", "Wanneer"],
                [[str(i + 1), r.choice(TOPICS)[:40], r.choice(present).last, self.date()]
                 for i in range(r.randint(2, 6))], [30, 250, 90, 80])  # fmt: skip
        return w.finish()

    def chat(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font="cour", size=9)
        a, b = self.cast.pick(self.cast.civil, 2)
        w.line(f"WhatsApp-chat met {b.full}", size=11)
        for _ in range(r.randint(30, 160)):
            who = r.choice([a, b])
            msg = r.choice(CHAT).format(
                org=r.choice(ORGS), topic=r.choice(TOPICS),
                name=self.cast.pick(self.cast.civil)[0].first,
            )  # fmt: skip
            stamp = f"[{r.randint(1, 28):02d}-{r.randint(1, 12):02d}-{r.randint(21, 25)} "
            w.line(f"{stamp}{r.randint(7, 22):02d}:{r.randint(0, 59):02d}] {who.first}: {msg}")
        return w.finish()

    def address_block(self, w: Writer, p: Person) -> None:
        r = self.rng
        w.line(p.full)
        w.line(f"{r.choice(STREETS)} {r.randint(1, 180)}")
        w.line(f"{postcode(r)}  {r.choice(PLACES).upper()}")

    def citizen_letter(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font=r.choice(["helv", "tiro", "cour"]))
        p = self.cast.pick(self.cast.citizens)[0]
        self.address_block(w, p)
        w.line(f"Telefoon: {p.mobile}")
        w.line(f"E-mail: {p.email}")
        w.y += 14
        w.line(f"Gemeente {r.choice(PLACES)}")
        w.line("Postbus 150")
        w.y += 14
        w.line(f"{r.choice(PLACES)}, {self.date()}")
        w.line(f"Betreft: bezwaar inzake {r.choice(TOPICS)}")
        w.y += 8
        w.para("Geachte heer, mevrouw,")
        born = f"{r.randint(1, 28):02d}-{r.randint(1, 12):02d}-{r.randint(1940, 2004)}"
        w.para(f"Mijn burgerservicenummer is {bsn(r)}. Ik ben geboren op {born}.")
        for _ in range(r.randint(2, 6)):
            w.para(self.paragraph(named=0.05))
        if r.random() < 0.5:
            w.para(f"Het gaat om mijn auto met kenteken {plate(r)}.")
        w.para(f"De vergoeding kunt u overmaken op {iban(r)} ten name van {p.initials} "
               f"{p.surname}.")  # fmt: skip
        w.line("Met vriendelijke groet,")
        w.y += 10
        w.line(p.full)
        return w.finish()

    def form(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer()
        p = self.cast.pick(self.cast.citizens)[0]
        w.line("Aanvraagformulier tegemoetkoming", size=14)
        w.y += 8
        rows = [
            ["Naam", ""], ["Adres", f"{r.choice(STREETS)} {r.randint(1, 99)}"],
            ["Postcode en plaats", f"{postcode(r)} {r.choice(PLACES)}"],
            ["Geboortedatum", f"{r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(1940, 2004)}"],
            ["BSN", bsn(r)], ["IBAN", iban(r)], ["Telefoon", p.mobile], ["E-mail", p.email],
        ]  # fmt: skip
        top = w.y
        w.table(["Gegevens aanvrager", ""], rows, [150, 300])
        field = pymupdf.Widget()
        field.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        field.field_name = "naam"
        field.field_value = p.full
        h = w.size * 1.8
        field.rect = pymupdf.Rect(w.left + 152, top + h + 2, w.left + 448, top + 2 * h - 2)
        assert w.page is not None
        w.page.add_widget(field)
        for _ in range(r.randint(1, 3)):
            w.para(self.paragraph(named=0.0))
        return w.finish()

    def report(self) -> pymupdf.Document:
        r = self.rng
        w = self.writer(font=r.choice(["helv", "tiro"]))
        w.line(f"Rapport: {r.choice(TOPICS)}", size=16)
        for chapter in range(r.randint(6, 20)):
            w.bold(f"{chapter + 1}. {r.choice(TOPICS).capitalize()}")
            for _ in range(r.randint(2, 7)):
                w.para(self.paragraph(named=0.03))
            if r.random() < 0.4:
                w.table(["Onderdeel", "Kosten (EUR mln)", "Jaar"],
                        [[r.choice(ORGS)[:30], f"{r.randint(1, 99)},{r.randint(0, 9)}",
                          str(r.randint(2024, 2030))] for _ in range(r.randint(3, 8))],
                        [220, 120, 80])  # fmt: skip
        return w.finish()

    def scanned_page(self, into: pymupdf.Document) -> None:
        """A citizen's letter as a grey, slightly skewed picture: a page with no text layer."""
        src = self.citizen_letter()
        page = src[0]
        png, _ = scan(page, 150, self.rng.uniform(-1.0, 1.0), False, self.rng.randint(0, 10**6))
        new = into.new_page(width=A4.width, height=A4.height)
        new.insert_image(new.rect, stream=png)
        src.close()
        self.scan_pages += 1

    def scanned(self) -> pymupdf.Document:
        doc = pymupdf.open()
        for _ in range(self.rng.choice([1, 1, 2])):
            self.scanned_page(doc)
        return doc

    KINDS = {  # kind: weight (documents)
        "email": 30, "nota": 12, "kamerbrief": 6, "minutes": 10, "chat": 6,
        "citizen_letter": 14, "form": 6, "report": 6,
    }  # fmt: skip

    def make(self, folder: Path, pages: int) -> dict[str, int]:
        """Documents into ``folder`` until they hold ``pages`` pages; counts per kind."""
        folder.mkdir(parents=True, exist_ok=True)
        kinds, weights = list(self.KINDS), list(self.KINDS.values())
        done, n, counts = 0, 0, {}
        while done < pages:
            share = self.scanned_share
            if self.scan_pages < share * pages and self.rng.random() < 4 * share:
                kind = "scanned"
            else:
                kind = self.rng.choices(kinds, weights)[0]
            doc = getattr(self, kind)()
            if done + doc.page_count > pages and doc.page_count > 1:  # trim the last one
                doc.delete_pages(from_page=max(1, pages - done), to_page=doc.page_count - 1)
            doc.set_metadata({"author": self.cast.pick(self.cast.civil)[0].full, "title": kind})
            doc.save(folder / f"{n:05d}_{kind}.pdf", garbage=3, deflate=True)
            done += doc.page_count
            counts[kind] = counts.get(kind, 0) + doc.page_count
            doc.close()
            n += 1
        counts["image-only pages"] = self.scan_pages
        return counts


def make_set(folder: Path, pages: int, seed: int = 14, scanned: float = 0.01) -> dict[str, int]:
    """Write the set into ``folder``; its pages per kind also go to ``folder``.json beside it."""
    counts = SetMaker(seed, pages, scanned).make(folder, pages)
    folder.with_suffix(".json").write_text(json.dumps(counts, indent=1), encoding="utf-8")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--scanned", type=float, default=0.01, help="share of image-only pages")
    args = ap.parse_args()
    counts = make_set(args.out, args.pages, args.seed, args.scanned)
    counts = dict(counts)
    scans = counts.pop("image-only pages")
    print(f"{sum(counts.values())} pages ({scans} image-only) in "
          f"{len(list(args.out.glob('*.pdf')))} documents: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
