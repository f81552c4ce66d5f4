"""Tests of controls: rebuild the control table, classify results, find exceptions.

``read_controls(document, sections)`` returns a :class:`ControlsResult` with
every control in report order, every exception with its ratios and
management's response, and a warning for anything it could not read.

The flow: the pages of the tests section -> table rows and loose lines
(``_table.pages_to_items``) -> controls, each with its criteria (from a
criteria column, a spanning group row or a heading above the table), its test
steps and their results (``_results.classify_result``) -> exceptions, whose
finding comes from the result cell or from a paragraph naming the control
below the table, with ratios (``_ratios.text_to_ratios``) and management's
response (``_responses``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import (
    ControlException,
    ControlOutcome,
    ControlsStatus,
    ControlTest,
    Evidence,
    Opinion,
    OpinionKind,
    Section,
    SectionKind,
)
from soc2parse._pages import Document, Page
from soc2parse.controls.header import find_header
from soc2parse.controls.items import Item, TableRow, TextLine, join_lines
from soc2parse.controls.ratios import text_to_ratios
from soc2parse.controls.responses import section_responses, split_response
from soc2parse.controls.results import ResultKind, classify_result
from soc2parse.controls.table import pages_to_items

__all__ = [
    "ControlsResult",
    "check_opinion",
    "criteria_in",
    "looks_like_control_id",
    "read_controls",
]


@attrs.frozen(kw_only=True)
class ControlsResult:
    """What the tests-of-controls stage found; ``warnings`` says what it could not."""

    controls: tuple[ControlTest, ...] = ()
    exceptions: tuple[ControlException, ...] = ()
    warnings: tuple[str, ...] = ()
    status: ControlsStatus = ControlsStatus.ABSENT


# Trust services criteria ids (2017 TSC): CC1.1-CC9.2, A1.x, C1.x, PI1.x, P1.1-P8.1.
# Not the first two parts of a control id like "CC6.1.2".
_CRITERION = regex.compile(
    r"\b(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)",
)
# A run of criteria at the start of a heading: "CC6.1 –", "CC6.1, CC6.6 and CC6.7:".
_LEADING_CRITERIA = regex.compile(
    r"""^\s*(?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?
    (?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)
    (?:\s*(?:,|/|&|and|\u2013|-)\s*(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d))*""",
    regex.VERBOSE | regex.IGNORECASE,
)
# A heading or group row that opens a criterion or a SOC 1 control objective; not a
# control id built on one ("CC7.3-01").
_GROUP = regex.compile(
    r"""^\s*(?:
        (?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)
      | control\s+objective\s*(?:\d|[ivx]+\b|[a-z]\b|:)
      | objective\s+\d
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)
# Control ids as printed: CC6.1.2, C-14, AC-03, 6.1a, 1.01, ENV-01, IT-GC-01, PI1.3.4, 12.
_CONTROL_ID = regex.compile(
    r"""^(?:
        [A-Z][A-Z0-9]{0,8}(?:[-_.][A-Z][A-Z0-9]{0,8})*(?:[-_.]?\d+)(?:[-_.]\d+)*[a-z]?
      | \d{1,3}(?:[-.]\d{1,3})+[a-z]?
      | \d{1,3}[a-z]
      | \d{1,4}
    )$""",
    regex.VERBOSE,
)
# An id at the start of a description cell (no id column): stricter, a bare number is not one.
_LEADING_ID = regex.compile(
    r"""^(?:
        [A-Z][A-Z0-9]{0,8}(?:[-_.][A-Z][A-Z0-9]{0,8})*(?:[-_.]?\d+)(?:[-_.]\d+)*[a-z]?
      | \d{1,3}(?:\.\d{1,3})+[a-z]?
      | \d{1,3}\.?\d{0,3}[a-z]
    )$""",
    regex.VERBOSE,
)
# The opening words of an exception result, dropped from the finding.
_EXCEPTION_LEAD = regex.compile(
    r"""^\s*(?:the\s+following\s+)?(?:exceptions?|deviations?)(?:\s*\(s\))?
    (?:\s+(?:was|were|has\s+been|have\s+been))?
    \s+(?:noted|identified|found|observed|detected|reported)
    (?:\s+(?:as\s+follows|during\s+testing))?\s*[:.\u2013\u2014-]?\s*""",
    regex.VERBOSE | regex.IGNORECASE,
)
# A result that points elsewhere for its details: "See the exception details below this table."
_POINTER = regex.compile(
    r"^\s*(?:\(?see\b|refer\b|details\b|as\s+described\b)|\bbelow\b|\bsection\s+v\b", regex.I
)
_TRIM = ".:;,()[]\u2013\u2014"
# Complementary subservice organization controls listed in the matrix: ids "CSOC1",
# "CSOC-2", "CSC 3"; or a description "AWS is expected to ...", "Subservice providers are
# expected to ...", "User entities are expected to ..." (a complementary control).
_COMPLEMENTARY_ID = regex.compile(r"^CS(?:O)?Cs?[-.\s]?\d", regex.I)
_EXPECTED_OF = regex.compile(
    r"^(?:\S+\s+){0,8}?(?:is|are)\s+(?:expected|required\s+by\s+\S+)\s+to\b", regex.I
)


def criteria_in(text: str, *, leading: bool = False) -> tuple[str, ...]:
    """Trust services criteria ids in ``text`` (only those opening it, with ``leading``).

    >>> criteria_in("CC6.1, CC6.6 and CC6.7 – The entity implements ...", leading=True)
    ('CC6.1', 'CC6.6', 'CC6.7')
    >>> criteria_in("CC6.1.2")
    ()
    """
    if leading:
        match = _LEADING_CRITERIA.match(text)
        text = match.group() if match else ""
    return tuple(dict.fromkeys(m.upper() for m in _CRITERION.findall(text)))


def looks_like_control_id(token: str) -> bool:
    """True for a control id as printed: CC6.1.2, C-14, AC-03, 6.1a, 1.01.

    >>> [looks_like_control_id(t) for t in ("CC6.1.2", "C-14", "6.1a", "1.01", "Inspected")]
    [True, True, True, True, False]
    """
    token = token.strip(_TRIM)
    return bool(token) and len(token) <= 20 and _CONTROL_ID.match(token) is not None


# An id printed with a space after its letters: "C 24", "SEC 1.1", "CC 8.1-01".
_SPACED_ID = regex.compile(r"^[A-Z]{1,5}\s\d{1,3}(?:[-.]\d{1,3})*[a-z]?$")


def _spaced_id(words: Sequence[str], *, dotted: bool = False) -> str | None:
    """An id split by a space over the first two ``words`` ("C", "24" -> "C 24"), or None.

    Never a criterion ("CC 6.1"); with ``dotted``, the number must hold a separator
    ("SEC 1.1", not "ISO 27001"), for ids read outside an id column.

    >>> _spaced_id(["CC", "8.1-01", "Changes"]), _spaced_id(["CC", "6.1"])
    ('CC 8.1-01', None)
    """
    if len(words) < 2:
        return None
    token = f"{words[0]} {words[1].rstrip(_TRIM)}"
    if _SPACED_ID.match(token) is None or criteria_in(token.replace(" ", "")):
        return None
    if dotted and not regex.search(r"\d[-.]\d", token):
        return None
    return token


@attrs.define
class _Draft:
    control_id: str
    criteria: tuple[str, ...]
    description: list[str] = attrs.field(factory=list)
    tests: list[str] = attrs.field(factory=list)
    results: list[tuple[str, int]] = attrs.field(factory=list)
    pages: list[int] = attrs.field(factory=list)
    notes: list[tuple[str, int]] = attrs.field(factory=list)

    def add_page(self, page: int) -> None:
        if page not in self.pages:
            self.pages.append(page)


def read_controls(document: Document, sections: tuple[Section, ...]) -> ControlsResult:
    """Read the tests of controls from the document's ``tests`` section.

    When no tests section was found, pages holding a control-table header (with a tests
    or results column) are read instead, with a warning.
    """
    warnings: list[str] = []
    pages = _tests_pages(document, sections, warnings)
    if not pages:
        return ControlsResult(warnings=tuple(warnings), status=ControlsStatus.ABSENT)
    strict = not any(s.kind is SectionKind.TESTS for s in sections)
    items = pages_to_items(pages, strict=strict)
    unread: list[Item] = []
    drafts = _items_to_drafts(items, unread)
    if not drafts:
        where = f"pages {pages[0].number}-{pages[-1].number}"
        seen = _ids_seen(unread, ())
        found = f"; {len(seen)} control ids appear in its text ({_id_list(seen)})" if seen else ""
        warnings.append(
            f"no control table could be read in the tests of controls ({where}){found}; "
            "the control and exception counts are unknown"
        )
        return ControlsResult(warnings=tuple(warnings), status=ControlsStatus.UNREAD)
    drafts = _merge_repeats(drafts, warnings)
    _follow_pointers(drafts, unread)
    before = len(warnings)
    _check_furniture(pages, {d.control_id for d in drafts}, warnings)
    other = _other_pages(document, sections, pages[-1].number)
    controls, exceptions = _finish(drafts, other, warnings)
    _check_unread(unread, drafts, warnings)
    status = ControlsStatus.PARTIAL if len(warnings) > before else ControlsStatus.COMPLETE
    return ControlsResult(
        controls=tuple(controls),
        exceptions=tuple(exceptions),
        warnings=tuple(warnings),
        status=status,
    )


# A quoted control in an opinion's basis: States in its description that "Changes are ...".
_QUOTED = regex.compile(r"[\"\u201c](?P<quote>[^\"\u201c\u201d]{20,400})[\"\u201d]")
_NOT_WORD = regex.compile(r"[\W_]+")


def check_opinion(opinion: Opinion, result: ControlsResult) -> ControlsResult:
    """Cross-check a modified opinion's basis against the exceptions read.

    A qualified or adverse opinion rests on deviations: when none was read, or when the
    basis names (by id or by quoting its description) a control that was not read as an
    exception, an exception was probably missed; say so and mark the read partial.
    """
    if opinion.kind not in (OpinionKind.QUALIFIED, OpinionKind.ADVERSE):
        return result
    if not any(c.result for c in result.controls):
        return result  # a Type 1 report, or nothing read: no results to check against
    basis = opinion.basis or ""
    exceptions = {e.control_id.casefold() for e in result.exceptions}
    named: list[str] = []
    for control in result.controls:
        if control.control_id.casefold() in exceptions:
            continue
        if regex.search(rf"(?<![\w.-]){regex.escape(control.control_id)}(?![\w-]|\.\d)", basis):
            named.append(control.control_id)
    described = [(_norm_words(c.description), c) for c in result.controls if c.description]
    for match in _QUOTED.finditer(basis):
        quote = _norm_words(match["quote"])
        quoted = [c for text, c in described if quote and (quote in text or text in quote)]
        # Several controls may share the quoted wording: one read as an exception will do.
        if quoted and not any(c.control_id.casefold() in exceptions for c in quoted):
            named.extend(c.control_id for c in quoted)
    warnings: list[str] = []
    page = f" (page {opinion.evidence.page})" if opinion.evidence else ""
    if named:
        warnings.append(
            f"the {opinion.kind.value} opinion's basis{page} names controls not read as "
            f"exceptions: {', '.join(dict.fromkeys(named))}; an exception may be missing"
        )
    elif not result.exceptions and _OPERATION_FAILED.search(basis):
        warnings.append(
            f"the opinion is {opinion.kind.value}{page} but no exception was read in the tests "
            "of controls; an exception may be missing"
        )
    if not warnings:
        return result
    return attrs.evolve(
        result, warnings=(*result.warnings, *warnings), status=ControlsStatus.PARTIAL
    )


# A basis that rests on controls failing in operation (not on design or on the description).
_OPERATION_FAILED = regex.compile(
    r"\b(?:not\s+operat(?:ing|e|ed)|did\s+not\s+operate|deviations?|exceptions?)\b", regex.I
)


def _norm_words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text).casefold().split())


# Sentences of a result: "No deviations noted. 2. Not tested. No changes occurred." -> three.
_SENTENCE_BREAK = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d(])")


def _result_kinds(text: str) -> Counter[ResultKind]:
    """How many sentences of ``text`` state each kind of test result."""
    kinds: Counter[ResultKind] = Counter()
    for sentence in _SENTENCE_BREAK.split(text):
        kind = classify_result(sentence).kind
        if kind in (ResultKind.EXCEPTION, ResultKind.NO_EXCEPTION, ResultKind.NOT_TESTED):
            kinds[kind] += 1
    return kinds


def _item_texts(item: Item) -> list[str]:
    if isinstance(item, TableRow):
        return [text for _, text in item.cells if text] or [item.text]
    return [item.text]


_LETTER_RUN = regex.compile(r"[A-Za-z]+")
_DIGIT_RUN = regex.compile(r"\d+")
# An id that reads as a control id with no other ids to compare: "CC6.1.2", "PI1.3.4",
# "AC-03", "IT-GC-01"; not "3.2" (a list item) nor "CC6.1" (a criterion, checked apart).
_STRONG_ID = regex.compile(
    r"""^(?:[A-Za-z]+[-.]?\d+[-.]\d+   # CC6.1.2, PI1.3.4, A-1.2
       | [A-Za-z]{2,}(?:-[A-Za-z]+)*-\d+  # AC-03, IT-GC-01
       | [A-Za-z]{2,}\.\d+$  # AC.03
    )""",
    regex.VERBOSE,
)


def _id_shape(control_id: str) -> str:
    """An id's shape: letters as "A", digit runs as "9" ("CC6.1.2" -> "A.9.9", "AC-03" -> "A-9")."""
    return str(_DIGIT_RUN.sub("9", _LETTER_RUN.sub("A", control_id)))


def _ids_seen(items: Sequence[Item], known: Sequence[str]) -> dict[str, int]:
    """Control ids opening a line or a cell of ``items``, with their first page.

    With ``known`` ids, only ids of the same shape count; without, only ids that hold a
    letter and a digit with a separator ("CC6.1.2", "AC-03"), never a criterion.
    """
    shapes = {_id_shape(k) for k in known}
    seen: dict[str, int] = {}
    for item in items:
        for text in _item_texts(item):
            words = text.split()
            token = words[0].strip(_TRIM) if words else ""
            if not looks_like_control_id(token) or criteria_in(token):
                continue
            wanted = _id_shape(token) in shapes if shapes else _STRONG_ID.match(token) is not None
            if wanted and token.casefold() not in {k.casefold() for k in known}:
                seen.setdefault(token, item.page)
    return seen


def _id_list(seen: dict[str, int]) -> str:
    shown = [f"{token} (page {page})" for token, page in list(seen.items())[:8]]
    return ", ".join(shown) + (" and others" if len(seen) > 8 else "")


def _check_unread(unread: Sequence[Item], drafts: Sequence[_Draft], warnings: list[str]) -> None:
    """Warn about control ids and result wordings in the section that no control took.

    Only what follows the first control counts (the section's introduction explains
    its tests in words of its own).
    """
    first = min((d.pages[0] for d in drafts if d.pages), default=0)
    rest = [item for item in unread if item.page >= first]
    seen = _ids_seen(rest, [d.control_id for d in drafts])
    if seen:
        warnings.append(
            f"{len(seen)} control ids appear in the tests of controls but were not read as "
            f"controls: {_id_list(seen)}; controls and exceptions may be missing"
        )
    inside = [
        f"{d.control_id} (page {d.pages[0]})"
        for d in drafts
        if d.pages and ResultKind.EXCEPTION in _result_kinds(join_lines(d.description))
    ]
    if inside:
        warnings.append(
            "exception wordings were read into control descriptions, not results: "
            + ", ".join(inside[:8])
            + (" and others" if len(inside) > 8 else "")
            + "; the table may have been misread"
        )
    pages: dict[ResultKind, list[int]] = {}
    for item in rest:
        if isinstance(item, TextLine) and _heading_like(item):
            continue  # "B. Exceptions Noted and Management's Responses" is a heading
        for text in _item_texts(item):
            for kind, count in _result_kinds(text).items():
                pages.setdefault(kind, []).extend([item.page] * count)
    names = {
        ResultKind.EXCEPTION: "exception",
        ResultKind.NOT_TESTED: "not-tested",
        ResultKind.NO_EXCEPTION: "no-exception",
    }
    parts = [
        f"{len(found)} {names[kind]} result{'s' if len(found) > 1 else ''} "
        f"(pages {', '.join(str(p) for p in sorted(set(found)))})"
        for kind, found in sorted(pages.items(), key=lambda kv: list(names).index(kv[0]))
    ]
    if parts:
        read = Counter[ResultKind]()
        for draft in drafts:
            for text, _ in draft.results:
                read.update(_result_kinds(text))
        warnings.append(
            "test result wordings in the tests of controls belong to no control read: "
            + "; ".join(parts)
            + f" (read: {read[ResultKind.EXCEPTION]} exception, "
            f"{read[ResultKind.NOT_TESTED]} not-tested, "
            f"{read[ResultKind.NO_EXCEPTION]} no-exception); "
            + (
                "an exception there was not read"
                if ResultKind.EXCEPTION in pages
                else "controls there may be missing"
            )
        )


def _check_furniture(pages: Sequence[Page], ids: set[str], warnings: list[str]) -> None:
    """Warn when lines dropped as running headers or footers look like control rows."""
    lost = sorted(
        {
            token
            for page in pages
            for text in page.furniture
            for token in text.split()[:1]
            if looks_like_control_id(token) and not token.isdigit() and token not in ids
        }
    )
    if lost:
        warnings.append(
            "lines that look like control rows were removed as running headers or footers "
            f"(control ids {', '.join(lost[:10])}); those controls may be missing or incomplete"
        )


def _tests_pages(
    document: Document, sections: Sequence[Section], warnings: list[str]
) -> tuple[Page, ...]:
    tests = [s for s in sections if s.kind is SectionKind.TESTS]
    if tests:
        spans: list[tuple[int, int]] = []
        for section in tests:
            first, last = section.first_page, section.last_page
            # A section finder may end the tests early (a bold "Management's Response:"
            # label taken for a heading): go on while the next pages hold control tables.
            while last < document.page_count and find_header(document.page(last + 1)):
                last += 1
            spans.append((first, last))
        # A tests section named in a sentence elsewhere holds no control table; when some
        # section does, read only those (key/value layouts have no header row at all).
        tabled = [
            (f, last)
            for f, last in spans
            if any(find_header(p) is not None for p in document.span(f, last))
        ]
        numbers = sorted({n for f, last in (tabled or spans) for n in range(f, last + 1)})
        return tuple(document.page(n) for n in numbers)
    found = [p.number for p in document.pages if find_header(p, strict=True) is not None]
    if not found:
        # The pipeline already warns that no tests section was found (SOC 3 reports have none).
        return ()
    warnings.append(
        "no tests of controls section was found; read the control tables found on "
        f"pages {found[0]}-{found[-1]}"
    )
    return document.span(found[0], found[-1])


def _other_pages(document: Document, sections: Sequence[Section], after: int) -> tuple[Page, ...]:
    """Pages after the tests of controls where section V responses may be."""
    numbers: list[int] = []
    for section in sections:
        if section.kind is SectionKind.OTHER:
            numbers.extend(range(max(section.first_page, after + 1), section.last_page + 1))
    if not numbers and not any(s.kind is SectionKind.OTHER for s in sections):
        numbers = list(range(after + 1, document.page_count + 1))
    return tuple(document.page(n) for n in sorted(set(numbers)))


# Key/value layouts: each control as a block of labelled rows.
_KV_LABELS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    (
        "id",
        regex.compile(
            r"^(?:control\s*(?:\#|no\.?|number|id|ref(?:erence)?)|ref(?:erence)?(?:\s*\#)?)$",
            regex.I,
        ),
    ),
    (
        "description",
        regex.compile(
            r"^(?:control\s+(?:activity|activities|description)|description|control"
            r"|controls?\s+specified\b.*|control\s+activity\s+specified\b.*)$",
            regex.I,
        ),
    ),
    ("criteria", regex.compile(r"^(?:(?:trust\s+services\s+)?criteri(?:a|on)|tsc)$", regex.I)),
    (
        "tests",
        regex.compile(
            r"^(?:tests?\s+(?:performed|applied|procedures?)\b.*|testing\s+performed\b.*"
            r"|test(?:ing)?\s+procedures?|procedures?\s+performed\b.*|tests?|testing"
            r"|tests?\s+of\s+(?:operating\s+)?effectiveness\b.*"
            r"|(?:service\s+)?auditor['’]?s?\s+(?:tests?|testing|procedures?)\b.*)$",
            regex.I,
        ),
    ),
    (
        "result",
        regex.compile(
            r"^(?:test(?:ing)?\s+results?|results?(?:\s+of\s+(?:the\s+)?test(?:s|ing))?"
            r"|test\s+outcome|outcome)$",
            regex.I,
        ),
    ),
)
_KV_COLON = regex.compile(r"^(?P<label>[A-Za-z][A-Za-z #.'’]{1,45}?)\s*:\s*(?P<value>.*)$")
# A prose section IV opens each control with its id and description on one line:
# "Control CC6.1.2: Access is ...", "Control No. AC-03 – Access is ...", "CC6.1.2: Access is ...".
_NARRATIVE_OPENER = regex.compile(
    r"""^(?P<word>control(?:\s+(?:activity|id|no\.?|number|\#|ref(?:erence)?))?\s+)?
    (?P<id>[A-Za-z0-9][\w.\-]{0,19}?)\s*(?::|\s[\u2013\u2014-])\s*(?P<rest>\S.*)$""",
    regex.VERBOSE | regex.IGNORECASE,
)


# A prose control whose id stands alone on its line ("CC6.1.2", "Control AC-03"), its
# description on the lines below.
_BARE_ID = regex.compile(
    r"^\s*(?:control(?:\s+(?:id|no\.?|number|\#))?\s+)?"
    r"(?P<id>[A-Za-z][\w.\-]{1,19}?|[A-Z]{1,5}\s\d{1,3}(?:[-.]\d{1,3})+[a-z]?)[.:]?\s*$",
    regex.I,
)


def _kv_label(line: TextLine) -> tuple[str, str, float] | None:
    """``(role, value, value x)`` when a line opens a key/value row ("Control Number  CC1.1.1").

    The value x is where continuation lines of a value in its own column start; for a
    "Label: value" line it is the line's own start.
    """
    # First the prose opener: a justified line splits into phrases at every word, and its
    # first word "Control" would read as a label.
    bare = _BARE_ID.match(line.text)
    if bare is not None and _STRONG_ID.match(bare["id"]) and _narrative_id(bare["id"], worded=True):
        return "id", bare["id"], line.x0
    if bare is not None and _spaced_id(bare["id"].split(), dotted=True) is not None:
        return "id", bare["id"], line.x0
    opener = _NARRATIVE_OPENER.match(line.text)
    if opener is not None and _narrative_id(opener["id"], worded=bool(opener["word"])):
        return "id", f"{opener['id']} {opener['rest']}", line.x0
    colon = _KV_COLON.match(line.text)
    if colon and len(colon["label"].split()) <= 4:
        # "Tests performed: ..." (set justified, its phrases are single words).
        for role, pattern in _KV_LABELS:
            if pattern.match(colon["label"].strip()):
                return role, colon["value"], line.x0
    if len(line.phrases) >= 2:
        label = line.phrases[0].rstrip(":").strip()
        for role, pattern in _KV_LABELS:
            if pattern.match(label):
                # "Results: ..." set justified splits at every word: its value wraps to the
                # line's own start, not to where its second word happens to stand.
                value_x0 = line.x0 if line.phrases[0].endswith(":") else line.phrase_x0s[1]
                return role, " ".join(line.phrases[1:]), value_x0
    if colon:
        for role, pattern in _KV_LABELS:
            if pattern.match(colon["label"].strip()):
                return role, colon["value"], line.x0
    return None


def _narrative_id(token: str, *, worded: bool) -> bool:
    """An id that opens a prose control: after "Control", any id; alone, one with a letter
    and a digit or two dotted numbers ("CC6.1.2", "AC-03", "1.01"), never a criterion."""
    token = token.strip(_TRIM)
    if not looks_like_control_id(token) or criteria_in(token):
        return False
    if worded:
        return True
    return bool(regex.search(r"\d", token)) and bool(
        regex.search(r"[A-Za-z]", token) or regex.search(r"\d[.\-]\d", token)
    )


def _items_to_drafts(items: Sequence[Item], unread: list[Item] | None = None) -> list[_Draft]:
    """Controls from the items in order; ``unread`` collects the items no control took."""
    skipped: list[Item] = [] if unread is None else unread
    drafts: list[_Draft] = []
    criteria: tuple[str, ...] = ()
    current: _Draft | None = None
    kv_role: str | None = None  # the key/value field being continued, if any
    kv_x0 = 0.0  # where that field's continuation lines start
    note: _Draft | None = None  # the control a paragraph below the table describes
    complementary = False  # in a paragraph about a complementary control
    by_id: dict[str, _Draft] = {}

    for item in items:
        if isinstance(item, TableRow):
            kv_role = None
            note = None
            row = _unmerge_result(item, has_current=current is not None)
            first_text = row.cells[0][1] if row.cells else ""
            group_text = row.text if row.spanning or _criterion_row(row) else first_text
            others_empty = all(not text for _, text in row.cells[1:])
            if row.spanning or (others_empty and _GROUP.match(first_text)) or _criterion_row(row):
                criteria = criteria_in(group_text, leading=True)
                current = None
                continue
            control_id, description = _row_id(row)
            known = by_id.get(control_id.casefold()) if control_id else None
            if known is not None and not description and known.description:
                # A separate list of exceptions ("Control # | Exception | Management's
                # Response") names controls already read: its text is their finding.
                _add_listed_finding(known, row)
                current = None
                continue
            if control_id is not None and _complementary(row, control_id, description):
                # Expected of a subservice organization or of user entities: not a control
                # of the service organization, not counted.
                current = None
                continue
            if control_id is not None:
                row_criteria = criteria_in(row.cell_all("criteria")) or criteria
                current = _Draft(control_id, row_criteria)
                drafts.append(current)
                by_id.setdefault(control_id.casefold(), current)
            elif current is None:
                skipped.append(row)
                continue
            current.add_page(row.page)
            if description:
                current.description.append(description)
            tests = row.cell_all("tests")
            if tests:
                current.tests.append(tests)
            result = row.cell_all("result")
            if result and control_id is None and current.results:
                last_text, last_page = current.results[-1]
                # A new step on the next page: its tests cell opens with a step number
                # and the last result ended its sentence.
                new_step = bool(_STEP_START.match(tests)) and last_text.rstrip().endswith(".")
                if (last_page != row.page and not new_step) or result[:1].islower():
                    # A cell split by a page break or a row gap: the same step's result
                    # continues (a new result opens with a capital or a step number).
                    current.results[-1] = (join_lines((last_text, result)), last_page)
                    continue
            if result:
                current.results.append((result, row.page))
            continue

        line = item
        words = line.text.split()
        if words and _COMPLEMENTARY_ID.match(words[0]) and looks_like_control_id(words[0]):
            # "CSOC-01 (complementary subservice organization control): Google Cloud is
            # responsible for ...": no control of the service organization, nor part of
            # the control above; its paragraph goes on to the next label or heading.
            complementary = True
            kv_role = None
            note = None
            continue
        kv = _kv_label(line)
        if complementary and kv is None and not _heading_like(line) and not _GROUP.match(line.text):
            continue
        complementary = False
        if kv is not None:
            role, value, kv_x0 = kv
            note = None
            if role == "id":
                words = value.split()
                token = words[0].strip(_TRIM) if words else ""
                spaced = None if looks_like_control_id(token) else _spaced_id(words, dotted=True)
                if spaced is not None:
                    token, words = spaced, [spaced, *words[2:]]
                if looks_like_control_id(token) or spaced is not None:
                    current = _Draft(token, criteria)
                    drafts.append(current)
                    by_id.setdefault(token.casefold(), current)
                    current.add_page(line.page)
                    # A prose opener's description follows the id on its line or below it
                    # (a key/value block goes on with a label line instead).
                    kv_role = "description"
                    if len(words) > 1:
                        current.description.append(" ".join(words[1:]))
                    continue
            if current is not None and kv_role is not None:
                kv_role = _kv_add(current, role, value, line.page)
                continue
        if _GROUP.match(line.text) and not _mentions(line.text, by_id):
            criteria = criteria_in(line.text, leading=True)
            current = None
            kv_role = None
            note = None
            continue
        if (
            kv_role is not None
            and current is not None
            and not _heading_like(line)
            and line.x0 >= kv_x0 - 3.0
        ):
            kv_role = _kv_add(current, kv_role, line.text, line.page)
            continue
        kv_role = None
        named = _mentions(line.text, by_id)
        if named is not None:
            note = named
            rest = _after_id(line.text, named.control_id)
            if rest:
                note.notes.append((rest, line.page))
            continue
        if note is not None and not _heading_like(line):
            note.notes.append((line.text, line.page))
            continue
        note = None
        skipped.append(line)
    return drafts


_RESULT_KINDS = (ResultKind.EXCEPTION, ResultKind.NO_EXCEPTION, ResultKind.NOT_TESTED)


def _unmerge_result(row: TableRow, *, has_current: bool) -> TableRow:
    """A control row whose result cell is merged with its tests cell ("Not tested. No
    emergency changes occurred during the period." across both) spans the columns like
    a criterion row; it is a control row, its merged text the result."""
    if not row.spanning or _GROUP.match(row.text) or _criterion_row(row):
        return row
    merged = _merged_cell(row, ("tests", "result"))
    if classify_result(merged).kind not in _RESULT_KINDS:
        merged = join_lines((row.cell_all("tests"), row.cell_all("result")))
        if classify_result(merged).kind not in _RESULT_KINDS:
            return row
    if classify_result(row.cell_all("result")).kind in _RESULT_KINDS and not _crosses(
        row, "tests", "result"
    ):
        return row  # a result of its own: the tests cell is no part of it
    if _row_id(row)[0] is None and not has_current:
        return row
    cells = tuple(
        (role, merged if role == "result" else "" if role == "tests" else text)
        for role, text in row.cells
    )
    if not any(role == "result" for role, _ in cells):
        return row
    return attrs.evolve(row, cells=cells, spanning=False)


def _merged_cell(row: TableRow, roles: tuple[str, ...]) -> str:
    """The text of one cell merged across the columns of ``roles``, line by line.

    Each line's words fall into the columns under them; read line by line they give the
    merged cell's sentence in order ("No testing performed: no security incidents |
    occurred during the examination" / "period."), where the columns' own texts, joined
    one after the other, would not.
    """
    if not row.line_cells:
        return join_lines(row.cell_all(role) for role in roles)
    wanted = [i for i, (role, _) in enumerate(row.cells) if role in roles]
    return join_lines(
        " ".join(line[i] for i in wanted if i < len(line) and line[i]) for line in row.line_cells
    )


def _crosses(row: TableRow, left: str, right: str) -> bool:
    """True when the row's text runs from a ``left`` column straight into the ``right``
    column next to it: one cell merged across both."""
    roles = [role for role, _ in row.cells]
    return any(
        roles[i] == left and roles[i + 1] == right for i in row.crossed if i + 1 < len(roles)
    )


def _complementary(row: TableRow, control_id: str, description: str) -> bool:
    """A complementary subservice organization (or user entity) control row.

    Only rows the service auditor did not test are dropped: rows without tests or
    results, or, for an id of their own ("CSOC-1"), rows whose result says they were not
    tested or that name them complementary ("Not tested. Complementary subservice
    organization control."). A tested row ("Employees are expected to ...") is a
    control of its own.
    """
    tests, result = row.cell_all("tests"), row.cell_all("result")
    untested = not tests and not result
    if _COMPLEMENTARY_ID.match(control_id):
        return (
            untested
            or classify_result(result).kind is ResultKind.NOT_TESTED
            or "complementary" in row.text.casefold()
        )
    if not untested:
        return False
    # In a Type 1 table (no tests column) every row is untested: the wording alone is
    # not enough there.
    tested_table = any(role in ("tests", "result") for role, _ in row.cells)
    return tested_table and _EXPECTED_OF.match(description) is not None


def _criterion_row(row: TableRow) -> bool:
    """A criterion row in the table's own columns: "CC6.1 | The entity implements ... | | ".

    Only when the table has test or result columns and they are empty here; a Type 1
    table may number its controls like criteria.
    """
    roles = {role for role, _ in row.cells}
    if not roles & {"tests", "result"} or row.cell_all("tests") or row.cell_all("result"):
        return False
    first = row.cells[0][1].strip() if row.cells else ""
    return bool(first) and criteria_in(first) == (first.strip(_TRIM).upper(),)


def _add_listed_finding(draft: _Draft, row: TableRow) -> None:
    finding = join_lines(text for role, text in row.cells if role in ("result", "tests") and text)
    response = row.cell_all("response")
    if finding:
        draft.notes.append((finding, row.page))
    if response:
        draft.notes.append((f"Management's Response: {response}", row.page))
    draft.add_page(row.page)


# A test step's own result inside the tests paragraph: "1. Inspected the settings.
# Result: No exceptions noted." (after a sentence, or at the start of a line).
_STEP_RESULT = regex.compile(
    r"(?:^|(?<=[.;:)]\s{0,3}))\s*(?:Test\s+)?Results?\s*(?::|\s[\u2013\u2014-])\s*"
)
# A line that opens a test step: "2. For a sample of ...", "(3) Inspected ...".
_STEP_START = regex.compile(r"^\s*(?:\(?\d{1,2}[.)]|step\s+\d{1,2}[.:)]?)\s+\S", regex.I)


def _kv_add(draft: _Draft, role: str, value: str, page: int) -> str:
    """Add a labelled value (or a line continuing one) to ``draft``; return the role the
    next continuation line goes to.

    Tests whose steps carry their own results ("1. Inspected ... Result: No exceptions
    noted.") give one result per step: the role ``step_result`` goes on with the step's
    result until a line opens the next step.
    """
    draft.add_page(page)
    if role == "step_result":
        if _STEP_START.match(value):
            return _kv_add(draft, "tests", value, page)
        text, first_page = draft.results[-1]
        draft.results[-1] = (join_lines((text, value)), first_page)
        return role
    if role == "description":
        draft.description.append(value)
    elif role == "tests":
        inline = _STEP_RESULT.search(value)
        if inline is not None:
            if value[: inline.start()].strip():
                draft.tests.append(value[: inline.start()].strip())
            draft.results.append((value[inline.end() :].strip(), page))
            return "step_result"
        draft.tests.append(value)
    elif role == "result":
        if draft.results:
            text, first_page = draft.results[-1]
            draft.results[-1] = (join_lines((text, value)), first_page)
        else:
            draft.results.append((value, page))
    elif role == "criteria":
        draft.criteria = criteria_in(value) or draft.criteria
    return role


def _heading_like(line: TextLine) -> bool:
    return line.bold and len(line.text) < 120


def _mentions(text: str, by_id: dict[str, _Draft]) -> _Draft | None:
    for token in text.split():
        draft = by_id.get(token.strip(_TRIM).casefold())
        if draft is not None:
            return draft
    return None


def _after_id(text: str, control_id: str) -> str:
    index = text.casefold().find(control_id.casefold())
    return text[index + len(control_id) :].strip(" :.\u2013\u2014-") if index >= 0 else ""


def _row_id(row: TableRow) -> tuple[str | None, str]:
    """The control id a row opens with, and its description without the id."""
    description = row.cell_all("description")
    id_cells = [text for role, text in row.cells if role == "id"]
    if id_cells:
        # A list of exceptions may number its rows in a column of its own ("Ref." holding
        # "Exception 1") beside the control's: the first id cell holding an id.
        for id_cell in id_cells:
            words = id_cell.split()
            if words and looks_like_control_id(words[0]):
                return words[0].strip(_TRIM), description
            spaced = _spaced_id(words)
            if spaced is not None:
                return spaced, description
        return None, description
    words = description.split()
    if words and _LEADING_ID.match(words[0].strip(_TRIM)):
        return words[0].strip(_TRIM), " ".join(words[1:])
    return None, description


def _merge_repeats(drafts: list[_Draft], warnings: list[str]) -> list[_Draft]:
    """One control listed under several criteria is one control with all their criteria."""
    merged: dict[tuple[str, str], _Draft] = {}
    out: list[_Draft] = []
    for draft in drafts:
        key = (draft.control_id.casefold(), _norm(" ".join(draft.description)))
        first = merged.get(key)
        if first is None:
            merged[key] = draft
            out.append(draft)
            continue
        first.criteria = tuple(dict.fromkeys((*first.criteria, *draft.criteria)))
        for page in draft.pages:
            first.add_page(page)
        same = [_norm(r) for r, _ in first.results] == [_norm(r) for r, _ in draft.results]
        if not same:
            first.tests.extend(draft.tests)
            first.results.extend(draft.results)
        first.notes.extend(draft.notes)
    ids = [d.control_id for d in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        warnings.append(
            "control ids listed more than once with different descriptions: "
            + ", ".join(repeated[:10])
        )
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _finish(
    drafts: Sequence[_Draft], other: Sequence[Page], warnings: list[str]
) -> tuple[list[ControlTest], list[ControlException]]:
    controls: list[ControlTest] = []
    pending: list[tuple[_Draft, str, str, str | None, int]] = []
    unknown: list[str] = []
    for draft in drafts:
        results: list[str] = []
        exception_texts: list[tuple[str, int]] = []
        responses: list[str] = []
        for text, page in draft.results:
            finding, response = split_response(text)
            results.append(finding)
            if response:
                responses.append(response)
            verdict = classify_result(finding)
            if verdict.kind is ResultKind.EXCEPTION:
                exception_texts.append((finding, page))
            elif verdict.kind is ResultKind.UNKNOWN and draft.control_id not in unknown:
                # A control with several unclear results is named once ("A1.3.1", not twice).
                unknown.append(draft.control_id)
        result = join_lines(results)
        description = join_lines(draft.description)
        controls.append(
            ControlTest(
                control_id=draft.control_id,
                criteria=draft.criteria,
                description=description,
                tests=join_lines(draft.tests),
                result=result,
                has_exception=bool(exception_texts),
                pages=tuple(draft.pages),
                outcome=_outcome(results),
            )
        )
        if exception_texts:
            finding, evidence_text, response, page = _finding(draft, exception_texts, responses)
            pending.append((draft, finding, evidence_text, response, page))
    # Without a result: controls with tests, or, where other controls have results (not a
    # Type 1 report), controls with none at all.
    tested = any(d.results for d in drafts)
    silent = [d.control_id for d in drafts if (d.tests or tested) and not d.results]
    if silent:
        warnings.append(
            "no test result was found for controls "
            + ", ".join(silent[:10])
            + (" and others" if len(silent) > 10 else "")
            + "; their exceptions, if any, are not reported"
        )
    if unknown:
        warnings.append(
            "test results that say neither exception nor no exception for controls "
            + ", ".join(unknown[:10])
            + (" and others" if len(unknown) > 10 else "")
        )
    missing = [d.control_id for d, _, _, response, _ in pending if response is None]
    from_v = section_responses(other, missing) if missing and other else {}
    exceptions = []
    for draft, finding, evidence_text, inline, page in pending:
        response = inline
        where = Evidence(page=page, text=inline) if inline else None
        if response is None and draft.control_id in from_v:
            found = from_v[draft.control_id]
            response, where = found.text, Evidence(page=found.page, text=found.text)
        exceptions.append(
            ControlException(
                control_id=draft.control_id,
                criteria=draft.criteria,
                description=join_lines(draft.description),
                finding=finding,
                ratios=text_to_ratios(finding),
                management_response=response,
                evidence=Evidence(page=page, text=evidence_text),
                response_evidence=where,
            )
        )
    return controls, exceptions


def _outcome(results: Sequence[str]) -> ControlOutcome:
    """One control's outcome from its steps' results: any exception makes it an exception;
    else any step not tested for want of occurrences makes it not tested."""
    kinds: set[ResultKind] = set()
    for text in results:
        kinds.add(classify_result(text).kind)
        kinds.update(_result_kinds(text))
    if ResultKind.EXCEPTION in kinds:
        return ControlOutcome.EXCEPTION
    if ResultKind.NOT_TESTED in kinds:
        return ControlOutcome.NOT_TESTED
    if ResultKind.UNKNOWN in kinds:
        return ControlOutcome.UNCLEAR
    if ResultKind.NO_EXCEPTION in kinds:
        return ControlOutcome.NO_EXCEPTION
    return ControlOutcome.NO_RESULT


# A result that names a numbered exception told elsewhere: "Refer to Exception 3",
# "See Exception No. 2 below", "Deviation #4".
_NUMBERED_POINTER = regex.compile(
    r"\b(?:exception|deviation|finding)\s*(?:no\.?|number|\#)?\s*(?P<n>\d{1,3})\b", regex.I
)
# Where that exception is told: a line opening "Exception 3:", "Exception No. 3 –".
_NUMBERED_LABEL = regex.compile(
    r"^\s*(?:exception|deviation|finding)\s*(?:no\.?|number|\#)?\s*(?P<n>\d{1,3})\b\s*[:.\u2013\u2014-]?",
    regex.I,
)


def _follow_pointers(drafts: Sequence[_Draft], unread: list[Item]) -> None:
    """Give a result that points to a numbered exception ("Refer to Exception 3") the
    paragraph told under that number among the lines no control took."""
    wanted: dict[str, _Draft] = {}
    for draft in drafts:
        for text, _ in draft.results:
            if classify_result(text).kind is ResultKind.EXCEPTION:
                for match in _NUMBERED_POINTER.finditer(text):
                    wanted.setdefault(match["n"], draft)
    if not wanted:
        return
    taken: list[int] = []
    owner: _Draft | None = None
    for index, item in enumerate(unread):
        if not isinstance(item, TextLine):
            owner = None
            continue
        label = _NUMBERED_LABEL.match(item.text)
        if label is not None:
            owner = wanted.get(label["n"])
            if owner is not None:
                rest = item.text[label.end() :].strip()
                if rest:
                    owner.notes.append((rest, item.page))
                taken.append(index)
            continue
        if owner is not None and not _heading_like(item):
            owner.notes.append((item.text, item.page))
            taken.append(index)
        else:
            owner = None
    for index in reversed(taken):
        del unread[index]


def _finding(
    draft: _Draft, exception_texts: Sequence[tuple[str, int]], responses: Sequence[str]
) -> tuple[str, str, str | None, int]:
    """The finding text, the evidence text, the response and the evidence page."""
    page = exception_texts[0][1]
    evidence_text = " ".join(text for text, _ in exception_texts)
    details = [_EXCEPTION_LEAD.sub("", text, count=1).strip() for text, _ in exception_texts]
    # A control listed under two criteria may print the same finding under both.
    details = list(dict.fromkeys(d for d in details if d and not _POINTER.search(d)))
    response = responses[0] if responses else None
    if draft.notes:
        note_finding, note_response = split_response(join_lines(t for t, _ in draft.notes))
        note_finding = _EXCEPTION_LEAD.sub("", note_finding, count=1).strip()
        if note_finding and not details:
            details = [note_finding]
            evidence_text = f"{evidence_text} {note_finding}".strip()
        if response is None:
            response = note_response
    finding = join_lines(details) if details else evidence_text
    return finding, evidence_text, response, page
