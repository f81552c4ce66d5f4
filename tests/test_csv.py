"""Output safety: no CSV cell becomes a spreadsheet formula; outputs appear whole or not at all."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse import ControlException, Evidence, Opinion, Report, SampleRatio
from soc2parse.outputs.csvfile import AtomicFile, CsvTable, escape_cell
from soc2parse.outputs.rows import EXCEPTION_COLUMNS, REPORT_COLUMNS, exception_rows, report_row

import strategies

# What spreadsheets read as the start of a formula (after optional blanks).
DANGEROUS = tuple("=+-@\t\r\n＝＋－＠")


@attrs.frozen
class EscapeCase:
    text: str
    escaped: bool


ESCAPE_CASES = [
    EscapeCase("=1+1", True),
    EscapeCase("+1", True),
    EscapeCase("-1", True),
    EscapeCase("@SUM(A1:A2)", True),
    EscapeCase("\t=1", True),
    EscapeCase("\r=1", True),
    EscapeCase("=cmd|' /C calc'!A0", True),
    EscapeCase('=HYPERLINK("http://evil.example","click")', True),
    EscapeCase("   =1+1", True),
    EscapeCase("\u00a0=1", True),
    EscapeCase("＝1+1", True),
    EscapeCase("CC6.1", False),
    EscapeCase("3 of 25", False),
    EscapeCase("a=b", False),
    EscapeCase("", False),
    EscapeCase("   ", False),
    EscapeCase("'=already quoted", False),
]


@pytest.mark.parametrize("case", ESCAPE_CASES, ids=[repr(c.text) for c in ESCAPE_CASES])
def test_escape_cell(case: EscapeCase) -> None:
    result = escape_cell(case.text)
    assert result == ("'" + case.text if case.escaped else case.text)


def is_number(cell: str) -> bool:
    return re.fullmatch(r"-?\d+(?:\.\d+)?", cell) is not None


def starts_like_a_formula(cell: str) -> bool:
    return cell.lstrip(" \u00a0\u3000").startswith(DANGEROUS)


@given(st.text())
def test_no_escaped_cell_starts_like_a_formula(text: str) -> None:
    result = escape_cell(text)
    assert not starts_like_a_formula(result)
    assert result in (text, "'" + text)


hostile_texts = st.sampled_from(DANGEROUS).flatmap(
    lambda start: st.text(max_size=20).map(lambda rest: start + rest)
)


@st.composite
def hostile_reports(draw: st.DrawFn) -> Report:
    """Reports whose every text field starts like a formula."""
    text = lambda: draw(hostile_texts)  # noqa: E731
    item = ControlException(
        control_id=text(),
        criteria=(text(),),
        description=text(),
        finding=text(),
        ratios=(SampleRatio(1, 2, text()),),
        management_response=text(),
        evidence=Evidence(1, text()),
    )
    return attrs.evolve(
        draw(strategies.reports),
        source=text(),
        service_organization=text(),
        service_auditor=text(),
        opinion=Opinion("qualified", basis=text(), evidence=Evidence(2, text())),
        exceptions=(item,),
        warnings=(text(), text()),
    )


@settings(max_examples=60, deadline=None)
@given(hostile_reports())
def test_hostile_text_in_every_field_never_reaches_a_cell_unescaped(report: Report) -> None:
    buffer = io.StringIO()
    table = CsvTable(buffer, REPORT_COLUMNS)
    table.write(report_row(report.source or "", report))
    exceptions = CsvTable(buffer, EXCEPTION_COLUMNS)
    for row in exception_rows(report.source or "", report):
        exceptions.write(row)
    cells = [cell for row in csv.reader(io.StringIO(buffer.getvalue())) for cell in row]
    assert cells
    # Our own numbers may be negative (the age of a report whose period ends later): a
    # spreadsheet reads "-28" as the number it is.
    assert not [cell for cell in cells if starts_like_a_formula(cell) and not is_number(cell)]
    for value in (report.service_organization, report.service_auditor, report.source):
        assert "'" + str(value) in cells


def test_numbers_are_written_plainly() -> None:
    buffer = io.StringIO()
    CsvTable(buffer, ("n", "rate", "missing")).write({"n": 3, "rate": 0.125, "missing": None})
    assert buffer.getvalue().splitlines() == ["n,rate,missing", "3,0.125,"]


# --- atomic files -----------------------------------------------------------------------


def test_atomic_file_appears_only_when_committed(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    output = AtomicFile(target)
    output.file.write("new")
    output.file.flush()
    assert target.read_text() == "old"
    (partial,) = tmp_path.glob(".out.csv.*.partial")
    output.commit()
    assert target.read_text() == "new"
    assert not partial.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_file_discarded_on_error_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def write_half() -> None:
        with AtomicFile(target) as output:
            output.file.write("half")
            raise RuntimeError("killed halfway")

    with pytest.raises(RuntimeError):
        write_half()
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        with AtomicFile(tmp_path / "out.csv") as output:
            output.file.write("x")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644


def test_atomic_file_in_a_missing_folder_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        AtomicFile(tmp_path / "missing" / "out.csv")
