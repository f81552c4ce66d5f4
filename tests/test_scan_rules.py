"""Ruling lines read from a scanned page's pixels (extract/scan_rules.py), on drawn images."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse._pages import Rule
from soc2parse.extract.scan_rules import ruling_lines

DPI = 200
SCALE = DPI / 72
WIDTH, HEIGHT = int(8.5 * DPI), int(11 * DPI)


def _page() -> np.ndarray:
    return np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)


def _grid(pixels: np.ndarray, ys: list[int], xs: list[int], slope: float = 0.0) -> None:
    """Rules 3 pixels thick: horizontals at rows ``ys`` and verticals at columns ``xs``, both
    spanning the grid, the page turned by ``slope`` as a scanner would."""
    top, bottom, left, right = min(ys), max(ys), min(xs), max(xs)
    for y in ys:
        for x in range(left, right + 1):
            row = round(y + (x - WIDTH / 2) * slope)
            pixels[row - 1 : row + 2, x] = 0
    for x in xs:
        for y in range(top, bottom + 1):
            column = round(x - (y - HEIGHT / 2) * slope)
            pixels[y, column - 1 : column + 2] = 0


def _horizontal(rules: tuple[Rule, ...]) -> list[Rule]:
    return sorted((r for r in rules if r.top == r.bottom), key=lambda r: r.top)


def _vertical(rules: tuple[Rule, ...]) -> list[Rule]:
    return sorted((r for r in rules if r.x0 == r.x1), key=lambda r: r.x0)


def test_a_blank_page_has_no_rules() -> None:
    assert ruling_lines(_page(), SCALE) == ()


@pytest.mark.parametrize("slope", [0.0, 0.006, -0.009])
def test_a_grid_is_read_as_its_rules_in_points(slope: float) -> None:
    pixels = _page()
    ys, xs = [400, 600, 900], [300, 700, 1100, 1500]
    _grid(pixels, ys, xs, slope)
    rules = ruling_lines(pixels, SCALE, slope, WIDTH / 2)
    across, down = _horizontal(rules), _vertical(rules)
    assert [round(r.top * SCALE) for r in across] == pytest.approx(ys, abs=2)
    assert [round(r.x0 * SCALE) for r in down] == pytest.approx(xs, abs=2)
    for rule in across:
        assert rule.x0 * SCALE == pytest.approx(300, abs=4)
        assert rule.x1 * SCALE == pytest.approx(1500, abs=4)


def test_letters_specks_and_filled_blocks_are_no_rules() -> None:
    pixels = _page()
    rng = np.random.default_rng(7)
    for row in range(300, 1800, 40):  # lines of "letters": short strokes with gaps
        for column in range(200, 1500, 22):
            pixels[row : row + 18, column : column + rng.integers(6, 16)] = 0
    specks = rng.integers(0, [HEIGHT, WIDTH], size=(400, 2))
    pixels[specks[:, 0], specks[:, 1]] = 0
    pixels[1900:2000, 200:1400] = 0  # a shaded block, far thicker than a rule
    assert ruling_lines(pixels, SCALE) == ()


@settings(max_examples=15, deadline=None)
@given(
    y=st.integers(200, HEIGHT - 200),
    x0=st.integers(100, 700),
    length=st.integers(int(0.8 * DPI), 900),
)
def test_any_long_rule_is_found_once(y: int, x0: int, length: int) -> None:
    pixels = _page()
    pixels[y - 1 : y + 2, x0 : x0 + length] = 0
    (rule,) = ruling_lines(pixels, SCALE)
    assert rule.top == rule.bottom
    assert rule.top * SCALE == pytest.approx(y + 0.5, abs=1.5)
    assert (rule.x1 - rule.x0) * SCALE == pytest.approx(length, abs=1)
