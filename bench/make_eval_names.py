"""Build the held-out labelled name evaluation set ``bench/data/names_eval.jsonl``.

Usage::

    python bench/make_eval_names.py [--n 520] [--seed 7] [--out bench/data/names_eval.jsonl]

Independent of ``models/make_data.py``: its own document wording and sentence
fragments, and names ONLY from the held-out ``models/namelists/*.eval.txt``
split (never seen in training).  Each JSON line::

    {"id": str, "kind": str, "text": str,
     "persons": [[start, end], ...],   # names that MUST be redacted
     "keep":    [[start, end], ...]}   # office holders acting in their role: must NOT be redacted

Titles (dhr., mevrouw, drs.) are outside the spans.  Roughly 15 % of the
documents contain office-holder (keep) names, and about 15 % contain no names.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "models" / "namelists"


def load(name: str) -> list[str]:
    """Load one list file."""
    return [x for x in (LISTS / name).read_text(encoding="utf-8").splitlines() if x.strip()]


@dataclass
class Who:
    """An evaluation person."""

    first: str
    inits: str
    tv: str  # tussenvoegsel
    last: str


class Pool:
    """Draws persons from the held-out eval split only."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nl_first = [n for n in load("nl_first.eval.txt") if " " not in n and len(n) > 2]
        self.other_first = [
            n for k in ("tr", "pl", "id", "in", "ma", "fy") for n in load(f"{k}_first.eval.txt")
        ]
        self.nl_last = load("nl_surname.eval.txt")
        self.tv_last = load("nl_interfix_surname.eval.txt")
        self.other_last = [
            n for k in ("tr", "pl", "id", "in", "ma") for n in load(f"{k}_surname.eval.txt")
        ]

    def who(self) -> Who:
        """Return a random held-out person."""
        rng = self.rng
        first = rng.choice(self.nl_first) if rng.random() < 0.6 else rng.choice(self.other_first)
        r = rng.random()
        if r < 0.45:
            tv, last = "", rng.choice(self.nl_last)
        elif r < 0.7:
            tv, last = (
                rng.choice(
                    ["van", "de", "van der", "van den", "ter", "ten", "in 't", "van 't", "van de"]
                ),
                rng.choice(self.tv_last),
            )
        else:
            tv, last = "", rng.choice(self.other_last)
        if rng.random() < 0.07:
            last = f"{last}-{rng.choice(self.nl_last)}"
        inits = first[0] + "".join(
            rng.choice("ABDEFGHJKMNPRSTW") for _ in range(rng.choice([0, 0, 1, 2]))
        )
        return Who(first, inits, tv, last)


def dots(inits: str) -> str:
    """J.P. style initials."""
    return "".join(c + "." for c in inits)


def form(w: Who, kind: str) -> str:
    """Render a name form."""
    tv = f"{w.tv} " if w.tv else ""
    if kind == "full":
        return f"{w.first} {tv}{w.last}"
    if kind == "first":
        return w.first
    if kind == "init":
        return f"{dots(w.inits)} {tv}{w.last}"
    if kind == "last":
        return (w.tv[0].upper() + w.tv[1:] + " " if w.tv else "") + w.last
    if kind == "inv":
        return f"{w.last}, {dots(w.inits)}" + (f" {w.tv}" if w.tv else "")
    if kind == "caps":
        return f"{dots(w.inits)} {tv}{w.last}".upper()
    raise ValueError(kind)


class Doc:
    """Text with redact/keep spans."""

    def __init__(self) -> None:
        self.buf = ""
        self.persons: list[list[int]] = []
        self.keep: list[list[int]] = []

    def t(self, s: str) -> Doc:
        """Append plain text."""
        self.buf += s
        return self

    def p(self, s: str) -> Doc:
        """Append a name that must be redacted."""
        self.persons.append([len(self.buf), len(self.buf) + len(s)])
        self.buf += s
        return self

    def k(self, s: str) -> Doc:
        """Append an office-holder name that must be kept."""
        self.keep.append([len(self.buf), len(self.buf) + len(s)])
        self.buf += s
        return self


MIN = [
    "Financiën",
    "Justitie en Veiligheid",
    "Onderwijs, Cultuur en Wetenschap",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Infrastructuur en Waterstaat",
    "Volksgezondheid, Welzijn en Sport",
    "Economische Zaken",
    "Sociale Zaken en Werkgelegenheid",
]
TOWNS = [
    "Zoetermeer",
    "Deventer",
    "Hengelo",
    "Emmen",
    "Gouda",
    "Alkmaar",
    "Roermond",
    "Vlissingen",
    "Harderwijk",
    "Sneek",
    "Oss",
    "Helmond",
    "Den Helder",
    "Kampen",
    "Tiel",
    "Purmerend",
    "Hoorn",
    "Schiedam",
    "Weert",
    "Veenendaal",
]
SUBJECTS = [
    "de herinrichting van het stationsplein",
    "de uitvoering van de Woo",
    "het ICT-project",
    "de opvanglocatie",
    "de windturbines",
    "de tijdelijke huisvesting",
    "de subsidie voor buurthuizen",
    "de evaluatie van het programma",
    "de klachtbehandeling",
    "het meldpunt",
    "de datalek-melding",
    "de energietoeslag",
    "de inspectie van bruggen",
]
ORGS = [
    "het ministerie van Financiën",
    "Rijkswaterstaat",
    "DUO",
    "het UWV",
    "de Belastingdienst",
    "de gemeente Zoetermeer",
    "de provincie Overijssel",
    "Universiteit Leiden",
    "Stichting Buurtkracht",
    "ASM-International",
    "het RIVM",
    "de Raad van State",
    "het Kadaster",
    "de Autoriteit Persoonsgegevens",
    "het COA",
    "Waterschap Rivierenland",
]
FUNCS = [
    "beleidsadviseur",
    "jurist",
    "projectsecretaris",
    "adviseur bedrijfsvoering",
    "medewerker Woo-team",
    "senior communicatieadviseur",
    "programmadirecteur",
    "casemanager",
    "data-analist",
    "teamleider uitvoering",
]


class Gen:
    """Document kinds for the evaluation set (wording differs from training)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.pool = Pool(self.r)

    def c(self, xs: list[str]) -> str:
        """Random choice."""
        return self.r.choice(xs)

    def email(self) -> Doc:
        """Short e-mail with header."""
        r, d = self.r, Doc()
        a, b, c = self.pool.who(), self.pool.who(), self.pool.who()
        d.t("Van: ").p(form(a, self.c(["full", "inv", "init"]))).t("\nAan: ").p(
            form(b, self.c(["full", "inv"]))
        )
        if r.random() < 0.5:
            d.t("\nCc: ").p(form(c, self.c(["full", "init", "inv"])))
        d.t(
            f"\nOnderwerp: {self.c(['Vraag', 'Terugkoppeling', 'Afspraak', 'Stand van zaken'])} "
            f"{self.c(SUBJECTS)}\n\n"
        )
        d.t(self.c(["Dag ", "Hoi ", "Beste ", "Goedemiddag "])).p(b.first).t(",\n\n")
        d.t(
            self.c(
                [
                    "Zoals besproken stuur ik je hierbij ",
                    "In de bijlage vind je ",
                    "Ter voorbereiding op morgen deel ik ",
                ]
            )
        )
        d.t(
            self.c(
                [
                    "de laatste versie van de notitie over ",
                    "het overzicht van ",
                    "mijn aantekeningen over ",
                ]
            )
            + self.c(SUBJECTS)
            + ". "
        )
        if r.random() < 0.5:
            d.t("Kun je dit ook even met ").p(form(c, self.c(["first", "full"]))).t(" afstemmen?")
        else:
            d.t(
                self.c(
                    [
                        "Laat maar weten als er nog iets ontbreekt.",
                        "Graag hoor ik voor vrijdag of je akkoord bent.",
                    ]
                )
            )
        d.t(
            "\n\n"
            + self.c(["Met vriendelijke groet,\n\n", "Groet,\n", "Vriendelijke groeten,\n\n"])
        )
        d.p(form(a, self.c(["full", "full", "first", "init"]))).t(
            f"\n{self.c(FUNCS).capitalize()}\n"
        )
        return d

    def chat(self) -> Doc:
        """Chat export fragment."""
        d = Doc()
        a, b = self.pool.who(), self.pool.who()
        msgs = [
            "staat de call nog?",
            "ik zit in de trein, 10 min later",
            "heb je de lakvoorstellen al bekeken?",
            "nee nog niet, vanmiddag",
            "kan jij het inventarisoverzicht aanvullen?",
            "top, dank je",
            "de directeur wil het vandaag nog zien",
            "ok, ik regel het",
        ]
        for i in range(self.r.randint(2, 5)):
            w = a if i % 2 == 0 else b
            d.t(
                f"[{self.r.randint(1, 28):02d}-0{self.r.randint(1, 9)}-2023 "
                f"{self.r.randint(8, 18)}:{self.r.randint(10, 59)}] "
            )
            d.p(w.first if self.r.random() < 0.7 else form(w, "full")).t(": ")
            if self.r.random() < 0.25:
                other = b if w is a else a
                d.t("Thanks ").p(other.first).t(", " + self.c(msgs) + "\n")
            else:
                d.t(self.c(msgs) + "\n")
        return d

    def minutes(self) -> Doc:
        """Attendee list and a few minuted lines."""
        d = Doc()
        ppl = [self.pool.who() for _ in range(self.r.randint(2, 5))]
        d.t(f"Overleg {self.c(SUBJECTS)}\nDeelnemers: ")
        for i, w in enumerate(ppl):
            if i:
                d.t(", ")
            tit = self.c(["", "", "dhr. ", "mevr. ", "drs. "])
            d.t(tit).p(form(w, "last" if tit else self.c(["full", "init"])))
            if self.r.random() < 0.4:
                d.t(f" ({self.c(['gemeente', 'RWS', 'DUO', 'secretaris', 'extern'])})")
        d.t("\n\nBesproken:\n- ")
        d.p(form(ppl[0], self.c(["last", "first", "full"]))).t(
            self.c(
                [
                    " licht de begroting toe.",
                    " heeft de offerte nog niet ontvangen.",
                    " zoekt uit wie de opdrachtgever is.",
                ]
            )
        )
        d.t("\n- Actie: ").p(form(ppl[-1], self.c(["init", "first", "last"]))).t(
            f" ({self.c(['week 12', 'z.s.m.', 'volgende keer'])})\n"
        )
        return d

    def nota(self) -> Doc:
        """Memo header (sometimes in capitals)."""
        d = Doc()
        a, b, c = self.pool.who(), self.pool.who(), self.pool.who()
        caps = self.r.random() < 0.3
        lab = (lambda s: s.upper()) if caps else (lambda s: s)
        d.t(f"Aan de minister van {self.c(MIN)}\n{lab('Opsteller')}: ").p(
            form(a, "caps") if caps else form(a, self.c(["full", "init"]))
        )
        d.t(
            f"\n{lab('Datum')}: {self.r.randint(1, 28)} {self.c(['maart', 'mei', 'oktober'])} 2023"
            f"\n{lab('Cc')}: "
        ).p(form(b, self.c(["init", "full"])))
        d.t("\nParaaf: ").p(dots(c.inits)).t("\n\n")
        d.t(f"Ter besluitvorming over {self.c(SUBJECTS)}. ")
        if self.r.random() < 0.5:
            d.t("Het voorstel is opgesteld door ").p(form(a, self.c(["full", "init"]))).t(
                f" in samenspraak met {self.c(ORGS)}."
            )
        return d

    def letter(self) -> Doc:
        """Citizen's letter."""
        d = Doc()
        a, b = self.pool.who(), self.pool.who()
        d.t(self.c(["Geachte heer ", "Geachte mevrouw "])).p(form(b, "last")).t(",\n\n")
        d.t(f"Op {self.r.randint(1, 28)} april ontving ik uw brief over {self.c(SUBJECTS)}. ")
        d.t(self.c(["Mijn man ", "Mijn zoon ", "Mijn buurvrouw ", "Ons gezinslid "])).p(
            form(self.pool.who(), self.c(["full", "first"]))
        )
        d.t(
            f" heeft daar ook last van. Ik woon al twintig jaar in {self.c(TOWNS)} "
            "en heb nooit eerder geklaagd.\n\n"
        )
        d.t(self.c(["Hoogachtend,\n\n", "Met vriendelijke groet,\n"])).p(
            form(a, self.c(["full", "init"]))
        )
        return d

    def titled(self) -> Doc:
        """Titles, possessives, line breaks, hyphenated and capitalised names."""
        d = Doc()
        w = self.pool.who()
        v = self.r.randint(0, 5)
        if v == 0:
            d.t(self.c(["Mevrouw ", "De heer ", "Dhr. ", "Mw. ", "Ir. ", "Prof. dr. "])).p(
                form(w, "last")
            ).t(f" was aanwezig namens {self.c(ORGS)}.")
        elif v == 1:
            d.t("Dit is ").p(w.first).t(self.c(["'s", "’s"])).t(" laatste werkdag bij de afdeling.")
        elif v == 2:
            d.t("Het concept van ").p(
                f"{w.first} {w.tv + ' ' if w.tv else ''}{w.last}".replace(" ", "\n", 1)
            ).t(f" is\nbesproken met {self.c(ORGS)}.")
        elif v == 3:
            d.t("GEZIEN DOOR: ").p(form(w, "caps")).t(
                f"\nAFDELING: {self.c(['JZ', 'FEZ', 'COMMUNICATIE'])}"
            )
        elif v == 4:
            d.t("Hierover is contact geweest met ").p(form(w, "init")).t(
                self.c([", die het ook niet wist.", " van de uitvoeringsorganisatie."])
            )
        else:
            d.p(form(w, "last")).t("' reactie kwam pas na het weekend.")
        return d

    def keep_doc(self) -> Doc:
        """Office holders acting in their role (keep), mixed with civil servants (redact)."""
        d = Doc()
        o, o2, o3, civ = self.pool.who(), self.pool.who(), self.pool.who(), self.pool.who()
        v = self.r.randint(0, 7)
        if v == 0:
            d.t("Minister ").k(form(o, "full")).t(f" bezocht {self.c(TOWNS)} en sprak met ").p(
                form(civ, "full")
            ).t(", projectleider.")
        elif v == 1:
            d.t("Burgemeester ").k(form(o, self.c(["init", "last"]))).t(
                f" van {self.c(TOWNS)} opende het nieuwe gemeentehuis."
            )
        elif v == 2:
            d.t("De wethouders ").k(form(o, "last")).t(", ").k(form(o2, "last")).t(" en ").k(
                form(o3, "last")
            ).t(f" zijn verantwoordelijk voor {self.c(SUBJECTS)}.")
        elif v == 3:
            d.t(f"Hoogachtend,\n\nDe Minister van {self.c(MIN)},\n\n").k(form(o, "init"))
        elif v == 4:
            d.t("Het Kamerlid ").k(form(o, "full")).t(
                f" ({self.c(['VVD', 'SP', 'CDA', 'D66'])}) stelde vragen over {self.c(SUBJECTS)}. "
            )
            d.t("De beantwoording wordt voorbereid door ").p(form(civ, self.c(["full", "init"]))).t(
                "."
            )
        elif v == 5:
            d.t("Staatssecretaris ").k(form(o, "last")).t(" heeft de nota van ").p(
                form(civ, "full")
            ).t(" ondertekend.")
        elif v == 6:
            d.t("Gedeputeerde ").k(form(o, "full")).t(" en commissaris van de Koning ").k(
                form(o2, "full")
            ).t(f" spraken over {self.c(SUBJECTS)}.")
        else:
            d.t("In het persbericht zegt woordvoerder ").k(form(o, "full")).t(
                ": 'We nemen de zorgen serieus.'"
            )
        return d

    def trap(self) -> Doc:
        """No names: 1-3 sentences with organisations, places, laws, role words."""
        d = Doc()
        for i in range(self.r.randint(1, 3)):
            if i:
                d.t(self.c([" ", "\n", "\n\n"]))
            d.t(self.trap_sentence())
        return d

    def trap_sentence(self) -> str:
        """One name-free sentence."""
        return self.c(
            [
                "Op grond van artikel 5.1, tweede lid, onder e, van de Wet open overheid "
                "is informatie weggelakt.",
                f"De minister heeft {self.c(ORGS)} gevraagd om een nadere toelichting.",
                f"Volgens de staatssecretaris is {self.c(SUBJECTS)} op schema.",
                f"Het Kamerlid wil weten wanneer {self.c(ORGS)} reageert.",
                f"De burgemeester van {self.c(TOWNS)} en de wethouder van {self.c(TOWNS)} "
                "overleggen maandelijks.",
                "De bakker op de hoek en een visser uit Urk kregen een boete van de NVWA.",
                "De koning ontving de ambassadeurs op Paleis Noordeinde.",
                "Groen licht voor de nieuwe aanpak, aldus Binnenlandse Zaken.",
                "Besluit op uw Woo-verzoek van 3 juli 2023, kenmerk 2023-0012345.",
                "Deels openbaar. Niet openbaar. Openbaar.",
                f"Vanuit {self.c(TOWNS)} en {self.c(TOWNS)} zijn 14 bezwaren binnengekomen "
                f"bij {self.c(ORGS)}.",
                "Smid, bakker en slager: de ambachten in de binnenstad verdwijnen.",
                "Zuid-Holland, Gelderland en Limburg doen mee aan de proef met de Omgevingswet.",
                "Bijlage 3: Inventarislijst Woo-besluit Beleidsmedewerkers en directeuren.",
                "Wit en grijs zijn de kleuren van het nieuwe logo van de Rijksoverheid.",
                "Het DG-overleg en het MT zijn verplaatst naar dinsdag.",
                "Vos en haas in de duinen bij Den Helder: de provincie onderzoekt de wildstand.",
                "Bijgaand treft u het besluit van de Raad van State aan.",
                "Ten aanzien van de planning is nog geen besluit genomen.",
                f"Namens {self.c(ORGS)} reageert de directeur op de motie.",
                "Actie: nota opstellen voor het MT.\nStatus: Open",
                f"Kenmerk: 2023-{self.r.randint(100000, 999999)}\nBijlagen: 2",
                f"De inwoners van {self.c(TOWNS)} kunnen tot 1 juni een zienswijze indienen.",
                "De molenaar van Schiedam en de bakker uit Gouda zijn een stichting begonnen.",
            ]
        )

    def make(self) -> tuple[str, Doc]:
        """Return (kind, doc)."""
        kinds = [
            ("email", self.email, 17),
            ("chat", self.chat, 12),
            ("minutes", self.minutes, 12),
            ("nota", self.nota, 11),
            ("letter", self.letter, 9),
            ("titled", self.titled, 12),
            ("keep", self.keep_doc, 15),
            ("trap", self.trap, 12),
        ]
        kind, fn, _ = self.r.choices(kinds, weights=[w for _, _, w in kinds])[0]
        return kind, fn()


def main() -> None:
    """CLI entry point."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=520)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "names_eval.jsonl")
    args = ap.parse_args()
    gen = Gen(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as fh:
        for i in range(args.n):
            kind, d = gen.make()
            counts[kind] = counts.get(kind, 0) + 1
            for s, e in d.persons + d.keep:
                assert d.buf[s:e].strip() == d.buf[s:e] and re.search(r"\w", d.buf[s:e]), (
                    d.buf,
                    s,
                    e,
                )
            fh.write(
                json.dumps(
                    {
                        "id": f"ev{i:04d}",
                        "kind": kind,
                        "text": d.buf,
                        "persons": d.persons,
                        "keep": d.keep,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    print(f"wrote {args.n} docs to {args.out}: {counts}")


if __name__ == "__main__":
    main()
