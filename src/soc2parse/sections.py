"""Section finding: where the opinion, assertion, description, tests and other information lie.

Headings come in many shapes: "SECTION I", "Section 1:", "Section One", "I.",
a bare title at the top of a page, or a section marker alone on a divider page
with the title on the next line. Contents pages are skipped, so their entries
are never taken for the sections themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import attrs
import regex

from soc2parse._errors import NotASocReportError
from soc2parse._model import Section, SectionKind
from soc2parse._pages import Document, Line, Page, body_size
from soc2parse.text.rules import wording

__all__ = ["Heading", "check_soc_report", "find_headings", "find_sections", "title_kind"]

_V = regex.IGNORECASE | regex.VERBOSE

# Section titles by kind, matched against a heading with any "Section N" prefix removed.
# Order matters: the first kind whose pattern matches wins.
_TITLES: tuple[tuple[SectionKind, regex.Pattern[str]], ...] = (
    (
        SectionKind.TESTS,
        wording("sections", "title-tests"),
    ),
    (
        SectionKind.OPINION,
        wording("sections", "title-opinion"),
    ),
    (
        SectionKind.ASSERTION,
        wording("sections", "title-assertion"),
    ),
    (
        SectionKind.DESCRIPTION,
        wording("sections", "title-description"),
    ),
    (
        SectionKind.OTHER,
        wording("sections", "title-other"),
    ),
)

_NUMBER = r"(?:[ivx]{1,4}|\d{1,2}|one|two|three|four|five|six|seven)"
# "SECTION I", "Section 1:", "SECTION ONE -", "Section IV. Tests of Controls"
_SECTION_MARKER = regex.compile(
    rf"^\s*section\s+(?P<number>{_NUMBER})\b\s*[:.\-\u2013\u2014|]?\s*(?P<title>.*)$",
    regex.IGNORECASE,
)
# "I. Independent Service Auditor's Report", "IV - Tests of Controls", "3) Description ..."
_NUMBERED_TITLE = regex.compile(
    r"^\s*(?P<number>[ivx]{1,4}|\d{1,2})\s*[.):\-\u2013\u2014]\s+(?P<title>\S.*)$",
    regex.IGNORECASE,
)
_WORDS = regex.compile(r"\w+")
_TITLE_WORDS = regex.compile(r"\w[\w'&.-]*")

# How many lines from the top of a page a bare title may sit.
_TOP_LINES = 4
# Headings are short.
_MAX_HEADING_WORDS = 22


@attrs.frozen
class Heading:
    """A section heading found on a page."""

    kind: SectionKind
    title: str
    page: int
    line: int
    marked: bool


# Titles that name a section only after a "Section IV" marker or a numeral: a Type 1 report's
# "Trust Services Criteria and Related Controls" (no tests), which as a bare subheading of a
# SOC 1 description ("Control Objectives and Related Controls") would be misread.
_MARKED_TITLES: tuple[tuple[SectionKind, regex.Pattern[str]], ...] = (
    (
        SectionKind.TESTS,
        wording("sections", "marked-title-tests"),
    ),
)


def title_kind(text: str, *, marked: bool = False) -> SectionKind | None:
    """The section kind a heading's title names, or None.

    >>> title_kind("Independent Service Auditor's Report")
    <SectionKind.OPINION: 'opinion'>
    >>> title_kind("Description of Tests of Controls") is None
    True
    """
    for kind, pattern in _TITLES:
        if pattern.search(text):
            return kind
    if marked:
        for kind, pattern in _MARKED_TITLES:
            if pattern.search(text):
                return kind
    return None


def find_headings(pages: Sequence[Page]) -> tuple[Heading, ...]:
    """Every section heading in reading order; contents pages and the cover are skipped.

    The cover's title ("Report on Acme's Description of Its System and on the Suitability
    of the Design ...") names the description but is no heading, and neither is anything
    before the table of contents.
    """
    first_toc = next((p.number for p in pages if p.is_toc), None)
    found: list[Heading] = []
    for page in pages:
        if page.is_toc or (first_toc is not None and page.number < first_toc):
            continue
        body = body_size([page])
        for index, line in enumerate(page.lines):
            heading = _heading(page, index, line, body)
            if heading is not None and not _REPORT_TITLE.search(heading.title):
                found.append(heading)
    return tuple(found)


# The whole report's title, as printed on covers and title pages.
_REPORT_TITLE = wording("sections", "report-title")


def _emphasised(line: Line, body: float) -> bool:
    return line.bold or line.size >= body * 1.15


def _heading(page: Page, index: int, line: Line, body: float) -> Heading | None:
    at_top = index < _TOP_LINES
    if not (at_top or _emphasised(line, body)):
        # Every heading is at the top of its page or set off by its face (most lines are
        # neither: this is asked first).
        return None
    text = line.text.strip()
    words = len(_WORDS.findall(text))
    if not text or words > _MAX_HEADING_WORDS:
        return None
    marker = _SECTION_MARKER.match(text)
    if marker:
        rest = marker["title"].strip()
        title = _title_after(page, index, rest, body)
        kind = title_kind(title, marked=True)
        full = " ".join(part for part in (text[: marker.start("title")].strip(), title) if part)
        full = full if rest else " ".join(part for part in (text, title) if part)
        return Heading(kind or SectionKind.OTHER, full, page.number, index, True)
    if text.endswith(":") or _spread(line):
        # "Management's Response:" labels a paragraph; a row spread over columns is a table's.
        return None
    numbered = _NUMBERED_TITLE.match(text)
    candidate = numbered["title"] if numbered else text
    kind = title_kind(candidate, marked=bool(numbered))
    if kind is None:
        # A title wrapped onto a second line: "KEYSTONE'S DESCRIPTION OF" / "ITS SYSTEM".
        if not (at_top and _emphasised(line, body)):
            return None
        wrapped = _wrapped(page, index, body)
        kind = title_kind(" ".join(wrapped))
        if kind is None:
            return None
    # A bare title must look like one: set off by its face, or a title-cased line at the top,
    # and not a sentence that happens to name a section ('... titled "Description of ...".').
    if not numbered and not _emphasised(line, body) and not (at_top and _title_like(text)):
        return None
    if not numbered and _sentence(text):
        return None
    title = " ".join(_wrapped(page, index, body))
    return Heading(kind, title, page.number, index, bool(numbered))


_ABBREVIATION = regex.compile(
    r"(?:\b(?:inc|corp|co|ltd|llc|llp|plc|l\.l\.c|l\.p|p\.c|no|nos|jr|sr|st|dept|u\.s)|\b\p{L})$",
    regex.IGNORECASE,
)
_STOP = regex.compile(r"[.;]\s+\S")


def _sentence(text: str) -> bool:
    """True for running text: a sentence break or a quotation inside, or a lower-case start.

    >>> _sentence('report titled "Description of Criteria, Controls, Tests and Results of Tests."')
    True
    >>> _sentence("Assertion of Wavecrest Communications, Inc. Management")
    False
    >>> _sentence("the description. The service auditor")
    True
    """
    if text[:1].islower() or regex.search(r"[\"\u201c\u201d]", text):
        return True
    return any(not _ABBREVIATION.search(text[: m.start()]) for m in _STOP.finditer(text))


def _spread(line: Line) -> bool:
    """True when a line's words are spread over columns (gaps of several character widths)."""
    words = line.words
    return any(b.x0 - a.x1 > 2.5 * max(a.size, 1.0) for a, b in itertools.pairwise(words))


def _wrapped(page: Page, index: int, body: float) -> list[str]:
    """A heading line and the lines it wraps onto: same face, set off from the body, close."""
    head = page.lines[index]
    parts = [head.text.strip()]
    if not _emphasised(head, body):
        return parts
    for line in page.lines[index + 1 : index + 3]:
        same_face = line.bold == head.bold and abs(line.size - head.size) < 0.5
        close = line.top - head.bottom < head.size * 1.6
        if not (same_face and close) or title_kind(line.text) is not None:
            break
        parts.append(line.text.strip())
        head = line
    return parts


def _title_after(page: Page, index: int, rest: str, body: float) -> str:
    """The title of a "SECTION IV" marker: on its line, or on the next lines, maybe wrapped.

    The first reading that names a section kind wins: the marker's line with the lines it
    wraps onto, the title line after a bare marker with its wrapped lines, then the next
    lines added one at a time (for faces that give no help).
    """
    following = [line.text.strip() for line in page.lines[index + 1 : index + 3]]
    readings: list[str] = []
    if rest:
        readings.append(" ".join([rest, *_wrapped(page, index, body)[1:]]))
        readings.append(rest)
    elif following:
        readings.append(" ".join(_wrapped(page, index + 1, body)))
    readings += [" ".join([rest, *following[:n]]).strip() for n in (1, 2)]
    for marked in (False, True):
        for reading in readings:
            if title_kind(reading, marked=marked) is not None:
                return reading
    return rest or (following[0] if following else "")


# Words a title leaves in lower case.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "of", "on", "or", "the"}
    | {"to", "with", "within", "throughout", "their"}
)


def _title_like(text: str) -> bool:
    """True for a title-cased or upper-case line that does not read as a sentence.

    >>> _title_like("Independent Service Auditor's Report")
    True
    >>> _title_like("accompanying description of its system. The service auditor")
    False
    """
    words = [w for w in _TITLE_WORDS.findall(text) if w.lower() not in _SMALL_WORDS]
    if not words or regex.search(r"[.;]\s+\p{Ll}|\.\s+\p{Lu}\p{Ll}+\s", text):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised / len(words) >= 0.75


def headings_to_sections(headings: Sequence[Heading], page_count: int) -> tuple[Section, ...]:
    """Turn headings into sections: each runs until the next heading of another kind."""
    merged: list[Heading] = []
    for heading in headings:
        if merged and merged[-1].kind is heading.kind:
            continue
        merged.append(heading)
    sections: list[Section] = []
    for position, heading in enumerate(merged):
        if position + 1 < len(merged):
            following = merged[position + 1]
            last = following.page - 1 if following.line < _TOP_LINES else following.page
        else:
            last = page_count
        sections.append(
            Section(
                kind=heading.kind,
                title=heading.title,
                first_page=heading.page,
                last_page=max(last, heading.page),
            )
        )
    return tuple(sections)


def find_sections(pages: Sequence[Page]) -> tuple[Section, ...]:
    """Find the report's sections and their page ranges."""
    return headings_to_sections(find_headings(pages), len(pages))


# Signs that a document is a SOC report: any two, or an auditor's report heading with one.
_SOC_SIGNS = wording("sections", "soc-signs")


# The positive test: the title of an independent (service) auditor's or accountant's report on
# a line of its own: "Independent Service Auditor's Report", "Independent Accountant's Report",
# "Report of Independent Accountants", "Independent Service Auditor's Assurance Report",
# "Independent Practitioner's Report", "A Type 2 Independent Service Auditor's Report".
_AUDITORS_REPORT_TITLE = wording("sections", "auditors-report-title")
# Its opinion paragraph: "In our opinion, in all material respects, ...", "In my opinion",
# a disclaimer ("we do not express an opinion"), and the examination it reports on.
_OPINION_SENTENCE = wording("sections", "opinion-sentence")
_EXAMINATION = wording("sections", "examination")
# A title line is short: a sentence that mentions the report is no title.
_TITLE_LENGTH = 14
# A document's title: the first lines of its first page, and lines set this much larger
# than its body.
_TITLE_LINES = 2
_TITLE_SIZE = 1.2
# What a document that is no SOC report looks like, tried in this order on its first pages.
_LOOKS_LIKE: tuple[tuple[str, regex.Pattern[str]], ...] = (
    # "Bridge Letter", "Gap Letter": management's letter covering the months after a period.
    (
        "a bridge (gap) letter on its own: it covers the time after a SOC report's period and "
        "is read together with that report, which this file is not",
        wording("sections", "looks-like-bridge-letter"),
    ),
    # "SOC 2 Readiness Assessment", "Gap Assessment", "Pre-Assessment".
    (
        "a readiness or gap assessment",
        wording("sections", "looks-like-readiness-assessment"),
    ),
    # A compliance tool's or scanner's "SOC 2 report": "automated tests", "checks passing".
    (
        "a compliance tool's or scanner's report",
        wording("sections", "looks-like-compliance-tool"),
    ),
    # "Summary of the SOC 2 Type 2 Report", "Vendor Risk Review", "Key findings".
    (
        "an analyst's or reviewer's summary of a SOC report",
        wording("sections", "looks-like-analyst-summary"),
    ),
    # "Trust Center", "Security Portal", "Request the report through this portal".
    (
        "a trust-center or marketing page about the vendor's compliance",
        wording("sections", "looks-like-trust-center"),
    ),
    # "Security Whitepaper", "Security Overview", "Security at Acme".
    (
        "a security whitepaper or overview",
        wording("sections", "looks-like-whitepaper"),
    ),
    # "SOC 2 Report – TEMPLATE", "[Company]", "[SERVICE ORGANIZATION NAME]", "[Audit Firm]".
    (
        "a template or unissued draft of a SOC report",
        wording("sections", "looks-like-template"),
    ),
    # "Information Security Policy", "Acceptable Use Policy": purpose, scope, revision history.
    (
        "a policy or procedure document",
        wording("sections", "looks-like-policy"),
    ),
    ("an invoice", wording("sections", "looks-like-invoice")),
    ("an agreement or contract", wording("sections", "looks-like-agreement")),
)


def _auditors_report(document: Document) -> bool:
    """True when an auditor's report title stands on a line and an opinion paragraph follows.

    A document whose first pages are images is judged on the text of the pages that have it.
    """
    pages = [p for p in document.pages[:80] if p.lines]
    for index, page in enumerate(pages):
        titled = any(
            _AUDITORS_REPORT_TITLE.search(line.text) and len(line.text.split()) <= _TITLE_LENGTH
            for line in page.lines
        )
        if not titled:
            continue
        # The opinion paragraph and the examination sit in the report: the titled page and
        # the few after it.
        text = " ".join(p.text for p in pages[index : index + 6])
        if _OPINION_SENTENCE.search(text) and _EXAMINATION.search(text):
            return True
    return False


def _looks_like(document: Document) -> str:
    """What the document looks like: by what its title says first, then by its first pages.

    A whitepaper that mentions "vulnerability scanning" in passing is a whitepaper, because
    its title says so.
    """
    first = " ".join(p.text for p in document.pages[:3])
    for text in (_title_text(document), first):
        for kind, pattern in _LOOKS_LIKE:
            if text and pattern.search(text):
                return kind
    return ""


def _title_text(document: Document) -> str:
    """The first page's title: its first lines and the lines set larger than its body."""
    page = next((p for p in document.pages[:3] if p.lines), None)
    if page is None:
        return ""
    body = body_size([page])
    lines = [
        line.text
        for index, line in enumerate(page.lines)
        if index < _TITLE_LINES or line.size >= body * _TITLE_SIZE
    ]
    return " ".join(lines)


def check_soc_report(document: Document, sections: Sequence[Section]) -> None:
    """Raise :class:`NotASocReportError` for a readable PDF that is no SOC report.

    The test is positive: a SOC report holds an independent service auditor's (or
    accountant's) report, titled on a line of its own, with an opinion paragraph and the
    examination it reports on. SOC words alone (a readiness report, a scanner's "SOC 2
    report", a whitepaper, a policy, an analyst's summary, a bridge letter) are not enough;
    the message says what the document looks like.
    """
    # SOC wording on the first 40 pages (the first one found answers).
    signs = any(_SOC_SIGNS.search(page.text) for page in document.pages[:40])
    has_opinion = any(s.kind is SectionKind.OPINION for s in sections)
    if signs and (_auditors_report(document) or (has_opinion and _opinion_in(document))):
        return
    kind = _looks_like(document)
    looks = f"it looks like {kind}" if kind else "it holds no independent auditor's report"
    found = (
        "it mentions SOC reports but has no independent service auditor's report with an "
        "opinion paragraph"
        if signs
        else "no service auditor's report, SOC wording or trust services criteria found"
    )
    raise NotASocReportError(
        document.name,
        f"is a readable PDF but not a SOC 1, SOC 2 or SOC 3 report: {looks} ({found}); "
        "check that this is the vendor's SOC report",
    )


def _opinion_in(document: Document) -> bool:
    text = " ".join(p.text for p in document.pages[:80])
    return bool(_OPINION_SENTENCE.search(text) and _EXAMINATION.search(text))


# ------------------------------------------------------------------ the pages later stages read
#
# A section finder may stop a section early at a heading-like line. The ranges below, which
# the opinion and tests-of-controls readers read, carry a section on past such a stop; they
# are decided here, beside the boundaries, and nowhere else.

# The longest an auditor's report runs, in pages.
_REPORT_PAGES = 8


def opinion_reading_pages(
    document: Document, sections: Sequence[Section]
) -> tuple[Page, ...] | None:
    """The pages the opinion is read from: the auditor's report, or None when no opinion
    section was found.

    The report runs from its section's first page at least to the section's last page, and
    on to the next page that opens another section with a marked or top-of-page heading, so
    that a section finder stopping early at a heading-like line does not cut the opinion off.
    """
    found = [s for s in sections if s.kind is SectionKind.OPINION]
    if not found:
        return None
    first = found[0]
    last = first.last_page
    for number in range(
        first.first_page + 1, min(first.first_page + _REPORT_PAGES, len(document.pages) + 1)
    ):
        page = document.page(number)
        opens = any(
            h.kind is not SectionKind.OPINION and (h.marked or h.line < 3)
            for h in find_headings([page])
        )
        if opens:
            break
        last = max(last, number)
    pages = list(document.span(first.first_page, last))
    for section in found[1:]:
        pages.extend(
            p for p in document.span(section.first_page, section.last_page) if p.number > last
        )
    return tuple(pages)


def control_tests_pages(
    document: Document,
    sections: Sequence[Section],
    has_table: Callable[[Page, bool], bool],
    warnings: list[str],
) -> tuple[Page, ...]:
    """The pages to read: every page of each tests section with a control table (or of each
    tests section, when none has one), each extended while the next pages hold a control
    table header; without a tests section, the pages from the first control table header
    to the last, with a warning.

    ``has_table(page, strict)`` says whether a page holds a control table's header (the
    tests-of-controls reader knows what one looks like; strict outside a tests section).
    """
    tests = [s for s in sections if s.kind is SectionKind.TESTS]
    if tests:
        spans: list[tuple[int, int]] = []
        for section in tests:
            first, last = section.first_page, section.last_page
            # A section finder may end the tests early (a bold "Management's Response:"
            # label taken for a heading): go on while the next pages hold control tables.
            while last < document.page_count and has_table(document.page(last + 1), False):
                last += 1
            spans.append((first, last))
        # A tests section named in a sentence elsewhere holds no control table; when some
        # section does, read only those (key/value layouts have no header row at all).
        tabled = [
            (f, last)
            for f, last in spans
            if any(has_table(p, False) for p in document.span(f, last))
        ]
        numbers = sorted({n for f, last in (tabled or spans) for n in range(f, last + 1)})
        return tuple(document.page(n) for n in numbers)
    found = [p.number for p in document.pages if has_table(p, True)]
    if not found:
        # The pipeline already warns that no tests section was found (SOC 3 reports have none).
        return ()
    warnings.append(
        "no tests of controls section was found; read the control tables found on "
        f"pages {found[0]}-{found[-1]}"
    )
    return document.span(found[0], found[-1])
