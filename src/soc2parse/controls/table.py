"""Table rebuilding: the tests-of-controls pages as control-table rows and other lines.

``pages_to_items`` walks the pages in reading order:

1. ``header.find_header``: the next control-table header row on the page, with its
   columns; a column's border with the next is a vertical ruling line between them
   when the table is ruled, otherwise the x position between them that the fewest
   body words cross (``borders``).
2. ``rows.table_end``: how many of the lines below the header (up to the next
   header) belong to its table.
3. ``rows.read_rows``: those lines as row bands, split at horizontal rules that
   cross the first column or at vertical gaps, each a :class:`TableRow` whose words
   are placed in the columns; a band whose text runs across a column border is a
   spanning (group) row, such as a criterion row "CC6.1 – The entity implements ...".

A page without a header row continues the previous page's table (a header
repeated in the top margin may have been removed as a running header). Lines
outside any table come back as :class:`TextLine` items, so that criterion
headings above a table and exception paragraphs below it stay in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from soc2parse._pages import Line, Page
from soc2parse.controls.geometry import HEADER_GAP, split_phrases, vertical_xs
from soc2parse.controls.header import find_header
from soc2parse.controls.items import Column, Item, TextLine
from soc2parse.controls.rows import read_rows, table_end

__all__ = ["pages_to_items"]


def _text_line(page: Page, line: Line) -> TextLine:
    cuts = vertical_xs(page, line.top, line.bottom)
    found = split_phrases(line, HEADER_GAP, cuts)
    return TextLine(
        page.number,
        line.top,
        line.text,
        line.bold,
        line.size,
        line.x0,
        line.bottom,
        tuple(p.text for p in found),
        tuple(p.x0 for p in found),
    )


def pages_to_items(pages: Sequence[Page], *, strict: bool = False) -> tuple[Item, ...]:
    """Every control-table row and every other line on ``pages``, in reading order.

    Args:
        pages: the pages of the tests of controls (or, with ``strict``, every page).
        strict: only take tables that have a tests or results column.
    """
    items: list[Item] = []
    columns: tuple[Column, ...] | None = None
    for page in pages:
        lines = page.lines
        index = 0
        while index < len(lines):
            header = find_header(page, index, strict=strict)
            stop = header.first if header is not None else len(lines)
            if columns is not None and index < stop:
                end = index + table_end(lines[index:stop], columns, page)
                read_rows(page, lines[index:end], columns, items)
                if end < stop:
                    columns = None
                index = end
            for line in lines[index:stop]:
                items.append(_text_line(page, line))
            if header is None:
                break
            columns = header.columns
            index = header.last + 1
    return tuple(items)
