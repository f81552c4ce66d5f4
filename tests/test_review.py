"""Review aids on one report: age and bridge letters, exception areas and rates, review flags."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import soc2parse
from soc2parse import (
    ControlException,
    Evidence,
    Opinion,
    Period,
    Report,
    ReviewFlag,
    SampleRatio,
    Section,
    SubserviceOrganization,
    deviation_rate,
    exception_areas,
    report_age,
    review_flags,
)
from soc2parse.review.columns import REVIEW_COLUMNS, ReviewFacts, review_facts
from soc2parse.review.exceptions import criterion_area
from soc2parse.review.flags import FLAG_CODES
from soc2parse.text.dates import add_months

import strategies

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
AS_OF = date(2026, 2, 20)


def exception(
    control_id: str = "CC6.1.1",
    criteria: tuple[str, ...] = ("CC6.1",),
    ratios: tuple[tuple[int, int], ...] = ((1, 25),),
    response: str | None = None,
    page: int = 20,
) -> ControlException:
    return ControlException(
        control_id=control_id,
        criteria=criteria,
        description="A control.",
        finding=f"For {ratios[0][0] if ratios else 'some'} items, evidence was missing.",
        ratios=tuple(SampleRatio(c, t, f"{c} of {t}") for c, t in ratios),
        management_response=response,
        evidence=Evidence(page=page, text="Exception noted."),
    )


def report(**changes: Any) -> Report:
    """A clean SOC 2 Type 2 report dated soon after its period: no flag applies on AS_OF."""
    base: dict[str, Any] = {
        "source": "vendor.pdf",
        "sha256": "ab" * 32,
        "page_count": 40,
        "framework": "soc2",
        "report_type": "type2",
        "service_organization": "Vendor, Inc.",
        "period": Period(date(2025, 1, 1), date(2025, 12, 31)),
        "report_date": date(2026, 2, 13),
        "categories": ("security",),
        "opinion": Opinion("unqualified", None, Evidence(5, "In our opinion, ...")),
        "sections": (
            Section(kind="opinion", title="I. Independent Service Auditor's Report", first_page=3,
                    last_page=5),
            Section(kind="tests", title="IV. Tests of Controls", first_page=15, last_page=30),
        ),
    }  # fmt: skip
    base.update(changes)
    return Report(**base)


# --- calendar months, areas, rates --------------------------------------------------------


@attrs.frozen
class MonthCase:
    day: date
    months: int
    expected: date


MONTH_CASES = [
    MonthCase(date(2025, 12, 31), 3, date(2026, 3, 31)),
    MonthCase(date(2025, 11, 30), 3, date(2026, 2, 28)),
    MonthCase(date(2023, 11, 30), 3, date(2024, 2, 29)),
    MonthCase(date(2025, 6, 30), 12, date(2026, 6, 30)),
    MonthCase(date(2025, 1, 1), 6, date(2025, 7, 1)),
    MonthCase(date(2025, 3, 31), -1, date(2025, 2, 28)),
]


@pytest.mark.parametrize("case", MONTH_CASES, ids=[f"{c.day}+{c.months}" for c in MONTH_CASES])
def test_add_months(case: MonthCase) -> None:
    assert add_months(case.day, case.months) == case.expected


AREA_CASES = [
    ("CC1.1", "control environment"),
    ("CC2.3", "communication and information"),
    ("CC3.4", "risk assessment"),
    ("CC4.2", "monitoring activities"),
    ("CC5.3", "control activities"),
    ("CC6.8", "logical and physical access"),
    ("cc 6.1", "logical and physical access"),
    ("CC7.5", "system operations"),
    ("CC8.1", "change management"),
    ("CC9.2", "risk mitigation and vendors"),
    ("A1.2", "availability"),
    ("PI1.5", "processing integrity"),
    ("C1.1", "confidentiality"),
    ("P4.2", "privacy"),
    ("P6.7", "privacy"),
    # Not trust services criteria: SOC 1 objectives, control ids, numbering.
    ("Control Objective 4", None),
    ("4.02", None),
    ("CC10.1", None),
    ("CC6", None),
    ("X1.1", None),
    ("", None),
]


@pytest.mark.parametrize(("criterion", "area"), AREA_CASES, ids=[c for c, _ in AREA_CASES])
def test_criterion_area(criterion: str, area: str | None) -> None:
    assert criterion_area(criterion) == area


def test_exception_areas_each_once_in_criteria_order() -> None:
    item = exception(criteria=("CC8.1", "CC6.1", "CC6.2", "A1.2"))
    assert exception_areas(item) == (
        "change management",
        "logical and physical access",
        "availability",
    )


def test_soc1_exception_has_no_area() -> None:
    assert exception_areas(exception(control_id="4.02", criteria=())) == ()


@pytest.mark.parametrize(
    ("ratios", "rate"),
    [(((3, 25),), 0.12), (((1, 40), (3, 25)), 0.12), (((0, 25), (1, 50)), 0.02), ((), None)],
    ids=["one", "worst-of-two", "zero-and-one", "none"],
)
def test_deviation_rate_is_the_worst_ratio(
    ratios: tuple[tuple[int, int], ...], rate: float | None
) -> None:
    assert deviation_rate(exception(ratios=ratios)) == rate


# --- report age -------------------------------------------------------------------------


@attrs.frozen
class AgeCase:
    end: date
    as_of: date
    days: int
    bridge: bool
    stale: bool


AGE_CASES = [
    AgeCase(date(2025, 12, 31), date(2026, 2, 13), 44, bridge=False, stale=False),
    AgeCase(date(2025, 12, 31), date(2026, 3, 30), 89, bridge=False, stale=False),
    AgeCase(date(2025, 12, 31), date(2026, 3, 31), 90, bridge=True, stale=False),
    AgeCase(date(2025, 12, 31), date(2026, 12, 30), 364, bridge=True, stale=False),
    AgeCase(date(2025, 12, 31), date(2026, 12, 31), 365, bridge=True, stale=True),
    AgeCase(date(2025, 6, 30), date(2025, 6, 1), -29, bridge=False, stale=False),
]


@pytest.mark.parametrize("case", AGE_CASES, ids=[f"{c.end}@{c.as_of}" for c in AGE_CASES])
def test_report_age(case: AgeCase) -> None:
    age = report_age(report(period=Period(date(2025, 1, 1), case.end)), case.as_of)
    assert (age.days, age.bridge_letter_due, age.stale) == (case.days, case.bridge, case.stale)
    assert age.period_end == case.end


def test_type1_age_counts_from_the_as_of_date() -> None:
    age = report_age(report(report_type="type1", period=Period(None, date(2025, 9, 30))), AS_OF)
    assert age.days == (AS_OF - date(2025, 9, 30)).days
    assert age.bridge_letter_from == date(2025, 12, 30)


def test_age_thresholds_are_parameters() -> None:
    clean = report()
    assert report_age(clean, AS_OF).bridge_letter_due is False
    age = report_age(clean, AS_OF, bridge_after_months=1, stale_after_months=2)
    assert (age.bridge_letter_due, age.stale) == (True, False)
    assert age.bridge_letter_from == date(2026, 1, 31)
    assert age.stale_from == date(2026, 2, 28)


def test_unknown_period_gives_unknown_age() -> None:
    age = report_age(report(period=None), AS_OF)
    assert age.days is None
    assert age.bridge_letter_due is None
    assert age.to_dict()["as_of"] == AS_OF.isoformat()


def test_age_defaults_to_today() -> None:
    assert report_age(report()).as_of == date.today()


# --- review flags -----------------------------------------------------------------------


@attrs.frozen
class FlagCase:
    name: str
    changes: dict[str, Any]
    present: frozenset[str]
    absent: frozenset[str] = frozenset()
    as_of: date = AS_OF


CARVED = SubserviceOrganization("Amazon Web Services, Inc.", "hosting", "carve-out")
INCLUDED = SubserviceOrganization("IronVault Data Centers, LLC", "data center", "inclusive")
SECTION_V = Section(
    kind="other", title="V. Other Information Provided by Vendor", first_page=31, last_page=32
)

ACCESS_EXCEPTION = soc2parse.ControlException(
    control_id="CC6.2.1",
    criteria=("CC6.2",),
    description="Access is removed on termination.",
    finding="For 2 of 25 leavers, access was removed late.",
    ratios=(soc2parse.SampleRatio(2, 25, "2 of 25"),),
    management_response=None,
    evidence=Evidence(31, "For 2 of 25 leavers, access was removed late."),
)

FLAG_CASES = [
    FlagCase("clean report", {}, frozenset(), frozenset(FLAG_CODES)),
    FlagCase(
        "qualified opinion",
        {"opinion": Opinion("qualified", "Basis: access reviews.", Evidence(5, "except for"))},
        frozenset({"opinion-modified"}),
        frozenset({"opinion-unknown"}),
    ),
    FlagCase("adverse opinion", {"opinion": Opinion("adverse")}, frozenset({"opinion-modified"})),
    FlagCase(
        "disclaimer of opinion", {"opinion": Opinion("disclaimer")}, frozenset({"opinion-modified"})
    ),
    FlagCase(
        "unknown opinion",
        {"opinion": Opinion("unknown")},
        frozenset({"opinion-unknown"}),
        frozenset({"opinion-modified"}),
    ),
    FlagCase(
        "type 1 report",
        {"report_type": "type1", "period": Period(None, date(2025, 12, 31))},
        frozenset({"type1-report"}),
        frozenset({"short-period"}),
    ),
    FlagCase(
        "type 2 with an as-of date only",
        {"period": Period(None, date(2025, 12, 31))},
        frozenset({"type1-report"}),
    ),
    FlagCase(
        "SOC 3 has no type",
        {"framework": "soc3", "report_type": "unknown"},
        frozenset(),
        frozenset({"type1-report"}),
    ),
    FlagCase(
        "three-month period",
        {"period": Period(date(2025, 10, 1), date(2025, 12, 31))},
        frozenset({"short-period"}),
    ),
    FlagCase(
        "six-month period is not short",
        {"period": Period(date(2025, 7, 1), date(2025, 12, 31))},
        frozenset(),
        frozenset({"short-period"}),
    ),
    FlagCase(
        "one day short of six months",
        {"period": Period(date(2025, 7, 2), date(2025, 12, 31))},
        frozenset({"short-period"}),
    ),
    FlagCase(
        "bridge letter due after three months",
        {},
        frozenset({"bridge-letter-due"}),
        frozenset({"stale-report"}),
        as_of=date(2026, 4, 15),
    ),
    FlagCase(
        "stale after twelve months",
        {},
        frozenset({"stale-report"}),
        frozenset({"bridge-letter-due"}),
        as_of=date(2027, 1, 5),
    ),
    FlagCase(
        "report dated before the period ends",
        {"report_date": date(2025, 11, 30)},
        frozenset({"inconsistent-dates"}),
    ),
    FlagCase(
        "report dated after the review day",
        {"report_date": date(2026, 3, 1)},
        frozenset({"inconsistent-dates"}),
    ),
    FlagCase(
        "access exception (CC6)",
        {"exceptions": (exception(criteria=("CC6.2",), ratios=((1, 40),)),)},
        frozenset({"access-exception"}),
        frozenset({"change-management-exception", "high-deviation-rate"}),
    ),
    FlagCase(
        "change management exception (CC8)",
        {"exceptions": (exception("CM-04", ("CC8.1",), ((1, 25),)),)},
        frozenset({"change-management-exception"}),
        frozenset({"access-exception"}),
    ),
    FlagCase(
        "exception in monitoring is neither access nor change",
        {"exceptions": (exception("CC4.1.2", ("CC4.1",), ((1, 25),)),)},
        frozenset(),
        frozenset({"access-exception", "change-management-exception"}),
    ),
    FlagCase(
        "high deviation rate",
        {"exceptions": (exception("CC7.2.5", ("CC7.2",), ((3, 25),)),)},
        frozenset({"high-deviation-rate"}),
    ),
    FlagCase(
        "rate exactly at the threshold",
        {"exceptions": (exception("CC7.5.1", ("CC7.5",), ((1, 10),)),)},
        frozenset({"high-deviation-rate"}),
    ),
    FlagCase(
        "low deviation rate",
        {"exceptions": (exception("CC7.2.5", ("CC7.2",), ((2, 25),)),)},
        frozenset(),
        frozenset({"high-deviation-rate"}),
    ),
    FlagCase(
        "responses with a section V",
        {
            "exceptions": (exception(response="Management agrees."),),
            "sections": (*report().sections, SECTION_V),
        },
        frozenset({"response-in-unaudited-section"}),
    ),
    FlagCase(
        "responses without a section V",
        {"exceptions": (exception(response="Management agrees."),)},
        frozenset(),
        frozenset({"response-in-unaudited-section"}),
    ),
    FlagCase(
        "section V but no response",
        {"exceptions": (exception(response=None),), "sections": (*report().sections, SECTION_V)},
        frozenset(),
        frozenset({"response-in-unaudited-section"}),
    ),
    FlagCase(
        "carve-out subservice organization",
        {"subservice_organizations": (CARVED, INCLUDED)},
        frozenset({"carve-out-subservice"}),
    ),
    FlagCase(
        "inclusive subservice organization only",
        {"subservice_organizations": (INCLUDED,)},
        frozenset(),
        frozenset({"carve-out-subservice"}),
    ),
    FlagCase(
        "qualified opinion, no exception read",
        {"opinion": Opinion("qualified", "Basis: access reviews.", Evidence(5, "except for"))},
        frozenset({"modified-opinion-without-exceptions"}),
    ),
    FlagCase(
        "adverse opinion with an exception read",
        {"opinion": Opinion("adverse"), "exceptions": (ACCESS_EXCEPTION,)},
        frozenset({"opinion-modified"}),
        frozenset({"modified-opinion-without-exceptions", "exceptions-under-unqualified-opinion"}),
    ),
    FlagCase(
        "exception under an unqualified opinion",
        {"exceptions": (ACCESS_EXCEPTION,)},
        frozenset({"exceptions-under-unqualified-opinion"}),
        frozenset({"modified-opinion-without-exceptions"}),
    ),
    FlagCase(
        "type 2 with no tests section",
        {"controls_status": "absent"},
        frozenset({"type2-without-tests"}),
        frozenset({"counts-uncertain"}),
    ),
    FlagCase(
        "tests read in part",
        {"controls_status": "partial"},
        frozenset({"counts-uncertain"}),
        frozenset({"type2-without-tests"}),
    ),
    FlagCase("tests unread", {"controls_status": "unread"}, frozenset({"counts-uncertain"})),
    FlagCase(
        "CUECs to operate",
        {"cuecs": ("User entities are responsible for reviewing access.",)},
        frozenset({"cuecs"}),
    ),
]


@pytest.mark.parametrize("case", FLAG_CASES, ids=[c.name for c in FLAG_CASES])
def test_flag(case: FlagCase) -> None:
    codes = {f.code for f in review_flags(report(**case.changes), case.as_of)}
    assert case.present <= codes, codes
    assert not case.absent & codes, codes


def test_every_flag_code_is_exercised() -> None:
    exercised = set().union(*(c.present for c in FLAG_CASES))
    assert exercised == set(FLAG_CODES)


def test_flags_carry_their_evidence() -> None:
    opinion = Opinion("qualified", "Basis.", Evidence(5, "except for the matter"))
    item = exception(criteria=("CC6.1", "CC8.1"), ratios=((4, 25),), page=22)
    flags = review_flags(report(opinion=opinion, exceptions=(item,)), AS_OF)
    by_code = {f.code: f for f in flags}
    assert by_code["opinion-modified"].evidence == opinion.evidence
    for code in ("access-exception", "change-management-exception", "high-deviation-rate"):
        assert by_code[code].evidence == item.evidence
        assert item.control_id in by_code[code].message
    assert "16%" in by_code["high-deviation-rate"].message


def test_unaudited_section_flag_points_at_the_section() -> None:
    flagged = report(
        exceptions=(exception(response="Fixed."),), sections=(*report().sections, SECTION_V)
    )
    (flag,) = [f for f in review_flags(flagged, AS_OF) if f.code == "response-in-unaudited-section"]
    assert flag.evidence == Evidence(page=31, text=SECTION_V.title)


def test_flags_follow_the_documented_order() -> None:
    busy = report(
        opinion=Opinion("adverse"),
        exceptions=(exception(ratios=((5, 25),)),),
        subservice_organizations=(CARVED,),
        cuecs=("A CUEC.",),
    )
    codes = [f.code for f in review_flags(busy, date(2026, 5, 1))]
    assert codes == sorted(codes, key=FLAG_CODES.index)
    assert codes[0] == "opinion-modified"


@pytest.mark.parametrize(("threshold", "flagged"), [(0.10, False), (0.05, True)])
def test_high_rate_threshold_is_a_parameter(threshold: float, flagged: bool) -> None:
    item = exception(ratios=((2, 25),))
    flags = review_flags(report(exceptions=(item,)), AS_OF, high_rate=threshold)
    assert ("high-deviation-rate" in {f.code for f in flags}) is flagged


def test_period_threshold_is_a_parameter() -> None:
    nine_months = report(period=Period(date(2025, 4, 1), date(2025, 12, 31)))
    assert not review_flags(nine_months, AS_OF)
    codes = {f.code for f in review_flags(nine_months, AS_OF, min_period_months=12)}
    assert codes == {"short-period"}


def test_report_flags_method_delegates() -> None:
    busy = report(opinion=Opinion("adverse"))
    assert busy.flags(AS_OF) == review_flags(busy, AS_OF)
    assert busy.flags(AS_OF, high_rate=0.5) == review_flags(busy, AS_OF, high_rate=0.5)


def test_flag_to_dict_is_json() -> None:
    flag = ReviewFlag(code="cuecs", message="m", evidence=Evidence(3, "t"))
    assert json.loads(json.dumps(flag.to_dict())) == {
        "code": "cuecs",
        "message": "m",
        "evidence": {"page": 3, "text": "t"},
    }


@settings(max_examples=150, deadline=None)
@given(strategies.reports, strategies.dates)
def test_flags_never_raise_and_use_known_codes(any_report: Report, as_of: date) -> None:
    for flag in review_flags(any_report, as_of):
        assert flag.code in FLAG_CODES
        assert flag.message


# --- the fixture corpus -----------------------------------------------------------------


def expected_report(name: str) -> Report:
    """A fixture's expected results as a Report (the JSON beside the PDF)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    data.setdefault("sha256", "0" * 64)
    evidence = data["opinion"].get("evidence")
    if evidence is not None:
        evidence.setdefault("text", "")
    for item in data.get("exceptions", ()):
        item.setdefault("evidence", {"page": 1, "text": ""})
    for control in data.get("controls", ()):
        control.setdefault("pages", [])
    return Report.from_dict(data)


@attrs.frozen
class FixtureCase:
    name: str
    present: frozenset[str]
    absent: frozenset[str] = frozenset()


# On 2026-02-20 every 2025 calendar-year report is 51 days old: no bridge letter yet.
FIXTURE_CASES = [
    FixtureCase(
        "rl01-soc2-t2-unqualified-grid",
        frozenset({"carve-out-subservice", "cuecs"}),
        frozenset({"opinion-modified", "response-in-unaudited-section", "bridge-letter-due"}),
    ),
    FixtureCase(
        "rl02-soc2-t2-qualified",
        frozenset(
            {"opinion-modified", "access-exception", "high-deviation-rate", "bridge-letter-due"}
        ),
        frozenset({"stale-report"}),
    ),
    FixtureCase(
        "rl03-soc2-t2-adverse",
        frozenset({"opinion-modified", "access-exception", "response-in-unaudited-section"}),
    ),
    FixtureCase(
        "rl08-soc2-t1-unqualified", frozenset({"type1-report"}), frozenset({"short-period"})
    ),
    FixtureCase(
        "rl09-soc1-t2-unqualified",
        frozenset(),
        frozenset({"access-exception", "change-management-exception", "carve-out-subservice"}),
    ),
    FixtureCase("rl10-soc3", frozenset({"carve-out-subservice"}), frozenset({"cuecs"})),
]


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=[c.name for c in FIXTURE_CASES])
def test_flags_on_fixture_expectations(case: FixtureCase) -> None:
    codes = {f.code for f in review_flags(expected_report(case.name), AS_OF)}
    assert case.present <= codes, codes
    assert not case.absent & codes, codes


PARSED = ["rl03-soc2-t2-adverse", "rl08-soc2-t1-unqualified"]


@pytest.fixture(scope="module")
def parse(request: pytest.FixtureRequest) -> Any:
    """The session's shared parse cache (``parsed`` in conftest.py), else a plain load."""
    try:
        return request.getfixturevalue("parsed")
    except pytest.FixtureLookupError:
        return soc2parse.load


@pytest.mark.parametrize("name", PARSED)
def test_flags_on_parsed_fixtures_match_expectations(name: str, parse: Any) -> None:
    got = parse(FIXTURES / f"{name}.pdf")
    assert isinstance(got, Report), got
    expected = [f.code for f in review_flags(expected_report(name), AS_OF)]
    assert [f.code for f in review_flags(got, AS_OF)] == expected


def _answered(response_page: int) -> Report:
    exception = soc2parse.ControlException(
        control_id="CC6.1.2",
        criteria=("CC6.1",),
        description="Access is approved.",
        finding="For 2 of 25 users, approval was missing.",
        ratios=(soc2parse.SampleRatio(2, 25, "2 of 25"),),
        management_response="Management agrees and has automated approvals.",
        evidence=soc2parse.Evidence(30, "For 2 of 25 users, approval was missing."),
        response_evidence=soc2parse.Evidence(response_page, "Management agrees ..."),
    )
    return Report(
        source="acme.pdf",
        sha256="0" * 64,
        page_count=60,
        exceptions=(exception,),
        sections=(
            soc2parse.Section(soc2parse.SectionKind.TESTS, "Section IV Testing Matrices", 20, 55),
            soc2parse.Section(soc2parse.SectionKind.OTHER, "Section V Other Information", 56, 60),
        ),
    )


@pytest.mark.parametrize(
    ("page", "flagged"),
    [(57, True), (30, False)],
    ids=["response-read-in-section-v", "response-read-inline-in-section-iv"],
)
def test_a_response_read_from_section_v_is_flagged_with_its_page(page: int, flagged: bool) -> None:
    flags = [f for f in review_flags(_answered(page)) if f.code == "response-in-unaudited-section"]
    assert bool(flags) is flagged
    if flagged:
        assert flags[0].evidence is not None
        assert flags[0].evidence.page == page
        assert "CC6.1.2" in flags[0].message


# --- contradictions, each on a parsed report that shows it ----------------------------------

# A Type 2 report with no tests of controls, and one whose tests section holds control ids in
# prose that no table reading can take: the smallest PDFs that show the two flags.
TESTS_IN_PROSE = [
    "Section IV: Description of Tests of Controls and Results",
    "CC6.1.1 Access to production is approved by a manager.",
    "The auditor inspected tickets for a sample of users.",
]


@attrs.frozen
class ContradictionCase:
    code: str
    source: str  # a fixture's name, or "built:<name>" for a PDF written by tests/pdfbuild.py
    evidence_page: int | None  # the page the flag's evidence points at (None: no evidence)


CONTRADICTION_CASES = [
    ContradictionCase("modified-opinion-without-exceptions", "rl24-soc3-qualified", 3),
    ContradictionCase("modified-opinion-without-exceptions", "rl18-soc2-t1-qualified", 5),
    ContradictionCase("exceptions-under-unqualified-opinion", "rl01-soc2-t2-unqualified-grid", 18),
    ContradictionCase("type2-without-tests", "built:no-tests", None),
    ContradictionCase("counts-uncertain", "built:tests-in-prose", None),
]


def _contradiction_report(source: str, parse: Any) -> Report:
    from pdfbuild import SOC_PAGES, make_pdf

    if source == "built:no-tests":
        return soc2parse.load(make_pdf(SOC_PAGES))
    if source == "built:tests-in-prose":
        return soc2parse.load(make_pdf([*SOC_PAGES, TESTS_IN_PROSE]))
    got = parse(FIXTURES / f"{source}.pdf")
    assert isinstance(got, Report), got
    return got


@pytest.mark.parametrize(
    "case", CONTRADICTION_CASES, ids=[f"{c.code}-{c.source}" for c in CONTRADICTION_CASES]
)
def test_each_contradiction_flag_on_a_report_that_shows_it(
    case: ContradictionCase, parse: Any
) -> None:
    got = _contradiction_report(case.source, parse)
    flags = [f for f in review_flags(got, AS_OF) if f.code == case.code]
    assert len(flags) == 1, [f.code for f in review_flags(got, AS_OF)]
    (flag,) = flags
    if case.evidence_page is None:
        assert flag.evidence is None
    else:
        assert flag.evidence is not None
        assert flag.evidence.page == case.evidence_page
        assert flag.evidence.text
    facts = soc2parse_review_facts(got)
    assert facts.counts_uncertain is (case.code in {"counts-uncertain", "type2-without-tests"})


def test_contradiction_cases_cover_every_contradiction_code() -> None:
    contradictions = set(FLAG_CODES[FLAG_CODES.index("modified-opinion-without-exceptions") :][:4])
    assert {c.code for c in CONTRADICTION_CASES} == contradictions


# --- review facts: what every view shows -----------------------------------------------------


def soc2parse_review_facts(got: Report) -> ReviewFacts:
    return review_facts(got, AS_OF)


DESCRIPTION = Section(kind="description", title="III. Description", first_page=6, last_page=14)


@attrs.frozen
class CuecCase:
    name: str
    changes: dict[str, Any]
    count: int | None


CUEC_CASES = [
    CuecCase("listed", {"cuecs": ("A.", "B."), "sections": (DESCRIPTION,)}, 2),
    CuecCase("none required in the description", {"sections": (DESCRIPTION,)}, 0),
    CuecCase("no description read", {}, None),
    CuecCase(
        "no CUEC heading found",
        {
            "sections": (DESCRIPTION,),
            "warnings": ("no complementary user entity controls heading was found in the "
                         "description",),
        },
        None,
    ),
    CuecCase(
        "CUECs unreadable",
        {
            "sections": (DESCRIPTION,),
            "warnings": ("the complementary user entity controls could not be read",),
        },
        None,
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CUEC_CASES, ids=[c.name for c in CUEC_CASES])
def test_cuec_count_is_empty_when_unknown_never_a_fake_zero(case: CuecCase) -> None:
    assert review_facts(report(**case.changes), AS_OF).cuec_count == case.count


def test_review_facts_of_a_report() -> None:
    busy = report(
        period=Period(date(2024, 7, 1), date(2025, 6, 30)),
        subservice_organizations=(
            CARVED,
            INCLUDED,
            SubserviceOrganization("Okta", "identity", None),
        ),
        controls_status="partial",
        cuecs=("A CUEC.",),
    )
    facts = review_facts(busy, AS_OF)
    assert facts.report_age_days == (AS_OF - date(2025, 6, 30)).days == 235
    assert facts.bridge_letter_from == date(2025, 9, 30)
    assert (facts.bridge_letter_due, facts.stale) == (True, False)
    assert facts.flags == tuple(dict.fromkeys(f.code for f in review_flags(busy, AS_OF)))
    assert facts.flag_count == len(review_flags(busy, AS_OF))
    assert "counts-uncertain" in facts.flags
    assert facts.counts_uncertain is True
    assert facts.subservice_methods == (
        f"{CARVED.name} (carve-out)",
        f"{INCLUDED.name} (inclusive)",
        "Okta (method unknown)",
    )
    assert facts.carve_outs == (CARVED.name,)
    assert facts.cuec_count == 1
    data = facts.to_dict()
    assert tuple(data) == REVIEW_COLUMNS
    assert json.loads(json.dumps(data)) == data
    assert data["bridge_letter_from"] == "2025-09-30"


def test_review_facts_of_a_report_without_a_period_are_unknown_not_zero() -> None:
    facts = review_facts(report(period=None), AS_OF)
    assert facts.report_age_days is None
    assert facts.bridge_letter_from is None
    assert facts.bridge_letter_due is None
    assert facts.stale is None
    assert facts.counts_uncertain is False
