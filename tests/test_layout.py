"""Layout: characters to lines, running headers and footers, contents pages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soc2parse._pages import Rule
from soc2parse.extract.layout import (
    Char,
    chars_to_lines,
    find_furniture,
    is_toc_page,
    normalize_text,
)

from pagebuild import PAGE_HEIGHT, line


def _chars(text: str, top: float, x0: float = 72.0, size: float = 10.0) -> list[Char]:
    out = []
    x = x0
    for ch in text:
        out.append(Char(ch, x, x + 5.0, top, top + size, size, "Helvetica"))
        x += 5.0
    return out


def test_chars_group_into_words_and_lines() -> None:
    chars = _chars("Exception noted.", 100) + _chars("3 of 25", 114)
    lines = chars_to_lines(reversed(chars))
    assert [ln.text for ln in lines] == ["Exception noted.", "3 of 25"]
    assert [w.text for w in lines[0].words] == ["Exception", "noted."]


def test_a_wide_gap_splits_words_across_columns() -> None:
    chars = _chars("CC6.1", 100) + _chars("Access", 100, x0=200)
    (only,) = chars_to_lines(chars)
    assert [w.text for w in only.words] == ["CC6.1", "Access"]
    assert only.words[1].x0 == pytest.approx(200)


def test_characters_a_little_off_the_baseline_stay_on_their_line() -> None:
    chars = _chars("Control", 100) + _chars("Result", 101.5, x0=300)
    assert len(chars_to_lines(chars)) == 1


def test_bold_comes_from_the_font_name() -> None:
    chars = [
        Char(c, 72 + 5 * i, 77 + 5 * i, 100, 110, 10, "ABCDEF+Arial-BoldMT")
        for i, c in enumerate("Opinion")
    ]
    (only,) = chars_to_lines(chars)
    assert only.bold


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Management\u2019s \ufb01ndings", "Management's findings"),
        ("\u201cqualified\u201d", '"qualified"'),
        ("no\u00a0exceptions", "no exceptions"),
        ("soft\u00adhyphen", "softhyphen"),
        ("\ufb02ow", "flow"),
    ],
    ids=repr,
)
def test_normalize_text(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_chars_to_lines_never_loses_visible_characters(text: str) -> None:
    chars = _chars(text, 100)
    joined = "".join(ln.text for ln in chars_to_lines(chars)).replace(" ", "")
    expected = "".join(normalize_text(c) for c in text if normalize_text(c).strip())
    assert sorted(joined) == sorted(expected.replace(" ", ""))


def _pages_with(header: str, footer: str, bodies: list[str]) -> list[tuple[float, list, tuple]]:
    pages = []
    for number, body in enumerate(bodies, start=1):
        lines = [
            line(header, 30),
            line(body, 300),
            line(footer.replace("#", str(number)), PAGE_HEIGHT - 40),
        ]
        pages.append((PAGE_HEIGHT, lines, ()))
    return pages


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        ("Acme Cloud, Inc. - Confidential", "Page # of 40"),
        ("CONFIDENTIAL", "#"),
        ("Acme SOC 2 Type 2 Report", "- # -"),
        ("Proprietary and Confidential", "Acme | #"),
    ],
    ids=str,
)
def test_running_headers_and_footers_are_found(header: str, footer: str) -> None:
    pages = _pages_with(header, footer, [f"Body text number {i}" for i in range(6)])
    drops = find_furniture(pages)
    assert all(drop == frozenset({0, 2}) for drop in drops)


def test_body_text_in_the_margin_that_does_not_repeat_is_kept() -> None:
    titles = ["Overview", "Scope", "Opinion", "Restricted Use", "Controls"]
    pages = [(PAGE_HEIGHT, [line(title, 30), line("body", 300)], ()) for title in titles]
    assert all(not drop for drop in find_furniture(pages))


def test_a_repeated_table_header_row_is_not_furniture() -> None:
    header = "Control # Control Activity Tests Performed Results of Testing"
    pages = [
        (
            PAGE_HEIGHT,
            [line("Acme - Confidential", 30), line(header, 80), line("CC1.1 body", 300)],
            (),
        )
        for _ in range(5)
    ]
    assert all(drop == frozenset({0}) for drop in find_furniture(pages))


@pytest.mark.parametrize(
    ("texts", "previous", "expected"),
    [
        (["Table of Contents", "Section I ........ 3", "Section II ........ 5"], False, True),
        (
            ["CONTENTS", "Independent Service Auditor's Report 1", "Management's Assertion 4"],
            False,
            True,
        ),
        ([f"Entry {i} .............. {i + 3}" for i in range(6)], False, True),
        (
            ["Section IV Testing Matrices 22", "Section V Other Information 80", "Appendix A 88"],
            True,
            True,
        ),
        (
            [
                "In our opinion, in all material respects, the description presents fairly",
                "the system that was designed and implemented.",
            ],
            False,
            False,
        ),
        (["Contents of the report are confidential and intended for use by"], False, False),
        # Entries without page numbers, under the title.
        (
            [
                "Table of Contents",
                "• Attachment A – Independent Service Auditor's Report",
                "• Attachment B – Management's Assertion",
                "• Attachment C – System Description",
            ],
            False,
            True,
        ),
        (["CONTENTS", "Section I Independent Service Auditor's Report", "Section II"], False, True),
        # A title over prose, or over one line only, is no contents page.
        (
            [
                "Contents",
                "This report describes the system and the controls that were tested.",
                "It is intended for user entities.",
            ],
            False,
            False,
        ),
        (["Table of Contents", "Section I Independent Service Auditor's Report"], False, False),
    ],
    ids=lambda v: str(v)[:40],
)
def test_contents_pages(texts: list[str], previous: bool, expected: bool) -> None:
    lines = [line(t, 72 + 14 * i) for i, t in enumerate(texts)]
    assert is_toc_page(lines, previous) is expected


def test_a_table_row_at_the_foot_of_every_page_is_not_a_footer() -> None:
    row = "CC6.2.1 Access of terminated users is removed within one day No exceptions noted."
    pages = []
    for number in range(8):
        lines = [line(f"Body {number}", 300), line(row.replace("2.1", f"2.{number}"), 740)]
        borders = (Rule(60, 730, 60, 760), Rule(600, 730, 600, 760))
        pages.append((PAGE_HEIGHT, lines, borders))
    assert all(not drop for drop in find_furniture(pages))


def test_whitespace_table_rows_that_differ_only_in_their_ids_are_kept() -> None:
    # Rows of a table without rules, each at the foot of a page: the control ids differ.
    row = "CC6.2.{} Access is removed within one day. Inspected 25 terminations. No exceptions."
    pages = [
        (PAGE_HEIGHT, [line(f"Body {n}", 300), line(row.format(n), 740)], ()) for n in range(8)
    ]
    assert all(not drop for drop in find_furniture(pages))


@pytest.mark.parametrize(
    ("fontname", "bold"),
    [
        ("ABCDEF+Arial-BoldMT", True),
        ("Helvetica-Bold", True),
        ("LiberationSans-Bold", True),
        ("TimesNewRomanPS-BoldItalicMT", True),
        ("Arial-Black", True),
        ("BOLDAB+ArialMT", False),
        ("BLACKS+TimesNewRomanPSMT", False),
        ("Times-Roman", False),
    ],
    ids=str,
)
def test_bold_faces_by_name_but_not_by_subset_tag(fontname: str, bold: bool) -> None:
    chars = [Char(c, 72 + 5 * i, 77 + 5 * i, 100, 110, 10, fontname) for i, c in enumerate("Word")]
    (only,) = chars_to_lines(chars)
    assert only.bold is bold
