"""Build the name lists under ``models/namelists/`` from deduce and Faker data.

Usage::

    python models/build_namelists.py [--deduce /tmp/dd/x/deduce/data/lookup/src]

Every source list is split deterministically into a ``train`` part (~80 %) and
an ``eval`` part (~20 %) by a stable hash of the lowercased name.  Training data
(``models/make_data.py``) only uses ``*.train.txt``; the evaluation set
(``bench/make_eval_names.py``) only uses ``*.eval.txt``.  The runtime lists
``first_names.txt`` and ``surnames.txt`` contain only TRAIN names.

This script needs the unpacked deduce package and ``faker``; both are
build-time only.  Its output is committed, so normal use never runs it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "namelists"
EVAL_SHARE = 20  # percent

# Hand-written lists (public knowledge, no external source).
FRISIAN_FIRST = [
    "Sjoerd",
    "Wytske",
    "Hylke",
    "Tjitske",
    "Durk",
    "Sietske",
    "Jelmer",
    "Baukje",
    "Auke",
    "Geertje",
    "Sjoukje",
    "Hessel",
    "Wiebe",
    "Jitske",
    "Tjeerd",
    "Rixt",
    "Doutzen",
    "Femke",
    "Jildou",
    "Marrit",
    "Bauke",
    "Eelke",
    "Folkert",
    "Gerbrich",
    "Hidde",
    "Idske",
    "Jelle",
    "Klaske",
    "Lolkje",
    "Minke",
    "Nynke",
    "Oene",
    "Pier",
    "Reinou",
    "Sybren",
    "Tsjalle",
    "Wopke",
    "Ype",
    "Ytsje",
    "Anke",
    "Atsje",
    "Bonne",
    "Douwe",
    "Eabele",
    "Fokje",
    "Gatske",
    "Haije",
    "Hiltsje",
    "Jouke",
    "Lieuwe",
    "Meinte",
    "Rients",
    "Sippe",
    "Tetje",
    "Trijntje",
    "Wimkje",
    "Yde",
    "Aukje",
    "Binne",
    "Dirkje",
    "Freerk",
    "Gerlof",
    "Harmke",
    "Jetske",
    "Sjouke",
    "Taeke",
]

MOROCCAN_FIRST = [
    "Mohammed",
    "Mohamed",
    "Ahmed",
    "Youssef",
    "Yassine",
    "Mustafa",
    "Said",
    "Rachid",
    "Abdelkader",
    "Karim",
    "Hamid",
    "Mehdi",
    "Bilal",
    "Hamza",
    "Ayoub",
    "Soufiane",
    "Anouar",
    "Nordin",
    "Khalid",
    "Hicham",
    "Redouan",
    "Zakaria",
    "Ilias",
    "Ismail",
    "Fatima",
    "Khadija",
    "Aicha",
    "Naima",
    "Latifa",
    "Samira",
    "Nadia",
    "Malika",
    "Hanane",
    "Meryem",
    "Salma",
    "Imane",
    "Ikram",
    "Hajar",
    "Loubna",
    "Souad",
    "Zineb",
    "Houda",
    "Nora",
    "Rachida",
    "Siham",
    "Yasmina",
    "Dounia",
    "Asmae",
    "Kaoutar",
    "Najat",
    "Ibtissam",
    "Abdelhak",
    "Abdelilah",
    "Driss",
    "Mimoun",
    "Brahim",
    "Lahcen",
    "Jamal",
    "Nourdin",
    "Omar",
    "Tarik",
    "Walid",
    "Anass",
    "Oussama",
]

MOROCCAN_SURNAME = """El Amrani;Bouzid;Benali;El Idrissi;Ouali;Azzouzi;Boukhari;El Ouardi;Chaouch;
Ait Said;Bakkali;El Khattabi;Amezian;Haddouchi;Boulahrouz;Essafi;Aboutaleb;Marcouch;Tahiri;
Benhaddou;El Bouazzaoui;Ouchan;Lamrabet;Zeroual;Bouchtaoui;El Hamdaoui;Chakir;Touzani;
Ben Yahia;El Boujaddaini;Abarkan;Akhaddar;Belhaj;Dahmani;El Fassi;Fikri;Ghazi;Hammouchi;
Jebari;Kadiri;Lahouari;Mansouri;Najjari;Outmani;Rahmouni;Saadi;Tazi;Yacoubi;Zaari;El Yassini;
Amrani;Bennani;Chafik;Daoudi;Elkaddouri;Haddou;Idrissi;Laghmich;Mouhib;Naciri""".replace(
    "\n", ""
).split(";")

HINDUSTANI_FIRST = [
    "Ramesh",
    "Sunil",
    "Anand",
    "Radj",
    "Kiran",
    "Soenita",
    "Shanti",
    "Rajesh",
    "Dinesh",
    "Vikash",
    "Sandhya",
    "Anita",
    "Priya",
    "Ravi",
    "Ashwin",
    "Ritesh",
    "Nisha",
    "Reshma",
    "Shirley",
    "Soekdew",
    "Ramdath",
    "Bhagwandin",
    "Kavita",
    "Sharda",
    "Sieta",
    "Rabin",
    "Mahesh",
    "Navin",
    "Prem",
    "Indra",
    "Roshni",
    "Shanta",
    "Shailesh",
    "Deepak",
    "Anjali",
    "Ashok",
    "Chandra",
    "Geeta",
    "Harish",
    "Joti",
]

HINDUSTANI_SURNAME = """Ramdin;Jagesar;Mahabier;Ramautar;Soekhai;Ramcharan;Bihari;Kalloe;
Ramlal;Sewdien;
Jhinkoe;Rampersad;Soekhlal;Badloe;Chotkan;Girjasing;Harpal;Jagroep;Kalka;Lachmon;Mangal;
Matadin;Nandoe;Persad;Radjkoemar;Ramkisoen;Ramsaroep;Sardjoe;Sital;Soerdjbalie;Tewari;
Bissesar;Doekhie;Gobardhan;Hanoeman;Jadnanansing;Kanhai;Mohan;Oemrawsingh;Ramnath""".replace(
    "\n", ""
).split(";")


def is_eval(name: str) -> bool:
    """Return True if ``name`` belongs to the held-out evaluation split."""
    digest = hashlib.sha1(name.strip().lower().encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100 < EVAL_SHARE


def clean(names: Iterable[str]) -> list[str]:
    """Deduplicate, strip and keep plausible Latin-script names only."""
    seen: dict[str, str] = {}
    for raw in names:
        name = raw.strip()
        if not name or len(name) < 2 or not re.fullmatch(r"[^\W\d_][\w'\- ]*", name):
            continue
        if not name[0].isupper() or not re.search(r"[A-Za-zÀ-ɏ]", name):
            continue
        seen.setdefault(name.lower(), name)
    return sorted(seen.values(), key=str.lower)


def read_lines(path: Path) -> list[str]:
    """Read a UTF-8 list file."""
    return path.read_text(encoding="utf-8").splitlines()


def faker_names(locale: str, attr: str) -> list[str]:
    """Return a name tuple from a Faker person provider."""
    import importlib

    mod = importlib.import_module(f"faker.providers.person.{locale}")
    names: list[str] = []
    for a in (attr, f"{attr}_male", f"{attr}_female"):
        val = getattr(mod.Provider, a, ())
        names.extend(val.keys() if isinstance(val, dict) else val)
    if attr == "last_names":
        names.extend(getattr(mod.Provider, "male_last_names", ()))
        names.extend(getattr(mod.Provider, "unisex_last_names", ()))
    return names


def write_split(stem: str, names: list[str]) -> tuple[list[str], list[str]]:
    """Write ``stem.train.txt`` and ``stem.eval.txt``; return both parts."""
    train = [n for n in names if not is_eval(n)]
    ev = [n for n in names if is_eval(n)]
    (OUT / f"{stem}.train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    (OUT / f"{stem}.eval.txt").write_text("\n".join(ev) + "\n", encoding="utf-8")
    print(f"{stem:22s} train={len(train):6d} eval={len(ev):5d}")
    return train, ev


SMALL_WORDS = {
    "aan",
    "en",
    "de",
    "den",
    "der",
    "op",
    "bij",
    "in",
    "het",
    "van",
    "ter",
    "ten",
    "te",
    "a/d",
    "over",
    "onder",
    "aan de",
    "sur",
}


def fix_place(name: str) -> str:
    """Repair deduce's title-cased place names ("Aa En Hunze" -> "Aa en Hunze")."""
    name = re.sub(r"^'S-", "'s-", name.strip())
    words = name.split(" ")
    return " ".join(
        w.lower() if i > 0 and w.lower() in SMALL_WORDS else w for i, w in enumerate(words)
    )


def write_plain(fname: str, items: list[str]) -> None:
    """Write a deduplicated, sorted list."""
    uniq = sorted({i.lower(): i for i in items if i}.values(), key=str.lower)
    (OUT / fname).write_text("\n".join(uniq) + "\n", encoding="utf-8")
    print(f"{fname:22s} {len(uniq)}")


def locations(src: Path) -> None:
    """Copy place, region, province, street and common-word lists (not split)."""
    pl = src / "locations/lst_placename"
    places = [
        fix_place(x)
        for sub in ("lst_municipality", "lst_residence")
        for x in read_lines(pl / sub / "items.txt")
    ]
    write_plain("places.txt", [p for p in places if len(p) > 2])
    write_plain("regions.txt", [fix_place(x) for x in read_lines(pl / "lst_region/items.txt")])
    write_plain("provinces.txt", read_lines(pl / "lst_province/items.txt") + ["Fryslân"])
    streets = [
        s
        for s in read_lines(src / "locations/lst_street/items.txt")
        if re.fullmatch(
            r"[A-Z][a-zà-ÿ\-]+(straat|weg|laan|plein|gracht|kade|dijk|singel|hof|pad|dreef|steeg)",
            s,
        )
    ]
    write_plain(
        "streets.txt",
        [s for s in streets if int(hashlib.sha1(s.encode()).hexdigest()[:6], 16) % 25 == 0],
    )
    words = [
        w
        for w in read_lines(src / "whitelist/lst_common_word/items.txt")
        if re.fullmatch(r"[a-z]{4,}", w)
    ]
    write_plain("common_words.txt", words)


def main() -> None:
    """Build all lists."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--deduce", type=Path, default=Path("/tmp/dd/x/deduce/data/lookup/src"))
    args = ap.parse_args()
    src = args.deduce
    OUT.mkdir(parents=True, exist_ok=True)

    firsts: list[str] = []
    surnames: list[str] = []
    sources = {
        "nl_first": clean(read_lines(src / "names/lst_first_name/items.txt")),
        "nl_surname": clean(read_lines(src / "names/lst_surname/items.txt")),
        "nl_interfix_surname": clean(read_lines(src / "names/lst_interfix_surname/items.txt")),
        "tr_first": clean(faker_names("tr_TR", "first_names")),
        "tr_surname": clean(faker_names("tr_TR", "last_names")),
        "pl_first": clean(faker_names("pl_PL", "first_names")),
        "pl_surname": clean(faker_names("pl_PL", "last_names")),
        "id_first": clean(faker_names("id_ID", "first_names")),
        "id_surname": clean(faker_names("id_ID", "last_names")),
        "in_first": clean(faker_names("en_IN", "first_names") + HINDUSTANI_FIRST),
        "in_surname": clean(faker_names("en_IN", "last_names") + HINDUSTANI_SURNAME),
        "ma_first": clean(MOROCCAN_FIRST),
        "ma_surname": clean(MOROCCAN_SURNAME),
        "fy_first": clean(FRISIAN_FIRST),
    }
    for stem, names in sources.items():
        train, _ = write_split(stem, names)
        (firsts if stem.endswith("_first") else surnames).extend(train)
    interfixes = [
        "van",
        "de",
        "van der",
        "van den",
        "van de",
        "ter",
        "ten",
        "te",
        "in 't",
        "van 't",
        "den",
        "der",
        "op de",
        "op 't",
        "uit de",
        "van het",
        "de la",
        "du",
        "le",
        "la",
    ]
    (OUT / "interfixes.txt").write_text("\n".join(interfixes) + "\n", encoding="utf-8")
    locations(src)
    for fname, names in (("first_names.txt", firsts), ("surnames.txt", surnames)):
        uniq = sorted({n.lower(): n for n in names}.values(), key=str.lower)
        (OUT / fname).write_text("\n".join(uniq) + "\n", encoding="utf-8")
        print(f"{fname:22s} {len(uniq)}")


if __name__ == "__main__":
    main()
