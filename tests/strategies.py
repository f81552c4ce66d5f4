"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import assume
from hypothesis import strategies as st

from soc2parse import (
    Category,
    ControlException,
    ControlTest,
    Evidence,
    Framework,
    Opinion,
    OpinionKind,
    Period,
    Report,
    ReportType,
    SampleRatio,
    Section,
    SectionKind,
    SubserviceOrganization,
)

texts = st.text(max_size=40)
short_texts = st.text(max_size=12)
pages = st.integers(min_value=1, max_value=500)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
criteria = st.tuples(*[st.sampled_from(["CC6.1", "CC8.1", "A1.2", "C1.1", "PI1.3", "P4.2"])] * 2)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    end = draw(dates)
    if draw(st.booleans()):
        return Period(None, end)
    return Period(end - timedelta(days=draw(st.integers(0, 800))), end)


@st.composite
def ratios(draw: st.DrawFn) -> SampleRatio:
    total = draw(st.integers(1, 5000))
    return SampleRatio(draw(st.integers(0, total)), total, draw(short_texts))


evidence = st.builds(Evidence, page=pages, text=texts)
opinions = st.builds(
    Opinion,
    kind=st.sampled_from(OpinionKind),
    basis=st.none() | texts,
    evidence=st.none() | evidence,
)
controls = st.builds(
    ControlTest,
    control_id=short_texts,
    criteria=criteria,
    description=texts,
    tests=texts,
    result=texts,
    has_exception=st.booleans(),
    pages=st.tuples(pages),
)
exceptions = st.builds(
    ControlException,
    control_id=short_texts,
    criteria=criteria,
    description=texts,
    finding=texts,
    ratios=st.lists(ratios(), max_size=3).map(tuple),
    management_response=st.none() | texts,
    evidence=evidence,
    response_evidence=st.none() | evidence,
)


@st.composite
def sections(draw: st.DrawFn) -> Section:
    first = draw(pages)
    return Section(
        kind=draw(st.sampled_from(SectionKind)),
        title=draw(texts),
        first_page=first,
        last_page=first + draw(st.integers(0, 50)),
    )


reports = st.builds(
    Report,
    source=st.none() | texts,
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    page_count=st.integers(1, 500),
    framework=st.sampled_from(Framework),
    report_type=st.sampled_from(ReportType),
    service_organization=st.none() | texts,
    service_auditor=st.none() | texts,
    period=st.none() | periods(),
    report_date=st.none() | dates,
    categories=st.lists(st.sampled_from(Category), unique=True).map(tuple),
    opinion=opinions,
    controls=st.lists(controls, max_size=3).map(tuple),
    exceptions=st.lists(exceptions, max_size=3).map(tuple),
    subservice_organizations=st.lists(
        st.builds(
            SubserviceOrganization,
            name=texts,
            services=st.none() | texts,
            method=st.sampled_from([None, "carve-out", "inclusive"]),
        ),
        max_size=3,
    ).map(tuple),
    cuecs=st.lists(texts, max_size=3).map(tuple),
    sections=st.lists(sections(), max_size=4).map(tuple),
    warnings=st.lists(texts, max_size=3).map(tuple),
)


# --- sample ratios (tests/test_ratios.py) -------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int, *, hyphen: bool = True, use_and: bool = False) -> str:
    """``n`` (0..999,999) in English words: 4999 -> "four thousand nine hundred ninety-nine"."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (("-" if hyphen else " ") + _UNITS[unit] if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_UNITS[hundreds]} hundred"
        if not rest:
            return head
        return f"{head} {'and ' if use_and else ''}{number_words(rest, hyphen=hyphen)}"
    thousands, rest = divmod(n, 1000)
    head = f"{number_words(thousands, hyphen=hyphen)} thousand"
    if not rest:
        return head
    joiner = " and " if use_and and rest < 100 else " "
    return head + joiner + number_words(rest, hyphen=hyphen, use_and=use_and)


def render_number(n: int, style: str) -> str:
    """``n`` written as digits, digits with thousands commas, words, or words with digits."""
    if style == "digits":
        return str(n)
    if style == "comma":
        return f"{n:,}"
    if style == "words":
        return number_words(n)
    return f"{number_words(n)} ({n})"


RATIO_PHRASINGS = ("of", "of-the", "out-of", "slash", "sampled", "of-a-sample-of")


def render_ratio(count: int, total: int, phrasing: str, style: str) -> str:
    """A deviation ratio as auditors write it, e.g. "two (2) of twenty-five (25)"."""
    if phrasing == "slash":
        return f"{count}/{total}"
    c, t = render_number(count, style), render_number(total, style)
    return {
        "of": f"{c} of {t}",
        "of-the": f"{c} of the {t}",
        "out-of": f"{c} out of {t}",
        "sampled": f"{c} of the {t}",
        "of-a-sample-of": f"{c} of a sample of {t}",
    }[phrasing]


@st.composite
def ratio_sentences(draw: st.DrawFn) -> tuple[int, int, str, str]:
    """``(count, total, ratio text, sentence)`` with 0 < count <= total <= 5000."""
    total = draw(st.integers(1, 5000))
    count = draw(st.integers(1, total))
    phrasing = draw(st.sampled_from(RATIO_PHRASINGS))
    style = draw(st.sampled_from(("digits", "comma", "words", "paren")))
    text = render_ratio(count, total, phrasing, style)
    lead = draw(st.sampled_from(("For ", "Exception noted: for ", "The auditor noted that for ")))
    tail = draw(
        st.sampled_from(
            (
                " changes sampled, approval was not documented.",
                " sampled terminated users, access was removed late.",
                ", the review was not evidenced as of 12/31/2025.",
                " new hires, training was incomplete under CC1.4.",
            )
        )
    )
    # "3/31" beside a date is read as that month's last day, by design (test_ratios): no case.
    february = count == 2 and total in (28, 29)
    month_end = february or (count <= 12 and total == calendar.monthrange(2001, count)[1])
    assume(not (phrasing == "slash" and month_end and "/20" in tail))
    return count, total, text, lead + text + tail


# Sentences with numbers, dates, ids and sample sizes but no deviation ratio.
ratio_free_parts = st.sampled_from(
    (
        "Inspected a sample of 25 new hires",
        "as of 12/31/2025",
        "for the period January 1, 2025 to December 31, 2025",
        "under criteria CC6.1 and CC7.2",
        "control 1.01 operated",
        "within 30 days of hire",
        "reviewed quarterly",
        "the population of 1,284 changes",
        "one of the reviewers",
        "twenty-five tickets were inspected",
        "a sample of forty (40) changes",
        "control CC6.1.2 and AC-03",
        "the third of the reviews",
        "on 3/31/2025",
    )
)
ratio_free_sentences = st.lists(ratio_free_parts, min_size=1, max_size=4).map(
    lambda parts: "; ".join(parts) + "."
)


# Date renderings soc2parse reads: (name, renderer). Day-first and month-first numeric forms
# are unambiguous only when the day exceeds 12, so the numeric day-first form is drawn that way.
def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


DATE_FORMATS = (
    ("us-long", lambda d: f"{d:%B} {d.day}, {d.year}"),
    ("us-upper", lambda d: f"{d:%B} {d.day}, {d.year}".upper()),
    ("us-abbr-dot", lambda d: f"{d:%b}. {d.day}, {d.year}"),
    ("us-ordinal", lambda d: f"{d:%B} {_ordinal(d.day)}, {d.year}"),
    ("us-no-comma", lambda d: f"{d:%B} {d.day} {d.year}"),
    ("day-first", lambda d: f"{d.day} {d:%B} {d.year}"),
    ("day-first-ordinal-of", lambda d: f"{_ordinal(d.day)} of {d:%B}, {d.year}"),
    ("day-first-abbr-dash", lambda d: f"{d.day:02d}-{d:%b}-{d.year}"),
    ("numeric-us", lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"),
    ("numeric-us-short", lambda d: f"{d.month}/{d.day}/{d.year}"),
    ("iso", lambda d: d.isoformat()),
)
date_formats = st.sampled_from(DATE_FORMATS)
report_dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2089, 12, 31))
