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
from soc2parse.extract.ocr_words import OcrLine

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
