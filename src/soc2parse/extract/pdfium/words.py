"""The hot path: a text object of printable ASCII placed as one block of words.

This module owns :func:`add_words`, which gives such an object to the layout code as one
item holding its words' boxes, and the three ways it places the words: set solid, from the
font's widths once a few probed glyphs sit where the widths put them (:func:`_set_solid`);
set solid but for word spacing, as justified lines are (:func:`_word_spaced`); or word by
word from PDFium's positions of each word's first, middle and last glyphs
(:func:`_placed_words`); and the tolerances they use.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterable
from typing import Any

from soc2parse.extract.layout import Char
from soc2parse.extract.pdfium.bindings import Probe
from soc2parse.extract.pdfium.textpage import Glyphs, TextObject, TextPage

__all__ = ["add_words"]

# How far a word's middle and last glyphs may sit from where their advances put them, as a
# share of the narrowest advance, for the word to be placed from its ends: producers nudge
# glyphs by a few thousandths of an em (LibreOffice rounds every position to its own
# units), far less than a glyph would need to move to overlap its neighbour or open a
# word-break gap (a fifth of the narrowest advance is under 0.05 em; the gap is 0.3 em).
_DRIFT = 0.2
# Kerning moves a word's later glyphs by up to about a twelfth of an em ("Ty", "AV"), and a
# browser that draws glyphs as objects of their own keeps it between them; that far is
# allowed whatever the narrowest advance (a word-break gap is 0.3 em, four times as much).
_KERN = 0.08

# How far (points) a glyph of a text object may sit from where its advances put it for the
# object to count as set solid: PDFium keeps positions in single precision (up to a few
# 1e-4 of a point off over a line); a kern of a thousandth of an em at 10 points is 0.01.
_SOLID = 0.001
# Objects with a glyph narrower than this (per unit of font size) are placed glyph by glyph:
# a zero-width glyph's neighbours could swap order within the drift.
_NARROWEST = 0.05
# Blocks of at most this many characters are left to the glyph-by-glyph path, which is the
# exact one: placing a few glyphs as words costs more than asking for each (a browser
# that spaces or justifies a line draws each glyph as an object of its own: the 23 pages
# of the Chromium fixture ch02 ask for 5,153 blocks of one to four glyphs, and its
# extraction takes about a tenth less time with this bound).
_FEWEST = 8


def add_words(page: TextPage, info: TextObject, start: int, end: int, found: Glyphs) -> bool:
    """Add a text object of printable ASCII as one block of words; False if it is not one.

    This is the hot path. The layout code splits such an object into its words at its
    blanks, provided each word's glyphs sit one advance after another, so the object is
    given as one item holding its words' boxes (see :class:`Char`). PDFium is asked where
    each word's first, middle and last glyphs are, and where a leading and a trailing
    blank are; when the glyphs are where the font's advances put them, give or take
    :data:`_DRIFT`, nothing inside a word can open a gap or overlap (kerning that cancels
    out between the glyphs asked for is not seen: producers kern a word's letters closer,
    not apart and back). A block stands for the items
    :func:`~soc2parse.extract.pdfium.runs._add_run` would make glyph by glyph as long as no
    other item of its line starts within it, which
    :func:`~soc2parse.extract.pdfium.runs.merge_is_safe` checks.
    """
    if end - start <= _FEWEST:
        return False
    text = page.text
    scale_x, font_size, baseline = info.scale_x, info.font_size, info.baseline
    block = text[start:end]
    # Printable ASCII and spaces only: all it holds is words and blanks.
    simple = block.isascii() and block.isprintable()
    if info.unmapped or scale_x <= 0 or font_size <= 0 or not simple:
        return False
    widths = info.font.widths
    known = list(map(widths.get, block))
    if None in known:
        # Learn each new glyph's width once (the font's widths then hold it).
        for glyph in set(block).difference(widths):
            page.width(info, start + block.index(glyph))
        known = list(map(widths.get, block))
    advances: list[float] = (
        [page.width(info, index) for index in range(start, end)]
        if None in known
        else typing.cast(list[float], known)
    )
    narrowest = min(advances)
    if narrowest < _NARROWEST and " " in block:
        # Blanks only separate words here: a made-up space between a browser's word objects
        # has no glyph of its own, and whatever width its font gives it bears on no word's box.
        narrowest = min((a for a, g in zip(advances, block, strict=True) if g != " "), default=0)
    if narrowest < _NARROWEST:
        return False
    step = scale_x * font_size
    drift = max(_DRIFT * narrowest, _KERN) * step
    reach = list(itertools.accumulate(advances, initial=0.0))
    probe, origin = page.probe, page.api.origin_raw
    shift = page.geometry.shift_x
    # Word by word in passes over lists (each a C loop, or nearly): a Python loop per word
    # would cost more than PDFium's answers. A word is what lies between spaces.
    pieces = block.split(" ")
    ends = itertools.accumulate([len(piece) + 1 for piece in pieces])
    spans = [
        (end - len(piece) - 1, end - 1) for piece, end in zip(pieces, ends, strict=True) if piece
    ]
    if not spans:
        return False
    probes = _solid_probes(block, spans)
    # Every word's first glyph is asked for once: _placed_words takes the answers too.
    xs = _origins(probe, origin, start, probes, baseline) if len(probes) >= 3 else None
    placed = _set_solid(xs, reach, probes, step=step)
    spaced = None
    if placed is None and xs is not None and len(spans) >= 3:
        # The spaces before each word: one per piece the block was split into.
        gaps = [p for p, piece in enumerate(pieces) if piece]
        gaps = [p - gaps[0] for p in gaps]
        opening = spans[0][0]
        tails = [block.count(" ", opening, k) for k in probes[len(spans) :]]
        spaced = _word_spaced(xs, reach, probes, [*gaps, *tails], step=step)
    if placed is not None:
        # Set solid: every glyph one advance after the last, as the font's widths say.
        at = placed + shift
        parts = [(block[f:k], at + step * reach[f], at + step * reach[k]) for f, k in spans]
        last_x = at + step * reach[spans[-1][1] - 1]
    elif spaced is not None:
        # Set solid but for word spacing: each space moves the glyphs after it by as much.
        at, extra = spaced[0] + shift, spaced[1]
        moved = [extra * n for n in gaps]
        parts = [
            (block[f:k], at + step * reach[f] + m, at + step * reach[k] + m)
            for (f, k), m in zip(spans, moved, strict=True)
        ]
        last_x = at + step * reach[spans[-1][1] - 1] + moved[-1]
    else:
        found_parts = _placed_words(
            page,
            info,
            block,
            start,
            spans,
            reach=reach,
            advances=advances,
            drift=drift,
            left_xs=None if xs is None else xs[: len(spans)],
        )
        if found_parts is None:
            return False
        parts, last_x = found_parts
    left, right = parts[0][1], parts[-1][2]
    last_left = last_x
    if block[0] == " ":
        found_x = _origins(probe, origin, start, (0,), baseline)
        if found_x is None:
            return False
        left = found_x[0] + shift
    if block[-1] == " ":
        found_x = _origins(probe, origin, start, (len(block) - 1,), baseline)
        if found_x is None:
            return False
        last_left = found_x[0] + shift
        right = max(right, scale_x * (advances[-1] * font_size) + found_x[0] + shift)
    item = (block, left, right, info.top, info.bottom, info.size, info.font.name, tuple(parts))
    found.items.append(tuple.__new__(Char, item))
    found.last_left.append(last_left)
    found.count += end - start - block.count(" ")
    return True


def _placed_words(
    page: TextPage,
    info: TextObject,
    block: str,
    start: int,
    spans: list[tuple[int, int]],
    *,
    reach: list[float],
    advances: list[float],
    drift: float,
    left_xs: list[float] | None = None,
) -> tuple[list[tuple[str, float, float]], float] | None:
    """Each word of a block placed from PDFium's positions of its first and last glyphs.

    ``left_xs`` are the words' first glyphs' positions, when already asked for. Returns
    the words (text, left, right) and the last word's last glyph's left edge, or None when
    a glyph is off the baseline or a word's middle or last glyph is more than ``drift``
    from where its advances put it.
    """
    probe, origin, baseline = page.probe, page.api.origin_raw, info.baseline
    scale_x, font_size, shift = info.scale_x, info.font_size, page.geometry.shift_x
    step = scale_x * font_size
    firsts = [f for f, _ in spans]
    lasts = [k - 1 for _, k in spans]
    longer = [(f, k) for f, k in zip(firsts, lasts, strict=True) if k - f > 2]
    if left_xs is None:
        left_xs = _origins(probe, origin, start, firsts, baseline)
    last_xs = _origins(probe, origin, start, lasts, baseline)
    middle_xs = _origins(probe, origin, start, [(f + k) // 2 for f, k in longer], baseline)
    if left_xs is None or last_xs is None or middle_xs is None:
        return None
    long_left_xs = [x0 for x0, f, k in zip(left_xs, firsts, lasts, strict=True) if k - f > 2]
    if any(
        abs(x - x0 - step * (reach[k] - reach[f])) > drift
        for x, x0, k, f in zip(last_xs, left_xs, lasts, firsts, strict=True)
    ) or any(
        abs(x - x0 - step * (reach[(f + k) // 2] - reach[f])) > drift
        for x, x0, (f, k) in zip(middle_xs, long_left_xs, longer, strict=True)
    ):
        return None
    parts = [
        (block[f : k + 1], x0 + shift, scale_x * (advances[k] * font_size) + x + shift)
        for f, k, x0, x in zip(firsts, lasts, left_xs, last_xs, strict=True)
    ]
    return parts, last_xs[-1] + shift


def _solid_probes(block: str, spans: list[tuple[int, int]]) -> list[int]:
    """The glyphs :func:`_set_solid` asks for: every word's first, the middle and the last."""
    return [*(first for first, _ in spans), len(block) // 2, len(block) - 1]


def _set_solid(
    xs: list[float] | None,
    reach: list[float],
    indexes: list[int],
    *,
    step: float,
) -> float | None:
    """Where the object's first glyph is, if its glyphs are set solid; else None.

    Set solid: each glyph exactly one advance after the one before (no kerning, character
    or word spacing), as programs that write PDFs line by line set them. The glyphs at
    ``indexes`` (every word's first glyph, and the object's middle and last ones) are
    asked for (``xs``, their positions: None when fewer than three, or one is off the
    baseline); when all sit within :data:`_SOLID` of where the widths put them, the words'
    ends are placed from the widths too. Spacing or kerning that moved a glyph shows in
    every later one, so it is seen; adjustments that cancel out inside one word are not
    (the small nudges a layout engine makes to round glyphs to its own grid: LibreOffice's
    are a few hundredths of a point, so a word's end is then that far from PDFium's
    position, and no further).
    """
    if xs is None:
        return None
    first = xs[0] - step * reach[indexes[0]]
    if any(abs(x - first - step * reach[k]) > _SOLID for x, k in zip(xs, indexes, strict=True)):
        return None
    return first


def _word_spaced(
    xs: list[float],
    reach: list[float],
    indexes: list[int],
    spaces: list[int],
    *,
    step: float,
) -> tuple[float, float] | None:
    """Where the first probed glyph would be set solid, and the word spacing; else None.

    Word spacing (justified text: the PDF's ``Tw``, or a producer that widens each space)
    moves every glyph after a space by one constant more than its advances say. The glyphs
    at ``indexes`` (as for :func:`_set_solid`; ``spaces``: the spaces between the first
    word and each) must all sit within :data:`_SOLID` of where the widths and that one
    constant, fitted on the glyph after the most spaces, put them, and they must lie after
    at least two different numbers of spaces (three words or more): a kern inside one word
    moves every later glyph by the same amount, which one constant per space would fit
    were all of them after the same number of spaces. Character spacing or kerning then
    shows as it does set solid.
    """
    most = max(range(len(indexes)), key=spaces.__getitem__)
    if spaces[0] != 0 or len(set(spaces)) < 3:
        return None
    first = xs[0] - step * reach[indexes[0]]
    extra = (xs[most] - first - step * reach[indexes[most]]) / spaces[most]
    if any(
        abs(x - first - step * reach[k] - n * extra) > _SOLID
        for x, k, n in zip(xs, indexes, spaces, strict=True)
    ):
        return None
    return first, extra


def _origins(
    probe: Probe, origin: Any, start: int, indexes: Iterable[int], baseline: float
) -> list[float] | None:
    """Where PDFium put glyphs ``start + k``, along x; None if one is off the baseline."""
    handle, x_ref, y_ref, xy = probe.handle, probe.x_ref, probe.y_ref, probe.xy
    xs = [
        xy[0] if origin(handle, start + k, x_ref, y_ref) and xy[1] == baseline else None
        for k in indexes
    ]
    return None if None in xs else typing.cast(list[float], xs)


# What a glyph's text is to the layout code: counted as text (the reference counts glyphs
