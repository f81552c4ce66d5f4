"""The fast engine's shortcut for text set solid: when it may place words from the widths."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse.extract.pdfium.bindings import Probe
from soc2parse.extract.pdfium.words import _SOLID, _origins, _set_solid, _solid_probes

BASELINE = 700.0
STEP = 10.0  # font size 10, no horizontal scaling


@dataclass(frozen=True)
class Line:
    """A text object's glyph advances (per unit of font size) and how far each glyph is moved."""

    name: str
    text: str
    moved: dict[int, float]
    solid: bool


def _advances(text: str) -> list[float]:
    return [0.278 if glyph == " " else 0.556 for glyph in text]


def _place(line: Line) -> float | None:
    """Run ``_set_solid`` against a fake PDFium that puts glyph k where ``line`` says."""
    reach = list(itertools.accumulate(_advances(line.text), initial=0.0))
    xs = [72.0 + STEP * reach[k] + line.moved.get(k, 0.0) for k in range(len(line.text))]
    probe = Probe.of(0)

    def origin(_handle: object, index: int, _x: object, _y: object) -> int:
        probe.point[0], probe.point[1] = xs[index], BASELINE
        return 1

    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", line.text)]
    probes = _solid_probes(line.text, spans)
    found = _origins(probe, origin, 0, probes, BASELINE) if len(probes) >= 3 else None
    return _set_solid(found, reach, probes, step=STEP)


TEXT = "The service auditor tested each control"
LINES = [
    Line("every glyph where the widths put it", TEXT, {}, solid=True),
    Line("single-precision noise", TEXT, {k: 0.0002 * (-1) ** k for k in range(len(TEXT))}, True),
    Line("one word pushed out and pulled back", TEXT, dict.fromkeys(range(20, 26), 7.0), False),
    Line("a kern before the middle word", TEXT, dict.fromkeys(range(12, 39), -0.8), False),
    Line("letter spacing", TEXT, {k: 0.4 * k for k in range(len(TEXT))}, False),
    Line("a word moved by a hundredth", TEXT, dict.fromkeys(range(27, 31), 0.01), False),
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: line.name)
def test_only_text_set_solid_is_placed_from_the_widths(line: Line) -> None:
    placed = _place(line)
    assert (placed is not None) is line.solid
    if line.solid:
        assert placed == pytest.approx(72.0, abs=_SOLID)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=9), min_size=3, max_size=12),
    data=st.data(),
)
def test_a_moved_word_start_is_always_seen(words: list[str], data: st.DataObject) -> None:
    # Kerning that moves one word and puts the next back in place is invisible at the
    # line's ends: every word's first glyph is asked for, so it is seen all the same.
    text = " ".join(words)
    starts = [m for m, glyph in enumerate(text) if glyph != " " and (m == 0 or text[m - 1] == " ")]
    which = data.draw(st.integers(min_value=1, max_value=len(starts) - 1))
    end = starts[which + 1] if which + 1 < len(starts) else len(text)
    shift = data.draw(st.sampled_from([-3.0, -0.5, 0.05, 1.0, 6.0]))
    moved = dict.fromkeys(range(starts[which], end), shift)
    assert _place(Line("generated", text, moved, solid=False)) is None
