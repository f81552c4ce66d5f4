"""What the table stage hands to the readers of section IV: table rows and other lines.

A :class:`TableRow` is one row band of a control table whose header row was found,
its text placed in the columns (:class:`Column`) that header names; a
:class:`TextLine` is any other line (a criterion heading, a paragraph, a key/value
row). ``Item`` is either. ``join_lines`` joins the wrapped lines of a cell or a
paragraph.
"""

from __future__ import annotations

import attrs

from soc2parse.text.clean import join_lines

__all__ = ["Column", "Item", "TableRow", "TextLine", "join_lines"]


@attrs.frozen
class Column:
    """One table column: its role, its label as printed and its horizontal extent."""

    role: str
    label: str
    x0: float
    x1: float


@attrs.frozen
class TableRow:
    """One row band of a control table.

    Attributes:
        page: 1-based page number.
        top: top of the band's first line.
        cells: ``(role, text)`` for each column, in column order.
        spanning: True when the text runs across the columns (a group row).
        text: all the band's text, line by line.
        line_cells: for each line of the band, its text in each column, so that a cell
            merged across columns can be read line by line, in reading order.
        crossed: the column boundaries some line runs across (``i``: between columns
            ``i`` and ``i + 1``); empty when the row spans none.
    """

    page: int
    top: float
    cells: tuple[tuple[str, str], ...]
    spanning: bool
    text: str
    line_cells: tuple[tuple[str, ...], ...] = ()
    crossed: tuple[int, ...] = ()

    def cell(self, role: str) -> str:
        """The text of the first column with ``role`` (empty when there is none)."""
        return next((text for r, text in self.cells if r == role), "")

    def cell_all(self, role: str) -> str:
        """The text of every column with ``role``, joined."""
        return " ".join(text for r, text in self.cells if r == role and text)


@attrs.frozen
class TextLine:
    """A line outside any control table (a heading, a paragraph line)."""

    page: int
    top: float
    text: str
    bold: bool
    size: float
    x0: float = 0.0
    bottom: float = 0.0
    phrases: tuple[str, ...] = ()
    phrase_x0s: tuple[float, ...] = ()


Item = TableRow | TextLine
