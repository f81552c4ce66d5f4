"""How old a report is on a day: when a bridge letter is due and when the report goes stale.

The thresholds and where they come from are in ``docs/review.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from soc2parse._model import (
    Report,
)
from soc2parse.text.dates import add_months

__all__ = ["DEFAULT_BRIDGE_AFTER_MONTHS", "DEFAULT_STALE_AFTER_MONTHS", "ReportAge", "report_age"]

DEFAULT_BRIDGE_AFTER_MONTHS = 3
DEFAULT_STALE_AFTER_MONTHS = 12


@attrs.frozen(kw_only=True)
class ReportAge:
    """How old a report is on a given day, and whether a bridge letter or a new report is due.

    Attributes:
        as_of: the day the age is measured on.
        period_end: the end of the period (the as-of date of a Type 1), None when unknown.
        days: days from ``period_end`` to ``as_of``; None when the period is unknown.
        bridge_letter_from: the first day a bridge letter is due.
        stale_from: the first day the report is stale.
        bridge_letter_due: ``as_of`` is on or after ``bridge_letter_from`` (None: unknown).
        stale: ``as_of`` is on or after ``stale_from`` (None: unknown).
    """

    as_of: date
    period_end: date | None
    days: int | None
    bridge_letter_from: date | None
    stale_from: date | None
    bridge_letter_due: bool | None
    stale: bool | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO strings."""
        return {
            f.name: v.isoformat() if isinstance(v, date) else v
            for f in attrs.fields(ReportAge)
            for v in (getattr(self, f.name),)
        }


def report_age(
    report: Report,
    as_of: date | None = None,
    *,
    bridge_after_months: int = DEFAULT_BRIDGE_AFTER_MONTHS,
    stale_after_months: int = DEFAULT_STALE_AFTER_MONTHS,
) -> ReportAge:
    """How old ``report`` is on ``as_of`` (default today), counted from the period end.

    Args:
        report: the report.
        as_of: the day to measure on; today when None.
        bridge_after_months: calendar months after the period end from which a bridge
            (gap) letter is due.
        stale_after_months: calendar months after the period end from which the report
            is stale and a newer report is needed.

    Returns:
        The age; its fields are None when the report's period is unknown.
    """
    day = as_of or date.today()
    if report.period is None:
        return ReportAge(
            as_of=day,
            period_end=None,
            days=None,
            bridge_letter_from=None,
            stale_from=None,
            bridge_letter_due=None,
            stale=None,
        )
    end = report.period.end
    bridge = add_months(end, bridge_after_months)
    stale = add_months(end, stale_after_months)
    return ReportAge(
        as_of=day,
        period_end=end,
        days=(day - end).days,
        bridge_letter_from=bridge,
        stale_from=stale,
        bridge_letter_due=day >= bridge,
        stale=day >= stale,
    )
