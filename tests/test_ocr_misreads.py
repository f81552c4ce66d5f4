"""OCR misreadings of ids and marks that cost table rows (issue 17, the held-out scans).

Pure functions of ``extract.ocr_reread``, ``extract.ocr_repair`` and ``extract.ocr_lines``:
no Tesseract needed. Each table shows the rule applied on several shapes of id, and
what it refuses.
"""

from __future__ import annotations

import pytest

from soc2parse._pages import Rule
from soc2parse.extract.ocr_lines import speck
from soc2parse.extract.ocr_repair import drop_rule_marks, id_case, repair_id_case
from soc2parse.extract.ocr_reread import doubtful, settle, unconfused, unmarked
from soc2parse.extract.ocr_words import OcrLine, OcrWord


def _word(text: str, confidence: float = 90.0) -> OcrWord:
    return OcrWord(text, 10, 10, 80, 27, confidence)


def _reading(text: str, confidence: float = 85.0) -> tuple[OcrWord, ...]:
    return (_word(text, confidence),)


# --- Ids with a stray mark inside or beside them are read again ---


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("CC1,.3~", "CC1.3"),  # a speck read as a comma inside, a tilde after
        ("PI1,.2'", "PI1.2"),
        ("1.,2.3", "1.2.3"),
        ("C-12:", "C-12"),
        ("CC5.2\u2014", "CC5.2"),  # a dash glued to the id
        ("\u00abA1.2", "A1.2"),
        ("CC\u00e96.3", "CC6.3"),  # an accent over a speck: no id has one
        ("C\u20acC2.3", "CCC2.3"),  # a euro sign is a "C" misread, not a mark
        ("1,250", "1,250"),  # a comma between digits is the number's
        ("(a)", "a"),
    ],
)
def test_stray_marks_are_left_out(text: str, bare: str) -> None:
    assert unmarked(text) == bare


@pytest.mark.parametrize(
    "text",
    ["CC1,.3~", "PI1,.2'", "1.,2.3", "C\u20acC2.3", "A1,.2", "CC7.L1", "5.O1", "CC6.l.2"],
)
def test_ids_with_stray_marks_or_a_confused_digit_are_doubtful(text: str) -> None:
    assert doubtful(_word(text, 90.0), 20.0)


@pytest.mark.parametrize("text", ["Control", "1,250", "(a)", "Lead", "SOC", "value,", "--"])
def test_words_that_are_no_id_once_unmarked_are_not_read_again(text: str) -> None:
    assert not doubtful(_word(text, 90.0), 20.0)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("CC7.L1", ["CC7.1.1"]),  # a "1" and the stop at its foot read as "L"
        ("5.O1", ["5.01"]),
        ("CC6.l.2", ["CC6.1.2"]),
        ("A1.I", ["A1.1"]),
        ("C-1O", ["C-10"]),
        ("CC1.2.1", []),
        ("Control", []),  # "l" beside letters is no digit
        ("Contro1", []),
        ("SOC", []),
    ],
)
def test_known_confusions_of_a_number_are_undone_only_among_its_characters(
    text: str, meant: list[str]
) -> None:
    assert unconfused(text) == meant


# --- Settled by agreement ---


@pytest.mark.parametrize(
    ("first", "second", "third", "note", "result"),
    [
        # The readings agree once the marks are left out: the id without them.
        (_word("CC1,.3~", 22), "cC1.3\u2014-", "cC1.3~-", "unmarked", "CC1.3"),
        (_word("PI1,.2'", 40), "PI1.2", None, "unmarked", "PI1.2"),
        (_word("1.,2.3", 60), "1.2.3", "1.2.3", "unmarked", "1.2.3"),
        # Below the floor too: nothing but a mark is taken away.
        (_word("C-12:", 0), "C-12", "Cc-12", "unmarked", "C-12"),
        # No reading agrees, even unmarked: as before.
        (_word("CC1,.3~", 22), "CC1.8", "CC1.6", "first", "CC1,.3~"),
        (_word("C-12:", 0), "C-17", "C-11", "dropped", None),
        # An agreeing reading below the floor is no support.
        (_word("C-12:", 0), ("C-12", 10.0), None, "dropped", None),
        # Second and third agree on an id: changed, as an id-shaped first would be.
        (_word("C\u20acC5.2\u2014", 28), "CC5.2\u2014", "CC5.2\u2014", "changed", "CC5.2\u2014"),
        # The second reading is the first with one known confusion undone.
        (_word("CC7.L1", 59), "CC7.1.1", "CC7.LA", "changed", "CC7.1.1"),
        (_word("5.O1", 70), "5.01", None, "changed", "5.01"),
        (_word("CC6.l.2", 50), "CC6.1.2", "CC6.1.2", "changed", "CC6.1.2"),
        # Refused: a third reading gives another id; the second is below the floor, or
        # more than one confusion away; the first is below the floor.
        (_word("CC7.L1", 59), "CC7.1.1", "CC7.4.1", "first", "CC7.L1"),
        (_word("CC7.L1", 59), ("CC7.1.1", 12.0), None, "first", "CC7.L1"),
        (_word("CC7.L1", 59), "CC7.7.1", None, "first", "CC7.L1"),
        (_word("CC7.L1", 10), "CC7.1.1", "CC7.1.1", "dropped", None),
    ],
)
def test_misread_ids_are_settled_by_agreement(
    first: OcrWord,
    second: str | tuple[str, float],
    third: str | None,
    note: str,
    result: str | None,
) -> None:
    again = _reading(*second) if isinstance(second, tuple) else _reading(second)
    words, got = settle(first, again, None if third is None else _reading(third), 20.0)
    assert got == note
    assert (" ".join(w.text for w in words) or None) == result


# --- A "C" or "c" read as a currency sign in an id ---


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("\u20acC1.5", "CC1.5"),
        ("\u20acc2.3.1", "CC2.3.1"),
        ("\u20acC-04", "CC-04"),
        ("\u20acC7.2:", "CC7.2:"),
        ("7.1\u00a2", "7.1c"),
        ("12.3\u00a2.", "12.3c."),
        # Refused: amounts, words, and ids read right.
        ("\u20ac5.00", None),
        ("\u20ac1.2", None),
        ("50\u00a2", None),
        ("7\u00a2", None),
        ("\u20acuro", None),
        ("CC1.5", None),
        ("7.1c", None),
    ],
)
def test_currency_signs_read_for_letters_in_ids(read: str, meant: str | None) -> None:
    assert id_case(read) == meant
    line = OcrLine(words=(("Row", 0, 30), (read, 40, 100), ("text", 110, 150)), top=0, bottom=20)
    (fixed,), changes = repair_id_case([line])
    assert [w[0] for w in fixed.words] == ["Row", meant or read, "text"]
    assert changes == ([(read, meant)] if meant else [])


# --- Marks that are table rules or specks ---


@pytest.mark.parametrize(
    ("text", "left", "right", "dropped"),
    [
        ("+", 274, 283, True),  # a rule crossed by a speck or a joint of two rules
        ("|", 273, 281, True),
        ("+", 600, 609, False),  # far from any rule: a plus sign
        ("+", 200, 260, False),  # too wide for a stroke
    ],
)
def test_a_crossed_rule_read_as_a_plus_is_dropped(
    text: str, left: int, right: int, dropped: bool
) -> None:
    scale = 200 / 72
    # A vertical rule at x = 100 pt (278 px) from 20 to 300 pt; the page is not skewed.
    rules = (Rule(100.0, 20.0, 100.0, 300.0),)
    line = OcrLine(
        words=(("local", 100, 180), (text, left, right), ("determine", 700, 800)),
        top=100,
        bottom=130,
        bottoms=(130, 130, 130),
    )
    (kept,), marks = drop_rule_marks([line], rules, scale, 0.0, 2200)
    assert (marks == [text]) is dropped
    assert (text in [w[0] for w in kept.words]) is not dropped


@pytest.mark.parametrize(
    ("text", "is_speck"),
    [
        ("\u2014_", True),  # a dash and an underline: no mark prose sets
        ("_\u2014", True),
        ("-~", True),
        ("~-", True),
        ("=-", True),
        ("\u2013^", True),
        ("-", False),  # a dash alone is prose
        ("\u2014", False),
        ("--", False),
        ("&", False),
        ("a_b", False),
        ("(a)", False),
        ("~The", False),  # a word, with a speck before it
    ],
)
def test_a_word_of_marks_holding_one_prose_never_sets_is_a_speck(text: str, is_speck: bool) -> None:
    assert speck(text) is is_speck
