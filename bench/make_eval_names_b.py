"""Generate a second, held-out evaluation set for person-name redaction (set B).

    python bench/make_eval_names_b.py [--seed 20240517] [--n 400] [--out PATH]

Written independently of bench/make_eval_names.py and of the training-data generator, with
its own wording. Names come only from models/namelists/*.eval.txt, plus a handful of common
Dutch-word surnames (flagged per row with ``common_surname``). Do NOT tune on this set.

Each line: {"id", "kind", "text", "persons": [[s, e], ...], "keep": [[s, e], ...],
"common_surname"}. ``persons`` are names to redact (private persons, civil servants);
``keep`` are office holders acting in their role. Spans cover the name only, never a title.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMELISTS = ROOT / "models" / "namelists"

COMMON_SURNAMES = ["Bakker", "Visser", "De Boer", "Koning", "Vos", "Smit", "De Wit", "Mulder"]
INTERFIXES = [
    "van",
    "van",
    "van",
    "de",
    "de",
    "van der",
    "van der",
    "van den",
    "van de",
    "ter",
    "ten",
    "in 't",
    "van 't",
    "den",
]
# origin -> (first-name list, surname list, weight)
ORIGINS: dict[str, tuple[str, str, int]] = {
    "nl": ("nl_first", "nl_surname", 40),
    "nli": ("nl_first", "nl_interfix_surname", 18),
    "fy": ("fy_first", "nl_surname", 4),
    "tr": ("tr_first", "tr_surname", 9),
    "ma": ("ma_first", "ma_surname", 7),
    "pl": ("pl_first", "pl_surname", 8),
    "id": ("id_first", "id_surname", 5),
    "in": ("in_first", "in_surname", 6),
}
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MINISTRIES = [
    "Infrastructuur en Waterstaat",
    "Financiën",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Justitie en Veiligheid",
    "Volksgezondheid, Welzijn en Sport",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Economische Zaken en Klimaat",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Defensie",
    "Buitenlandse Zaken",
]
MINISTER_FOR = [
    "Volkshuisvesting en Ruimtelijke Ordening",
    "Klimaat en Energie",
    "Primair en Voortgezet Onderwijs",
    "Langdurige Zorg en Sport",
    "Armoedebeleid, Participatie en Pensioenen",
    "Rechtsbescherming",
]
PLACES = [
    "Zwolle",
    "Deventer",
    "Leeuwarden",
    "Tilburg",
    "Almere",
    "Heerlen",
    "Emmen",
    "Gouda",
    "Vlissingen",
    "Amersfoort",
    "Zaandam",
    "Roermond",
    "Den Helder",
    "Assen",
    "Nijmegen",
    "Schiedam",
    "Lelystad",
    "Hoorn",
    "Venlo",
    "Ede",
]
PARTIES = [
    "VVD",
    "PVV",
    "GL-PvdA",
    "NSC",
    "BBB",
    "D66",
    "CDA",
    "SP",
    "ChristenUnie",
    "SGP",
    "PvdD",
    "Volt",
    "JA21",
    "DENK",
]
UNITS = [
    "Directie Wetgeving en Juridische Zaken",
    "DG Water en Bodem",
    "Directie Bestuur",
    "afdeling Communicatie",
    "team Woo-coördinatie",
    "Directie Financieel-Economische Zaken",
    "Bureau Bestuursondersteuning",
    "directie Openbaar Bestuur en Democratie",
    "unit Vergunningverlening",
    "Cluster Inkoop",
]
JOBS = [
    "beleidsmedewerker",
    "senior adviseur",
    "jurist",
    "projectleider",
    "teamleider",
    "coördinator",
    "communicatieadviseur",
    "secretaris",
    "programmamanager",
    "inspecteur",
    "afdelingshoofd",
    "bestuursadviseur",
]
SUBJECTS = [
    "de vergunning voor de windturbines bij de A28",
    "de opvanglocatie aan de rand van het dorp",
    "het onderhoud van de Haringvlietbrug",
    "de subsidieregeling verduurzaming sportaccommodaties",
    "de uitbreiding van het datacentrum",
    "de stikstofberekening voor het bedrijventerrein",
    "de herinrichting van het stationsplein",
    "de vertraging bij de toeslagenherstelregeling",
    "het bodemonderzoek op het voormalige kazerneterrein",
    "de inhuur van externe adviseurs",
    "de aanbesteding van het leerlingenvervoer",
    "de geluidsoverlast van het evenemententerrein",
]


def load(name: str) -> list[str]:
    """Read one held-out name list (eval split only)."""
    assert name.endswith(".eval"), name  # never the train split or the full lists
    path = NAMELISTS / f"{name}.txt"
    return [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]


LISTS: dict[str, list[str]] = {}


def names(key: str) -> list[str]:
    """Cached eval-split list by short key, e.g. 'nl_first'."""
    if key not in LISTS:
        LISTS[key] = load(f"{key}.eval")
    return LISTS[key]


@dataclass
class Person:
    """A generated person; all surface forms are derived from these parts."""

    first: str
    inter: str
    sur: str
    female: bool
    inits: str
    common: bool = False

    def full(self) -> str:
        return " ".join(x for x in (self.first, self.inter, self.sur) if x)

    def last(self) -> str:
        """Surname alone; the interfix is capitalised when it starts the name (NL rule)."""
        if not self.inter:
            return self.sur
        return f"{self.inter[0].upper()}{self.inter[1:]} {self.sur}"

    def ini(self) -> str:
        """Initials plus surname: 'A.B. van Dijk'."""
        return " ".join(x for x in (self.inits, self.inter, self.sur) if x)

    def inverted(self) -> str:
        """Sorted form as in address books: 'Dijk, A.B. van' or 'Dijk, Anna van'."""
        tail = f" {self.inter}" if self.inter else ""
        return f"{self.sur}, {self.inits}{tail}"

    def inverted_first(self) -> str:
        tail = f" {self.inter}" if self.inter else ""
        return f"{self.sur}, {self.first}{tail}"

    def title(self, rng: random.Random, formal: bool = False) -> str:
        if formal:
            return (
                rng.choice(["mevrouw", "mw."]) if self.female else rng.choice(["de heer", "dhr."])
            )
        return "mevrouw" if self.female else "de heer"


class Doc:
    """Text builder that records spans while the text is assembled."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.buf: list[str] = []
        self.pos = 0
        self.persons: list[list[int]] = []
        self.keep: list[list[int]] = []
        self.common = False

    def t(self, s: str) -> Doc:
        self.buf.append(s)
        self.pos += len(s)
        return self

    def _span(self, s: str, into: list[list[int]], who: Person | None) -> Doc:
        start = self.pos
        self.t(s)
        into.append([start, self.pos])
        if who is not None and who.common:
            self.common = True
        return self

    def p(self, s: str, who: Person | None = None) -> Doc:
        """Append a name that must be redacted."""
        return self._span(s, self.persons, who)

    def k(self, s: str, who: Person | None = None) -> Doc:
        """Append an office holder's name that must be kept."""
        return self._span(s, self.keep, who)

    def text(self) -> str:
        return "".join(self.buf)


class Gen:
    """Random helpers bound to one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.weights = [w for _, _, w in ORIGINS.values()]
        self.keys = list(ORIGINS)

    def person(self, common_p: float = 0.08) -> Person:
        r = self.r
        origin = r.choices(self.keys, self.weights)[0]
        fkey, skey, _ = ORIGINS[origin]
        first = r.choice(names(fkey))
        inter = ""
        common = False
        if origin in ("nl", "fy", "nli") and r.random() < common_p:
            sur = r.choice(COMMON_SURNAMES)
            common = True
            if sur.startswith("De "):
                inter, sur = "de", sur[3:]
        elif origin == "nli":
            inter = r.choice(INTERFIXES)
            sur = r.choice(names(skey))
        else:
            sur = r.choice(names(skey))
        inits = first[0].upper() + "."
        for _ in range(r.choice([0, 0, 1, 1, 2])):
            inits += r.choice("ABCDEGHJKLMNPRSTW") + "."
        return Person(first, inter, sur, r.random() < 0.5, inits, common)

    def people(self, n: int) -> list[Person]:
        out: list[Person] = []
        seen: set[str] = set()
        while len(out) < n:
            p = self.person()
            if p.sur not in seen and p.first not in {q.first for q in out}:
                seen.add(p.sur)
                out.append(p)
        return out

    def date(self, weekday: bool = False) -> str:
        d = dt.date(2022, 5, 1) + dt.timedelta(days=self.r.randrange(0, 900))
        s = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"{DAYS[d.weekday()]} {s}" if weekday else s

    def time(self) -> str:
        return f"{self.r.randint(7, 18):02d}:{self.r.randint(0, 59):02d}"

    def phone(self) -> str:
        r = self.r
        if r.random() < 0.5:
            return (
                f"06 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} "
                f"{r.randint(10, 99)}"
            )
        return f"070 {r.randint(300, 899)} {r.randint(1000, 9999)}"

    def c(self, xs: list[str]) -> str:
        return self.r.choice(xs)

    def name_form(self, d: Doc, p: Person, style: str | None = None) -> None:
        """Append a person (redact) in a random or given surface form, with optional title."""
        r = self.r
        style = style or r.choice(
            ["full", "full", "full", "ini", "title_last", "title_ini", "acad", "split"]
        )
        if style == "full":
            d.p(p.full(), p)
        elif style == "ini":
            d.p(p.ini(), p)
        elif style == "title_last":
            d.t(p.title(r, formal=True) + " ").p(p.last(), p)
        elif style == "title_ini":
            d.t(p.title(r, formal=True) + " ").p(p.ini(), p)
        elif style == "acad":
            d.t(r.choice(["drs.", "mr.", "dr.", "ing.", "ir.", "mr. drs."]) + " ")
            d.p(r.choice([p.ini(), p.full()]), p)
        elif style == "split":
            d.p(split_name(p.full(), r), p)
        else:
            raise ValueError(style)


def split_name(name: str, r: random.Random) -> str:
    """Replace one inner space by a line break (text extraction of a wrapped line)."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return name
    i = r.choice(spaces)
    return name[:i] + "\n" + name[i + 1 :]


def poss_suffix(name: str) -> str:
    """Dutch genitive: Jansens, Sanne's, Yilmaz'."""
    last = name[-1].lower()
    if last in "sxz":
        return "'"
    if last in "aeiouy":
        return "'s"
    return "s"


# ---------------------------------------------------------------- person-heavy templates


def t_memo(g: Gen) -> Doc:
    d = Doc("memo")
    a, b, c, e = g.people(4)
    r = g.r
    head = g.c(["MEMO", "Interne memo", "NOTITIE", "Memo (intern, niet voor verspreiding)"])
    d.t(f"{head}\n\nVan: ")
    g.name_form(d, a, g.c(["full", "ini", "acad"]))
    d.t(f" ({g.c(UNITS)})\nAan: ")
    g.name_form(d, b, g.c(["full", "title_ini"]))
    if r.random() < 0.6:
        d.t("\nCc: ").p(c.ini(), c).t("; ").p(e.full(), e)
    subj = g.c(SUBJECTS)
    d.t(f"\nDatum: {g.date()}\nBetreft: {subj}\n\n")
    if r.random() < 0.7:
        d.t(g.c(["Beste ", "Hoi ", "Dag "])).p(b.first, b).t(",\n\n")
    variant = r.randrange(3)
    if variant == 0:
        d.t("Naar aanleiding van ").p(b.first, b).t(poss_suffix(b.first))
        d.t(" vraag van vorige week zet ik hieronder kort op een rij waar we staan. ")
        d.t("Het voorstel van ").p(c.last(), c).t(
            " om de termijn met vier weken te verlengen lijkt mij verdedigbaar."
        )
    elif variant == 1:
        d.t("In het overleg met de provincie bleek dat ").p(e.full(), e)
        d.t(" nog geen reactie heeft ontvangen op de zienswijze. ").p(e.sur, e)
        d.t(poss_suffix(e.sur) + " conclusie is dat we het besluit beter kunnen aanhouden.")
    else:
        d.t("Zoals besproken heeft ").p(c.full(), c).t(" (").t(g.c(JOBS))
        d.t(") de stukken inmiddels doorgenomen. Er ontbreken nog twee bijlagen; ")
        d.p(a.first, a).t(" vraagt die op bij de aanvrager.")
    d.t("\n\nGroet,\n").p(a.first if r.random() < 0.5 else a.full(), a)
    return d


def t_nota(g: Gen) -> Doc:
    d = Doc("nota")
    a, b, c = g.people(3)
    min_ = g.c(MINISTRIES)
    d.t(f"Aan de Minister van {min_}\n\nnota\nTER {g.c(['BESLISSING', 'INFORMATIE'])}\n")
    d.t("Auteur\t").p(a.full() if g.r.random() < 0.5 else a.ini(), a)
    d.t(f"\nDatum\t{g.date()}\nKenmerk\t{g.r.randint(10, 99)}-{g.r.randint(100000, 999999)}\n")
    d.t("Kopie aan\t").p(b.ini(), b).t(", ").p(c.ini(), c)
    d.t("\nParafenroute\t").p(b.inverted(), b).t(" (").t(g.c(UNITS)).t(")\n\n")
    d.t(f"Aanleiding\nU heeft gevraagd om een advies over {g.c(SUBJECTS)}. ")
    d.t("Ambtelijk contactpersoon is ").p(a.last(), a).t(f", bereikbaar via {g.phone()}.")
    return d


def t_email(g: Gen) -> Doc:
    d = Doc("email")
    a, b, c = g.people(3)
    r = g.r
    subj = g.c(SUBJECTS)
    d.t("Ha ").p(c.first, c).t(",\n\nZie hieronder. Kun jij hier vandaag nog naar kijken?\n\n")
    d.t("Groet,\n").p(b.first, b).t("\n\n-----Oorspronkelijk bericht-----\nVan: ")
    if r.random() < 0.5:
        d.p(a.inverted_first(), a)
    else:
        d.p(a.full(), a)
    d.t(f"\nVerzonden: {g.date(weekday=True)} {g.time()}\nAan: ")
    d.p(b.full(), b).t("\nCC: Postbus Woo-verzoeken\nOnderwerp: RE: ")
    d.t(subj[0].upper() + subj[1:]).t("\n\nBeste ").p(b.first, b)
    d.t(",\n\nDank voor je snelle reactie. Ik heb het concept aangepast conform ")
    d.p(c.last(), c).t(poss_suffix(c.last()))
    d.t(" opmerkingen. De planning blijft ongewijzigd.\n\nMet vriendelijke groet,\n\n")
    g.name_form(d, a, g.c(["full", "full", "split"]))
    d.t(f"\n{g.c(JOBS).capitalize()}\n{g.c(UNITS)}\nMinisterie van {g.c(MINISTRIES)}\n")
    d.t(f"T {g.phone()}\nM {g.phone()}")
    return d


def t_email_short(g: Gen) -> Doc:
    d = Doc("email")
    a, b = g.people(2)
    d.t("Van:\t").p(a.full(), a).t("\nAan:\t").p(b.inverted_first(), b)
    d.t(f"\nDatum:\t{g.date(weekday=True)} {g.time()}\nOnderwerp:\tFW: ")
    d.t(g.c(["uitnodiging werksessie", "stand van zaken", "vraag van RTL", "agenda DT"]))
    d.t("\n\n").p(b.first, b).t(", ")
    d.t(
        g.c(
            [
                "even ter info. Bellen mag altijd.",
                "kun je dit oppakken? Dank!",
                "zie bijlage, graag je reactie voor vrijdag.",
            ]
        )
    )
    d.t("\n\n").p(a.first, a).t(f"\n{g.phone()}")
    return d


def t_chat_teams(g: Gen) -> Doc:
    d = Doc("chat")
    a, b = g.people(2)
    d.t(f"Chatgesprek Microsoft Teams — {g.date()}\n\n")
    h, m = g.r.randint(8, 16), g.r.randint(0, 40)
    lines_a = [
        "Hoi {b}, heb je de reactie van de gemeente al gezien?",
        "Ik denk dat we dit beter even kunnen bellen",
        "Top, dan zet ik het door naar de lijn.",
        "Weet {b} of de DG al akkoord is?",
    ]
    lines_b = [
        "Ja net binnen, ik stuur hem door",
        "Nee nog niet, {a} zou het navragen",
        "Prima. Ik ben er na twee uur weer",
        "Zal ik het aan {a} vragen?",
    ]
    for i in range(g.r.randint(2, 4)):
        who, other, pool = (a, b, lines_a) if i % 2 == 0 else (b, a, lines_b)
        d.p(who.full(), who).t(f" {h:02d}:{m + i * 3:02d}\n")
        line = g.c(pool)
        key = "{b}" if "{b}" in line else "{a}" if "{a}" in line else None
        if key is None:
            d.t(line)
        else:
            pre, post = line.split(key)
            d.t(pre).p(other.first, other).t(post)
        d.t("\n\n")
    d.t("Reactie van ").p(b.first, b).t(": 👍")
    return d


def t_chat_signal(g: Gen) -> Doc:
    d = Doc("chat")
    a, b, c = g.people(3)
    date = f"{g.r.randint(1, 28):02d}-{g.r.randint(1, 12):02d}-2023"
    h = g.r.randint(7, 20)
    turns = [
        (a, "hoi! Is er al nieuws over de brief?"),
        (b, None),
        (a, "ok, ik hoor het wel"),
        (c, "ik heb "),
    ]
    short = g.r.random() < 0.5
    for i, (who, msg) in enumerate(turns):
        t = f"{h:02d}:{10 + i * 4:02d}"
        if short:
            d.t(f"{date} {t} - ").p(who.first, who).t(": ")
        else:
            d.t(f"[{date} {t}] ").p(who.full(), who).t(": ")
        if msg is None:
            d.t("nog niet, ").p(c.first, c).t(" belt vanmiddag met de woordvoering")
        elif msg == "ik heb ":
            d.t("ik heb ").p(a.first, a).t(poss_suffix(a.first))
            d.t(" vraag doorgezet naar ").p(b.last(), b)
        else:
            d.t(msg)
        d.t("\n")
    return d


def t_chat_whatsapp(g: Gen) -> Doc:
    d = Doc("chat")
    a, b = g.people(2)
    d.t(f"WhatsApp-export (groep 'Crisisteam {g.c(PLACES)}')\n")
    d.t(f"{g.time()} - ").p(a.first, a).t(": Zijn de hekken al geplaatst?\n")
    d.t(f"{g.time()} - ").p(b.first, b).t(": Ja. ")
    d.p(a.first, a).t(", wil jij de buurtbewoners informeren?\n")
    d.t(f"{g.time()} - ").p(a.first, a).t(": Doe ik. Wie is contactpersoon bij de politie?\n")
    other = g.person()
    d.t(f"{g.time()} - ").p(b.first, b).t(": ")
    g.name_form(d, other, g.c(["full", "title_last"]))
    d.t(", wijkagent. Nummer stuur ik je apart.")
    return d


def t_minutes(g: Gen) -> Doc:
    d = Doc("minutes")
    ps = g.people(g.r.randint(4, 6))
    r = g.r
    d.t(g.c(["VERSLAG ", "Besluitenlijst ", "Actie- en besluitenlijst "]))
    d.t(f"{g.c(['projectoverleg', 'stuurgroep', 'bilateraal overleg', 'werkoverleg'])} ")
    d.t(f"{g.date()}\n\n")
    d.t(g.c(["Aanwezig waren: ", "Aanwezig: ", "Deelnemers: "]))
    for i, p in enumerate(ps[:-1]):
        if i:
            d.t(" en " if i == len(ps) - 2 else ", ")
        g.name_form(d, p, g.c(["full", "title_last", "ini", "acad"]))
        if r.random() < 0.4:
            d.t(f" ({g.c(['RWS', 'IenW', 'BZK', 'provincie', 'VNG', 'ProRail', 'COA'])})")
    d.t(".\nAfwezig met kennisgeving: ").p(ps[-1].full(), ps[-1]).t(".\n\n")
    d.t("1. Opening en mededelingen\nDe voorzitter (").p(ps[0].last(), ps[0])
    d.t(") opent de vergadering. ")
    d.p(ps[1].last(), ps[1]).t(" meldt dat de planning met twee maanden is opgeschoven.\n\n")
    d.t("2. Actiepunten\n- ").p(ps[2].first, ps[2])
    d.t(" stemt de conceptbrief af met de juristen.\n- Actie ")
    d.p(ps[1].ini(), ps[1]).t(": navragen bij de Belastingdienst.")
    return d


def t_attendees_running(g: Gen) -> Doc:
    d = Doc("minutes")
    ps = g.people(3)
    d.t(f"Op {g.date()} vond in {g.c(PLACES)} een gesprek plaats over {g.c(SUBJECTS)}. ")
    d.t("Namens het ministerie namen ").p(ps[0].full(), ps[0]).t(" en ")
    d.p(ps[1].full(), ps[1]).t(" deel; namens de initiatiefnemer was ")
    g.name_form(d, ps[2], g.c(["title_last", "full", "acad"]))
    d.t(" aanwezig. ")
    d.p(ps[2].last(), ps[2]).t(" lichtte toe dat de financiering rond is.")
    return d


def t_complaint(g: Gen) -> Doc:
    d = Doc("complaint")
    a, b, c = g.people(3)
    r = g.r
    d.t(g.c(["Geachte heer, mevrouw,\n\n", "Aan wie het aangaat,\n\n", "Beste mensen,\n\n"]))
    if r.random() < 0.5:
        d.t("Mijn naam is ").p(a.full(), a).t(" en ik woon sinds ")
        d.t(f"{r.randint(1985, 2020)} in {g.c(PLACES)}. ")
    else:
        d.t("Ondergetekende, ").p(a.full(), a).t(f", wonende te {g.c(PLACES)}, ")
        d.t("dient hierbij een klacht in. ")
    d.t(f"Op {g.date()} heb ik telefonisch contact gehad met uw medewerker, ")
    d.t(c.title(r)).t(" ").p(c.last(), c)
    d.t(". Zij of hij beloofde mij binnen een week terug te bellen, maar dat is nooit gebeurd. ")
    d.t("Ook mijn buurman, ").p(b.full(), b).t(", heeft hetzelfde meegemaakt. ")
    d.p(b.first, b).t(" is inmiddels " + g.c(["ten einde raad", "erg boos", "verhuisd"]))
    d.t(".\n\nIk verzoek u dringend om contact met mij op te nemen via ")
    d.t(f"{g.phone()}.\n\n{g.c(['Hoogachtend', 'Met vriendelijke groet', 'Groeten'])},\n\n")
    d.p(a.full() if r.random() < 0.6 else a.ini(), a)
    return d


def t_inspection(g: Gen) -> Doc:
    d = Doc("inspection")
    a, b, c = g.people(3)
    org = g.c(
        [
            "Zorgcentrum De Lindehof",
            "kinderopvang Het Kikkerhuis",
            "Transportbedrijf Noordkade B.V.",
            "Recyclingbedrijf Oostpolder",
            "camping De Bosrand",
        ]
    )
    d.t(f"INSPECTIERAPPORT\n\nLocatie: {org}, {g.c(PLACES)}\nDatum bezoek: {g.date()}\n")
    d.t("Inspecteur(s): ")
    d.t(g.c(["ing. ", "", "drs. "])).p(a.ini(), a).t(", ").p(b.full(), b)
    d.t("\nContactpersoon locatie: ").p(c.full(), c).t(f" ({g.c(['directeur', 'eigenaar'])})")
    d.t("\n\nBevindingen\nBij aankomst werden de inspecteurs ontvangen door ")
    d.t(c.title(g.r)).t(" ").p(c.last(), c)
    d.t(". Volgens ").p(c.last(), c).t(poss_suffix(c.last()))
    d.t(" verklaring was het logboek sinds de vorige controle niet bijgewerkt. ")
    d.p(a.last(), a).t(" heeft dit vastgelegd met foto's.")
    return d


def t_caps(g: Gen) -> Doc:
    d = Doc("caps")
    a, b = g.people(2)
    d.t("VAN: ").p(a.full().upper(), a).t("\nAAN: ").p(b.full().upper(), b)
    d.t(f"\nONDERWERP: {g.c(SUBJECTS).upper()}\nDATUM: {g.date().upper()}\n\n")
    d.t("Bijgaand het concept. Opmerkingen graag aan ").p(a.first, a).t(".")
    return d


def t_caps_sig(g: Gen) -> Doc:
    d = Doc("caps")
    a = g.person()
    b = g.person()
    d.t(f"MINISTERIE VAN {g.c(MINISTRIES).upper()}\nDIRECTIE BESTUURSZAKEN\n\n")
    d.t("CONTACTPERSOON\n").p(a.ini().upper(), a)
    d.t(f"\nT {g.phone()}\n\nBEHANDELD DOOR\n").p(b.full(), b)
    d.t("\n\nONS KENMERK\n2023-0" + str(g.r.randint(10000, 99999)))
    return d


def t_woo_besluit(g: Gen) -> Doc:
    d = Doc("woo_besluit")
    req, off = g.people(2)
    r = g.r
    d.t(f"Besluit op uw Woo-verzoek\n\nGeachte {req.title(r)} ").p(req.last(), req)
    d.t(f",\n\nBij e-mail van {g.date()} heeft u met een beroep op de Wet open overheid (Woo) ")
    d.t(f"verzocht om openbaarmaking van documenten over {g.c(SUBJECTS)}.\n\n")
    d.t(
        "In de documenten zijn de namen van medewerkers onleesbaar gemaakt op grond van "
        "artikel 5.1, tweede lid, aanhef en onder e, van de Woo. "
    )
    d.t("Voor vragen kunt u contact opnemen met ").p(off.full(), off)
    d.t(f" via {g.phone()}.\n\n")
    if r.random() < 0.6:
        d.t(f"De minister van {g.c(MINISTRIES)},\nnamens deze,\n\n")
        d.p(split_name(off.full(), r) if r.random() < 0.2 else off.full(), off)
        d.t(f"\n{g.c(['Afdelingshoofd Juridische Zaken', 'Directeur Communicatie'])}")
        return d
    # signed by a minister in role: keep
    k = g.person()
    d.t(f"Hoogachtend,\n\nDe Minister voor {g.c(MINISTER_FOR)},\n\n").k(k.full(), k)
    return d


def t_possessive_mix(g: Gen) -> Doc:
    d = Doc("email")
    a, b, c = g.people(3)
    d.t("Hoi ").p(a.first, a).t(",\n\n").p(b.last(), b).t(poss_suffix(b.last()))
    d.t(" voorstel om de brief op te splitsen vind ik goed. Heb jij ")
    d.p(c.first, c).t(poss_suffix(c.first)).t(" mail van gisteren nog? Daar stond ook ")
    d.p(a.last(), a).t(poss_suffix(a.last()))
    d.t(" reactie onder, maar die kan ik niet meer vinden.\n\nGr.\n").p(b.first, b)
    return d


def t_helpdesk(g: Gen) -> Doc:
    d = Doc("report")
    a, b = g.people(2)
    d.t(f"Melding {g.r.randint(100000, 999999)} — ontvangen {g.date()}\n")
    d.t("Melder: ").p(a.inverted(), a).t("\nBehandelaar: ").p(b.ini(), b)
    d.t("\n\nOmschrijving: melder geeft aan dat de aanvraag sinds maanden in behandeling is. ")
    d.t("Mevrouw/meneer ").p(a.last(), a).t(" wil graag teruggebeld worden.\n")
    d.t("Notitie behandelaar: teruggebeld, voicemail ingesproken. ")
    d.p(b.first, b).t(poss_suffix(b.first)).t(" advies: doorzetten naar tweede lijn.")
    return d


def t_citizen_letter(g: Gen) -> Doc:
    d = Doc("letter")
    a, b = g.people(2)
    d.t("Geachte ").t(b.title(g.r)).t(" ").p(b.last(), b)
    d.t(
        f",\n\nNaar aanleiding van ons gesprek op {g.date()} stuur ik u de gevraagde stukken. "
        "Mijn dochter "
    ).p(g.r.choice([a.first, a.full()]), a)
    d.t(" heeft de formulieren ingevuld omdat ik zelf slecht zie.\n\nMet vriendelijke groet,\n")
    other = g.person()
    d.p(other.ini(), other)
    return d


def t_surname_start(g: Gen) -> Doc:
    d = Doc("memo")
    a, b = g.people(2)
    d.p(a.last(), a).t(" heeft gisteren gebeld over de planning. ")
    d.t("Hij of zij wil weten of ").p(b.full(), b)
    d.t(" de offerte al heeft goedgekeurd. ").p(b.last(), b).t(" was niet bereikbaar.")
    return d


def t_split(g: Gen) -> Doc:
    d = Doc("memo")
    a, b = g.people(2)
    d.t("Het advies is opgesteld door ")
    d.p(split_name(a.full(), g.r), a).t(" en gecontroleerd door ")
    d.p(split_name(b.ini(), g.r), b).t(f" van de {g.c(UNITS)}.")
    return d


# ---------------------------------------------------------------- office holders (keep)


def t_kamervragen(g: Gen) -> Doc:
    d = Doc("kamervragen")
    mp, mi = g.people(2)
    r = g.r
    min_ = g.c(MINISTRIES)
    d.t("Vragen van het lid ").k(mp.full() if r.random() < 0.5 else mp.last(), mp)
    d.t(f" ({g.c(PARTIES)}) aan de minister van {min_} over {g.c(SUBJECTS)} ")
    d.t(f"(ingezonden {g.date()}).\n\nAntwoord van minister ").k(mi.full(), mi)
    d.t(f" ({min_}) (ontvangen {g.date()}).\n\n")
    q = r.randint(1, 9)
    d.t(f"Vraag {q}\nBent u bekend met het bericht dat de kosten fors hoger uitvallen?\n\n")
    d.t(f"Antwoord op vraag {q}: ")
    if r.random() < 0.45:
        p = g.person()
        d.t("Ja. In het bericht wordt een omwonende, ")
        d.p(p.full(), p).t(", geciteerd. Ik ga niet in op individuele gevallen.")
    else:
        d.t("Ja. Ik heb daarover eerder met de regio gesproken.")
    return d


def t_antwoord(g: Gen) -> Doc:
    d = Doc("kamervragen")
    mp = g.person()
    r = g.r
    n = r.randint(2, 12)
    d.t(f"Antwoord op vraag {n}:\nHet lid ").k(mp.last(), mp)
    d.t(f" vraagt naar de stand van zaken rond {g.c(SUBJECTS)}. ")
    d.t(g.c(["Zoals ik in mijn brief van ", "Ik verwijs naar mijn brief van "]))
    d.t(f"{g.date()} heb aangegeven, is de verwachting dat het besluit in {g.c(MONTHS)} ")
    d.t("wordt genomen.")
    return d


def t_staatssecretaris(g: Gen) -> Doc:
    d = Doc("keep")
    k = g.person()
    d.t(f"Zoals de staatssecretaris van {g.c(['Financiën', 'Defensie', 'IenW', 'BZK'])}, ")
    d.k(k.full(), k).t(f", op {g.date()} in het debat opmerkte, is de uitvoering leidend. ")
    if g.r.random() < 0.5:
        p = g.person()
        d.t("De uitwerking ligt bij ").p(p.full(), p).t(f" ({g.c(JOBS)}).")
    return d


def t_burgemeester(g: Gen) -> Doc:
    d = Doc("keep")
    k = g.person()
    place = g.c(PLACES)
    d.t("Burgemeester ").k(k.last() if g.r.random() < 0.5 else k.full(), k)
    d.t(f" van {place} heeft de noodverordening op {g.date()} ingetrokken. ")
    if g.r.random() < 0.5:
        p = g.person()
        d.t("Dat blijkt uit een interne mail van ").p(p.full(), p).t(", ")
        d.t(f"{g.c(JOBS)} bij de gemeente {place}.")
    else:
        d.t("De gemeenteraad is daarover per brief geïnformeerd.")
    return d


def t_wethouders(g: Gen) -> Doc:
    d = Doc("keep")
    ks = g.people(4)
    d.t(f"Het college van burgemeester en wethouders van {g.c(PLACES)}, vertegenwoordigd door ")
    d.t("burgemeester ").k(ks[0].full(), ks[0]).t(" en de wethouders ")
    d.k(ks[1].last(), ks[1]).t(", ").k(ks[2].last(), ks[2]).t(" en ").k(ks[3].last(), ks[3])
    d.t(", heeft besloten de subsidie te verlenen.")
    return d


def t_wethouder(g: Gen) -> Doc:
    d = Doc("keep")
    k, p = g.people(2)
    d.t("Wethouder ").k(k.full(), k)
    d.t(" (" + g.c(["Wonen", "Financiën", "Onderwijs", "Zorg en Welzijn"]) + ") ")
    d.t("sprak met de bewoners. Het verslag is gemaakt door ")
    d.p(p.full(), p).t(".")
    return d


def t_kamerlid(g: Gen) -> Doc:
    d = Doc("keep")
    k, m = g.people(2)
    d.t("Kamerlid ").k(k.full(), k).t(f" ({g.c(PARTIES)}) vroeg tijdens het commissiedebat ")
    d.t("of de minister bereid is de regeling te verlengen. Minister ").k(m.last(), m)
    d.t(" zegde een brief toe voor de zomer.")
    return d


def t_signer(g: Gen) -> Doc:
    d = Doc("keep")
    k = g.person()
    r = g.r
    d.t("Ik vertrouw erop u hiermee voldoende te hebben geïnformeerd.\n\n")
    role = g.c(
        [
            f"De Minister voor {g.c(MINISTER_FOR)}",
            f"De minister van {g.c(MINISTRIES)}",
            "De staatssecretaris van Financiën - Fiscaliteit en Belastingdienst",
            f"De Minister van {g.c(MINISTRIES)}",
        ]
    )
    d.t(f"{role},\n\n")
    d.k(split_name(k.full(), r) if r.random() < 0.15 else k.full(), k)
    return d


def t_press(g: Gen) -> Doc:
    d = Doc("press")
    m, s = g.people(2)
    d.t(
        f"PERSBERICHT\n\n{g.c(PLACES)}, {g.date()} - Het kabinet trekt extra geld uit voor "
        f"{g.c(SUBJECTS)}. 'Dit is een belangrijke stap', zegt minister "
    ).k(m.full(), m)
    d.t(".\n\nNoot voor de redactie: voor meer informatie kunt u contact opnemen met ")
    d.t("woordvoerder ").k(s.full(), s).t(f", telefoon {g.phone()}.")
    return d


def t_cdk(g: Gen) -> Doc:
    d = Doc("keep")
    k, p = g.people(2)
    prov = g.c(["Gelderland", "Overijssel", "Drenthe", "Zeeland", "Limburg", "Friesland"])
    d.t(f"De commissaris van de Koning in {prov}, ").k(k.full(), k)
    d.t(", opende de bijeenkomst. Namens de provincie sloot ook ")
    g.name_form(d, p, g.c(["full", "title_last"]))
    d.t(f", {g.c(JOBS)}, aan.")
    return d


def t_agenda_keep(g: Gen) -> Doc:
    d = Doc("minutes")
    k, w = g.people(2)
    ps = g.people(2)
    d.t(f"Agenda bestuurlijk overleg {g.date()}\nAanwezig: burgemeester ").k(k.full(), k)
    d.t(" (voorzitter), wethouder ").k(w.full(), w).t(", ")
    d.p(ps[0].full(), ps[0]).t(" (griffier), ").p(ps[1].ini(), ps[1]).t(" (notulist)\n")
    d.t("1. Vaststellen agenda\n2. Ingekomen stukken\n3. Rondvraag")
    return d


# ---------------------------------------------------------------- traps (no persons)

TRAP_SENTENCES = [
    "Het Ministerie van Infrastructuur en Waterstaat heeft het verzoek doorgestuurd naar "
    "Rijkswaterstaat.",
    "De gemeente {place} en Stichting Woonzorg hebben een convenant gesloten.",
    "Het COA zoekt in {place} naar een nieuwe locatie voor 300 asielzoekers.",
    "De Afdeling bestuursrechtspraak van de Raad van State doet in {month} uitspraak.",
    "Op grond van de Wet open overheid worden de documenten deels openbaar gemaakt.",
    "De Omgevingswet is op 1 januari 2024 in werking getreden.",
    "Volgens de Algemene Rekenkamer ontbreekt een goede onderbouwing.",
    "Het Programma Aardgasvrije Wijken loopt tot en met 2028.",
    "Directeur-Generaal Water en Bodem is eigenaar van dit dossier.",
    "De Coördinator Woo beoordeelt of er zienswijzen moeten worden gevraagd.",
    "Beleidsmedewerkers van de Directie Wetgeving hebben het concept bekeken.",
    "In {month} wordt de Voorjaarsnota naar de Tweede Kamer gestuurd.",
    "Provinciale Staten van {prov} hebben een motie aangenomen.",
    "Het Openbaar Ministerie heeft besloten niet tot vervolging over te gaan.",
    "De Nederlandse Voedsel- en Warenautoriteit (NVWA) voerde een controle uit.",
    "Dienst Uitvoering Onderwijs verwerkt de aanvragen op volgorde van binnenkomst.",
    "Waterschap Vallei en Veluwe is nog niet aangehaakt.",
    "De Autoriteit Persoonsgegevens heeft het datalek in behandeling genomen.",
    "Gedeputeerde Staten hebben de zienswijze op {date} vastgesteld.",
    "Het Van Gogh Museum en het Rijksmuseum vroegen om een uitzondering.",
    "De Erasmus Universiteit Rotterdam voert het onderzoek uit.",
    "Vanaf {month} geldt de nieuwe Regeling huurtoeslag.",
    "Betreft: Woo-verzoek inzake de Nationale Omgevingsvisie (NOVI).",
    "Uitvoeringsorganisatie Herstel Toeslagen publiceert maandelijks de voortgang.",
    "Team Woo van de Belastingdienst heeft 412 documenten beoordeeld.",
    "Conform artikel 5.1, tweede lid, onder e, Woo is informatie weggelakt.",
    "Het Kadaster heeft de kadastrale gegevens aangeleverd.",
    "Netbeheerder Alliander waarschuwt voor congestie rond {place}.",
    "ProRail en NS werken samen aan de dienstregeling van 2025.",
    "Het Planbureau voor de Leefomgeving verwacht een lagere uitstoot.",
    "Vooralsnog is geen besluit genomen.",
    "Namens de Staatssecretaris wordt de Kamer geïnformeerd.",
    "Inmiddels is de Landelijke Coördinatiecommissie Covid-19 opgeheven.",
    "Daarnaast heeft de Veiligheidsregio {region} een evaluatie laten uitvoeren.",
    "Zie bijlage 3, Inventarislijst documenten {month} 2023.",
    "Het Interprovinciaal Overleg (IPO) en de Vereniging van Nederlandse Gemeenten (VNG) "
    "steunen het voorstel.",
    "Kennisgeving: Ontwerp-Omgevingsvergunning Windpark {place} ligt ter inzage.",
    "Tijdens het Ministerie-brede overleg is het Rijksvastgoedbedrijf aangeschoven.",
    "Bijgevoegd: Besluit van de Minister van Justitie en Veiligheid, Staatscourant 2023, 1452.",
    "Aanwezig waren vertegenwoordigers van Defensie, de Nationale Politie en de Koninklijke "
    "Marechaussee.",
    "Afzender: Postbus Woo-verzoeken, woo@minienw.nl",
    "Huisartsenpost {place} meldt een toename van het aantal meldingen.",
    "Wet langdurige zorg (Wlz) en Zorgverzekeringswet (Zvw) lopen hier door elkaar.",
    "Maandag start de Tijdelijke commissie Fraudebeleid en Dienstverlening met verhoren.",
    "Het Nationaal Programma Rotterdam Zuid krijgt extra middelen.",
    "Het Anne Frank Huis en de gemeente Amsterdam zijn geïnformeerd.",
]
TRAP_HEADERS = [
    "MINISTERIE VAN {MIN}\n",
    "INVENTARISLIJST WOO-BESLUIT\n",
    "BESLISNOTA\n",
    "TWEEDE KAMER DER STATEN-GENERAAL\n",
    "GEMEENTE {PLACE}\n",
    "",
    "Rijkswaterstaat Oost-Nederland\n",
    "Agenda Algemeen Overleg\n",
]


def t_trap(g: Gen) -> Doc:
    d = Doc("trap")
    r = g.r
    head = g.c(TRAP_HEADERS)
    d.t(head.replace("{MIN}", g.c(MINISTRIES).upper()).replace("{PLACE}", g.c(PLACES).upper()))
    if head:
        d.t("\n")
    for i, s in enumerate(r.sample(TRAP_SENTENCES, r.randint(2, 4))):
        s = (
            s.replace("{place}", g.c(PLACES))
            .replace(
                "{month}", g.c(MONTHS).capitalize() if s.startswith("{month}") else g.c(MONTHS)
            )
            .replace("{prov}", g.c(["Utrecht", "Groningen", "Noord-Brabant", "Flevoland"]))
            .replace("{date}", g.date())
            .replace("{region}", g.c(["IJsselland", "Twente", "Hollands Midden"]))
        )
        d.t((" " if i and r.random() < 0.6 else ("\n" if i else "")) + s)
    return d


PERSON_TEMPLATES: list[tuple[Callable[[Gen], Doc], int]] = [
    (t_memo, 14),
    (t_nota, 8),
    (t_email, 14),
    (t_email_short, 8),
    (t_chat_teams, 10),
    (t_chat_signal, 8),
    (t_chat_whatsapp, 7),
    (t_minutes, 12),
    (t_attendees_running, 7),
    (t_complaint, 10),
    (t_inspection, 8),
    (t_caps, 5),
    (t_caps_sig, 4),
    (t_woo_besluit, 10),
    (t_possessive_mix, 6),
    (t_helpdesk, 6),
    (t_citizen_letter, 6),
    (t_surname_start, 5),
    (t_split, 5),
]
KEEP_TEMPLATES: list[tuple[Callable[[Gen], Doc], int]] = [
    (t_kamervragen, 8),
    (t_antwoord, 5),
    (t_staatssecretaris, 6),
    (t_burgemeester, 6),
    (t_wethouders, 5),
    (t_wethouder, 4),
    (t_kamerlid, 5),
    (t_signer, 7),
    (t_press, 6),
    (t_cdk, 3),
    (t_agenda_keep, 4),
]


def check(text: str, spans: list[list[int]]) -> None:
    """Spans are non-empty, trimmed and inside the text."""
    for s, e in spans:
        assert 0 <= s < e <= len(text), (s, e)
        frag = text[s:e]
        assert frag.strip() == frag and frag, repr(frag)


def build(seed: int, n: int) -> list[dict]:
    """Generate ``n`` labelled snippets deterministically from ``seed``."""
    rng = random.Random(seed)
    g = Gen(rng)
    n_trap = round(n * 0.15)
    n_keep = round(n * 0.20)
    plan = ["trap"] * n_trap + ["keep"] * n_keep + ["person"] * (n - n_trap - n_keep)
    rng.shuffle(plan)
    rows: list[dict] = []
    for i, what in enumerate(plan):
        if what == "trap":
            d = t_trap(g)
        else:
            pool = KEEP_TEMPLATES if what == "keep" else PERSON_TEMPLATES
            fn = rng.choices([f for f, _ in pool], [w for _, w in pool])[0]
            d = fn(g)
        text = d.text()
        check(text, d.persons)
        check(text, d.keep)
        allspans = sorted(d.persons + d.keep)
        for (_, e1), (s2, _) in zip(allspans, allspans[1:], strict=False):
            assert e1 <= s2, (text, allspans)
        if what == "trap":
            assert not allspans
        if what == "keep":
            assert d.keep
        rows.append(
            {
                "id": f"b{i:04d}",
                "kind": d.kind,
                "text": text,
                "persons": d.persons,
                "keep": d.keep,
                "common_surname": d.common,
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20240517)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "names_eval_b.jsonl")
    args = ap.parse_args()
    rows = build(args.seed, args.n)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds = Counter(r["kind"] for r in rows)
    print(f"wrote {args.out}")
    print(f"snippets: {len(rows)}")
    print(f"persons: {sum(len(r['persons']) for r in rows)}")
    print(
        f"keep: {sum(len(r['keep']) for r in rows)} "
        f"(in {sum(1 for r in rows if r['keep'])} snippets)"
    )
    traps = sum(1 for r in rows if not r["persons"] and not r["keep"])
    print(f"traps (no person, no keep): {traps}")
    print(f"common_surname rows: {sum(1 for r in rows if r['common_surname'])}")
    print("kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
