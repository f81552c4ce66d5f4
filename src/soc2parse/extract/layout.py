"""Layout: characters -> words -> lines, and running headers/footers and contents pages.

Pure functions over plain records, shared by every character source (the
pdfplumber reference extractor and the pypdfium2 fast path), so both give the
same page model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import regex

from soc2parse._pages import Line, Rule, Word
from soc2parse.text.clean import QUOTES

__all__ = [
    "Char",
    "chars_to_lines",
    "find_furniture",
    "is_toc_page",
    "normalize_text",
]


class Char(NamedTuple):
    """One glyph with its box (top-left origin), font size and font name.

    A named tuple rather than an attrs class: one is made per glyph of every page, and
    a frozen attrs instance costs several times as much to build.

    A character source may also give several glyphs as one item: a run of glyphs that
    make one word (``text`` holds them all, the box spans them), or a block of words on
    one baseline, ``parts`` holding each word's text and left and right edges and
    ``text`` the block's text with its blanks (a leading or trailing blank ends a word
    there, as a blank glyph does).
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str = ""
    parts: tuple[tuple[str, float, float], ...] = ()


# Ligatures, typographic quotes and odd spaces that Word and Acrobat exports carry.
_TRANSLATE = str.maketrans(
    {
        **QUOTES,
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": "",
        "\u200b": "",
        "\ufeff": "",
        "\u2010": "-",
        "\u2011": "-",
        "\uf0b7": "\u2022",  # Symbol-font bullet that Word exports as a private-use glyph
        "\uf0a7": "\u2022",
        "\u25aa": "\u2022",
        "\u25cf": "\u2022",
    }
)

# Texts at least this long are normalized by str.replace, one mapped character at a time.
_LONG = 64
_REPLACEMENTS = tuple((chr(key), str(value or "")) for key, value in _TRANSLATE.items())
assert not any(ord(c) in _TRANSLATE for _, value in _REPLACEMENTS for c in value)

# A bold face by its name, after any subset tag ("ABCDEF+Arial-BoldMT": the tag is random
# capitals and may spell BOLD itself).
_BOLD = regex.compile(r"bold|black|heavy|semibold|demi", regex.IGNORECASE)
_SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")


def normalize_text(text: str) -> str:
    """Replace ligatures, curly quotes and odd spaces with plain equivalents.

    >>> normalize_text("Management\u2019s \ufb01ndings")
    "Management's findings"
    """
    if len(text) < _LONG:
        return str(text.translate(_TRANSLATE))
    # A page's text: str.translate looks each non-ASCII character up in a dict, while a
    # scan per mapped character runs in C (no replacement holds a mapped character, so
    # replacing one after another is the same as translating at once).
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def chars_to_lines(chars: Iterable[Char]) -> tuple[Line, ...]:
    """Group characters into words and words into visual lines, top to bottom.

    Characters whose vertical centres lie within 40% of their font size of a
    line's centre belong to it; a space, or a horizontal gap wider than 30% of the
    font size, ends a word (the same tolerance pdfplumber uses at 10 pt).
    """
    # This runs once per glyph of every page, so it works on plain tuples: the sort key
    # (centre, left, arrival) orders as a stable sort on (centre, left) would.
    keyed = sorted(
        [
            ((c.top + c.bottom) / 2, c.x0, index, c)
            for index, c in enumerate(chars)
            if c.text and c.x1 > c.x0 - 0.01
        ]
    )
    clusters: list[list[Char]] = []
    centre = 0.0
    for mid, _, _, char in keyed:
        tolerance = max(1.5, 0.4 * (char.size or (char.bottom - char.top)))
        if clusters and abs(mid - centre) <= tolerance:
            clusters[-1].append(char)
        else:
            clusters.append([char])
            centre = mid
    bold: dict[str, bool] = {}
    lines = [_line(cluster, bold) for cluster in clusters]
    return tuple(line for line in lines if line is not None)


def _left(char: Char) -> float:
    return char.x0


def _line(cluster: list[Char], bold: dict[str, bool]) -> Line | None:
    cluster.sort(key=_left)
    words: list[Word] = []
    current: list[Char] = []
    texts: list[str] = []
    for char in cluster:
        if char.parts:
            _block(char, words, current, texts, bold)
            continue
        text = char.text if char.text.isascii() else normalize_text(char.text)
        if not text.strip():
            if current:
                words.append(_word(current, texts, bold))
                current, texts = [], []
            continue
        if current and char.x0 - current[-1].x1 > max(1.0, 0.3 * (char.size or 10.0)):
            words.append(_word(current, texts, bold))
            current, texts = [], []
        current.append(char)
        texts.append(text)
    if current:
        words.append(_word(current, texts, bold))
    return Line(tuple(words)) if words else None


def _block(
    char: Char, words: list[Word], current: list[Char], texts: list[str], bold: dict[str, bool]
) -> None:
    """Add a block of words (see :class:`Char`) to a line being built.

    Its first word may continue the word in progress (``current``, ``texts``) and its
    last word may be continued by the next item; the words between are whole. Updates
    ``words``, ``current`` and ``texts`` in place.
    """
    text, parts = char.text, char.parts
    gap = max(1.0, 0.3 * (char.size or 10.0))
    last = len(parts) - 1
    open_end = text[-1] != " "
    begin = 0
    if current:
        part, x0, x1 = parts[0]
        if text[0] != " " and x0 - current[-1].x1 <= gap:
            current.append(Char(part, x0, x1, char.top, char.bottom, char.size, char.fontname))
            texts.append(part)
            begin = 1
            if last == 0 and open_end:
                return
        words.append(_word(current, texts, bold))
        current.clear()
        texts.clear()
    end = last if open_end else last + 1
    if begin < end:
        heavy = bold.get(char.fontname)
        if heavy is None:
            heavy = bold[char.fontname] = bool(_BOLD.search(_SUBSET_TAG.sub("", char.fontname)))
        top, bottom, size = (
            round(char.top * 100) / 100,
            round(char.bottom * 100) / 100,
            round(char.size * 100) / 100,
        )
        make = tuple.__new__
        # Rounded as _word rounds.
        words += [
            make(
                Word, (part, round(x0 * 100) / 100, round(x1 * 100) / 100, top, bottom, size, heavy)
            )
            for part, x0, x1 in parts[begin:end]
        ]
    if open_end and begin <= last:
        part, x0, x1 = parts[last]
        current.append(Char(part, x0, x1, char.top, char.bottom, char.size, char.fontname))
        texts.append(part)


def _word(chars: Sequence[Char], texts: Sequence[str], bold: dict[str, bool]) -> Word:
    """One word from its characters and their normalized texts (none of them blank).

    Coordinates are rounded to hundredths as ``round(x * 100) / 100``: a quarter of the
    cost of ``round(x, 2)``, and the same but where ``x * 100`` lands within a float's
    width of a half (every character source is rounded the same way).
    """
    if len(chars) == 1:
        _, x0, x1, top, bottom, size, fontname, _ = chars[0]
        heavy = bold.get(fontname)
        if heavy is None:
            heavy = bold[fontname] = bool(_BOLD.search(_SUBSET_TAG.sub("", fontname)))
        return tuple.__new__(
            Word,
            (
                texts[0],
                round(x0 * 100) / 100,
                round(x1 * 100) / 100,
                round(top * 100) / 100,
                round(bottom * 100) / 100,
                round(size * 100) / 100,
                heavy,
            ),
        )
    _, lefts, rights, tops, bottoms, sizes, fontnames, _ = zip(*chars, strict=True)
    heavy = True
    for fontname in set(fontnames):
        found = bold.get(fontname)
        if found is None:
            found = bold[fontname] = bool(_BOLD.search(_SUBSET_TAG.sub("", fontname)))
        heavy = heavy and found
    return Word(
        text="".join(texts),
        x0=round(lefts[0] * 100) / 100,
        x1=round(max(rights) * 100) / 100,
        top=round(min(tops) * 100) / 100,
        bottom=round(max(bottoms) * 100) / 100,
        size=round(max(sizes) * 100) / 100,
        bold=heavy,
    )


# Page numbers print on every page: "Page 7 of 88", "7", "- 7 -", "Page 7", "7 | Page", "iv".
_PAGE_NUMBER = regex.compile(
    r"""^\s*(?:
        (?:page\s*)?[\divxlc]{1,6}(?:\s*(?:of|/)\s*\d{1,4})?
      | [-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]
      | \d{1,4}\s*\|\s*page
    )\s*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
_DIGITS = regex.compile(r"\d+")
# Where a page number sits in a running line: at either end, or "page 7", "7 of 88".
_LONE_NUMBER = regex.compile(
    r"^\W*\d{1,4}\b|\b\d{1,4}\W*$|\bpage\s*\d|\d\s*(?:of|/)\s*\d", regex.IGNORECASE
)
_SPACES = regex.compile(r"\s+")

# How far into the page a running header or footer may sit, as a fraction of its height.
_MARGIN = 0.12
# How many lines from the top or bottom a running header or footer may be.
_EDGE_LINES = 3
# A table's repeated column-header row sits in the margin too, but later stages need it:
# "Control # | Control Activity | Tests Performed | Results of Testing".
_TABLE_HEADER_WORDS = regex.compile(
    r"\b(?:controls?|tests?|testing|results?|activit(?:y|ies)|criteria|procedures|exceptions?"
    r"|performed|applied|specified|objectives?|ref)\b",
    regex.IGNORECASE,
)


def _table_header(text: str) -> bool:
    return len({m.lower() for m in _TABLE_HEADER_WORDS.findall(text)}) >= 3


def _furniture_key(text: str) -> str:
    return str(_SPACES.sub(" ", _DIGITS.sub("#", text.lower()))).strip()


def _in_ruled_table(line: Line, rules: Sequence[Rule]) -> bool:
    """True when vertical rules on both sides of the line cross it: a row of a ruled table."""
    middle = (line.top + line.bottom) / 2
    crossing = [r.x0 for r in rules if not r.horizontal and r.top - 1 <= middle <= r.bottom + 1]
    return any(x <= line.x0 + 1 for x in crossing) and any(x >= line.x1 - 1 for x in crossing)


def find_furniture(
    pages: Sequence[tuple[float, Sequence[Line], Sequence[Rule]]],
) -> tuple[frozenset[int], ...]:
    """Find running headers and footers: which lines of each page to drop.

    Args:
        pages: for each page, its height, its lines (top to bottom) and its ruling lines.

    Returns:
        For each page, the indexes of its lines that are headers or footers: lines among the
        first or last three of the page, in its top or bottom margin and outside a ruled
        table, whose text (digits ignored) repeats on at least a third of the pages (and at
        least two), or that are page numbers. A table's repeated column-header row is kept.
    """
    counts: Counter[str] = Counter()
    candidates: list[list[tuple[int, str]]] = []
    for height, lines, rules in pages:
        found: list[tuple[int, str]] = []
        # Only the first and last lines of a page (each once) can be furniture.
        edges = sorted({*range(min(_EDGE_LINES, len(lines))), *range(len(lines))[-_EDGE_LINES:]})
        for index in edges:
            line = lines[index]
            in_margin = line.bottom < height * _MARGIN or line.top > height * (1 - _MARGIN)
            if not in_margin or _table_header(line.text):
                continue
            if not _in_ruled_table(line, rules):
                found.append((index, _furniture_key(line.text)))
        candidates.append(found)
        counts.update({key for _, key in found})
    threshold = max(2, len(pages) // 3) if len(pages) > 2 else 2
    exact: Counter[str] = Counter()
    for (_, lines, _), found in zip(pages, candidates, strict=True):
        exact.update({lines[index].text for index, _ in found})
    result: list[frozenset[int]] = []
    for (_, lines, _), found in zip(pages, candidates, strict=True):
        drop = set()
        for index, key in found:
            text = lines[index].text
            # Digits may differ from page to page only where they are a page number:
            # "Page 7 of 88" repeats, "CC6.2.7 Access of terminated users ..." does not.
            repeats = counts[key] >= threshold and (
                exact[text] >= threshold or _LONE_NUMBER.search(text) is not None
            )
            if repeats or _PAGE_NUMBER.match(text):
                drop.add(index)
        result.append(frozenset(drop))
    return tuple(result)


# A contents entry: a title, dot leaders or spaces, then a page number at the line's end.
_TOC_ENTRY = regex.compile(r"^.{3,}?(?:\s*\.{3,}\s*|\s+|\t)(?:\d{1,3}|[ivxlc]{1,6})\s*$", regex.I)
_TOC_ENDS = frozenset("0123456789ivxlcIVXLC")
_TOC_LEADERS = regex.compile(r"\.{4,}|(?:\.\s){4,}|_{4,}")
_TOC_TITLE = regex.compile(r"^\s*(?:table\s+of\s+)?contents\s*$", regex.IGNORECASE)


def _unnumbered_entries(texts: Sequence[str]) -> bool:
    """Whether a titled page lists entries without page numbers: every line after the
    title short (a dozen words at most) and none ending as a sentence or clause does, and
    at least two of them ("Attachment A – Independent Service Auditor's Report")."""
    title = next(k for k, t in enumerate(texts) if _TOC_TITLE.match(t))
    rest = texts[title + 1 :]
    return len(rest) >= 2 and all(
        len(t.split()) <= _ENTRY_WORDS and not t.rstrip().endswith((".", ":", ";", ","))
        for t in rest
    )


# The most words an entry of a contents page without page numbers holds.
_ENTRY_WORDS = 12


def is_toc_page(lines: Sequence[Line], previous_was_toc: bool = False) -> bool:
    """True when a page is a table of contents.

    A page titled "Contents"/"Table of Contents" with entries (ending in page numbers, or
    all of its other lines short entries without them), or one where most lines are
    entries ending in page numbers with dot leaders, or a page that continues a contents page
    with such entries.
    """
    texts = [line.text for line in lines if line.text.strip()]
    if not texts:
        return False
    # Only a line ending in a page number can be an entry (a cheap test before the regex).
    entries = sum(1 for t in texts if t.rstrip()[-1:] in _TOC_ENDS and _TOC_ENTRY.match(t))
    leaders = sum(1 for t in texts if _TOC_LEADERS.search(t))
    titled = any(_TOC_TITLE.match(t) for t in texts[:5])
    if titled and entries >= 2:
        return True
    if titled and _unnumbered_entries(texts):
        return True
    if leaders >= 4 and leaders >= len(texts) * 0.3:
        return True
    return previous_was_toc and entries >= max(3, len(texts) * 0.5)
