"""Paragraphs and headings rebuilt from page lines, for the facts stage.

A paragraph ends at a vertical gap wider than the page's usual line spacing,
at a heading, or where a line starts a bullet. A paragraph left open at the
foot of a page (its last line does not end a sentence) continues on the next
page. Each paragraph keeps where its text came from, so evidence can name the
page a sentence starts on.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence

import attrs
import regex

from soc2parse._pages import Line, Page, body_size

__all__ = ["Passage", "passages", "sentence_at"]

# A line that opens a list item: "•", "-", "▪", "", "o ", "1.", "(a)", "a)".
BULLET = regex.compile(
    r"^\s*(?:[•●▪■◦○‣∙·\-–—*]|(?:o|)(?=\s)|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+",
    regex.IGNORECASE,
)
_ENDS_SENTENCE = regex.compile(r"[.!?:;][\"'”’)]*\s*$")
_WORDS = regex.compile(r"\w+")
# Font sizes closer than this (points) are the same face.
_SAME_SIZE = 0.5


@attrs.frozen
class Passage:
    """A paragraph (or heading) with the page each of its lines came from.

    Attributes:
        text: the lines joined by spaces (a hyphen that split a word is kept as printed).
        starts: ``(offset, page)`` pairs: the text from ``offset`` on came from ``page``.
        heading: True when the passage is a heading line.
        bullet: True when the passage opens with a list marker.
        x0: the left edge of its first line (list items without a visible marker are indented).
    """

    text: str
    starts: tuple[tuple[int, int], ...]
    heading: bool = False
    bullet: bool = False
    x0: float = 0.0

    @property
    def page(self) -> int:
        """The page the passage starts on."""
        return self.starts[0][1]

    def page_at(self, offset: int) -> int:
        """The page the character at ``offset`` came from."""
        page = self.starts[0][1]
        for start, number in self.starts:
            if start > offset:
                break
            page = number
        return page


def _leading(page: Page) -> float:
    steps = [
        b.top - a.top
        for a, b in zip(page.lines, page.lines[1:], strict=False)
        if 0 < b.top - a.top < 3 * max(a.bottom - a.top, 1.0)
    ]
    return statistics.median(steps) if steps else 14.0


def _margin(page: Page) -> float:
    """The page's left edge of text: the leftmost edge that at least two lines share."""
    edges = Counter(round(line.x0) for line in page.lines)
    shared = [x for x, count in edges.items() if count >= 2]
    return float(min(shared or edges or [0]))


def is_heading_line(line: Line, body: float) -> bool:
    """A short line set off by bold or a larger face, not reading as a sentence."""
    text = line.text.strip()
    words = len(_WORDS.findall(text))
    if not text or words > 14 or BULLET.match(text):
        return False
    if not (line.bold or line.size >= body * 1.12):
        return False
    return not text.endswith((".", ",", ";", ":")) or words <= 4


def _continues(line: Line, previous: Line | None, leading: float, *, heading_above: bool) -> bool:
    """True when ``line`` carries on the sentence of the paragraph line above it.

    A heading set off only by its size is larger than the paragraph before it and never
    interrupts a sentence; where a page's tables are set smaller than its prose, a short
    prose line ("Acme personnel.") is as large as such a heading.
    """
    return (
        previous is not None
        and not heading_above
        and not line.bold
        and abs(line.size - previous.size) < _SAME_SIZE
        and 0 < line.top - previous.top <= leading * 1.45
        and _ENDS_SENTENCE.search(previous.text) is None
    )


def passages(
    pages: Sequence[Page], *, known_headings: regex.Pattern[str] | None = None
) -> tuple[Passage, ...]:
    """The pages' text as paragraphs and headings, in reading order (contents pages skipped).

    Args:
        pages: the pages to read.
        known_headings: a pattern for heading wordings that count as headings even when set
            in the body face (a whole line must match).
    """
    body = body_size(pages)
    out: list[Passage] = []
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    bullet = False
    left = 0.0

    length = 0  # of " ".join(parts), kept as parts grow

    def close() -> None:
        nonlocal parts, starts, bullet, length
        if parts:
            out.append(Passage(" ".join(parts), tuple(starts), bullet=bullet, x0=left))
        parts, starts, bullet, length = [], [], False, 0

    def add(text: str, page: int) -> None:
        nonlocal length
        offset = length + (1 if parts else 0)
        if not starts or starts[-1][1] != page:
            starts.append((offset, page))
        parts.append(text)
        length = offset + len(text)

    for page in pages:
        if page.is_toc:
            continue
        leading = _leading(page)
        margin = _margin(page)
        right = max((line.x1 for line in page.lines), default=0.0)
        previous: Line | None = None
        was_heading = False
        for index, line in enumerate(page.lines):
            text = line.text.strip()
            if not text:
                continue
            known = (
                known_headings is not None
                and text[0].isupper()
                and (
                    previous is None
                    or _ENDS_SENTENCE.search(previous.text) is not None
                    or line.top - previous.top > leading * 1.45
                )
                and known_headings.fullmatch(text) is not None
            )
            if known or (
                is_heading_line(line, body)
                and not _continues(line, previous, leading, heading_above=was_heading)
            ):
                close()
                out.append(Passage(text, ((0, page.number),), heading=True, x0=line.x0))
                previous, was_heading = line, True
                continue
            was_heading = False
            new_bullet = bool(BULLET.match(text))
            if previous is None:
                # First line of a page: continue an open paragraph from the page before.
                if index > 0 or not parts or _ENDS_SENTENCE.search(parts[-1]) or new_bullet:
                    close()
            elif (
                new_bullet
                or line.top - previous.top > leading * 1.45
                # After a finished sentence, an indented line or a short previous line
                # (the last line of a paragraph or list item) starts a new one.
                or (
                    _ENDS_SENTENCE.search(previous.text) is not None
                    and (line.x0 > margin + 6 or previous.x1 < right - (right - margin) * 0.2)
                )
            ):
                close()
            if not parts:
                bullet, left = new_bullet, line.x0
            add(text, page.number)
            previous = line
    close()
    return tuple(out)


# A sentence ends at ".", "!" or "?" followed by a space and a capital letter, a digit or a
# quote, except after common abbreviations ("Inc.", "U.S.", "No.", "Co.").
_SENTENCE_END = regex.compile(
    r"""
    (?<!\b(?:Inc|Corp|Co|Ltd|No|Nos|Mr|Ms|Dr|St|vs|etc|e\.g|i\.e|U\.S|L\.L\.C|P\.C|L\.P|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z]))
    [.!?][\"'”’)]*\s+(?=[\p{Lu}\d\"“‘(])
    """,
    regex.VERBOSE,
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every sentence of ``text``, in order, as :func:`sentence_at`
    gives them one at a time (one pass: walking a text by ``sentence_at`` is quadratic).

    >>> text = "Scope paragraph. In our opinion, Acme Inc. did well. Restricted use."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Scope paragraph.', 'In our opinion, Acme Inc. did well.', 'Restricted use.']
    """
    spans = []
    start = 0
    for end_match in _SENTENCE_END.finditer(text):
        found = end_match.group()
        spans.append((start, end_match.end() - len(found) + len(found.rstrip())))
        start = end_match.end()
    spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The ``(start, end)`` of the sentence that holds ``offset``.

    >>> text = "Scope paragraph. In our opinion, Acme Inc. did well. Restricted use."
    >>> s, e = sentence_at(text, 20)
    >>> text[s:e]
    'In our opinion, Acme Inc. did well.'
    """
    start = 0
    for end_match in _SENTENCE_END.finditer(text):
        if end_match.end() > offset:
            return start, end_match.end() - len(end_match.group()) + len(end_match.group().rstrip())
        start = end_match.end()
    return start, len(text.rstrip())
