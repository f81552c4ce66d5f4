"""Column borders: where one column of a control table ends and the next begins.

``column_borders`` places a border between each pair of neighbouring header labels:
the vertical rule between them when the table is ruled (rules, or the joints where
horizontal rules drawn cell by cell meet, ``joint_xs``), otherwise the x position
between them that the fewest body words cross (whitespace-only tables).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from soc2parse._pages import Page, Rule, Word

__all__ = ["column_borders", "joint_xs"]


# A column border drawn only as the joints of horizontal rules: seen on this many rules
# (distinct heights) at least, so a grid, not two pieces of one underline.
_JOINT_RULES = 3


def joint_xs(page: Page, top: float) -> list[float]:
    """x positions where horizontal rules from ``top`` down are drawn cell by cell.

    A table without vertical rules may still draw each cell's top and bottom border as a
    segment of its own (browsers do): where one segment ends and the next begins, at the
    same x on several rows, is a column border, as good as a vertical rule.
    """
    by_height: dict[float, list[Rule]] = {}
    for rule in page.rules:
        if rule.horizontal and rule.top >= top - 30:
            by_height.setdefault(round(rule.top), []).append(rule)
    heights: dict[float, set[float]] = {}
    for height, rules in by_height.items():
        rules.sort(key=lambda r: r.x0)
        for left, right in itertools.pairwise(rules):
            if abs(left.x1 - right.x0) <= 1.0:
                heights.setdefault(round((left.x1 + right.x0) / 2), set()).add(height)
    return [x for x, seen in heights.items() if len(seen) >= _JOINT_RULES]


def column_borders(
    page: Page, spans: Sequence[tuple[float, float]], header_bottom: float, cuts: Sequence[float]
) -> list[float]:
    """The x position between each pair of neighbouring header phrases."""
    body = [w for line in page.lines if line.top > header_bottom for w in line.words]
    result: list[float] = []
    for (a0, a1), (b0, _) in itertools.pairwise(spans):
        ruled = [c for c in cuts if a1 - 1.0 <= c <= b0 + 1.0]
        if ruled:
            middle = (a1 + b0) / 2
            result.append(min(ruled, key=lambda c: abs(c - middle)))
            continue
        result.append(_quietest_x(body, max(a1, a0 + 1.0), b0))
    return result


def _quietest_x(words: Sequence[Word], lo: float, hi: float) -> float:
    """The x in ``lo..hi`` that the fewest words cross; the middle of the widest such run."""
    if hi - lo < 2.0:
        return (lo + hi) / 2
    steps = int(hi - lo) + 1
    counts = [0] * (steps + 2)
    for word in words:
        if word.x1 <= lo or word.x0 >= hi:
            continue
        start = max(0, int(word.x0 - lo) + 1)
        end = min(steps, int(word.x1 - lo))
        if start <= end:
            counts[start] += 1
            counts[end + 1] -= 1
    running = 0
    coverage = []
    for step in range(steps):
        running += counts[step]
        coverage.append(running)
    least = min(coverage)
    best_start, best_len, run_start = 0, 0, None
    for step, value in enumerate([*coverage, least + 1]):
        if value == least and run_start is None:
            run_start = step
        elif value != least and run_start is not None:
            if step - run_start > best_len:
                best_start, best_len = run_start, step - run_start
            run_start = None
    return lo + best_start + best_len / 2
