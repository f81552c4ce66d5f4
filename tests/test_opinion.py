"""Opinion classification: many phrasings of each kind, decoys, conflicts and evidence."""

from __future__ import annotations

import attrs
import pytest

from soc2parse._model import OpinionKind
from soc2parse._opinion import read_opinion

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


# Every rule in models/opinion.jsonl must be exercised by some phrasing here.
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
]


def test_every_opinion_rule_is_exercised() -> None:
    from soc2parse._opinion import _matches_for_tests
    from soc2parse._rules import load_patterns

    used = {m.rule_id for text in RULE_PHRASES for m in _matches_for_tests(text)}
    assert {r["id"] for r in load_patterns("opinion")} - used == set()
