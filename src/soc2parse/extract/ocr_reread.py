"""A second reading of the words OCR is unsure of: each read again from its own crop.

Tesseract reads a page as blocks and lines; a word next to a table rule, a bold header or
the first word of a cell is sometimes read with a letter wrong ("0C1.3.1" for "CC1.3.1",
"5.04" for "5.01") or with so little confidence that it is dropped as a speck ("Control"
at 16 of 100). Read again alone, from a crop of its own box with a thin white margin, the
same word is usually read right. So the words whose every character matters (those that
hold a digit: ids, dates, counts) and the words below the confidence floor are read
again (:func:`doubtful`), all of a page's crops in one run of Tesseract, and settled by
agreement (:func:`settle`):

- the second reading agrees with the first: the word stands (a word below the floor is
  kept: two readings agree on it);
- they differ: a third reading, from a crop with a wider margin, decides; the text two
  of the three readings give wins;
- no two agree: the first reading stands, and a word below the floor is dropped as before.

An id read with a stray mark inside or beside it ("CC1,.3~", "C-12:", "CC5.2\u2014") is no id
as read, yet it is one once its marks are left out (:func:`unmarked`); nor is an id
with a digit read as a letter ("CC7.L1": a "1" and the stop at its foot read as "L"),
yet it is one once that known confusion is undone (:data:`NUMBER_CONFUSIONS`). Both are
read again too, and settled by agreement as the others: a later reading that agrees
with the first once their marks are left out puts the id back without them; a later
reading that is the first with one known confusion undone, read at the floor or above
and contradicted by no other reading of an id, puts that id in its place.

A number beside a month name that is no day of a month ("413 February 2026": a "1" read
as "41") is read again too (:func:`impossible_days`); a reading that is a possible day and
one glyph off the first reading ("413" or "43" for "13") replaces it (:func:`settle_day`).

A changed word is logged (``soc2parse.extract.ocr`` at DEBUG) with the readings that
decided it. Only OCR words pass here: a text layer's words are never read again.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence

import attrs
import regex

from soc2parse.extract.ocr_confusions import confirmed_id, same_id, smaller
from soc2parse.extract.ocr_words import OcrWord

__all__ = [
    "NUMBER_CONFUSIONS",
    "SECOND_MARGIN",
    "THIRD_MARGIN",
    "crop_box",
    "doubtful",
    "id_shaped",
    "impossible_days",
    "settle",
    "settle_day",
    "unconfused",
    "unglued",
    "unmarked",
]

# The white margin kept around a word's box, in inches: 3 and 5 pixels at 200 dpi. A
# wider margin takes in the ink of neighbouring rules and words.
SECOND_MARGIN = 0.015
THIRD_MARGIN = 0.025
# The most words read again on one page (a page of noise must not cost a minute).
MAX_REREAD = 300
# An id glued to the word after it by a speck or a narrow gap ("5.05:Security").
_GLUED = regex.compile(r"^\W?\w{0,6}?\d+(?:[.\-]\d+)+[^\w\s]?[^\W\d_]{2,}")
# A word shaped like an id or a dotted number is read again ("CC1.3.1", "0C1.3.1", "5.01",
# "C-14"): one wrong character makes another control of it. Four characters at least: a
# lone digit, read without the words around it, is read worse, not better ("1" as "4").
_ID_SHAPED = regex.compile(r"^(?=\S{4,}$)\W?(?:\w{0,6}?\d+(?:[.\-]\d+)+|[^\W\d_]{1,6}[-.]?\d+)\W*$")
# An id read short by lost glyphs ("P15" for "PI-15": the thin "I" and the hyphen): three
# characters, a capital and two digits. Changed only by two readings that agree on an id of a
# shape the page reads right (:func:`settle`).
_SHORT_ID = regex.compile(r"^[A-Z]\d{2}$")


# Glyphs OCR reads in place of a number's digits and stops (what was printed -> what is
# read instead): a "1" and the stop at its foot as "L", a "1" as a thin letter or stroke,
# a "0" as a round letter, a "5" as "S". Undone only where the word becomes id-shaped.
NUMBER_CONFUSIONS: dict[str, str] = {"1.": "L", "1": "lI|!i", "0": "OoQ", "5": "S$"}
# Letters whose small and capital forms differ only in size: readings that differ only in
# their case agree.
_SAME_SHAPE = frozenset("cosuvwxz")


# Glyphs that are no mark but a letter misread, a round "C" with a stroke through it.
_LETTER_GLYPHS = {"\u20ac": "C", "\u00a2": "c"}


def unmarked(text: str) -> str:
    """``text`` with its stray marks left out: every character but ASCII letters, digits,
    the stops and hyphens that join an id's parts (not at either end), and a comma
    between two digits ("1,250" keeps its comma). A glyph read for a letter ("\u20ac" for
    "C", "\u00a2" for "c") is no mark: it stands for its letter.

    >>> [unmarked(t) for t in ("CC1,.3~", "C-12:", "CC5.2\u2014", "cC1.3\u2014-", "\u20acC1.1")]
    ['CC1.3', 'C-12', 'CC5.2', 'cC1.3', 'CC1.1']
    >>> [unmarked(t) for t in ("1,250", "(a)", "Control", "2025-12-31", "CC\u00e96.3")]
    ['1,250', 'a', 'Control', '2025-12-31', 'CC6.3']
    """
    kept = []
    for k, char in enumerate(text):
        digits = 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()
        if (char.isascii() and char.isalnum()) or char in ".-" or (char == "," and digits):
            kept.append(char)
        elif char in _LETTER_GLYPHS:
            kept.append(_LETTER_GLYPHS[char])
    return "".join(kept).strip(".-,")


def unconfused(text: str) -> list[str]:
    """The id-shaped texts ``text`` is with one known confusion of a number undone
    (:data:`NUMBER_CONFUSIONS`): what an id misread by one glyph was.

    >>> unconfused("CC7.L1"), unconfused("5.O1"), unconfused("CC6.l.2"), unconfused("A1.I")
    (['CC7.1.1'], ['5.01'], ['CC6.1.2'], ['A1.1'])
    >>> unconfused("CC1.2.1"), unconfused("Control"), unconfused("SOC"), unconfused("L.1")
    ([], [], [], [])
    """
    if not any(c.isdigit() for c in text):
        return []
    found = []
    for k, char in enumerate(text):
        # Only among a number's characters: nothing but digits, stops and hyphens (or the
        # word's end) either side ("Contro1" is no number).
        beside = [text[j] for j in (k - 1, k + 1) if 0 <= j < len(text)]
        if not all(c.isdigit() or c in ".-" for c in beside):
            continue
        for printed, reads in NUMBER_CONFUSIONS.items():
            if char in reads:
                variant = text[:k] + printed + text[k + 1 :]
                if id_shaped(variant) and variant not in found:
                    found.append(variant)
    return found


def _agree(a: str, b: str) -> bool:
    """Whether two readings agree once their stray marks are left out, letters whose two
    cases share a shape taken in either case."""

    def fold(text: str) -> str:
        return "".join(c.upper() if c in _SAME_SHAPE else c for c in unmarked(text))

    return fold(a) == fold(b)


def doubtful(word: OcrWord, floor: float) -> bool:
    """Whether ``word`` is read again: it is shaped like an id (:func:`id_shaped`), once
    its stray marks are left out (:func:`unmarked`) or once a known confusion of a number
    is undone (:func:`unconfused`), or it is an id read short (a capital and two digits,
    "P15" for "PI-15"), or its confidence is below ``floor``.

    >>> doubtful(OcrWord("0C1.3.1", 0, 0, 70, 17, 44.0), 20.0)
    True
    >>> doubtful(OcrWord("Control", 0, 0, 70, 17, 16.5), 20.0)
    True
    >>> doubtful(OcrWord("5.05:Security", 0, 0, 70, 17, 38.0), 20.0)
    True
    >>> doubtful(OcrWord("CC1,.3~", 0, 0, 70, 17, 22.0), 20.0)
    True
    >>> doubtful(OcrWord("Control", 0, 0, 70, 17, 92.0), 20.0)
    False
    """
    text = word.text
    return (
        word.confidence < floor
        or id_shaped(text)
        or bool(_GLUED.match(text))
        or id_shaped(unmarked(text))
        or bool(unconfused(text))
        or bool(_SHORT_ID.match(text))
    )


def id_shaped(text: str) -> bool:
    """Whether ``text`` is shaped like a control id or a dotted number.

    >>> [id_shaped(t) for t in ("CC1.3.1", "0C1.3.1", "\u20acC2.3.1", "5.01", "C-14", "A1.2")]
    [True, True, True, True, True, True]
    >>> [id_shaped(t) for t in ("1,", "413", "2026", "Control", "CC6", "5.05:Security")]
    [False, False, False, False, False, False]
    """
    return bool(_ID_SHAPED.match(text))


def unglued(text: str, reading: Sequence[OcrWord]) -> bool:
    """Whether ``reading`` is ``text`` cut in two, an id and a word, with at most one glyph
    between them left out ("5.05:Security" read as "5.05" and "Security").

    >>> two = (OcrWord("5.05", 0, 0, 40, 17, 66.0), OcrWord("Security", 50, 0, 120, 17, 92.0))
    >>> unglued("5.05:Security", two), unglued("5.05Security", two), unglued("5.06:Security", two)
    (True, True, False)
    """
    if len(reading) != 2 or not id_shaped(reading[0].text):
        return False
    head, tail = reading[0].text, reading[1].text
    between = len(text) - len(head) - len(tail)
    return (
        text.startswith(head)
        and text.endswith(tail)
        and tail.isalpha()
        and (between == 0 or (between == 1 and not text[len(head)].isalnum()))
    )


def crop_box(word: OcrWord, margin: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The crop ``(left, top, right, bottom)`` around ``word``: its box and ``margin``
    pixels each side, inside the page.

    >>> crop_box(OcrWord("CC1.1", 2, 40, 80, 57, 90.0), 3, 100, 100)
    (0, 37, 83, 60)
    """
    return (
        max(0, word.left - margin),
        max(0, word.top - margin),
        min(width, word.right + margin),
        min(height, word.bottom + margin),
    )


def _text(words: Sequence[OcrWord]) -> str:
    return " ".join(w.text for w in words)


def settle(
    first: OcrWord,
    second: Sequence[OcrWord],
    third: Sequence[OcrWord] | None,
    floor: float,
    known: Counter[tuple[str, str, str]] | None = None,
) -> tuple[tuple[OcrWord, ...], str]:
    """The words that stand for ``first`` after its other readings, and what was decided.

    ``second`` and ``third`` are the words read from the word's own crops (page
    coordinates), ``third`` None when it was not read (the first two agreed). Returns the
    words and a note:

    - ``"same"``: a later reading agrees with the first, which stands;
    - ``"kept"``: ``first`` is below ``floor`` and a later reading, at or above it, agrees;
    - ``"unmarked"``: ``first`` is id-shaped once its stray marks are left out, and a later
      reading at the floor or above agrees with it once its own are (:func:`unmarked`):
      the id without the marks replaces it, even below the floor (nothing but marks is
      taken away);
    - ``"changed"``: ``first`` is id-shaped (once its stray marks are left out), and the
      second and third readings agree on another id-shaped text, which replaces it; or the
      second reading, at the floor or above, is ``first`` with one known confusion of a
      number undone (:func:`unconfused`), and no third reading at the floor gives another
      id; or ``first`` is an id read short ("P15"), and the second and third readings
      agree on an id of a shape the page reads right (``known``: "PI-15");
    - ``"split"``: ``first`` is an id glued to the next word, and a reading gives the two
      apart, with the same characters but for one glyph between them (:func:`unglued`);
    - ``"dropped"``: ``first`` is below ``floor`` and no later reading confirms it (it is
      dropped, as every word below the floor was before);
    - ``"first"``: no two readings agree: the first stands.

    A word below the floor is otherwise never changed, only kept or dropped: what
    Tesseract could barely read (a speck, a dot leader) is read as something else on
    every crop. The one exception needs the page's evidence: ``known``, the shapes of the
    ids the page reads at the floor or above (``ocr_confusions.known_shapes``); when the
    second and third readings, each at the floor or above, agree on an id of a shape the
    page reads right at least twice, and the first could be that id misread
    (``ocr_confusions.confirmed_id``: "PIL16" read again "PI-16" twice), it is
    ``"changed"`` to that id.

    >>> w = OcrWord("0C1.3.1", 10, 10, 80, 27, 44.0)
    >>> cc = (OcrWord("CC1.3.1", 11, 10, 80, 27, 89.0),)
    >>> settle(w, cc, cc, 20.0)[1]
    'changed'
    >>> settle(w, cc, (OcrWord("CC1.3.4", 11, 10, 80, 27, 40.0),), 20.0)[1]
    'first'
    """
    low = first.confidence < floor
    bare = unmarked(first.text)
    shaped = id_shaped(first.text) or id_shaped(bare)
    for again in (second, third or ()):
        if _text(again) == first.text or _thin_letter_only(first, again, shaped, low):
            if not low:
                return (first,), "same"
            best = max(w.confidence for w in again)
            if best >= floor:
                return (attrs.evolve(first, confidence=best),), "kept"
    if bare != first.text and id_shaped(bare):
        for again in (second, third or ()):
            if len(again) == 1 and again[0].confidence >= floor and _agree(again[0].text, bare):
                confidence = max(first.confidence, again[0].confidence)
                return (attrs.evolve(first, text=bare, confidence=confidence),), "unmarked"
    if low and known is not None and third is not None and len(second) == len(third) == 1:
        confirmed = _confirmed(first, second[0], third[0], floor, known)
        if confirmed is not None:
            return (confirmed,), "changed"
    if low:
        return (), "dropped"
    for again in (second, third or ()):
        if unglued(first.text, again):
            return tuple(again), "split"
    if len(second) != 1 or not id_shaped(second[0].text) or second[0].confidence < floor:
        return (first,), "first"
    if smaller(first.text, second[0].text):
        return (first,), "first"  # a small letter among an id's capitals: no better
    agreed = third is not None and _text(second) == _text(third) and third[0].confidence >= floor
    # An id read short ("P15"): the page's ids must support the id both readings give.
    if agreed and third and known is not None and not shaped and _SHORT_ID.match(first.text):
        text = confirmed_id(first.text, [second[0].text, third[0].text], known, slack=2)
        if text is not None:
            return (attrs.evolve(second[0], text=text),), "changed"
    if agreed and shaped:
        return tuple(second), "changed"
    contradicted = (
        third is not None
        and len(third) == 1
        and third[0].confidence >= floor
        and id_shaped(third[0].text)
        and third[0].text != second[0].text
    )
    if second[0].text in unconfused(first.text) and not contradicted:
        return tuple(second), "changed"
    return (first,), "first"


def _thin_letter_only(first: OcrWord, again: Sequence[OcrWord], shaped: bool, low: bool) -> bool:
    """Whether ``again`` agrees with an id read first but for a thin letter of its
    leading letters ("PI-01", "Pl-01": ``ocr_confusions.same_id``). A reading at the floor
    whose letters are more like capitals than the first's is no agreement: it may change
    the first ("Pl-04" read again "PI-04" twice)."""
    if not shaped or len(again) != 1 or not same_id(first.text, again[0].text):
        return False
    return low or not smaller(again[0].text, first.text)


def _confirmed(
    first: OcrWord,
    second: OcrWord,
    third: OcrWord,
    floor: float,
    known: Counter[tuple[str, str, str]],
) -> OcrWord | None:
    if min(second.confidence, third.confidence) < floor:
        return None
    text = confirmed_id(first.text, [second.text, third.text], known)
    if text is None:
        return None
    return attrs.evolve(first, text=text, confidence=min(second.confidence, third.confidence))


_MONTH_NAMES = frozenset(
    name.lower() for name in (*calendar.month_name[1:], *calendar.month_abbr[1:])
)
_DAY_NUMBER = regex.compile(r"^(\d{1,3})(,?)$")


def _month(text: str) -> bool:
    return text.rstrip(".,").lower() in _MONTH_NAMES


def _day(text: str) -> str | None:
    """The digits of a possible day of a month ("13", "13,"), else None."""
    match = _DAY_NUMBER.match(text)
    return match[1] if match and 1 <= int(match[1]) <= 31 else None


def impossible_days(line: Sequence[OcrWord]) -> list[OcrWord]:
    """The numbers of ``line`` that stand beside a month name but are no day of a month.

    >>> words = [OcrWord(t, 0, 0, 10, 10, 90.0) for t in ("413", "February", "2026")]
    >>> [w.text for w in impossible_days(words)]
    ['413']
    >>> words = [OcrWord(t, 0, 0, 10, 10, 90.0) for t in ("February", "13,", "2026", "413")]
    >>> impossible_days(words)
    []
    """
    found = []
    for k, word in enumerate(line):
        match = _DAY_NUMBER.match(word.text)
        if match is None or _day(word.text) is not None:
            continue
        beside = [line[j].text for j in (k - 1, k + 1) if 0 <= j < len(line)]
        if any(_month(text) for text in beside):
            found.append(word)
    return found


def settle_day(first: OcrWord, readings: Sequence[Sequence[OcrWord]]) -> OcrWord | None:
    """The first of ``readings`` that is a possible day and one glyph off ``first`` (no
    possible day): one glyph more in ``first`` ("413" -> "13") or one other ("43" -> "13");
    None when no reading is.

    >>> first = OcrWord("413", 0, 0, 25, 19, 67.6)
    >>> readings = [[OcrWord("43", 0, 0, 25, 19, 76.0)], [OcrWord("13", 0, 0, 25, 19, 66.0)]]
    >>> settle_day(first, readings)
    OcrWord(text='13', left=0, top=0, right=25, bottom=19, confidence=66.0)
    >>> settle_day(first, [[OcrWord("18", 0, 0, 25, 19, 90.0)]]) is None
    True
    """
    digits = _DAY_NUMBER.match(first.text)
    if digits is None:
        return None
    for again in readings:
        day = _day(again[0].text) if len(again) == 1 else None
        if day is not None and _one_glyph_off(digits[1], day):
            return attrs.evolve(again[0], text=day + digits[2])
    return None


def _one_glyph_off(read: str, day: str) -> bool:
    """``read`` is ``day`` with one glyph more, or with one glyph other."""
    if len(read) == len(day) + 1:
        return any(read[:k] + read[k + 1 :] == day for k in range(len(read)))
    return len(read) == len(day) and sum(a != b for a, b in zip(read, day, strict=True)) == 1
