"""Where a span stands on the page: its cell, the cells above and below it in its column, and
its column's header.

Page text is read by visual rows, so a letterhead's two columns, or a table's columns, are
interleaved in ``PageText.text``: the line "above" an address in the text may belong to the
other column. Detection and policy ask this module instead, which works on the word boxes:

* a *segment* is a run of words on one visual row with normal word spacing between them (a
  table cell, one column's part of a letterhead row); a gap wider than ``CELL_GAP`` times the
  text height starts a new one;
* a segment's neighbours *above* and *below* are the nearest segments in other rows that
  overlap it horizontally;
* a segment's *column* is the chain of neighbours above it while the rows stay close, which in
  a table ends at the header cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from woo_redact.types import PageText, Rect

CELL_GAP = 0.8  # gap between words, in text heights, that separates two cells
ROW_GAP = 1.6  # vertical gap, in text heights, up to which two segments are adjacent lines
TABLE_ROW_GAP = 3.0  # vertical gap up to which a column continues upwards (table rows)
MAX_COLUMN = 80  # segments followed upwards in a column


@dataclass(frozen=True)
class Segment:
    """One cell: consecutive words of a row, with its box and its characters in the text."""

    index: int
    row: int
    words: tuple[int, ...]
    rect: Rect
    start: int
    end: int
    text: str

    @property
    def height(self) -> float:
        return max(self.rect[3] - self.rect[1], 1.0)


def _overlap(a: Rect, b: Rect) -> bool:
    """Horizontal overlap of at least a third of the narrower box (same column)."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    narrower = max(min(a[2] - a[0], b[2] - b[0]), 1.0)
    return inter > narrower / 3


def same_column(a: Segment, b: Segment) -> bool:
    """``b`` stands straight above or below ``a``, not only at the end of a chain of cells
    that drifts sideways (a cell OCR widened over two columns bridges them)."""
    return _overlap(a.rect, b.rect)


class Layout:
    """The segments of one page and the way from a character to its cell and column."""

    def __init__(self, page: PageText) -> None:
        self.page = page
        first_char: dict[int, int] = {}
        last_char: dict[int, int] = {}
        for i, wi in enumerate(page.char_word):
            if wi >= 0:
                first_char.setdefault(wi, i)
                last_char[wi] = i + 1
        rows: dict[int, list[int]] = {}
        for wi, w in enumerate(page.words):
            if wi in first_char:
                rows.setdefault(w.line, []).append(wi)
        self.segments: list[Segment] = []
        self.segment_of_word: dict[int, int] = {}
        for row, word_ids in sorted(rows.items()):
            word_ids.sort(key=lambda wi: page.words[wi].rect[0])
            run: list[int] = []
            for wi in word_ids:
                if run:
                    prev, cur = page.words[run[-1]].rect, page.words[wi].rect
                    height = max(cur[3] - cur[1], prev[3] - prev[1], 1.0)
                    if cur[0] - prev[2] > CELL_GAP * height:
                        self._add(row, run, first_char, last_char)
                        run = []
                run.append(wi)
            if run:
                self._add(row, run, first_char, last_char)

    def _add(self, row: int, run: list[int], first: dict[int, int], last: dict[int, int]) -> None:
        rects = [self.page.words[wi].rect for wi in run]
        rect = (
            min(r[0] for r in rects),
            min(r[1] for r in rects),
            max(r[2] for r in rects),
            max(r[3] for r in rects),
        )
        start, end = min(first[wi] for wi in run), max(last[wi] for wi in run)
        seg = Segment(len(self.segments), row, tuple(run), rect, start, end,
                      self.page.text[start:end])  # fmt: skip
        self.segments.append(seg)
        for wi in run:
            self.segment_of_word[wi] = seg.index

    def segment_at(self, start: int, end: int | None = None) -> Segment | None:
        """The segment holding the first word of characters ``start:end``."""
        for wi in self.page.char_word[start : end if end is not None else start + 1]:
            if wi >= 0 and wi in self.segment_of_word:
                return self.segments[self.segment_of_word[wi]]
        return None

    def _nearest(self, seg: Segment, upwards: bool, max_gap: float) -> Segment | None:
        best: Segment | None = None
        best_gap = max_gap * seg.height
        for other in self.segments:
            if other.row == seg.row or not _overlap(seg.rect, other.rect):
                continue
            gap = seg.rect[1] - other.rect[3] if upwards else other.rect[1] - seg.rect[3]
            if -0.5 * seg.height < gap <= best_gap:
                best, best_gap = other, gap
        return best

    def above(self, seg: Segment, max_gap: float = ROW_GAP) -> Segment | None:
        """The nearest segment above in the same column, if it is close."""
        return self._nearest(seg, True, max_gap)

    def below(self, seg: Segment, max_gap: float = ROW_GAP) -> Segment | None:
        """The nearest segment below in the same column, if it is close."""
        return self._nearest(seg, False, max_gap)

    def column_above(self, seg: Segment) -> list[Segment]:
        """The segments above ``seg`` in its column, nearest first, while rows stay close."""
        out: list[Segment] = []
        cur = seg
        while len(out) < MAX_COLUMN:
            nxt = self._nearest(cur, True, TABLE_ROW_GAP)
            if nxt is None or nxt in out:
                break
            out.append(nxt)
            cur = nxt
        return out

    def previous_in_row(self, seg: Segment) -> Segment | None:
        """The cell to the left of ``seg`` on its row."""
        left = [s for s in self.segments if s.row == seg.row and s.rect[2] <= seg.rect[0] + 1]
        return max(left, key=lambda s: s.rect[2]) if left else None


_CACHE: list[tuple[PageText, Layout]] = []


def layout_of(page: PageText) -> Layout:
    """The page's layout, built once per page object (detection and policy both ask)."""
    for cached_page, layout in _CACHE:
        if cached_page is page:
            return layout
    layout = Layout(page)
    _CACHE.append((page, layout))
    del _CACHE[:-4]
    return layout
