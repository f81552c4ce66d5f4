"""The batch workbook: one ``.xlsx`` with a sheet per table, for ``soc2parse batch --out x.xlsx``.

Sheets: ``reports`` (one row per file, failed files included, with the
review facts of the CSV: age, bridge letter, flags, CUEC count, carve-outs),
``exceptions`` (with area and deviation rate), ``controls``, ``subservice
organizations``, ``CUECs``, ``flags``, and ``summary``: the subservice
organizations most vendors rely on, since concentration on one cloud provider
is a risk reviewers track.

Report text comes from untrusted PDFs: characters a workbook cannot hold are
dropped first, and every text cell is then written with an explicit string type
(``t="s"``), so that no cell of ours is ever a formula, whatever it starts with.
Such a cell needs no escaping apostrophe (which would show as text). Needs
``openpyxl`` (the ``xlsx`` extra).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import IO, Any

import regex

from soc2parse._errors import Soc2ParseError
from soc2parse._model import Report
from soc2parse.outputs.rows import (
    EXCEPTION_COLUMNS,
    REPORT_COLUMNS,
    Row,
    exception_rows,
    plain,
    report_row,
)
from soc2parse.review.compare import organization_keys
from soc2parse.review.exceptions import deviation_rate, exception_areas
from soc2parse.review.flags import review_flags

__all__ = ["SHEETS", "Workbook", "concentration", "missing_openpyxl"]

REPORTS_COLUMNS = REPORT_COLUMNS
EXCEPTIONS_COLUMNS = (*EXCEPTION_COLUMNS[:5], "areas", *EXCEPTION_COLUMNS[5:], "deviation_rate")
CONTROL_COLUMNS = (
    "file",
    "service_organization",
    "control_id",
    "criteria",
    "description",
    "tests",
    "result",
    "has_exception",
    "pages",
)
SUBSERVICE_COLUMNS = ("file", "service_organization", "name", "services", "method")
CUEC_COLUMNS = ("file", "service_organization", "number", "cuec")
FLAG_COLUMNS = ("file", "service_organization", "code", "message", "page", "evidence")
SUMMARY_COLUMNS = ("subservice_organization", "vendors", "share_of_vendors", "methods", "names")

#: Sheet names and their columns, in workbook order.
SHEETS: dict[str, tuple[str, ...]] = {
    "reports": REPORTS_COLUMNS,
    "exceptions": EXCEPTIONS_COLUMNS,
    "controls": CONTROL_COLUMNS,
    "subservice organizations": SUBSERVICE_COLUMNS,
    "CUECs": CUEC_COLUMNS,
    "flags": FLAG_COLUMNS,
    "summary": SUMMARY_COLUMNS,
}

# Characters XML 1.0 (hence a workbook) cannot hold: C0 controls other than tab and newlines.
_ILLEGAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CELL_LIMIT = 32767  # the most characters a cell holds
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def missing_openpyxl() -> str | None:
    """None when openpyxl can be imported, else what to install."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return "writing .xlsx needs openpyxl: pip install 'soc2parse[xlsx]'"
    return None


def _cell(value: Any, column: str) -> Any:
    """A value as a workbook cell: numbers, booleans and dates kept, text cleaned.

    Text is stripped of what a workbook cannot hold; :meth:`Workbook.save` writes it with
    an explicit string type, so that it is never read as a formula.
    """
    if value is None or isinstance(value, (bool, int, float, date)):
        return value
    separator = " | " if column == "warnings" else "; "
    text = _ILLEGAL.sub("", plain(value, separator))
    if len(text) > _CELL_LIMIT:
        text = text[: _CELL_LIMIT - 1] + "…"
    return text


class Workbook:
    """The batch's tables, gathered row by row and written as one workbook by :meth:`save`.

    Args:
        as_of: the day report ages and stale/bridge-letter flags are measured on
            (default today).
    """

    def __init__(self, as_of: date | None = None) -> None:
        self.as_of = as_of or date.today()
        self.rows: dict[str, list[Row]] = {name: [] for name in SHEETS}
        # Per vendor (organization, else file): the subservice organizations it names.
        self._vendors: dict[str, list[tuple[str, str | None]]] = {}

    def add(self, name: str, report: Report | None, error: Soc2ParseError | None = None) -> None:
        """Add one file's rows: its report's, or a failed row when ``report`` is None."""
        if report is None:
            self.rows["reports"].append(report_row(name, report, error))
            return
        flags = review_flags(report, self.as_of)
        self.rows["reports"].append(report_row(name, report, as_of=self.as_of, flags=flags))
        organization = report.service_organization
        for item, exception in zip(exception_rows(name, report), report.exceptions, strict=True):
            item.update(
                areas=exception_areas(exception) or ("unknown",),
                deviation_rate=deviation_rate(exception),
            )
            self.rows["exceptions"].append(item)
        for control in report.controls:
            self.rows["controls"].append(
                {
                    "file": name,
                    "service_organization": organization,
                    "control_id": control.control_id,
                    "criteria": control.criteria,
                    "description": control.description,
                    "tests": control.tests,
                    "result": control.result,
                    "has_exception": control.has_exception,
                    "pages": control.pages,
                }
            )
        for org in report.subservice_organizations:
            self.rows["subservice organizations"].append(
                {
                    "file": name,
                    "service_organization": organization,
                    "name": org.name,
                    "services": org.services,
                    "method": org.method,
                }
            )
        for number, cuec in enumerate(report.cuecs, 1):
            self.rows["CUECs"].append(
                {"file": name, "service_organization": organization, "number": number, "cuec": cuec}
            )
        for flag in flags:
            evidence = flag.evidence
            self.rows["flags"].append(
                {
                    "file": name,
                    "service_organization": organization,
                    "code": flag.code,
                    "message": flag.message,
                    "page": evidence.page if evidence else None,
                    "evidence": evidence.text if evidence else None,
                }
            )
        vendor = _vendor_key(organization) or f"file:{name}"
        named = self._vendors.setdefault(vendor, [])
        named += [(org.name, org.method) for org in report.subservice_organizations]

    def summary_rows(self) -> list[Row]:
        """The subservice organizations by how many vendors name them, most first."""
        return concentration(self._vendors)

    def save(self, file: IO[bytes]) -> None:
        """Write the workbook to a binary file open for writing."""
        from openpyxl import Workbook as Book
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        self.rows["summary"] = self.summary_rows()
        book = Book()
        assert book.active is not None
        book.remove(book.active)
        for title, columns in SHEETS.items():
            sheet = book.create_sheet(title)
            sheet.append(list(columns))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            widths = [len(c) for c in columns]
            for row in self.rows[title]:
                values = [_cell(row.get(c), c) for c in columns]
                sheet.append(values)
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str):
                        # openpyxl guesses "=..." is a formula: never for report text.
                        cell.data_type = "s"
                for i, value in enumerate(values):
                    widths[i] = max(widths[i], _width(value))
            for i, width in enumerate(widths, 1):
                letter = get_column_letter(i)
                sheet.column_dimensions[letter].width = min(_MAX_WIDTH, max(_MIN_WIDTH, width + 2))
                if width > _MAX_WIDTH:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
            for i, column in enumerate(columns, 1):
                if column in _FORMATS:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = _FORMATS[column]
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
        # Saved to memory first: openpyxl's zip writer seeks, and the target may not.
        buffer = io.BytesIO()
        book.save(buffer)
        file.write(buffer.getvalue())


_FORMATS = {
    "period_start": "yyyy-mm-dd",
    "period_end": "yyyy-mm-dd",
    "report_date": "yyyy-mm-dd",
    "bridge_letter_from": "yyyy-mm-dd",
    "rate": "0.0%",
    "deviation_rate": "0.0%",
    "share_of_vendors": "0%",
}


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return len(str(value))


def _vendor_key(name: str | None) -> str | None:
    if not name:
        return None
    keys = organization_keys(name)
    return min(keys, key=len) if keys else None


def concentration(vendors: dict[str, list[tuple[str, str | None]]]) -> list[Row]:
    """How many vendors name each subservice organization, most first.

    Names are grouped by :func:`soc2parse.review.compare.organization_keys`, so "Amazon Web
    Services, Inc. (AWS)" and "AWS" count as one; the most frequent spelling names the
    group.

    Args:
        vendors: per vendor, the (name, method) of each subservice organization it names.
    """
    groups: list[set[str]] = []
    names: list[Counter[str]] = []
    methods: list[Counter[str]] = []
    members: list[set[str]] = []
    for vendor, orgs in vendors.items():
        for org_name, method in orgs:
            keys = organization_keys(org_name) or {org_name.casefold()}
            index = next((i for i, g in enumerate(groups) if g & keys), None)
            if index is None:
                groups.append(set(keys))
                names.append(Counter())
                methods.append(Counter())
                members.append(set())
                index = len(groups) - 1
            groups[index] |= keys
            names[index][org_name] += 1
            methods[index][method or "unknown"] += 1
            members[index].add(vendor)
    total = len(vendors)
    rows: list[Row] = [
        {
            "subservice_organization": names[i].most_common(1)[0][0],
            "vendors": len(members[i]),
            "share_of_vendors": len(members[i]) / total if total else None,
            "methods": _counts(methods[i]),
            "names": tuple(sorted(names[i])),
        }
        for i in range(len(groups))
    ]
    rows.sort(key=lambda r: (-r["vendors"], str(r["subservice_organization"]).casefold()))
    return rows


def _counts(counter: Counter[str]) -> tuple[str, ...]:
    return tuple(f"{key} {count}" for key, count in sorted(counter.items()))
