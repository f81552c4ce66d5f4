"""Review flags on one report: what a vendor-risk reviewer should look at, with evidence.

The report's age is in :mod:`~soc2parse.review.age`, exceptions' areas and rates in
:mod:`~soc2parse.review.exceptions`, the one-record summary in :mod:`~soc2parse.review.columns`.

These answer the questions a vendor-risk reviewer asks after reading a
report, from the report's own facts: no score is computed. Every threshold is
a keyword argument whose default, and where it comes from, is documented in
``docs/review.md``:

- a bridge letter is due once ``bridge_after_months`` (3) have passed since the
  period end, and the report is stale after ``stale_after_months`` (12);
- a deviation rate at or above ``high_rate`` (10%) is high;
- a Type 2 period shorter than ``min_period_months`` (6) is short.

Each flag carries a stable ``code``, a message for people and, where the
report has it, the evidence (PDF page and text) it rests on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs

from soc2parse._model import (
    ControlsStatus,
    Evidence,
    OpinionKind,
    Report,
    ReportType,
    Section,
    SectionKind,
)
from soc2parse.review.age import DEFAULT_BRIDGE_AFTER_MONTHS, DEFAULT_STALE_AFTER_MONTHS, report_age
from soc2parse.review.exceptions import CRITERION_ID, worst_ratio
from soc2parse.text.dates import add_months

__all__ = [
    "DEFAULT_HIGH_RATE",
    "DEFAULT_MIN_PERIOD_MONTHS",
    "FLAG_CODES",
    "ReviewFlag",
    "review_flags",
]

DEFAULT_HIGH_RATE = 0.10
DEFAULT_MIN_PERIOD_MONTHS = 6

#: Every flag code, in the order :func:`review_flags` reports them.
FLAG_CODES: tuple[str, ...] = (
    "opinion-modified",
    "opinion-unknown",
    "modified-opinion-without-exceptions",
    "exceptions-under-unqualified-opinion",
    "type2-without-tests",
    "counts-uncertain",
    "type1-report",
    "short-period",
    "stale-report",
    "bridge-letter-due",
    "inconsistent-dates",
    "access-exception",
    "change-management-exception",
    "high-deviation-rate",
    "response-in-unaudited-section",
    "carve-out-subservice",
    "cuecs",
)

# How much of a long finding or basis a flag message quotes.
_QUOTE_CHARS = 160


@attrs.frozen(kw_only=True)
class ReviewFlag:
    """Something a reviewer should look at: a stable code, a message, and its evidence.

    Attributes:
        code: one of :data:`FLAG_CODES`, e.g. ``"access-exception"``.
        message: one sentence for people.
        evidence: the page and text the flag rests on, None when the report model
            holds no location for it (dates, subservice organizations, CUECs).
    """

    code: str
    message: str
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types."""
        evidence = self.evidence
        return {
            "code": self.code,
            "message": self.message,
            "evidence": None
            if evidence is None
            else {"page": evidence.page, "text": evidence.text},
        }


def review_flags(
    report: Report,
    as_of: date | None = None,
    *,
    bridge_after_months: int = DEFAULT_BRIDGE_AFTER_MONTHS,
    stale_after_months: int = DEFAULT_STALE_AFTER_MONTHS,
    high_rate: float = DEFAULT_HIGH_RATE,
    min_period_months: int = DEFAULT_MIN_PERIOD_MONTHS,
) -> tuple[ReviewFlag, ...]:
    """The review flags of ``report``, in the order of :data:`FLAG_CODES`.

    Args:
        report: the report.
        as_of: the day report age is measured on; today when None.
        bridge_after_months: see :func:`report_age`.
        stale_after_months: see :func:`report_age`.
        high_rate: a deviation rate at or above this (0..1) is flagged as high.
        min_period_months: a Type 2 period shorter than this many calendar months is flagged.

    Returns:
        The flags; empty when nothing calls for attention.
    """
    day = as_of or date.today()
    flags: list[ReviewFlag] = []
    flags += _opinion_flags(report)
    flags += _contradiction_flags(report)
    flags += _period_flags(report, min_period_months)
    flags += _age_flags(report, day, bridge_after_months, stale_after_months)
    flags += _date_flags(report, day)
    flags += _exception_flags(report, high_rate)
    flags += _response_flags(report)
    flags += _subservice_flags(report)
    if report.cuecs:
        count = len(report.cuecs)
        flags.append(
            ReviewFlag(
                code="cuecs",
                message=f"{count} complementary user entity control{'s' if count > 1 else ''} "
                "(CUECs) for the customer to operate; map each to a control of your own.",
            )
        )
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    return tuple(sorted(flags, key=lambda f: order[f.code]))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _opinion_flags(report: Report) -> list[ReviewFlag]:
    opinion = report.opinion
    if opinion.kind is OpinionKind.UNKNOWN:
        return [
            ReviewFlag(
                code="opinion-unknown",
                message="The auditor's opinion could not be determined; read the opinion section.",
                evidence=opinion.evidence,
            )
        ]
    if opinion.kind is OpinionKind.UNQUALIFIED:
        return []
    message = f"The auditor's opinion is {opinion.kind.value}, not unqualified"
    message += f": {_quote(opinion.basis)}" if opinion.basis else "."
    return [ReviewFlag(code="opinion-modified", message=message, evidence=opinion.evidence)]


def _contradiction_flags(report: Report) -> list[ReviewFlag]:
    """What the report's own facts say against each other: the counts may be incomplete."""
    flags = []
    kind, status = report.opinion.kind, report.controls_status
    if kind in (OpinionKind.QUALIFIED, OpinionKind.ADVERSE) and not report.exceptions:
        flags.append(
            ReviewFlag(
                code="modified-opinion-without-exceptions",
                message=f"The opinion is {kind.value}, yet no exception was read in the tests "
                "of controls: read the basis paragraph and section IV.",
                evidence=report.opinion.evidence,
            )
        )
    if kind is OpinionKind.UNQUALIFIED and report.exceptions:
        count = len(report.exceptions)
        first = report.exceptions[0]
        flags.append(
            ReviewFlag(
                code="exceptions-under-unqualified-opinion",
                message=f"{count} exception{'s' if count > 1 else ''} under an unqualified "
                "opinion: the auditor judged them not to modify it; read each and its response.",
                evidence=first.evidence,
            )
        )
    if report.report_type is ReportType.TYPE2 and status is ControlsStatus.ABSENT:
        flags.append(
            ReviewFlag(
                code="type2-without-tests",
                message="A Type 2 report, but no tests of controls were found: the control and "
                "exception counts are unknown.",
            )
        )
    if status in (ControlsStatus.PARTIAL, ControlsStatus.UNREAD):
        said = "were read only in part" if status is ControlsStatus.PARTIAL else "could not be read"
        flags.append(
            ReviewFlag(
                code="counts-uncertain",
                message=f"The tests of controls {said} (see the report's warnings): the control "
                "and exception counts are uncertain.",
            )
        )
    return flags


def _period_flags(report: Report, min_months: int) -> list[ReviewFlag]:
    period = report.period
    if report.report_type is ReportType.TYPE1:
        as_of = f" as of {period.end.isoformat()}" if period else ""
        return [
            ReviewFlag(
                code="type1-report",
                message=f"Type 1 report: controls' design{as_of} only, with no tests of their "
                "operation over a period; ask for a Type 2 report.",
            )
        ]
    if report.report_type is ReportType.TYPE2 and period is not None and period.start is None:
        return [
            ReviewFlag(
                code="type1-report",
                message="Type 2 report with an as-of date but no period start found; check "
                "whether it covers a period.",
            )
        ]
    if period is None or period.start is None:
        return []
    # Calendar months: 1 January to 30 June is six months, not short.
    if add_months(period.start, min_months) > period.end + timedelta(days=1):
        return [
            ReviewFlag(
                code="short-period",
                message=f"The period ({period}, {period.days} days) is shorter than "
                f"{min_months} months; operating effectiveness was tested over a short span.",
            )
        ]
    return []


def _age_flags(report: Report, day: date, bridge: int, stale: int) -> list[ReviewFlag]:
    age = report_age(report, day, bridge_after_months=bridge, stale_after_months=stale)
    if age.period_end is None:
        return []
    if age.stale:
        return [
            ReviewFlag(
                code="stale-report",
                message=f"The period ended {age.period_end.isoformat()}, {age.days} days before "
                f"{day.isoformat()} (stale from {age.stale_from}); ask for a newer report.",
            )
        ]
    if age.bridge_letter_due:
        return [
            ReviewFlag(
                code="bridge-letter-due",
                message=f"The period ended {age.period_end.isoformat()}, {age.days} days before "
                f"{day.isoformat()}; ask for a bridge letter covering the time since "
                f"(due from {age.bridge_letter_from}).",
            )
        ]
    return []


def _date_flags(report: Report, day: date) -> list[ReviewFlag]:
    flags: list[ReviewFlag] = []
    dated = report.report_date
    if dated is None:
        return flags
    if report.period is not None and dated < report.period.end:
        flags.append(
            ReviewFlag(
                code="inconsistent-dates",
                message=f"The report is dated {dated.isoformat()}, before the period ends "
                f"({report.period.end.isoformat()}); check the dates read.",
            )
        )
    if dated > day:
        flags.append(
            ReviewFlag(
                code="inconsistent-dates",
                message=f"The report is dated {dated.isoformat()}, after {day.isoformat()}; "
                "check the dates read.",
            )
        )
    return flags


def _exception_flags(report: Report, high_rate: float) -> list[ReviewFlag]:
    flags: list[ReviewFlag] = []
    for item in report.exceptions:
        series = {
            match["cc"].upper() + match["series"]
            for criterion in item.criteria
            if (match := CRITERION_ID.match(criterion)) is not None and match["cc"]
        }
        label = item.control_id + (f" ({', '.join(item.criteria)})" if item.criteria else "")
        finding = _quote(item.finding)
        if "CC6" in series:
            flags.append(
                ReviewFlag(
                    code="access-exception",
                    message=f"Exception in logical and physical access, {label}: {finding}",
                    evidence=item.evidence,
                )
            )
        if "CC8" in series:
            flags.append(
                ReviewFlag(
                    code="change-management-exception",
                    message=f"Exception in change management, {label}: {finding}",
                    evidence=item.evidence,
                )
            )
        worst = worst_ratio(item.ratios)
        if worst is not None and worst.rate >= high_rate:
            flags.append(
                ReviewFlag(
                    code="high-deviation-rate",
                    message=f"{label}: deviation rate {worst.rate:.0%} ({worst.text}), at or "
                    f"above {high_rate:.0%}.",
                    evidence=item.evidence,
                )
            )
    return flags


def _response_flags(report: Report) -> list[ReviewFlag]:
    # A response read from an "other" section (section V, which the auditor does not examine)
    # is management's unaudited statement. Where the page is not recorded (reports built by
    # hand or read from older JSON), the flag says where responses may sit instead.
    answered = [item for item in report.exceptions if item.management_response]
    if not answered:
        return []
    others = [s for s in report.sections if s.kind is SectionKind.OTHER]

    def section_of(page: int) -> Section | None:
        return next((s for s in others if s.first_page <= page <= s.last_page), None)

    located = [item for item in answered if item.response_evidence is not None]
    if located:
        placed = [
            (item, where, section)
            for item in located
            if (where := item.response_evidence) is not None
            and (section := section_of(where.page)) is not None
        ]
        if not placed:
            return []
        _, first_where, first_section = placed[0]
        ids = ", ".join(item.control_id for item, _, _ in placed)
        pages = ", ".join(str(where.page) for _, where, _ in placed)
        return [
            ReviewFlag(
                code="response-in-unaudited-section",
                message=f"Management's responses ({ids}) sit in "
                f"'{_quote(first_section.title)}' (page {pages}), which the auditor does not "
                "examine: they are management's unaudited statements.",
                evidence=first_where,
            )
        ]
    tests = report.section(SectionKind.TESTS)
    after = tests.last_page if tests else 0
    unaudited = [s for s in others if s.first_page > after]
    if not unaudited:
        return []
    section = unaudited[0]
    ids = ", ".join(item.control_id for item in answered)
    return [
        ReviewFlag(
            code="response-in-unaudited-section",
            message=f"Management responses ({ids}) may sit in '{_quote(section.title)}' "
            f"(pages {section.first_page}-{section.last_page}), which the auditor does not "
            "examine; responses there are management's unaudited statements.",
            evidence=Evidence(page=section.first_page, text=section.title),
        )
    ]


def _subservice_flags(report: Report) -> list[ReviewFlag]:
    return [
        ReviewFlag(
            code="carve-out-subservice",
            message=f"{org.name}"
            + (f" ({_quote(org.services)})" if org.services else "")
            + " is carved out: its controls are outside this examination; obtain its own "
            "SOC report and check the complementary subservice organization controls.",
        )
        for org in report.subservice_organizations
        if org.method == "carve-out"
    ]
