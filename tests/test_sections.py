"""Section finding: heading shapes, titles of every kind, contents pages, page ranges."""

from __future__ import annotations

import attrs
import pytest

from soc2parse import NotASocReportError, Section, SectionKind
from soc2parse.sections import (
    check_soc_report,
    control_tests_pages,
    find_sections,
    opinion_reading_pages,
    title_kind,
)

from pagebuild import document, page


@attrs.frozen
class TitleCase:
    text: str
    kind: SectionKind | None


TITLES = [
    # Opinion
    TitleCase("Independent Service Auditor's Report", SectionKind.OPINION),
    TitleCase("INDEPENDENT SERVICE AUDITORS' REPORT", SectionKind.OPINION),
    TitleCase("Report of Independent Service Auditors", SectionKind.OPINION),
    TitleCase("Independent Accountant's Report", SectionKind.OPINION),
    TitleCase("Independent Service Auditor's Assurance Report", SectionKind.OPINION),
    TitleCase("Independent Practitioner's Assurance Report", SectionKind.OPINION),
    TitleCase("Independent Auditor's Report", SectionKind.OPINION),
    # Assertion
    TitleCase("Management's Assertion", SectionKind.ASSERTION),
    TitleCase("MANAGEMENT'S ASSERTION", SectionKind.ASSERTION),
    TitleCase("Assertion of Acme Cloud, Inc. Management", SectionKind.ASSERTION),
    TitleCase("Acme's Management Assertion", SectionKind.ASSERTION),
    TitleCase("Management's Statement", SectionKind.ASSERTION),
    TitleCase("Assertion by the Management of Acme Corp.", SectionKind.ASSERTION),
    # Description
    TitleCase("Description of Acme's Cloud Platform System", SectionKind.DESCRIPTION),
    TitleCase("Acme's Description of Its Payroll Processing System", SectionKind.DESCRIPTION),
    TitleCase("System Description", SectionKind.DESCRIPTION),
    TitleCase("Description of the Boundaries of the Acme Platform", SectionKind.DESCRIPTION),
    TitleCase("Description of the System", SectionKind.DESCRIPTION),
    # Tests
    TitleCase(
        "Trust Services Criteria, Related Controls, and Tests of Controls", SectionKind.TESTS
    ),
    TitleCase(
        "Control Objectives, Related Controls and Tests of Operating Effectiveness",
        SectionKind.TESTS,
    ),
    TitleCase("Description of Tests of Controls and Results", SectionKind.TESTS),
    TitleCase("Information Provided by the Independent Service Auditor", SectionKind.TESTS),
    TitleCase("Testing Matrices", SectionKind.TESTS),
    TitleCase("Description of Criteria, Controls, Tests and Results of Tests", SectionKind.TESTS),
    TitleCase(
        "Applicable Trust Services Criteria, Controls, Tests of Controls and Results",
        SectionKind.TESTS,
    ),
    TitleCase(
        "Description of the Trust Services Categories, Criteria, Controls, Tests and Results",
        SectionKind.TESTS,
    ),
    TitleCase("Information Provided by the Service Auditor", SectionKind.TESTS),
    # Other
    TitleCase("Other Information Provided by Acme Cloud, Inc.", SectionKind.OTHER),
    TitleCase("Additional Information Provided by Management", SectionKind.OTHER),
    TitleCase("Management's Response to Exceptions", SectionKind.OTHER),
    # Not section titles: opinion paragraph headings, subheadings and sentences
    TitleCase("Control Objectives and Related Controls", None),
    TitleCase("Management's Response: The exception resulted from a manual process", None),
    TitleCase("Description of Tests of Controls", None),
    TitleCase("Opinion", None),
    TitleCase("Scope", None),
    TitleCase("Inherent Limitations", None),
    TitleCase("Complementary User Entity Controls", None),
]


@pytest.mark.parametrize("case", TITLES, ids=lambda c: c.text)
def test_title_kind(case: TitleCase) -> None:
    assert title_kind(case.text) == case.kind


def _report_pages(headings: dict[int, list[str]], count: int = 12) -> list:
    pages = []
    for number in range(1, count + 1):
        lines = headings.get(number, [])
        body = ["The service organization operates controls in the ordinary course."] * 4
        pages.append(page(number, [*lines, *body]))
    return pages


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        ("SECTION IV TRUST SERVICES CRITERIA AND RELATED CONTROLS", SectionKind.TESTS),
        ("Section 4: Control Objectives and Related Controls", SectionKind.TESTS),
        ("IV. Trust Services Criteria and Related Controls", SectionKind.TESTS),
    ],
    ids=str,
)
def test_type1_titles_name_the_tests_after_a_marker(marker: str, kind: SectionKind) -> None:
    sections = find_sections(_report_pages({3: [marker]}))
    assert [(s.kind, s.first_page) for s in sections] == [(kind, 3)]


def test_labels_and_table_header_rows_are_no_headings() -> None:
    header = page(
        4,
        [
            "Management's Response:",
            ("Control Activity", {"x0": 72.0}),
        ],
    )
    spread = attrs.evolve(
        header,
        lines=(
            header.lines[0],
            attrs.evolve(
                header.lines[1],
                words=(
                    *header.lines[1].words,
                    *page(4, [("Results of Tests", {"x0": 400.0})]).lines[0].words,
                ),
            ),
        ),
    )
    pages = _report_pages({3: ["Testing Matrices"]})
    pages[3] = spread
    sections = find_sections(pages)
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [(SectionKind.TESTS, 3, 12)]


@pytest.mark.parametrize(
    "style",
    [
        ["SECTION I", "Independent Service Auditor's Report"],
        ["Section 1: Independent Service Auditor's Report"],
        ["SECTION ONE - INDEPENDENT SERVICE AUDITOR'S REPORT"],
        ["I. Independent Service Auditor's Report"],
        ["Independent Service Auditor's Report"],
    ],
    ids=" / ".join,
)
def test_heading_styles_all_start_the_opinion(style: list[str]) -> None:
    pages = _report_pages({3: style, 6: ["Section II: Management's Assertion"]})
    sections = find_sections(pages)
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [
        (SectionKind.OPINION, 3, 5),
        (SectionKind.ASSERTION, 6, 12),
    ]


def test_contents_pages_are_skipped_and_ranges_follow_the_headings() -> None:
    toc = page(
        2,
        [
            "Table of Contents",
            "Section I Independent Service Auditor's Report .......... 3",
            "Section II Management's Assertion .......... 5",
            "Section III Description of Acme's System .......... 6",
            "Section IV Trust Services Criteria, Related Controls and Tests of Controls ..... 9",
        ],
        is_toc=True,
    )
    pages = _report_pages(
        {
            3: ["SECTION I", "Independent Service Auditor's Report"],
            5: ["SECTION II", "Management's Assertion"],
            6: ["SECTION III", "Description of Acme's Cloud System"],
            9: [
                "SECTION IV",
                "Trust Services Criteria, Related Controls,",
                "and Tests of Controls",
            ],
            12: ["SECTION V", "Other Information Provided by Acme"],
        }
    )
    pages[1] = toc
    sections = find_sections(pages)
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [
        (SectionKind.OPINION, 3, 4),
        (SectionKind.ASSERTION, 5, 5),
        (SectionKind.DESCRIPTION, 6, 8),
        (SectionKind.TESTS, 9, 11),
        (SectionKind.OTHER, 12, 12),
    ]
    assert sections[3].title == (
        "SECTION IV Trust Services Criteria, Related Controls, and Tests of Controls"
    )


def test_a_title_mentioned_in_body_text_is_no_heading() -> None:
    pages = _report_pages({3: ["Independent Service Auditor's Report"]})
    pages[5] = page(
        6,
        [
            "Body text continues here and refers to the",
            "accompanying description of its system. The service auditor tested",
            "as stated in management's assertion in section II of this report.",
        ],
    )
    sections = find_sections(pages)
    assert [(s.kind, s.first_page) for s in sections] == [(SectionKind.OPINION, 3)]


def test_body_text_set_larger_than_the_tables_is_not_a_heading() -> None:
    # Tables set in 8 pt make 10 pt prose look large when measured over the whole report.
    table = [(f"CC{i}.1 control row text set small", {"size": 8.0}) for i in range(40)]
    prose = [
        "Section 1: Independent Service Auditor's Report",
        "We have examined Acme's accompanying description of its Cloud Platform System titled",
        'report titled "Description of Criteria, Controls, Tests and Results of Tests."',
    ]
    pages = _report_pages({})
    pages[2] = page(3, prose)
    pages[8] = page(9, ["Section 4: Testing Matrices", *table])
    for number in (10, 11, 12):
        pages[number - 1] = page(number, table)
    sections = find_sections(pages)
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [
        (SectionKind.OPINION, 3, 8),
        (SectionKind.TESTS, 9, 12),
    ]


def test_a_bold_heading_further_down_the_page_counts() -> None:
    lines = ["Closing text of the assertion."] * 6 + [
        ("Description of Acme's Cloud Services System", {"bold": True, "size": 14.0})
    ]
    pages = _report_pages({3: ["Management's Assertion"]})
    pages[4] = page(5, lines)
    sections = find_sections(pages)
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [
        (SectionKind.ASSERTION, 3, 5),
        (SectionKind.DESCRIPTION, 5, 12),
    ]


def test_a_running_section_title_on_every_page_does_not_split_the_section() -> None:
    headings = {n: ["Section IV - Testing Matrices"] for n in range(8, 13)}
    headings[3] = ["Independent Service Auditor's Report"]
    sections = find_sections(_report_pages(headings))
    assert [(s.kind, s.first_page, s.last_page) for s in sections] == [
        (SectionKind.OPINION, 3, 7),
        (SectionKind.TESTS, 8, 12),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "INVOICE Number 2025-0042 Amount due: $4,500.00 Payment terms: net 30 days",
        "MASTER SERVICES AGREEMENT between Acme and Customer. The parties agree as follows.",
    ],
)
def test_a_document_without_soc_wording_is_rejected(text: str) -> None:
    doc = document([page(1, [text] * 3), page(2, ["Signature", "Date"])], source="other.pdf")
    with pytest.raises(NotASocReportError, match=r"^other\.pdf: .*SOC"):
        check_soc_report(doc, find_sections(doc.pages))


def test_a_soc_report_passes_the_check() -> None:
    doc = document(
        [
            page(1, ["Acme Cloud, Inc.", "SOC 2 Type 2 Report", "Relevant to Security"]),
            page(
                2,
                [
                    "Independent Service Auditor's Report",
                    "We have examined Acme's description based on the trust services criteria.",
                    "In our opinion, in all material respects, the description is fair.",
                ],
            ),
        ]
    )
    check_soc_report(doc, find_sections(doc.pages))


@pytest.mark.parametrize(
    ("title", "examined"),
    [
        ("Report of Independent Certified Public Accountants", "We have examined"),
        ("INDEPENDENT SERVICE AUDITOR'S ASSURANCE REPORT", "We have been engaged to report on"),
        ("Independent Accountant's Report", "We were engaged to examine"),
        ("Section I: Independent Service Auditors' Report", "Our examination covered"),
    ],
    ids=str,
)
def test_auditors_report_titles_pass_the_check(title: str, examined: str) -> None:
    doc = document(
        [
            page(1, ["Acme Cloud, Inc.", "SOC 2 Type 2 Report"]),
            page(2, [title, f"{examined} Acme's description.", "In our opinion, it is fair."]),
        ]
    )
    check_soc_report(doc, ())


def test_soc_words_without_an_auditors_report_are_rejected() -> None:
    doc = document(
        [
            page(1, ["Acme Cloud, Inc.", "SOC 2 Type 2 Report", "Relevant to Security"]),
            page(2, ["Independent Service Auditor's Report", "Trust services criteria ..."]),
        ],
        source="words.pdf",
    )
    with pytest.raises(NotASocReportError, match=r"^words\.pdf: .*no independent service audit"):
        check_soc_report(doc, find_sections(doc.pages))


# ------------------------------------------------ documents that talk about SOC 2 but are none


def _drawn(pages: list[list[str]], *, landscape: bool = False, font: str = "Helvetica") -> bytes:
    """A small PDF drawn with reportlab: a bold first line, then body lines, one list a page.

    An empty list is a page holding only an image (a scanned cover).
    """
    import io

    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    size = turned(letter) if landscape else letter
    canvas = Canvas(out, pagesize=size, invariant=1)
    for lines in pages:
        if not lines:
            canvas.setFillGray(0.6)
            canvas.rect(72, 200, 400, 400, fill=1)
        y = size[1] - 72
        for index, text in enumerate(lines):
            face = font if index else {"Times-Roman": "Times-Bold"}.get(font, f"{font}-Bold")
            canvas.setFont(face, 13 if index == 0 else 10)
            canvas.drawString(72, y, text)
            y -= 22 if index == 0 else 14
        canvas.showPage()
    canvas.save()
    return out.getvalue()


NOT_SOC_REPORTS = [
    (
        "readiness",
        [
            [
                "SOC 2 Readiness Assessment",
                "Prepared for Brightwell Analytics, Inc.",
                "This readiness assessment maps current controls to the trust services criteria",
                "and lists the gaps to close before a SOC 2 Type 2 examination.",
                "Gap: access reviews are not performed quarterly.",
            ]
        ],
        "readiness",
    ),
    (
        "scanner",
        [
            [
                "SOC 2 Report",
                "Generated automatically for Brightwell Analytics on 2026-02-01.",
                "Automated tests passing: 182 of 190. Checks failing: 8.",
                "Trust services criteria coverage: CC6.1, CC6.2, CC7.1.",
                "Vulnerability scan: no critical findings.",
            ]
        ],
        "scanner",
    ),
    (
        "whitepaper",
        [
            [
                "Security Whitepaper",
                "Brightwell Analytics is committed to protecting customer data.",
                "We undergo an annual SOC 2 Type 2 examination by an independent auditor.",
                "Our controls address the trust services criteria for security and availability.",
            ],
            ["Encryption", "Data is encrypted at rest with AES-256 and in transit with TLS 1.2+."],
        ],
        "whitepaper",
    ),
    (
        "policy",
        [
            [
                "Information Security Policy",
                "Purpose: to set out how Brightwell protects its information assets.",
                "Scope: all employees and contractors. Effective date: March 1, 2026.",
                "This policy supports our SOC 2 program and the trust services criteria.",
                "Owner: Chief Information Security Officer. Approved by the board.",
            ]
        ],
        "policy",
    ),
    (
        "analyst summary",
        [
            [
                "Vendor Risk Review: Brightwell Analytics",
                "Summary of the SOC 2 Type 2 report for the period ended December 31, 2025.",
                "Auditor: Whitmore Ashby LLP. Opinion: unqualified.",
                "Key findings: two exceptions in change management; complementary user entity",
                "controls require MFA at the customer. Subservice organization: Nimbus Compute.",
            ]
        ],
        "summary",
    ),
    (
        "bridge letter",
        [
            [
                "Bridge Letter",
                "To our customers: Brightwell Analytics' most recent SOC 2 Type 2 report covered",
                "the period January 1, 2025 to December 31, 2025. Management is not aware of any",
                "material changes to the system of internal control since that period.",
                "Jane Roe, Chief Executive Officer",
            ]
        ],
        "bridge",
    ),
    (
        "analyst summary quoting the opinion in prose",
        [
            [
                "Executive Summary of the SOC 2 Examination",
                "The independent service auditor's report on Brightwell Analytics states that, in",
                "their words, in our opinion the controls operated effectively. The summary below",
                "lists the exceptions noted in section IV and the service organization controls.",
            ]
        ],
        "summary",
    ),
    # The title says what it is, though the body mentions scans and automated tests.
    (
        "whitepaper mentioning scanning",
        [
            [
                "Security at Brightwell",
                "A whitepaper for customers and prospects of Brightwell Analytics, Inc.",
                "We undergo an annual SOC 2 Type 2 examination by an independent CPA firm.",
                "Operations (CC7): centralized logging and weekly vulnerability scanning.",
                "Change (CC8): peer-reviewed pull requests and automated tests.",
            ]
        ],
        "whitepaper",
    ),
    (
        "trust center page",
        [
            [
                "Trust Center",
                "Brightwell Analytics - security and compliance you can verify.",
                "Our SOC 2 Type II report was issued with an unqualified opinion.",
                "Access control (CC6.1-CC6.8): monitored continuously - passing.",
                "Request the report through this portal after signing our NDA.",
            ]
        ],
        "trust-center",
    ),
    (
        "compliance portal page",
        [
            [
                "Brightwell Security Portal",
                "Certifications: SOC 2 Type 2, ISO/IEC 27001.",
                "Independent auditors tested our controls over a twelve-month period.",
                "Automated checks passing across all trust services criteria.",
            ]
        ],
        "trust-center",
    ),
    (
        "report template",
        [
            [
                "[SERVICE ORGANIZATION NAME]",
                "SOC 2 Type 2 Report - TEMPLATE",
                "Section I - [Independent Service Auditor's Report]",
                "[Opinion paragraph: to be written by [AUDIT FIRM NAME].]",
                "We have prepared the accompanying description of [Company]'s system.",
            ]
        ],
        "template",
    ),
    (
        "bridge letter in landscape Times",
        [
            [
                "Gap Letter - SOC 1 Type 2",
                "This letter covers the period from October 1, 2025 to the date of this letter",
                "and is meant to be read with the service organization's SOC 1 report.",
            ]
        ],
        "bridge",
    ),
]


@pytest.mark.parametrize(
    ("label", "pages", "named"), NOT_SOC_REPORTS, ids=[c[0] for c in NOT_SOC_REPORTS]
)
def test_a_document_about_soc_2_is_no_soc_report(
    label: str, pages: list[list[str]], named: str
) -> None:
    import soc2parse

    data = _drawn(
        pages,
        landscape="landscape" in label,
        font="Times-Roman" if "Times" in label else "Helvetica",
    )
    with pytest.raises(NotASocReportError, match=rf"not a SOC .*looks like .*{named}") as caught:
        soc2parse.load(data)
    assert "opinion" in str(caught.value)


SCANNED_COVER_REPORT = [
    [],
    [
        "Independent Service Auditor's Report",
        "To the Management of Brightwell Analytics, Inc.:",
        "We have examined Brightwell's description of its system based on the trust services",
        "criteria relevant to security. In our opinion, in all material respects, the",
        "controls stated in the description operated effectively throughout the period.",
    ],
    ["Management's Assertion", "We have prepared the accompanying description of our system."],
]


def test_a_report_whose_cover_is_an_image_is_judged_on_its_text() -> None:
    import soc2parse

    report = soc2parse.load(_drawn(SCANNED_COVER_REPORT))
    assert report.page_count == 3


# ------------------------------------------------------------ the pages later stages read


def _reading_pages_report() -> list:  # type: ignore[type-arg]
    return [
        page(1, ["Report on Acme's System"]),
        page(2, ["Independent Service Auditor's Report", "In our opinion, the controls"]),
        page(3, ["operated effectively throughout the period."]),
        page(4, ["Section III", "Description of Acme's System"]),
        page(5, ["Section IV", "Tests of Controls and Results"]),
        page(6, ["Control | Test | Result"]),
        page(7, ["Other Information"]),
    ]


def test_the_opinion_is_read_past_a_section_that_stopped_early() -> None:
    doc = document(_reading_pages_report())
    sections = (Section(SectionKind.OPINION, "Independent Service Auditor's Report", 2, 2),)
    pages = opinion_reading_pages(doc, sections)
    assert pages is not None
    assert [p.number for p in pages] == [2, 3]  # page 4 opens the description: the end
    assert opinion_reading_pages(doc, ()) is None


def test_the_tests_are_read_on_while_the_next_pages_hold_a_table() -> None:
    doc = document(_reading_pages_report())
    tests = (Section(SectionKind.TESTS, "Tests of Controls and Results", 5, 5),)
    has_table = lambda p, strict: p.number in (5, 6)  # noqa: E731
    warnings: list[str] = []
    assert [p.number for p in control_tests_pages(doc, tests, has_table, warnings)] == [5, 6]
    assert warnings == []
    # No tests section: the pages from the first table to the last, with a warning.
    found = control_tests_pages(doc, (), has_table, warnings)
    assert [p.number for p in found] == [5, 6]
    assert warnings == [
        "no tests of controls section was found; read the control tables found on pages 5-6"
    ]
