"""Management's responses: inline labels and section V entries keyed by control id."""

from __future__ import annotations

import attrs
import pytest

from soc2parse.controls.dispatch import items_to_drafts
from soc2parse.controls.finish import drafts_to_results
from soc2parse.controls.items import TableRow, TextLine
from soc2parse.controls.responses import section_responses, split_response
from tablebuild import Text, table_page, text_page


@attrs.frozen
class SplitCase:
    text: str
    finding: str
    response: str | None


SPLITS = [
    SplitCase(
        "For 3 of 25 changes, approval was missing. Management's Response: A workflow now "
        "enforces approval.",
        "For 3 of 25 changes, approval was missing.",
        "A workflow now enforces approval.",
    ),
    SplitCase(
        "Late review. Management Response - Retrained staff.", "Late review.", "Retrained staff."
    ),
    SplitCase("Late review. Management's Responses: Retrained.", "Late review.", "Retrained."),
    SplitCase("Late review. Response from Management: Retrained.", "Late review.", "Retrained."),
    SplitCase("Late review. Management’s Response: Retrained.", "Late review.", "Retrained."),
    SplitCase(
        "Late review. Management's response to the exception: Retrained.",
        "Late review.",
        "Retrained.",
    ),
    SplitCase("No exceptions noted.", "No exceptions noted.", None),
    SplitCase(
        "The management's response time was not tracked.",
        "The management's response time was not tracked.",
        None,
    ),
    SplitCase("Late review. Management's Response:", "Late review.", None),
    # A response that only says where it is told: looked for there.
    SplitCase("Late review. Management's Response: See Section V.", "Late review.", None),
    SplitCase(
        "Late review. Management's Response: Refer to Section V for management's response.",
        "Late review.",
        None,
    ),
    SplitCase(
        "Late review. Management Response - Please see the response in Appendix A",
        "Late review.",
        None,
    ),
    SplitCase("Late review. Management's Response: (see Section 5)", "Late review.", None),
    SplitCase(
        "Late review. Management's Response: See the new review procedure, which now "
        "requires sign-off. Staff were retrained.",
        "Late review.",
        "See the new review procedure, which now requires sign-off. Staff were retrained.",
    ),
    SplitCase(
        "Late review. Management's Response: Reference architecture was updated.",
        "Late review.",
        "Reference architecture was updated.",
    ),
    # The company named between "Response from" and "Management".
    SplitCase(
        "Late review. Response from Ostara Management: Retrained.", "Late review.", "Retrained."
    ),
    SplitCase(
        "Late review. Response from Acme Cloud, Inc. Management: Retrained.",
        "Late review.",
        "Retrained.",
    ),
    SplitCase(
        "Late review. Response by the Brightwell Management - Retrained.",
        "Late review.",
        "Retrained.",
    ),
    SplitCase(
        "The response from management teams was slow.",
        "The response from management teams was slow.",
        None,
    ),
]


@pytest.mark.parametrize("case", SPLITS, ids=lambda c: c.text)
def test_split_response(case: SplitCase) -> None:
    assert split_response(case.text) == (case.finding, case.response)


def test_section_v_table_keyed_by_control_id() -> None:
    page = table_page(
        30,
        ("Control #", "Management's Response"),
        [
            ("CC6.5.2", "Badge approvals are now enforced by the access system."),
            ("C-14", "The process owner has been retrained."),
        ],
        widths=(80, 400),
    )
    found = section_responses([page], ["CC6.5.2", "C-14", "CC7.1.1"])
    assert found["CC6.5.2"].text == "Badge approvals are now enforced by the access system."
    assert found["C-14"].text == "The process owner has been retrained."
    assert found["C-14"].page == 30
    assert "CC7.1.1" not in found


def test_section_v_paragraphs_keyed_by_control() -> None:
    page = text_page(
        31,
        [
            Text("Management's Responses to Exceptions", bold=True),
            "Control AC-03: Management's Response: Access reviews are now automated.",
            Text("Future Initiatives", bold=True),
            "We plan to adopt a new ticketing system.",
        ],
    )
    found = section_responses([page], ["AC-03"])
    assert found["AC-03"].text == "Access reviews are now automated."


def test_section_v_blocks_keyed_by_an_id_of_two_words() -> None:
    page = text_page(
        32,
        [
            Text("Management's Responses to Testing Exceptions", bold=True),
            Text("Control SC 2", bold=True),
            "Exception: For 1 of 2 meetings, the minutes did not record a briefing.",
            "Management's Comment: A standing agenda item has been added.",
            Text("Control SC 30", bold=True),
            "Exception: For 3 of 45 samples, remediation was late.",
            "Management's Comment: The image has been added to the rebuild schedule.",
        ],
    )
    found = section_responses([page], ["SC 2", "SC 30", "SC 3"])
    assert found["SC 2"].text == "A standing agenda item has been added."
    assert found["SC 30"].text == "The image has been added to the rebuild schedule."
    assert "SC 3" not in found


def test_no_ids_no_responses() -> None:
    page = text_page(31, ["CC6.1.1 Something."])
    assert section_responses([page], []) == {}


# A response paragraph right below a control table (controls.notes.response_below).
def _row(top: float, control_id: str, result: str) -> TableRow:
    cells = (
        ("id", control_id),
        ("description", f"Control {control_id} is performed."),
        ("tests", "Inspected a sample."),
        ("result", result),
    )
    return TableRow(1, top, cells, False, " ".join(text for _, text in cells))


def _line(top: float, text: str) -> TextLine:
    return TextLine(1, top, text, bold=False, size=9.0, x0=72.0, bottom=top + 9.0)


EXCEPTION = "Deviation: for 2 of 25 changes, approval was missing."
LATE = "Exception noted: for 1 of 4 reviews, sign-off was late."
NONE = "No exceptions noted."
COMMENT = "Management's Comment: Approval is now enforced by the pipeline."
BOTH = "Approval is now enforced by the pipeline and a weekly report is reviewed."


@pytest.mark.parametrize(
    ("results", "below", "answered"),
    [
        (
            (NONE, EXCEPTION, NONE),
            [COMMENT],
            {"CM-1.02": "Approval is now enforced by the pipeline."},
        ),
        (
            (EXCEPTION, NONE),
            [COMMENT[:-1], "and a weekly report is reviewed."],
            {"CM-1.01": BOTH},
        ),
        # Two exceptions: which one it answers is not said.
        ((EXCEPTION, LATE), [COMMENT], {}),
        # The exception has its response already.
        ((f"{EXCEPTION} Management's Response: Fixed.", NONE), [COMMENT], {"CM-1.01": "Fixed."}),
        # No exception: nothing to answer.
        ((NONE, NONE), [COMMENT], {}),
        # No response label: no response.
        ((EXCEPTION, NONE), ["Approval is now enforced by the pipeline."], {}),
    ],
    ids=["one", "two lines", "two exceptions", "answered", "no exception", "no label"],
)
def test_a_response_below_a_table_answers_its_only_exception(
    results: tuple[str, ...], below: list[str], answered: dict[str, str]
) -> None:
    ids = ["CM-1.01", "CM-1.02", "CM-1.03"][: len(results)]
    items: list[TableRow | TextLine] = [
        _row(100.0 + 40 * k, ids[k], result) for k, result in enumerate(results)
    ]
    items += [_line(300.0 + 12 * k, text) for k, text in enumerate(below)]
    unread: list[TableRow | TextLine] = []
    drafts = items_to_drafts(items, unread)
    _, exceptions = drafts_to_results(drafts, [], [])
    assert {e.control_id: e.management_response for e in exceptions if e.management_response} == (
        answered
    )


def test_section_v_numbered_items_name_their_control_near_the_start() -> None:
    page = text_page(
        33,
        [
            Text("Responses to Exceptions Noted", bold=True),
            "1. Business continuity: a failover rehearsal was completed in May.",
            "2. Leaver access (LDS.16). Exception: For 6 of 25 leavers sampled, access was "
            "removed late. Management's Response: A nightly reconciliation now runs.",
            "3. Change approval, control CM-4: Management's Response: Approvals are enforced.",
            "4. The review of LDS.20 and of the other controls of this list was done by the "
            "internal audit team in the second half of the year.",
        ],
    )
    found = section_responses([page], ["LDS.16", "CM-4", "LDS.20"])
    assert found["LDS.16"].text == "A nightly reconciliation now runs."
    assert found["LDS.16"].finding == (
        "Exception: For 6 of 25 leavers sampled, access was removed late."
    )
    assert found["CM-4"].text == "Approvals are enforced."
    assert "LDS.20" not in found  # named too far into its item


def test_a_result_pointing_to_section_v_takes_the_finding_told_there() -> None:
    row = _row(100.0, "LDS.16", "Exception noted. See Section 5, item 3.")
    other = text_page(
        12,
        [
            Text("Responses to Exceptions Noted", bold=True),
            "3. Leaver access (LDS.16). Exception: For 6 of 25 leavers sampled, access was "
            "removed late. Management's Response: A nightly reconciliation now runs.",
        ],
    )
    _, (exception,) = drafts_to_results(items_to_drafts([row]), [other], [])
    assert exception.finding == "For 6 of 25 leavers sampled, access was removed late."
    assert [(r.count, r.total) for r in exception.ratios] == [(6, 25)]
    assert exception.management_response == "A nightly reconciliation now runs."


def _spanning(top: float, text: str) -> TableRow:
    return TableRow(1, top, (("id", text),), True, text)


def test_a_response_heading_naming_its_control_below_the_table() -> None:
    items: list[TableRow | TextLine] = [
        _row(100.0, "Control 3", EXCEPTION),
        _row(140.0, "Control 4", NONE),
        _row(180.0, "Control 11", LATE),
        _line(300.0, "Management Responses"),
        _line(312.0, "Management Response \u2013 Control 3"),
        _line(324.0, "Approval is now enforced by the pipeline."),
        _line(336.0, "Management Response \u2013 Control 11"),
        _line(348.0, "Sign-off is now tracked."),
    ]
    _, exceptions = drafts_to_results(items_to_drafts(items, []), [], [])
    assert {e.control_id: e.management_response for e in exceptions} == {
        "Control 3": "Approval is now enforced by the pipeline.",
        "Control 11": "Sign-off is now tracked.",
    }


@pytest.mark.parametrize(
    ("box", "answered"),
    [
        (["Management Response", "Access is now revoked automatically."], True),
        (["Management's Response:", "Access is now revoked automatically."], True),
        # A row across the table that is no response heading: not a response.
        (["CC6.2 Prior to issuing credentials, users are registered."], False),
    ],
    ids=["heading", "heading with colon", "group row"],
)
def test_a_response_box_under_a_control_row(box: list[str], answered: bool) -> None:
    items: list[TableRow | TextLine] = [_row(100.0, "CM-1.01", EXCEPTION)]
    items += [_spanning(140.0 + 12 * k, text) for k, text in enumerate(box)]
    items += [_row(200.0, "CM-1.02", NONE)]
    _, (exception,) = drafts_to_results(items_to_drafts(items, []), [], [])
    expected = "Access is now revoked automatically." if answered else None
    assert exception.management_response == expected
