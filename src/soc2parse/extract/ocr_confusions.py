"""A capital "I" in an id's letters, read as "l", "i", "1" or "|": settled by agreement
and by the ids the document reads right.

In most fonts a capital "I" is one upright stroke, as a small "l" is and a "1" nearly
is, and OCR reads them for one another: the prefix "PI" of "PI-04" comes out "Pl-04",
"Pi-10" or "P1-08", and the criterion "PI1.2" as "P11.2". A "1" in an id may be real,
though ("P11.2" is a possible id), so nothing is rewritten blindly; two kinds of
evidence are used:

- **Agreement between readings** (:func:`same_id`, used by ``extract.ocr_reread``): two
  readings of a word that differ only in a thin letter of an id's leading letters
  ("PI-01" and "Pl-01") agree. A word read below the confidence floor that a later
  reading so confirms is kept, as the first reading; a later pair of readings that puts
  a small letter among an id's capitals (:func:`smaller`: "PI-04" read again "Pl-04",
  "A1.2" read again "Ai.2") does not replace the first: ids are written in capitals; and
  a word below the floor whose two later readings agree on an id of a shape the page
  reads right twice or more (:func:`confirmed_id`: "PIL16" read "PI-16" twice) is that id.
- **The ids the document reads right** (:func:`restore_id_letters`, run once over every
  page read by OCR): a word that, with at most two thin glyphs in its letters read as
  the capital "I" (or, when one was undone, with the hyphen after its letters put back),
  has exactly the shape (letters, separator, digits) of two or more ids read right in
  the document, while the word as read has the shape of no other id, takes that form:
  "Pl-04", "Pi-10", "P1-08" -> "PI-04", "PI-10", "PI-08" and "P11.2" -> "PI1.2" where
  "PI-03", "PI-05", "PI1.1" and "PI1.4" were read right. A letter prefix made only of
  undone glyphs ("11.2" -> "II.2") is never made; words with no such evidence (a
  document with no "PI" ids, "P11.2" beside "P10.4" and "P12.1") are left as read.

Only OCR words pass here; each change is returned for the caller to log.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs
import regex

from soc2parse._pages import Line, RawPage, Word

__all__ = [
    "I_READS",
    "confirmed_id",
    "id_form",
    "known_shapes",
    "restore_id_letters",
    "same_id",
    "smaller",
]

# Glyphs OCR reads in place of a capital "I": a thin upright stroke.
I_READS = "l1i|!"
# At most this many glyphs of one word are read as "I".
_MAX_UNDONE = 2
# Ids of one shape read right that make a prefix known.
_MIN_EVIDENCE = 2

# An id as printed: capital letters, maybe a hyphen or a stop, then numbers joined by
# stops or hyphens; a stop, comma, colon or semicolon after it is no part of it.
_ID = regex.compile(
    r"^(?P<letters>[A-Z]{1,5})(?P<sep>[-.]?)(?P<number>\d{1,4}(?:[.\-]\d{1,4}){0,3})"
    r"(?P<tail>[.,:;]?)$"
)
# The leading letters of a word (before its first digit, stop or hyphen).
_LEADING = regex.compile(r"^[^\d.\-]*")


def id_form(text: str) -> tuple[str, str, str] | None:
    """The shape of an id as read: its letters, its separator, its number with each digit
    as "d"; None when ``text`` is no id written in capitals.

    >>> id_form("PI-03"), id_form("PI1.1"), id_form("CC6.1."), id_form("HR-1.01")
    (('PI', '-', 'dd'), ('PI', '', 'd.d'), ('CC', '', 'd.d'), ('HR', '-', 'd.dd'))
    >>> id_form("Pl-04"), id_form("1.2"), id_form("Control"), id_form("2025-01-01")
    (None, None, None, None)
    """
    match = _ID.match(text)
    if match is None:
        return None
    return match["letters"], match["sep"], regex.sub(r"\d", "d", match["number"])


def _fold(text: str) -> str:
    lead = _LEADING.match(text)
    head = lead[0] if lead else ""
    head = "".join("I" if c in I_READS else c for c in head)
    return head + text[len(head) :]


def same_id(a: str, b: str) -> bool:
    """Whether two readings of an id agree once the thin letters of their leading letters
    are taken as "I" (a digit is never folded: "P1-08" and "PI-08" do not agree by this).

    >>> same_id("PI-01", "Pl-01"), same_id("Pi-11", "PI-11"), same_id("CC7.5", "Cc7.5")
    (True, True, False)
    >>> same_id("P1-08", "PI-08"), same_id("PI-01", "PI-07"), same_id("A1.2", "Ai.2")
    (False, False, False)
    """
    return a != b and _fold(a) == _fold(b)


def _small_letters(text: str) -> int:
    lead = _LEADING.match(text)
    return sum(1 for c in (lead[0] if lead else "") if c.islower())


def smaller(first: str, other: str) -> bool:
    """Whether ``other`` holds more small letters among its leading letters than
    ``first`` does: a reading less like an id written in capitals.

    >>> smaller("PI-04", "Pl-04"), smaller("A1.2", "Ai.2"), smaller("CC7.5", "Cc7.5")
    (True, True, True)
    >>> smaller("0C1.3.1", "CC1.3.1"), smaller("cC4.1.1", "CC4.1.1"), smaller("7.18", "7.1a")
    (False, False, False)
    """
    return _small_letters(other) > _small_letters(first)


def confirmed_id(
    first: str, readings: Sequence[str], known: Counter[tuple[str, str, str]], slack: int = 1
) -> str | None:
    """The id that the later ``readings`` of a word read below the confidence floor agree
    on (equal, or equal but for thin letters: :func:`same_id`; the one with fewer small
    letters), when the page reads two or more other ids of its shape right (``known``:
    :func:`known_shapes`) and ``first`` could be that id misread (its first letter, and
    its length give or take ``slack`` glyphs): a speck or a dot leader is neither.

    >>> k = known_shapes(["PI-03", "PI-05", "PI-06", "CC1.1"])
    >>> confirmed_id("PIL16", ["PI-16", "PI-16"], k), confirmed_id("PLI7", ["Pl-17", "Pl-17"], k)
    ('PI-16', 'PI-17')
    >>> confirmed_id("PIL16", ["PI-16", "PI-18"], k), confirmed_id("..", ["PI-16", "PI-16"], k)
    (None, None)
    >>> confirmed_id("CIL6", ["CC-16", "CC-16"], k), confirmed_id("Pl", ["PI-1", "PI-1"], k)
    (None, None)
    """
    if len(readings) != 2:
        return None
    a, b = readings
    if a != b and not same_id(a, b):
        return None
    # The thin letter of an id's letters is the capital "I" ("Pl-17" -> "PI-17").
    best = _fold(min((a, b), key=_small_letters))
    shape = id_form(best.rstrip(".,:;"))
    if shape is None or known[shape] < _MIN_EVIDENCE:
        return None
    if not first or first[0] != best[0] or abs(len(first) - len(best)) > slack:
        return None
    return best


def _candidates(text: str, known: Counter[tuple[str, str, str]]) -> set[str]:
    """The forms of ``text`` with one or two thin glyphs read as "I" (and maybe the
    hyphen after the letters put back) whose shape is known; the letters must hold one
    capital as read."""
    core = text.rstrip(".,:;")
    tail = text[len(core) :]
    places = [k for k, c in enumerate(core) if c in I_READS]
    found: set[str] = set()
    for count in range(1, _MAX_UNDONE + 1):
        for chosen in itertools.combinations(places, count):
            variant = "".join("I" if k in chosen else c for k, c in enumerate(core))
            match = _ID.match(variant)
            if match is None or match["tail"]:
                continue
            letters = match["letters"]
            if not any(core[k].isupper() for k in range(len(letters)) if k not in chosen):
                continue  # no letter of the prefix was read as a letter
            forms = [variant]
            if not match["sep"]:
                forms.append(f"{letters}-{variant[len(letters) :]}")
            for form in forms:
                shape = id_form(form)
                if shape is not None and known[shape] >= _MIN_EVIDENCE:
                    found.add(form + tail)
    return found


def restore_id_letters(
    pages: Sequence[RawPage],
) -> tuple[list[RawPage], list[tuple[int, str, str]]]:
    """``pages`` (read by OCR) with the ids whose "I" was read as a thin glyph put back,
    by the evidence of the ids the same pages read right; the changes made,
    ``(page, as read, as restored)``."""
    known = known_shapes(w.text for page in pages for line in page.lines for w in line.words)
    if not known:
        return list(pages), []
    changes: list[tuple[int, str, str]] = []
    out = []
    for page in pages:
        lines = []
        for line in page.lines:
            fixed = tuple(_restored(w, known, page.number, changes) for w in line.words)
            lines.append(line if fixed == line.words else Line(fixed))
        out.append(attrs.evolve(page, lines=tuple(lines)) if lines != list(page.lines) else page)
    return out, changes


def _restored(
    word: Word,
    known: Counter[tuple[str, str, str]],
    number: int,
    changes: list[tuple[int, str, str]],
) -> Word:
    text = word.text
    if not any(c in I_READS for c in text) or not any(c.isdigit() for c in text):
        return word
    own = id_form(text.rstrip(".,:;"))
    if own is not None and known[own] > 1:
        return word  # the word's own shape is read right elsewhere: it may be real
    found = _candidates(text, known)
    if len(found) != 1:
        return word
    (form,) = found
    changes.append((number, text, form))
    return word._replace(text=form)


def known_shapes(texts: Iterable[str]) -> Counter[tuple[str, str, str]]:
    """How many distinct ids of each shape ``texts`` hold (for tests and logs)."""
    known: Counter[tuple[str, str, str]] = Counter()
    for text in {t.rstrip(".,:;") for t in texts}:
        shape = id_form(text)
        if shape is not None:
            known[shape] += 1
    return known
