"""Page geometry shared by header finding and row finding.

``split_phrases`` cuts a line into phrases at gaps wider than a share of its font
size (``HEADER_GAP`` between header labels) or at the vertical rules that
``vertical_xs`` finds beside it. ``ID_LIKE`` tells a line that opens with a control
id (a body row, never a header) and ``GROUP_START`` one that opens a criterion or
control objective row.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs
import regex

from soc2parse._pages import Line, Page, Word

__all__ = ["GROUP_START", "HEADER_GAP", "ID_LIKE", "Phrase", "split_phrases", "vertical_xs"]


# A body row opens with a control id ("CC6.1.2", "C-14", "1.01"); a header row never does.
ID_LIKE = regex.compile(r"^(?:[A-Z]{1,6}[-.]?\d|\d{1,3}[.\-]\d)")
# Phrases inside a header split where the gap is wider than this share of the font size.
HEADER_GAP = 0.55


@attrs.frozen
class Phrase:
    """Words of one line set close together: a header label, a cell's text on the line."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def split_phrases(line: Line, gap: float, cuts: Sequence[float] = ()) -> list[Phrase]:
    """Split a line into phrases at gaps wider than ``gap`` x font size, or at ``cuts``.

    ``cuts`` (x positions of vertical rules) are in ascending order.
    """
    groups: list[list[Word]] = []
    for word in line.words:
        if groups:
            last = groups[-1][-1]
            wide = word.x0 - last.x1 > gap * max(word.size, last.size, 1.0)
            # A rule between the two words: the first cut at or right of the gap's start.
            at = bisect.bisect_left(cuts, last.x1 - 1.0)
            cut = at < len(cuts) and cuts[at] <= word.x0 + 1.0
            if not wide and not cut:
                groups[-1].append(word)
                continue
        groups.append([word])
    return [Phrase(tuple(g)) for g in groups]


def vertical_xs(page: Page, top: float, bottom: float) -> list[float]:
    """x positions of vertical rules that overlap the band from ``top`` to ``bottom``."""
    return sorted(
        {
            round((r.x0 + r.x1) / 2, 1)
            for r in page.rules
            if not r.horizontal and r.top <= bottom + 2 and r.bottom >= top - 2
        }
    )


# A criterion or control objective row: "CC6.1 – The entity ...", "A1.2 The entity ...",
# "Control Objective 3: Controls provide reasonable assurance ...".
GROUP_START = regex.compile(
    r"""^\s*(?:
        (?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?
        (?:CC\d{1,2}\.\d{1,2}|A1\.\d|C1\.\d|PI1\.\d|P\d\.\d)(?![.-]\d)\b
      | control\s+objective\b
      | (?:criteria|criterion)\b
    )""",
    regex.I | regex.VERBOSE,
)
