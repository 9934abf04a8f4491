"""Score redacted scans against the gold of ``bench/make_scans.py``, from the pixels.

    python bench/eval_scans.py IN_GOLD_DIR OUT_DIR

IN_GOLD_DIR holds ``gold.json`` and ``in/``; OUT_DIR the pipeline's outputs under the same file
names (a missing output: nothing in it redacted, every keep item lost). On a scan the text is
in the picture, so a redaction only counts when the ink is gone, not just the words of the
OCR layer. A redact item is redacted when (a) its text (whitespace-normalised, any case) is
not in the output page's text layer and (b) its ink is gone: render input and output at 2x in
grey; ink = input pixels darker than the region's 90th percentile - 60; the item is still
visible when more than 15 % of the ink is still ink (darker than that same level) in the
output, unless it is under a black box. A keep item is kept when at least 70 % of its ink is
still ink and not under a box. (The level, not "< 128": the anti-aliased edges of thin strokes
are ink but lighter than 128, so with 128 an untouched copy kept only 60-70 % of its ink.)

"Under a box": a region more than 85 % dark (< 128) is covered as a whole. Otherwise ink
pixels with new dark pixels around them (dark in the output, not ink in the input: 9 or more in
a 9 px window) are under a box, a bar or a label and do not count as visible. This
stops a box that hugs the ink more tightly than the gold box, or a black sliver left in a
blanked signature region, from counting the hidden ink as still visible. In a SIGNATURE box
the table rules (straight runs of 15 pt or more) are not counted as its ink: a signature that
touches the row lines must not fail because the lines stay. A pixel that is near-black in
the output (below 25) and at least 25 levels darker than in the input is under a box too: a
black box never leaks, and on small dense print (a screenshot) the window test alone counted
ink under a tight labelled box as visible.

Items with ``"image": true`` (bench/make_pictures.py) lie in a picture on a text page: the
images of the output page are decoded and, under the item's box, must no longer correlate
with the input picture's pixels (|r| < 0.5, or almost uniform), since a box drawn over a
picture hides nothing in the file. An item with ``"covered": true`` was hidden by the sender's
own black box: only that pixel test counts for it.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf

ZOOM = 2.0
INK_DROP, DARK = 60, 128
VISIBLE, KEPT, COVERED = 0.15, 0.70, 0.85
MASK, MASK_MIN = 9, 9  # window (px at 2x) and new dark pixels in it that hide the ink there
RULE = 30  # px at 2x (15 pt): a straight run this long in a signature box is a table rule
BOX_BLACK = 25  # grey level: our boxes are filled black
KEEP_TYPES = {"KEEP", "ORG_KEEP"}


@dataclass
class Verdict:
    ok: bool  # redacted (redact item) or kept (keep item)
    reason: str  # for a miss: why


def fold(text: str) -> str:
    return " ".join(text.split()).lower()


def grey(page: pymupdf.Page, rect: pymupdf.Rect) -> np.ndarray:
    """The page region at 2x in grey: input and output on the same pixel grid."""
    pix = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=rect, colorspace=pymupdf.csGRAY)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    return arr[:, : pix.width]


def window_sum(mask: np.ndarray, k: int) -> np.ndarray:
    """Count of true pixels in the k x k window around each pixel (edges replicated)."""
    r = k // 2
    padded = np.pad(mask.astype(np.int32), r, mode="edge")
    s = padded.cumsum(0).cumsum(1)
    s = np.pad(s, ((1, 0), (1, 0)))
    h, w = mask.shape
    return s[k : k + h, k : k + w] - s[:h, k : k + w] - s[k : k + h, :w] + s[:h, :w]


def masked(ink: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Pixels near new dark marks (box, bar, label): dark now, not ink (nor next to it) before."""
    near_ink = window_sum(ink, 3) > 0  # a pixel of tolerance for resampled edges
    added = now & ~near_ink
    return window_sum(added, MASK) >= MASK_MIN


def runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels in a horizontal run of at least ``length`` true pixels."""
    h, w = mask.shape
    if w < length:
        return np.zeros_like(mask)
    c = np.pad(mask.astype(np.int32).cumsum(1), ((0, 0), (1, 0)))
    full = (c[:, length:] - c[:, :-length]) == length  # the window starting at each column
    full = np.pad(full, ((0, 0), (0, length - 1)))  # width w again
    hit = np.pad(full.astype(np.int32).cumsum(1), ((0, 0), (length, 0)))
    return (hit[:, length:] - hit[:, :w]) > 0  # a full window starts within length - 1 before


def rules(ink: np.ndarray) -> np.ndarray:
    """Table rules (long straight runs): in a signature's box they are not the signature."""
    return runs(ink, RULE) | runs(ink.T, RULE).T


def ink_left(
    src: pymupdf.Page, out: pymupdf.Page, rect: pymupdf.Rect, no_rules: bool = False
) -> tuple[float, bool, int]:
    """(share of the input ink still visible in the output, region boxed over, ink pixels)."""
    a, b = grey(src, rect), grey(out, rect)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    a, b = a[:h, :w], b[:h, :w]
    level = np.percentile(a, 90) - INK_DROP
    everything = a < level
    ink = everything & ~rules(everything) if no_rules else everything
    if (b < DARK).mean() > COVERED:
        return 0.0, True, int(ink.sum())
    now = b < level
    # a pixel turned near-black and much darker than it was is under a box (the box is black,
    # a leak never darkens the ink): it counts as hidden however dense the ink around it was
    boxed_px = (b < BOX_BLACK) & (b.astype(np.int16) < a.astype(np.int16) - BOX_BLACK)
    visible = ink & now & ~masked(everything, now) & ~boxed_px
    return float(visible.sum()) / max(int(ink.sum()), 1), False, int(ink.sum())


def picture_crops(page: pymupdf.Page, rect: pymupdf.Rect) -> list[np.ndarray]:
    """The pixels of every image on the page under ``rect``, decoded from the file (grey)."""
    out = []
    for info in page.get_image_info(xrefs=True):
        if not info.get("xref") or abs(pymupdf.Rect(info["bbox"]) & rect) <= 0:
            continue
        pix = pymupdf.Pixmap(page.parent, info["xref"])
        if pix.n - pix.alpha != 1 or pix.alpha:
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
        arr = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        unit = rect * ~pymupdf.Matrix(info["transform"])
        x0, x1 = sorted((unit.x0 * pix.width, unit.x1 * pix.width))
        y0, y1 = sorted((unit.y0 * pix.height, unit.y1 * pix.height))
        crop = arr[
            max(0, int(y0)) : max(0, int(np.ceil(y1))), max(0, int(x0)) : max(0, int(np.ceil(x1)))
        ]
        out.append(crop.astype(np.float64))
    return out


def pixels_left(src: pymupdf.Page, out: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    """An image in the output still carries the input picture's pixels under ``rect`` (a box
    drawn over a picture hides nothing: the pixels stay in the file)."""
    before = [c for c in picture_crops(src, rect) if c.size and c.std() >= 4]
    for now in picture_crops(out, rect):
        for was in before:
            if now.shape != was.shape or now.std() < 4:
                continue
            if abs(np.corrcoef(now.ravel(), was.ravel())[0, 1]) >= 0.5:
                return True
    return False


def judge(item: dict, src: pymupdf.Page, out: pymupdf.Page | None) -> Verdict:
    """Redacted (redact item) or kept (keep item), and why not."""
    keep = item["type"] in KEEP_TYPES
    if out is None:
        return Verdict(False, "no output")
    if out.rect != src.rect:  # the pixels would not line up
        return Verdict(False, f"output page is {out.rect}, input {src.rect}")
    rect = pymupdf.Rect(item["bbox"])
    if item.get("image") and not keep and pixels_left(src, out, rect):
        return Verdict(False, "its pixels are still in the picture")
    if item.get("covered"):  # the input shows a black box there: only the pixels count
        return Verdict(True, "pixels gone")
    share, boxed, n_ink = ink_left(src, out, rect, no_rules=item["type"] == "SIGNATURE")
    if n_ink == 0:
        return Verdict(False, "no ink in the gold box (gold misplaced?)")
    if keep:
        if boxed:
            return Verdict(False, "covered by a box")
        return Verdict(share >= KEPT, f"{share:.0%} of the ink left")
    text = fold(item["text"])
    if text and text in fold(out.get_text()):
        return Verdict(False, f"text in the output text layer; {share:.0%} of the ink visible")
    return Verdict(share <= VISIBLE, f"{share:.0%} of the ink still visible")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold_dir", type=Path, help="folder with gold.json and in/")
    ap.add_argument("out_dir", type=Path, help="folder with the redacted PDFs")
    args = ap.parse_args()
    gold = json.loads((args.gold_dir / "gold.json").read_text(encoding="utf-8"))
    per_type: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    print(f"{'document':30} {'dpi':>4} {'skew':>6} {'redacted':>9} {'kept':>6}  output")
    for doc in gold:
        src = pymupdf.open(args.gold_dir / "in" / doc["file"])
        path = args.out_dir / doc["file"]
        out = pymupdf.open(path) if path.exists() else None
        red, kept = [0, 0], [0, 0]
        for item in doc["items"]:
            page = item["page"]
            out_page = out[page] if out is not None and page < out.page_count else None
            v = judge(item, src[page], out_page)
            per_type[item["type"]].append(v.ok)
            tally = kept if item["type"] in KEEP_TYPES else red
            tally[0] += v.ok
            tally[1] += 1
            if not v.ok:
                label = item["text"] or "(signature)"
                misses.append(f"{doc['file']:30} {item['type']:9} {label!r}: {v.reason}")
        status = "ok" if out is not None else "MISSING"
        print(
            f"{doc['file']:30} {doc['dpi']:>4} {doc['skew']:>6.2f} "
            f"{red[0]:>4}/{red[1]:<4} {kept[0]:>2}/{kept[1]:<3}  {status}"
        )
        src.close()
        if out is not None:
            out.close()
    print(f"\n{'type':10} {'items':>6} {'ok':>6} {'share':>7}  (ok: redacted; keep types: kept)")
    for kind in sorted(per_type, key=lambda k: (k in KEEP_TYPES, k)):
        oks = per_type[kind]
        print(f"{kind:10} {len(oks):>6} {sum(oks):>6} {sum(oks) / len(oks):>7.3f}")
    red_all = [ok for k, v in per_type.items() if k not in KEEP_TYPES for ok in v]
    keep_all = [ok for k, v in per_type.items() if k in KEEP_TYPES for ok in v]
    recall = sum(red_all) / max(len(red_all), 1)
    keep = sum(keep_all) / max(len(keep_all), 1)
    print(f"\nredact recall {recall:.3f} ({sum(red_all)}/{len(red_all)})")
    print(f"keep share    {keep:.3f} ({sum(keep_all)}/{len(keep_all)})")
    print(f"\nmisses ({len(misses)}):")
    for line in misses:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
