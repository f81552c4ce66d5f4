"""Comparing two reports: each outcome in both directions, the outputs, and the corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from soc2parse import (
    Comparison,
    ControlException,
    ControlTest,
    Evidence,
    Opinion,
    Period,
    Report,
    SampleRatio,
    SubserviceOrganization,
    compare,
)
from soc2parse.review.compare import cuec_key, organization_keys

import strategies

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def exception(control_id: str, *criteria: str, page: int = 20) -> ControlException:
    return ControlException(
        control_id=control_id,
        criteria=criteria,
        description="A control.",
        finding=f"For 2 of 25 items under {control_id}, evidence was missing.",
        ratios=(SampleRatio(2, 25, "2 of 25"),),
        management_response=None,
        evidence=Evidence(page=page, text="Exception noted."),
    )


def control(control_id: str, *criteria: str) -> ControlTest:
    return ControlTest(
        control_id=control_id,
        criteria=criteria,
        description="A control.",
        tests="Inspected.",
        result="No exceptions noted.",
        has_exception=False,
        pages=(20,),
    )


def report(year: int = 2025, **changes: Any) -> Report:
    base: dict[str, Any] = {
        "source": f"vendor-{year}.pdf",
        "sha256": f"{year:04d}" * 16,
        "page_count": 40,
        "framework": "soc2",
        "report_type": "type2",
        "service_organization": "Vendor, Inc.",
        "service_auditor": "Auditor LLP",
        "period": Period(date(year, 1, 1), date(year, 12, 31)),
        "report_date": date(year + 1, 2, 13),
        "categories": ("security",),
        "opinion": Opinion("unqualified"),
    }
    base.update(changes)
    return Report(**base)


# --- the opinion --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ("unqualified", "qualified", True),
        ("qualified", "unqualified", True),
        ("adverse", "disclaimer", True),
        ("qualified", "qualified", False),
    ],
    ids=str,
)
def test_opinion_change(old: str, new: str, changed: bool) -> None:
    result = compare(report(2024, opinion=Opinion(old)), report(2025, opinion=Opinion(new)))
    assert result.opinion_changed is changed
    assert result.to_dict()["opinion"] == {"old": old, "new": new, "changed": changed}


# --- period continuity --------------------------------------------------------------------


@attrs.frozen
class PeriodCase:
    old: Period | None
    new: Period | None
    continuity: str
    gap_days: int | None


D = date
PERIOD_CASES = [
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2025, 1, 1), D(2025, 12, 31)),
               "continuous", 0),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2024, 12, 31), D(2025, 12, 30)),
               "continuous", 0),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2025, 4, 1), D(2026, 3, 31)),
               "gap", 90),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2025, 1, 3), D(2025, 12, 31)),
               "gap", 2),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2024, 10, 1), D(2025, 9, 30)),
               "overlap", -92),
    PeriodCase(Period(D(2024, 7, 1), D(2025, 6, 30)), Period(None, D(2025, 9, 30)),
               "gap", 91),
    PeriodCase(Period(D(2024, 7, 1), D(2025, 6, 30)), Period(None, D(2025, 3, 31)),
               "overlap", -92),
    # The new period starts before the old one: the overlap is the days both cover.
    PeriodCase(Period(D(2025, 1, 1), D(2025, 12, 31)), Period(D(2024, 11, 1), D(2025, 10, 31)),
               "overlap", -304),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2024, 3, 1), D(2024, 9, 30)),
               "overlap", -214),
    PeriodCase(Period(D(2025, 1, 1), D(2025, 12, 31)), Period(D(2023, 1, 1), D(2023, 12, 31)),
               "gap", 366),
    PeriodCase(Period(D(2024, 1, 1), D(2024, 12, 31)), None, "unknown", None),
    PeriodCase(None, Period(D(2025, 1, 1), D(2025, 12, 31)), "unknown", None),
]  # fmt: skip


@pytest.mark.parametrize("case", PERIOD_CASES, ids=[f"{c.old} / {c.new}" for c in PERIOD_CASES])
def test_period_continuity(case: PeriodCase) -> None:
    result = compare(report(2024, period=case.old), report(2025, period=case.new))
    assert (result.continuity, result.gap_days) == (case.continuity, case.gap_days)


# --- exceptions: repeated, remediated, new --------------------------------------------------


@attrs.frozen
class ExceptionCase:
    name: str
    old: tuple[ControlException, ...]
    new: tuple[ControlException, ...]
    repeated: tuple[tuple[str, str, str], ...]  # (old id, new id, matched_by)
    remediated: tuple[str, ...]
    added: tuple[str, ...]


EXCEPTION_CASES = [
    ExceptionCase(
        "same control id repeats",
        (exception("CC6.1.2", "CC6.1"),),
        (exception("CC6.1.2", "CC6.1"),),
        (("CC6.1.2", "CC6.1.2", "control_id"),),
        (),
        (),
    ),
    ExceptionCase(
        "id matched without case or spaces",
        (exception("ac-04"),),
        (exception("AC - 04"),),
        (("ac-04", "AC - 04", "control_id"),),
        (),
        (),
    ),
    ExceptionCase(
        "renumbered control, same criterion",
        (exception("CC6.1.2", "CC6.1"),),
        (exception("AC-07", "CC6.1"),),
        (("CC6.1.2", "AC-07", "criteria"),),
        (),
        (),
    ),
    ExceptionCase(
        "identical criteria preferred over a shared one",
        (exception("X1", "CC6.1", "CC6.2"),),
        (exception("Y1", "CC6.1"), exception("Y2", "CC6.2", "CC6.1")),
        (("X1", "Y2", "criteria"),),
        (),
        ("Y1",),
    ),
    ExceptionCase(
        "remediated: in the old report only",
        (exception("CC8.1.1", "CC8.1"), exception("CC6.2.1", "CC6.2")),
        (exception("CC6.2.1", "CC6.2"),),
        (("CC6.2.1", "CC6.2.1", "control_id"),),
        ("CC8.1.1",),
        (),
    ),
    ExceptionCase(
        "new: in the new report only",
        (),
        (exception("CC7.2.5", "CC7.2"),),
        (),
        (),
        ("CC7.2.5",),
    ),
    ExceptionCase(
        "different criteria do not match",
        (exception("CC7.2.5", "CC7.2"),),
        (exception("CC7.3.1", "CC7.3"),),
        (),
        ("CC7.2.5",),
        ("CC7.3.1",),
    ),
    ExceptionCase(
        "SOC 1: no criteria, ids only",
        (exception("4.02"), exception("7.01")),
        (exception("4.02"), exception("5.03")),
        (("4.02", "4.02", "control_id"),),
        ("7.01",),
        ("5.03",),
    ),
    ExceptionCase(
        "each new exception matches once",
        (exception("A", "CC6.1"), exception("B", "CC6.1")),
        (exception("C", "CC6.1"),),
        (("A", "C", "criteria"),),
        ("B",),
        (),
    ),
]


@pytest.mark.parametrize("case", EXCEPTION_CASES, ids=[c.name for c in EXCEPTION_CASES])
def test_exceptions(case: ExceptionCase) -> None:
    result = compare(report(2024, exceptions=case.old), report(2025, exceptions=case.new))
    assert (
        tuple((p.old.control_id, p.new.control_id, p.matched_by) for p in result.repeated)
        == case.repeated
    )
    assert tuple(e.control_id for e in result.remediated) == case.remediated
    assert tuple(e.control_id for e in result.new_exceptions) == case.added


def test_remediated_says_whether_the_control_was_retested() -> None:
    old = report(2024, exceptions=(exception("CC8.1.1", "CC8.1"), exception("OLD-9", "CC9.9")))
    new = report(2025, controls=(control("cc8.1.1", "CC8.1"),))
    remediated = compare(old, new).to_dict()["exceptions"]["remediated"]
    assert [(r["control_id"], r["control_in_new"]) for r in remediated] == [
        ("CC8.1.1", True),
        ("OLD-9", False),
    ]


# --- categories, subservice organizations, CUECs -------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "added", "removed"),
    [
        (("security",), ("security", "availability"), ("availability",), ()),
        (("security", "confidentiality"), ("security",), (), ("confidentiality",)),
        (("security", "privacy"), ("security", "privacy"), (), ()),
    ],
    ids=["added", "removed", "same"],
)
def test_categories(
    old: tuple[str, ...], new: tuple[str, ...], added: tuple[str, ...], removed: tuple[str, ...]
) -> None:
    result = compare(report(2024, categories=old), report(2025, categories=new))
    assert tuple(c.value for c in result.categories_added) == added
    assert tuple(c.value for c in result.categories_removed) == removed


AWS = SubserviceOrganization("Amazon Web Services, Inc. (AWS)", "hosting", "carve-out")
OKTA = SubserviceOrganization("Okta, Inc.", "identity", "carve-out")


@pytest.mark.parametrize(
    ("old", "new", "added", "removed", "changed"),
    [
        ((AWS,), (AWS, OKTA), ("Okta, Inc.",), (), ()),
        ((AWS, OKTA), (AWS,), (), ("Okta, Inc.",), ()),
        ((AWS,), (SubserviceOrganization("Amazon Web Services", None, "carve-out"),), (), (), ()),
        ((AWS,), (SubserviceOrganization("AWS", None, "carve-out"),), (), (), ()),
        ((OKTA,), (SubserviceOrganization("OKTA INC", "identity", "inclusive"),), (), (),
         ("Okta, Inc.",)),
        ((SubserviceOrganization("Microsoft Azure"),), (SubserviceOrganization("Microsoft"),),
         ("Microsoft",), ("Microsoft Azure",), ()),
    ],
    ids=["added", "removed", "renamed-suffix", "alias", "method-changed", "different"],
)  # fmt: skip
def test_subservice_organizations(
    old: tuple[SubserviceOrganization, ...],
    new: tuple[SubserviceOrganization, ...],
    added: tuple[str, ...],
    removed: tuple[str, ...],
    changed: tuple[str, ...],
) -> None:
    result = compare(
        report(2024, subservice_organizations=old), report(2025, subservice_organizations=new)
    )
    assert tuple(s.name for s in result.subservice_added) == added
    assert tuple(s.name for s in result.subservice_removed) == removed
    assert tuple(a.name for a, _ in result.subservice_method_changed) == changed


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Amazon Web Services, Inc. (AWS)", {"amazon web services", "aws"}),
        ("The Okta Company", {"okta"}),
        ("Equinix GmbH", {"equinix"}),
        ("Stripe, Inc. (“Stripe”)", {"stripe"}),
        ("Acme LLC (the “Subservice Organization”)", {"acme"}),
        ("Inc.", {"inc"}),
        ("", {""}),
    ],
)
def test_organization_keys(name: str, keys: set[str]) -> None:
    assert organization_keys(name) == keys


CUEC_A = "User entities are responsible for reviewing access quarterly."
CUEC_B = "User entities are responsible for protecting their passwords."


@pytest.mark.parametrize(
    ("old", "new", "added", "removed"),
    [
        ((CUEC_A,), (CUEC_A, CUEC_B), (CUEC_B,), ()),
        ((CUEC_A, CUEC_B), (CUEC_A,), (), (CUEC_B,)),
        ((CUEC_A,), ("• " + CUEC_A.upper().rstrip(".") + "  ",), (), ()),
        ((CUEC_A,), ("1. " + CUEC_A,), (), ()),
    ],
    ids=["added", "removed", "same-text-other-case-and-bullet", "numbered"],
)
def test_cuecs(
    old: tuple[str, ...], new: tuple[str, ...], added: tuple[str, ...], removed: tuple[str, ...]
) -> None:
    result = compare(report(2024, cuecs=old), report(2025, cuecs=new))
    assert (result.cuecs_added, result.cuecs_removed) == (added, removed)


def test_cuec_key_keeps_words() -> None:
    assert cuec_key("  – Reviewing ‘access’.") == "reviewing 'access'"


# --- warnings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (report(2024), report(2025), ()),
        (report(2024), report(2025, service_organization="VENDOR INC"), ()),
        (report(2024), report(2025, service_organization="Other Co"), ("different organizations",)),
        (report(2025), report(2024), ("wrong order",)),
        (report(2025), report(2025), ("same file",)),
    ],
    ids=["fine", "same-org-other-spelling", "other-org", "swapped", "same-file"],
)
def test_warnings(old: Report, new: Report, expected: tuple[str, ...]) -> None:
    warnings = compare(old, new).warnings
    assert len(warnings) == len(expected)
    for warning, words in zip(warnings, expected, strict=True):
        assert words in warning


# --- outputs ------------------------------------------------------------------------------


def busy_pair() -> Comparison:
    old = report(
        2024,
        opinion=Opinion("qualified"),
        categories=("security", "confidentiality"),
        exceptions=(exception("CC6.1.2", "CC6.1"), exception("CC8.1.1", "CC8.1")),
        subservice_organizations=(AWS,),
        cuecs=(CUEC_A,),
    )
    new = report(
        2025,
        period=Period(date(2025, 3, 1), date(2025, 12, 31)),
        exceptions=(exception("CC6.1.2", "CC6.1"), exception("<b>CC7.2</b>", "CC7.2")),
        subservice_organizations=(OKTA,),
        cuecs=(CUEC_B,),
    )
    return compare(old, new)


def test_to_dict_is_plain_json() -> None:
    data = busy_pair().to_dict()
    assert json.loads(busy_pair().to_json()) == data
    assert data["period"]["continuity"] == "gap"
    assert data["period"]["gap_days"] == 59
    assert [e["control_id"] for e in data["exceptions"]["remediated"]] == ["CC8.1.1"]
    assert [e["control_id"] for e in data["exceptions"]["new"]] == ["<b>CC7.2</b>"]
    assert data["exceptions"]["repeated"][0]["matched_by"] == "control_id"
    assert data["categories"] == {"added": [], "removed": ["confidentiality"]}
    assert data["subservice_organizations"]["added"][0]["name"] == "Okta, Inc."
    assert data["cuecs"] == {"added": [CUEC_B], "removed": [CUEC_A]}


def test_text_names_every_change() -> None:
    text = busy_pair().to_text(width=200)
    for expected in (
        "Opinion: qualified -> unqualified (no longer modified) (changed)",
        "gap of 59 days",
        "Repeated exceptions (1)",
        "Remediated exceptions (1)",
        "New exceptions (1)",
        "removed: confidentiality",
        "added: Okta, Inc. (carve-out)",
        "removed: Amazon Web Services, Inc. (AWS)",
        f"added: {CUEC_B}",
    ):
        assert expected in text, expected


def test_text_drops_control_characters() -> None:
    hostile = report(2025, exceptions=(exception("CC6.1\x1b[2J", "CC6.1"),))
    assert "\x1b" not in compare(report(2024), hostile).to_text()


def test_html_escapes_report_text() -> None:
    page = busy_pair()._repr_html_()
    assert "&lt;b&gt;CC7.2&lt;/b&gt;" in page
    assert "<b>CC7.2" not in page
    assert "soc2parse-comparison" in page


def test_repr_is_short() -> None:
    assert repr(busy_pair()) == (
        "<Comparison 'Vendor, Inc.' -> 'Vendor, Inc.': opinion qualified -> unqualified, "
        "periods gap, exceptions 1 repeated, 1 remediated, 1 new>"
    )


@settings(max_examples=100, deadline=None)
@given(strategies.reports, strategies.reports)
def test_every_exception_is_accounted_for_once(old: Report, new: Report) -> None:
    result = compare(old, new)
    assert len(result.repeated) + len(result.remediated) == len(old.exceptions)
    assert len(result.repeated) + len(result.new_exceptions) == len(new.exceptions)
    json.dumps(result.to_dict())
    result.to_text()


@settings(max_examples=50, deadline=None)
@given(strategies.reports)
def test_a_report_compared_with_itself_changes_nothing(same: Report) -> None:
    result = compare(same, same)
    assert not result.opinion_changed
    assert len(result.repeated) == len(same.exceptions)
    changes = (
        result.categories_added,
        result.categories_removed,
        result.subservice_added,
        result.subservice_removed,
        result.cuecs_added,
        result.cuecs_removed,
    )
    assert changes == ((),) * 6


# --- the fixture corpus -----------------------------------------------------------------


def expected_report(name: str) -> Report:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    data.setdefault("sha256", name.ljust(64, "0")[:64])
    if data["opinion"].get("evidence") is not None:
        data["opinion"]["evidence"].setdefault("text", "")
    for item in data.get("exceptions", ()):
        item.setdefault("evidence", {"page": 1, "text": ""})
    for item in data.get("controls", ()):
        item.setdefault("pages", [])
    return Report.from_dict(data)


def test_corpus_pair_qualified_to_adverse() -> None:
    # Two unrelated fixture vendors: the comparison must say so, and still line facts up.
    result = compare(
        expected_report("rl02-soc2-t2-qualified"), expected_report("rl03-soc2-t2-adverse")
    )
    assert result.opinion_changed
    assert result.continuity == "overlap"
    assert result.gap_days == -181
    assert any("different organizations" in w for w in result.warnings)
    assert [c.value for c in result.categories_removed] == ["confidentiality"]
    assert [s.name for s in result.subservice_added] == ["Amazon Web Services, Inc. (AWS)"]
    assert len(result.repeated) + len(result.remediated) == 2


def test_corpus_report_against_itself() -> None:
    same = expected_report("rl03-soc2-t2-adverse")
    result = compare(same, same)
    assert [p.matched_by for p in result.repeated] == ["control_id"] * len(same.exceptions)
    assert result.continuity == "overlap"


def test_the_warning_about_two_organizations_comes_first_in_text_and_html() -> None:
    old = report(2024, cuecs=tuple(f"{CUEC_A} ({i})" for i in range(20)))
    new = report(2025, service_organization="Other Co")
    comparison = compare(old, new)
    text = comparison.to_text(width=200)
    assert text.startswith("Warnings (1)\n  the reports name different organizations")
    assert text.index("different organizations") < text.index("Overview")
    page = comparison._repr_html_()
    assert page.index("different organizations") < page.index("Overview")
