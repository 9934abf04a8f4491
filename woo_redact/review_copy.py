"""Review copies for reviewers who work in their own PDF editor (Acrobat and the like).

``scan --review-copies`` writes, per document, a copy of the input with every proposed
redaction as an *unapplied* Redact annotation: the ground code in its contents (the note the
editor shows), the label of the run as its overlay text, the type as its subject, and the
finding's review id in its name (``/NM``: ``woo-redact:<id>:<box>``). The copy's document
information names the input it was made from (its SHA-256), the scan and the document, so
that ``apply --review-copies FOLDER`` can take it back:

- an annotation of ours that is gone: the reviewer rejected the finding (do not redact);
- an annotation of ours whose contents start with another known ground: that ground;
- a Redact annotation we did not write: a region to redact (a manual box), on the ground its
  contents start with if that is a known code, else on the personal-data ground (said so);
- one of ours moved or resized: the finding stays redacted and the new place is redacted too.

Refused, with nothing written: a copy whose base is not the scanned input (another file, or
the input changed since), a copy of another scan, two copies of one document, and a copy in
which redactions were *applied* in the editor (the text under a deleted annotation is gone):
reading that as "all rejected" would publish what the reviewer meant to hide.

This module writes annotations into a copy and removes nothing: the only publication is the
one ``redact.py`` writes. Copies hold the personal data they mark: they live in the review
folder (``review-copies/``), never in the publication.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo_redact.inputs import open_pdf
from woo_redact.redact import FONT, GROUND_LABEL, MIN_FONTSIZE, fit_label
from woo_redact.types import Rect

COPIES = "review-copies"
NM_PREFIX = "woo-redact:"
KEY_SOURCE = "WooRedactSource"  # SHA-256 of the input the copy was made from
KEY_SCAN = "WooRedactScan"
KEY_FILE = "WooRedactFile"
TITLE = "woo-redact"
MOVED = 1.0  # points: an annotation of ours further off its box than this was moved
GROUND_TOKEN = re.compile(r"^\s*(\S+)")


@dataclass(frozen=True)
class Mark:
    """One proposed redaction as the copy shows it."""

    row: str  # review id
    page: int  # 0-based
    boxes: tuple[Rect, ...]
    ground: str
    kind: str  # what it is, for the annotation's subject ("naam", "BSN" …)


def _info_xref(doc: pymupdf.Document) -> int:
    kind, value = doc.xref_get_key(-1, "Info")
    if kind != "xref":
        doc.set_metadata(dict(doc.metadata or {}))
        kind, value = doc.xref_get_key(-1, "Info")
    return int(value.split()[0])


def write_copy(
    src: Path,
    dst: Path,
    rel: str,
    sha256: str,
    scan_id: str,
    marks: Iterable[Mark],
    label: str,
) -> int:
    """The review copy of ``src`` at ``dst``; returns how many annotations it holds.

    Redact annotations the input had already (another tool's marks) are replaced by ours: the
    scan took them over as findings of their own.
    """
    doc = open_pdf(src)
    count = 0
    try:
        for page in doc:
            for annot in list(page.annots(types=(pymupdf.PDF_ANNOT_REDACT,)) or []):
                page.delete_annot(annot)
        for mark in marks:
            page = doc[mark.page]
            text = mark.ground if label == GROUND_LABEL else label
            for k, box in enumerate(mark.boxes):
                shown, size = fit_label(text, pymupdf.Rect(box))
                annot = page.add_redact_annot(
                    pymupdf.Rect(box),
                    text=shown or None,
                    fontname=FONT,
                    fontsize=size or MIN_FONTSIZE,
                    fill=(0, 0, 0),
                    text_color=(1, 1, 1),
                    cross_out=True,
                )
                annot.set_info(content=mark.ground, title=TITLE, subject=mark.kind)
                annot.update()
                doc.xref_set_key(
                    annot.xref, "NM", pymupdf.get_pdf_str(f"{NM_PREFIX}{mark.row}:{k}")
                )
                count += 1
        info = _info_xref(doc)
        for key, value in ((KEY_SOURCE, sha256), (KEY_SCAN, scan_id), (KEY_FILE, rel)):
            doc.xref_set_key(info, key, pymupdf.get_pdf_str(value))
        dst.parent.mkdir(parents=True, exist_ok=True)
        doc.save(dst, garbage=1, deflate=True)
    finally:
        doc.close()
    return count


# -- reading a copy back ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyAnnotation:
    """A Redact annotation of a copy as read: its boxes (unrotated, top-left origin)."""

    page: int
    rects: tuple[Rect, ...]
    name: str  # /NM
    contents: str


@dataclass(frozen=True)
class CopyContent:
    """What a review copy holds, read in a worker (MuPDF reads a file from outside)."""

    path: str
    source: str = ""
    scan: str = ""
    file: str = ""
    pages: int = 0
    annotations: tuple[CopyAnnotation, ...] = ()
    # the words under the boxes of rows whose annotations are all gone (applied in the editor?)
    text_under: dict[str, str] = field(default_factory=dict)
    error: str = ""


def _info_value(doc: pymupdf.Document, key: str) -> str:
    kind, value = doc.xref_get_key(-1, f"Info/{key}")
    if kind != "string":
        return ""
    return value


def _rects(annot: pymupdf.Annot, page: pymupdf.Page) -> tuple[Rect, ...]:
    """The annotation's boxes: one per quadrilateral (text marked over several lines), else
    its rectangle; clipped to the page (unrotated)."""
    bounds = page.rect * page.derotation_matrix
    bounds.normalize()
    points = annot.vertices or []
    rects = []
    if len(points) >= 4 and len(points) % 4 == 0:
        for i in range(0, len(points), 4):
            quad = [pymupdf.Point(p) for p in points[i : i + 4]]
            r = pymupdf.Rect(
                min(p.x for p in quad),
                min(p.y for p in quad),
                max(p.x for p in quad),
                max(p.y for p in quad),
            )
            rects.append(r & bounds)
    else:
        rects.append(annot.rect & bounds)
    return tuple(tuple(r) for r in rects if not r.is_empty)  # type: ignore[misc]


def read_copy(path: Path, rows: Mapping[str, tuple[str, int, tuple[Rect, ...]]]) -> CopyContent:
    """Everything ``apply`` needs from one review copy.

    ``rows``: review id → (document, 0-based page, boxes) of every proposed redaction of the
    scan; for each of this document's rows whose annotations are gone, the words under its
    boxes are read (still there: rejected; gone: the editor applied the redaction).
    """
    try:
        doc = pymupdf.open(path)
    except Exception as exc:
        return CopyContent(str(path), error=f"cannot be opened: {exc}")
    try:
        if doc.needs_pass:
            return CopyContent(str(path), error="is encrypted: save it without a password")
        annots = []
        for page in doc:
            for annot in page.annots(types=(pymupdf.PDF_ANNOT_REDACT,)) or []:
                info = annot.info
                annots.append(
                    CopyAnnotation(
                        page.number,
                        _rects(annot, page),
                        info.get("id", ""),
                        info.get("content", ""),
                    )  # fmt: skip
                )
        rel = _info_value(doc, KEY_FILE)
        ours = {a.name.removeprefix(NM_PREFIX).split(":")[0] for a in annots}
        under = {}
        for row, (doc_rel, page_no, boxes) in rows.items():
            if doc_rel != rel or row in ours or page_no >= doc.page_count:
                continue
            page = doc[page_no]
            under[row] = " ".join(
                w[4] for box in boxes for w in page.get_text("words", clip=pymupdf.Rect(box))
            )
        return CopyContent(
            path=str(path),
            source=_info_value(doc, KEY_SOURCE),
            scan=_info_value(doc, KEY_SCAN),
            file=rel,
            pages=doc.page_count,
            annotations=tuple(annots),
            text_under=under,
        )
    finally:
        doc.close()


def _ground(contents: str, grounds: frozenset[str]) -> tuple[str, str]:
    """(known ground at the start of the contents or "", the rest as the motivation)."""
    m = GROUND_TOKEN.match(contents or "")
    if not m:
        return "", ""
    token = m.group(1).rstrip(":;,.")
    if token in grounds:
        return token, " ".join(contents[m.end() :].split()).lstrip(":;,-– ")
    return "", " ".join(contents.split())


def _near(a: Rect, b: Rect) -> bool:
    return all(abs(x - y) <= MOVED for x, y in zip(a, b, strict=True))


@dataclass
class CopyDecisions:
    """A review copy read as decisions (the decisions.json form) and what to tell about it."""

    decisions: list[dict] = field(default_factory=list)
    manual: list[dict] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def copy_decisions(
    content: CopyContent,
    marks: Mapping[str, Mark],
    grounds: frozenset[str],
    default_ground: str,
) -> CopyDecisions:
    """The decisions a reviewer made in one copy. ``marks``: the proposed redactions the copy
    was written with (by review id) for this document."""
    out = CopyDecisions()
    rel = content.file
    found: dict[str, list[CopyAnnotation]] = defaultdict(list)
    drawn: list[tuple[CopyAnnotation, str]] = []
    for a in content.annotations:
        row = a.name.removeprefix(NM_PREFIX).split(":")[0] if a.name.startswith(NM_PREFIX) else ""
        if row in marks and marks[row].page == a.page:
            found[row].append(a)
        else:
            drawn.append((a, ""))
    for row, mark in marks.items():
        annots = found.get(row, [])
        if not annots:
            why = "annotation deleted in the review copy"
            out.decisions.append({"id": row, "action": "reject", "ground": mark.ground,
                                  "motivation": why})  # fmt: skip
            continue
        if len(annots) < len(mark.boxes):
            out.remarks.append(
                f"{rel}, p. {mark.page + 1}: part of a marked redaction was deleted in the "
                "review copy; the whole finding stays redacted"
            )
        ground, motivation = _ground(annots[0].contents, grounds)
        if not ground:
            out.remarks.append(
                f"{rel}, p. {mark.page + 1}: a proposed redaction's note does not start with a "
                f"ground code; it stays on {mark.ground}"
            )
        elif ground != mark.ground:
            out.decisions.append({"id": row, "action": "accept", "ground": ground,
                                  "motivation": motivation})  # fmt: skip
        for a in annots:
            moved = [r for r in a.rects if not any(_near(r, b) for b in mark.boxes)]
            if moved:
                drawn.append((CopyAnnotation(a.page, tuple(moved), "", a.contents), "moved"))
    for a, why in drawn:
        ground, motivation = _ground(a.contents, grounds)
        if why:
            out.remarks.append(
                f"{rel}, p. {a.page + 1}: a proposed redaction was moved or resized in the "
                "review copy; its old place and the new one are both redacted"
            )
        if not ground:
            ground = default_ground
            out.remarks.append(
                f"{rel}, p. {a.page + 1}: a redaction added in the review copy has no known "
                f"ground code at the start of its note; it is redacted on {default_ground}"
            )
        for rect in a.rects:
            out.manual.append({"file": rel, "page": a.page + 1, "rect": [round(v, 2) for v in rect],
                               "ground": ground, "motivation": motivation})  # fmt: skip
    return out
