"""Opinion classification: many phrasings of each kind, decoys, conflicts and evidence."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse._model import OpinionKind
from soc2parse.facts.opinion import classify_opinion_text, read_opinion
from soc2parse.text.passages import Passage

from factsbuild import build, sections

U, Q, A, D, X = (
    OpinionKind.UNQUALIFIED,
    OpinionKind.QUALIFIED,
    OpinionKind.ADVERSE,
    OpinionKind.DISCLAIMER,
    OpinionKind.UNKNOWN,
)

SCOPE = (
    'We have examined Acme Cloud, Inc.\'s ("Acme") accompanying description of its Cloud '
    'Platform system titled "Description of Acme\'s Cloud Platform System" throughout the period '
    "January 1, 2025 to December 31, 2025 based on the criteria for a description of a service "
    "organization's system set forth in DC section 200. Acme employs qualified personnel."
)
RESPONSIBILITIES = (
    "Our responsibility is to express an opinion on the description and on the suitability of "
    "the design and operating effectiveness of controls stated in the description based on our "
    "examination. We believe that the evidence we obtained is sufficient and appropriate to "
    "provide a reasonable basis for our opinion."
)
UNQUALIFIED = (
    "In our opinion, in all material respects,\n"
    "a. the description presents Acme's Cloud Platform system that was designed and implemented "
    "throughout the period January 1, 2025 to December 31, 2025, in accordance with the "
    "description criteria.\n"
    "b. the controls stated in the description were suitably designed throughout the period to "
    "provide reasonable assurance that Acme's service commitments would be achieved.\n"
    "c. the controls stated in the description operated effectively throughout the period."
)
QUALIFIED = (
    "In our opinion, except for the matter described in the Basis for Qualified Opinion "
    "paragraph, in all material respects,\n"
    "a. the description presents Acme's system that was designed and implemented throughout the "
    "period in accordance with the description criteria.\n"
    "b. the controls stated in the description were suitably designed throughout the period.\n"
    "c. the controls stated in the description operated effectively throughout the period."
)
QUALIFIED_BASIS = (
    "Acme states in its description that user access is reviewed quarterly. However, as noted "
    "on page 41, access reviews were not performed for two quarters. As a result, controls were "
    "not operating effectively to achieve criterion CC6.2."
)
ADVERSE = (
    "In our opinion, because of the significance of the matters described in the Basis for "
    "Adverse Opinion paragraph,\n"
    "a. the description does not present fairly Acme's system.\n"
    "b. the controls stated in the description were not suitably designed.\n"
    "c. the controls stated in the description did not operate effectively."
)
DISCLAIMER = (
    "Because of the significance of the matter described in the Basis for Disclaimer of Opinion "
    "paragraph, we have not been able to obtain sufficient appropriate evidence to provide a "
    "basis for an opinion. Accordingly, we do not express an opinion on the description or on "
    "the suitability of the design and operating effectiveness of the controls."
)
OTHER_INFORMATION = (
    'The information included in Section V, "Other Information Provided by Acme," is presented '
    "by management to provide additional information and is not a part of the description. It "
    "has not been subjected to the procedures applied in the examination and, accordingly, we "
    "express no opinion on it."
)
SIGNATURE = "Smith & Jones LLP\nAustin, Texas\nFebruary 13, 2026"


def report(*blocks: tuple[str | None, str], split: str | None = None) -> list[str]:
    """A cover, a contents page naming every heading, and the opinion report as ``blocks``."""
    body = ["## Independent Service Auditor's Report", "To the Management of Acme Cloud, Inc.:", ""]
    for heading, text in blocks:
        if heading:
            body.append(f"## {heading}")
        for paragraph in text.split("\n\n"):
            body.extend([paragraph, ""])
    body.extend([SIGNATURE, ""])
    text = "\n".join(body)
    pages = [
        "Acme Cloud, Inc.\nSOC 2 Type 2 Report",
        "[toc]\nBasis for Qualified Opinion ... 3\nDisclaimer of Opinion ... 4\nAdverse ... 4",
    ]
    if split is None:
        return [*pages, text]
    cut = text.index(split)
    return [*pages, text[:cut], text[cut:]]


OPINION_SECTION = sections(("opinion", 3, 4))


@attrs.frozen
class Case:
    """One opinion report and the kind it must read as."""

    blocks: tuple[tuple[str | None, str], ...]
    kind: OpinionKind
    evidence: str = ""  # the evidence sentence must contain this

    @property
    def id(self) -> str:
        return " | ".join(f"{h or '-'}: {t[:50]}" for h, t in self.blocks[2:])


def opinion_report(heading: str | None, text: str, *extra: tuple[str | None, str]) -> tuple:
    return (("Scope", SCOPE), ("Service Auditor's Responsibilities", RESPONSIBILITIES), *extra,
            (heading, text))  # fmt: skip


UNQUALIFIED_CASES = [
    Case(opinion_report("Opinion", UNQUALIFIED), U, "In our opinion"),
    Case(opinion_report("OPINION", UNQUALIFIED), U, "operated effectively"),
    Case(opinion_report("Opinion:", UNQUALIFIED.replace("In our", "In my")), U, "In my opinion"),
    Case(opinion_report("Unmodified Opinion", UNQUALIFIED), U, "In our opinion"),
    Case(
        opinion_report(
            "Opinion",
            "In our opinion, management's assertion that the controls "
            "within Acme's system were effective throughout the period January 1, 2025 to December "
            "31, 2025, to provide reasonable assurance that Acme's service commitments were "
            "achieved "
            "based on the applicable trust services criteria is fairly stated, in all material "
            "respects.",
        ),
        U,
        "fairly stated",
    ),
    Case(
        opinion_report(
            "Opinion",
            "In our opinion, in all material respects, based on the "
            "criteria described in Acme's statement, the description fairly presents the system as "
            "designed and implemented throughout the period, and the controls operated "
            "effectively.",
        ),
        U,
        "fairly presents",
    ),
    Case(
        opinion_report(
            "Opinion",
            "We have issued an unmodified opinion. In our opinion, in all "
            "material respects, the description presents fairly the system.",
        ),
        U,
    ),
    # Decoys: emphasis of matter, other matter about a prior period, other information.
    Case(
        opinion_report(
            "Opinion",
            UNQUALIFIED,
            (
                "Emphasis of Matter",
                "We draw attention to "
                "the description, which states that Acme migrated its platform during the period. "
                "Our "
                "opinion is not modified with respect to this matter.",
            ),
        ),
        U,
        "In our opinion",
    ),
    Case(
        opinion_report(
            "Opinion",
            UNQUALIFIED,
            (
                "Other Matter",
                "The report on the description "
                "for the prior period January 1, 2024 to December 31, 2024 expressed a qualified "
                "opinion "
                "because controls did not operate effectively.",
            ),
        ),
        U,
    ),
    Case(
        (
            *opinion_report("Opinion", UNQUALIFIED),
            (
                "Other Matter",
                "Another service auditor "
                "examined the prior period and expressed an adverse opinion on the description. "
                "Except "
                "for the matters noted there, we have no further comment.",
            ),
        ),
        U,
    ),
    Case(opinion_report("Opinion", f"{UNQUALIFIED}\n\n{OTHER_INFORMATION}"), U, "In our opinion"),
    Case((*opinion_report("Opinion", UNQUALIFIED), ("Other Information", OTHER_INFORMATION)), U),
    Case(
        (
            *opinion_report("Opinion", UNQUALIFIED),
            (
                "Restricted Use",
                "This report is intended "
                "solely for the information and use of Acme, user entities of Acme's system and "
                "those "
                "prospective user entities who have sufficient knowledge, and is not intended to "
                "be "
                "used by anyone other than these specified parties.",
            ),
        ),
        U,
    ),
    Case(
        opinion_report(
            "Opinion",
            UNQUALIFIED,
            (
                "Inherent Limitations",
                "Because of their "
                "nature, controls may not always operate effectively to provide reasonable "
                "assurance "
                "that the service commitments were achieved. Controls were not suitably designed "
                "to prevent collusion.",
            ),
        ),
        U,
    ),
]

QUALIFIED_CASES = [
    Case(
        opinion_report(
            "Qualified Opinion", QUALIFIED, ("Basis for Qualified Opinion", QUALIFIED_BASIS)
        ),
        Q,
        "except for the matter",
    ),
    Case(
        opinion_report("Opinion", QUALIFIED, ("Basis for Qualified Opinion", QUALIFIED_BASIS)),
        Q,
        "except for",
    ),
    Case(
        opinion_report(
            "Qualified Opinion",
            QUALIFIED.replace(
                "except for the matter described in the Basis for Qualified Opinion paragraph",
                "except for the effects of the matters referred to in the preceding paragraph",
            ),
            ("Basis for Qualified Opinion", QUALIFIED_BASIS),
        ),
        Q,
        "except for the effects",
    ),
    Case(
        opinion_report(
            "QUALIFIED OPINION",
            QUALIFIED.replace(
                "the matter described", "the possible effects of the matter described"
            ),
            ("BASIS FOR QUALIFIED OPINION", QUALIFIED_BASIS),
        ),
        Q,
    ),
    Case(opinion_report(None, QUALIFIED, (None, QUALIFIED_BASIS)), Q, "except for"),
    Case(
        opinion_report(
            "Qualified Opinion",
            "In our opinion, with the exception of the matters "
            "described in the preceding paragraph, the controls operated effectively throughout "
            "the period.",
            ("Basis for Qualified Opinion", QUALIFIED_BASIS),
        ),
        Q,
    ),
]

ADVERSE_CASES = [
    Case(
        opinion_report("Adverse Opinion", ADVERSE, ("Basis for Adverse Opinion", QUALIFIED_BASIS)),
        A,
        "because of the significance",
    ),
    Case(opinion_report("Opinion", ADVERSE, ("Basis for Adverse Opinion", QUALIFIED_BASIS)), A),
    Case(
        opinion_report(
            "Adverse Opinion",
            "In our opinion, because of the effect of the matters "
            "described above, the controls stated in the description were not operating "
            "effectively throughout the period.",
            ("Basis for Adverse Opinion", QUALIFIED_BASIS),
        ),
        A,
    ),
    Case(
        opinion_report(
            "Adverse Opinion",
            "In our opinion, management's assertion that the "
            "controls were effective throughout the period is not fairly stated, in all material "
            "respects.",
            ("Basis for Adverse Opinion", QUALIFIED_BASIS),
        ),
        A,
    ),
    Case(opinion_report(None, ADVERSE, (None, QUALIFIED_BASIS)), A),
]

DISCLAIMER_CASES = [
    Case(
        opinion_report(
            "Disclaimer of Opinion",
            DISCLAIMER,
            (
                "Basis for Disclaimer of Opinion",
                "Acme did not provide the population of changes to production during the period.",
            ),
        ),
        D,
        "we do not express an opinion",
    ),
    Case(
        opinion_report(
            "Disclaimer of Opinion",
            "Because of the limitation on the scope of our "
            "examination discussed in the preceding paragraph, the scope of our work was not "
            "sufficient to enable us to express, and we do not express, an opinion on the "
            "description.",
            (
                "Basis for Disclaimer of Opinion",
                "We were not provided the population of terminated users.",
            ),
        ),
        D,
        "do not express",
    ),
    Case(opinion_report(None, DISCLAIMER), D, "we do not express"),
    Case(
        opinion_report(
            "Opinion",
            "We were unable to obtain sufficient appropriate evidence "
            "about the operation of the controls, and we are unable to express an opinion on them.",
        ),
        D,
    ),
]

UNKNOWN_CASES = [
    # Contradictions.
    Case(opinion_report("Qualified Opinion", UNQUALIFIED), X),
    Case(opinion_report("Opinion", UNQUALIFIED, ("Basis for Adverse Opinion", QUALIFIED_BASIS)), X),
    Case(opinion_report("Opinion", QUALIFIED + " Accordingly, we do not express an opinion."), X),
    Case(
        opinion_report(
            "Adverse Opinion", QUALIFIED, ("Basis for Qualified Opinion", QUALIFIED_BASIS)
        ),
        X,
    ),
    Case(
        opinion_report(
            "Opinion",
            "In our opinion, except for the matter described below, "
            "because of the significance of the matter the controls did not operate effectively.",
        ),
        X,
    ),
    # Nothing to go on.
    Case(opinion_report("Opinion", "The description and the controls were examined."), X),
    Case((("Scope", SCOPE), ("Service Auditor's Responsibilities", RESPONSIBILITIES)), X),
]


def _check(case: Case) -> None:
    reading = read_opinion(build(report(*case.blocks)), OPINION_SECTION)
    assert reading.opinion.kind is case.kind, reading.warnings
    if case.kind is X:
        assert reading.warnings
        return
    evidence = reading.opinion.evidence
    assert evidence is not None
    assert evidence.page == 3
    assert case.evidence in evidence.text
    if case.kind is U:
        assert reading.opinion.basis is None
        assert reading.warnings == ()


@pytest.mark.parametrize("case", UNQUALIFIED_CASES, ids=lambda c: c.id)
def test_unqualified(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", QUALIFIED_CASES, ids=lambda c: c.id)
def test_qualified(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", ADVERSE_CASES, ids=lambda c: c.id)
def test_adverse(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", DISCLAIMER_CASES, ids=lambda c: c.id)
def test_disclaimer(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", UNKNOWN_CASES, ids=lambda c: c.id)
def test_unknown_with_reason(case: Case) -> None:
    _check(case)


def test_basis_is_the_basis_paragraph() -> None:
    blocks = opinion_report("Qualified Opinion", QUALIFIED, ("Basis for Qualified Opinion",
                            QUALIFIED_BASIS))  # fmt: skip
    reading = read_opinion(build(report(*blocks)), OPINION_SECTION)
    assert reading.opinion.basis == QUALIFIED_BASIS


def test_basis_of_two_paragraphs() -> None:
    second = "In addition, change tickets lacked approval for 4 of 25 changes sampled."
    blocks = opinion_report("Adverse Opinion", ADVERSE, ("Basis for Adverse Opinion",
                            f"{QUALIFIED_BASIS}\n\n{second}"))  # fmt: skip
    reading = read_opinion(build(report(*blocks)), OPINION_SECTION)
    assert reading.opinion.basis == f"{QUALIFIED_BASIS} {second}"


def test_paragraph_across_a_page_break() -> None:
    blocks = opinion_report("Opinion", ADVERSE, ("Basis for Adverse Opinion", QUALIFIED_BASIS))
    document = build(report(*blocks, split="b. the controls"))
    assert "did not operate" in document.pages[3].text
    reading = read_opinion(document, sections(("opinion", 3, 5)))
    assert reading.opinion.kind is A
    assert reading.opinion.evidence is not None
    assert reading.opinion.evidence.page == 3


def test_no_opinion_section_searches_the_report() -> None:
    document = build(report(*opinion_report("Opinion", QUALIFIED, ("Basis for Qualified Opinion",
                                                                   QUALIFIED_BASIS))))  # fmt: skip
    reading = read_opinion(document, ())
    assert reading.opinion.kind is Q
    assert any("no service auditor's report section" in w for w in reading.warnings)


def test_no_opinion_anywhere_is_unknown() -> None:
    document = build(["Acme Cloud, Inc.\nSOC 2 Type 2 Report", "Some description text."])
    reading = read_opinion(document, ())
    assert reading.opinion.kind is X
    assert reading.opinion.evidence is None
    assert reading.warnings


def test_assertion_is_not_read_as_the_opinion() -> None:
    """Management's assertion says "except for"; the auditor's report is unqualified."""
    pages = report(*opinion_report("Opinion", UNQUALIFIED))
    pages.append("## Management's Assertion\nExcept for the matter described in Section IV, "
                 "the controls did not operate effectively.")  # fmt: skip
    reading = read_opinion(build(pages), sections(("opinion", 3, 3), ("assertion", 4, 4)))
    assert reading.opinion.kind is U


# Every rule in models/opinion.jsonl must be exercised by some phrasing here (test_rules.py).
RULE_PHRASES = [
    "In our opinion, the controls operated effectively.",
    "In my opinion, the controls operated effectively.",
    "In the opinion of the service auditor, the description is fair.",
    "We have issued an unmodified opinion.",
    "This is an unqualified opinion.",
    "except for the matter described above",
    "Basis for Qualified Opinion",
    "with the exception of the matters noted",
    "Adverse Opinion",
    "the controls did not operate effectively",
    "the controls were not suitably designed",
    "because of the significance of the matter",
    "we do not express an opinion",
    "we express no opinion",
    "we are unable to express an opinion",
    "Disclaimer of Opinion",
    "we disclaim an opinion",
    "we were unable to obtain sufficient appropriate evidence",
    "the other information in section V",
    "it has not been subjected to the procedures applied",
    "it is not part of the description",
    "Without modifying our opinion, we note",
    "Our opinion is not modified with respect to this matter.",
    "we draw attention to Note 2",
    "the prior period report",
    "the auditor expressed a qualified opinion",
    "other auditors examined it",
    "another service auditor examined it",
    "accordingly, we express no opinion on it.",
    "accordingly, we do not express an opinion on it.",
    "we express no opinion on such information",
    "In our opinion, except for the deviations noted, the controls operated effectively.",
    "the controls did not provide reasonable assurance",
    "the controls related to CC7.5 did not operate during the period",
    "because the circumstances that warrant their operation did not occur",
    "We did not perform any procedures on them",
    "regarding the operating effectiveness of controls",
    "we do not express an opinion on the complementary user entity controls",
]


# ------------------------------------------------------------------ wordings from the wild
#
# Whole auditor's reports as other firms set them: each line as printed (a trailing "-" is a
# word hyphenated at the line's end), "## " a bold heading, an empty line a paragraph gap and
# "\f" a page break. Written from the AICPA's illustrative reports (AT-C 205/320, SSAE 18/21,
# the SOC 2 and SOC 3 guides), ISAE 3402/3000 illustrations, and the layouts of Big Four,
# mid-size and boutique firms.


@attrs.frozen
class Wild:
    """An auditor's report as printed and the kind it must read as."""

    text: str
    kind: OpinionKind
    evidence: str = ""  # the evidence sentence must contain this
    page: int = 3  # the page the evidence sentence starts on


def wild_pages(text: str) -> list[str]:
    """A cover, a contents page and the report's pages (split at form feeds)."""
    return [
        "Acme Cloud, Inc.\nSOC 2 Type 2 Report",
        "[toc]\nBasis for Qualified Opinion ... 3\nAdverse Opinion ... 4",
        *text.strip("\n").split("\f"),
    ]


def read_wild(text: str) -> tuple[OpinionKind, object, tuple[str, ...]]:
    pages = wild_pages(text)
    reading = read_opinion(build(pages), sections(("opinion", 3, len(pages))))
    return reading.opinion.kind, reading.opinion, reading.warnings


SOC2_SCOPE = """\
## Independent Service Auditor's Report
To: Acme Cloud, Inc.
## Scope
We have examined Acme Cloud, Inc.'s accompanying description of its Platform system
throughout the period January 1, 2024 to December 31, 2024, and the suitability of the
design and operating effectiveness of controls stated in the description to provide
reasonable assurance that Acme's service commitments and system requirements were
achieved based on the trust services criteria relevant to security and availability.
"""
ISAE_SCOPE = """\
## Independent Service Auditor's Assurance Report on the Description of Controls
To the Directors of Acme Cloud Ltd
## Scope
We have been engaged to report on Acme Cloud Ltd's description of its hosting system
throughout the period 1 April 2024 to 31 March 2025, and on the design and operation
of controls related to the control objectives stated in the description.
## Basis for Opinion
We conducted our engagement in accordance with International Standard on Assurance
Engagements 3402. We believe that the evidence we have obtained is sufficient and
appropriate to provide a basis for our opinion. Our firm applies qualified and
experienced personnel to every engagement.
"""
SIGNED = "\nSmith & Jones LLP\nAustin, Texas\nFebruary 13, 2025\n"

WILD_UNQUALIFIED = [
    # ISAE 3402: "Basis for Opinion" names no modification; "qualified" personnel is no signal.
    Wild(
        ISAE_SCOPE
        + """\
## Opinion
Our opinion has been formed on the basis of the matters outlined in this report. The
criteria we used in forming our opinion are those described in the statement. In our
opinion, in all material respects:
(a) The description fairly presents the system as designed and implemented throughout
the period from 1 April 2024 to 31 March 2025;
(b) The controls related to the control objectives stated in the description were
suitably designed throughout the period; and
(c) The controls tested operated effectively throughout the period.
"""
        + SIGNED,
        U,
        "In our opinion",
    ),
    # AICPA SOC 1 (AT-C 320) with complementary controls in clause b.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, in all material respects, based on the criteria described in Acme's
assertion,
a. the description fairly presents the payroll system that was designed and implemented
throughout the period October 1, 2023 to September 30, 2024.
b. the controls related to the control objectives stated in the description were suitably
designed to provide reasonable assurance that the control objectives would be achieved if
the controls operated effectively throughout the period and subservice organizations and
user entities applied the complementary controls assumed in the design of Acme's controls.
c. the controls operated effectively to provide reasonable assurance that the control
objectives stated in the description were achieved throughout the period.
"""
        + SIGNED,
        U,
        "In our opinion",
    ),
    # A Type 1 opinion: a point in time.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, in all material respects,
a. the description presents Acme's system that was designed and implemented as of June
30, 2024, in accordance with the description criteria.
b. the controls stated in the description were suitably designed as of June 30, 2024.
"""
        + SIGNED,
        U,
    ),
    # A "Our opinion" heading and bullets with glyphs.
    Wild(
        SOC2_SCOPE
        + """\
## Our Opinion
In our opinion, in all material respects:
• the description presents Acme's system throughout the period;
• the controls stated in the description were suitably designed; and
• the controls stated in the description operated effectively throughout the period.
"""
        + SIGNED,
        U,
    ),
    # A letter without headings (boutique style); section V is set aside.
    Wild(
        """\
## Independent Service Auditor's Report
To the Management of Acme Cloud, Inc.:

We have examined Acme's description of its system throughout the period July 1, 2023 -
June 30, 2024. An examination involves performing procedures to obtain evidence. Had we
identified a material deviation we would have issued a qualified or adverse opinion.

In our opinion, in all material respects, the description presents the system, and the
controls were suitably designed and operated effectively throughout the period.

The information in section V is presented by management and has not been subjected to the
procedures applied in the examination; accordingly, we do not express an opinion on it.
"""
        + SIGNED,
        U,
        "In our opinion",
    ),
    # The responsibilities paragraph says what a qualified opinion would mean.
    Wild(
        SOC2_SCOPE
        + """\
## Service Auditor's Responsibilities
If we had concluded that the description was not fairly presented, a qualified opinion,
an adverse opinion or a disclaimer of opinion would have been required.
## Opinion
In our opinion, in all material respects, the description presents the system and the
controls operated effectively throughout the period.
"""
        + SIGNED,
        U,
    ),
    # Emphasis of Matter and Other Matter headings with a dash and their own subject.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, in all material respects, the controls operated effectively throughout the
period.
## Emphasis of Matter – Change of Hosting Provider
We draw attention to section III, which says that Acme migrated to a new hosting provider.
## Other Matter – Prior Period
The prior period's report expressed a qualified opinion because access reviews did not
operate effectively.
"""
        + SIGNED,
        U,
    ),
    # Controls that did not operate during the period are no adverse conclusion.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
As indicated in the description, the controls related to criterion CC7.5 did not operate
during the period because the circumstances that warrant their operation did not occur.
In our opinion, in all material respects, the controls stated in the description, which
were tested, operated effectively throughout the period.
"""
        + SIGNED,
        U,
    ),
    # The opinion sentence broken across a line and hyphenated at line ends.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our
opin-
ion, in all material respects, the controls operated effectively throughout the period.
"""
        + SIGNED,
        U,
        "In our",
    ),
    # The opinion sentence broken across a page.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
Based on the procedures performed and the evidence obtained, in our
\f
opinion, in all material respects, the controls operated effectively throughout the period.
"""
        + SIGNED,
        U,
    ),
    # SOC 3: management's assertion is fairly stated.
    Wild(
        """\
## Independent Accountant's Report
## Scope
We have examined management's assertion that Acme maintained effective controls.
## Opinion
In our opinion, management's assertion referred to above is fairly stated, in all
material respects, based on the applicable trust services criteria.
"""
        + SIGNED,
        U,
        "fairly stated",
    ),
    # ISAE 3000 wording, "unmodified opinion" said outright.
    Wild(
        ISAE_SCOPE
        + """\
## Unmodified Opinion
In our opinion, in all material respects, the controls operated effectively throughout the
period from 1 April 2024 to 31 March 2025.
"""
        + SIGNED,
        U,
    ),
    # The independent service auditor's opinion, heading named for the report.
    Wild(
        SOC2_SCOPE
        + """\
## Service Auditor's Opinion
In our opinion, in all material respects, the controls operated effectively throughout the
period.
"""
        + SIGNED,
        U,
    ),
]

# A Type 1 letter without headings: "do not express an opinion thereon" is about operating
# effectiveness, which a Type 1 report does not test; it is no disclaimer.
WILD_UNQUALIFIED.append(
    Wild(
        """\
## Independent Service Auditor's Report
To the Management of Acme Cloud, Inc.:

We have examined Acme's description of its system as of June 30, 2024, and the suitability
of the design of controls stated in the description. We did not perform any procedures
regarding the operating effectiveness of the controls stated in the description and,
accordingly, do not express an opinion thereon. The description indicates that complementary
user entity controls are required; we have not evaluated such controls and we do not express
an opinion on the complementary user entity controls.

In our opinion, in all material respects, the description presents the system as of June
30, 2024, and the controls stated in the description were suitably designed as of that date.
"""
        + SIGNED,
        U,
        "In our opinion",
    )
)

WILD_QUALIFIED = [
    # Lettered sub-opinions: only the operating effectiveness clause is modified.
    Wild(
        SOC2_SCOPE
        + """\
## Basis for Qualified Opinion
Acme states that user access is reviewed quarterly. Reviews were not performed for two
quarters; the controls did not operate effectively to achieve criterion CC6.2.
## Qualified Opinion
In our opinion, in all material respects,
a. the description presents Acme's system throughout the period.
b. the controls stated in the description were suitably designed throughout the period.
c. except for the effects of the matter described in the Basis for Qualified Opinion
paragraph, the controls stated in the description operated effectively throughout the
period.
"""
        + SIGNED,
        Q,
        "except for the effects",
    ),
    # "except for the deviations" with no modified heading (mid-size firm style).
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, except for the deviations described in the preceding paragraph, the
controls operated effectively throughout the period.
"""
        + SIGNED,
        Q,
        "except for the deviations",
    ),
    # "except for" hyphenated at a line end.
    Wild(
        SOC2_SCOPE
        + """\
## Qualified Opinion
In our opinion, ex-
cept for the matter described in the Basis for Qualified Opinion paragraph, the controls
operated effectively throughout the period.
## Basis for Qualified Opinion
Change approvals were not retained for 3 of 25 changes sampled.
"""
        + SIGNED,
        Q,
    ),
    # ISAE 3402 qualified, the matters in the basis paragraph.
    Wild(
        ISAE_SCOPE.replace("## Basis for Opinion", "## Basis for Qualified Opinion")
        + """\
## Qualified Opinion
Our opinion has been formed on the basis of the matters outlined in this report. In our
opinion, except for the matter described in the Basis for Qualified Opinion paragraph, in
all material respects:
(a) The description fairly presents the system throughout the period;
(b) The controls were suitably designed throughout the period; and
(c) The controls tested operated effectively throughout the period.
"""
        + SIGNED,
        Q,
    ),
    # The sentence broken across a page in the middle of "except for the matter".
    Wild(
        SOC2_SCOPE
        + """\
## Qualified Opinion
In our opinion, except for the
\f
matter described in the Basis for Qualified Opinion paragraph, the controls operated
effectively throughout the period.
## Basis for Qualified Opinion
Terminated users' access was not removed timely for 2 of 15 users sampled.
"""
        + SIGNED,
        Q,
    ),
    # SOC 3 qualified.
    Wild(
        """\
## Independent Accountant's Report
## Basis for Qualified Opinion
Acme did not perform quarterly access reviews.
## Qualified Opinion
In our opinion, except for the effects of the matter described in the preceding paragraph,
management's assertion referred to above is fairly stated, in all material respects.
"""
        + SIGNED,
        Q,
    ),
    # "except as described", with clauses numbered 1. 2. 3.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, in all material respects:
1. the description presents the system throughout the period;
2. the controls were suitably designed throughout the period; and
3. except as described in the Basis for Qualified Opinion section, the controls operated
effectively throughout the period.
## Basis for Qualified Opinion
Backups were not tested for 2 of 4 quarters.
"""
        + SIGNED,
        Q,
    ),
    # A page header and footer between the opinion heading and its sentence.
    Wild(
        SOC2_SCOPE
        + """\
## Basis for Qualified Opinion
Backups were not monitored during March 2024.
\f
## Qualified Opinion
In our opinion, except for the matter described in the Basis for Qualified Opinion
paragraph, the controls stated in the description operated effectively throughout the
period.
"""
        + SIGNED,
        Q,
        page=4,
    ),
]

WILD_ADVERSE = [
    # "does not fairly present".
    Wild(
        SOC2_SCOPE
        + """\
## Basis for Adverse Opinion
The description omits the change management process.
## Adverse Opinion
In our opinion, because of the significance of the matter described in the Basis for
Adverse Opinion paragraph, the description does not fairly present Acme's system.
"""
        + SIGNED,
        A,
        "because of the significance",
    ),
    # Only clause c is adverse; the heading says so.
    Wild(
        SOC2_SCOPE
        + """\
## Adverse Opinion
In our opinion,
a. the description presents the system throughout the period.
b. the controls were suitably designed throughout the period.
c. because of the significance of the matters described in the Basis for Adverse Opinion
paragraph, the controls stated in the description did not operate effectively
throughout the period.
## Basis for Adverse Opinion
Access reviews, change approvals and backups were not performed during the period.
"""
        + SIGNED,
        A,
    ),
    # Hyphenated at line ends: "oper-ate", "signifi-cance".
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, because of the signifi-
cance of the matters described in the Basis for Adverse Opinion paragraph, the controls
did not oper-
ate effectively throughout the period.
## Basis for Adverse Opinion
No access reviews were performed.
"""
        + SIGNED,
        A,
    ),
    # "were not effective" (SOC 3 style) and "is not presented fairly".
    Wild(
        SOC2_SCOPE
        + """\
## Adverse Opinion
In our opinion, because of the significance of the matters described above, the controls
within the system were not effective throughout the period, and the description is not
presented fairly.
## Basis for Adverse Opinion
No access reviews were performed.
"""
        + SIGNED,
        A,
    ),
]

WILD_DISCLAIMER = [
    # "sufficient, appropriate evidence" with a comma.
    Wild(
        SOC2_SCOPE
        + """\
## Basis for Disclaimer of Opinion
Acme could not provide system-generated populations for any control.
## Disclaimer of Opinion
Because of the significance of the matter described in the Basis for Disclaimer of
Opinion paragraph, we were unable to obtain sufficient, appropriate evidence to provide a
basis for an opinion. Accordingly, we do not express an opinion on the description.
"""
        + SIGNED,
        D,
    ),
    # ISAE: "we have not been able to obtain"; "do not express an opinion" hyphenated.
    Wild(
        ISAE_SCOPE.replace("## Basis for Opinion", "## Basis for Disclaimer of Opinion")
        + """\
## Disclaimer of Opinion
We do not ex-
press an opinion on the description. Because of the significance of the matter described
above, we have not been able to obtain sufficient appropriate evidence for an opinion.
"""
        + SIGNED,
        D,
    ),
    # No headings at all; the disclaimer paragraph stands alone.
    Wild(
        """\
## Independent Service Auditor's Report
We were engaged to examine Acme's description of its system throughout the period.

Management did not provide a written assertion. Because of the limitation on the scope of
our examination, we were not able to obtain sufficient appropriate evidence, and we do not
express an opinion on the description or the controls.
"""
        + SIGNED,
        D,
    ),
]

# Hyphenation where no heading names the kind: the wording alone must be read.
WILD_QUALIFIED.append(
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, ex-
cept for the matter described in the preceding paragraph, the controls operated
effectively throughout the period.
"""
        + SIGNED,
        Q,
        "ex- cept for",
    )
)
WILD_ADVERSE.append(
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, because of the signifi-
cance of the matters described above, the controls did not oper-
ate effectively throughout the period.
"""
        + SIGNED,
        A,
        "because of the signifi- cance",
    )
)

WILD_UNKNOWN = [
    # An opinion heading whose paragraph is an image: nothing to read.
    Wild(SOC2_SCOPE + "## Opinion\n" + SIGNED, X),
    # A limited-assurance conclusion is no SOC opinion.
    Wild(
        ISAE_SCOPE
        + """\
## Conclusion
Based on the procedures we have performed and the evidence we have obtained, nothing has
come to our attention that causes us to believe that the controls were not effective.
"""
        + SIGNED,
        X,
    ),
    # "because of the significance of" with no conclusion after it: never unqualified.
    Wild(
        SOC2_SCOPE
        + """\
## Opinion
In our opinion, because of the significance of the matters described below, the controls
stated in the description should be read with care.
"""
        + SIGNED,
        X,
    ),
    # The body reads unqualified but a heading names a qualified opinion.
    Wild(
        SOC2_SCOPE
        + """\
## Basis for Qualified Opinion
Access reviews were not performed for two quarters.
## Opinion
In our opinion, in all material respects, the controls operated effectively throughout the
period.
"""
        + SIGNED,
        X,
    ),
]


def _wild_id(case: Wild) -> str:
    body = case.text.split("## Opinion")[-1] if "## Opinion" in case.text else case.text[-240:]
    return " ".join(body.split())[:90]


@pytest.mark.parametrize(
    "case",
    WILD_UNQUALIFIED + WILD_QUALIFIED + WILD_ADVERSE + WILD_DISCLAIMER + WILD_UNKNOWN,
    ids=_wild_id,
)
def test_wordings_from_the_wild(case: Wild) -> None:
    kind, opinion, warnings = read_wild(case.text)
    assert kind is case.kind, warnings
    if case.kind is X:
        assert warnings
        return
    evidence = opinion.evidence  # type: ignore[attr-defined]
    assert evidence is not None
    assert case.evidence in evidence.text
    assert evidence.page == case.page
    if case.kind is U:
        assert opinion.basis is None  # type: ignore[attr-defined]
        assert warnings == ()


# ------------------------------------------------------------------ properties

# One opinion sentence of each kind, as one paragraph under an "Opinion" heading.
SENTENCES = [
    ("In our opinion, in all material respects, the controls stated in the description "
     "operated effectively throughout the period.", U),
    ("In our opinion, except for the matter described in the preceding paragraph, the "
     "controls stated in the description operated effectively throughout the period.", Q),
    ("In our opinion, because of the significance of the matters described above, the "
     "controls stated in the description did not operate effectively throughout the period.", A),
    ("Because of the significance of the matter described above, we were unable to obtain "
     "sufficient appropriate evidence. Accordingly, we do not express an opinion.", D),
]  # fmt: skip


@st.composite
def broken(draw: st.DrawFn, text: str) -> str:
    """``text`` broken into lines anywhere between words, some words hyphenated at the break."""
    words = text.split()
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        current.append(word)
        if draw(st.integers(0, 5)) == 0:
            if len(word) >= 6 and word.isalpha() and word.islower() and draw(st.booleans()):
                cut = draw(st.integers(2, len(word) - 2))
                current[-1] = word[:cut] + "-"
                lines.append(" ".join(current))
                current = [word[cut:]]
            else:
                lines.append(" ".join(current))
                current = []
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)


@settings(deadline=None)  # the first example loads spaCy
@given(st.sampled_from(SENTENCES).flatmap(lambda s: st.tuples(broken(s[0]), st.just(s[1]))))
def test_line_breaks_and_hyphenation_do_not_change_the_kind(case: tuple[str, OpinionKind]) -> None:
    text, kind = case
    pages = wild_pages(f"{SOC2_SCOPE}## Opinion\n{text}\n{SIGNED}")
    reading = read_opinion(build(pages), sections(("opinion", 3, 3)))
    assert reading.opinion.kind is kind, (text, reading.warnings)


spaces = st.lists(st.sampled_from([" ", "  ", "\u00a0", " \n", "\t "]), min_size=60, max_size=60)


@settings(deadline=None)
@given(st.sampled_from(SENTENCES), spaces)
def test_white_space_does_not_change_the_kind(
    sentence: tuple[str, OpinionKind], gaps: list[str]
) -> None:
    text, kind = sentence
    words = text.split()
    spaced = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words)).strip()
    items = [Passage("Opinion", ((0, 3),), heading=True), Passage(spaced, ((0, 3),))]
    reading = classify_opinion_text(items)
    assert reading.opinion.kind is kind, (spaced, reading.warnings)
    assert reading.opinion.evidence is not None
    assert reading.opinion.evidence.text in spaced
