"""Build control-table pages (words at positions, optional ruling lines) for stage tests."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from soc2parse._pages import Line, Page, Rule, Word

CHAR = 5.0  # points per character at 10 pt
SIZE = 10.0
LEADING = 12.0
ROW_GAP = 10.0


@attrs.frozen
class Text:
    """A full-width line (a heading or paragraph) between table rows."""

    text: str
    bold: bool = False


Row = Sequence[str] | Text


def _wrap(text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and len(candidate) * CHAR > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _line(text: str, x0: float, top: float, bold: bool = False, space: float = 0.5) -> list[Word]:
    words = []
    x = x0
    for token in text.split():
        width = CHAR * len(token)
        words.append(Word(token, x, x + width, top, top + SIZE, SIZE, bold))
        x += width + CHAR * space
    return words


def table_page(
    number: int,
    header: Sequence[str] | None,
    rows: Sequence[Row],
    *,
    widths: Sequence[float] = (70, 150, 170, 110),
    left: float = 72.0,
    top: float = 72.0,
    ruled: bool = False,
    landscape: bool = False,
    bold_header: bool = True,
) -> Page:
    """A page holding one control table: a header row (or none), then rows of cells.

    Cells wrap at their column's width; a :class:`Text` row is a full-width line.
    With ``ruled``, vertical rules mark the column boundaries and horizontal rules the rows.
    """
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    lines: list[Line] = []
    rules: list[Rule] = []
    y = top
    padding = 4.0

    def place(cells: Sequence[str], bold: bool) -> None:
        nonlocal y
        wrapped = [_wrap(cell, xs[i + 1] - xs[i] - 2 * padding) for i, cell in enumerate(cells)]
        height = max((len(w) for w in wrapped), default=1) or 1
        row_top = y
        for k in range(height):
            words: list[Word] = []
            for i, cell_lines in enumerate(wrapped):
                if k < len(cell_lines):
                    words.extend(_line(cell_lines[k], xs[i] + padding, y, bold))
            if words:
                lines.append(Line(tuple(words)))
            y += LEADING
        y += ROW_GAP - (LEADING - SIZE)
        if ruled:
            bottom = y - ROW_GAP / 2
            rules.append(Rule(xs[0], bottom, xs[-1], bottom))
            for x in xs:
                rules.append(Rule(x, row_top - ROW_GAP / 2, x, bottom))

    if header is not None:
        if ruled:
            rules.append(Rule(xs[0], y - ROW_GAP / 2, xs[-1], y - ROW_GAP / 2))
        place(header, bold_header)
    for row in rows:
        if isinstance(row, Text):
            text_top = y
            for text in _wrap(row.text, xs[-1] - xs[0]):
                lines.append(Line(tuple(_line(text, xs[0] + padding, y, row.bold))))
                y += LEADING
            y += ROW_GAP - (LEADING - SIZE)
            if ruled:
                # A spanning row has no inner rules, only the table's outer edges.
                bottom = y - ROW_GAP / 2
                rules.append(Rule(xs[0], bottom, xs[-1], bottom))
                rules.append(Rule(xs[0], text_top - ROW_GAP / 2, xs[0], bottom))
                rules.append(Rule(xs[-1], text_top - ROW_GAP / 2, xs[-1], bottom))
        else:
            place(row, False)
    width, height = (792.0, 612.0) if landscape else (612.0, 792.0)
    return Page(number=number, width=width, height=height, lines=tuple(lines), rules=tuple(rules))


def text_page(
    number: int, texts: Sequence[str | Text], *, top: float = 72.0, space: float = 0.5
) -> Page:
    """A page of full-width lines; a wide ``space`` (in characters) sets them justified."""
    lines = []
    y = top
    for item in texts:
        text, bold = (item.text, item.bold) if isinstance(item, Text) else (item, False)
        lines.append(Line(tuple(_line(text, 72.0, y, bold, space))))
        y += LEADING + 4.0
    return Page(number=number, width=612.0, height=792.0, lines=tuple(lines))
