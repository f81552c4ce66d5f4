"""Ruling lines in a scanned page: the table rules a PDF engine would read as drawn paths.

A scan carries its grid as pixels. Tables whose rows and columns the layout stage finds by
their rules (``controls.table``) need them as :class:`~soc2parse._pages.Rule` records, the
same as a text PDF's: long straight runs of dark pixels, found after the page's skew (the
slope its text lines share, :func:`~soc2parse.extract.ocr.skew_slope`) is taken out, in the
coordinates the deskewed words use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from soc2parse._pages import Rule

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ruling_lines"]

# Darker than this (of 255) is ink.
_INK = 128
# The shortest rules, in inches: a table's horizontal rule spans at least a column; a vertical
# one at least a row. Letters and words are shorter, specks far shorter.
_MIN_ACROSS = 0.75
_MIN_DOWN = 0.3
# Rows (or columns) either side joined before runs are measured, so that a thin rule left a
# pixel off straight by the deskew, or broken by noise, still reads as one run.
_REACH = 2
# Runs on rows this close (pixels) are one rule's thickness.
_JOIN = 3
# Thicker than this (inches) is a filled block (shading, a logo), not a rule.
_MAX_THICK = 0.06


def ruling_lines(
    pixels: np.ndarray, scale: float, slope: float = 0.0, centre: float = 0.0
) -> tuple[Rule, ...]:
    """The horizontal and vertical rules of a grayscale page image, in points.

    Args:
        pixels: the page, ``(height, width)`` unsigned bytes, 0 black.
        scale: pixels to a point (``dpi / 72``).
        slope: the page's skew (rows fallen per column), taken out as the words' is.
        centre: the column about which the words were deskewed (pixels).
    """
    import numpy as np

    ink = pixels < _INK
    height, width = ink.shape
    dpi = scale * 72
    rows = np.arange(height)
    cols = np.arange(width)
    found: list[Rule] = []
    if slope:
        # Horizontal rules: row y at column x holds what lies at y + (x - centre) * slope.
        shift = np.rint((cols - centre) * slope).astype(np.intp)
        level = ink[np.clip(rows[:, None] + shift[None, :], 0, height - 1), cols[None, :]]
        # Vertical rules: column x at row y holds what lies at x - (y - middle) * slope.
        back = np.rint((rows - height / 2) * slope).astype(np.intp)
        upright = ink[rows[:, None], np.clip(cols[None, :] - back[:, None], 0, width - 1)]
    else:
        level = upright = ink
    # A rule is its centre line, as a PDF engine gives a stroked path.
    for top, bottom, x0, x1 in _runs(level, dpi * _MIN_ACROSS, dpi * _MAX_THICK):
        middle = (top + bottom) / 2
        found.append(_rule(x0, middle, x1, middle, scale))
    for x0, x1, top, bottom in _runs(upright.T, dpi * _MIN_DOWN, dpi * _MAX_THICK):
        middle = (x0 + x1) / 2
        found.append(_rule(middle, top, middle, bottom, scale))
    return tuple(found)


def _rule(x0: float, top: float, x1: float, bottom: float, scale: float) -> Rule:
    return Rule(
        round(x0 / scale, 2), round(top / scale, 2), round(x1 / scale, 2), round(bottom / scale, 2)
    )


def _runs(ink: np.ndarray, min_length: float, max_thick: float) -> list[tuple[int, int, int, int]]:
    """Long runs along each row of ``ink``, joined across neighbouring rows.

    Returns ``(first row, last row + 1, start, end)`` of each rule, ``start``/``end`` along
    the row.
    """
    import numpy as np

    reach = ink.copy()
    for step in range(1, _REACH + 1):
        reach[step:] |= ink[:-step]
        reach[:-step] |= ink[step:]
    padded = np.zeros((reach.shape[0], reach.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = reach
    edges = np.diff(padded, axis=1)
    start_rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    long = (ends - starts) >= min_length
    runs = sorted(
        zip(start_rows[long].tolist(), starts[long].tolist(), ends[long].tolist(), strict=True)
    )
    active: list[list[int]] = []  # [first row, last row, start, end], still growing
    groups: list[list[int]] = []
    for row, start, end in runs:
        still: list[list[int]] = []
        for group in active:
            (still if row - group[1] <= _JOIN else groups).append(group)
        active = still
        for group in active:
            if start < group[3] and end > group[2]:
                group[1] = row
                group[2] = min(group[2], start)
                group[3] = max(group[3], end)
                break
        else:
            active.append([row, row, start, end])
    groups.extend(active)
    groups.sort()
    out = []
    for grown_first, grown_last, start, end in groups:
        # The reach widened every run by _REACH rows each side: give it back.
        first, last = grown_first + _REACH, grown_last - _REACH
        if last < first:
            first = last = (first + last) // 2
        if last + 1 - first > max_thick:
            continue
        out.append((first, last + 1, start, end))
    return out
