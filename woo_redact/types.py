"""Plain dataclasses passed between the pipeline stages.

Every stage takes and returns these, never dicts of dicts, so that what flows from extract to
record is visible in one place and can be pickled to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """One word on a page with its box in PDF points (PyMuPDF or OCR)."""

    text: str
    rect: Rect
    page: int
    block: int
    line: int
    source: str = "text"  # "text" or "ocr"
    conf: float = -1.0  # OCR: Tesseract's confidence (0–100); -1 for words of a text layer


@dataclass(frozen=True)
class Graphic:
    """A non-text mark on a page that may be handwriting: an image, an ink annotation, a cluster
    of drawn strokes, or a blob of ink on a scanned page that OCR did not read as words."""

    kind: str  # "image" | "ink" | "drawing" | "scan-ink"
    rect: Rect
    xref: int = 0  # image or annotation xref, 0 for drawings and scan ink
    uses: int = 1  # images: how often this image is placed in the whole document
    curves: int = 0  # drawings: curved or slanted path segments; the rest is straight lines
    lines: int = 0  # drawings: axis-parallel straight segments (tables, axes, frames)
    crossings: int = 0  # drawings: long straight lines through its middle (a chart's grid)
    filled: bool = False  # drawings: filled shapes rather than strokes


@dataclass(frozen=True)
class Picture:
    """A part of a page that OCR read (a scan, a picture of text, text drawn as outlines) and
    how it was rendered for it: verification renders and reads it again the same way."""

    rect: Rect  # points of the unrotated page
    kind: str  # "page" | "image" | "outline"
    dpi: float
    angle: float  # degrees the render was turned (deskew, a picture on its side)


@dataclass(frozen=True)
class PageText:
    """The text a detector sees for one page, and the way back from characters to word boxes.

    ``char_word[i]`` is the index into ``words`` of the word that character ``i`` of ``text``
    belongs to, or -1 for separators the extractor inserted (spaces, line breaks).
    """

    page: int
    text: str
    words: tuple[Word, ...]
    char_word: tuple[int, ...]
    width: float
    height: float
    needs_ocr: bool = False
    # Images, ink annotations and drawn strokes (signature candidates), recorded by extract.
    graphics: tuple[Graphic, ...] = ()
    # The page was OCR'd: ``words`` includes OCR words (``source="ocr"``) and redact writes a
    # new invisible text layer holding only the OCR words that were not redacted.
    ocr: bool = False
    # Boxes of a text layer that redact removes entirely (an old OCR layer under a scan, or
    # text that is invisible on an OCR'd page); its words are not in ``words``.
    replaced_text: tuple[Rect, ...] = ()
    # Unapplied Redact annotations another tool left on the page: (box, its overlay text or
    # note). They become findings of their own; the annotations themselves are removed.
    marked: tuple[tuple[Rect, str], ...] = ()
    # The parts of the page OCR read, and how (verification reads them again).
    pictures: tuple[Picture, ...] = ()

    def words_for_span(self, start: int, end: int) -> list[int]:
        """Word indices covered by characters ``start:end`` (in reading order, no repeats)."""
        seen: list[int] = []
        for wi in self.char_word[start:end]:
            if wi >= 0 and (not seen or seen[-1] != wi) and wi not in seen:
                seen.append(wi)
        return seen


@dataclass(frozen=True)
class DocumentText:
    """Everything the detector needs from one input document."""

    path: Path
    rel: str
    sha256: str
    pages: tuple[PageText, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    # Text that is not page content: annotation notes, metadata, bookmark titles. It is searched
    # like a page (page number SIDE_PAGE) so that a name that only occurs there is found too.
    side: PageText | None = None


SIDE_PAGE = -1  # Finding.page / Redaction.page of text outside the pages
MANUAL = "MANUAL_REDACTION"  # a region a reviewer drew (decide/review.py)


@dataclass(frozen=True)
class Finding:
    """A detector's claim that ``text`` on ``page`` is personal or protected data."""

    id: str
    doc: str
    page: int  # 0-based
    start: int
    end: int
    text: str
    type: str
    score: float
    recognizer: str
    context: str
    boxes: tuple[Rect, ...]


class Action(str, Enum):
    REDACT = "redact"
    KEEP = "keep"


@dataclass(frozen=True)
class Decision:
    """What happens to one finding, on which ground, and who or which rule said so."""

    finding_id: str
    action: Action
    ground: str
    reason: str
    by: str  # "rule:<name>" or "reviewer:<name>"
    person: str = ""  # the person of the set's registry a name mention belongs to ("P0003")


@dataclass(frozen=True)
class Redaction:
    """A region the redact stage burns in, with what is needed for the audit log."""

    doc: str
    page: int
    rects: tuple[Rect, ...]
    ground: str
    type: str
    recognizer: str
    score: float
    finding_id: str
    text: str  # used for verification only; never written to the audit log
    # a region whose every pixel and stroke goes too, although it has text under it (another
    # tool's marked redaction); regions without text (signatures) always are
    whole_region: bool = False

    @property
    def region(self) -> bool:
        return self.whole_region or not self.text


class Status(str, Enum):
    OK = "ok"
    FAILED = "failed"
    NEEDS_REVIEW = "needs_review"
    NOT_PROCESSED = "not_processed"  # not a PDF (by suffix or content): listed, never read
    SCANNED = "scanned"  # scanned (detected and decided), not redacted yet: awaits apply


@dataclass(frozen=True)
class PagePicture:
    """A clean picture of one input page for the review page, and how to draw boxes on it.

    Boxes are in PyMuPDF's unrotated page coordinates (points, top-left origin), as findings
    and redactions are; ``matrix`` maps them onto the picture as shown (the page's rotation),
    whose size in points is ``view_width`` x ``view_height``.
    """

    page: int  # 0-based
    path: str  # relative to the review folder
    width: float  # unrotated page size in points: the space of every box
    height: float
    view_width: float  # the page as shown (rotated), in points
    view_height: float
    rotation: int = 0
    matrix: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    dpi: int = 0
    sharp: bool = True  # False: a cheap preview of a page without findings


@dataclass
class DocumentResult:
    """The outcome of one input document, for summary, audit, report and inventory."""

    rel: str
    status: Status
    pages: int = 0
    sha256_in: str = ""
    sha256_out: str = ""
    redactions: list[Redaction] = field(default_factory=list)
    error: str = ""
    remarks: list[str] = field(default_factory=list)
    output: Path | None = None
    page_images: dict[int, PagePicture] = field(default_factory=dict)  # review, by 0-based page
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (cputime)

    @property
    def grounds(self) -> list[str]:
        return sorted({r.ground for r in self.redactions})
