"""Dates and periods as SOC reports write them.

Dates come as "January 1, 2025", "Jan. 1, 2025", "Sept 30 2025", "1st January
2025", "1 January, 2025", "01/01/2025", "2025-01-01", in any letter case.
Periods join two dates with "to", "through", "thru", "until" or a dash, or are
written "for the twelve months ended June 30, 2025"; a Type 1 report names one
date, "as of September 30, 2025".

All-numeric dates are read month first ("03/04/2025" is March 4) unless the
first number cannot be a month, or the other end of the same period shows the
day comes first ("01/04/2025 - 31/03/2026").
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import attrs
import regex

__all__ = ["DateMatch", "PeriodMatch", "add_months", "find_dates", "find_period", "parse_date"]

_MONTHS = {calendar.month_abbr[n].lower(): n for n in range(1, 13)}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# One date. Named groups say which form matched.
#   "January 1, 2025", "JAN. 1ST, 2025", "Sept 30 2025"
#   "1 January 2025", "1st of January, 2025", "31-Dec-2025"
#   "01/01/2025", "1-1-2025", "01.01.2025"; "2025-01-01"
_DATE_BODY = rf"""
    (?P<mdy>
        (?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY})(?:\s*,\s*|\s+)(?P<y1>{_YEAR})
    )
  | (?P<dmy>
        (?P<d2>{_DAY})(?:\s+of)?[\s\-]+(?P<m2>{_MONTH})\.?[\s,\-]+(?P<y2>{_YEAR})
    )
  | (?P<num>
        (?P<a3>[01]?\d|[23]\d)(?P<sep>[/.\-])(?P<b3>[0-3]?\d)(?P=sep)(?P<y3>{_YEAR})
    )
  | (?P<iso>
        (?P<y4>{_YEAR})(?P<isep>[-/.])(?P<m4>[01]\d)(?P=isep)(?P<d4>[0-3]\d)
    )
"""
_DATE = regex.compile(
    rf"(?<![\w/.\-])(?:{_DATE_BODY})(?![\w/]|[.\-]\d)", regex.IGNORECASE | regex.VERBOSE
)

# Words joining the two ends of a period: "to", "through", "thru", "until", "and" (as in
# "between ... and ..."), or a dash; AP style puts a comma before the word ("January 1,
# 2025, through ..."), which "and" never takes (", and" lists dates).
_JOIN = (
    r"(?:\s*,?\s*(?:-|–|—|‑)\s*|,?\s+(?:to|through|thru|until|till)\s+|\s+and\s+)"
    r"(?:the\s+)?"
)

# "for the twelve months ended June 30, 2025", "for the 12-month period ending ...",
# "for the year ended December 31, 2025", "for the six months ended ..."
_MONTHS_ENDED = regex.compile(
    r"""
    \b(?:for|during|over|covering)\s+(?:the|a)\s+(?:period\s+of\s+)?
    (?:
        (?P<count>\w+)(?:\s*\(\d+\))?[\s\-]+months?(?:\s+period)?
      | (?P<year>(?:fiscal\s+|calendar\s+)?year)
    )
    \s+end(?:ed|ing)\s+(?:on\s+)?$
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
_COUNTS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
}  # fmt: skip

# The words just before a lone date that make it a Type 1 as-of date: "as of", "as at".
_AS_OF = regex.compile(r"\bas\s+(?:of|at)\s*$", regex.IGNORECASE)


@attrs.frozen
class DateMatch:
    """A date found in text: its value, where it is, and whether its form was all-numeric."""

    value: date
    start: int
    end: int
    numeric: bool = False


@attrs.frozen
class PeriodMatch:
    """A period found in text; ``start`` is None for an as-of date."""

    start: date | None
    end: date
    begin: int
    finish: int
    text: str


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _day(text: str) -> int:
    return int(regex.sub(r"\D", "", text))


def _build(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _value(match: regex.Match[str], dayfirst: bool | None = None) -> date | None:
    if match["mdy"]:
        return _build(int(match["y1"]), _month(match["m1"]), _day(match["d1"]))
    if match["dmy"]:
        return _build(int(match["y2"]), _month(match["m2"]), _day(match["d2"]))
    if match["iso"]:
        return _build(int(match["y4"]), int(match["m4"]), int(match["d4"]))
    first, second, year = int(match["a3"]), int(match["b3"]), int(match["y3"])
    if dayfirst is None:
        dayfirst = first > 12
    return _build(year, second, first) if dayfirst else _build(year, first, second)


def _dayfirst_hint(match: regex.Match[str]) -> bool | None:
    """True when a numeric date can only be day-first, False when only month-first."""
    if not match["num"]:
        return None
    first, second = int(match["a3"]), int(match["b3"])
    if first > 12 >= second:
        return True
    if second > 12 >= first:
        return False
    return None


def find_dates(text: str) -> tuple[DateMatch, ...]:
    """Every date in ``text``, in order.

    >>> [m.value.isoformat() for m in find_dates("from Jan. 1st, 2025 to 31 December 2025")]
    ['2025-01-01', '2025-12-31']
    """
    found: list[DateMatch] = []
    for match in _DATE.finditer(text):
        value = _value(match)
        if value is not None:
            found.append(DateMatch(value, match.start(), match.end(), bool(match["num"])))
    return tuple(found)


def parse_date(text: str) -> date | None:
    """The date ``text`` consists of (surrounding spaces and punctuation allowed), or None.

    >>> parse_date("SEPTEMBER 30, 2025")
    datetime.date(2025, 9, 30)
    >>> parse_date("30/09/2025")
    datetime.date(2025, 9, 30)
    >>> parse_date("not a date") is None
    True
    """
    stripped = text.strip().strip(",.;:()")
    match = _DATE.fullmatch(stripped)
    if match is None:
        match = _DATE.fullmatch(stripped + ".") if stripped else None
    if match is None:
        return None
    return _value(match)


def _pair_value(first: regex.Match[str], second: regex.Match[str]) -> tuple[date, date] | None:
    hints = {h for h in (_dayfirst_hint(first), _dayfirst_hint(second)) if h is not None}
    dayfirst = hints.pop() if len(hints) == 1 else None
    start, end = _value(first, dayfirst), _value(second, dayfirst)
    if start is None or end is None or start > end:
        return None
    return start, end


def _renamed(prefix: str) -> str:
    return _DATE_BODY.replace("?P<", f"?P<{prefix}").replace("?P=", f"?P={prefix}")


# Two dates joined into a period: "January 1, 2025 to December 31, 2025",
# "1 January 2025 through 31 December 2025", "01/01/2025 - 12/31/2025".
_RANGE = regex.compile(
    rf"(?<![\w/.\-])(?P<first>{_renamed('f_')})"
    rf"(?P<join>{_JOIN})"
    rf"(?P<second>{_renamed('s_')})(?![\w/]|[.\-]\d)",
    regex.IGNORECASE | regex.VERBOSE,
)


# A period whose start has no year, the end's year serving both: "January 1 through
# December 31, 2025", "1 April to 30 September 2025", "October 1 to September 30, 2025".
_YEARLESS_RANGE = regex.compile(
    rf"""
    (?<![\w/.\-])
    (?:(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH})\.?)
    (?P<join>{_JOIN})
    (?P<second>{_renamed("s_")})(?![\w/]|[.\-]\d)
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


_BETWEEN = regex.compile(r"\bbetween\s+$", regex.IGNORECASE)


def _yearless_start(match: regex.Match[str], end: date) -> date | None:
    """The start of a year-less range: in the end's year, else the year before."""
    month = _month(match["m1"] or match["m2"])
    day = _day(match["d1"] or match["d2"])
    start = _build(end.year, month, day)
    if start is not None and start > end:
        start = _build(end.year - 1, month, day)
    return start


def find_period(text: str, *, as_of_only: bool = False) -> PeriodMatch | None:
    """The first examination period in ``text``: a range, "N months ended", or "as of" a date.

    Args:
        text: the text to search.
        as_of_only: accept only an as-of date (for a Type 1 report).

    >>> p = find_period("for the period January 1, 2025 to December 31, 2025")
    >>> (p.start.isoformat(), p.end.isoformat())
    ('2025-01-01', '2025-12-31')
    >>> find_period("for the twelve months ended June 30, 2025").start
    datetime.date(2024, 7, 1)
    >>> find_period("as of September 30, 2025").start is None
    True
    """
    candidates: list[PeriodMatch] = []
    if not as_of_only:
        for match in _RANGE.finditer(text):
            first = _DATE.fullmatch(match["first"])
            second = _DATE.fullmatch(match["second"])
            if first is None or second is None:
                continue
            pair = _pair_value(first, second)
            if pair is not None:
                candidates.append(PeriodMatch(*pair, match.start(), match.end(), match.group()))
        for match in _YEARLESS_RANGE.finditer(text):
            if match["join"].strip().lower() == "and" and not _BETWEEN.search(
                text[max(0, match.start() - 12) : match.start()]
            ):
                continue  # "as of June 30 and December 31, 2025" lists two dates
            second = _DATE.fullmatch(match["second"])
            end = _value(second) if second is not None else None
            start = _yearless_start(match, end) if end is not None else None
            if start is not None and end is not None:
                candidates.append(
                    PeriodMatch(start, end, match.start(), match.end(), match.group())
                )
    for found in find_dates(text):
        before = text[max(0, found.start - 60) : found.start]
        ended = _MONTHS_ENDED.search(before)
        if ended and not as_of_only:
            months = (
                12
                if ended["year"]
                else _COUNTS.get(ended["count"].lower())
                or (int(ended["count"]) if ended["count"].isdigit() else 0)
            )
            if months:
                start = _months_before(found.value, months)
                begin = found.start - len(before) + ended.start()
                candidates.append(
                    PeriodMatch(start, found.value, begin, found.end, text[begin : found.end])
                )
        elif (as_of := _AS_OF.search(before)) is not None:
            begin = found.start - len(before) + as_of.start()
            candidates.append(
                PeriodMatch(None, found.value, begin, found.end, text[begin : found.end])
            )
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.begin, -(c.finish - c.begin)))


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month.

    >>> add_months(date(2025, 12, 31), 3), add_months(date(2025, 8, 31), 6)
    (datetime.date(2026, 3, 31), datetime.date(2026, 2, 28))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _months_before(end: date, months: int) -> date:
    """The first day of a period of ``months`` months ending on ``end``.

    >>> _months_before(date(2025, 6, 30), 12)
    datetime.date(2024, 7, 1)
    >>> _months_before(date(2025, 12, 31), 12)
    datetime.date(2025, 1, 1)
    """
    return add_months(end + timedelta(days=1), -months)
