"""Seeded set of text pages with pictures of text on them, and its gold boxes.

    python bench/make_pictures.py [--out /tmp/pictures_eval/in] [--seed 23]

The sibling of ``bench/make_scans.py`` (same gold format, scored by ``bench/eval_scans.py``),
for what a scan set does not have: text pages with a picture pasted on them.

- ``chat``: a memo with a screenshot of a chat (group name, sender labels, messages with a
  mobile number and a private e-mail address); on every other one the memo's own text names
  the chat's first sender too, on one a sender drew a black box over part of the picture (the
  pixels under it stay in the file, so the box must be burnt).
- ``mail``: a memo with a screenshot of an e-mail (Van/Aan/CC with names and addresses, a
  signature block with a mobile number); one is placed on its side (turned 90°).
- ``pasted``: a scanned signed letter (150–300 dpi, skewed, noisy) pasted onto a text page at
  reduced size.
- ``outline``: a citizen's letter whose text is drawn as glyph outlines (no text layer).
- ``photo``: a text page with a photo and a logo and no personal data: it must cost no OCR and
  lose nothing.

Names come only from the EVAL split of ``models/namelists`` (as in make_scans); streets, places
and organisations are the invented ones of make_scans. Gold boxes are in PDF points of the
final page. Items: PERSON, PHONE, EMAIL, ADDRESS, POSTCODE, SIGNATURE (redact); KEEP and
ORG_KEEP (must stay readable). An item with ``"image": true`` lies in a picture: besides its
ink on the rendered page, the picture's own pixels under it must be gone (eval_scans checks).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scans import (  # noqa: E402  (a sibling script, not a package)
    A4,
    INKS,
    MAIL_DOMAINS,
    MONTHS,
    ORGS,
    PLACES,
    Canvas,
    Names,
    letter,
    scan,
    tight,
)

BG = (0.93, 0.90, 0.86)  # a chat app's background
MINE, THEIRS = (0.86, 0.97, 0.78), (1.0, 1.0, 1.0)  # message bubbles
LABEL_INKS = [(0.1, 0.45, 0.4), (0.6, 0.15, 0.2), (0.2, 0.25, 0.6)]  # sender names in colour
TEXT = (0.15, 0.15, 0.15)
MESSAGES = [
    "Zijn de stukken voor de vergadering van donderdag al binnen?",
    "Ik heb het concept vanochtend doorgestuurd naar de {org}.",
    "Kun je mij even bellen? Mijn nummer is {phone}",
    "Stuur het maar naar mijn privé adres: {email}",
    "Prima, dan bespreken we het na het overleg.",
    "De wethouder wil de notitie vrijdag hebben.",
    "Ik ben vandaag vanaf twee uur bereikbaar.",
]
MEMO = [
    "Hieronder is een schermafbeelding van het gesprek opgenomen.",
    "De inhoud is van belang voor de beoordeling van het verzoek.",
    "Het gesprek vond plaats in het kader van de voorbereiding van het besluit.",
]
SUBJECTS = ["Planning bewonersavond", "Reactie op conceptbesluit", "Stukken overleg",
            "Vraag over de vergunning"]  # fmt: skip


@dataclass
class Shot:
    """A picture drawn on a scratch page in points, with the gold items drawn on it."""

    page: pymupdf.Page
    items: list[dict] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, kind: str | None = None, size: float = 10,
             color: tuple[float, float, float] = TEXT) -> float:  # fmt: skip
        """Draw ``text`` with its baseline at y; record it as an item; return its right edge."""
        self.page.insert_text((x, y), text, fontsize=size, fontname="helv", color=color)
        width = pymupdf.get_text_length(text, fontname="helv", fontsize=size)
        if kind:
            rect = pymupdf.Rect(x, y - 0.93 * size, x + width, y + 0.23 * size)
            self.items.append({"type": kind, "text": text, "rect": rect})
        return x + width


def person(rng: random.Random, names: Names) -> tuple[str, str]:
    return names.given(rng), names.surname(rng)


def private_mail(rng: random.Random, first: str, last: str) -> str:
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(60, 99)}"])
    local = local.lower().replace(" ", "")
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def mobile(rng: random.Random) -> str:
    return f"06-{rng.randint(1, 5)}{rng.randint(0, 9999999):07d}"


def chat_shot(rng: random.Random, names: Names) -> tuple[Shot, tuple[str, str]]:
    """A group chat: a header with the group's name, bubbles with sender labels."""
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=420)
    page.draw_rect(page.rect, color=None, fill=BG)
    shot = Shot(page)
    page.draw_rect(pymupdf.Rect(0, 0, 300, 40), color=None, fill=(0.97, 0.97, 0.97))
    shot.text(14, 25, f"Werkgroep {rng.choice(PLACES)}", "KEEP", size=12)
    people = [person(rng, names) for _ in range(2)]
    y = 56.0
    used: set[int] = set()
    for k in range(4):
        who = people[k % 2]
        mine = k % 2 == 1
        choices = [i for i in range(len(MESSAGES)) if i not in used]
        idx = 2 if k == 0 else 3 if k == 1 else rng.choice(choices)
        used.add(idx)
        phone, email = mobile(rng), private_mail(rng, *who)
        org = rng.choice(ORGS).format(p=rng.choice(PLACES))
        message = MESSAGES[idx].format(phone=phone, email=email, org=org)
        lines = wrap(message, 168, 10)
        height = 30 + 14 * len(lines)
        x0 = 100.0 if mine else 12.0
        bubble = pymupdf.Rect(x0, y, x0 + 188, y + height)
        page.draw_rect(bubble, color=None, fill=MINE if mine else THEIRS, radius=0.08)
        label = f"{who[0]} {who[1]}"
        shot.text(x0 + 8, y + 13, label, "PERSON", size=9, color=LABEL_INKS[k % 2])
        ly = y + 27
        for line in lines:
            x = x0 + 8
            parts = split_items(line, {phone: "PHONE", email: "EMAIL", org: "ORG_KEEP"})
            for part, kind in parts:
                x = shot.text(x, ly, part, kind)
            ly += 14
        shot.text(bubble.x1 - 28, bubble.y1 - 5, f"{rng.randint(8, 17)}:{rng.randint(0, 59):02d}",
                  size=7)  # fmt: skip
        y = bubble.y1 + 10
    return shot, people[0]


def mail_shot(rng: random.Random, names: Names) -> tuple[Shot, tuple[str, str]]:
    """An e-mail as an Outlook window shows it: header fields, body, signature block."""
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=300)
    page.draw_rect(page.rect, color=None, fill=(1, 1, 1))
    shot = Shot(page)
    sender, cc = person(rng, names), person(rng, names)
    place = rng.choice(PLACES)
    team = f"vergunningen@{place.lower().replace('-', '')}.nl"
    y = 24.0
    x = shot.text(12, y, "Van: ", size=10)
    x = shot.text(x, y, f"{sender[0]} {sender[1]}", "PERSON")
    x = shot.text(x, y, " <")
    x = shot.text(x, y, private_mail(rng, *sender), "EMAIL")
    shot.text(x, y, ">")
    y += 16
    day = f"{rng.randint(1, 28)} {rng.choice(MONTHS.split())} 2026"
    shot.text(12, y, f"Verzonden: {day} {rng.randint(8, 17)}:{rng.randint(0, 59):02d}")
    y += 16
    x = shot.text(12, y, "Aan: ")
    shot.text(x, y, team, "KEEP")
    y += 16
    x = shot.text(12, y, "CC: ")
    shot.text(x, y, f"{cc[0]} {cc[1]}", "PERSON")
    y += 16
    shot.text(12, y, f"Onderwerp: {rng.choice(SUBJECTS)}", "KEEP")
    page.draw_line((12, y + 8), (408, y + 8), color=(0.7, 0.7, 0.7), width=0.6)
    y += 30
    shot.text(12, y, "Goedemiddag,")
    y += 18
    org = f"Gemeente {place}"
    for line in wrap(f"Namens de bewoners stuur ik u de reactie op het voorstel van de {org}.",
                     380, 10):  # fmt: skip
        x = 12.0
        for part, kind in split_items(line, {org: "ORG_KEEP"}):
            x = shot.text(x, y, part, kind)
        y += 14
    shot.text(12, y, "Ik hoor graag wanneer het besluit wordt genomen.")
    y += 24
    shot.text(12, y, "Met vriendelijke groet,")
    y += 16
    shot.text(12, y, f"{sender[0]} {sender[1]}", "PERSON")
    y += 14
    x = shot.text(12, y, "Mobiel: ")
    shot.text(x, y, mobile(rng), "PHONE")
    return shot, sender


def split_items(line: str, items: dict[str, str]) -> list[tuple[str, str | None]]:
    """The line in parts, each gold item (phone, e-mail, organisation) a part of its own."""
    parts: list[tuple[str, str | None]] = [(line, None)]
    for needle, kind in items.items():
        out: list[tuple[str, str | None]] = []
        for text, k in parts:
            if k is None and needle in text:
                before, after = text.split(needle, 1)
                out += [p for p in ((before, None), (needle, kind), (after, None)) if p[0]]
            else:
                out.append((text, k))
        parts = out
    return parts


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and pymupdf.get_text_length(trial, fontname="helv", fontsize=size) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + [cur] if cur else lines


def memo_page(doc: pymupdf.Document, rng: random.Random, mention: str | None) -> tuple:
    """A memo page: heading and body lines; ``mention`` names a person in the text too."""
    page = doc.new_page(width=A4.width, height=A4.height)
    items = []
    page.insert_text((72, 80), "Notitie", fontsize=16, fontname="helv")
    y = 110.0
    lines = list(MEMO)
    if mention:
        lines.insert(0, f"Verslag van het contact met {mention} over de aanvraag.")
    for line in lines:
        page.insert_text((72, y), line, fontsize=10.5, fontname="helv")
        if mention and mention in line:
            x = 72 + pymupdf.get_text_length(line.split(mention)[0], fontname="helv",
                                             fontsize=10.5)  # fmt: skip
            w = pymupdf.get_text_length(mention, fontname="helv", fontsize=10.5)
            items.append({"type": "PERSON", "text": mention, "page": 0,
                          "bbox": [x, y - 9.8, x + w, y + 2.4]})  # fmt: skip
        y += 15
    return page, items, y + 10


def place(
    page: pymupdf.Page, shot: Shot, rect: pymupdf.Rect, dpi: int, rotate: int = 0
) -> list[dict]:
    """Paste the picture (rasterised at ``dpi``) into ``rect``; its items mapped to the page."""
    png = shot.page.get_pixmap(dpi=dpi).tobytes("png")
    grey = shot.page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    clean = np.frombuffer(grey.samples, np.uint8).reshape(grey.height, grey.stride)[:, : grey.width]
    page.insert_image(rect, stream=png, rotate=rotate)
    info = [i for i in page.get_image_info(xrefs=True)][-1]
    to_page = pymupdf.Matrix(info["transform"])
    w, h = shot.page.rect.width, shot.page.rect.height
    out = []
    for it in shot.items:
        r = tight(it["rect"], clean, dpi / 72.0)
        corners = [pymupdf.Point(x / w, y / h) * to_page for x, y in
                   ((r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1))]  # fmt: skip
        box = [min(p.x for p in corners), min(p.y for p in corners),
               max(p.x for p in corners), max(p.y for p in corners)]  # fmt: skip
        out.append({"type": it["type"], "text": it["text"], "page": 0,
                    "bbox": [round(v, 2) for v in box], "image": True})  # fmt: skip
    return out


def make_chat(rng: random.Random, names: Names, i: int, cover: bool) -> tuple:
    shot, first = chat_shot(rng, names)
    doc = pymupdf.open()
    mention = f"{first[0]} {first[1]}" if i % 2 == 0 else None
    page, items, y = memo_page(doc, rng, mention)
    dpi = rng.choice([96, 144, 192])
    rect = pymupdf.Rect(72, y, 72 + 300 * 0.8, y + 420 * 0.8)
    items += place(page, shot, rect, dpi)
    if cover:  # the sender hid the first sender's label with a black box (pixels stay)
        label = next(it for it in items if it["type"] == "PERSON" and it.get("image"))
        b = label["bbox"]
        page.draw_rect(pymupdf.Rect(b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2), color=None,
                       fill=(0, 0, 0))  # fmt: skip
        label["covered"] = True
    return doc, items, {"dpi": dpi, "skew": 0.0}


def make_mail(rng: random.Random, names: Names, rotate: int) -> tuple:
    shot, sender = mail_shot(rng, names)
    doc = pymupdf.open()
    page, items, y = memo_page(doc, rng, None)
    dpi = rng.choice([96, 144])
    if rotate:
        rect = pymupdf.Rect(100, y, 100 + 300 * 0.9, y + 420 * 0.9)
    else:
        rect = pymupdf.Rect(72, y, 72 + 420 * 0.95, y + 300 * 0.95)
    items += place(page, shot, rect, dpi, rotate)
    return doc, items, {"dpi": dpi, "skew": 0.0, "rotate": rotate}


def make_pasted(rng: random.Random, names: Names, i: int) -> tuple:
    """A signed letter, scanned, pasted onto a text page at 60 % of its size."""
    src = pymupdf.open()
    c = Canvas(src, rng.choice(["helv", "tiro"]), rng.choice([11.0, 12.0]))
    ink = rng.choice(sorted(INKS))
    dpi = (150, 200, 300)[i % 3]
    letter(c, rng, names, INKS[ink], 2 * 72 / dpi)
    png, clean = scan(c.page, dpi, 0.0, ink == "blue", 5000 + i)
    doc = pymupdf.open()
    page, items, y = memo_page(doc, rng, None)
    scale = 0.6
    rect = pymupdf.Rect(72, y, 72 + A4.width * scale, y + A4.height * scale)
    page.insert_image(rect, stream=png)
    px = clean.shape[1] / A4.width
    for it in c.items:
        r = tight(it.rect, clean, px) if it.tighten else it.rect
        box = [rect.x0 + r.x0 * scale, rect.y0 + r.y0 * scale, rect.x0 + r.x1 * scale,
               rect.y0 + r.y1 * scale]  # fmt: skip
        items.append({"type": it.type, "text": it.text, "page": 0,
                      "bbox": [round(v, 2) for v in box], "image": True})  # fmt: skip
    return doc, items, {"dpi": dpi, "skew": 0.0}


def make_outline(rng: random.Random, names: Names) -> tuple:
    """A citizen's letter with every glyph drawn as an outline (a PDF whose fonts were
    converted to paths): no text layer at all."""
    src = pymupdf.open()
    c = Canvas(src, "helv", 11.0)
    letter(c, rng, names, INKS["black"], 1.2)
    grey = c.page.get_pixmap(dpi=144, colorspace=pymupdf.csGRAY)
    clean = np.frombuffer(grey.samples, np.uint8).reshape(grey.height, grey.stride)[:, : grey.width]
    svg = c.page.get_svg_image(text_as_path=True)
    outlined = pymupdf.open("pdf", pymupdf.open("svg", svg.encode()).convert_to_pdf())
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    page.show_pdf_page(page.rect, outlined, 0)
    items = []
    for it in c.items:
        r = tight(it.rect, clean, 2.0) if it.tighten else it.rect
        items.append({"type": it.type, "text": it.text, "page": 0,
                      "bbox": [round(v, 2) for v in r]})  # fmt: skip
    return doc, items, {"dpi": 0, "skew": 0.0}


def make_photo(rng: random.Random) -> tuple:
    """A text page with a photo and a logo: nothing to redact, nothing to lose."""
    doc = pymupdf.open()
    page, items, y = memo_page(doc, rng, None)
    noise = np.random.default_rng(rng.randint(0, 10**6))
    base = np.kron(noise.normal(128, 45, (24, 32, 3)), np.ones((12, 12, 1)))
    photo = np.clip(base + noise.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    pix = pymupdf.Pixmap(pymupdf.csRGB, photo.shape[1], photo.shape[0], photo.tobytes(), 0)
    page.insert_image(pymupdf.Rect(72, y, 372, y + 225), pixmap=pix)
    logo = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 160, 60), 0)
    logo.set_rect(logo.irect, (30, 90, 160))
    logo.set_rect(pymupdf.IRect(10, 20, 150, 40), (255, 200, 0))
    page.insert_image(pymupdf.Rect(400, 40, 520, 85), pixmap=logo)
    caption = "Foto van de locatie, genomen tijdens het bezoek."
    page.insert_text((72, y + 245), caption, fontsize=10.5, fontname="helv")
    items.append({"type": "KEEP", "text": caption, "page": 0,
                  "bbox": [72, y + 235.2, 72 + pymupdf.get_text_length(caption, "helv", 10.5),
                           y + 247.4]})  # fmt: skip
    return doc, items, {"dpi": 0, "skew": 0.0}


def make(out: Path, seed: int) -> list[dict]:
    """Write the set into ``out`` and return its gold entries."""
    rng = random.Random(seed)
    names = Names()
    plan = [("chat", 0), ("chat", 1), ("chat", 2), ("chat", 3), ("mail", 0), ("mail", 1),
            ("mail", 2), ("pasted", 0), ("pasted", 1), ("outline", 0), ("outline", 1),
            ("photo", 0)]  # fmt: skip
    gold = []
    for n, (kind, i) in enumerate(plan, start=1):
        if kind == "chat":
            doc, items, meta = make_chat(rng, names, i, cover=i == 3)
        elif kind == "mail":
            doc, items, meta = make_mail(rng, names, rotate=90 if i == 2 else 0)
        elif kind == "pasted":
            doc, items, meta = make_pasted(rng, names, i)
        elif kind == "outline":
            doc, items, meta = make_outline(rng, names)
        else:
            doc, items, meta = make_photo(rng)
        name = f"pic_{n:02d}_{kind}.pdf"
        doc.save(out / name, deflate=True, no_new_id=True)
        doc.close()
        gold.append({"file": name, "kind": kind, **meta, "items": items})
    return gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/pictures_eval/in"))
    ap.add_argument("--seed", type=int, default=23)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("pic_*.pdf"):
        old.unlink()
    t0 = time.perf_counter()
    gold = make(args.out, args.seed)
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
