"""Table rebuilding: header labels, ruled and whitespace tables, group rows, page breaks."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import pytest

from soc2parse._pages import Page, Rule
from soc2parse.controls.borders import joint_xs
from soc2parse.controls.header import column_role, find_header
from soc2parse.controls.items import TableRow, TextLine
from soc2parse.controls.table import pages_to_items
from tablebuild import Text, table_page


@attrs.frozen
class LabelCase:
    label: str
    role: str


LABELS = [
    LabelCase("Control #", "id"),
    LabelCase("Control No.", "id"),
    LabelCase("Control Number", "id"),
    LabelCase("Ref", "id"),
    LabelCase("Ref.", "id"),
    LabelCase("Control ID", "id"),
    LabelCase("Controls Specified by Acme Cloud", "description"),
    LabelCase("Control Activity", "description"),
    LabelCase("Control Activity Specified by the Service Organization", "description"),
    LabelCase("Description of Controls", "description"),
    LabelCase("Tests Performed by the Service Auditor", "tests"),
    LabelCase("Testing Performed", "tests"),
    LabelCase("Test Applied by the Service Auditor", "tests"),
    LabelCase("Test Procedures", "tests"),
    LabelCase("Results of Tests", "result"),
    LabelCase("Test Results", "result"),
    LabelCase("Results", "result"),
    LabelCase("Exceptions Noted", "result"),
    LabelCase("Exception Detail", "result"),
    LabelCase("Exception Details", "result"),
    LabelCase("Deviation Description", "result"),
    LabelCase("Exceptions Noted Detail", "result"),
    LabelCase("Description of Exception", "result"),
    LabelCase("Details of the Deviations", "result"),
    LabelCase("Exception Handling", "other"),
    LabelCase("Criteria", "criteria"),
    LabelCase("Trust Services Criteria", "criteria"),
    LabelCase("Service Organization", "other"),
    LabelCase("Management's Response", "response"),
    # Other firms' result labels.
    LabelCase("Exceptions Noted?", "result"),
    LabelCase("Outcome", "result"),
    LabelCase("Test Outcome", "result"),
    LabelCase("Conclusion", "result"),
    LabelCase("Auditor Conclusion", "result"),
    LabelCase("Findings", "result"),
    # Columns the contract has no field for: not the control's description.
    LabelCase("Control Owner", "other"),
    LabelCase("Owner", "other"),
    LabelCase("Frequency", "other"),
    LabelCase("Control Frequency", "other"),
    LabelCase("Control Type", "other"),
    LabelCase("Responsible Party", "other"),
    LabelCase("Control Description", "description"),
    LabelCase("Description of Control", "description"),
]


@pytest.mark.parametrize("case", LABELS, ids=lambda c: c.label)
def test_column_role(case: LabelCase) -> None:
    assert column_role(case.label) == case.role


HEADER = ("Control #", "Control Activity", "Tests Performed", "Test Results")
ROW_1 = (
    "CC6.1.1",
    "Access to production is approved by the system owner before provisioning.",
    "Inspected access tickets for a sample of 25 new users.",
    "No exceptions noted.",
)
ROW_2 = (
    "CC6.1.2",
    "User access is reviewed quarterly.",
    "Inspected reviews for a sample of 4 quarters.",
    "Exception noted: For 1 of 4 quarters the review was late.",
)


def rows_of(items: tuple[object, ...]) -> list[TableRow]:
    return [i for i in items if isinstance(i, TableRow)]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
def test_four_column_table(ruled: bool) -> None:
    page = table_page(1, HEADER, [ROW_1, ROW_2], ruled=ruled)
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows] == ["CC6.1.1", "CC6.1.2"]
    assert rows[0].cell("description") == ROW_1[1]
    assert rows[0].cell("tests") == ROW_1[2]
    assert rows[1].cell("result") == ROW_2[3]
    assert not any(r.spanning for r in rows)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
def test_group_row_spans_the_columns(ruled: bool) -> None:
    group = Text(
        "CC6.1 - The entity implements logical access security software, infrastructure, "
        "and architectures over protected information assets.",
        bold=True,
    )
    page = table_page(1, HEADER, [group, ROW_1], ruled=ruled)
    rows = rows_of(pages_to_items([page]))
    assert rows[0].spanning
    assert rows[0].text.startswith("CC6.1 - The entity")
    assert rows[1].cell("id") == "CC6.1.1"


def test_wrapped_header_is_one_row() -> None:
    header = (
        "Control #",
        "Control Activity Specified by the Service Organization",
        "Tests Performed by the Service Auditor",
        "Results of Tests",
    )
    page = table_page(1, header, [ROW_1], widths=(70, 120, 120, 80))
    found = find_header(page)
    assert found is not None
    assert [c.role for c in found.columns] == ["id", "description", "tests", "result"]
    assert rows_of(pages_to_items([page]))[0].cell("id") == "CC6.1.1"


def test_rows_continue_across_pages_under_a_repeated_header() -> None:
    first = table_page(1, HEADER, [ROW_1])
    second = table_page(2, HEADER, [("", "", "Inspected the access policy.", ""), ROW_2])
    rows = rows_of(pages_to_items([first, second]))
    assert [r.cell("id") for r in rows] == ["CC6.1.1", "", "CC6.1.2"]
    assert rows[1].page == 2


def test_page_without_header_continues_the_previous_table() -> None:
    first = table_page(1, HEADER, [ROW_1])
    second = table_page(2, None, [ROW_2])
    rows = rows_of(pages_to_items([first, second]))
    assert [r.cell("id") for r in rows] == ["CC6.1.1", "CC6.1.2"]


def test_landscape_page() -> None:
    page = table_page(1, HEADER, [ROW_1, ROW_2], widths=(90, 220, 240, 120), landscape=True)
    assert page.landscape
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows] == ["CC6.1.1", "CC6.1.2"]


def test_paragraph_below_a_whitespace_table_is_text() -> None:
    below = Text(
        "Exception details for control CC6.1.2: the quarterly review for the second quarter "
        "was completed late and was not evidenced."
    )
    page = table_page(1, HEADER, [ROW_1, ROW_2, below])
    items = pages_to_items([page])
    assert isinstance(items[-1], TextLine)
    assert len(rows_of(items)) == 2


def test_other_tables_are_not_control_tables() -> None:
    page = table_page(
        1, ("Test", "Description"), [("Inquiry", "Inquired of personnel.")], widths=(100, 300)
    )
    assert find_header(page) is None
    assert not rows_of(pages_to_items([page]))


def test_a_body_row_is_not_a_header() -> None:
    page = table_page(
        1,
        None,
        [
            (
                "CC4.1.1",
                "Control deficiencies are tracked.",
                "Inspected the tool.",
                "No exceptions noted.",
            )
        ],
    )
    assert find_header(page) is None


def test_type_1_two_column_table() -> None:
    page = table_page(
        1, ("Control #", "Control Activity"), [ROW_1[:2], ROW_2[:2]], widths=(80, 400)
    )
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows] == ["CC6.1.1", "CC6.1.2"]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
def test_criterion_row_over_several_lines_keeps_the_table_open(ruled: bool) -> None:
    group = Text(
        "CC2.1 The entity obtains or generates and uses relevant, quality information to "
        "support the functioning of internal control, and it reviews that information "
        "with the people who depend on it.",
        bold=True,
    )
    page = table_page(1, HEADER, [ROW_1, group, ROW_2], ruled=ruled)
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows if not r.spanning] == ["CC6.1.1", "CC6.1.2"]


def test_a_wrapped_body_line_in_lower_case_is_not_a_header() -> None:
    # The second line of this row reads "a penetration test of the | the control to
    # determine that": a tests-like and a control-like phrase, but a body line.
    row = (
        "CC4.1.1",
        "Each year an outside firm runs a penetration test of the production network.",
        "Inquired of the manager about the control to determine that the control "
        "operated as described.",
        "No exceptions noted.",
    )
    page = table_page(1, HEADER, [row, ROW_2], widths=(70, 160, 170, 110))
    texts = [line.text for line in page.lines]
    assert any(t.startswith("a penetration test") for t in texts), texts
    found = find_header(page, 1)
    assert found is None
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows if r.cell("id")] == ["CC4.1.1", "CC6.1.2"]


def test_a_wrapped_body_line_ending_in_an_article_is_not_a_header() -> None:
    # "Procedures are chosen by the head of | Officer regarding the control to determine
    # that": two capitalised phrases, a tests-like and a description-like one.
    row = (
        "PL-06",
        "Policies are reviewed yearly. Procedures are chosen by the head of the team.",
        "Inquired of the Chief Information Security Officer regarding the control to "
        "determine that it operated.",
        "No exceptions noted.",
    )
    page = table_page(1, HEADER, [row, ROW_2], widths=(60, 203, 245, 110))
    texts = [line.text for line in page.lines]
    assert any(t.startswith("Procedures are chosen by the head of Officer") for t in texts), texts
    assert find_header(page, 1) is None


def shade_groups(page: Page, prefixes: tuple[str, ...]) -> Page:
    """Draw a shaded band's edges (rules above, below and at the sides) around each line
    opening with one of ``prefixes``, as generators shade group rows."""
    rules = list(page.rules)
    for line in page.lines:
        if line.text.startswith(prefixes):
            top, bottom = line.top - 4.0, line.bottom + 4.0
            rules += [
                Rule(72.0, top, 572.0, top),
                Rule(72.0, bottom, 572.0, bottom),
                Rule(72.0, top, 72.0, bottom),
                Rule(572.0, top, 572.0, bottom),
            ]
    return attrs.evolve(page, rules=tuple(rules))


@pytest.mark.parametrize("shaded", [True, False], ids=["shaded-groups", "plain"])
def test_a_whitespace_table_with_shaded_group_rows_splits_rows_at_white_space(
    shaded: bool,
) -> None:
    page = table_page(
        1,
        HEADER,
        [
            Text("CC1.4 – The entity attracts competent people.", bold=True),
            ("CC1.4-01", "Checks are done.", "1. Inquired of HR.", "No exceptions noted."),
            ("", "", "2. Inspected 25 checks.", "No exceptions noted."),
            ("CC1.4-02", "Training is done.", "1. Inspected records.", "No exceptions noted."),
            Text("CC6.1 – The entity restricts logical access.", bold=True),
            ("CC6.1-01", "MFA is on.", "1. Inspected settings.", "No exceptions noted."),
            ("CC6.1-02", "Passwords are long.", "1. Inspected settings.", "No exceptions noted."),
        ],
    )
    if shaded:
        page = shade_groups(page, ("CC1.4 –", "CC6.1 –"))
    rows = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows if not r.spanning] == [
        "CC1.4-01",
        "",
        "CC1.4-02",
        "CC6.1-01",
        "CC6.1-02",
    ]


def _segments(y: float, xs: Sequence[float]) -> list[Rule]:
    return [Rule(a, y, b, y) for a, b in itertools.pairwise(xs)]


@pytest.mark.parametrize(
    ("rules", "joints"),
    [
        # Each cell's border drawn on its own, on four rows: the joints are column borders.
        ([r for y in (100, 150, 200, 250) for r in _segments(y, (64, 137, 329, 568))], [137, 329]),
        # Only two rows: too few to call a grid.
        ([r for y in (100, 150) for r in _segments(y, (64, 137, 329))], []),
        # Whole rules, no joints.
        ([Rule(64, y, 568, y) for y in (100, 150, 200)], []),
        # Segments with a gap between them (a broken underline) meet nowhere.
        ([r for y in (100, 150, 200) for r in (Rule(64, y, 130, y), Rule(140, y, 300, y))], []),
    ],
    ids=["cell-by-cell", "two-rows", "whole-rules", "gaps"],
)
def test_column_borders_from_rules_drawn_cell_by_cell(
    rules: list[Rule], joints: list[float]
) -> None:
    page = Page(number=1, width=792, height=612, lines=(), rules=tuple(rules))
    assert sorted(joint_xs(page, 90)) == joints


def test_a_criterion_cell_merged_down_over_its_controls() -> None:
    """The rule between two controls of one criterion starts at the id column: the criterion
    cell left of it is merged down over both (a Word table with a merged cell)."""
    header = ("Criteria", "Control Ref.", "Control Activity", "Results of Tests")
    rows = [
        (
            "CC6.1 The entity implements access security.",
            "LDS.13",
            "SSO is required.",
            "No exceptions noted.",
        ),
        # The merged cell's text runs on beside the second control.
        (
            "over protected information assets.",
            "LDS.14",
            "Data is encrypted at rest.",
            "Exception noted: for 2 of 25 keys.",
        ),
        ("CC6.2 Users are registered.", "LDS.15", "Access is approved.", "No exceptions noted."),
    ]
    page = table_page(8, header, rows, ruled=True, widths=(110, 60, 170, 140))
    # The rules: above the header, below it, then below each row.
    first_row_bottom = sorted({r.top for r in page.rules if r.horizontal})[2]
    ids_left = 72.0 + 110
    merged = tuple(
        Rule(ids_left, r.top, r.x1, r.bottom) if r.horizontal and r.top == first_row_bottom else r
        for r in page.rules
    )
    page = attrs.evolve(page, rules=merged)
    rows_read = rows_of(pages_to_items([page]))
    assert [r.cell("id") for r in rows_read] == ["LDS.13", "LDS.14", "LDS.15"]
    assert rows_read[1].cell("result") == "Exception noted: for 2 of 25 keys."
