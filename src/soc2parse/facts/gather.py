"""Opinion and report facts: the stage after section finding.

``read_facts(document, sections)`` returns a :class:`Facts` record: opinion,
framework, type, period, report date, parties, categories, subservice
organizations and CUECs, with a warning for each fact it could not find.

Facts are read from the front matter (the pages before the first section: the
cover and the restricted-use notice) and the service auditor's report; the
description is read only for subservice organizations and CUECs. spaCy runs on
the opinion report alone; the rest is regular expressions over a few pages: the
report's wordings are the rules of ``models/facts.jsonl`` (read with ``wording``), the
sentence ends and line-end hyphens stay here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

import attrs
import regex

from soc2parse._model import (
    Category,
    ComplementarySubserviceControl,
    Evidence,
    Framework,
    Opinion,
    OpinionKind,
    Period,
    ReportType,
    Section,
    SectionKind,
    SubserviceOrganization,
)
from soc2parse._pages import Document, Page
from soc2parse.facts.auditor import read_auditor
from soc2parse.facts.complementary import read_csocs, read_cuecs, read_cuecs_beside_controls
from soc2parse.facts.description import description_passages
from soc2parse.facts.opinion import OPINION_HEADING, read_opinion
from soc2parse.facts.organization import read_service_organization
from soc2parse.facts.signature import is_signed_date, read_report_date
from soc2parse.facts.subservice_lists import read_listed_subservice_organizations
from soc2parse.facts.subservice_sentences import (
    collective_method,
    read_subservice_organizations,
)
from soc2parse.sections import opinion_reading_pages
from soc2parse.text.dates import PeriodMatch, find_period
from soc2parse.text.names import offered_by, same_organization
from soc2parse.text.passages import passages
from soc2parse.text.rules import wording

__all__ = ["Facts", "read_facts"]


@attrs.frozen(kw_only=True)
class Facts:
    """What the facts stage found; ``warnings`` says what it could not.

    ``auditor_evidence`` is the page and line the signing firm was read from.
    """

    framework: Framework = Framework.UNKNOWN
    report_type: ReportType = ReportType.UNKNOWN
    service_organization: str | None = None
    service_auditor: str | None = None
    auditor_evidence: Evidence | None = None
    period: Period | None = None
    report_date: date | None = None
    categories: tuple[Category, ...] = ()
    opinion: Opinion = attrs.field(factory=lambda: Opinion(OpinionKind.UNKNOWN))
    subservice_organizations: tuple[SubserviceOrganization, ...] = ()
    cuecs: tuple[str, ...] = ()
    csocs: tuple[ComplementarySubserviceControl, ...] = ()
    warnings: tuple[str, ...] = ()


# "SOC 2", "SOC2", "SOC Two", "SOC II": the wording the section finder's SOC signs share.
_SOC = wording("sections", "soc-name")
# A SOC 1 examination's standard named outright: "ISAE 3402", "AT-C section 320", "SSAE 16/18"
# with "control objectives" aside, these name no trust services examination.
_SOC1_STANDARD = wording("facts", "soc1-standard")
_SOC_NUMBER = {"1": 1, "one": 1, "i": 1, "2": 2, "two": 2, "ii": 2, "3": 3, "three": 3, "iii": 3}
_FRAMEWORK = {1: Framework.SOC1, 2: Framework.SOC2, 3: Framework.SOC3}

# What a SOC 1 examination is about: "internal control over financial reporting",
# "control objectives", "AT-C section 320", "ISAE 3402".
_SOC1_SIGNS = wording("facts", "soc1-signs")
# A trust services examination: "trust services criteria", "TSP section 100".
_TSC_SIGNS = wording("facts", "tsc-signs")
# A SOC 3 report's own title and audience: "Independent Accountant's Report", "general use".
_SOC3_SIGNS = wording("facts", "soc3-signs")

# "Type 2", "Type II", "Type Two", "Type-2", "Type 2." (not "Type 2.1")
_TYPE = wording("facts", "type")
# A sentence about another report than this one: "a Type 1 report was previously issued",
# "the prior period's Type 1 report", "a Type 2 report will follow", "AWS's SOC 2 Type 2".
_OTHER_REPORT = wording("facts", "other-report")
# How far either side of a mention its sentence is read (the cover has few full stops).
_AROUND = 90
_SENTENCE_END = regex.compile(r"[.!?](?=\s|$)|\n\s*\n")
# A Type 2 opinion covers a span of time; a Type 1 says no operating effectiveness was tested.
_THROUGHOUT = wording("facts", "throughout")
_NO_OPERATING_TESTS = wording("facts", "no-operating-tests")
_TYPE_NUMBER = {"1": 1, "i": 1, "one": 1, "2": 2, "ii": 2, "two": 2}
_OPERATING = wording("facts", "operating")
# The auditor's report's scope sentence: "We have examined ...".
_EXAMINED = wording("facts", "examined")

# The categories in scope: "relevant to security, availability, and confidentiality",
# "Relevant to Security and Privacy", "applicable to the security and availability principles",
# "Trust Services Categories: Security, Availability", "In-Scope Trust Services Criteria:
# Security", "the trust services criteria for security and availability", "relevant to
# security (common criteria) and availability", "the Common Criteria" (= security); then each
# category's name in the list.
_IN_SCOPE = wording("facts", "in-scope")
_CATEGORY_WORDS: tuple[tuple[Category, regex.Pattern[str]], ...] = (
    (Category.SECURITY, wording("facts", "category-security")),
    (Category.AVAILABILITY, wording("facts", "category-availability")),
    (Category.PROCESSING_INTEGRITY, wording("facts", "category-processing-integrity")),
    (Category.CONFIDENTIALITY, wording("facts", "category-confidentiality")),
    (Category.PRIVACY, wording("facts", "category-privacy")),
)
# The title of the criteria ("2017 Trust Services Criteria for Security, Availability, ...")
# lists all five; background sentences describe the five ("consist of five categories").
_CRITERIA_TITLE = wording("facts", "criteria-title")
_BACKGROUND = wording("facts", "background")
# A list said to be outside the scope: "the criteria for privacy were not included".
_EXCLUDED = wording("facts", "excluded")
# A word hyphenated at a line's end: "Confiden- tiality".
_HYPHENATED = regex.compile(r"(?<=\p{Ll})-\s+(?=\p{Ll})")


def _front_pages(document: Document, sections: Sequence[Section]) -> tuple[Page, ...]:
    """The cover and notices: pages before the auditor's report, assertion or description."""
    starts = [
        s.first_page
        for s in sections
        if s.kind in {SectionKind.OPINION, SectionKind.ASSERTION} and s.first_page > 1
    ]
    end = min(starts) - 1 if starts else 3
    return tuple(p for p in document.pages[: min(end, 6)] if not p.is_toc)


def _pages_of(
    document: Document, sections: Sequence[Section], kind: SectionKind
) -> tuple[Page, ...]:
    out: list[Page] = []
    for section in sections:
        if section.kind is kind:
            out.extend(document.span(section.first_page, section.last_page))
    return tuple(out)


def _flat(pages: Iterable[Page]) -> str:
    return " ".join(" ".join(line.text for line in p.lines) for p in pages)


def _vote(values: Sequence[int]) -> int | None:
    counts = Counter(values).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def read_framework(front: str, opinion: str, has_tests: bool) -> tuple[Framework, str]:
    """SOC 1, 2 or 3 from explicit "SOC n" in the front matter and report, else from content."""
    for text in (front, opinion):
        numbers = [_SOC_NUMBER[m["n"].lower()] for m in _SOC.finditer(text)]
        winner = _vote(numbers)
        if winner is not None:
            return _FRAMEWORK[winner], ""
    text = f"{front} {opinion}"
    if (_SOC1_SIGNS.search(opinion) or _SOC1_STANDARD.search(front)) and not _TSC_SIGNS.search(
        text
    ):
        return Framework.SOC1, ""
    if _TSC_SIGNS.search(text):
        if _SOC3_SIGNS.search(text) and not has_tests:
            return Framework.SOC3, ""
        return Framework.SOC2, ""
    return Framework.UNKNOWN, "the framework (SOC 1, 2 or 3) was not found in the report"


def _own_types(text: str) -> list[int]:
    """The "Type n" mentions in ``text``, leaving out sentences about another report."""
    found: list[int] = []
    for match in _TYPE.finditer(text):
        low = max(0, match.start() - _AROUND)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, low, match.start())]
        start = ends[-1] if ends else low
        after = _SENTENCE_END.search(text, match.end(), match.end() + _AROUND)
        sentence = text[start : after.end() if after else match.end() + _AROUND]
        if not _OTHER_REPORT.search(sentence):
            found.append(_TYPE_NUMBER[match["n"].lower()])
    return found


def read_report_type(framework: Framework, front: str, opinion: str) -> tuple[ReportType, str]:
    """Type 1 or Type 2 from "Type 2"/"Type II", else from what the opinion covers.

    Mentions of another report ("a Type 1 report was previously issued") are not read. Without
    a mention, a period throughout which controls operated gives Type 2, and an as-of date with
    no span of time (or with "we did not perform any procedures regarding the operating
    effectiveness") gives Type 1; both or neither give unknown.
    """
    if framework is Framework.SOC3:
        return ReportType.UNKNOWN, ""
    for text in (front, opinion):
        winner = _vote(_own_types(text))
        if winner is not None:
            return (ReportType.TYPE1 if winner == 1 else ReportType.TYPE2), ""
    if opinion:
        ranged = find_period(opinion)
        spans = bool(_THROUGHOUT.search(opinion)) or (
            ranged is not None and ranged.start is not None
        )
        as_of = find_period(opinion, as_of_only=True) is not None
        untested = bool(_NO_OPERATING_TESTS.search(opinion))
        if as_of and (untested or not spans):
            return ReportType.TYPE1, ""
        if spans and not as_of and _OPERATING.search(opinion):
            return ReportType.TYPE2, ""
    return ReportType.UNKNOWN, "the report type (Type 1 or Type 2) was not found"


def _period_in(texts: Iterable[str], report_type: ReportType) -> PeriodMatch | None:
    for text in texts:
        if report_type is ReportType.TYPE1:
            found = find_period(text, as_of_only=True)
        else:
            found = find_period(text)
            # A Type 2 report's as-of date ("the description as of ...") is not its period:
            # look on for the span of time.
            while found is not None and found.start is None and report_type is ReportType.TYPE2:
                rest = find_period(text[found.finish :])
                found = (
                    attrs.evolve(
                        rest, begin=rest.begin + found.finish, finish=rest.finish + found.finish
                    )
                    if rest is not None
                    else None
                )
        if found is not None:
            return found
    return None


def read_categories(texts: Iterable[str]) -> tuple[Category, ...]:
    """The trust services categories named as in scope ("relevant to ...") in ``texts``.

    The first text naming any gives the answer. A list of all five after "criteria for" (the
    criteria's title) and lists in a sentence describing the five categories are not scope.
    """
    for raw in texts:
        text = _HYPHENATED.sub("", raw)
        found: set[Category] = set()
        for match in _IN_SCOPE.finditer(text):
            listed = {c for c, pattern in _CATEGORY_WORDS if pattern.search(match["list"])}
            before = text[max(0, match.start() - 20) : match.start()]
            titled = bool(match["title"]) or bool(_CRITERIA_TITLE.search(before))
            if titled and len(listed) == len(Category):
                continue
            sentence = text[max(0, match.start() - 120) : match.start()]
            cut = [m.end() for m in _SENTENCE_END.finditer(sentence)]
            if _BACKGROUND.search(sentence[cut[-1] if cut else 0 :] + match.group()):
                continue
            if _EXCLUDED.match(text, match.end()):
                continue
            found |= listed
        if found:
            return tuple(c for c in Category if c in found)
    return ()


def merge_subservice(
    said: Sequence[SubserviceOrganization], listed: Sequence[SubserviceOrganization]
) -> tuple[SubserviceOrganization, ...]:
    """Organizations named in sentences, completed by a table or list, then the listed others.

    A sentence's name and services are kept; a missing method or services comes from the
    table row or list item naming the same organization.
    """
    out = list(said)
    for item in listed:
        same = [
            i
            for i, kept in enumerate(out)
            if same_organization(kept.name, item.name)
            or (not item.services and offered_by(kept.services, item.name))
        ]
        if not same:
            out.append(item)
            continue
        kept = out[same[0]]
        out[same[0]] = SubserviceOrganization(
            kept.name,
            kept.services or item.services,
            kept.method or item.method,
            kept.evidence or item.evidence,
        )
    return tuple(out)


def read_facts(document: Document, sections: tuple[Section, ...]) -> Facts:
    """Read the opinion and report facts from the document's sections.

    Args:
        document: the extracted document.
        sections: the sections the section finder found.

    Returns:
        The facts, with a warning for each one that could not be determined.
    """
    warnings: list[str] = []
    found = opinion_reading_pages(document, sections)
    # The opinion section's passages, built once for the opinion and the facts read beside it.
    section_passages = (
        passages(found, known_headings=OPINION_HEADING) if found is not None else None
    )
    reading = read_opinion(document, sections, section_passages)
    warnings.extend(reading.warnings)

    front_pages = _front_pages(document, sections)
    opinion_pages = found or ()
    tests_pages = _pages_of(document, sections, SectionKind.TESTS)
    description_pages = _pages_of(document, sections, SectionKind.DESCRIPTION)
    if not description_pages:
        # No description heading was found: its wordings are looked for on every page that is
        # not the auditor's report, the assertion or the tests (the readers are anchored on
        # their own headings and sentences).
        known = {
            n
            for s in sections
            if s.kind in {SectionKind.OPINION, SectionKind.ASSERTION, SectionKind.TESTS}
            for n in range(s.first_page, s.last_page + 1)
        }
        description_pages = tuple(p for p in document.pages if p.number not in known)
    opinion_passages = [p.text for p in section_passages or ()]
    front = _flat(front_pages)
    opinion = " ".join(opinion_passages)

    framework, why = read_framework(front, opinion, bool(tests_pages))
    warnings.extend([why] if why else [])
    report_type, why = read_report_type(framework, front, opinion)
    warnings.extend([why] if why else [])

    scope = [t for t in opinion_passages if _EXAMINED.search(t)] or opinion_passages
    in_opinion = _period_in(scope, report_type)
    on_cover = _period_in([front], report_type)
    chosen = in_opinion or on_cover
    period = Period(chosen.start, chosen.end) if chosen else None
    if period is None:
        warnings.append("the examination period was not found in the auditor's report or cover")
    elif (
        in_opinion
        and on_cover
        and (in_opinion.start, in_opinion.end)
        != (
            on_cover.start,
            on_cover.end,
        )
    ):
        warnings.append(
            f"the cover's period ({on_cover.text!r}) differs from the auditor's report's "
            f"({in_opinion.text!r}); the report's is used"
        )

    found_date = read_report_date(opinion_pages)
    report_date = found_date[0] if found_date else None
    if found_date is None:
        warnings.append("the report date was not found at the end of the auditor's report")
    elif (
        period is not None
        and report_date is not None
        and report_date <= period.end
        and report_date not in {period.start, period.end}
        and is_signed_date(opinion_pages)
    ):
        # Printed under the signature, it is the report's date even when it cannot be right.
        warnings.append(
            f"the date under the auditor's signature ({found_date[2]!r}, page {found_date[1]}) "
            "is before the period ends; it is taken as printed, but check it"
        )
    elif period is not None and report_date is not None and report_date <= period.end:
        warnings.append(
            f"the date ending the auditor's report ({found_date[2]!r}, page {found_date[1]}) "
            "is before the period ends or on its last day, so it is not taken as the report date"
        )
        report_date = None

    organization = read_service_organization(opinion_passages)
    if organization is None:
        warnings.append("the service organization's name was not found in the auditor's report")

    described = description_passages(description_pages)
    own = (organization,) if organization else ()
    subservice, sub_warnings = read_subservice_organizations(
        description_pages, described, exclude=own
    )
    listed, listed_warnings = read_listed_subservice_organizations(description_pages)
    if listed:
        # A table or list named them: the sentence reader's "none could be named" is moot.
        subservice = merge_subservice(subservice, tuple(x.organization for x in listed))
        sub_warnings = listed_warnings
    else:
        sub_warnings = (*sub_warnings, *listed_warnings)
    # The opinion's scope paragraph names them too: "Acme uses Google Cloud Platform, a
    # subservice organization, to provide hosting ... (carve-out method)"; what it names
    # completes the description's.
    in_scope, _ = read_subservice_organizations(opinion_pages, exclude=own)
    if in_scope:
        sub_warnings = () if not subservice else sub_warnings
        subservice = merge_subservice(subservice, in_scope)
    if any(s.method is None for s in subservice):
        # "Acme uses two subservice organizations ... Their controls are excluded (carve-out
        # method)": said of them all, it is the method of each one whose own is not said.
        together = collective_method(opinion_pages) or collective_method(
            description_pages, described
        )
        if together:
            subservice = tuple(
                attrs.evolve(s, method=together) if s.method is None else s for s in subservice
            )
    warnings.extend(sub_warnings)
    cuecs, cuec_warnings = read_cuecs(description_pages, described)
    if not cuecs and cuec_warnings:
        # The description may leave them to the tests of controls, beside each criterion.
        beside = read_cuecs_beside_controls(tests_pages)
        if beside:
            cuecs, cuec_warnings = beside, ()
    warnings.extend(cuec_warnings)
    csocs = read_csocs(description_pages, described, subservice)

    exclude = [organization or "", *(s.name for s in subservice)]
    auditor = read_auditor(opinion_pages, (*front_pages, *tests_pages[:3]), exclude)
    warnings.extend([auditor.warning] if auditor.warning else [])

    categories: tuple[Category, ...] = ()
    if framework in {Framework.SOC2, Framework.SOC3, Framework.UNKNOWN}:
        categories = read_categories([*scope, front, _flat(description_pages[:4])])
        if categories and framework is not Framework.UNKNOWN:
            categories = tuple(c for c in Category if c in {*categories, Category.SECURITY})
        if not categories and framework is not Framework.UNKNOWN:
            warnings.append("the trust services categories in scope were not found")

    return Facts(
        framework=framework,
        report_type=report_type,
        service_organization=organization,
        service_auditor=auditor.name,
        auditor_evidence=auditor.evidence,
        period=period,
        report_date=report_date,
        categories=categories,
        opinion=reading.opinion,
        subservice_organizations=subservice,
        cuecs=cuecs,
        csocs=csocs,
        warnings=tuple(warnings),
    )
