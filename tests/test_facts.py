"""Report facts: framework, type, categories, parties, report date, and the whole stage."""

from __future__ import annotations

from datetime import date

import pytest

from soc2parse._facts import read_categories, read_facts, read_framework, read_report_type
from soc2parse._model import Category, Framework, OpinionKind, ReportType
from soc2parse._parties import find_firms, read_service_organization

from factsbuild import build, sections

S, A, PI, C, P = (
    Category.SECURITY,
    Category.AVAILABILITY,
    Category.PROCESSING_INTEGRITY,
    Category.CONFIDENTIALITY,
    Category.PRIVACY,
)

FRAMEWORKS = [
    ("SOC 2 Type 2 Report", "", True, Framework.SOC2),
    ("SOC 2® Type II", "", True, Framework.SOC2),
    ("SOC2 Type 1", "", True, Framework.SOC2),
    ("SOC 1 Type 2 Report", "", True, Framework.SOC1),
    ("SOC 3 Report", "", False, Framework.SOC3),
    (
        "System and Organization Controls (SOC) for Service Organizations: Trust Services Criteria",
        "",
        False,
        Framework.SOC2,
    ),
    (
        "",
        "controls relevant to user entities' internal control over financial reporting",
        True,
        Framework.SOC1,
    ),
    ("", "based on the trust services criteria relevant to security", True, Framework.SOC2),
    (
        "Independent Accountant's Report",
        "the trust services criteria relevant to security",
        False,
        Framework.SOC3,
    ),
    ("", "nothing relevant here", True, Framework.UNKNOWN),
]


@pytest.mark.parametrize(("front", "opinion", "tests", "expected"), FRAMEWORKS, ids=str)
def test_framework(front: str, opinion: str, tests: bool, expected: Framework) -> None:
    framework, why = read_framework(front, opinion, tests)
    assert framework is expected
    assert bool(why) == (expected is Framework.UNKNOWN)


TYPES = [
    ("SOC 2 Type 2", "", ReportType.TYPE2),
    ("SOC 2 TYPE II REPORT", "", ReportType.TYPE2),
    ("A Type 1 Independent Service Auditor's Report", "", ReportType.TYPE1),
    ("Type I", "", ReportType.TYPE1),
    ("Type Two", "", ReportType.TYPE2),
    (
        "",
        "the controls operated effectively throughout the period January 1, 2025 to December "
        "31, 2025",
        ReportType.TYPE2,
    ),
    ("", "the controls were suitably designed as of June 30, 2025", ReportType.TYPE1),
    ("", "nothing here", ReportType.UNKNOWN),
]


@pytest.mark.parametrize(("front", "opinion", "expected"), TYPES, ids=str)
def test_report_type(front: str, opinion: str, expected: ReportType) -> None:
    assert read_report_type(Framework.SOC2, front, opinion)[0] is expected


def test_soc3_has_no_type() -> None:
    assert read_report_type(Framework.SOC3, "SOC 3 Type 2", "") == (ReportType.UNKNOWN, "")


CATEGORIES = [
    (
        "the trust services criteria relevant to security, availability, and confidentiality "
        "(applicable trust services criteria)",
        (S, A, C),
    ),
    (
        "Relevant to Security, Availability, Processing Integrity, Confidentiality and Privacy",
        (S, A, PI, C, P),
    ),
    ("RELEVANT TO SECURITY AND AVAILABILITY", (S, A)),
    (
        "criteria relevant to security (applicable trust services criteria) set forth in TSP "
        "section 100, 2017 Trust Services Criteria for Security, Availability, Processing "
        "Integrity, Confidentiality, and Privacy",
        (S,),
    ),
    ("relevant to security & privacy", (S, P)),
    ("relevant to availability or confidentiality", (A, C)),
    # Background lists are not scope.
    (
        "The five trust services categories are security, availability, processing integrity, "
        "confidentiality and privacy.",
        (),
    ),
    (
        "2017 Trust Services Criteria for Security, Availability, Processing Integrity, "
        "Confidentiality, and Privacy",
        (),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CATEGORIES, ids=str)
def test_categories(text: str, expected: tuple[Category, ...]) -> None:
    assert read_categories([text]) == expected


ORGANIZATIONS = [
    ("We have examined Acme Cloud, Inc.'s accompanying description", "Acme Cloud, Inc."),
    ("We have examined Acme Cloud, Inc.’s accompanying description", "Acme Cloud, Inc."),
    ("To the Management of Globex Corporation:", "Globex Corporation"),
    ("To the Board of Directors and Management of Initech LLC", "Initech LLC"),
    (
        "We have examined the accompanying description of Hooli Labs, Inc.'s Search Platform",
        "Hooli Labs, Inc.",
    ),
    ("We have examined management of Umbrella Health's assertion", "Umbrella Health"),
    ('We have examined Stark Data Ltd. ("Stark")\'s description', "Stark Data Ltd."),
    ("We have examined the description of its system", None),
]


@pytest.mark.parametrize(("text", "expected"), ORGANIZATIONS, ids=str)
def test_service_organization(text: str, expected: str | None) -> None:
    assert read_service_organization([text]) == expected


FIRMS = [
    ("Smith & Jones LLP", ("Smith & Jones LLP",)),
    ("Calder Brooks & Company, P.C.", ("Calder Brooks & Company, P.C.",)),
    ("Redmond Vale & Associates, CPAs", ("Redmond Vale & Associates, CPAs",)),
    ("performed by Baker Tilly US, LLP in Chicago", ("Baker Tilly US, LLP",)),
    ("Able Assurance, P.A.", ("Able Assurance, P.A.",)),
    ("Dunn CPAs, PLLC", ("Dunn CPAs, PLLC",)),
    ("Lee & Co.", ("Lee & Co.",)),
    ("Amazon Web Services, Inc.", ()),
    ("our qualified personnel", ()),
]


@pytest.mark.parametrize(("text", "expected"), FIRMS, ids=str)
def test_find_firms(text: str, expected: tuple[str, ...]) -> None:
    assert find_firms(text) == expected


def _report(signature: str, cover: str = "Acme Cloud, Inc.\nSOC 2 Type 2 Report") -> list[str]:
    return [
        cover,
        "## Independent Service Auditor's Report\nTo the Management of Acme Cloud, Inc.:\n\n"
        "## Scope\nWe have examined Acme's accompanying description of its system throughout "
        "the period January 1, 2025 to December 31, 2025 based on the trust services criteria "
        "relevant to security and availability (applicable trust services criteria).\n\n"
        "## Opinion\nIn our opinion, in all material respects, the controls operated "
        f"effectively throughout the period.\n\n{signature}",
        "## Management's Assertion\nWe confirm the description. Jane Roe, CEO, Acme Cloud, LLC",
    ]


SPANS = sections(("opinion", 2, 2), ("assertion", 3, 3))


def test_read_facts_whole_stage() -> None:
    facts = read_facts(build(_report("Smith & Jones LLP\nAustin, Texas\nFebruary 13, 2026")), SPANS)
    assert facts.framework is Framework.SOC2
    assert facts.report_type is ReportType.TYPE2
    assert facts.service_organization == "Acme Cloud, Inc."
    assert facts.service_auditor == "Smith & Jones LLP"
    assert facts.period is not None
    assert (facts.period.start, facts.period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert facts.report_date == date(2026, 2, 13)
    assert facts.categories == (S, A)
    assert facts.opinion.kind is OpinionKind.UNQUALIFIED


@pytest.mark.parametrize(
    "signature",
    ["Austin, Texas, February 13, 2026", "Austin, TX\n13 February 2026", "Date: 2/13/2026"],
    ids=str,
)
def test_report_date_forms(signature: str) -> None:
    facts = read_facts(build(_report(f"Smith & Jones LLP\n{signature}")), SPANS)
    assert facts.report_date == date(2026, 2, 13)


def test_city_only_signature_takes_the_firm_from_the_notice() -> None:
    cover = (
        "Acme Cloud, Inc.\nSOC 2 Type 2 Report\n\nThe examination was performed by "
        "Harbor & Finch LLP, an independent CPA firm."
    )
    facts = read_facts(build(_report("Austin, Texas\nFebruary 13, 2026", cover)), SPANS)
    assert facts.service_auditor == "Harbor & Finch LLP"


def test_no_firm_anywhere_is_none_with_a_warning() -> None:
    facts = read_facts(build(_report("Austin, Texas\nFebruary 13, 2026")), SPANS)
    assert facts.service_auditor is None
    assert any("signing firm" in w for w in facts.warnings)


def test_report_date_before_period_end_is_refused() -> None:
    facts = read_facts(build(_report("Smith & Jones LLP\nAustin, Texas\nMarch 1, 2025")), SPANS)
    assert facts.report_date is None
    assert any("before the period ends" in w for w in facts.warnings)


def test_missing_opinion_section_is_unknown_with_warning() -> None:
    document = build(["Acme Cloud, Inc.\nSOC 2 Type 2 Report", "Unreadable \ufffd\ufffd text."])
    facts = read_facts(document, ())
    assert facts.opinion.kind is OpinionKind.UNKNOWN
    assert facts.warnings


def test_subservice_organizations_named_only_in_the_opinion_scope_are_read() -> None:
    pages = _report("Smith & Jones LLP\nAustin, Texas\nFebruary 13, 2026")
    pages[1] = pages[1].replace(
        "(applicable trust services criteria).",
        "(applicable trust services criteria).\n\nAcme uses Google Cloud Platform, a "
        "subservice organization, to provide infrastructure hosting services. The description "
        "excludes the controls of Google Cloud Platform (carve-out method).",
    )
    pages.append("## Description of Acme's System\nAcme provides a data platform.")
    spans = sections(("opinion", 2, 2), ("assertion", 3, 3), ("description", 4, 4))
    facts = read_facts(build(pages), spans)
    (only,) = facts.subservice_organizations
    assert (only.name, only.method) == ("Google Cloud Platform", "carve-out")
