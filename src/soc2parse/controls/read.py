"""Tests of controls: rebuild the control table, classify results, find exceptions.

``read_controls(document, sections)`` returns a :class:`ControlsResult` with
every control in report order, every exception with its ratios and
management's response, and a warning for anything it could not read.

The flow: the pages of the tests section (``sections.control_tests_pages``) -> table rows and
other lines (``controls.table.pages_to_items``) -> draft controls, each item read
by the reader of its layout family (``controls.dispatch.items_to_drafts``: grid
tables, key/value blocks, prose, notes below a table) -> one control per id and
description (``controls.finish.merge_repeats``), a result pointing to a numbered
exception given its paragraph (``controls.notes.follow_pointers``) -> controls and
exceptions, with ratios and management's responses
(``controls.finish.drafts_to_results``) -> warnings about what no reader took
(``controls.checks``).

``check_opinion`` cross-checks a qualified or adverse opinion's basis against the
exceptions read.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import (
    ControlException,
    ControlsStatus,
    ControlTest,
    Opinion,
    OpinionKind,
    Section,
    SectionKind,
)
from soc2parse._pages import Document, Page
from soc2parse.controls.checks import check_furniture, check_unread, id_list, ids_seen
from soc2parse.controls.dispatch import items_to_drafts
from soc2parse.controls.finish import drafts_to_results, merge_repeats
from soc2parse.controls.header import find_header
from soc2parse.controls.items import Item
from soc2parse.controls.notes import follow_pointers
from soc2parse.controls.table import pages_to_items
from soc2parse.sections import control_tests_pages
from soc2parse.text.rules import wording

__all__ = ["ControlsResult", "check_opinion", "read_controls"]


@attrs.frozen(kw_only=True)
class ControlsResult:
    """What the tests-of-controls stage found; ``warnings`` says what it could not."""

    controls: tuple[ControlTest, ...] = ()
    exceptions: tuple[ControlException, ...] = ()
    warnings: tuple[str, ...] = ()
    status: ControlsStatus = ControlsStatus.ABSENT


def read_controls(document: Document, sections: tuple[Section, ...]) -> ControlsResult:
    """Read the tests of controls from the document's ``tests`` section.

    When no tests section was found, pages holding a control-table header (with a tests
    or results column) are read instead, with a warning.
    """
    warnings: list[str] = []
    pages = control_tests_pages(document, sections, _has_table, warnings)
    if not pages:
        return ControlsResult(warnings=tuple(warnings), status=ControlsStatus.ABSENT)
    strict = not any(s.kind is SectionKind.TESTS for s in sections)
    items = pages_to_items(pages, strict=strict)
    unread: list[Item] = []
    drafts = items_to_drafts(items, unread)
    if not drafts:
        where = f"pages {pages[0].number}-{pages[-1].number}"
        seen = ids_seen(unread, ())
        found = f"; {len(seen)} control ids appear in its text ({id_list(seen)})" if seen else ""
        warnings.append(
            f"no control table could be read in the tests of controls ({where}){found}; "
            "the control and exception counts are unknown"
        )
        return ControlsResult(warnings=tuple(warnings), status=ControlsStatus.UNREAD)
    drafts = merge_repeats(drafts, warnings)
    follow_pointers(drafts, unread)
    before = len(warnings)
    check_furniture(pages, {d.control_id for d in drafts}, warnings)
    other = _other_pages(document, sections, pages[-1].number)
    controls, exceptions = drafts_to_results(drafts, other, warnings)
    check_unread(unread, drafts, warnings)
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
_OPERATION_FAILED = wording("controls", "operation-failed")


def _norm_words(text: str) -> str:
    """Words only, casefolded, one space apart: for comparing a quote with a description."""
    return " ".join(_NOT_WORD.sub(" ", text).casefold().split())


def _other_pages(document: Document, sections: Sequence[Section], after: int) -> tuple[Page, ...]:
    """Pages after the tests of controls where section V responses may be."""
    numbers: list[int] = []
    for section in sections:
        if section.kind is SectionKind.OTHER:
            numbers.extend(range(max(section.first_page, after + 1), section.last_page + 1))
    if not numbers and not any(s.kind is SectionKind.OTHER for s in sections):
        numbers = list(range(after + 1, document.page_count + 1))
    return tuple(document.page(n) for n in sorted(set(numbers)))


def _has_table(page: Page, strict: bool) -> bool:
    return find_header(page, strict=strict) is not None
