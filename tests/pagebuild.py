"""Build page-model objects from plain text for stage tests (no PDF needed)."""

from __future__ import annotations

from collections.abc import Sequence

from soc2parse._pages import Document, Line, Page, Word

LINE_HEIGHT = 14.0
PAGE_HEIGHT = 792.0


def line(
    text: str, top: float, *, x0: float = 72.0, size: float = 10.0, bold: bool = False
) -> Line:
    """A line of words set in one face, 6 points per character."""
    words = []
    x = x0
    for token in text.split():
        width = 6.0 * len(token)
        words.append(Word(token, x, x + width, top, top + size, size, bold))
        x += width + 4.0
    return Line(tuple(words))


def page(
    number: int,
    texts: Sequence[str | tuple[str, dict[str, object]]],
    *,
    is_toc: bool = False,
    top: float = 72.0,
) -> Page:
    """A page whose lines are ``texts`` (a text, or (text, line() keyword arguments))."""
    lines = []
    y = top
    for item in texts:
        text, options = (item, {}) if isinstance(item, str) else item
        lines.append(line(text, y, **options))  # type: ignore[arg-type]
        y += LINE_HEIGHT
    return Page(number=number, width=612.0, height=PAGE_HEIGHT, lines=tuple(lines), is_toc=is_toc)


def document(pages: Sequence[Page], source: str = "test.pdf") -> Document:
    """A document of ``pages``."""
    return Document(source=source, sha256="0" * 64, pages=tuple(pages))
