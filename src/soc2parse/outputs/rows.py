"""Flat rows for tables: one per report, one per exception.

The batch command's CSV files and the pandas frames are the same tables, so
they are built here once, with plain Python values (``date``, ``int``,
``float``, ``str``, tuples, None); the CSV writer and the frame builder only
format them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from soc2parse._errors import Soc2ParseError
from soc2parse._model import ControlException, ControlsStatus, Report
from soc2parse.review.columns import REVIEW_COLUMNS, review_facts
from soc2parse.review.exceptions import worst_ratio
from soc2parse.review.flags import ReviewFlag

__all__ = ["EXCEPTION_COLUMNS", "REPORT_COLUMNS", "exception_rows", "report_row", "worst_ratio"]

Row = dict[str, Any]

REPORT_COLUMNS: tuple[str, ...] = (
    "file",
    "status",
    "error_type",
    "error",
    "sha256",
    "page_count",
    "framework",
    "report_type",
    "opinion",
    "opinion_page",
    "period_start",
    "period_end",
    "report_date",
    "service_organization",
    "service_auditor",
    "categories",
    "control_count",
    "exception_count",
    "controls_status",
    "subservice_organizations",
    "warning_count",
    "warnings",
    *REVIEW_COLUMNS,
)

EXCEPTION_COLUMNS: tuple[str, ...] = (
    "file",
    "sha256",
    "service_organization",
    "control_id",
    "criteria",
    "description",
    "finding",
    "ratios",
    "deviations",
    "sample_size",
    "rate",
    "management_response",
    "page",
)


def report_row(
    name: str,
    report: Report | None,
    error: Soc2ParseError | None = None,
    *,
    as_of: date | None = None,
    flags: tuple[ReviewFlag, ...] | None = None,
) -> Row:
    """One row for a report, or for a file that failed (``report`` None, ``error`` set).

    Args:
        name: the file's name, for the ``file`` column.
        report: the report, None for a file that failed.
        error: why the file failed.
        as_of: the day the review facts (report age, bridge letter, flags) are measured on;
            today when None.
        flags: the report's review flags on ``as_of``, when already computed.
    """
    row: Row = dict.fromkeys(REPORT_COLUMNS)
    row["file"] = name
    if report is None:
        row["status"] = "failed"
        if error is not None:
            row["error_type"] = type(error).__name__
            row["error"] = error.reason
        return row
    period = report.period
    evidence = report.opinion.evidence
    # Counts only where controls were read: an unread or absent tests section is unknown
    # (empty in CSV, <NA> in frames), never 0; "partial" counts stand with a warning.
    counted = report.controls_status in (ControlsStatus.COMPLETE, ControlsStatus.PARTIAL)
    row.update(
        status="parsed",
        sha256=report.sha256,
        page_count=report.page_count,
        framework=report.framework.value,
        report_type=report.report_type.value,
        opinion=report.opinion.kind.value,
        opinion_page=evidence.page if evidence else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        report_date=report.report_date,
        service_organization=report.service_organization,
        service_auditor=report.service_auditor,
        categories=tuple(c.value for c in report.categories),
        control_count=len(report.controls) if counted else None,
        exception_count=report.exception_count if counted else None,
        controls_status=report.controls_status.value,
        subservice_organizations=tuple(s.name for s in report.subservice_organizations),
        warning_count=len(report.warnings),
        warnings=report.warnings,
    )
    facts = review_facts(report, as_of, flags)
    row.update({column: getattr(facts, column) for column in REVIEW_COLUMNS})
    return row


def exception_rows(name: str, report: Report) -> list[Row]:
    """One row per exception in ``report``.

    ``deviations``, ``sample_size`` and ``rate`` come from the exception's worst
    ratio (the highest rate); ``ratios`` lists every ratio as written.
    """
    rows: list[Row] = []
    for item in report.exceptions:
        rows.append(_exception_row(name, report, item))
    return rows


def _exception_row(name: str, report: Report, item: ControlException) -> Row:
    worst = worst_ratio(item.ratios)
    return {
        "file": name,
        "sha256": report.sha256,
        "service_organization": report.service_organization,
        "control_id": item.control_id,
        "criteria": item.criteria,
        "description": item.description,
        "finding": item.finding,
        "ratios": tuple(r.text for r in item.ratios),
        "deviations": worst.count if worst else None,
        "sample_size": worst.total if worst else None,
        "rate": worst.rate if worst else None,
        "management_response": item.management_response,
        "page": item.evidence.page,
    }


def plain(value: Any, separator: str = "; ") -> str:
    """A cell's text: dates as ISO, tuples joined, None as empty, rates to 4 places.

    >>> plain(("security", "availability"))
    'security; availability'
    >>> plain(0.12), plain(None), plain(date(2025, 1, 31))
    ('0.12', '', '2025-01-31')
    """
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return separator.join(plain(v, separator) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)
