"""Grid tables: a control table with a column per role, read row by row.

The table stage (``controls.table``) hands over each row band of a control table
as a :class:`~soc2parse.controls.items.TableRow`, its cells by role (id, criteria,
description, tests, result, response). ``read_row`` takes one row:

- a group row (spanning the columns, or a criterion in the first cell with the
  others empty, or in the table's own columns) sets the criteria of the rows below;
- a row whose id names a control already read, with no description, belongs to a
  separate list of exceptions: its text is that control's finding;
- an untested complementary subservice organization (or user entity) control row
  is dropped;
- a row with an id opens a control (the id from the id column, or opening the
  description cell); a row without one continues the open control, and a result
  cell split by a page break or a row gap goes on with the step's result.

A control row whose result cell is merged with its tests cell spans the columns
like a group row; ``_unmerge_result`` gives it back its result first.
"""

from __future__ import annotations

import attrs
import regex

from soc2parse.controls.common import (
    COMPLEMENTARY_ID,
    GROUP,
    STEP_START,
    TRIM,
    Draft,
    Reading,
    criteria_in,
    looks_like_control_id,
    spaced_id,
)
from soc2parse.controls.items import TableRow, join_lines
from soc2parse.controls.responses import is_response_heading, response_note
from soc2parse.controls.results import ResultKind, classify_result
from soc2parse.text.rules import wording

__all__ = ["read_row"]


def read_row(reading: Reading, item: TableRow) -> None:
    """Take one row of a grid table into ``reading``."""
    row = _unmerge_result(item, has_current=reading.current is not None)
    current = reading.current
    if (
        row.spanning
        and current is not None
        and (_take_test_row(current, row) or _take_response_rows(reading, row))
    ):
        return
    reading.responding = False
    first_text = row.cells[0][1] if row.cells else ""
    group_text = row.text if row.spanning or _criterion_row(row) else first_text
    others_empty = all(not text for _, text in row.cells[1:])
    if row.spanning or (others_empty and GROUP.match(first_text)) or _criterion_row(row):
        reading.group(group_text)
        return
    control_id, description = _row_id(row)
    known = reading.by_id.get(control_id.casefold()) if control_id else None
    if known is not None and not description and known.description:
        # A separate list of exceptions ("Control # | Exception | Management's
        # Response") names controls already read: its text is their finding.
        _add_listed_finding(known, row)
        reading.current = None
        return
    if control_id is not None and _complementary(row, control_id, description):
        # Expected of a subservice organization or of user entities: not a control
        # of the service organization, not counted.
        reading.current = None
        return
    if control_id is not None:
        current = reading.open(
            control_id, criteria_in(row.cell_all("criteria")) or reading.criteria
        )
    elif reading.current is None:
        reading.skipped.append(row)
        return
    else:
        current = reading.current
    current.add_page(row.page)
    if description:
        current.description.append(description)
    tests, result = _tests_and_result(row)
    if tests:
        current.tests.append(tests)
    if result and control_id is None and current.results:
        last_text, last_page = current.results[-1]
        # A new step on the next page: its tests cell opens with a step number
        # and the last result ended its sentence.
        new_step = bool(STEP_START.match(tests)) and last_text.rstrip().endswith(".")
        if (last_page != row.page and not new_step) or result[:1].islower():
            # A cell split by a page break or a row gap: the same step's result
            # continues (a new result opens with a capital or a step number).
            current.results[-1] = (join_lines((last_text, result)), last_page)
            return
    if result:
        current.results.append((result, row.page))


def _take_response_rows(reading: Reading, row: TableRow) -> bool:
    """A box under a control's rows headed "Management Response", and the rows of text in
    it: the response of the control above (its notes, read as its response)."""
    current = reading.current
    if current is None:
        return False
    if is_response_heading(row.text):
        current.notes.append((response_note(row.text), row.page))
        reading.responding = True
        return True
    if reading.responding and not GROUP.match(row.text):
        current.notes.append((row.text, row.page))
        return True
    return False


def _take_test_row(current: Draft, row: TableRow) -> bool:
    """A row across the table under a control's row that tells its test and result
    ("Test: Inspected ... Result: No exceptions noted."): the control's tests and result.

    >>> draft = Draft("C-1", ())
    >>> row = TableRow(3, 0.0, (("id", "Test: Inspected tickets. Result: No exceptions noted."),),
    ...                True, "Test: Inspected tickets. Result: No exceptions noted.")
    >>> _take_test_row(draft, row), draft.tests, draft.results
    (True, ['Inspected tickets.'], [('No exceptions noted.', 3)])
    """
    opened = _TEST_LABEL.match(row.text)
    if opened is None:
        return False
    text = " ".join(row.text[opened.end() :].split())
    label = _RESULT_LABEL.search(text)
    if label is None:
        current.tests.append(text)
        return True
    current.tests.append(text[: label.start()].strip())
    current.results.append((text[label.end() :].strip(), row.page))
    current.add_page(row.page)
    return True


# A row that opens with the test's label: "Test:", "Tests performed:", "Testing procedure:".
_TEST_LABEL = regex.compile(
    r"^\s*(?:tests?|testing)(?:\s+(?:performed|procedures?|applied))?\s*:\s*", regex.IGNORECASE
)


def _tests_and_result(row: TableRow) -> tuple[str, str]:
    """The row's tests and result. A table with one "Tests Performed and Results" column
    (no tests column) prints the tests and then "Result: ..." in one cell: the cell is
    parted at its first result label.

    >>> cells = (("id", "QA-1"), ("result", "Inspected a sample. Result: No exceptions noted."))
    >>> _tests_and_result(TableRow(1, 0.0, cells, False, ""))
    ('Inspected a sample.', 'No exceptions noted.')
    """
    tests, result = row.cell_all("tests"), row.cell_all("result")
    if tests or not result or any(role == "tests" for role, _ in row.cells):
        return tests, result
    label = _RESULT_LABEL.search(result)
    if label is None or label.start() == 0:
        return tests, result
    return result[: label.start()].strip(), result[label.end() :].strip()


# A result label inside a cell, after the tests: "... inspected the tickets. Result: No
# exceptions noted.", "... Test results: Exception noted."
_RESULT_LABEL = regex.compile(r"(?<=[.;:)]\s)(?:test\s+)?results?\s*:\s*", regex.IGNORECASE)


# An id at the start of a description cell (no id column): stricter, a bare number is not one.
_LEADING_ID = regex.compile(
    r"""^(?:
        [A-Z][A-Z0-9]{0,8}(?:[-_.][A-Z][A-Z0-9]{0,8})*(?:[-_.]?\d+)(?:[-_.]\d+)*[a-z]?
      | \d{1,3}(?:\.\d{1,3})+[a-z]?
      | \d{1,3}\.?\d{0,3}[a-z]
    )$""",
    regex.VERBOSE,
)


# A complementary control's description: "AWS is expected to ...", "Subservice providers
# are expected to ...", "User entities are expected to ...".
_EXPECTED_OF = wording("controls", "expected-of")


_RESULT_KINDS = (ResultKind.EXCEPTION, ResultKind.NO_EXCEPTION, ResultKind.NOT_TESTED)


def _unmerge_result(row: TableRow, *, has_current: bool) -> TableRow:
    """A control row whose result cell is merged with its tests cell ("Not tested. No
    emergency changes occurred during the period." across both) spans the columns like
    a criterion row; it is a control row, its merged text the result."""
    if not row.spanning or GROUP.match(row.text) or _criterion_row(row):
        return row
    merged = _merged_cell(row, ("tests", "result"))
    if classify_result(merged).kind not in _RESULT_KINDS:
        merged = join_lines((row.cell_all("tests"), row.cell_all("result")))
        if classify_result(merged).kind not in _RESULT_KINDS:
            return row
    if classify_result(row.cell_all("result")).kind in _RESULT_KINDS and not _crosses(
        row, "tests", "result"
    ):
        return row  # a result of its own: the tests cell is no part of it
    if _row_id(row)[0] is None and not has_current:
        return row
    cells = tuple(
        (role, merged if role == "result" else "" if role == "tests" else text)
        for role, text in row.cells
    )
    if not any(role == "result" for role, _ in cells):
        return row
    return attrs.evolve(row, cells=cells, spanning=False)


def _merged_cell(row: TableRow, roles: tuple[str, ...]) -> str:
    """The text of one cell merged across the columns of ``roles``, line by line.

    Each line's words fall into the columns under them; read line by line they give the
    merged cell's sentence in order ("No testing performed: no security incidents |
    occurred during the examination" / "period."), where the columns' own texts, joined
    one after the other, would not.
    """
    if not row.line_cells:
        return join_lines(row.cell_all(role) for role in roles)
    wanted = [i for i, (role, _) in enumerate(row.cells) if role in roles]
    return join_lines(
        " ".join(line[i] for i in wanted if i < len(line) and line[i]) for line in row.line_cells
    )


def _crosses(row: TableRow, left: str, right: str) -> bool:
    """True when the row's text runs from a ``left`` column straight into the ``right``
    column next to it: one cell merged across both."""
    roles = [role for role, _ in row.cells]
    return any(
        roles[i] == left and roles[i + 1] == right for i in row.crossed if i + 1 < len(roles)
    )


def _complementary(row: TableRow, control_id: str, description: str) -> bool:
    """A complementary subservice organization (or user entity) control row.

    Only rows the service auditor did not test are dropped: rows without tests or
    results, or, for an id of their own ("CSOC-1"), rows whose result says they were not
    tested or that name them complementary ("Not tested. Complementary subservice
    organization control."). A tested row ("Employees are expected to ...") is a
    control of its own.
    """
    tests, result = row.cell_all("tests"), row.cell_all("result")
    untested = not tests and not result
    if COMPLEMENTARY_ID.match(control_id):
        return (
            untested
            or classify_result(result).kind is ResultKind.NOT_TESTED
            or "complementary" in row.text.casefold()
        )
    if not untested:
        return False
    # In a Type 1 table (no tests column) every row is untested: the wording alone is
    # not enough there.
    tested_table = any(role in ("tests", "result") for role, _ in row.cells)
    return tested_table and _EXPECTED_OF.match(description) is not None


def _criterion_row(row: TableRow) -> bool:
    """A criterion row in the table's own columns: "CC6.1 | The entity implements ... | | ".

    Only when the table has test or result columns and they are empty here; a Type 1
    table may number its controls like criteria.
    """
    roles = {role for role, _ in row.cells}
    if not roles & {"tests", "result"} or row.cell_all("tests") or row.cell_all("result"):
        return False
    first = row.cells[0][1].strip() if row.cells else ""
    return bool(first) and criteria_in(first) == (first.strip(TRIM).upper(),)


def _add_listed_finding(draft: Draft, row: TableRow) -> None:
    """A row of a separate list of exceptions: its finding and response become notes."""
    finding = join_lines(text for role, text in row.cells if role in ("result", "tests") and text)
    response = row.cell_all("response")
    if finding:
        draft.notes.append((finding, row.page))
    if response:
        draft.notes.append((f"Management's Response: {response}", row.page))
    draft.add_page(row.page)


def _row_id(row: TableRow) -> tuple[str | None, str]:
    """The control id a row opens with, and its description without the id."""
    description = row.cell_all("description")
    id_cells = [text for role, text in row.cells if role == "id"]
    if id_cells:
        # A list of exceptions may number its rows in a column of its own ("Ref." holding
        # "Exception 1") beside the control's: the first id cell holding an id.
        for id_cell in id_cells:
            words = id_cell.split()
            if words and looks_like_control_id(words[0]):
                return words[0].strip(TRIM), description
            if len(words) >= 2 and words[0].casefold() == "control":
                # "Control 12" in the id column: the id as printed.
                number = words[1].strip(TRIM)
                if looks_like_control_id(number):
                    return f"{words[0]} {number}", description
            spaced = spaced_id(words)
            if spaced is not None:
                return spaced, description
        return None, description
    words = description.split()
    if words and _LEADING_ID.match(words[0].strip(TRIM)):
        return words[0].strip(TRIM), " ".join(words[1:])
    return None, description
