"""The notebook card, the terminal summary and the DataFrames, on reports built by hand."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

import soc2parse
from soc2parse import (
    Category,
    ControlException,
    ControlTest,
    Evidence,
    Opinion,
    OpinionKind,
    Outcome,
    Period,
    Report,
    SampleRatio,
    SubserviceOrganization,
)
from soc2parse.outputs.display import OPINION_COLOURS, report_to_html, report_to_text
from soc2parse.text.clean import clean

import strategies


def qualified_report(**changes: object) -> Report:
    """A SOC 2 Type 2 report with a qualified opinion and two exceptions."""
    fields: dict[str, object] = {
        "source": "vendors/acme-soc2.pdf",
        "sha256": "ab" * 32,
        "page_count": 84,
        "framework": "soc2",
        "report_type": "type2",
        "service_organization": "Acme Cloud, Inc.",
        "service_auditor": "Smith & Jones LLP",
        "period": Period(date(2025, 1, 1), date(2025, 12, 31)),
        "report_date": date(2026, 2, 14),
        "categories": (Category.SECURITY, Category.AVAILABILITY),
        "opinion": Opinion(
            OpinionKind.QUALIFIED,
            basis="Controls over access provisioning did not operate effectively.",
            evidence=Evidence(5, "In our opinion, except for the matter described ..."),
        ),
        "controls": (
            ControlTest(
                "CC6.1.1", ("CC6.1",), "Access approved", "Inspected", "Exception", True, (18,)
            ),
        ),
        "exceptions": (
            ControlException(
                control_id="CC6.1.1",
                criteria=("CC6.1",),
                description="Access is approved before it is granted.",
                finding="For 3 of 25 new users, access was granted before approval.",
                ratios=(SampleRatio(3, 25, "3 of 25"),),
                management_response="Management has added an automated check.",
                evidence=Evidence(18, "For 3 of 25 new users"),
            ),
            ControlException(
                control_id="A1.2.4",
                criteria=("A1.2",),
                description="Backups are tested.",
                finding="Two (2) of forty (40) restores were not documented; 1 of 4 quarters late.",
                ratios=(SampleRatio(2, 40, "two (2) of forty (40)"), SampleRatio(1, 4, "1 of 4")),
                management_response=None,
                evidence=Evidence(22, "Two (2) of forty (40)"),
            ),
        ),
        "subservice_organizations": (
            SubserviceOrganization("Amazon Web Services", "hosting", "carve-out"),
        ),
        "warnings": ("the report date was read from the signature block",),
    }
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]


HOSTILE = "<script>alert('x')</script>\x1b[2J=cmd|' /C calc'!A0"


def test_card_shows_the_opinion_badge_period_parties_and_exceptions() -> None:
    card = qualified_report()._repr_html_()
    assert re.search(
        rf"background:{OPINION_COLOURS[OpinionKind.QUALIFIED]}\"[^>]*>qualified<", card
    )
    for expected in (
        "Acme Cloud, Inc.",
        "SOC 2 Type 2",
        "2025-01-01 to 2025-12-31 (365 days)",
        "2026-02-14",
        "Smith &amp; Jones LLP",
        ">security<",
        ">availability<",
        "1 tested, 2 with exceptions",
        "Amazon Web Services (carve-out)",
        "(page 5)",
        "Basis for qualified opinion",
        "Exceptions (2)",
        "3 of 25 (12%)",
        "two (2) of forty (40) (5%); 1 of 4 (25%)",
        "Management has added an automated check.",
        "none found",  # the second exception has no response
        "Warnings (1)",
        "the report date was read from the signature block",
    ):
        assert expected in card, expected


@pytest.mark.parametrize("kind", list(OpinionKind), ids=str)
def test_badge_colour_follows_the_opinion(kind: OpinionKind) -> None:
    card = report_to_html(qualified_report(opinion=Opinion(kind)))
    assert re.search(rf"background:{OPINION_COLOURS[kind]}\"[^>]*>{kind.value}<", card)
    others = set(OPINION_COLOURS.values()) - {OPINION_COLOURS[kind]}
    assert not any(colour in card for colour in others)


def test_card_without_facts_says_unknown_and_has_no_empty_tables() -> None:
    bare = Report(source=None, sha256="cd" * 32, page_count=3)
    card = report_to_html(bare)
    assert ">unknown<" in card
    assert "Exceptions" not in card
    assert "Warnings" not in card
    assert "SOC (framework unknown), type unknown" in card
    assert "none found" in card  # categories


def test_card_escapes_report_text() -> None:
    report = qualified_report(
        service_organization=HOSTILE,
        service_auditor=HOSTILE,
        warnings=(HOSTILE,),
        exceptions=(
            ControlException(HOSTILE, (HOSTILE,), HOSTILE, HOSTILE, (), HOSTILE, Evidence(1, "x")),
        ),
    )
    card = report_to_html(report)
    assert "<script>" not in card
    assert html.escape(HOSTILE) in card


@settings(max_examples=50, deadline=None)
@given(strategies.reports)
def test_card_is_balanced_html_for_any_report(report: Report) -> None:
    card = report_to_html(report)
    for tag in ("div", "table", "tr", "td", "span", "ul", "li", "details", "blockquote"):
        assert card.count(f"<{tag}>") + card.count(f"<{tag} ") == card.count(f"</{tag}>"), tag
    text = report_to_text(report, width=60)
    assert "\x1b" not in text
    assert all(len(line) <= 200 for line in text.splitlines() if " " in line.strip())


def test_terminal_summary_has_the_same_content() -> None:
    text = report_to_text(qualified_report(), width=100)
    for expected in (
        "Acme Cloud, Inc.",
        "SOC 2 Type 2 · 84 pages",
        "Opinion       QUALIFIED",
        "(page 5)",
        "Period        2025-01-01 to 2025-12-31 (365 days)",
        "Auditor       Smith & Jones LLP",
        "Categories    security, availability",
        "Exceptions (2)",
        "CC6.1.1 [CC6.1]  3 of 25 (12%)  (page 18)",
        "Response: Management has added an automated check.",
        "Response: none found",
        "Warnings (1)",
    ):
        assert expected in text, expected


def test_terminal_summary_colours_only_on_request_and_drops_control_characters() -> None:
    plain = report_to_text(qualified_report(service_organization=HOSTILE))
    assert "\x1b" not in plain
    coloured = report_to_text(qualified_report(), colour=True)
    assert "\x1b[1;33mQUALIFIED\x1b[0m" in coloured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two\nlines", "two lines"),
        ("tab\there", "tab here"),
        ("\x1b]0;title\x07bell", "]0;titlebell"),
        ("right\u202eto-left", "rightto-left"),
        ("  padded  ", "padded"),
    ],
    ids=repr,
)
def test_clean_keeps_terminal_text_to_one_inert_line(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_repr_is_one_readable_line() -> None:
    text = repr(qualified_report())
    assert "\n" not in text
    assert "opinion=qualified" in text
    assert "2 exceptions" in text


# --- DataFrames -------------------------------------------------------------------------


def test_to_frame_gives_one_row_per_report_with_typed_columns() -> None:
    pandas = pytest.importorskip("pandas")
    reports = [qualified_report(), Report(source="b.pdf", sha256="cd" * 32, page_count=3)]
    frame = soc2parse.to_frame(reports)
    assert list(frame["file"]) == ["vendors/acme-soc2.pdf", "b.pdf"]
    assert list(frame["opinion"]) == ["qualified", "unknown"]
    assert list(frame["exception_count"]) == [2, 0]
    assert frame["period_end"].iloc[0] == pandas.Timestamp("2025-12-31")
    assert pandas.isna(frame["period_end"].iloc[1])
    assert frame["categories"].iloc[0] == ("security", "availability")
    assert str(frame["control_count"].dtype) == "Int64"


def test_to_frame_takes_outcomes_and_keeps_failed_files() -> None:
    pytest.importorskip("pandas")
    failed = soc2parse.NotAPdfError("junk.pdf", "is not a PDF")
    outcomes = [
        Outcome("a.pdf", qualified_report(source="a.pdf"), None),
        Outcome("junk.pdf", None, failed),
    ]
    frame = soc2parse.to_frame(outcomes)
    assert list(frame["status"]) == ["parsed", "failed"]
    assert list(frame["file"]) == ["a.pdf", "junk.pdf"]
    assert frame["error_type"].iloc[1] == "NotAPdfError"
    assert frame["error"].iloc[1] == "is not a PDF"


def test_exceptions_frame_has_ratios_rates_and_responses() -> None:
    pandas = pytest.importorskip("pandas")
    frame = qualified_report().exceptions_frame()
    assert list(frame["control_id"]) == ["CC6.1.1", "A1.2.4"]
    assert list(frame["deviations"]) == [3, 1]  # the worst ratio: 1 of 4 (25%) beats 2 of 40
    assert list(frame["sample_size"]) == [25, 4]
    assert list(frame["rate"]) == pytest.approx([0.12, 0.25])
    assert frame["ratios"].iloc[1] == ("two (2) of forty (40)", "1 of 4")
    assert frame["management_response"].iloc[0] == "Management has added an automated check."
    assert pandas.isna(frame["management_response"].iloc[1])
    assert list(frame["page"]) == [18, 22]


def test_exceptions_frame_of_a_clean_report_is_empty_with_columns() -> None:
    pytest.importorskip("pandas")
    frame = qualified_report(exceptions=()).exceptions_frame()
    assert frame.empty
    assert "management_response" in frame.columns


def test_to_frame_refuses_other_things() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="reports or outcomes"):
        soc2parse.to_frame(["a.pdf"])  # type: ignore[list-item]


# --- what the analyst sees: the whole opinion, age, CUECs, flags, warnings as warnings ---------

AS_OF = date(2026, 4, 15)
RL02 = "fixtures/reports/rl02-soc2-t2-qualified.pdf"


def test_card_and_show_give_the_whole_opinion_sentence(parsed: Any) -> None:
    from pathlib import Path

    report = parsed(Path(__file__).resolve().parents[1] / RL02)
    assert isinstance(report, Report)
    assert report.opinion.evidence is not None
    assert len(report.opinion.evidence.text) > 1000
    card = report_to_html(report, as_of=AS_OF)
    # The operating-effectiveness clause closes the sentence: it is there, and nothing is cut.
    assert "c. the controls stated in the description operated effectively" in card
    assert "also operated effectively.” " in card
    text = " ".join(report_to_text(report, width=100, as_of=AS_OF).split())
    assert "also operated effectively.” (page 5)" in text


def test_card_shows_age_cuecs_flags_and_styled_warnings() -> None:
    report = qualified_report(cuecs=("User entities review access quarterly.",))
    card = report_to_html(report, as_of=AS_OF)
    for expected in (
        "105 days since the period end, on 2026-04-15: bridge letter due since 2026-03-31",
        "Complementary user entity controls (1)",
        "User entities review access quarterly.",
        ">1 listed<",
        "Review flags (",
        "<code>bridge-letter-due</code>",
        "<code>access-exception</code>",
        "class='soc2parse-warnings'",
        "⚠ Warnings (1)",
    ):
        assert expected in card, expected
    warnings = card[card.index("soc2parse-warnings") :]
    assert "border-left:3px solid #d4a72c" in warnings[:200]


def test_card_names_the_file_not_its_path_when_the_organization_is_unknown() -> None:
    card = report_to_html(
        qualified_report(service_organization=None, source="/home/analyst/vendors/acme-2025.pdf")
    )
    assert "<strong style='font-size:15px'>acme-2025.pdf</strong>" in card
    assert report_to_text(qualified_report(service_organization=None)).startswith("acme-soc2.pdf")


def test_unknown_counts_are_said_so_not_zero() -> None:
    absent = report_to_text(qualified_report(controls=(), exceptions=(), controls_status="absent"))
    assert "Controls      unknown: no tests of controls were found" in absent
    partial = report_to_text(qualified_report(controls_status="partial"), width=120)
    assert "(counts uncertain: the tests were read in part, see warnings)" in partial
    assert "CUECs         unknown (not read)" in partial


def test_show_has_age_cuecs_and_flags() -> None:
    text = report_to_text(qualified_report(), width=120, as_of=AS_OF)
    for expected in (
        "Age           105 days since the period end, on 2026-04-15: bridge letter due since",
        "Subservice    Amazon Web Services (carve-out)",
        "Review flags (",
        "  - bridge-letter-due: The period ended 2025-12-31",
        "  - access-exception: Exception in logical and physical access, CC6.1.1 (CC6.1)",
    ):
        assert expected in text, expected
    coloured = report_to_text(qualified_report(), colour=True, as_of=AS_OF)
    assert "\x1b[1;33mWarnings (1)\x1b[0m" in coloured
