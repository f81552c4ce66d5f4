"""An id glued to the first word of the next cell: split where the page's columns say.

OCR finds words by the gaps between them; where a table's id column is narrow, an id and
the first word of the cell beside it are sometimes read with no gap between them, or
with a speck between them read as a stop ("C-27.The", "C-34A" for "C-34" and "A
business ..."). Both crops of such a word read it glued the same way, so no second
reading can settle it; and "C-34A" is a possible id. What tells the glued word from an
id is the page's geometry: the ids of the same shape read right on other rows of the
page (two or more, starting where the glued word starts) end before the next column,
whose words begin at one edge on those rows; a word that begins in the id column and
runs across that edge by half a glyph or more spans two cells. It is split into the id and
the rest (a stop or colon between them, a speck, is left out), each given its share of
the box by its characters, when the rest begins at that edge, give or take a glyph:

- "C-27.The" beside rows "C-26 Access ...", "C-28 Logical ...": "C-27" and "The";
- "C-34A" beside rows "C-33 Changes ...": "C-34" and "A".

A real id with a letter after its number ("C-34A" in a column wide enough for it) ends
before the next column and is left alone; so is a word with no ids of its shape on other
rows of the page, and a word that is not in the ids' column.

Only OCR words pass here; each change is returned for the caller to log.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Sequence

import attrs
import regex

from soc2parse._pages import Line, RawPage, Word
from soc2parse.extract.ocr_confusions import id_form

__all__ = ["split_glued_ids"]

# An id (as id_form reads it), at most one mark, then the start of a word.
_GLUED = regex.compile(
    r"^(?P<id>[A-Z]{1,5}[-.]?\d{1,4}(?:[.\-]\d{1,4}){0,3})(?P<mark>[.:;,]?)(?P<rest>[A-Za-z][a-z]*)$"
)
# Ids of one shape on other rows that make a column.
_MIN_ROWS = 2
# How far (points) a word's left edge may lie from the ids' column edge.
_ALIGN = 3.0


def split_glued_ids(
    pages: Sequence[RawPage], known: Counter[tuple[str, str, str]]
) -> tuple[list[RawPage], list[tuple[int, str, str]]]:
    """``pages`` with ids glued to the next cell's first word split in two; the changes,
    ``(page, as read, "id rest")``. ``known``: the shapes of the document's ids read
    right (``ocr_confusions.known_shapes``)."""
    out: list[RawPage] = []
    changes: list[tuple[int, str, str]] = []
    for page in pages:
        rows = _id_rows(page, known)
        lines = []
        for line in page.lines:
            words: list[Word] = []
            for word in line.words:
                parts = _split(word, rows, known)
                if parts is not None:
                    changes.append((page.number, word.text, " ".join(p.text for p in parts)))
                words.extend(parts or (word,))
            lines.append(line if len(words) == len(line.words) else Line(tuple(words)))
        out.append(attrs.evolve(page, lines=tuple(lines)) if lines != list(page.lines) else page)
    return out, changes


def _id_rows(
    page: RawPage, known: Counter[tuple[str, str, str]]
) -> dict[tuple[str, str, str], list[tuple[float, float]]]:
    """Per id shape, the ids of the page read right and followed by a word on their line:
    ``(left edge of the id, left edge of the next word)``."""
    rows: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for line in page.lines:
        for word, after in itertools.pairwise(line.words):
            shape = id_form(word.text)
            if shape is not None and known[shape] >= _MIN_ROWS:
                rows.setdefault(shape, []).append((word.x0, after.x0))
    return rows


def _split(
    word: Word,
    rows: dict[tuple[str, str, str], list[tuple[float, float]]],
    known: Counter[tuple[str, str, str]],
) -> tuple[Word, Word] | None:
    match = _GLUED.match(word.text)
    if match is None:
        return None
    shape = id_form(match["id"])
    if shape is None or known[shape] < _MIN_ROWS:
        return None
    column = [after for left, after in rows.get(shape, ()) if abs(left - word.x0) <= _ALIGN]
    if len(column) < _MIN_ROWS:
        return None
    edge = statistics.median(column)
    glyph = (word.x1 - word.x0) / len(word.text)
    head = len(match["id"])
    start = word.x0 + glyph * (head + len(match["mark"]))
    if word.x1 <= edge + glyph / 2 or abs(start - edge) > glyph * 1.5:
        return None
    return (
        word._replace(text=match["id"], x1=word.x0 + glyph * head),
        word._replace(text=match["rest"], x0=start),
    )
