"""Report facts: framework, type, categories, parties, report date, and the whole stage."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse._model import (
    Category,
    Framework,
    OpinionKind,
    ReportType,
    SubserviceOrganization,
)
from soc2parse.facts.auditor import read_auditor
from soc2parse.facts.firms import find_firms, is_standard_setter
from soc2parse.facts.gather import read_categories, read_facts, read_framework, read_report_type
from soc2parse.facts.organization import read_service_organization
from soc2parse.facts.places import is_place
from soc2parse.facts.subservice_lists import read_listed_subservice_organizations
from soc2parse.text.rules import load_patterns
from tablebuild import table_page

from factsbuild import build, report_pages, sections, table_section

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
    # The address, city, state or country after the name is no part of it.
    (
        "To the Management of Brightwell Analytics, Inc., Denver, Colorado:",
        "Brightwell Analytics, Inc.",
    ),
    (
        "To the Management of Brightwell Analytics, Inc., Denver, CO 80202:",
        "Brightwell Analytics, Inc.",
    ),
    ("To the Board of Directors of Vandelay Industries, New York, NY", "Vandelay Industries"),
    ("To the Management of Quarry Labs LLC 1200 Harbor Way, Suite 300", "Quarry Labs LLC"),
    ("To the Management of Tessera Systems Ltd., London, United Kingdom:", "Tessera Systems Ltd."),
    ("To the Management of Ostrander Health, Toronto, Ontario, Canada", "Ostrander Health"),
    ("To the Management of Larch Corp. Austin, TX", "Larch Corp."),
    (
        "To the Management of Fenwick Data, Inc. located in Seattle, Washington",
        "Fenwick Data, Inc.",
    ),
    ("To the Management of Pinegate, LLC:", "Pinegate, LLC"),
    # Other addressees and engagement sentences (ISAE 3000 reports).
    ("To the Directors of Larkspur Data Services Ltd", "Larkspur Data Services Ltd"),
    ("To the Board of Ostrava Cloud S.A.:", "Ostrava Cloud S.A."),
    ("To the Trustees of Pell Street Pension Services", "Pell Street Pension Services"),
    (
        'We have been engaged to report on Larkspur Data Services Ltd\'s ("Larkspur") '
        "description in Section 3",
        "Larkspur Data Services Ltd",
    ),
    # The name it trades under, and what follows a legal ending and a comma, are cut off.
    (
        "To the Management of Quillfeather Analytics, Inc. d/b/a Quillfeather:",
        "Quillfeather Analytics, Inc.",
    ),
    ("To the Management of Harwick Holdings LLC (d/b/a Harwick Post)", "Harwick Holdings LLC"),
    ("To the Management of Dorset Data Ltd trading as DorsetCloud", "Dorset Data Ltd"),
    ("To the Management of Tessaro Cloud S.r.l., Milan", "Tessaro Cloud S.r.l."),
    ("To the Management of Brightwell, Inc., a Delaware corporation:", "Brightwell, Inc."),
    ("To the Management of Smith, Jones & Co.", "Smith, Jones & Co."),
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


# The period is January 1 to December 31, 2025: a date on or before its end cannot be right.
EARLY_DATES = [
    # Printed under the signature: taken as printed, with a warning.
    ("Smith & Jones LLP\nAustin, Texas\nMarch 1, 2025", date(2025, 3, 1)),
    ("Smith & Jones LLP\nAustin, Texas, March 1, 2025", date(2025, 3, 1)),
    ("Jane Doe, CPA\nPartner\nDate: 1 March 2025", date(2025, 3, 1)),
    ("Whitmore Ashby\nDenver, CO\n03/01/2025", date(2025, 3, 1)),
    # The period's own first or last day, or a wrapped sentence's end: refused.
    ("Smith & Jones LLP\nAustin, Texas\nDecember 31, 2025", None),
    ("Smith & Jones LLP\nAustin, Texas\nJanuary 1, 2025", None),
    ("The engagement letter was signed on\nMarch 1, 2025.", None),
    ("Smith & Jones LLP\nAustin, Texas\nMarch 1, 2025.", None),
]


@pytest.mark.parametrize(("signature", "expected"), EARLY_DATES, ids=[c[0] for c in EARLY_DATES])
def test_report_date_before_period_end(signature: str, expected: date | None) -> None:
    facts = read_facts(build(_report(signature)), SPANS)
    assert facts.report_date == expected
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


# ------------------------------------------------------------------------------ the signing firm


@attrs.frozen
class Signed:
    """A signature block (and optionally a cover) and the firm that should be read from it."""

    signature: str
    expected: str | None
    cover: str = "Acme Cloud, Inc.\nSOC 2 Type 2 Report"
    letterhead: str = ""


CITY = "Chicago, Illinois\nMarch 3, 2026"

# Firms whose name has no legal ending, signing in the layouts real reports use.
SIGNED_WITHOUT_SUFFIX = [
    Signed(f"Whitmore Ashby\n{CITY}", "Whitmore Ashby"),
    Signed(f"WHITMORE ASHBY\n{CITY.upper()}", "WHITMORE ASHBY"),
    Signed("Fairhaven Assurance Group\nAtlanta, GA\nMarch 3, 2026", "Fairhaven Assurance Group"),
    Signed(f"Whitmore Ashby\nCertified Public Accountants\n{CITY}", "Whitmore Ashby"),
    # What the firm calls itself after its legal ending is no part of its name.
    Signed(f"Ostrander Vail LLP, Certified Public Accountants\n{CITY}", "Ostrander Vail LLP"),
    Signed(f"Penhallow Reid LLP, Chartered Accountants\n{CITY}", "Penhallow Reid LLP"),
    Signed(f"Jane Doe, CPA\nPartner\nPemberton Audit Partners\n{CITY}", "Pemberton Audit Partners"),
    Signed(
        f"Pemberton Audit Partners\nJane Doe\nEngagement Partner\n{CITY}",
        "Pemberton Audit Partners",
    ),
    Signed("/s/ Whitmore & Ashby\nChicago, Illinois, March 3, 2026", "Whitmore & Ashby"),
    Signed("KirkpatrickPrice\nNashville, Tennessee\nMarch 3, 2026", "KirkpatrickPrice"),
    Signed(
        "Sincerely,\nRedmond Vale & Associates\nMinneapolis, MN 55401\nMarch 3, 2026",
        "Redmond Vale & Associates",
    ),
    Signed("Whitmore Ashby\nMarch 3, 2026", "Whitmore Ashby"),
    Signed("Whitmore Ashby\nToronto, Ontario, Canada\n3 March 2026", "Whitmore Ashby"),
    Signed(
        "[Signature]\nSterling Attest Services\nSan Diego, CA\n03/03/2026",
        "Sterling Attest Services",
    ),
    # The legal name given elsewhere completes the signature's.
    Signed(
        f"Whitmore Ashby\n{CITY}",
        "Whitmore Ashby LLP",
        cover="Acme Cloud\nThe examination was performed by Whitmore Ashby LLP.",
    ),
    # A firm with a legal ending still signs as before.
    Signed(f"Smith & Jones LLP\n{CITY}", "Smith & Jones LLP"),
    Signed(f"Jane Doe, CPA\nPartner\nSmith & Jones, P.C.\n{CITY}", "Smith & Jones, P.C."),
]

# The signature is an image: the firm comes from a label, the notice or the letterhead.
NAMED_ELSEWHERE = [
    Signed(
        "Denver, CO\nMarch 3, 2026", "Whitmore Ashby", cover="Acme\nPrepared by\nWhitmore Ashby"
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026", "Whitmore Ashby", cover="Acme\nPrepared by: Whitmore Ashby"
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Whitmore Ashby",
        cover="Acme\nIndependent Service Auditor: Whitmore Ashby",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Fairhaven Assurance",
        cover="Acme\nReport issued by Fairhaven Assurance",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Whitmore Ashby",
        cover="Acme\nThe examination was performed by Whitmore Ashby, an independent certified "
        "public accounting firm.",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Pemberton Audit Partners",
        letterhead="Pemberton Audit Partners\n100 Main Street, Suite 400\nBoston, MA 02110",
    ),
    Signed("Denver, CO\nMarch 3, 2026", "Schellman", cover="Acme\nSOC 2 Report by Schellman"),
]

# The signature is an image: the firm comes from the restricted-use notice or a sentence
# saying who conducted the examination.
NAMED_IN_PROSE = [
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Harbor & Finch",
        cover="Acme\nUser entities do not acquire any rights against Harbor & Finch.",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Harbor & Finch",
        cover="Acme\nReaders of this report do not acquire rights as against Harbor & Finch "
        "or its partners.",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Whitmore Ashby",
        cover="Acme\nWhitmore Ashby conducted the examination in accordance with attestation "
        "standards.",
    ),
    Signed(
        "Denver, CO\nMarch 3, 2026",
        "Quill Harrow Assurance",
        cover="Acme\nQuill Harrow Assurance performed this engagement between January and March.",
    ),
    # The notice wraps so that a line ends with the firm's legal ending: the words before the
    # name on that line ("rights against", "against", "as against") are no part of it.
    *(
        Signed(f"{notice}\nDenver, CO\nMarch 3, 2026", firm)
        for notice, firm in [
            (
                "Users of this report do not acquire any\nrights against Harbor & Finch LLP.",
                "Harbor & Finch LLP",
            ),
            (
                "Users of this report do not acquire any rights\nagainst Ellery Stanton & "
                "Company, LLC.",
                "Ellery Stanton & Company, LLC",
            ),
            (
                "Readers obtain no rights\nas against Dunn Calder CPAs, P.C.",
                "Dunn Calder CPAs, P.C.",
            ),
            (
                "Specified parties do not acquire rights as against Lark & Vale, LLP by\n"
                "reading this report.",
                "Lark & Vale, LLP",
            ),
            (
                "No rights are acquired by any reader\nagainst Harbor and Finch Certified "
                "Public Accountants.",
                "Harbor and Finch Certified Public Accountants",
            ),
        ]
    ),
    # A firm signing beside sentences that cite standard setters keeps its name.
    Signed(
        f"Whitmore Ashby\n{CITY}",
        "Whitmore Ashby",
        cover="Acme\nThe examination was performed in accordance with standards established "
        "by the American Institute of Certified Public Accountants.",
    ),
]

# A sole practitioner signs in their own name; the report names them elsewhere too.
SOLE_PRACTITIONER = [
    Signed(f"Jane Roe, CPA\n{CITY}", "Jane Roe, CPA", letterhead="Jane Roe, CPA\nAustin, Texas"),
    Signed(
        f"Marcus Okafor, CPA, CISA\n{CITY}",
        "Marcus Okafor, CPA, CISA",
        cover="Acme\nUsers do not acquire any rights against Marcus Okafor, CPA.",
    ),
    # Named nowhere else, but the line under the signer says they sign as the auditor.
    Signed(f"Maren Okafor, CPA\nIndependent Service Auditor\n{CITY}", "Maren Okafor, CPA"),
    Signed(f"Jane Roe, CPA, CISA\nService Auditor\n{CITY}", "Jane Roe, CPA, CISA"),
    Signed(f"Jane Roe CPA\nCertified Public Accountant\n{CITY}", "Jane Roe CPA"),
    Signed(f"J. Roe, CPA\nIndependent Practitioner\n{CITY}", "J. Roe, CPA"),
    Signed(f"/s/ Jane Roe, CPA\nIndependent Auditor\n{CITY}", "Jane Roe, CPA"),
    # A title says a firm stands behind the person: no sole practitioner.
    Signed(f"Jane Roe, CPA\nPartner\n{CITY}", None, letterhead="Jane Roe, CPA"),
    Signed(f"Jane Roe, CPA\nPartner\nIndependent Service Auditor\n{CITY}", None),
    # A firm's line (plural) under the signer, or the auditor's line above them: not enough.
    Signed(f"Jane Roe, CPA\nCertified Public Accountants\n{CITY}", None),
    Signed(f"Independent Service Auditor\nJane Roe, CPA\n{CITY}", None),
]

# A standard setter or criteria body is never the auditor, wherever it is cited.
SETTERS_CITED = [
    Signed(
        CITY,
        None,
        cover="Acme\nThe examination was conducted in accordance with attestation standards "
        "established by the American Institute of Certified Public Accountants.",
    ),
    Signed(CITY, None, cover="Acme\nTrust services criteria issued by AICPA."),
    Signed(CITY, None, cover="Acme\nPrepared by: AICPA"),
    Signed(f"AICPA\n{CITY}", None),
    Signed(f"ISACA\n{CITY}", None),
    Signed(f"HITRUST Alliance\n{CITY}", None),
    Signed(CITY, None, cover="Acme\nThis report was issued by PCAOB standards."),
    Signed(CITY, None, letterhead="AICPA SOC for Service Organizations"),
    Signed(CITY, None, cover="Acme\nCloud Security Alliance conducted the examination."),
]

# Another organization's report names its own auditor, never this report's.
ANOTHER_REPORT = [
    Signed(
        CITY,
        None,
        cover="Acme\nAcme reviews the subservice organization's SOC 2 report issued by Quill "
        "Harrow Assurance.",
    ),
    Signed(
        CITY,
        None,
        cover="Acme\nManagement obtains Nimbus's SOC 1 Type 2 report, prepared by Calder Brooks "
        "Attest, each year.",
    ),
    Signed(
        CITY,
        "Whitmore Ashby",
        cover="Acme\nThe examination was performed by Whitmore Ashby. Acme reviews the vendor's "
        "report issued by Quill Harrow Assurance.",
    ),
]

# Nothing names the firm: None, never a generic phrase, a place or a person.
NO_FIRM = [
    Signed(f"Jane Doe, CPA\nPartner\n{CITY}", None),
    Signed(f"Jane Doe\nPartner\n{CITY}", None),
    Signed(f"John Smith, CPA, CISA\n{CITY}", None),
    Signed(f"Independent Service Auditor\n{CITY}", None),
    Signed(f"Certified Public Accountants\n{CITY}", None),
    Signed(f"Service Auditor's Signature\n{CITY}", None),
    Signed(f"Registered Public Accounting Firm\n{CITY}", None),
    Signed(CITY, None),
    Signed("Chicago\nMarch 3, 2026", None),
    Signed("New York\nMarch 3, 2026", None),
    Signed(f"Ashby\n{CITY}", None),
    Signed(f"[Signature]\n{CITY}", None),
    Signed(f"Digitally signed by Jane Doe\n{CITY}", None),
    Signed(CITY, None, cover="Acme Cloud\nPrepared by: Jane Doe, CPA"),
    Signed(CITY, None, cover="Acme Cloud\nPrepared by Acme Cloud, Inc."),
    Signed(CITY, None, cover="Acme Cloud\nPrepared for Whitmore Ashby"),
    Signed(CITY, None, letterhead="Section I\nConfidential"),
    # A bare name that another source contradicts is not trusted.
    Signed(
        f"Whitmore Ashby\n{CITY}",
        None,
        cover="Acme\nThe examination was performed by Harbor & Finch LLP.",
    ),
    # Two names in the block, neither more firm-like than the other.
    Signed(f"Whitmore Ashby\nJohn Calder\n{CITY}", None),
]


def _text_id(case: Signed) -> str:
    return " | ".join(f"{case.letterhead}\n{case.cover}\n{case.signature}".split("\n"))


@pytest.mark.parametrize(
    "case",
    SIGNED_WITHOUT_SUFFIX
    + NAMED_ELSEWHERE
    + NAMED_IN_PROSE
    + SOLE_PRACTITIONER
    + SETTERS_CITED
    + ANOTHER_REPORT
    + NO_FIRM,
    ids=_text_id,
)
def test_signing_firm(case: Signed) -> None:
    pages = report_pages(case.signature, case.cover, case.letterhead)
    facts = read_facts(build(pages), SPANS)
    assert facts.service_auditor == case.expected
    if case.expected is None:
        (why,) = [w for w in facts.warnings if "signing firm" in w]
        assert "firm" in why
    else:
        assert facts.auditor_evidence is not None
        assert facts.auditor_evidence.page in {1, 2}
        found = case.expected.split()[0].lower()
        assert found in facts.auditor_evidence.text.lower()


def test_a_person_in_the_signature_block_is_named_in_the_warning() -> None:
    facts = read_facts(build(report_pages(f"Jane Doe, CPA\nPartner\n{CITY}")), SPANS)
    (why,) = [w for w in facts.warnings if "signing firm" in w]
    assert "'Jane Doe, CPA' (person)" in why
    assert "'Chicago, Illinois' (place)" in why


def test_the_service_organization_is_never_the_auditor() -> None:
    facts = read_facts(build(report_pages(f"Acme Cloud\n{CITY}")), SPANS)
    assert facts.service_auditor is None


PLACES = [
    ("Denver, Colorado", True),
    ("Austin, TX 78701", True),
    ("Toronto, Ontario, Canada", True),
    ("London, United Kingdom", True),
    ("Chicago", True),
    ("Atlanta GA", True),
    ("New York", True),
    ("Whitmore Ashby", False),
    ("Smith & Jones, LLP", False),
    ("Carr, Riggs & Ingram", False),
    ("Fairhaven Assurance Group", False),
]


@pytest.mark.parametrize(("text", "expected"), PLACES, ids=str)
def test_is_place(text: str, expected: bool) -> None:
    assert is_place(text) is expected


SURNAMES = ("Whitmore", "Ashby", "Okafor", "Lindqvist", "Pemberton", "Calder", "Harrow", "Quill")
ENDINGS = ("", " LLP", ", LLC", ", P.C.", " Assurance", " Audit Partners", " & Associates")
GENERIC = (
    "Independent Service Auditor",
    "Service Auditor",
    "Certified Public Accountants",
    "Independent Auditors",
    "Registered Public Accounting Firm",
    "Chartered Professional Accountants",
)
places = st.sampled_from(["Chicago, Illinois", "Austin, TX", "Toronto, Ontario", "Boston, MA"])
when = st.sampled_from(["March 3, 2026", "3 March 2026", "03/03/2026"])


@st.composite
def firm_names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(SURNAMES), min_size=2, max_size=3, unique=True))
    name = " ".join(words) + draw(st.sampled_from(ENDINGS))
    return name.upper() if draw(st.booleans()) else name


# The first example loads spaCy's tokenizer: no deadline.
@settings(deadline=None)
@given(name=firm_names(), place=places, day=when, generic=st.sampled_from(("", *GENERIC)))
def test_a_signed_name_round_trips(name: str, place: str, day: str, generic: str) -> None:
    signature = "\n".join(x for x in (name, generic, place, day) if x)
    pages = build(report_pages(signature)).pages
    auditor = read_auditor(pages[1:2], pages[:1], ["Acme Cloud, Inc."])
    assert auditor.name == name
    assert auditor.evidence is not None
    assert auditor.evidence.text == name


# The first example loads spaCy's tokenizer: no deadline.
@settings(deadline=None)
@given(
    generic=st.sampled_from(GENERIC),
    person=st.sampled_from(["", "Jane Doe, CPA\nPartner", "John Roe\nPrincipal"]),
    place=places,
    day=when,
)
def test_a_generic_line_is_never_the_firm(generic: str, person: str, place: str, day: str) -> None:
    signature = "\n".join(x for x in (person, generic, place, day) if x)
    pages = build(report_pages(signature)).pages
    auditor = read_auditor(pages[1:2], pages[:1], ["Acme Cloud, Inc."])
    assert auditor.name is None
    assert "signing firm" in auditor.warning


SETTERS = tuple(r["pattern"] for r in load_patterns("parties") if r["label"] == "STANDARD_SETTER")
CITING = (
    "The examination was conducted in accordance with attestation standards established by the {}.",
    "Trust services criteria issued by {}.",
    "This report was prepared by {} standards.",
    "{} conducted the examination of the criteria.",
    "Users do not acquire any rights against {}.",
    "Prepared by {}",
    "{}",
)


@st.composite
def setter_names(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(SETTERS))
    return draw(st.sampled_from((name.upper(), name.title())))


# The first example loads spaCy's tokenizer: no deadline.
@settings(deadline=None)
@given(
    setter=setter_names(),
    sentence=st.sampled_from(CITING),
    where=st.sampled_from(("cover", "letterhead", "signature")),
    firm=st.sampled_from(("", "Whitmore Ashby", "Harbor & Finch LLP", "Quill Assurance Group")),
)
def test_a_standard_setter_is_never_the_auditor(
    setter: str, sentence: str, where: str, firm: str
) -> None:
    cited = sentence.format(setter)
    signature = f"{firm}\n{CITY}" if firm else CITY
    cover = "Acme Cloud, Inc.\nSOC 2 Type 2 Report"
    letterhead = ""
    if where == "cover":
        cover = f"{cover}\n{cited}"
    elif where == "letterhead":
        letterhead = cited
    else:
        signature = f"{cited}\n\n{signature}" if cited.endswith(".") else f"{cited}\n{signature}"
    facts = read_facts(build(report_pages(signature, cover, letterhead)), SPANS)
    if facts.service_auditor is not None:
        assert not is_standard_setter(facts.service_auditor)
    if firm and where != "signature":
        assert facts.service_auditor == firm


def test_every_party_rule_is_exercised() -> None:
    rules = load_patterns("parties")
    for rule in rules:
        shown = rule["pattern"].title()
        if rule["label"] == "PLACE":
            assert is_place(shown), shown
        elif rule["label"] == "STANDARD_SETTER":
            assert is_standard_setter(shown), shown
            pages = build(report_pages(f"{shown}\n{CITY}")).pages
            assert read_auditor(pages[1:2], pages[:1]).name is None, shown
        else:
            pages = build(report_pages(f"{shown}\n{CITY}")).pages
            assert read_auditor(pages[1:2], pages[:1]).name == shown


# ------------------------------------------------------------- subservice organizations listed

Org = SubserviceOrganization
AWS = "Amazon Web Services, Inc. (AWS)"
HEADING = "## Subservice Organizations"
INTRO = "Acme uses the following subservice organizations to deliver its services:"


@attrs.frozen
class Listing:
    """A description page holding a table (or nothing) and what should be read from it."""

    header: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]
    expected: tuple[SubserviceOrganization, ...]
    before: tuple[str, ...] = (HEADING, INTRO)
    after: tuple[str, ...] = ()
    widths: tuple[float, ...] = (170, 170, 110)
    ruled: bool = False
    tight: bool = False


TABLES = [
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        (
            (AWS, "Cloud infrastructure hosting", "Carve-out"),
            ("Okta, Inc.", "Identity management", "Inclusive"),
        ),
        (
            Org(AWS, "Cloud infrastructure hosting", "carve-out"),
            Org("Okta, Inc.", "Identity management", "inclusive"),
        ),
    ),
    # The same table ruled, set tight (no gap between rows), and with narrow wrapping columns.
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        (
            (AWS, "Cloud infrastructure hosting", "Carve-out"),
            ("Okta, Inc.", "Identity management", "Inclusive"),
        ),
        (
            Org(AWS, "Cloud infrastructure hosting", "carve-out"),
            Org("Okta, Inc.", "Identity management", "inclusive"),
        ),
        ruled=True,
    ),
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        (
            ("Microsoft Corporation (Azure)", "Hosting", "Carve-out"),
            ("Okta, Inc.", "Identity", "Inclusive"),
        ),
        (
            Org("Microsoft Corporation (Azure)", "Hosting", "carve-out"),
            Org("Okta, Inc.", "Identity", "inclusive"),
        ),
        tight=True,
    ),
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        ((AWS, "Cloud hosting", "Carve-out"), ("Okta, Inc.", "Identity", "Inclusive")),
        (Org(AWS, "Cloud hosting", "carve-out"), Org("Okta, Inc.", "Identity", "inclusive")),
        widths=(90, 120, 70),
        tight=True,
    ),
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        ((AWS, "Cloud infrastructure hosting and managed database services", "Carved out"),),
        (Org(AWS, "Cloud infrastructure hosting and managed database services", "carve-out"),),
        widths=(90, 120, 70),
    ),
    # Other column wordings; the method from the text around the table.
    Listing(
        ("Vendor", "Description of Services"),
        (("Equinix, Inc.", "Colocation data center"), ("Twilio Inc.", "SMS delivery")),
        (
            Org("Equinix, Inc.", "Colocation data center", "carve-out"),
            Org("Twilio Inc.", "SMS delivery", "carve-out"),
        ),
        before=(
            HEADING,
            "The subservice organizations below are presented using the carve-out method.",
        ),
    ),
    Listing(
        ("Third-Party Service Provider", "Service", "Treatment"),
        (
            ("Google LLC", "Cloud hosting", "Excluded"),
            ("Stripe, Inc.", "Payment processing", "Included"),
        ),
        (
            Org("Google LLC", "Cloud hosting", "carve-out"),
            Org("Stripe, Inc.", "Payment processing", "inclusive"),
        ),
    ),
    # Each organization's method from its own sentence after the table.
    Listing(
        ("Subservice Organization", "Services Provided"),
        (("Amazon Web Services (AWS)", "Hosting"), ("Okta, Inc.", "Identity management")),
        (
            Org("Amazon Web Services (AWS)", "Hosting", "carve-out"),
            Org("Okta, Inc.", "Identity management", "inclusive"),
        ),
        after=(
            "The controls at AWS are not included within the scope of this examination "
            "(carve-out method). Okta is presented using the inclusive method.",
        ),
    ),
    # Neither method said: None, not a guess.
    Listing(
        ("Subservice Organization", "Services Provided"),
        (("Salesforce, Inc.", "Customer relationship management"),),
        (Org("Salesforce, Inc.", "Customer relationship management", None),),
    ),
    # A CSOC table names the organizations in its first column; controls and criteria are not names.
    Listing(
        ("Subservice Organization", "Complementary Subservice Organization Controls", "Criteria"),
        (
            (
                "Amazon Web Services",
                "Physical access to data center facilities is restricted to authorized personnel.",
                "CC6.4",
            ),
            ("Amazon Web Services", "Environmental protections are maintained.", "A1.2"),
            ("Equinix, Inc.", "Changes to infrastructure are authorized and tested.", "CC8.1"),
        ),
        (Org("Amazon Web Services", None, "carve-out"), Org("Equinix, Inc.", None, "carve-out")),
        before=(HEADING, "Acme uses the carve-out method to present its subservice organizations."),
    ),
]

NOT_TABLES = [
    # A table of system components or of every vendor, not introduced as subservice ones.
    Listing(
        ("Name", "Description"),
        (("Jira Cloud", "Ticketing"), ("GitHub Enterprise", "Source code")),
        (),
        before=("## System Components", "The system is made up of the following components."),
    ),
    Listing(
        ("Vendor", "Services Provided"),
        (("Zoom Video Communications", "Meetings"),),
        (),
        before=("## Vendor Management", "Acme reviews its vendors each year."),
    ),
    # A CSOC table without a name column.
    Listing(
        ("Criteria", "Complementary Subservice Organization Controls"),
        (("CC6.4", "Physical access to data center facilities is restricted."),),
        (),
    ),
    # A tests-of-controls table.
    Listing(
        ("Control #", "Control Activity", "Test Results"),
        (("CC6.1.1", "Access is reviewed quarterly.", "No exceptions noted."),),
        (),
    ),
    # Rows that are not organizations.
    Listing(
        ("Subservice Organization", "Services Provided", "Method"),
        (("N/A", "None", "-"), ("CC6.4", "Complementary subservice organization controls", "-")),
        (),
    ),
    Listing(
        ("Subservice Organization", "Services Provided"),
        (("complementary controls at the provider", "hosting"),),
        (),
    ),
]


def _table_id(case: Listing) -> str:
    return " | ".join((*(case.header or ()), *(cell for row in case.rows for cell in row[:1])))[:90]


@pytest.mark.parametrize("case", TABLES + NOT_TABLES, ids=_table_id)
def test_subservice_tables(case: Listing) -> None:
    page = table_section(
        7,
        case.before,
        case.header,
        case.rows,
        widths=case.widths,
        ruled=case.ruled,
        after=case.after,
        tight=case.tight,
    )
    found, _warnings = read_listed_subservice_organizations([page])
    assert tuple(f.organization for f in found) == case.expected
    for item in found:
        assert item.evidence.page == 7
        assert item.evidence.text.split()[0] == item.organization.name.split()[0]


def test_an_unreadable_subservice_table_warns() -> None:
    page = table_section(
        3, (HEADING,), ("Subservice Organization", "Services Provided"), [("N/A", "N/A")]
    )
    found, warnings = read_listed_subservice_organizations([page])
    assert found == ()
    assert any("page 3" in w for w in warnings)


def test_a_table_header_repeated_on_the_next_page_is_skipped() -> None:
    header = ("Subservice Organization", "Services Provided", "Method")
    first = table_section(4, (HEADING, INTRO), header, [(AWS, "Hosting", "Carve-out")])
    second = table_section(5, (), header, [("Okta, Inc.", "Identity", "Inclusive")])
    found, _ = read_listed_subservice_organizations([first, second])
    assert [(f.organization.name, f.evidence.page) for f in found] == [(AWS, 4), ("Okta, Inc.", 5)]


def test_a_table_under_another_tables_columns_keeps_its_own_edges() -> None:
    # A CSOC table under the subservice table, its control column starting where the first
    # table's long names still run: the first table's edges come from its own rows only.
    first = table_section(
        6,
        (HEADING, INTRO),
        ("Subservice Organization", "Services Provided", "Method"),
        [
            (AWS, "Cloud hosting", "Carve-out"),
            ("Ledgerline Archival Services, Inc.", "Offsite backup archival", "Inclusive"),
        ],
        widths=(180, 170, 90),
        after=("## Complementary Subservice Organization Controls",),
    )
    top = first.lines[-1].bottom + 14.0
    csoc = table_page(
        6,
        ("Subservice Organization", "Complementary Subservice Organization Control", "Criteria"),
        [
            (
                "AWS",
                "AWS is responsible for restricting physical access to its facilities.",
                "CC6.4",
            ),
            ("AWS", "AWS is responsible for environmental protections at its sites.", "A1.2"),
        ],
        widths=(141, 220, 80),  # its control column opens between "Services," and "Inc."
        top=top,
    )
    page = attrs.evolve(first, lines=(*first.lines, *csoc.lines))
    found, _ = read_listed_subservice_organizations([page])
    assert [(f.organization.name, f.organization.method) for f in found][:2] == [
        (AWS, "carve-out"),
        ("Ledgerline Archival Services, Inc.", "inclusive"),
    ]


LISTS = [
    (
        f"{HEADING}\n{INTRO}\n• {AWS} – cloud hosting (carve-out)\n"
        "• Okta, Inc.: identity management",
        (Org(AWS, "cloud hosting", "carve-out"), Org("Okta, Inc.", "identity management", None)),
    ),
    (
        f"{HEADING}\n{INTRO}\n- Microsoft Azure - infrastructure hosting\n- Twilio Inc. - SMS\n"
        "\nBoth are presented using the carve-out method.",
        (
            Org("Microsoft Azure", "infrastructure hosting", "carve-out"),
            Org("Twilio Inc.", "SMS", "carve-out"),
        ),
    ),
    (
        f"{HEADING}\n{INTRO}\n• Equinix, Inc. (inclusive)\n• Google LLC (carve-out)",
        (Org("Equinix, Inc.", None, "inclusive"), Org("Google LLC", None, "carve-out")),
    ),
    # An item naming several organizations gives each its own.
    (
        f"{HEADING}\n{INTRO}\n• Larchmont Data, Fenwick Colo, and Quarry Point – colocation\n"
        "• Cobalt Identity, Inc. and Pinegate Mail LLC: identity and e-mail",
        (
            Org("Larchmont Data", "colocation"),
            Org("Fenwick Colo", "colocation"),
            Org("Quarry Point", "colocation"),
            Org("Cobalt Identity, Inc.", "identity and e-mail"),
            Org("Pinegate Mail LLC", "identity and e-mail"),
        ),
    ),
    (
        f"{HEADING}\n{INTRO}\n• Nimbus Compute, Inc. (Nimbus) – hosting\n• Ernst Baker Cloud – DNS",
        (Org("Nimbus Compute, Inc. (Nimbus)", "hosting"), Org("Ernst Baker Cloud", "DNS")),
    ),
    # Markers drawn as graphics are lost: items are the lines indented under a colon.
    (
        f"{HEADING}\nAcme colocates its servers in data centers operated by the following "
        "providers:\n     Flexential Corp.\n     QTS Realty Trust, LLC\n     Switch, Ltd.\n"
        "The controls of these data center providers were not included within the scope of this "
        "examination.",
        (
            Org("Flexential Corp.", None, "carve-out"),
            Org("QTS Realty Trust, LLC", None, "carve-out"),
            Org("Switch, Ltd.", None, "carve-out"),
        ),
    ),
    (
        f"{HEADING}\nAcme relies on the following vendors:\n   Larchmont Data – colocation\n"
        "   Nimbus Compute, Inc. – cloud hosting (inclusive)\nLarchmont Data is carved out.",
        (
            Org("Larchmont Data", "colocation", "carve-out"),
            Org("Nimbus Compute, Inc.", "cloud hosting", "inclusive"),
        ),
    ),
    (
        f"{HEADING}\nThe subservice organizations are:\n    Okta, Inc.: identity management\n"
        "    Twilio Inc.: SMS delivery",
        (Org("Okta, Inc.", "identity management"), Org("Twilio Inc.", "SMS delivery")),
    ),
    # Indented lines that are controls or sentences, or not under a list's introduction.
    (
        f"{HEADING}\nThe following complementary subservice organization controls are expected:\n"
        "    Logical Access Reviews\n    Backup Monitoring",
        (),
    ),
    (
        f"{HEADING}\nThe providers are expected to operate these controls:\n"
        "    Physical access to data center facilities is restricted.\n"
        "    Backups are monitored daily by the provider.",
        (),
    ),
    (
        f"{HEADING}\nAcme reviews its vendors each year.\n    Nimbus Compute\n    Larchmont Data",
        (),
    ),
    # Bullets that are controls or sentences, not organizations.
    (
        f"{HEADING}\nThe following complementary subservice organization controls are expected:\n"
        "• Logical Access Reviews\n• Backup Monitoring",
        (),
    ),
    (
        f"{HEADING}\n{INTRO}\n• Physical access to data center facilities is restricted.\n"
        "• the provider maintains backups",
        (),
    ),
]


@pytest.mark.parametrize(("text", "expected"), LISTS, ids=lambda v: str(v)[:80])
def test_subservice_lists(text: str, expected: tuple[SubserviceOrganization, ...]) -> None:
    document = build([f"{text}\n\n## Complementary User Entity Controls\nNone."])
    found, _ = read_listed_subservice_organizations(document.pages)
    assert tuple(f.organization for f in found) == expected


def test_a_table_completes_the_organizations_named_in_sentences() -> None:
    pages = report_pages(f"Smith & Jones LLP\n{CITY}")
    description = table_section(
        4,
        (
            "## Description of Acme's System",
            HEADING,
            "Acme uses Amazon Web Services (AWS) for cloud hosting.",
        ),
        ("Subservice Organization", "Services Provided", "Method"),
        [
            ("Amazon Web Services (AWS)", "Cloud hosting", "Carve-out"),
            ("Okta, Inc.", "Identity", "Inclusive"),
        ],
    )
    document = build(pages)
    document = attrs.evolve(document, pages=(*document.pages, description))
    spans = sections(("opinion", 2, 2), ("assertion", 3, 3), ("description", 4, 4))
    facts = read_facts(document, spans)
    assert facts.subservice_organizations == (
        Org("Amazon Web Services (AWS)", "cloud hosting", "carve-out"),
        Org("Okta, Inc.", "Identity", "inclusive"),
    )
    assert not any("none could be named" in w for w in facts.warnings)


def test_the_opinion_scope_and_the_description_name_each_organization_once() -> None:
    pages = report_pages(f"Smith & Jones LLP\n{CITY}")
    pages[1] = pages[1].replace(
        "(applicable trust services criteria).",
        "(applicable trust services criteria).\n\nAcme uses Northwind Corporation "
        '("Skyline"), a subservice organization, to provide cloud hosting. Acme uses Larchmont '
        'Data, Inc. ("Larchmont"), a subservice organization, to provide colocation.',
    )
    description = table_section(
        4,
        ("## Description of Acme's System", HEADING, INTRO),
        ("Subservice Organization", "Services Provided", "Method"),
        [
            ("Northwind Skyline", "Cloud hosting", "Carve-out"),
            ("Larchmont Data", "Colo", "Inclusive"),
        ],
    )
    document = build(pages)
    document = attrs.evolve(document, pages=(*document.pages, description))
    spans = sections(("opinion", 2, 2), ("assertion", 3, 3), ("description", 4, 4))
    facts = read_facts(document, spans)
    assert [(o.name, o.method) for o in facts.subservice_organizations] == [
        ("Northwind Skyline", "carve-out"),
        ("Larchmont Data", "inclusive"),
    ]
    assert all(o.evidence is not None for o in facts.subservice_organizations)


def test_without_a_description_section_its_wordings_are_read_on_the_other_pages() -> None:
    pages = report_pages(f"Smith & Jones LLP\n{CITY}")
    pages.append(
        '## Overview of Operations\nBrightwell uses Nimbus Compute, Inc. ("Nimbus"), a '
        "subservice organization, to provide hosting (carve-out method).\n\n"
        "## Complementary User Entity Controls\n"
        "• User entities are responsible for reviewing access.\n"
        "• User entities are responsible for protecting credentials.\n\n## Next\nx."
    )
    spans = sections(("opinion", 2, 2), ("assertion", 3, 3))
    facts = read_facts(build(pages), spans)
    assert [(o.name, o.method) for o in facts.subservice_organizations] == [
        ("Nimbus Compute, Inc. (Nimbus)", "carve-out")
    ]
    assert len(facts.cuecs) == 2


# ------------------------------------------------ type, categories, framework from the wild

T1, T2, TU = ReportType.TYPE1, ReportType.TYPE2, ReportType.UNKNOWN
TYPE1_OPINION = (
    "In our opinion, in all material respects, a. the description presents Acme's system that "
    "was designed and implemented as of June 30, 2024. b. the controls stated in the "
    "description were suitably designed to provide reasonable assurance that Acme's service "
    "commitments would be achieved if the controls operated effectively as of June 30, 2024. "
    "We did not perform any procedures regarding the operating effectiveness of the controls "
    "stated in the description and, accordingly, do not express an opinion thereon."
)
TYPE2_OPINION = (
    "In our opinion, in all material respects, the description presents the system throughout "
    "the period October 1, 2023 to September 30, 2024, and the controls stated in the "
    "description operated effectively throughout that period."
)
TYPES_FROM_THE_WILD = [
    ("SOC 2® Type 2 Report", "", T2),
    ("SOC 1® TYPE II REPORT", "", T2),
    ("Type 2 SOC 2 Report on Controls", "", T2),
    ("Report on Controls (SOC 2 Type 2).", "", T2),
    ("A Type-1 Independent Service Auditor's Report", "", T1),
    ("SOC 2 Type I.", "", T1),
    # A Type 1 mention about another report is not this report's type.
    ("", f"A type 1 report was previously issued for the system. {TYPE2_OPINION}", T2),
    ("", f"{TYPE2_OPINION} The prior period's Type 1 report is not covered.", T2),
    ("SOC 2 Type 2 Report", "A Type 1 report was issued in the prior year.", T2),
    ("", "A Type 1 report was previously issued.", TU),
    # A notice after the title speaks of subservice organizations and vendors: no other report.
    (
        "Acme Cloud, Inc. SOC 2 Type 2 Report For the Period January 1, 2024 to December 31, "
        "2024 This report is intended solely for Acme, its user entities, subservice "
        "organizations and vendors, and will not be distributed further",
        "",
        T2,
    ),
    ("Acme SOC 2 Type 1 Readiness Assessment. SOC 2 Type 2 Report", "", T2),
    # Inferred from what the opinion covers, though it says "operating effectiveness".
    ("", TYPE1_OPINION, T1),
    ("", TYPE2_OPINION, T2),
    ("Report on Controls Relevant to Security", TYPE1_OPINION, T1),
]


@pytest.mark.parametrize(("front", "opinion", "expected"), TYPES_FROM_THE_WILD, ids=str)
def test_report_type_from_the_wild(front: str, opinion: str, expected: ReportType) -> None:
    found, why = read_report_type(Framework.SOC2, front, opinion)
    assert found is expected
    assert bool(why) == (expected is TU)


CATEGORIES_FROM_THE_WILD = [
    ("Relevant to Security, Availability, and Confidentiality", (S, A, C)),
    (
        "SOC 2 Type 2 Report\nTrust Services Categories: Security, Availability, and Privacy",
        (S, A, P),
    ),
    ("In-Scope Trust Services Categories: Security and Processing Integrity", (S, PI)),
    ("Trust Services Criteria in Scope: Security, Confidentiality", (S, C)),
    ("based on the trust services criteria for security and availability", (S, A)),
    ("the trust services criteria relevant to security (common criteria) and availability", (S, A)),
    ("relevant to the Common Criteria and Availability", (S, A)),
    ("relevant to the Common Criteria", (S,)),
    ("applicable to the Security and Availability principles", (S, A)),
    (
        "SOC 2 Report on the Security, Availability, and Confidentiality Trust Services Categories",
        (S, A, C),
    ),
    ("relevant to Security, Availability, and Confiden-\ntiality", (S, A, C)),
    (
        "relevant to security, availability, processing integrity, confidentiality, and privacy",
        (S, A, PI, C, P),
    ),
    ("relevant to the following trust services categories: Security and Availability", (S, A)),
    # Categories said to be outside the scope.
    (
        "relevant to security. The trust services criteria for availability and privacy were "
        "not included in the scope of this examination.",
        (S,),
    ),
    ("relevant to security and availability; the privacy category is excluded", (S, A)),
    # Background lists of all five are never scope.
    (
        "criteria relevant to security and availability. The Trust Services Criteria consist of "
        "five categories: security, availability, processing integrity, confidentiality, and "
        "privacy.",
        (S, A),
    ),
    (
        "The trust services categories are: security, availability, processing integrity, "
        "confidentiality and privacy.",
        (),
    ),
    (
        "There are five trust services categories: Security, Availability, Processing "
        "Integrity, Confidentiality, and Privacy",
        (),
    ),
    (
        "the following categories: security, availability, processing integrity, confidentiality, "
        "and privacy",
        (),
    ),
]


@pytest.mark.parametrize(("text", "expected"), [*CATEGORIES, *CATEGORIES_FROM_THE_WILD], ids=str)
def test_categories(text: str, expected: tuple[Category, ...]) -> None:
    assert read_categories([text]) == expected


FRAMEWORKS_FROM_THE_WILD = [
    ("SOC 2+ Report", "", True, Framework.SOC2),
    ("SOC 3® Report", "", False, Framework.SOC3),
    ("SOC for Service Organizations: Trust Services Criteria", "", True, Framework.SOC2),
    ("ISAE 3402 Type II Report", "", True, Framework.SOC1),
    (
        "",
        "in accordance with ISAE 3000 based on the trust services criteria relevant to security",
        True,
        Framework.SOC2,
    ),
]


@pytest.mark.parametrize(
    ("front", "opinion", "tests", "expected"), FRAMEWORKS_FROM_THE_WILD, ids=str
)
def test_framework_from_the_wild(
    front: str, opinion: str, tests: bool, expected: Framework
) -> None:
    assert read_framework(front, opinion, tests)[0] is expected


def _scoped(
    scope: str,
    cover: str = "Acme Cloud, Inc.\nSOC 2 Type 2 Report",
    signature: str = "Smith & Jones LLP\nAustin, Texas\nFebruary 13, 2025",
) -> list[str]:
    pages = _report(signature, cover)
    pages[1] = pages[1].replace(
        "We have examined Acme's accompanying description of its system throughout "
        "the period January 1, 2025 to December 31, 2025 based on the trust services criteria "
        "relevant to security and availability (applicable trust services criteria).",
        scope,
    )
    return pages


@attrs.frozen
class Whole:
    """A report's scope paragraph (and cover) and the facts read from it."""

    scope: str
    period: tuple[date | None, date] | None
    report_type: ReportType = ReportType.TYPE2
    cover: str = "Acme Cloud, Inc.\nSOC 2 Type 2 Report"
    report_date: date | None = date(2025, 2, 13)
    signature: str = "Smith & Jones LLP\nAustin, Texas\nFebruary 13, 2025"
    opinion: str = ""  # replaces the opinion paragraph when given


WHOLE = [
    Whole(
        "We have examined Acme's description of its system for the period January 1, 2024, "
        "through December 31, 2024, based on the criteria relevant to security.",
        (date(2024, 1, 1), date(2024, 12, 31)),
    ),
    Whole(
        "We have examined Acme's description of its system for the twelve-month period ended "
        "September 30, 2024, based on the criteria relevant to security.",
        (date(2023, 10, 1), date(2024, 9, 30)),
    ),
    # The cover alone names the period, without a type in the title.
    Whole(
        "We have examined Acme's description of its system and the operating effectiveness of "
        "its controls throughout the period, based on the criteria relevant to security.",
        (date(2023, 7, 1), date(2024, 6, 30)),
        cover="Acme Cloud, Inc.\nSOC 2 Report\nJuly 1, 2023 - June 30, 2024",
    ),
    # Type 1 from "as of" with no type in the title.
    Whole(
        "We have examined Acme's description of its system as of June 30, 2024, and the "
        "suitability of the design of its controls, based on the criteria relevant to security.",
        (None, date(2024, 6, 30)),
        report_type=ReportType.TYPE1,
        cover="Acme Cloud, Inc.\nSOC 2 Report",
        report_date=date(2024, 8, 15),
        signature="Smith & Jones LLP\nAustin, Texas\nAugust 15, 2024",
        opinion=TYPE1_OPINION,
    ),
    # ISAE: no "examined"; day-first dates.
    Whole(
        "We have been engaged to report on Acme's description of its system throughout the "
        "period from 1 April 2024 to 31 March 2025, relevant to security.",
        (date(2024, 4, 1), date(2025, 3, 31)),
        report_date=date(2025, 5, 20),
        signature="Smith & Jones LLP\nLondon, United Kingdom\n20 May 2025",
    ),
    # A date ending a wrapped sentence is not the report date; the one after the signature is.
    Whole(
        "We have examined Acme's description of its system throughout the period January 1, "
        "2024 to December 31, 2024, relevant to security.",
        (date(2024, 1, 1), date(2024, 12, 31)),
        signature="Smith & Jones LLP\nAustin, Texas\nDate: February 13, 2025",
    ),
    # A Type 2 scope naming an as-of date before its period.
    Whole(
        "We have examined Acme's description of its system as of December 31, 2024, and the "
        "operating effectiveness of its controls throughout the period January 1, 2024 to "
        "December 31, 2024, relevant to security.",
        (date(2024, 1, 1), date(2024, 12, 31)),
        cover="Acme Cloud, Inc.\nSOC 2 Type 2 Report",
    ),
    # The date above the firm's name.
    Whole(
        "We have examined Acme's description of its system throughout the period January 1, "
        "2024 to December 31, 2024, relevant to security.",
        (date(2024, 1, 1), date(2024, 12, 31)),
        signature="February 13, 2025\nSmith & Jones LLP\nAustin, Texas",
    ),
    # A signature without a date: the period's end is no report date.
    Whole(
        "We have examined Acme's description of its system throughout the period January 1, "
        "2024 to\nDecember 31, 2024.",
        (date(2024, 1, 1), date(2024, 12, 31)),
        report_date=None,
        signature="Smith & Jones LLP\nAustin, Texas",
    ),
]


def _whole_id(case: Whole) -> str:
    return f"{case.cover.splitlines()[-1]} | {case.scope[:70]}"


@pytest.mark.parametrize("case", WHOLE, ids=_whole_id)
def test_type_period_and_report_date_in_whole_reports(case: Whole) -> None:
    pages = _scoped(case.scope, case.cover, case.signature)
    if case.opinion:
        pages[1] = pages[1].replace(
            "In our opinion, in all material respects, the controls operated "
            "effectively throughout the period.",
            case.opinion,
        )
    facts = read_facts(build(pages), SPANS)
    assert facts.report_type is case.report_type, facts.warnings
    got = (facts.period.start, facts.period.end) if facts.period else None
    assert got == case.period, facts.warnings
    assert facts.report_date == case.report_date, facts.warnings


CATEGORY_NAMES = {
    S: "Security",
    A: "Availability",
    PI: "Processing Integrity",
    C: "Confidentiality",
    P: "Privacy",
}
SCOPE_WORDINGS = (
    "based on the trust services criteria relevant to {}",
    "Relevant to {}",
    "Trust Services Categories: {}",
    "In-Scope Trust Services Categories: {}",
    "applicable to the {} categories",
)


@given(
    st.lists(st.sampled_from(list(CATEGORY_NAMES)), min_size=1, max_size=4, unique=True),
    st.sampled_from(SCOPE_WORDINGS),
    st.sampled_from([", and ", " and ", ", ", " & "]),
    st.sampled_from([str, str.upper, str.lower]),
)
def test_any_listed_categories_read_back(
    chosen: list[Category], wording: str, last: str, case: object
) -> None:
    names = [CATEGORY_NAMES[c] for c in chosen]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + last + names[-1]
    text = case(wording.format(listed))  # type: ignore[operator]
    assert read_categories([text]) == tuple(c for c in Category if c in chosen), text
