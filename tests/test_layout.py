"""Layout: cells, their column neighbours and column headers, from word boxes."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_fixtures import placed_pdf, table_cells
from woo_redact.extract import extract_document
from woo_redact.layout import Layout


def layout_for(tmp_path: Path, cells: list[tuple[float, float, str]]) -> Layout:
    doc = extract_document(placed_pdf(tmp_path / "p.pdf", cells), "p.pdf")
    return Layout(doc.pages[0])


def seg(layout: Layout, text: str):  # noqa: ANN201 - a Segment
    start = layout.page.text.index(text)
    return layout.segment_at(start, start + len(text))


def test_cells_of_a_row_are_separate_segments(tmp_path: Path) -> None:
    lay = layout_for(tmp_path, [(50, 100, "Jansen, P."), (200, 100, "Dorpsplein 3")])
    assert seg(lay, "Jansen").text == "Jansen, P."
    assert seg(lay, "Dorpsplein").text == "Dorpsplein 3"
    assert lay.previous_in_row(seg(lay, "Dorpsplein")).text == "Jansen, P."


def test_two_column_letterhead_neighbours_stay_in_their_column(tmp_path: Path) -> None:
    # recipient on the left, the sender's block on the right, rows interleaved in the text
    lay = layout_for(
        tmp_path,
        [
            (50, 100, "mw. A. Bakker"), (380, 100, "Directie Bedrijfsvoering"),
            (50, 112, "Zonnebloemstraat 8"), (380, 112, "Bezoekadres"),
            (50, 124, "1234 AB Ergenshuizen"), (380, 124, "Plein 1"),
        ],
    )  # fmt: skip
    address = seg(lay, "Zonnebloemstraat")
    assert lay.above(address).text == "mw. A. Bakker"
    assert lay.below(address).text == "1234 AB Ergenshuizen"
    assert lay.above(seg(lay, "Plein 1")).text == "Bezoekadres"


def test_column_above_reaches_the_header(tmp_path: Path) -> None:
    rows = [[f"Persoon {i}", f"0{i}-01-1980"] for i in range(1, 8)]
    lay = layout_for(tmp_path, table_cells(["Naam", "Geboortedatum"], rows, [50, 250]))
    column = lay.column_above(seg(lay, "07-01-1980"))
    assert column[-1].text == "Geboortedatum"
    assert all("Persoon" not in c.text for c in column)


def test_a_far_away_line_is_not_a_neighbour(tmp_path: Path) -> None:
    lay = layout_for(tmp_path, [(50, 100, "Bezoekadres"), (50, 400, "Zonnebloemstraat 8")])
    assert lay.above(seg(lay, "Zonnebloemstraat")) is None
