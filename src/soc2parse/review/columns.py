"""The review columns: what a reviewer checks first, one record per report (``docs/review.md``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import regex

from soc2parse._model import (
    Report,
    SectionKind,
)
from soc2parse.review.age import report_age
from soc2parse.review.flags import ReviewFlag, review_flags

#: The review facts' column names, in the order the batch CSV and ``to_frame`` give them.
REVIEW_COLUMNS: tuple[str, ...] = (
    "report_age_days",
    "bridge_letter_from",
    "bridge_letter_due",
    "stale",
    "flag_count",
    "flags",
    "cuec_count",
    "subservice_methods",
    "carve_outs",
    "counts_uncertain",
)

__all__ = ["REVIEW_COLUMNS", "ReviewFacts", "cuec_count", "review_facts"]

# The warnings read_cuecs gives when it could not read the CUECs (docs/facts.md, "cuecs").
_CUECS_UNREAD = regex.compile(r"complementary\s+user\s+entity\s+controls", regex.IGNORECASE)


@attrs.frozen(kw_only=True)
class ReviewFacts:
    """What a reviewer checks first, in one record: the values of :data:`REVIEW_COLUMNS`.

    A value that cannot be known from the report is None (an empty cell), never a 0 or a
    False that would read as a finding.

    Attributes:
        report_age_days: days from the period end to ``as_of``; None when the period is unknown.
        bridge_letter_from: the first day a bridge letter is due; None when the period is unknown.
        bridge_letter_due: a bridge letter is due on ``as_of`` (the report may also be stale).
        stale: the report is stale on ``as_of``.
        flag_count: how many review flags the report has.
        flags: the review flags' codes, each once, in the order of :data:`FLAG_CODES`.
        cuec_count: how many CUECs the report lists: 0 when its description says none are
            required; None when no description was found or its CUECs could not be read.
        subservice_methods: each subservice organization with its method,
            ``"Microsoft Azure (carve-out)"``, ``"X (method unknown)"``.
        carve_outs: the names of the carved-out subservice organizations.
        counts_uncertain: the control and exception counts may be incomplete (the
            ``counts-uncertain`` or ``type2-without-tests`` flag).
    """

    report_age_days: int | None
    bridge_letter_from: date | None
    bridge_letter_due: bool | None
    stale: bool | None
    flag_count: int
    flags: tuple[str, ...]
    cuec_count: int | None
    subservice_methods: tuple[str, ...]
    carve_outs: tuple[str, ...]
    counts_uncertain: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO strings, tuples as lists."""
        out: dict[str, Any] = {}
        for name in REVIEW_COLUMNS:
            value = getattr(self, name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


def review_facts(
    report: Report, as_of: date | None = None, flags: tuple[ReviewFlag, ...] | None = None
) -> ReviewFacts:
    """The review facts of ``report`` on ``as_of`` (default today), with the default thresholds.

    Args:
        report: the report.
        as_of: the day report age is measured on; today when None.
        flags: the report's :func:`review_flags` on ``as_of``, when already computed.

    Returns:
        The facts; see :class:`ReviewFacts` for what None means in each.
    """
    day = as_of or date.today()
    age = report_age(report, day)
    if flags is None:
        flags = review_flags(report, day)
    codes = tuple(dict.fromkeys(flag.code for flag in flags))
    return ReviewFacts(
        report_age_days=age.days,
        bridge_letter_from=age.bridge_letter_from,
        bridge_letter_due=age.bridge_letter_due,
        stale=age.stale,
        flag_count=len(flags),
        flags=codes,
        cuec_count=cuec_count(report),
        subservice_methods=tuple(
            f"{org.name} ({org.method or 'method unknown'})"
            for org in report.subservice_organizations
        ),
        carve_outs=tuple(
            org.name for org in report.subservice_organizations if org.method == "carve-out"
        ),
        counts_uncertain=bool({"counts-uncertain", "type2-without-tests"} & set(codes)),
    )


def cuec_count(report: Report) -> int | None:
    """How many CUECs ``report`` lists, or None when that is unknown.

    An empty list is a count (0) only where it was read: the report has a description
    section and no warning says its CUECs could not be read (a description that says
    none are required gives no warning).
    """
    if report.cuecs:
        return len(report.cuecs)
    if any(_CUECS_UNREAD.search(warning) for warning in report.warnings):
        return None
    return 0 if report.section(SectionKind.DESCRIPTION) is not None else None
