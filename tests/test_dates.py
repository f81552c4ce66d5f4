"""Dates and periods in every supported phrasing."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from soc2parse.text.dates import find_period, parse_date

from strategies import DATE_FORMATS, date_formats, report_dates

D = date


@attrs.frozen
class PeriodCase:
    text: str
    start: date | None
    end: date | None


PERIODS_SEEN = [
    PeriodCase(
        "throughout the period January 1, 2025 to December 31, 2025", D(2025, 1, 1), D(2025, 12, 31)
    ),
    PeriodCase(
        "FOR THE PERIOD JANUARY 1, 2025 TO DECEMBER 31, 2025", D(2025, 1, 1), D(2025, 12, 31)
    ),
    PeriodCase("1 January 2025 through 31 December 2025", D(2025, 1, 1), D(2025, 12, 31)),
    PeriodCase("01/01/2025 - 12/31/2025", D(2025, 1, 1), D(2025, 12, 31)),
    PeriodCase(
        "for the period from Jan. 1, 2025 through Dec. 31, 2025", D(2025, 1, 1), D(2025, 12, 31)
    ),
    PeriodCase("for the twelve months ended June 30, 2025", D(2024, 7, 1), D(2025, 6, 30)),
    PeriodCase("as of June 30, 2025", None, D(2025, 6, 30)),
    PeriodCase("as of 30 September 2025", None, D(2025, 9, 30)),
]
PERIODS_NOT_IN_FIXTURES = [
    PeriodCase("the 1st of July, 2024 to the 30th of June, 2025", D(2024, 7, 1), D(2025, 6, 30)),
    PeriodCase("01/04/2025 – 31/03/2026", D(2025, 4, 1), D(2026, 3, 31)),
    PeriodCase("01.10.2024 — 30.09.2025", D(2024, 10, 1), D(2025, 9, 30)),
    PeriodCase("2025-01-01 thru 2025-12-31", D(2025, 1, 1), D(2025, 12, 31)),
    PeriodCase("for the 12-month period ending March 31, 2026", D(2025, 4, 1), D(2026, 3, 31)),
    PeriodCase("for the six months ended December 31, 2025", D(2025, 7, 1), D(2025, 12, 31)),
    PeriodCase("for the year ended December 31, 2025", D(2025, 1, 1), D(2025, 12, 31)),
    PeriodCase("between July 1, 2024 and June 30, 2025", D(2024, 7, 1), D(2025, 6, 30)),
    PeriodCase("Sept. 1, 2024 until Aug. 31, 2025", D(2024, 9, 1), D(2025, 8, 31)),
    PeriodCase("January 1,2025 to December 31,2025", D(2025, 1, 1), D(2025, 12, 31)),
    PeriodCase("as at 31 March 2026", None, D(2026, 3, 31)),
    # Not periods.
    PeriodCase("December 31, 2025 to January 1, 2025", None, None),
    PeriodCase("revised in 2025 and reviewed annually", None, None),
    PeriodCase("February 30, 2025 to March 31, 2025", None, None),
]


# Wordings from other firms' reports (AICPA, ISAE, Big Four, mid-size and boutique styles).
PERIODS_FROM_THE_WILD = [
    PeriodCase(
        "for the period January 1, 2024 to December 31, 2024", D(2024, 1, 1), D(2024, 12, 31)
    ),
    PeriodCase(
        "throughout the period from 1 April 2024 through 31 March 2025",
        D(2024, 4, 1),
        D(2025, 3, 31),
    ),
    PeriodCase(
        "for the twelve-month period ended September 30, 2024", D(2023, 10, 1), D(2024, 9, 30)
    ),
    PeriodCase("for the 12 months ended September 30, 2024", D(2023, 10, 1), D(2024, 9, 30)),
    PeriodCase(
        "for the twelve (12) month period ended September 30, 2024",
        D(2023, 10, 1),
        D(2024, 9, 30),
    ),
    PeriodCase(
        "for the period of twelve months ending September 30, 2024",
        D(2023, 10, 1),
        D(2024, 9, 30),
    ),
    PeriodCase("for a six-month period ended June 30, 2024", D(2024, 1, 1), D(2024, 6, 30)),
    PeriodCase("during the nine months ended March 31, 2025", D(2024, 7, 1), D(2025, 3, 31)),
    PeriodCase("as of June 30, 2024", None, D(2024, 6, 30)),
    PeriodCase("July 1, 2023 - June 30, 2024", D(2023, 7, 1), D(2024, 6, 30)),
    PeriodCase("July 1, 2023 – June 30, 2024", D(2023, 7, 1), D(2024, 6, 30)),
    PeriodCase("2023-10-01 to 2024-09-30", D(2023, 10, 1), D(2024, 9, 30)),
    PeriodCase("1st April 2024 to 31st March 2025", D(2024, 4, 1), D(2025, 3, 31)),
    PeriodCase("October 1, 2023 to Sept. 30, 2024", D(2023, 10, 1), D(2024, 9, 30)),
    PeriodCase("Oct 1 2023 to Sept 30 2024", D(2023, 10, 1), D(2024, 9, 30)),
    # AP style: a comma after the year before the joining word.
    PeriodCase(
        "for the period January 1, 2024, through December 31, 2024",
        D(2024, 1, 1),
        D(2024, 12, 31),
    ),
    PeriodCase("January 1, 2024, to December 31, 2024,", D(2024, 1, 1), D(2024, 12, 31)),
    # The year written once, on the end date.
    PeriodCase(
        "for the period January 1 through December 31, 2024", D(2024, 1, 1), D(2024, 12, 31)
    ),
    PeriodCase("1 April to 30 September 2024", D(2024, 4, 1), D(2024, 9, 30)),
    PeriodCase("from October 1 to September 30, 2024", D(2023, 10, 1), D(2024, 9, 30)),
    # Split across lines (lines are joined by a space, some by two) and odd spaces.
    PeriodCase("January 1, 2024 to December\n31, 2024", D(2024, 1, 1), D(2024, 12, 31)),
    PeriodCase("January  1,  2024  to  December 31,\u00a02024", D(2024, 1, 1), D(2024, 12, 31)),
    PeriodCase("as of\nJune 30, 2024", None, D(2024, 6, 30)),
    PeriodCase("2023/10/01 - 2024/09/30", D(2023, 10, 1), D(2024, 9, 30)),
    PeriodCase("as of December 31st, 2024", None, D(2024, 12, 31)),
    PeriodCase("30th June 2024 to 29th June 2025", D(2024, 6, 30), D(2025, 6, 29)),
    PeriodCase("from 1-Jan-2024 to 31-Dec-2024", D(2024, 1, 1), D(2024, 12, 31)),
    PeriodCase("SEPTEMBER 1, 2023 THROUGH AUGUST 31, 2024", D(2023, 9, 1), D(2024, 8, 31)),
    # Not periods: a year-less start that cannot precede its end by under a year, a date
    # alone, a range of years.
    PeriodCase("revised January 15, 2024", None, None),
    PeriodCase("from 2023 to 2024", None, None),
    PeriodCase("as of June 30 and December 31, 2024", None, None),
    PeriodCase("between July 1 and December 31, 2024", D(2024, 7, 1), D(2024, 12, 31)),
    PeriodCase("Section 1 to 4, 2024", None, None),
]


@pytest.mark.parametrize(
    "case", PERIODS_SEEN + PERIODS_NOT_IN_FIXTURES + PERIODS_FROM_THE_WILD, ids=lambda c: c.text
)
def test_period_phrasings(case: PeriodCase) -> None:
    found = find_period(case.text)
    if case.end is None:
        assert found is None
        return
    assert found is not None
    assert (found.start, found.end) == (case.start, case.end)


def test_as_of_only_skips_ranges() -> None:
    text = "January 1, 2025 to December 31, 2025, and as of December 31, 2025"
    found = find_period(text, as_of_only=True)
    assert found is not None
    assert (found.start, found.end) == (None, D(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("February 13, 2026", D(2026, 2, 13)),
        ("13 February 2026", D(2026, 2, 13)),
        ("Feb 13th, 2026", D(2026, 2, 13)),
        ("2/13/2026", D(2026, 2, 13)),
        ("13/02/2026", D(2026, 2, 13)),
        ("(February 13, 2026)", D(2026, 2, 13)),
        ("Austin, Texas", None),
        ("13 Smarch 2026", None),
        ("February 13, 2026 and more", None),
    ],
    ids=str,
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@given(report_dates, date_formats)
def test_any_date_in_any_format_parses_back(value: date, fmt: tuple) -> None:
    _name, render = fmt
    assert parse_date(render(value)) == value


@given(
    report_dates,
    st.integers(28, 400),
    date_formats,
    st.sampled_from([" to ", " through ", " - ", " – "]),
)
def test_any_period_in_any_format_parses_back(end: date, days: int, fmt: tuple, join: str) -> None:
    from datetime import timedelta

    _name, render = fmt
    start = end - timedelta(days=days)
    found = find_period(f"for the period {render(start)}{join}{render(end)}.")
    assert found is not None
    assert (found.start, found.end) == (start, end)


def test_formats_cover_every_rendering_name() -> None:
    assert len({name for name, _ in DATE_FORMATS}) == len(DATE_FORMATS)


@given(
    report_dates,
    st.integers(28, 360),
    st.sampled_from(["us-long", "us-abbr-dot", "day-first", "us-ordinal"]),
    st.sampled_from([" to ", " through ", ", through ", " - "]),
)
def test_a_start_written_without_its_year_parses_back(
    end: date, days: int, name: str, join: str
) -> None:
    from datetime import timedelta

    render = dict(DATE_FORMATS)[name]
    start = end - timedelta(days=days)
    yearless = render(start).replace(f", {start.year}", "").replace(f" {start.year}", "")
    text = f"for the period {yearless}{join}{render(end)}."
    found = find_period(text)
    assert found is not None, text
    assert (found.start, found.end) == (start, end), text


@given(report_dates, date_formats, st.sampled_from([" ", "\n", "  ", " \n", "\u00a0"]))
def test_a_date_split_across_lines_parses_back(value: date, fmt: tuple, gap: str) -> None:
    _name, render = fmt
    text = render(value).replace(" ", gap)
    found = find_period(f"as of {text}")
    assert found is not None, text
    assert (found.start, found.end) == (None, value)
