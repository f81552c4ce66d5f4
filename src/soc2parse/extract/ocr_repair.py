"""Repairs of OCR'd lines that the page itself supports: rule marks, header words, id case.

Three misreadings of scanned tables cost whole rows or whole tables, and each can be told
apart from text by what the page shows or by how ids are written:

- :func:`drop_rule_marks`: a vertical table rule read as a character ("|", "I", "!")
  sits in a row's text as a word, so the row looks as if its text ran across a column
  border ("+" where a speck or another rule crosses it). A word made only of such
  strokes, narrow, lying on a vertical rule found in the page's pixels
  (``extract.scan_rules``) is the rule, not text: it is dropped.
- :func:`repair_header_words`: a table header word read with one letter confused
  ("Contro! #", "Controt") leaves the header unrecognised and its table unread. A word
  is repaired only when undoing at most two known OCR confusions (:data:`CONFUSIONS`)
  gives exactly one word of the header vocabulary (:data:`HEADER_VOCABULARY`) and the
  same line holds two or more header words as read, so that the line is a table header.
- :func:`repair_id_case`: a letter whose small and capital forms differ only in size
  ("c"/"C", "o"/"O", "s"/"S", ...) is read in the wrong case ("c-01", "Cc1.1"), and the
  id is then not taken for one. Control ids are written in capitals, so in a word shaped
  like an id (letters, then numbers joined by a dot or a hyphen) such letters are read as
  capitals, and only when every small letter of the word is one of them. A "C" read as
  "\u20ac" (a speck through it) is put back in an id's letters ("\u20acC1.5"), and a "c"
  read as "\u00a2" after an id's numbers ("7.1\u00a2"): ids hold no currency signs, and a
  sign before a letter or after a dotted number is no amount.

All work on OCR lines only (pixels, before deskewing); every change is returned so that
the caller logs it. A text layer's words never pass here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import regex

from soc2parse._pages import Rule
from soc2parse.extract.ocr_words import OcrLine
from soc2parse.text.headers import TABLE_HEADER_WORDS

__all__ = [
    "CONFUSIONS",
    "HEADER_VOCABULARY",
    "drop_rule_marks",
    "header_word",
    "repair_header_words",
    "repair_id_case",
]

# Characters a thin vertical stroke is read as; "+" where a speck or another rule
# crosses it.
_STROKES = frozenset("|¦!Il1[]+")
# A rule mark is no wider than this (inches): a stroke, not a letter.
_MAX_MARK_WIDTH = 0.1
# How far (inches) a mark's box may lie off the rule's centre line.
_MARK_REACH = 0.02

# The glyphs OCR reads in place of a letter (true letter -> what is read instead), as data:
# a thin "l" as "!", "1", "I", "|", "i" or "t"; a round "C" as "€", "(", "0" or "c".
CONFUSIONS: dict[str, str] = {
    "l": "!1I|it",
    "i": "!1l|",
    "I": "!1l|",
    "t": "l",
    "C": "€(0cG¢",
    "c": "€(e¢",
    "O": "0Q",
    "o": "0",
    "e": "c",
    "S": "5$",
    "s": "5",
    "n": "h",
    "u": "v",
}
# At most this many letters are put back in one word.
_MAX_REPAIRS = 2

# The words of a control table's header labels (``text.headers``, the list the table
# reader knows), four letters or longer: short words ("by", "of", "No") are too easily
# made by a confusion.
HEADER_VOCABULARY: frozenset[str] = frozenset(
    word for word in TABLE_HEADER_WORDS if len(word) >= 4 and word.isalpha()
)
# A header line holds at least this many header words besides the one repaired.
_MIN_HEADER_WORDS = 2


def drop_rule_marks(
    lines: Sequence[OcrLine], rules: Sequence[Rule], scale: float, slope: float, height: int
) -> tuple[tuple[OcrLine, ...], list[str]]:
    """``lines`` without the words that are vertical rules read as strokes; the dropped words.

    ``rules`` are in points, deskewed as :func:`~soc2parse.extract.scan_rules.ruling_lines`
    gives them (``scale`` pixels to a point, ``slope`` the page's skew, ``height`` its
    height in pixels); the lines' boxes are in pixels, as read.
    """
    verticals = [r for r in rules if not r.horizontal]
    if not verticals:
        return tuple(lines), []
    widest = _MAX_MARK_WIDTH * scale * 72
    reach = _MARK_REACH * scale * 72
    out: list[OcrLine] = []
    dropped: list[str] = []
    for line in lines:
        middle = (line.top + line.bottom) / 2
        # A rule at column x of the deskewed page lies at x - (y - height / 2) * slope.
        xs = [
            r.x0 * scale - (middle - height / 2) * slope
            for r in verticals
            if r.top * scale <= middle <= r.bottom * scale
        ]
        keep = [
            k
            for k, (text, left, right) in enumerate(line.words)
            if not (
                set(text) <= _STROKES
                and right - left <= widest
                and any(left - reach <= x <= right + reach for x in xs)
            )
        ]
        if len(keep) == len(line.words):
            out.append(line)
            continue
        dropped.extend(line.words[k][0] for k in range(len(line.words)) if k not in keep)
        if keep:
            out.append(_keep_words(line, keep))
    return tuple(out), dropped


def _keep_words(line: OcrLine, keep: Sequence[int]) -> OcrLine:
    bottoms = tuple(line.bottoms[k] for k in keep) if line.bottoms else ()
    tops = tuple(line.tops[k] for k in keep) if line.tops else ()
    return attrs.evolve(line, words=tuple(line.words[k] for k in keep), bottoms=bottoms, tops=tops)


def header_word(text: str) -> str | None:
    """The header vocabulary word that ``text`` was misread from, when exactly one is.

    None when ``text`` is a vocabulary word already, or no word or several words are
    within :data:`_MAX_REPAIRS` confusions of it.

    >>> header_word("Contro!"), header_word("Controt"), header_word("Resu1ts")
    ('Control', 'Control', 'Results')
    >>> header_word("Control"), header_word("Contrast")
    (None, None)
    """
    core, tail = _split_tail(text)
    if not core or core.lower() in HEADER_VOCABULARY:
        return None
    options = [[c] + [t for t, reads in CONFUSIONS.items() if c in reads] for c in core]
    found: set[str] = set()
    for choice in itertools.product(*options):
        changed = sum(1 for a, b in zip(choice, core, strict=True) if a != b)
        if 0 < changed <= _MAX_REPAIRS and "".join(choice).lower() in HEADER_VOCABULARY:
            found.add("".join(choice))
    if len({f.lower() for f in found}) != 1:
        return None
    return _cased(found.pop().lower(), core) + tail


def _cased(word: str, like: str) -> str:
    """``word`` set in the case of ``like``: capitals, a capital first, or small letters.

    >>> _cased("control", "CONTR0L"), _cased("control", "(ontrol"), _cased("control", "contro!")
    ('CONTROL', 'Control', 'control')
    """
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if like[:1].isupper() or not like[:1].isalpha():
        return word.capitalize()
    return word


def _split_tail(text: str) -> tuple[str, str]:
    """A word and the punctuation after it ("Results:" -> "Results", ":")."""
    core = text.rstrip(".,:;")
    return core, text[len(core) :]


def _is_header_word(text: str) -> bool:
    return _split_tail(text)[0].lower() in HEADER_VOCABULARY


def repair_header_words(
    lines: Sequence[OcrLine],
) -> tuple[tuple[OcrLine, ...], list[tuple[str, str]]]:
    """``lines`` with misread header words put back, on lines that are table headers;
    the repairs made, ``(as read, as repaired)``."""
    out: list[OcrLine] = []
    repaired: list[tuple[str, str]] = []
    for line in lines:
        known = sum(1 for text, _, _ in line.words if _is_header_word(text))
        if known < _MIN_HEADER_WORDS:
            out.append(line)
            continue
        words = []
        for text, left, right in line.words:
            fixed = None if _is_header_word(text) else header_word(text)
            if fixed is not None:
                repaired.append((text, fixed))
            words.append((fixed or text, left, right))
        out.append(attrs.evolve(line, words=tuple(words)) if words != list(line.words) else line)
    return tuple(out), repaired


# Letters whose small and capital forms differ only in size: OCR cannot tell their case.
_SAME_SHAPE = frozenset("cosuvwxz")
# An id as read: one to four letters, then numbers joined by dots or hyphens ("c-01",
# "Cc1.1", "cC4.1.1"), maybe a stop after it.
_ID_AS_READ = regex.compile(
    r"^(?P<letters>[A-Za-z]{1,4})(?P<numbers>-\d+(?:[.\-]\d+)*|\d+(?:[.\-]\d+)+)(?P<tail>[.,:;]?)$"
)


# A "C" read as a euro sign before a letter ("\u20acC1.5"; an amount has digits after it).
_EURO_C = regex.compile("\u20ac(?=[A-Za-z])")
# An id's numbers with a "c" read as a cent sign after them ("7.1\u00a2").
_CENT_C = regex.compile(r"^(?P<numbers>\d{1,3}(?:\.\d{1,3})+)\u00a2(?P<tail>[.,:;]?)$")


def id_case(text: str) -> str | None:
    """``text`` with its letters in capitals, when it is an id read in the wrong case or
    with a "C" or "c" read as a currency sign.

    None when ``text`` is no id, is in capitals already, or has a small letter whose
    capital looks different ("b", "a": read right, not an id).

    >>> [id_case(t) for t in ("c-01", "Cc1.1", "cC4.1.1", "oc-3.", "cc6.1.2")]
    ['C-01', 'CC1.1', 'CC4.1.1', 'OC-3.', 'CC6.1.2']
    >>> [id_case(t) for t in ("\u20acC1.5", "\u20acc2.3.1", "7.1\u00a2", "12.3\u00a2.")]
    ['CC1.5', 'CC2.3.1', '7.1c', '12.3c.']
    >>> [id_case(t) for t in ("C-01", "ab-1", "c1", "cc", "co-op", "x2", "Cb1.1")]
    [None, None, None, None, None, None, None]
    >>> [id_case(t) for t in ("\u20ac5.00", "\u20ac1.2", "50\u00a2", "\u20acuro")]
    [None, None, None, None]
    """
    cent = _CENT_C.match(text)
    if cent is not None:
        return f"{cent['numbers']}c{cent['tail']}"
    match = _ID_AS_READ.match(_EURO_C.sub("C", text))
    if match is None:
        return None
    letters: str = match["letters"]
    small = {c for c in letters if c.islower()}
    if small and not small <= _SAME_SHAPE:
        return None
    fixed = f"{letters.upper()}{match['numbers']}{match['tail']}"
    return fixed if fixed != text else None


def repair_id_case(
    lines: Sequence[OcrLine],
) -> tuple[tuple[OcrLine, ...], list[tuple[str, str]]]:
    """``lines`` with ids read in the wrong case put in capitals, and a "C" or "c" read as
    a currency sign in an id put back (:func:`id_case`); the repairs made."""
    out: list[OcrLine] = []
    repaired: list[tuple[str, str]] = []
    for line in lines:
        words = []
        for text, left, right in line.words:
            fixed = id_case(text)
            if fixed is not None:
                repaired.append((text, fixed))
            words.append((fixed or text, left, right))
        out.append(attrs.evolve(line, words=tuple(words)) if words != list(line.words) else line)
    return tuple(out), repaired
