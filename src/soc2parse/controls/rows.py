"""Body rows of a control table: where the table ends, its row bands and their cells.

``table_end`` says how many lines after a header (or at the top of the next page)
belong to its table: those inside its ruled block or, in a whitespace table, those
up to a line that runs across the columns without being a group row or the cell of
a row merged across columns. ``read_rows`` splits them into row bands at the
horizontal rules that cross the id column (else the first), or at vertical gaps wider than a
line's leading (no such rules, or rules only at the edges of shaded group rows), and
makes each band a :class:`TableRow`: each word goes to the column holding its
centre; a band whose text runs across a column border is a spanning (group) row.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from soc2parse._pages import Line, Page
from soc2parse.controls.geometry import GROUP_START, HEADER_GAP, ID_LIKE, split_phrases
from soc2parse.controls.items import Column, Item, TableRow, join_lines

__all__ = ["read_rows", "table_end"]


# Two consecutive words this close (share of font size) belong to one phrase: a word space.
_WORD_GAP = 0.45
# A vertical gap wider than this share of the font size starts a new row band.
_ROW_GAP = 0.42


def _word_columns(line: Line, rights: Sequence[float]) -> list[int]:
    """Each word's column by its centre: the first whose right edge is beyond it, else the last.

    ``rights`` holds the columns' right edges.
    """
    last = len(rights) - 1
    if any(a > b for a, b in itertools.pairwise(rights)):
        return [_first_right_of(rights, (w.x0 + w.x1) / 2) for w in line.words]
    return [min(bisect.bisect_right(rights, (w.x0 + w.x1) / 2), last) for w in line.words]


def _first_right_of(rights: Sequence[float], x: float) -> int:
    return next((i for i, right in enumerate(rights) if x < right), len(rights) - 1)


def _spans_columns(line: Line, columns: Sequence[Column], placed: Sequence[int]) -> bool:
    """True when a line's text runs across a column boundary (a group row or a paragraph).

    ``placed`` holds each word's column (:func:`_word_columns`).
    """
    return bool(_crossed_edges(line, columns, placed))


def _crossed_edges(line: Line, columns: Sequence[Column], placed: Sequence[int]) -> set[int]:
    """The column boundaries a line's text runs across (``i``: between column i and i+1).

    A word may lie over a boundary, or two neighbouring words in different columns may
    stand no further apart than words of one phrase.
    """
    edges = [c.x1 for c in columns[:-1]]
    crossed: set[int] = set()
    for word in line.words:
        for i, e in enumerate(edges):
            if word.x0 < e - 1.5 and word.x1 > e + 1.5:
                crossed.add(i)
    words = line.words
    for k in range(len(words) - 1):
        if placed[k] == placed[k + 1]:
            continue
        left, right = words[k], words[k + 1]
        if right.x0 - left.x1 < _WORD_GAP * max(left.size, right.size, 1.0):
            crossed.update(range(min(placed[k], placed[k + 1]), max(placed[k], placed[k + 1])))
    return crossed


def _band_to_row(page: Page, band: Sequence[Line], columns: Sequence[Column]) -> TableRow:
    rights = [c.x1 for c in columns]
    placed = [_word_columns(line, rights) for line in band]
    crossed = sorted(
        {e for line, p in zip(band, placed, strict=True) for e in _crossed_edges(line, columns, p)}
    )
    spanning = bool(crossed)
    per_column: list[list[str]] = [[] for _ in columns]
    per_line: list[tuple[str, ...]] = []
    for line, where in zip(band, placed, strict=True):
        parts: list[list[str]] = [[] for _ in columns]
        for word, column in zip(line.words, where, strict=True):
            parts[column].append(word.text)
        for i, words in enumerate(parts):
            if words:
                per_column[i].append(" ".join(words))
        per_line.append(tuple(" ".join(words) for words in parts))
    cells = tuple(
        (column.role, join_lines(texts)) for column, texts in zip(columns, per_column, strict=True)
    )
    text = join_lines(line.text for line in band)
    return TableRow(
        page.number, band[0].top, cells, spanning, text, tuple(per_line), tuple(crossed)
    )


def _row_breaks(page: Page, columns: Sequence[Column], top: float, bottom: float) -> list[float]:
    """y positions of horizontal rules that cross the id column (else the first column)
    inside the table.

    A criteria column left of the ids may hold one cell merged down over the controls
    of its criterion: the rules between those controls start at the id column.
    """
    first = next((c for c in columns if c.role == "id"), columns[0])
    x = first.x1 - 2.0 if first.x1 != float("inf") else 0.0
    return sorted(
        {
            round((r.top + r.bottom) / 2, 1)
            for r in page.rules
            if r.horizontal and r.x0 <= x <= r.x1 and top - 1.0 <= r.top <= bottom + 1.0
        }
    )


def _ruled_extent(page: Page, columns: Sequence[Column], first: Line) -> tuple[float, float] | None:
    """The vertical extent of the ruled table that ``first`` starts in or just above.

    The rules drawn at the column boundaries, merged where they touch, form one block per
    table; a group row without inner rules sits in a gap a line high. None when the page has
    no such rules; an empty extent when ``first`` is in none of the blocks.
    """
    xs = [c.x1 for c in columns[:-1]]
    verticals = [r for r in page.rules if not r.horizontal]
    inner = [r for r in verticals if any(abs((r.x0 + r.x1) / 2 - x) < 2.0 for x in xs)]
    if not inner:
        return None
    # The table's outer edges run past group rows, which have no inner rules; a page frame
    # (most of the page high) is not a table edge. Edges drawn cell by cell join the table
    # through one another: a criterion row two or three lines high is edge segments only.
    outer = [
        r
        for r in verticals
        if (r.x1 < xs[0] or r.x0 > xs[-1]) and r.bottom - r.top < 0.88 * page.height
    ]
    spans = sorted((r.top, r.bottom) for r in inner)
    joined = True
    while outer and joined:
        joined = False
        for r in list(outer):
            if any(r.top <= bottom + 1.0 and top <= r.bottom + 1.0 for top, bottom in spans):
                spans.append((r.top, r.bottom))
                outer.remove(r)
                joined = True
    spans.sort()
    reach = 2.5 * max(first.size, 1.0)
    blocks: list[list[float]] = []
    for top, bottom in spans:
        if blocks and top <= blocks[-1][1] + reach:
            blocks[-1][1] = max(blocks[-1][1], bottom)
        else:
            blocks.append([top, bottom])
    middle = (first.top + first.bottom) / 2
    for top, bottom in blocks:
        if top - reach <= middle <= bottom + 1.0:
            return top - reach, bottom
    return (0.0, 0.0)


def table_end(lines: Sequence[Line], columns: Sequence[Column], page: Page) -> int:
    """How many of ``lines`` belong to the table that starts with them."""
    if not lines:
        return 0
    extent = _ruled_extent(page, columns, lines[0])
    if extent is not None:
        top, bottom = extent
        for i, line in enumerate(lines):
            middle = (line.top + line.bottom) / 2
            if not top <= middle <= bottom + 1.0:
                return i
        return len(lines)
    in_group = False
    in_merged = False  # in a row whose cell is merged across columns
    for i, line in enumerate(lines):
        close = i > 0 and line.top - lines[i - 1].bottom <= _ROW_GAP * max(line.size, 1.0)
        in_merged = in_merged and close
        if not _spans_columns(line, columns, _word_columns(line, [c.x1 for c in columns])):
            in_group = False
            continue
        if _opens_aligned_row(line, columns):
            in_group = False
            in_merged = True
            continue
        if in_merged and line.words[0].x0 >= columns[0].x1:
            continue  # the merged cell wraps on, right of the id column
        if GROUP_START.match(line.text):
            in_group = True
            continue
        if not (in_group and close):
            return i
    return len(lines)


def _opens_aligned_row(line: Line, columns: Sequence[Column]) -> bool:
    """A body row with one cell merged across columns ("CC8.1.6 | Changes are approved. |
    Not tested. No emergency changes occurred ..."): it opens with an id in the first
    column and its phrases start at two or more later columns' left edges."""
    if len(columns) < 3 or not ID_LIKE.match(line.words[0].text):
        return False
    if line.words[0].x1 > columns[0].x1:
        return False
    starts = [p.x0 for p in split_phrases(line, HEADER_GAP)[1:]]
    hits = sum(
        1 for c in columns[1:] if any(c.x0 - 2.0 <= x <= c.x0 + 3.0 * line.size for x in starts)
    )
    return hits >= 2


def _bands(
    page: Page, lines: Sequence[Line], breaks: Sequence[float], *, by_gap: bool = False
) -> list[list[Line]]:
    """Row bands: split at the rules in ``breaks``, or (none, or ``by_gap``) at gaps."""
    bands: list[list[Line]] = []
    for line in lines:
        if bands:
            prev = bands[-1][-1]
            size = max(line.size, prev.size, 1.0)
            gap = line.top - prev.bottom > _ROW_GAP * size
            if breaks:
                split = any(prev.bottom - 1.0 <= y <= line.top + 1.0 for y in breaks)
                split = split or (by_gap and gap)
            else:
                split = gap
            if not split:
                bands[-1].append(line)
                continue
        bands.append([line])
    return bands


def read_rows(
    page: Page, body: Sequence[Line], columns: Sequence[Column], items: list[Item]
) -> None:
    if not body:
        return
    breaks = _row_breaks(page, columns, body[0].top - 3.0, body[-1].bottom + 3.0)
    inside = [b for b in breaks if body[0].top < b < body[-1].bottom]
    by_gap = bool(inside) and _group_edges_only(page, body, inside, columns)
    for band in _bands(page, body, inside, by_gap=by_gap):
        items.append(_band_to_row(page, band, columns))


def _group_edges_only(
    page: Page, body: Sequence[Line], breaks: Sequence[float], columns: Sequence[Column]
) -> bool:
    """True when a table without column rules has horizontal rules only at the edges of
    its group rows (a shaded "CC1.1 - COSO Principle 1: ..." band): its control rows
    are still set apart by white space, and a rule-to-rule band would hold several."""
    xs = [c.x1 for c in columns[:-1]]
    top, bottom = body[0].top, body[-1].bottom
    if any(
        not r.horizontal
        and r.bottom > top
        and r.top < bottom
        and any(abs((r.x0 + r.x1) / 2 - x) < 2.0 for x in xs)
        for r in page.rules
    ):
        return False
    # Each group row with the lines it wraps onto (set close below it).
    rights = [c.x1 for c in columns]
    blocks: list[list[float]] = []
    for k, line in enumerate(body):
        spans = _spans_columns(line, columns, _word_columns(line, rights))
        if spans and GROUP_START.match(line.text):
            blocks.append([line.top, line.bottom])
        elif (
            k > 0
            and blocks
            and blocks[-1][1] == body[k - 1].bottom
            and line.top - body[k - 1].bottom <= _ROW_GAP * max(line.size, 1.0)
        ):
            blocks[-1][1] = line.bottom
    reach = 1.5 * max(body[0].size, 1.0)
    return bool(blocks) and all(
        any(top - reach <= y <= bottom + reach for top, bottom in blocks) for y in breaks
    )
