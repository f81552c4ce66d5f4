"""pandas DataFrames of reports and exceptions (the optional ``pandas`` extra).

pandas is imported only when a frame is asked for, so ``import soc2parse``
never needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from soc2parse._model import Report
from soc2parse._outcome import Outcome
from soc2parse.outputs.rows import (
    EXCEPTION_COLUMNS,
    REPORT_COLUMNS,
    Row,
    exception_rows,
    report_row,
)

__all__ = ["exceptions_frame", "to_frame"]

_DATE_COLUMNS = ("period_start", "period_end", "report_date", "bridge_letter_from")
_BOOL_COLUMNS = ("bridge_letter_due", "stale", "counts_uncertain")
_COUNT_COLUMNS = (
    "page_count",
    "report_age_days",
    "flag_count",
    "cuec_count",
    "opinion_page",
    "control_count",
    "exception_count",
    "warning_count",
    "deviations",
    "sample_size",
    "page",
)


def to_frame(reports: Iterable[Report | Outcome], *, as_of: date | None = None) -> Any:
    """One row per report: file, opinion, period, parties, counts, warnings, review facts.

    Args:
        reports: reports, or the outcomes of :func:`soc2parse.load_many` (a
            failed file becomes a row with ``status`` ``"failed"`` and its
            ``error_type`` and ``error``).
        as_of: the day report age, bridge letters and flags are measured on; today when None.

    Returns:
        A ``pandas.DataFrame`` with the columns of the batch command's CSV:
        dates as ``datetime64``, counts as nullable integers, yes/no facts
        (``bridge_letter_due``, ``stale``, ``counts_uncertain``) as nullable
        booleans, multi-valued cells (``categories``, ``flags``, ``carve_outs``,
        ``warnings``...) as tuples. Unknown values are missing (``<NA>``), never 0.

    Raises:
        ModuleNotFoundError: pandas is not installed (``pip install 'soc2parse[pandas]'``).

    Example::

        df = soc2parse.to_frame(soc2parse.load_many(paths))
        df[df.opinion != "unqualified"]
    """
    rows: list[Row] = []
    for item in reports:
        if isinstance(item, Outcome):
            rows.append(report_row(item.name, item.report, item.error, as_of=as_of))
        elif isinstance(item, Report):
            rows.append(report_row(_name(item), item, as_of=as_of))
        else:
            raise TypeError(f"to_frame takes reports or outcomes, not {type(item).__name__}")
    return _frame(rows, REPORT_COLUMNS)


def exceptions_frame(report: Report) -> Any:
    """One row per exception of ``report``, with its ratios and management's response.

    ``deviations``, ``sample_size`` and ``rate`` come from the exception's
    highest-rate ratio; ``ratios`` holds every ratio as written. ``file`` and
    ``sha256`` let frames of many reports be concatenated.

    Raises:
        ModuleNotFoundError: pandas is not installed (``pip install 'soc2parse[pandas]'``).
    """
    return _frame(exception_rows(_name(report), report), EXCEPTION_COLUMNS)


def _name(report: Report) -> str:
    return report.source or f"<pdf sha256:{report.sha256[:12]}>"


def _frame(rows: list[Row], columns: tuple[str, ...]) -> Any:
    pandas = _pandas()
    frame = pandas.DataFrame(rows, columns=list(columns))
    for column in _DATE_COLUMNS:
        if column in frame:
            frame[column] = pandas.to_datetime(frame[column])
    for column in _COUNT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in _BOOL_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("boolean")
    if "rate" in frame:
        frame["rate"] = frame["rate"].astype("Float64")
    return frame


def _pandas() -> Any:
    try:
        # import_module keeps mypy from needing pandas (or its stubs) where it checks.
        pandas = importlib.import_module("pandas")
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "DataFrames need pandas: pip install 'soc2parse[pandas]'", name="pandas"
        ) from error
    return pandas
