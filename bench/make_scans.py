"""Seeded set of scanned (image-only) pages with personal data, and its gold boxes.

    python bench/make_scans.py [--out /tmp/scans_eval/in] [--n 12] [--seed 11]

Two kinds of page, alternating: a scanned attendance list (Presentielijst: Naam /
Organisatie / Handtekening, ruled, a scribbled signature per row) and a signed letter from a
private citizen (name, address, postcode, mobile number, private e-mail, signature). Each page
is drawn as vector text, rasterised at 150/200/300 dpi, skewed by up to ±1.5° and given scanner
noise, then placed as the only content of a new A4 page: there is no text layer, so the
pipeline has to OCR it. Names come only from the EVAL split of ``models/namelists`` (held out
of the model's training data and the runtime lists), so the set does not measure names the
model has seen. ``gold.json`` (beside the ``in/`` folder) lists every item with its box in PDF
points on the final, skewed page; ``bench/eval_scans.py`` scores outputs against it.

Redact items: PERSON, ADDRESS, POSTCODE, PHONE, EMAIL, SIGNATURE. Keep items, which must stay
readable: ORG_KEEP (organisations in the list, the addressed municipality) and KEEP (title,
meeting line and column headers of the list; the municipality's postal lines and the subject of
the letter). Streets and places are invented; nothing is taken from another evaluation set.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "models" / "namelists"
A4 = pymupdf.paper_rect("a4")
DPIS = (150, 200, 300)
MAX_SKEW = 1.5  # degrees
NOISE_SIGMA = 8.0
Colour = tuple[float, float, float]
INKS: dict[str, Colour] = {"black": (0.05, 0.05, 0.08), "blue": (0.08, 0.12, 0.45)}

# Invented, plausible Dutch streets and places (not taken from any list or evaluation set).
STREETS = [
    "Lindelaan", "Kastanjestraat", "Molenweg", "Beukenhof", "Zuiderkade", "Vlinderstraat",
    "Weidedijk", "Meidoornpad", "Hoefsmidstraat", "Klaverplein", "Rietgors", "Spoorsingel",
    "Brederodestraat", "Oude Haven", "Akkerwinde", "Sluiskade", "Esdoornlaan", "Pastoriehof",
]  # fmt: skip
PLACES = [
    "Breeveen", "Lindewoude", "Oosterbroek", "Westerhaar", "Hogezand", "Molenwijk",
    "Ravensloot", "Zandvoorde", "Heidebeek", "Nieuw-Ammers", "Kortenhoef", "Dijkhuizen",
]  # fmt: skip
ORGS = [
    "Gemeente {p}", "Provincie Gelderland", "Rijkswaterstaat", "Waterschap Rivierenland",
    "Omgevingsdienst Regio {p}", "GGD Hollands Midden", "Stichting Natuurbehoud {p}",
    "Ministerie van BZK", "Veiligheidsregio Utrecht", "Woningcorporatie Thuisbaas",
    "Netbeheerder Enexis", "ProRail", "Staatsbosbeheer", "Dorpsraad {p}",
]  # fmt: skip
TOPICS = [
    "Overleg regionale energiestrategie", "Klankbordgroep herinrichting centrum",
    "Bewonersavond windpark", "Werkgroep waterveiligheid dijkversterking",
    "Stuurgroep jeugdzorg regio", "Informatiebijeenkomst nieuwe woonwijk",
]  # fmt: skip
SUBJECTS = [
    "bezwaar tegen omgevingsvergunning", "verzoek om informatie over de bomenkap",
    "klacht over geluidsoverlast", "aanvraag parkeervergunning", "zienswijze bestemmingsplan",
]  # fmt: skip
BODY = [
    "Hierbij maak ik bezwaar tegen het besluit dat u mij onlangs hebt toegestuurd.",
    "Ik woon al ruim twintig jaar in deze straat en maak mij zorgen over de gevolgen.",
    "Graag ontvang ik een bevestiging dat u mijn brief in goede orde hebt ontvangen.",
    "De overlast is de afgelopen maanden steeds erger geworden, vooral in de avond.",
    "Ik verzoek u vriendelijk om de stukken die bij dit besluit horen aan mij toe te sturen.",
    "Mijn buren delen deze zorgen en hebben mij gevraagd dit namens ons allen te melden.",
    "Voor vragen ben ik overdag telefonisch bereikbaar op het nummer hierboven.",
    "Ik hoop dat u mijn verzoek serieus wilt nemen en zie uw reactie met belangstelling tegemoet.",
]
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
MAIL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl"]


def read_eval(name: str) -> list[str]:
    """One EVAL-split list, restricted to what the base-14 fonts can draw (WinAnsi)."""
    out = []
    for line in (NAMES / name).read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            try:
                word.encode("cp1252")
            except UnicodeEncodeError:
                continue
            out.append(word)
    return out


@dataclass
class Names:
    """Eval-split first names and surnames (Dutch, with tussenvoegsel, and foreign)."""

    first: list[str] = field(default_factory=lambda: read_eval("nl_first.eval.txt"))
    nl: list[str] = field(default_factory=lambda: read_eval("nl_surname.eval.txt"))
    base: list[str] = field(default_factory=lambda: read_eval("nl_interfix_surname.eval.txt"))
    foreign: list[str] = field(
        default_factory=lambda: sum(
            (read_eval(f"{c}_surname.eval.txt") for c in ("tr", "pl", "ma", "in", "id")), []
        )
    )
    foreign_first: list[str] = field(
        default_factory=lambda: sum(
            (read_eval(f"{c}_first.eval.txt") for c in ("tr", "pl", "ma", "in", "fy")), []
        )
    )

    def surname(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.25:
            interfix = rng.choice(["van", "de", "van der", "van den", "van de", "ter", "den"])
            return f"{interfix} {rng.choice(self.base)}"
        return rng.choice(self.foreign if r < 0.45 else self.nl)

    def given(self, rng: random.Random) -> str:
        return rng.choice(self.foreign_first if rng.random() < 0.2 else self.first)

    def initials(self, rng: random.Random) -> str:
        return "".join(f"{self.given(rng)[0].upper()}." for _ in range(rng.choice([1, 1, 2, 3])))


@dataclass
class Item:
    type: str
    text: str
    rect: pymupdf.Rect  # on the unskewed page
    tighten: bool = True  # text: shrink to the drawn ink


class Canvas:
    """A vector page that remembers where each gold item was drawn."""

    def __init__(self, doc: pymupdf.Document, font: str, size: float) -> None:
        self.page = doc.new_page(width=A4.width, height=A4.height)
        self.font, self.size = font, size
        f = pymupdf.Font(font)
        self.asc, self.desc = f.ascender, f.descender
        self.items: list[Item] = []

    def text(
        self, x: float, y: float, text: str, kind: str | None = None, size: float = 0
    ) -> float:
        """Draw ``text`` with its baseline at y; record it as a gold item; return its right edge."""
        size = size or self.size
        self.page.insert_text((x, y), text, fontname=self.font, fontsize=size)
        width = pymupdf.get_text_length(text, fontname=self.font, fontsize=size)
        if kind:
            rect = pymupdf.Rect(x, y - self.asc * size, x + width, y - self.desc * size)
            self.items.append(Item(kind, text, rect))
        return x + width

    def signature(self, rng: random.Random, box: pymupdf.Rect, ink: Colour, width: float) -> None:
        """A scribble of chained cubic Béziers inside ``box``; its gold box is the stroke extent."""
        shape = self.page.new_shape()
        segments = rng.randint(4, 7)
        x = box.x0 + rng.uniform(0, 0.1) * box.width
        p0 = pymupdf.Point(x, rng.uniform(box.y0 + box.height * 0.3, box.y1))
        points = [p0]
        step = box.width * 0.9 / segments

        def rnd(lo: float, hi: float) -> pymupdf.Point:
            return pymupdf.Point(rng.uniform(lo, hi), rng.uniform(box.y0, box.y1))

        for _ in range(segments):
            p1 = rnd(p0.x - step * 0.5, p0.x + step * 1.5)
            p2 = rnd(p0.x - step * 0.5, p0.x + step * 1.5)
            p3 = rnd(p0.x + step * 0.5, p0.x + step * 1.2)
            shape.draw_bezier(p0, p1, p2, p3)
            points += bezier_points(p0, p1, p2, p3)
            p0 = p3
        shape.finish(color=ink, width=width, closePath=False, lineCap=1, lineJoin=1)
        shape.commit()
        xs, ys = [p.x for p in points], [p.y for p in points]
        rect = pymupdf.Rect(min(xs), min(ys), max(xs), max(ys)) + (-width, -width, width, width)
        self.items.append(Item("SIGNATURE", "", rect, tighten=False))


def bezier_points(
    p0: pymupdf.Point, p1: pymupdf.Point, p2: pymupdf.Point, p3: pymupdf.Point, n: int = 40
) -> list[pymupdf.Point]:
    """Points along a cubic Bézier: its real extent, not the (larger) control-point hull."""
    out = []
    for i in range(n + 1):
        t = i / n
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        out.append(p0 * a + p1 * b + p2 * c + p3 * d)
    return out


def attendance(c: Canvas, rng: random.Random, names: Names, ink: Colour, pen: float) -> None:
    """Presentielijst: title, meeting line, a ruled table with a scribble in every row."""
    c.text(60, 90, "Presentielijst", "KEEP", size=20)
    c.text(60, 118, rng.choice(TOPICS), "KEEP", size=c.size + 1)
    day = f"{rng.randint(1, 28)} {rng.choice(MONTHS.split())} 2026"
    c.text(60, 136, f"Datum: {day}   Locatie: gemeentehuis {rng.choice(PLACES)}")
    cols = [60.0, 225.0, 400.0, 535.0]
    top, head_h, row_h = 160.0, 24.0, rng.uniform(32, 42)
    rows = rng.randint(4, 8)
    bottom = top + head_h + rows * row_h
    shape = c.page.new_shape()
    shape.draw_rect(pymupdf.Rect(cols[0], top, cols[-1], bottom))
    for r in range(rows):
        y = top + head_h + r * row_h
        shape.draw_line((cols[0], y), (cols[-1], y))
    if rng.random() < 0.6:  # column rules on most lists
        for x in cols[1:-1]:
            shape.draw_line((x, top), (x, bottom))
    shape.finish(color=(0, 0, 0), width=0.8)
    shape.commit()
    for x, head in zip(cols[:3], ("Naam", "Organisatie", "Handtekening"), strict=True):
        c.text(x + 5, top + 16, head, "KEEP")  # a header read as a field label is lost
    for r in range(rows):
        y0 = top + head_h + r * row_h
        base = y0 + row_h / 2 + c.size * 0.35
        c.text(cols[0] + 5, base, f"{names.initials(rng)} {names.surname(rng)}", "PERSON")
        org = rng.choice(ORGS).format(p=rng.choice(PLACES))
        room = cols[2] - cols[1] - 10  # a long name is written smaller, never over the next cell
        width = pymupdf.get_text_length(org, fontname=c.font, fontsize=c.size)
        c.text(cols[1] + 5, base, org, "ORG_KEEP", size=min(c.size, c.size * room / width))
        half = row_h * rng.uniform(0.3, 0.7)  # over 0.5: the scribble crosses the row rules
        mid = y0 + row_h / 2
        box = pymupdf.Rect(cols[2] + 8, mid - half, cols[3] - rng.uniform(8, 40), mid + half)
        c.signature(rng, box, ink, pen)


def letter(c: Canvas, rng: random.Random, names: Names, ink: Colour, pen: float) -> None:
    """A citizen's signed letter to a municipality: address block, body, closing, scribble, name."""
    first, last = names.given(rng), names.surname(rng)
    name = f"{first} {last}"
    street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}{rng.choice(['', '', '', 'a', 'B'])}"
    letters = rng.choice("ABCDEGHJKLNPRSTVXZ") + rng.choice("ABDEHJKLNPRTVXZ")
    postcode = f"{rng.randint(1000, 9999)} {letters}"
    place = rng.choice(PLACES)
    phone = f"06-{rng.randint(1, 5)}{rng.randint(0, 9999999):07d}"
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(60, 99)}"])
    email = f"{local.lower().replace(' ', '')}@{rng.choice(MAIL_DOMAINS)}"
    lh = c.size * 1.4
    y = 80.0
    c.text(60, y, name, "PERSON")
    c.text(60, y + lh, street, "ADDRESS")
    pc = c.text(60, y + 2 * lh, postcode, "POSTCODE")
    c.text(pc + c.size * 0.3, y + 2 * lh, place)
    c.text(c.text(60, y + 3 * lh, "Tel.: "), y + 3 * lh, phone, "PHONE")
    c.text(c.text(60, y + 4 * lh, "E-mail: "), y + 4 * lh, email, "EMAIL")
    town = rng.choice(PLACES)
    y = 200.0
    c.text(60, y, f"Gemeente {town}", "ORG_KEEP")
    c.text(60, y + lh, "t.a.v. het college van burgemeester en wethouders")
    c.text(60, y + 2 * lh, f"Postbus {rng.randint(10, 999)}", "KEEP")  # the organisation's
    c.text(60, y + 3 * lh, f"{rng.randint(1000, 9999)} AA  {town}", "KEEP")
    y = 300.0
    day = f"{rng.randint(1, 28)} {rng.choice(MONTHS.split())} 2026"
    c.text(60, y, f"{place}, {day}")
    c.text(60, y + 2 * lh, f"Betreft: {rng.choice(SUBJECTS)}", "KEEP")
    y += 4 * lh
    c.text(60, y, "Geachte heer, mevrouw,")
    y += 2 * lh
    for sentence in rng.sample(BODY, rng.randint(3, 5)):
        for line in wrap(sentence, c, 470):
            c.text(60, y, line)
            y += lh
        y += lh * 0.5
    y += lh
    c.text(60, y, "Met vriendelijke groet,")
    box = pymupdf.Rect(62, y + 8, 62 + rng.uniform(90, 150), y + 8 + rng.uniform(28, 42))
    c.signature(rng, box, ink, pen)
    c.text(60, box.y1 + lh + 4, name, "PERSON")


def wrap(text: str, c: Canvas, width: float) -> list[str]:
    """Greedy line breaking with the canvas font."""
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and pymupdf.get_text_length(trial, fontname=c.font, fontsize=c.size) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + [cur] if cur else lines


def tight(rect: pymupdf.Rect, grey: np.ndarray, scale: float) -> pymupdf.Rect:
    """Shrink a text item's font-metric box to its drawn ink (on the clean raster)."""
    x0, y0 = max(int(rect.x0 * scale), 0), max(int(rect.y0 * scale), 0)
    x1, y1 = int(math.ceil(rect.x1 * scale)), int(math.ceil(rect.y1 * scale))
    ink = grey[y0:y1, x0:x1] < 160
    if not ink.any():
        return rect
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    pad = 0.5
    return pymupdf.Rect(
        (x0 + cols[0]) / scale - pad,
        (y0 + rows[0]) / scale - pad,
        (x0 + cols[-1] + 1) / scale + pad,
        (y0 + rows[-1] + 1) / scale + pad,
    )


def skew_rect(rect: pymupdf.Rect, angle: float) -> list[float]:
    """Box of ``rect`` after PIL's counter-clockwise rotation by ``angle`` about the centre."""
    cx, cy = A4.width / 2, A4.height / 2
    t = math.radians(angle)
    xs, ys = [], []
    for x, y in ((rect.x0, rect.y0), (rect.x1, rect.y0), (rect.x0, rect.y1), (rect.x1, rect.y1)):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * math.cos(t) + dy * math.sin(t))
        ys.append(cy - dx * math.sin(t) + dy * math.cos(t))
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]


def scan(
    page: pymupdf.Page, dpi: int, angle: float, colour: bool, seed: int
) -> tuple[bytes, np.ndarray]:
    """Rasterise, skew, add noise and specks: (PNG bytes, clean grey raster for tightening)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB if colour else pymupdf.csGRAY)
    mode = "RGB" if colour else "L"
    img = Image.frombytes(mode, (pix.width, pix.height), pix.samples)
    clean = np.asarray(img.convert("L"))
    fill = (255, 255, 255) if colour else 255
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    arr = np.asarray(img).astype(np.float32)
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, NOISE_SIGMA, arr.shape[:2]).astype(np.float32)
    arr = arr + (noise[..., None] if colour else noise)
    h, w = arr.shape[:2]
    for _ in range(int(rng.integers(15, 40))):  # dust and toner specks
        y, x, r = int(rng.integers(0, h)), int(rng.integers(0, w)), int(rng.integers(1, 3))
        arr[max(y - r, 0) : y + r, max(x - r, 0) : x + r] = rng.uniform(30, 110)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode)
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=1)  # MuPDF re-encodes it anyway
    return buf.getvalue(), clean


def make(n: int, out: Path, seed: int) -> list[dict]:
    """Write ``n`` scanned PDFs into ``out`` and return their gold entries."""
    rng = random.Random(seed)
    names = Names()
    gold = []
    for i in range(n):
        kind = ("presentielijst", "brief")[i % 2]
        dpi = DPIS[(i // 2) % len(DPIS)]  # every kind at every resolution
        angle = round(rng.uniform(-MAX_SKEW, MAX_SKEW), 2)
        ink_name = rng.choice(sorted(INKS))
        pen = 2 * 72 / dpi  # 2 px at the scan resolution
        src = pymupdf.open()
        c = Canvas(src, rng.choice(["helv", "tiro"]), rng.choice([10.0, 11.0, 12.0]))
        (attendance if kind == "presentielijst" else letter)(c, rng, names, INKS[ink_name], pen)
        png, clean = scan(c.page, dpi, angle, ink_name == "blue", seed * 1000 + i)
        scale = clean.shape[1] / A4.width
        items = []
        for it in c.items:
            rect = tight(it.rect, clean, scale) if it.tighten else it.rect
            box = skew_rect(rect, angle)
            items.append({"type": it.type, "text": it.text, "page": 0, "bbox": box})
        src.close()
        doc = pymupdf.open()
        page = doc.new_page(width=A4.width, height=A4.height)
        page.insert_image(page.rect, stream=png)
        name = f"scan_{i + 1:02d}_{kind}.pdf"
        doc.save(out / name, deflate=True, compression_effort=20, no_new_id=True)  # fast zlib
        doc.close()
        entry = {"file": name, "kind": kind, "dpi": dpi, "skew": angle, "ink": ink_name}
        gold.append({**entry, "items": items})
    return gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/scans_eval/in"))
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("scan_*.pdf"):
        old.unlink()
    t0 = time.perf_counter()
    gold = make(args.n, args.out, args.seed)
    path = args.out.parent / "gold.json"
    docs = []  # one item a line: readable and diffable
    for d in gold:
        items = ",\n".join("    " + json.dumps(it, ensure_ascii=False) for it in d["items"])
        head = json.dumps({k: v for k, v in d.items() if k != "items"}, ensure_ascii=False)
        docs.append(f'  {head[:-1]}, "items": [\n{items}\n  ]}}')
    path.write_text("[\n" + ",\n".join(docs) + "\n]\n", encoding="utf-8")
    count = sum(len(d["items"]) for d in gold)
    took = time.perf_counter() - t0
    print(f"{len(gold)} documents, {count} items -> {args.out}, {path} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
