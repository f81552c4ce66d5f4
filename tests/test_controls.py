"""The tests-of-controls stage end to end: layouts, criteria, steps, exceptions, responses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse._model import (
    ControlOutcome,
    ControlsStatus,
    Evidence,
    Opinion,
    OpinionKind,
    Report,
    Section,
    SectionKind,
)
from soc2parse._pages import Document, Line, Page, Word
from soc2parse.controls.common import criteria_in, looks_like_control_id
from soc2parse.controls.read import check_opinion, read_controls
from soc2parse.outputs.rows import plain, report_row
from tablebuild import Text, table_page, text_page

HEADER = ("Control #", "Control Activity", "Tests Performed", "Test Results")


def document(pages: Sequence[Page]) -> Document:
    return Document(source="t.pdf", sha256="0" * 64, pages=tuple(pages))


def section_for(first: int, last: int) -> tuple[Section, ...]:
    return (Section(SectionKind.TESTS, "Tests of Controls", first, last),)


def read(pages: Sequence[Page], sections: tuple[Section, ...] | None = None):  # type: ignore[no-untyped-def]
    numbers = [p.number for p in pages]
    if sections is None:
        sections = section_for(min(numbers), max(numbers))
    padded = [text_page(n, ["filler"]) for n in range(1, min(numbers))]
    return read_controls(document([*padded, *pages]), sections)


@pytest.mark.parametrize(
    "token",
    [
        *("CC6.1.2", "C-14", "AC-03", "6.1a", "1.01", "ENV-01", "PI1.3.4", "12", "IT-GC-01"),
        # Lettered controls of one criterion.
        *("CC1.1-01", "CC6.1-A", "PI1.3-B", "A1.2-A", "CC6.1A", "AC-03-B"),
    ],
)
def test_control_ids_as_printed(token: str) -> None:
    assert looks_like_control_id(token)


@pytest.mark.parametrize(
    "token", ["Inspected", "No", "the", "(a)", "2025-12-31T00", "CC6.1-AB", "CC6.1-Ab"]
)
def test_words_are_not_control_ids(token: str) -> None:
    assert not looks_like_control_id(token)


@pytest.mark.parametrize(
    ("text", "criteria"),
    [
        ("CC6.1 – The entity implements logical access security", ("CC6.1",)),
        ("CC6.1, CC6.6 and CC6.7: The entity", ("CC6.1", "CC6.6", "CC6.7")),
        ("A1.2 The entity authorizes", ("A1.2",)),
        ("Trust Services Criterion CC7.2: The entity monitors", ("CC7.2",)),
        ("C1.1 The entity identifies", ("C1.1",)),
        ("PI1.3 The entity implements", ("PI1.3",)),
        ("P4.2 The entity retains", ("P4.2",)),
        ("Control Objective 3: Controls provide reasonable assurance", ()),
        ("CC6.1.2 is a control id", ()),
    ],
    ids=str,
)
def test_criteria_in_headings(text: str, criteria: tuple[str, ...]) -> None:
    assert criteria_in(text, leading=True) == criteria


def test_criterion_heading_above_each_table() -> None:
    pages = [
        table_page(
            5,
            HEADER,
            [
                ("CC6.1.1", "Access is approved.", "Inspected tickets.", "No exceptions noted."),
                (
                    "CC6.1.2",
                    "Access is reviewed.",
                    "Inspected reviews.",
                    "Exception noted: For 3 of 25 reviews, sign-off was missing. "
                    "Management's Response: Sign-off is now required by the tool.",
                ),
            ],
        ),
    ]
    heading = text_page(4, [Text("CC6.1 – The entity implements logical access security.", True)])
    result = read([heading, *pages])
    assert [c.control_id for c in result.controls] == ["CC6.1.1", "CC6.1.2"]
    assert all(c.criteria == ("CC6.1",) for c in result.controls)
    second = result.controls[1]
    assert second.has_exception
    assert second.result == "Exception noted: For 3 of 25 reviews, sign-off was missing."
    (exception,) = result.exceptions
    assert exception.finding == "For 3 of 25 reviews, sign-off was missing."
    assert [(r.count, r.total) for r in exception.ratios] == [(3, 25)]
    assert exception.management_response == "Sign-off is now required by the tool."
    assert exception.evidence.page == 5
    assert exception.criteria == ("CC6.1",)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
def test_grouped_table_with_ids_in_the_description(ruled: bool) -> None:
    header = ("Control Activity Specified by Acme", "Tests Performed", "Results of Tests")
    page = table_page(
        7,
        header,
        [
            Text("CC8.1 – The entity authorizes, designs and implements changes.", True),
            ("C-14 Changes are approved.", "Inspected 25 changes.", "No deviations noted."),
            (
                "C-15 Emergency changes are reviewed.",
                "Inspected 10 changes.",
                "Deviations noted. For two (2) of ten (10) emergency changes, no review occurred.",
            ),
            Text("A1.2 – The entity maintains backups.", True),
            ("AV-01 Backups run daily.", "Inspected backup logs.", "No deviations noted."),
        ],
        widths=(180, 170, 150),
        ruled=ruled,
    )
    result = read([page])
    assert [(c.control_id, c.criteria) for c in result.controls] == [
        ("C-14", ("CC8.1",)),
        ("C-15", ("CC8.1",)),
        ("AV-01", ("A1.2",)),
    ]
    assert result.controls[0].description == "Changes are approved."
    assert [e.control_id for e in result.exceptions] == ["C-15"]
    assert [(r.count, r.total) for r in result.exceptions[0].ratios] == [(2, 10)]
    assert result.exceptions[0].management_response is None


def test_soc1_control_objectives_give_no_criteria() -> None:
    page = table_page(
        7,
        ("Control Activity", "Tests Performed", "Results of Tests"),
        [
            Text(
                "Control Objective 1: Controls provide reasonable assurance that access is "
                "restricted.",
                True,
            ),
            ("1.01 Access is approved.", "Inspected 25 requests.", "No exceptions noted."),
            ("1.02 Access is reviewed.", "Inspected 4 reviews.", "No exceptions noted."),
        ],
        widths=(180, 170, 150),
    )
    result = read([page])
    assert [(c.control_id, c.criteria) for c in result.controls] == [("1.01", ()), ("1.02", ())]


def test_several_steps_each_with_a_result() -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("6.1a", "Access is reviewed.", "Inquired of the CISO.", "No exceptions noted."),
            (
                "",
                "",
                "Inspected 25 reviews.",
                "Exception noted. For 1 out of 25 reviews, removals were late.",
            ),
            ("6.1b", "MFA is enforced.", "Observed a login.", "No exceptions noted."),
        ],
    )
    result = read([page])
    first = result.controls[0]
    assert first.control_id == "6.1a"
    assert first.tests == "Inquired of the CISO. Inspected 25 reviews."
    assert first.has_exception
    assert not result.controls[1].has_exception
    assert [r.text for r in result.exceptions[0].ratios] == ["1 out of 25"]


def test_nonoccurrence_is_not_an_exception() -> None:
    page = table_page(
        7,
        HEADER,
        [
            (
                "AC-03",
                "Terminations are processed.",
                "Inspected terminations.",
                "No terminations occurred during the period; therefore, no testing of operating "
                "effectiveness was performed.",
            )
        ],
    )
    result = read([page])
    assert not result.controls[0].has_exception
    assert result.exceptions == ()
    assert result.warnings == ()


def test_same_control_under_several_criteria_is_one_control() -> None:
    row = ("CC6.1.1", "Access is approved.", "Inspected tickets.", "No exceptions noted.")
    page = table_page(
        7,
        HEADER,
        [Text("CC6.1 – Logical access.", True), row, Text("CC6.2 – User registration.", True), row],
    )
    result = read([page])
    assert len(result.controls) == 1
    assert result.controls[0].criteria == ("CC6.1", "CC6.2")


def test_row_continues_on_the_next_page() -> None:
    first = table_page(
        7,
        HEADER,
        [
            (
                "CC7.1.1",
                "Alerts are triaged.",
                "Inspected 25 alerts.",
                "Exception noted: For 2 of 25 alerts, triage was",
            )
        ],
    )
    second = table_page(8, HEADER, [("", "", "", "late. Management's Response: Fixed.")])
    result = read([first, second])
    control = result.controls[0]
    assert control.pages == (7, 8)
    assert control.result == "Exception noted: For 2 of 25 alerts, triage was late."
    assert result.exceptions[0].management_response == "Fixed."


def test_exception_details_below_the_table() -> None:
    page = table_page(
        7,
        HEADER,
        [
            (
                "CC2.3.1",
                "Training is completed.",
                "Inspected 25 new hires.",
                "Exception noted. See the exception details below this table.",
            ),
            Text("Exception Details – Control CC2.3.1", True),
            Text("For 3/25 new hires sampled, training was not completed within 30 days."),
            Text("Management's Response: Reminders are now automated."),
        ],
    )
    result = read([page])
    (exception,) = result.exceptions
    assert (
        exception.finding
        == "For 3/25 new hires sampled, training was not completed within 30 days."
    )
    assert [r.text for r in exception.ratios] == ["3/25"]
    assert exception.management_response == "Reminders are now automated."


def test_responses_in_section_v() -> None:
    tests_page = table_page(
        7,
        HEADER,
        [
            (
                "CC6.5.2",
                "Badges are approved.",
                "Inspected 25 badges.",
                "The following exception was noted: For 3 of 25 badges, approval was missing.",
            )
        ],
    )
    other = table_page(
        9,
        ("Control #", "Management's Response"),
        [("CC6.5.2", "Approvals are now enforced.")],
        widths=(80, 400),
    )
    sections = (
        Section(SectionKind.TESTS, "Tests", 7, 8),
        Section(SectionKind.OTHER, "Other Information Provided by Acme", 9, 9),
    )
    result = read([tests_page, text_page(8, ["end"]), other], sections)
    assert result.exceptions[0].management_response == "Approvals are now enforced."


# Results that only point to a list of exceptions told below the matrix.
POINTER_RESULTS = [
    "See exception detail below.",
    "Refer to Exception 2 in Section IV.B",
    "Deviation noted - see Table 2",
    "See Deviation #2 below",
    "Refer to the exception details in Section IV.B.",
]
# Headers of that list: its own numbering column beside the control's, the finding under
# an exception label.
LIST_HEADERS = [
    ("Ref.", "Control", "Exception Detail", "Management Response"),
    ("Exception #", "Control No.", "Description of Exception", "Management's Response"),
    ("No.", "Control ID", "Deviation Description", "Management Response"),
]


@pytest.mark.parametrize("header", LIST_HEADERS, ids=" | ".join)
@pytest.mark.parametrize("pointer", POINTER_RESULTS, ids=str)
def test_a_pointer_result_takes_its_row_in_a_list_of_exceptions(
    pointer: str, header: tuple[str, ...]
) -> None:
    matrix = table_page(
        7,
        HEADER,
        [
            ("CC6.2.1", "Access is approved.", "Inspected 25 tickets.", "No exceptions noted."),
            ("CC6.2.2", "Access is revoked.", "Inspected 25 leavers.", pointer),
            ("CC6.2.3", "Access is reviewed.", "Inspected 4 reviews.", pointer),
        ],
    )
    listed = table_page(
        8,
        header,
        [
            (
                "Exception 1",
                "CC6.2.2",
                "For three (3) of twenty-five (25) leavers, access was not removed in a day.",
                "Management agrees. Removal is now automated.",
            ),
            (
                "Exception 2",
                "CC6.2.3",
                "For 1 of 4 quarterly reviews, the sign-off was missing.",
                "See Section V.",
            ),
        ],
        widths=(70, 70, 200, 160),
    )
    other = table_page(
        9,
        ("Control #", "Management's Response"),
        [("CC6.2.3", "Reviews are now tracked by the GRC tool.")],
        widths=(80, 400),
    )
    sections = (
        Section(SectionKind.TESTS, "Tests", 7, 8),
        Section(SectionKind.OTHER, "Other Information Provided by Acme", 9, 9),
    )
    result = read([matrix, listed, other], sections)
    assert [c.control_id for c in result.controls] == ["CC6.2.1", "CC6.2.2", "CC6.2.3"]
    first, second = result.exceptions
    assert first.finding == (
        "For three (3) of twenty-five (25) leavers, access was not removed in a day."
    )
    assert [(r.count, r.total) for r in first.ratios] == [(3, 25)]
    assert first.management_response == "Management agrees. Removal is now automated."
    assert [(r.count, r.total) for r in second.ratios] == [(1, 4)]
    assert second.management_response == "Reviews are now tracked by the GRC tool."


def test_key_value_blocks_under_criterion_headings() -> None:
    page = table_page(
        7,
        None,
        [
            Text("CC4.1 – The entity performs ongoing evaluations.", True),
            ("Control Number", "CC4.1.1"),
            ("Control Activity", "A third party performs a penetration test annually."),
            ("Criteria", "CC4.1"),
            ("Tests Performed", "Inspected the penetration test report."),
            ("Test Results", "Deviations noted. For 2 of 25 findings, no ticket existed."),
            ("Control Number", "CC4.1.2"),
            ("Control Activity", "Findings are tracked."),
            ("Tests Performed", "Inspected tickets."),
            ("Test Results", "No deviations noted."),
            Text("The remaining criteria are addressed on the following pages."),
        ],
        widths=(110, 380),
        bold_header=False,
    )
    result = read([page])
    assert result.controls[1].result == "No deviations noted."
    assert [(c.control_id, c.criteria) for c in result.controls] == [
        ("CC4.1.1", ("CC4.1",)),
        ("CC4.1.2", ("CC4.1",)),
    ]
    assert result.controls[0].description == "A third party performs a penetration test annually."
    assert result.controls[0].tests == "Inspected the penetration test report."
    assert [e.control_id for e in result.exceptions] == ["CC4.1.1"]


def test_type_1_controls_have_no_tests_or_results() -> None:
    page = table_page(
        7,
        ("Control #", "Control Activity"),
        [("CC1.1.1", "Employees are evaluated."), ("CC1.1.2", "Board meets.")],
        widths=(80, 400),
    )
    result = read([page])
    assert [(c.control_id, c.tests, c.result, c.has_exception) for c in result.controls] == [
        ("CC1.1.1", "", "", False),
        ("CC1.1.2", "", "", False),
    ]


def test_without_a_tests_section_control_tables_are_found_with_a_warning() -> None:
    page = table_page(
        3, HEADER, [("CC1.1.1", "Employees are evaluated.", "Inspected.", "No exceptions noted.")]
    )
    result = read_controls(document([text_page(1, ["x"]), text_page(2, ["y"]), page]), ())
    assert [c.control_id for c in result.controls] == ["CC1.1.1"]
    assert any("no tests of controls section" in w for w in result.warnings)


def test_no_tests_section_and_no_table_is_empty_not_an_error() -> None:
    result = read_controls(document([text_page(1, ["Just prose."])]), ())
    assert (result.controls, result.exceptions) == ((), ())


def test_a_tests_section_without_a_readable_table_is_warned() -> None:
    result = read([text_page(4, ["Our tests were performed.", "More prose."])])
    assert result.controls == ()
    assert any("no control table could be read" in w for w in result.warnings)


def test_unclear_result_is_warned() -> None:
    page = table_page(
        7, HEADER, [("CC1.1.1", "Employees are evaluated.", "Inspected.", "Operated as described.")]
    )
    result = read([page])
    assert not result.controls[0].has_exception
    assert any("CC1.1.1" in w for w in result.warnings)


def _pdf(path: Path, *, landscape: bool, grid: bool) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story = [
        Paragraph("Section IV: Trust Services Criteria and Tests of Controls", styles["Heading1"])
    ]
    header = [
        Paragraph(f"<b>{h}</b>", body)
        for h in (
            "Control No.",
            "Controls Specified by Acme",
            "Testing Performed",
            "Results of Tests",
        )
    ]
    rows = [header]
    for i in range(1, 41):
        result = (
            f"Exception noted: For {i % 5 + 1} of 25 changes, approval was missing."
            if i in (7, 33)
            else "No exceptions noted."
        )
        rows.append(
            [
                Paragraph(f"CM-{i:02d}", body),
                Paragraph(
                    "Changes are approved before deployment to production by a reviewer.", body
                ),
                Paragraph(
                    "Inspected a sample of 25 changes to determine that each was approved.", body
                ),
                Paragraph(result, body),
            ]
        )
    width = 680 if landscape else 460
    table = Table(rows, colWidths=[width * f for f in (0.12, 0.33, 0.33, 0.22)], repeatRows=1)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    story += [table, PageBreak(), Paragraph("Section V: Other Information", styles["Heading1"])]
    size = turn(letter) if landscape else letter
    SimpleDocTemplate(str(path), pagesize=size).build(story)


@pytest.mark.parametrize(
    ("landscape", "grid"),
    [(False, True), (True, False)],
    ids=["portrait-grid", "landscape-whitespace"],
)
def test_real_pdf_table(tmp_path: Path, landscape: bool, grid: bool) -> None:
    from soc2parse.extract.engine import extract
    from soc2parse.sections import find_sections

    path = tmp_path / "r.pdf"
    _pdf(path, landscape=landscape, grid=grid)
    doc = extract(path)
    result = read_controls(doc, find_sections(doc.pages))
    assert [c.control_id for c in result.controls] == [f"CM-{i:02d}" for i in range(1, 41)]
    assert [e.control_id for e in result.exceptions] == ["CM-07", "CM-33"]
    assert [(r.count, r.total) for r in result.exceptions[0].ratios] == [(3, 25)]
    assert len({c.pages[0] for c in result.controls}) > 1


def _merged_steps_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = getSampleStyleSheet()["BodyText"]
    rows = [[Paragraph(f"<b>{h}</b>", body) for h in ("Ref", "Control Activity", "Test", "Result")]]
    spans = []
    for i in range(1, 9):
        top = len(rows)
        second = (
            "Exceptions noted: For one of the 25 terminations, access was removed late."
            if i == 5
            else "No deviations noted."
        )
        rows.append(
            [
                Paragraph(f"AC-{i:02d}", body),
                Paragraph("Access of terminated users is removed within one business day.", body),
                Paragraph("Inquired of the IT manager about the termination process.", body),
                Paragraph("No deviations noted.", body),
            ]
        )
        rows.append(
            [
                "",
                "",
                Paragraph("Inspected 25 terminations for timely removal.", body),
                Paragraph(second, body),
            ]
        )
        spans += [("SPAN", (0, top), (0, top + 1)), ("SPAN", (1, top), (1, top + 1))]
    table = Table(rows, colWidths=[50, 150, 150, 110], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *spans,
            ]
        )
    )
    heading = getSampleStyleSheet()["Heading1"]
    story = [Paragraph("Section IV: Tests of Controls and Results", heading), table]
    SimpleDocTemplate(str(path), pagesize=letter).build(story)


def test_real_pdf_merged_id_cells_hold_several_steps(tmp_path: Path) -> None:
    from soc2parse.extract.engine import extract
    from soc2parse.sections import find_sections

    path = tmp_path / "steps.pdf"
    _merged_steps_pdf(path)
    doc = extract(path)
    result = read_controls(doc, find_sections(doc.pages))
    assert [c.control_id for c in result.controls] == [f"AC-{i:02d}" for i in range(1, 9)]
    assert [c.control_id for c in result.controls if c.has_exception] == ["AC-05"]
    assert result.controls[0].tests == (
        "Inquired of the IT manager about the termination process. "
        "Inspected 25 terminations for timely removal."
    )
    assert [r.text for r in result.exceptions[0].ratios] == ["one of the 25"]


def test_control_rows_dropped_as_running_footers_are_warned() -> None:
    page = table_page(
        7, HEADER, [("CC1.1.1", "Employees are evaluated.", "Inspected.", "No exceptions noted.")]
    )
    dropped = attrs.evolve(
        page, furniture=("CC1.1.2 Board meets. Inspected. No exceptions noted.", "Page 7 of 40")
    )
    result = read([dropped])
    assert any("CC1.1.2" in w and "running headers or footers" in w for w in result.warnings)
    clean = read([attrs.evolve(page, furniture=("Acme Cloud, Inc. - Confidential", "Page 7"))])
    assert clean.warnings == ()


def test_exceptions_in_a_separate_list_after_the_table() -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC6.2.1", "Access is approved.", "Inspected 25 tickets.", "No exceptions noted."),
            ("CC6.2.2", "Access is reviewed.", "Inspected 4 reviews.", "Exception noted."),
        ],
    )
    listed = table_page(
        8,
        ("Control #", "Exception Noted", "Management's Response"),
        [
            (
                "CC6.2.2",
                "For 1 of 4 quarters, the review was not evidenced.",
                "Reviews are now tracked in the GRC tool.",
            )
        ],
        widths=(80, 200, 200),
    )
    result = read([page, listed])
    assert [c.control_id for c in result.controls] == ["CC6.2.1", "CC6.2.2"]
    (exception,) = result.exceptions
    assert exception.finding == "For 1 of 4 quarters, the review was not evidenced."
    assert [(r.count, r.total) for r in exception.ratios] == [(1, 4)]
    assert exception.management_response == "Reviews are now tracked in the GRC tool."
    assert result.warnings == ()


def test_tests_without_a_result_column_are_warned() -> None:
    page = table_page(
        7,
        ("Control #", "Control Activity", "Tests Performed"),
        [("CC1.1.1", "Employees are evaluated.", "Inspected 25 evaluations.")],
        widths=(80, 200, 200),
    )
    result = read([page])
    assert result.controls[0].result == ""
    assert any("no test result was found for controls CC1.1.1" in w for w in result.warnings)


def test_criterion_row_in_the_table_columns() -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC6.1", "The entity implements logical access security software.", "", ""),
            ("CC6.1.1", "Access is approved.", "Inspected tickets.", "No exceptions noted."),
        ],
    )
    result = read([page])
    assert [(c.control_id, c.criteria) for c in result.controls] == [("CC6.1.1", ("CC6.1",))]


# Prose section IV: per control an opener line with its id, then labelled paragraphs.
NARRATIVE_OPENERS = [
    ("Control CC8.1.1: Changes are tested before they reach production.", "CC8.1.1"),
    ("Control No. AC-03 – Access is removed within one day of departure.", "AC-03"),
    ("CC8.1.1: Changes are tested before they reach production.", "CC8.1.1"),
    ("Control 4.2: Backups are copied off site nightly.", "4.2"),
]


@pytest.mark.parametrize("space", [0.5, 1.5], ids=["ragged", "justified"])
@pytest.mark.parametrize(("opener", "control_id"), NARRATIVE_OPENERS, ids=str)
def test_prose_controls_with_labelled_paragraphs(
    opener: str, control_id: str, space: float
) -> None:
    page = text_page(
        9,
        [
            "Criterion CC8.1: The entity authorizes and tests changes to its systems.",
            opener,
            "the description goes on here.",
            "Tests performed: Inspected tickets for a sample of 12 changes to determine",
            "that each was tested.",
            "Results: Exception noted. For 3 out of 12 sampled changes, no test record was kept.",
            "Management's Response: Test records are now attached to every ticket.",
            "Control CC8.1.9: Emergency changes are approved after the fact.",
            "Tests performed: Inquired of the release manager.",
            "Results: No emergency changes occurred during the period; therefore, no testing",
            "of operating effectiveness was performed.",
        ],
        space=space,
    )
    result = read([page])
    assert [c.control_id for c in result.controls] == [control_id, "CC8.1.9"]
    first = result.controls[0]
    assert first.criteria == ("CC8.1",)
    assert first.description.endswith("the description goes on here.")
    assert first.tests.endswith("that each was tested.")
    assert [e.control_id for e in result.exceptions] == [control_id]
    exception = result.exceptions[0]
    assert [(r.count, r.total) for r in exception.ratios] == [(3, 12)]
    assert exception.management_response == "Test records are now attached to every ticket."
    assert not result.controls[1].has_exception


@pytest.mark.parametrize(
    "line",
    [
        "Control Environment: the tone at the top.",
        "3: the third item of a list.",
        "CC8.1: The entity authorizes changes.",
        "Note: the sample was drawn from the full population.",
    ],
)
def test_lines_that_do_not_open_a_prose_control(line: str) -> None:
    result = read([text_page(9, [line, "Results: No exceptions noted."])])
    assert result.controls == ()


# --- outcomes, completeness, unknown counts ------------------------------------------------

OUTCOME_CASES = [
    ("No exceptions noted.", ControlOutcome.NO_EXCEPTION),
    ("Exception noted: for 2 of 25 changes, approval was missing.", ControlOutcome.EXCEPTION),
    (
        "No terminations occurred during the period; therefore, no testing was performed.",
        ControlOutcome.NOT_TESTED,
    ),
    (
        "1. No exceptions noted. 2. Not tested. No restores were requested during the period.",
        ControlOutcome.NOT_TESTED,
    ),
    (
        "1. Not tested. No restores were requested during the period. 2. Exception noted: "
        "1 of 4 reviews was late.",
        ControlOutcome.EXCEPTION,
    ),
    ("Refer to the table of observations.", ControlOutcome.UNCLEAR),
    ("", ControlOutcome.NO_RESULT),
]


@pytest.mark.parametrize(("result", "outcome"), OUTCOME_CASES, ids=str)
def test_each_control_has_an_outcome(result: str, outcome: ControlOutcome) -> None:
    row = ("CC7.2.1", "Alerts are triaged.", "Inspected alerts." if result else "", result)
    page = table_page(7, HEADER, [row])
    (control,) = read([page]).controls
    assert control.outcome is outcome
    assert control.has_exception == (outcome is ControlOutcome.EXCEPTION)


def test_a_clean_read_is_complete() -> None:
    page = table_page(
        7, HEADER, [("CC1.1.1", "Board meets.", "Inspected.", "No exceptions noted.")]
    )
    assert read([page]).status is ControlsStatus.COMPLETE


def test_no_tests_section_is_absent_and_an_unread_one_is_unread() -> None:
    assert read_controls(document([text_page(1, ["Prose."])]), ()).status is ControlsStatus.ABSENT
    unread = read([text_page(4, ["CC6.1.1 Access is approved.", "Prose about the tests."])])
    assert unread.status is ControlsStatus.UNREAD
    assert any("counts are unknown" in w and "CC6.1.1 (page 4)" in w for w in unread.warnings)


@attrs.frozen
class UnreadCase:
    line: str
    wording: str  # what the warning must say


UNREAD_CASES = [
    UnreadCase(
        "CC1.1.3 Backups are copied nightly and restores are tested. No exceptions noted.",
        "CC1.1.3 (page 7)",
    ),
    UnreadCase(
        "The following exception was noted: for 2 of 25 changes, approval was missing.",
        "1 exception result (pages 7)",
    ),
    UnreadCase(
        "No restores were requested during the period; therefore, no testing was performed.",
        "1 not-tested result (pages 7)",
    ),
]


@pytest.mark.parametrize("case", UNREAD_CASES, ids=lambda c: c.line)
def test_what_no_control_took_is_warned_and_makes_the_read_partial(case: UnreadCase) -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC1.1.1", "Board meets.", "Inspected minutes.", "No exceptions noted."),
            ("CC1.1.2", "Policies are reviewed.", "Inspected policies.", "No exceptions noted."),
            Text(case.line),
        ],
    )
    result = read([page])
    assert [c.control_id for c in result.controls] == ["CC1.1.1", "CC1.1.2"]
    assert result.status is ControlsStatus.PARTIAL
    assert any(case.wording in w for w in result.warnings), result.warnings


@pytest.mark.parametrize(
    "heading",
    [
        "B. Exceptions Noted and Management's Responses",
        "Exceptions Identified",
        "Deviations Noted by the Service Auditor",
    ],
)
def test_a_heading_that_names_exceptions_is_no_unread_result(heading: str) -> None:
    page = table_page(
        7,
        HEADER,
        [("CC1.1.1", "Board meets.", "Inspected minutes.", "No exceptions noted.")],
    )
    after = text_page(8, [Text(heading, bold=True), "Nothing else is reported here."])
    result = read([page, after])
    assert result.status is ControlsStatus.COMPLETE, result.warnings


def test_unread_tests_give_unknown_counts_in_the_csv_row() -> None:
    def row(status: ControlsStatus) -> dict[str, object]:
        report = Report(source="a.pdf", sha256="0" * 64, page_count=9, controls_status=status)
        return report_row("a.pdf", report)

    for status in (ControlsStatus.UNREAD, ControlsStatus.ABSENT):
        found = row(status)
        assert (found["control_count"], found["exception_count"]) == (None, None)
        assert plain(found["control_count"]) == ""
        assert found["controls_status"] == status.value
    assert row(ControlsStatus.COMPLETE)["control_count"] == 0
    assert row(ControlsStatus.PARTIAL)["exception_count"] == 0


def merged_row_page(control_id: str, description: str, merged: str) -> Page:
    """A table page whose one row has a cell merged across the tests and result columns,
    wrapped over lines from x 296 (the tests column) to past 462 (the result column)."""
    base = table_page(7, HEADER, [(control_id, description, "", "")])
    header, row = base.lines
    lines: list[list[Word]] = [list(row.words)]
    x, top = 296.0, row.top
    for token in merged.split():
        if x + 5.0 * len(token) > 568.0:
            x, top = 296.0, top + 12.0
            lines.append([])
        lines[-1].append(Word(token, x, x + 5.0 * len(token), top, top + 10.0, 10.0, False))
        x += 5.0 * len(token) + 2.5
    return attrs.evolve(base, lines=(header, *(Line(tuple(words)) for words in lines)))


# Non-occurrence results printed in one cell across the tests and result columns. Read
# column by column their words would come out of order; the ones that wrap so that the
# result column's part alone reads as a result are the trap.
MERGED_RESULTS = [
    "Not tested. No emergency changes occurred during the period.",
    "The circumstances that warrant the operation of this control did not occur during "
    "the period; therefore, no testing of operating effectiveness was performed.",
    "No testing performed: no security incidents occurred during the examination period.",
    "No new hires occurred during the review period, so the control was not tested.",
    "The control did not operate during the period because no restores were requested.",
]


@pytest.mark.parametrize("merged", MERGED_RESULTS, ids=str)
def test_a_result_merged_across_the_tests_and_result_columns(merged: str) -> None:
    result = read([merged_row_page("CC8.1.6", "Changes are approved.", merged)])
    assert [(c.control_id, c.outcome) for c in result.controls] == [
        ("CC8.1.6", ControlOutcome.NOT_TESTED)
    ]
    assert result.controls[0].result == merged
    assert result.controls[0].tests == ""


@pytest.mark.parametrize(
    ("control_id", "merged"),
    [
        (
            "CSOC-1",
            "Not tested. Complementary subservice organization control; the carved-out "
            "operation is outside the scope of the examination.",
        ),
        ("CSOC 2", "Complementary subservice organization control; not tested."),
        ("CSOC-03", "Not tested. The control is the responsibility of the subservice provider."),
    ],
    ids=str,
)
def test_complementary_rows_marked_not_tested_are_not_controls(
    control_id: str, merged: str
) -> None:
    page = merged_row_page(control_id, "AWS restricts entry.", merged)
    assert read([page]).controls == ()


@pytest.mark.parametrize(
    "row",
    [
        ("CSOC1", "The hosting provider restricts entry to its data halls.", "", ""),
        ("CSOC-2", "Badge access is reviewed by the colocation vendor.", "", ""),
        ("CC6.4.9", "The cloud provider is expected to restrict data center access.", "", ""),
    ],
    ids=lambda r: r[1],
)
def test_complementary_subservice_rows_are_not_controls(row: tuple[str, ...]) -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC6.4.1", "Visitors are escorted.", "Observed the lobby.", "No exceptions noted."),
            row,
            ("CC6.4.2", "Badges are revoked.", "Inspected badges.", "No exceptions noted."),
        ],
    )
    result = read([page])
    assert [c.control_id for c in result.controls] == ["CC6.4.1", "CC6.4.2"]
    assert result.status is ControlsStatus.COMPLETE


@pytest.mark.parametrize(
    "pointer",
    [
        "Exception noted. Refer to Exception 2.",
        "Exceptions noted; see Exception No. 2 below.",
        "Deviation noted (see Deviation #2).",
    ],
)
def test_a_result_pointing_to_a_numbered_exception_takes_its_details(pointer: str) -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC7.1.1", "Scans run weekly.", "Inspected scans.", "No exceptions noted."),
            ("CC7.1.2", "Alerts are triaged.", "Inspected alerts.", pointer),
            Text("Exception 1: the first listed item belongs to another report section."),
            Text("Exception 2: For 3 of 40 alerts sampled, triage took longer than a day."),
            Text("Management's Response: Staffing of the on-call rota was increased."),
        ],
    )
    result = read([page])
    (exception,) = result.exceptions
    assert exception.control_id == "CC7.1.2"
    assert [(r.count, r.total) for r in exception.ratios] == [(3, 40)]
    assert exception.management_response == "Staffing of the on-call rota was increased."


def test_a_result_cell_split_by_a_row_gap_continues_in_lower_case() -> None:
    page = table_page(
        7,
        HEADER,
        [
            (
                "CC6.5.1",
                "Media are wiped before disposal.",
                "1. Inspected the policy.",
                "1. No exceptions noted. 2. No disposals occurred during the period; "
                "therefore, no testing of operating",
            ),
            ("", "", "2. Inspected the disposal log.", "effectiveness was performed."),
        ],
    )
    result = read([page])
    (control,) = result.controls
    assert control.outcome is ControlOutcome.NOT_TESTED
    assert control.result.endswith("no testing of operating effectiveness was performed.")
    assert result.status is ControlsStatus.COMPLETE


# The row on the next page: (tests cell, result cell), and the control's results after.
NEXT_PAGE_ROWS = [
    (
        (
            "2. For a sample of quarters, inspected reviews.",
            "Exception noted. For 1 of 4 reviews, access was not removed.",
        ),
        "No exceptions noted. Exception noted. For 1 of 4 reviews, access was not removed.",
    ),
    (
        (
            "(2) Inspected the reviews.",
            "Exception noted. For 1 of 4 reviews, access was not removed.",
        ),
        "No exceptions noted. Exception noted. For 1 of 4 reviews, access was not removed.",
    ),
]


@pytest.mark.parametrize(("row", "joined"), NEXT_PAGE_ROWS, ids=lambda r: str(r)[:40])
def test_a_step_on_the_next_page_has_a_result_of_its_own(row: tuple[str, str], joined: str) -> None:
    first = table_page(
        7,
        HEADER,
        [("AC-05", "Reviews are done.", "1. Inspected the policy.", "No exceptions noted.")],
    )
    second = table_page(8, HEADER, [("", "", *row)])
    result = read([first, second])
    (control,) = result.controls
    assert control.result == joined
    (exception,) = result.exceptions
    assert exception.finding == "For 1 of 4 reviews, access was not removed."


@pytest.mark.parametrize(
    "rest",
    ["not removed within a day.", "Management's Response: Reviews are now tracked."],
)
def test_a_result_split_by_a_page_break_is_joined(rest: str) -> None:
    first = table_page(
        7,
        HEADER,
        [
            (
                "AC-05",
                "Reviews are done.",
                "Inspected reviews.",
                "Exception noted. For 1 of 4 reviews, access was",
            )
        ],
    )
    second = table_page(8, HEADER, [("", "", "", rest)])
    (control,) = read([first, second]).controls
    assert control.result.endswith(f"access was {rest}".split(" Management")[0])
    assert control.pages == (7, 8)


def test_a_relisted_control_with_the_same_exception_has_one_finding() -> None:
    row = (
        "AC-05",
        "Reviews are done.",
        "Inspected reviews.",
        "Exception noted. For 1 of 4 reviews, access was not removed.",
    )
    page = table_page(
        7,
        ("Control #", "Criteria", "Control Activity", "Tests Performed", "Test Results"),
        [(row[0], "CC6.2", *row[1:]), (row[0], "CC6.3", *row[1:])],
        widths=(60, 50, 120, 140, 150),
    )
    (exception,) = read([page]).exceptions
    assert exception.criteria == ("CC6.2", "CC6.3")
    assert [(r.count, r.total) for r in exception.ratios] == [(1, 4)]


OPINION_CASES = [
    # (basis, exception read?, warning expected)
    ('The description states that "Backups are copied off site nightly." However, ...', True, ""),
    (
        'The description states that "Backups are copied off site nightly." However, ...',
        False,
        "basis (page 3) names controls not read as exceptions: A1.2.1",
    ),
    ("However, as noted in Section IV, control A1.2.1 did not operate.", False, "A1.2.1"),
    ("However, as noted in Section IV, a control did not operate.", False, "no exception"),
    ("However, the control as designed did not include service accounts.", False, ""),
]


@pytest.mark.parametrize(("basis", "read_exception", "warning"), OPINION_CASES, ids=str)
def test_a_modified_opinion_is_checked_against_the_exceptions_read(
    basis: str, read_exception: bool, warning: str
) -> None:
    result = "Exception noted: 1 of 4 copies failed." if read_exception else "No exceptions noted."
    page = table_page(
        7, HEADER, [("A1.2.1", "Backups are copied off site nightly.", "Inspected.", result)]
    )
    read_result = read([page])
    opinion = Opinion(OpinionKind.QUALIFIED, basis, Evidence(page=3, text="Qualified"))
    checked = check_opinion(opinion, read_result)
    if warning:
        assert checked.status is ControlsStatus.PARTIAL
        assert any(warning in w for w in checked.warnings), checked.warnings
    else:
        assert checked == read_result
    unqualified = Opinion(OpinionKind.UNQUALIFIED)
    assert check_opinion(unqualified, read_result) == read_result


def test_a_tested_control_worded_as_an_expectation_is_kept() -> None:
    row = (
        "CC1.4.3",
        "Employees are expected to complete privacy training each year.",
        "Inspected training records.",
        "Exception noted: 2 of 25 employees had not completed the training.",
    )
    result = read([table_page(7, HEADER, [row])])
    assert [c.control_id for c in result.controls] == ["CC1.4.3"]
    assert [e.control_id for e in result.exceptions] == ["CC1.4.3"]


def test_a_type_1_control_worded_as_an_expectation_is_kept() -> None:
    page = table_page(
        7,
        ("Control #", "Control Activity"),
        [("CC1.4.3", "Employees are expected to complete privacy training each year.")],
        widths=(80, 400),
    )
    assert [c.control_id for c in read([page]).controls] == ["CC1.4.3"]


PROSE_LABELS = [
    ("Tests performed:", "Results:"),
    ("Procedures performed by the service auditor:", "Results of the tests:"),
    ("Service auditor's tests:", "Test results:"),
    ("Testing:", "Outcome:"),
    ("Tests of operating effectiveness:", "Result:"),
]


@pytest.mark.parametrize(("tests_label", "result_label"), PROSE_LABELS, ids=str)
def test_prose_labels_in_several_wordings(tests_label: str, result_label: str) -> None:
    page = text_page(
        9,
        [
            "Control PR-07: Vendor contracts are reviewed before signature.",
            f"{tests_label} Inspected 20 contracts.",
            f"{result_label} Deviation noted. For 1 of 20 contracts, no review was kept.",
        ],
    )
    result = read([page])
    (control,) = result.controls
    assert control.tests == "Inspected 20 contracts."
    assert control.outcome is ControlOutcome.EXCEPTION
    assert [(r.count, r.total) for r in result.exceptions[0].ratios] == [(1, 20)]


# Prose whose test steps carry their own results: one result per step, and the
# control's exception is the step's.
STEP_PROSE = [
    [
        "1. Inspected the branch protection settings. Result: No exceptions noted.",
        "2. For a sample of changes, inspected pull requests. Result:",
        "Exception noted. For 3 of 25 changes, no peer review was documented.",
        "3. Inspected emergency changes. Result: No exceptions noted.",
    ],
    [
        "1. Inspected the branch protection settings. Result: No exceptions",
        "noted.",
        "2. For a sample of changes, inspected pull requests. Result: Exception noted.",
        "For 3 of 25 changes, no peer review was documented.",
    ],
    [
        "(1) Inspected the branch protection settings. Test Result: No deviations noted.",
        "(2) For a sample of changes, inspected pull requests. Test Result: Deviation",
        "noted. For 3 of 25 changes, no peer review was documented.",
    ],
    [
        "Step 1: Inspected the branch protection settings. Results – No exceptions noted.",
        "Step 2: For a sample of changes, inspected pull requests. Results – Exception",
        "noted. For 3 of 25 changes, no peer review was documented.",
    ],
]


@pytest.mark.parametrize("steps", STEP_PROSE, ids=lambda s: s[0])
def test_prose_steps_with_their_own_results(steps: list[str]) -> None:
    page = text_page(
        9,
        [
            Text("CC8.1.1", bold=True),
            "Control: Changes are peer reviewed before merge.",
            "Procedures Performed by the Service Auditor:",
            *steps,
            "Management's Response: Peer review is now enforced by the tool.",
            "CSOC-01 (complementary subservice organization control): The hosting provider",
            "restricts entry to its data centers; this control was not tested.",
            Text("CC8.1.2", bold=True),
            "Control: Releases are approved.",
            "Procedures Performed by the Service Auditor:",
            "1. Inspected release tickets. Result: No exceptions noted.",
        ],
    )
    result = read([page])
    assert [(c.control_id, c.outcome) for c in result.controls] == [
        ("CC8.1.1", ControlOutcome.EXCEPTION),
        ("CC8.1.2", ControlOutcome.NO_EXCEPTION),
    ]
    first = result.controls[0]
    assert "Result" not in first.tests
    assert "CSOC" not in first.tests
    assert first.tests.startswith(steps[0][:6])
    assert "inspected pull requests." in first.tests
    (exception,) = result.exceptions
    assert exception.finding == "For 3 of 25 changes, no peer review was documented."
    assert [(r.count, r.total) for r in exception.ratios] == [(3, 25)]
    assert exception.management_response == "Peer review is now enforced by the tool."
    assert result.status is ControlsStatus.COMPLETE, result.warnings


def test_prose_control_with_its_id_alone_on_a_line() -> None:
    page = text_page(
        9,
        [
            Text("CC7.3.2", bold=True),
            "Incidents are ranked by severity within one hour.",
            "Tests performed: Inspected 25 incident tickets.",
            "Results: No exceptions noted.",
            Text("Control CC7.3.3", bold=True),
            "Lessons learned are written up after each major incident.",
            "Tests performed: Inspected the post-incident reviews.",
            "Results: No major incidents occurred during the period; therefore, no testing "
            "was performed.",
        ],
    )
    result = read([page])
    assert [(c.control_id, c.outcome) for c in result.controls] == [
        ("CC7.3.2", ControlOutcome.NO_EXCEPTION),
        ("CC7.3.3", ControlOutcome.NOT_TESTED),
    ]
    assert result.controls[0].description == "Incidents are ranked by severity within one hour."
    assert result.status is ControlsStatus.COMPLETE


def test_exception_wording_inside_a_description_is_warned() -> None:
    # A row the table reader could not split: everything lands in the description.
    page = text_page(
        9,
        [
            "Control CC5.2.4: Patches are applied within 30 days. Inspected 25 patches.",
            "Exception noted: for 3 of 25 patches, the 30 days were exceeded.",
        ],
    )
    result = read([page])
    assert result.status is ControlsStatus.PARTIAL
    assert any("CC5.2.4 (page 9)" in w and "descriptions" in w for w in result.warnings)


def test_a_control_without_a_result_among_controls_with_results_is_warned() -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("CC1.1.1", "Board meets.", "Inspected minutes.", "No exceptions noted."),
            ("CC1.1.2", "Policies are reviewed.", "", ""),
        ],
    )
    result = read([page])
    assert result.status is ControlsStatus.PARTIAL
    assert any("no test result was found for controls CC1.1.2" in w for w in result.warnings)


# Result sentences of each kind; any run of them, numbered as steps or not, is counted
# sentence by sentence (the completeness checks rest on this count).
KIND_SENTENCES = {
    "exception": "Exception noted: for 2 of 25 items the review was late.",
    "no_exception": "No exceptions noted.",
    "not_tested": "No new hires occurred during the period; therefore, no testing was performed.",
}


@given(st.lists(st.sampled_from(sorted(KIND_SENTENCES)), min_size=1, max_size=6), st.booleans())
@settings(max_examples=60, deadline=None)
def test_result_sentences_are_counted_one_by_one(kinds: list[str], numbered: bool) -> None:
    from soc2parse.controls.results import result_kinds

    parts = [
        f"{i}. {KIND_SENTENCES[k]}" if numbered else KIND_SENTENCES[k]
        for i, k in enumerate(kinds, 1)
    ]
    counted = {kind.value: n for kind, n in result_kinds(" ".join(parts)).items()}
    assert counted == {k: kinds.count(k) for k in set(kinds)}


def test_a_control_with_two_unclear_results_is_named_once_in_the_warning() -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("A1.3.1", "Backups are copied nightly.", "Inspected logs.", "See note 2."),
            ("A1.3.1", "Backups are copied nightly.", "Observed a restore.", "Refer to note 3."),
            ("A1.3.2", "Restores are tested.", "Inspected tests.", "No exceptions noted."),
        ],
    )
    result = read([page])
    unclear = [w for w in result.warnings if "neither exception nor no exception" in w]
    assert len(unclear) == 1, result.warnings
    assert unclear[0].count("A1.3.1") == 1, unclear[0]


# Ids printed with a space after the letters, as some generators set them.
SPACED_IDS = ["C 24", "CC 8.1-01", "SEC 1.1", "AC 3", "IT 2.4a"]


@pytest.mark.parametrize("control_id", SPACED_IDS)
def test_an_id_with_a_space_in_the_id_column(control_id: str) -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("C-23", "Firewalls are set.", "Inspected rules.", "No exceptions noted."),
            (control_id, "TLS is used.", "Inspected the policy.", "No exceptions noted."),
            ("C-25", "Endpoints are protected.", "Inspected consoles.", "No exceptions noted."),
        ],
    )
    result = read([page])
    assert [c.control_id for c in result.controls] == ["C-23", control_id, "C-25"]
    assert result.controls[1].description == "TLS is used."


@pytest.mark.parametrize("cell", ["CC 6.1", "ISO", "Note 3 applies"])
def test_a_criterion_or_words_in_the_id_column_are_no_spaced_id(cell: str) -> None:
    page = table_page(
        7,
        HEADER,
        [
            ("C-23", "Firewalls are set.", "Inspected rules.", "No exceptions noted."),
            (cell, "More text.", "", ""),
        ],
    )
    assert [c.control_id for c in read([page]).controls] == ["C-23"]


@pytest.mark.parametrize("control_id", ["SEC 1.1", "AC.03", "CC 8.1-01", "OPS-4.2"])
def test_a_prose_id_alone_on_its_line(control_id: str) -> None:
    page = text_page(
        9,
        [
            Text(control_id, bold=True),
            "Description: Personnel acknowledge the code of conduct.",
            "Testing Procedures:",
            "1. Inspected signed acknowledgements.",
            "Test Results: No exceptions noted.",
        ],
    )
    result = read([page])
    assert [c.control_id for c in result.controls] == [control_id]
    assert result.controls[0].description == "Personnel acknowledge the code of conduct."


@pytest.mark.parametrize("line", ["ISO 27001", "CC 6.1", "SOC 2", "TLS 1"])
def test_a_short_line_that_is_no_prose_id(line: str) -> None:
    page = text_page(9, [Text(line, bold=True), "Results: No exceptions noted."])
    assert read([page]).controls == ()


@pytest.mark.parametrize("control_id", ["CC7.3-01", "CC7.3-1", "A1.2-03"])
def test_an_id_built_on_a_criterion_is_no_group_row(control_id: str) -> None:
    merged = "No testing performed: no security incidents occurred during the period."
    page = merged_row_page(control_id, "Incidents are logged.", merged)
    result = read([page])
    assert [(c.control_id, c.outcome) for c in result.controls] == [
        (control_id, ControlOutcome.NOT_TESTED)
    ]


@pytest.mark.parametrize(
    ("cell", "tests", "result"),
    [
        (
            "Inspected the tickets for a sample of changes. Result: No exceptions noted.",
            "Inspected the tickets for a sample of changes.",
            "No exceptions noted.",
        ),
        (
            "1. Inspected the policy. 2. For a sample of 25 users, inspected access. Results: "
            "Exception noted: for 2 of 25 users, access was not removed.",
            "1. Inspected the policy. 2. For a sample of 25 users, inspected access.",
            "Exception noted: for 2 of 25 users, access was not removed.",
        ),
        # No label: the whole cell is the result, as before.
        ("No exceptions noted.", "", "No exceptions noted."),
        ("Result: No exceptions noted.", "", "Result: No exceptions noted."),
    ],
    ids=["one step", "two steps", "no label", "label first"],
)
def test_one_tests_and_results_column_is_parted_at_its_result_label(
    cell: str, tests: str, result: str
) -> None:
    header = ("Control #", "Control Activity", "Tests Performed and Results")
    page = table_page(
        7, header, [("QA-18", "Access is removed on termination.", cell)], widths=(70, 160, 250)
    )
    (control,) = read([page]).controls
    assert (control.tests, control.result) == (tests, result)


def test_controls_numbered_control_1_in_a_number_column() -> None:
    header = ("#", "Control Activity", "Tests Performed", "Results")
    rows = [
        ("Control 1", "Access is approved.", "Inspected tickets.", "No exceptions noted."),
        ("Control 2", "Access is reviewed.", "Inspected reviews.", "Deviation identified: 2 of 4."),
        # Words, not an id: no control of its own.
        ("Control objective", "Logical access is restricted.", "", ""),
    ]
    page = table_page(7, header, rows, widths=(70, 160, 150, 120))
    result = read([page])
    assert [c.control_id for c in result.controls] == ["Control 1", "Control 2"]
    assert [e.control_id for e in result.exceptions] == ["Control 2"]


def test_a_test_and_result_row_across_the_table_under_each_control() -> None:
    header = ("#", "Control Activity", "Owner")
    rows = [
        ("Control 1", "Access is approved before it is granted.", "IT"),
        Text("Test: Inspected a sample of 25 tickets. Result: No exceptions noted."),
        ("Control 2", "Access is reviewed each quarter.", "IT"),
        Text("Test: Inspected the reviews. Result: Deviation identified: 2 of 4 were late."),
        # A row across the table that is no test: the controls' group heading.
        Text("CC6.2 Prior to issuing credentials, the entity registers users."),
        ("Control 3", "Users are registered.", "IT"),
        Text("Testing performed: Inspected registrations. Result: No exceptions noted."),
    ]
    page = table_page(7, header, rows, widths=(70, 250, 100), ruled=True)
    result = read([page])
    assert [(c.control_id, c.tests, c.result) for c in result.controls] == [
        ("Control 1", "Inspected a sample of 25 tickets.", "No exceptions noted."),
        ("Control 2", "Inspected the reviews.", "Deviation identified: 2 of 4 were late."),
        ("Control 3", "Inspected registrations.", "No exceptions noted."),
    ]
    assert result.controls[2].criteria == ("CC6.2",)
