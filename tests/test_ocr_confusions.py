"""A capital "I" of an id's letters read as "l", "i", "1" or "|" (issue 17, held-out scan rl05).

Pure functions of ``extract.ocr_confusions`` and ``extract.ocr_reread``: no Tesseract
needed. Each table shows the rule applied on several shapes of id, and what it refuses:
real words, amounts, dates, an id whose "1" may be real, and a change no evidence supports.
"""

from __future__ import annotations

from collections import Counter

import pytest

from soc2parse._pages import Line, RawPage, Word
from soc2parse.extract.ocr_confusions import (
    known_shapes,
    restore_id_letters,
    same_id,
    smaller,
)
from soc2parse.extract.ocr_glued import split_glued_ids
from soc2parse.extract.ocr_reread import doubtful, settle
from soc2parse.extract.ocr_words import OcrWord


def _word(text: str, confidence: float = 90.0) -> OcrWord:
    return OcrWord(text, 10, 10, 80, 27, confidence)


def _reading(text: str, confidence: float = 85.0) -> tuple[OcrWord, ...]:
    return (_word(text, confidence),)


# --- Agreement: readings that differ only in a thin letter of an id's letters ---


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("PI-01", "Pl-01", True),
        ("Pi-11", "PI-11", True),
        ("P|-04", "PI-04", True),
        ("AIl-3", "AII-3", True),
        # Refused: a digit is never folded ("1" may be real), nor a letter after the
        # digits, nor another letter or digit.
        ("P1-08", "PI-08", False),
        ("P11.2", "PI1.2", False),
        ("A1.2", "Ai.2", False),
        ("7.1l", "7.1I", False),
        ("PI-01", "PI-07", False),
        ("PI-01", "PT-01", False),
        ("PI-01", "PI-01", False),  # equal: no agreement by folding needed
        ("CC7.5", "Cc7.5", False),  # the case of a round letter: no thin letter
    ],
)
def test_readings_that_differ_in_a_thin_letter_of_an_ids_letters_agree(
    a: str, b: str, agree: bool
) -> None:
    assert same_id(a, b) is agree


@pytest.mark.parametrize(
    ("first", "other", "worse"),
    [
        ("PI-04", "Pl-04", True),
        ("A1.2", "Ai.2", True),
        ("CC7.5", "Cc7.5", True),
        ("0C1.3.1", "CC1.3.1", False),
        ("cC4.1.1", "CC4.1.1", False),
        ("7.18", "7.1a", False),  # a small letter after the numbers (an id style "7.1a")
        ("CC7.L1", "CC7.1.1", False),
    ],
)
def test_a_reading_with_more_small_letters_among_an_ids_letters_is_worse(
    first: str, other: str, worse: bool
) -> None:
    assert smaller(first, other) is worse


_PAGE = known_shapes(["PI-03", "PI-05", "PI-06", "CC1.1", "Control"])


@pytest.mark.parametrize(
    ("first", "second", "third", "known", "note", "result"),
    [
        # Below the floor, confirmed by a reading that differs only in the thin letter.
        (_word("PI-01", 18), "Pl-01", "Pl-01", None, "kept", "PI-01"),
        (_word("Pi-11", 0), ("Pj-11", 36.0), "Pi-11", None, "kept", "Pi-11"),
        # At the floor: two readings with a small letter among the capitals change nothing.
        (_word("PI-04", 41), "Pl-04", "Pl-04", None, "same", "PI-04"),
        (_word("CC7.5", 92), "Cc7.5", "Cc7.5", None, "first", "CC7.5"),
        # A reading more like capitals than the first is no agreement: it may change it.
        (_word("Pl-04", 41), "PI-04", "PI-04", None, "changed", "PI-04"),
        (_word("Pl-04", 41), "PI-04", "PI-06", None, "first", "Pl-04"),
        (_word("A1.2.-", 58), "Ai.2-", "Ai.2-", None, "first", "A1.2.-"),
        # ... while a reading with fewer small letters, or none, still changes an id.
        (_word("0C1.3.1", 44), "CC1.3.1", "CC1.3.1", None, "changed", "CC1.3.1"),
        (_word("P1-08", 61), "PI-08", "PI-08", None, "changed", "PI-08"),
        # Below the floor, two readings agree on an id of a shape the page reads right.
        (_word("PIL16", 3), ("PI-16", 88.0), ("PI-16", 73.0), _PAGE, "changed", "PI-16"),
        (_word("PLI7", 0), ("Pl-17", 49.0), ("PI-17", 56.0), _PAGE, "changed", "PI-17"),
        # Refused: no evidence on the page, one reading only, readings that disagree, a
        # reading below the floor, a first reading that is no misread id (a speck, a
        # word of another letter), a shape the page does not read.
        (_word("PIL16", 3), "PI-16", "PI-16", None, "dropped", None),
        (_word("PIL16", 3), "PI-16", "PI-16", known_shapes(["PI-03"]), "dropped", None),
        (_word("PIL16", 3), "PI-16", None, _PAGE, "dropped", None),
        (_word("PIL16", 3), "PI-16", "PI-18", _PAGE, "dropped", None),
        (_word("PIL16", 3), "PI-16", ("PI-16", 12.0), _PAGE, "dropped", None),
        (_word("..", 3), "PI-16", "PI-16", _PAGE, "dropped", None),
        (_word("Control", 3), "PI-16", "PI-16", _PAGE, "dropped", None),
        (_word("PIL16", 3), "PI-116", "PI-116", _PAGE, "dropped", None),
        # An id read short (the thin "I" and the hyphen lost): two readings of an id of a
        # shape the page reads right.
        (_word("P15", 27), ("PI-15", 77.0), ("PI-15", 88.0), _PAGE, "changed", "PI-15"),
        (_word("P15", 27), ("Pl-15", 77.0), ("Pl-15", 88.0), _PAGE, "first", "P15"),
        # Refused: no evidence, readings that disagree, a shape the page does not read,
        # the readings agreeing with the first.
        (_word("P15", 27), "PI-15", "PI-15", None, "first", "P15"),
        (_word("P15", 27), "PI-15", "PI-16", _PAGE, "first", "P15"),
        (_word("P15", 27), "PX-15", "PX-15", _PAGE, "first", "P15"),
        (_word("C15", 27), "PI-15", "PI-15", _PAGE, "first", "C15"),
        (_word("P14", 59), "P14", "P14", _PAGE, "same", "P14"),
    ],
)
def test_thin_letters_of_ids_are_settled_by_agreement_and_the_pages_ids(
    first: OcrWord,
    second: str | tuple[str, float],
    third: str | tuple[str, float] | None,
    *,
    known: Counter[tuple[str, str, str]] | None,
    note: str,
    result: str | None,
) -> None:
    def reading(spec: str | tuple[str, float] | None) -> tuple[OcrWord, ...] | None:
        if spec is None:
            return None
        return _reading(*spec) if isinstance(spec, tuple) else _reading(spec)

    again = reading(second)
    assert again is not None
    words, got = settle(first, again, reading(third), 20.0, known)
    assert got == note
    assert (" ".join(w.text for w in words) or None) == result


@pytest.mark.parametrize(
    ("text", "read_again"),
    [
        ("P15", True),
        ("CC6", False),  # a criterion prefix, read right
        ("A12", True),
        ("SOC", False),
        ("A1", False),
        ("P1", False),
        ("2025", False),
        ("a12", False),
        ("Ab1", False),
    ],
)
def test_a_capital_and_two_digits_are_read_again(text: str, read_again: bool) -> None:
    assert doubtful(_word(text, 90.0), 20.0) is read_again


# --- The document's ids read right put back the "I" of the others ---


def _pages(*texts: str) -> list[RawPage]:
    """One OCR page per group of words (" / " between pages), one line per word."""
    pages = []
    for number, group in enumerate(" ".join(texts).split(" / "), start=1):
        lines = tuple(Line((Word(t, 10.0, 60.0, 0.0, 10.0, 9.0),)) for t in group.split())
        pages.append(RawPage(number, 612.0, 792.0, lines, (), 10, 1))
    return pages


PI_IDS = "PI-03 PI-05 PI-06 PI1.1 PI1.4"


@pytest.mark.parametrize(
    ("read", "evidence", "meant"),
    [
        ("Pl-04", PI_IDS, "PI-04"),
        ("Pi-10", PI_IDS, "PI-10"),
        ("P|-12", PI_IDS, "PI-12"),
        ("P1-08", PI_IDS, "PI-08"),  # the "1" stands where the ids read right have "I"
        ("Pl-22.", PI_IDS, "PI-22."),  # a stop after it is kept
        ("Pl21", PI_IDS, "PI-21"),  # the hyphen lost too: every "PI" id of two digits has it
        ("P11.2", PI_IDS, "PI1.2"),  # the criterion
        ("Pl-04", "PI-03 / PI-05", "PI-04"),  # the evidence on other pages
        ("CCl.3", "CCI-10 CCI-11", None),  # the shape differs: "CCI." is known, not "CCI-"
        ("AIl.2", "AII.4 AII.5", "AII.2"),
        # Refused: no evidence, or too little, or of another shape; the word's own shape
        # read right elsewhere (its "1" may be real); no letter read as a letter; two
        # forms possible; real words, amounts, dates and numbers.
        ("Pl-04", "", None),
        ("Pl-04", "PI-03", None),
        ("Pl-04", "PI-003 PI-005", None),
        ("P11.2", f"{PI_IDS} P10.4 P12.1", None),
        ("11.2", "II.1 II.4", None),
        ("l1-05", "II-01 II-03", None),
        ("Al1.2", "AI1.1 AI1.3 AII.4 AII.5", None),
        ("Illinois", PI_IDS, None),
        ("1,250", PI_IDS, None),
        ("$1.50", PI_IDS, None),
        ("2025-01-01", PI_IDS, None),
        ("l1", PI_IDS, None),
        ("PI-07", PI_IDS, None),  # read right
        ("P14", PI_IDS, None),  # two glyphs lost: no form of the shape
    ],
)
def test_ids_whose_i_was_misread_are_put_back_by_the_documents_ids(
    read: str, evidence: str, meant: str | None
) -> None:
    pages = _pages(read, evidence)
    fixed, changes = restore_id_letters(pages)
    first = fixed[0].lines[0].words[0]
    assert first.text == (meant or read)
    assert changes == ([(1, read, meant)] if meant else [])
    if meant is None:
        assert fixed == pages
    else:  # only the word's text changes: its box and size stay
        assert first._replace(text=read) == pages[0].lines[0].words[0]


# --- An id glued to the first word of the next cell, split where the page's rows say ---


def _row(*words: tuple[str, float, float]) -> Line:
    return Line(tuple(Word(t, x0, x1, 0.0, 10.0, 9.0) for t, x0, x1 in words))


# Rows whose ids are read right: the id column starts at 69.5, the next at 88.5-89.2.
_ROWS = (
    _row(("C-26", 69.5, 86.4), ("Access", 88.5, 113.7)),
    _row(("C-28", 69.4, 86.2), ("Logical", 89.2, 118.0)),
    _row(("C-29", 69.6, 86.5), ("Backups", 88.9, 121.0)),
)
_HR_ROWS = (
    _row(("HR-1.01", 50.0, 82.0), ("New", 90.0, 105.0)),
    _row(("HR-2.01", 50.2, 82.3), ("The", 90.4, 104.0)),
)


@pytest.mark.parametrize(
    ("glued", "rows", "parts"),
    [
        (("C-27.The", 69.6, 102.0), _ROWS, ["C-27", "The"]),  # a speck read as a stop
        (("C-34A", 69.3, 93.4), _ROWS, ["C-34", "A"]),  # no gap read at all
        (("C-30:Logs", 69.5, 105.0), _ROWS, ["C-30", "Logs"]),
        (("HR-3.01All", 50.1, 104.0), _HR_ROWS, ["HR-3.01", "All"]),
        # Refused: an id with a letter that ends before the next column (a real "C-34A");
        # a word not in the ids' column; ids of its shape on one row only, or none; a
        # rest that begins far from the next column's edge; words that are no glued id.
        (("C-34A", 69.3, 87.0), _ROWS, None),
        (("C-27.The", 300.0, 332.4), _ROWS, None),
        (("C-27.The", 69.6, 102.0), _ROWS[:1], None),
        (("X-27.The", 69.6, 102.0), _ROWS, None),
        (("C-27.The", 69.6, 102.0), _HR_ROWS, None),
        (("C-2027.The", 69.6, 150.0), _ROWS, None),
        (("Access", 69.5, 95.0), _ROWS, None),
        (("2025.The", 69.5, 101.0), _ROWS, None),
        (("C-27.", 69.5, 88.0), _ROWS, None),
    ],
)
def test_an_id_glued_to_the_next_cell_is_split_at_the_columns_edge(
    glued: tuple[str, float, float], rows: tuple[Line, ...], parts: list[str] | None
) -> None:
    page = RawPage(1, 612.0, 792.0, (*rows, _row(glued, ("next", 120.0, 140.0))), (), 10, 1)
    known = known_shapes(w.text for line in page.lines for w in line.words)
    (fixed,), changes = split_glued_ids([page], known)
    words = fixed.lines[-1].words
    if parts is None:
        assert fixed == page
        assert changes == []
        return
    assert [w.text for w in words] == [*parts, "next"]
    assert changes == [(1, glued[0], " ".join(parts))]
    # The two share the glued word's box, the id first, the rest from the next column.
    assert words[0].x0 == glued[1]
    assert words[1].x1 == glued[2]
    assert words[0].x1 <= words[1].x0
