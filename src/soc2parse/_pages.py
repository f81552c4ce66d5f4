"""The page model every stage after extraction reads.

These are plain records of the project's own, not pdfplumber objects, so that
any source of characters (pdfplumber's parser, pypdfium2) can feed the same
later stages. Coordinates are PDF points with the origin at the page's top
left, as in pdfplumber: ``top`` grows downwards.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import attrs

__all__ = ["Document", "Line", "Page", "RawPage", "Rule", "Word", "body_size"]


class Word(NamedTuple):
    """One word with its box. ``size`` is the font size; ``bold`` is read from the font name.

    A named tuple rather than an attrs class: one is made per word of every page, and a
    frozen attrs instance costs several times as much to build.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False


@attrs.frozen
class Line:
    """A visual line of text: words sharing a baseline, left to right."""

    words: tuple[Word, ...]

    @functools.cached_property
    def text(self) -> str:
        """The line's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @functools.cached_property
    def x0(self) -> float:
        """Left edge of the first word."""
        return self.words[0].x0

    @functools.cached_property
    def x1(self) -> float:
        """Right edge of the last word."""
        return max(w.x1 for w in self.words)

    @functools.cached_property
    def top(self) -> float:
        """Top of the tallest word."""
        return min(w.top for w in self.words)

    @functools.cached_property
    def bottom(self) -> float:
        """Bottom of the lowest word."""
        return max(w.bottom for w in self.words)

    @functools.cached_property
    def size(self) -> float:
        """The largest font size on the line."""
        return max(w.size for w in self.words)

    @functools.cached_property
    def bold(self) -> bool:
        """True when every word on the line is set in a bold face."""
        return all(w.bold for w in self.words)


@attrs.frozen
class Rule:
    """A ruling segment (a drawn line, or one edge of a drawn rectangle).

    Horizontal rules have ``top == bottom`` (within a point); vertical ones ``x0 == x1``.
    """

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        """True for a horizontal rule."""
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@attrs.frozen
class Page:
    """One page after extraction, headers and footers removed.

    Attributes:
        number: 1-based index of the page in the PDF (not the printed page number).
        width, height: page size in points, after rotation.
        lines: the body text lines, top to bottom (running headers and footers removed).
        rules: ruling segments, for table reconstruction.
        furniture: the header and footer lines that were removed, for reference.
        is_toc: True when the page is a table of contents.
    """

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...] = ()
    furniture: tuple[str, ...] = ()
    is_toc: bool = False

    @functools.cached_property
    def text(self) -> str:
        """The body text, one visual line per text line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> Iterator[Word]:
        """Every body word, line by line."""
        for line in self.lines:
            yield from line.words

    @functools.cached_property
    def size_weights(self) -> Counter[float]:
        """Characters per font size (to 0.1 pt), sizes in order of first use; for body_size."""
        # Summed by exact size first, then rounded once per size (a page has a few sizes
        # and a few hundred words): the first word of each rounded size still comes first.
        exact: dict[float, int] = {}
        get = exact.get
        for line in self.lines:
            for word in line.words:
                size = word.size
                exact[size] = get(size, 0) + len(word.text)
        weights: Counter[float] = Counter()
        for size, count in exact.items():
            if size:
                weights[round(size, 1)] += count
        return weights

    @property
    def landscape(self) -> bool:
        """True when the page is wider than it is tall."""
        return self.width > self.height


@attrs.frozen
class Document:
    """The extracted document: its identity and its pages."""

    source: str | None
    sha256: str
    pages: tuple[Page, ...]
    # Pages the fast engine's guard read again on its exact path (1-based).
    reread_pages: tuple[int, ...] = ()
    # Pages that hold images but no text: read by OCR, or left unread (OCR off or missing).
    ocr_pages: tuple[int, ...] = ()
    unread_image_pages: tuple[int, ...] = ()
    # OCR pages too large for the pixel budget at full resolution: (page, dpi read at).
    ocr_lowered: tuple[tuple[int, float], ...] = ()

    @property
    def page_count(self) -> int:
        """Pages in the PDF."""
        return len(self.pages)

    @property
    def name(self) -> str:
        """What error messages and warnings call the file."""
        return self.source or f"<pdf sha256:{self.sha256[:12]}>"

    def page(self, number: int) -> Page:
        """The page with 1-based index ``number``."""
        return self.pages[number - 1]

    def span(self, first: int, last: int) -> tuple[Page, ...]:
        """Pages ``first`` to ``last`` inclusive (1-based)."""
        return self.pages[first - 1 : last]


@attrs.frozen
class RawPage:
    """One page as a character source gives it, before headers and footers are removed."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    char_count: int
    image_count: int
    undecodable: int = 0
    # The fast engine's guard found the page's words disagreeing with PDFium's own text
    # and read it again on the exact path (see soc2parse.extract.pdfium.pages.unseen_words).
    reread: bool = False
    # The fast engine could not decode glyphs that PDFium's own text gives as letters (Type 3
    # fonts): extract() reads the page again with the reference engine.
    needs_reference: bool = False


def body_size(pages: Iterable[Page], default: float = 10.0) -> float:
    """The usual font size of ``pages``: the size (to 0.1 pt) most of their characters are set in.

    The one measure of body text every stage uses. Measure per page where a report's tables
    are set smaller than its prose (the headings of ``sections``): over the whole report, the
    opinion's body text would look large enough for a heading.
    """
    weights: Counter[float] = Counter()
    for page in pages:
        # Counter.update adds new sizes in the page's order: ties fall as word by word.
        weights.update(page.size_weights)
    return weights.most_common(1)[0][0] if weights else default
