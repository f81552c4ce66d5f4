"""Draft controls to the report's controls and exceptions.

``merge_repeats`` makes one control of a control listed under several criteria
(same id, same description), with all their criteria, and warns about ids listed
with different descriptions. ``drafts_to_results`` turns each draft into a
:class:`~soc2parse._model.ControlTest`, its results classified
(``controls.results``) and its outcome the worst of its steps'; each control with an
exception result also gives a :class:`~soc2parse._model.ControlException`: its
finding from the result (or from the notes below the table when the result only
points there), its deviation ratios (``controls.ratios``) and management's response,
inline or from the pages after the tests (``controls.responses``). It warns about
controls without a result and results that say neither exception nor no exception.
"""

from __future__ import annotations

from collections.abc import Sequence

from soc2parse._model import ControlException, ControlOutcome, ControlTest, Evidence
from soc2parse._pages import Page
from soc2parse.controls.common import Draft
from soc2parse.controls.items import join_lines
from soc2parse.controls.ratios import text_to_ratios
from soc2parse.controls.responses import section_responses, split_response
from soc2parse.controls.results import ResultKind, classify_result, result_kinds
from soc2parse.text.rules import wording

__all__ = ["drafts_to_results", "merge_repeats"]


# The opening words of an exception result, dropped from the finding.
_EXCEPTION_LEAD = wording("controls", "exception-lead")


# A result that points elsewhere for its details: "See the exception details below this table."
_POINTER = wording("controls", "result-pointer")


def merge_repeats(drafts: list[Draft], warnings: list[str]) -> list[Draft]:
    """One control listed under several criteria is one control with all their criteria."""
    merged: dict[tuple[str, str], Draft] = {}
    out: list[Draft] = []
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


def drafts_to_results(
    drafts: Sequence[Draft], other: Sequence[Page], warnings: list[str]
) -> tuple[list[ControlTest], list[ControlException]]:
    controls: list[ControlTest] = []
    pending: list[tuple[Draft, str, str, str | None, int]] = []
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
            verdict = classify_result(finding, counts=True)
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
    for draft, told, evidence_text, inline, page in pending:
        finding, response = told, inline
        where = Evidence(page=page, text=inline) if inline else None
        if response is None and draft.control_id in from_v:
            found = from_v[draft.control_id]
            response, where = found.text, Evidence(page=found.page, text=found.text)
            if found.finding and _POINTER.search(_EXCEPTION_LEAD.sub("", finding, count=1)):
                # The result only pointed there ("Exception noted. See Section 5, item 3."):
                # the finding is told there too, before the response.
                finding = _EXCEPTION_LEAD.sub("", found.finding, count=1).strip() or told
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
        kinds.add(classify_result(text, counts=True).kind)
        kinds.update(result_kinds(text))
    if ResultKind.EXCEPTION in kinds:
        return ControlOutcome.EXCEPTION
    if ResultKind.NOT_TESTED in kinds:
        return ControlOutcome.NOT_TESTED
    if ResultKind.UNKNOWN in kinds:
        return ControlOutcome.UNCLEAR
    if ResultKind.NO_EXCEPTION in kinds:
        return ControlOutcome.NO_EXCEPTION
    return ControlOutcome.NO_RESULT


def _finding(
    draft: Draft, exception_texts: Sequence[tuple[str, int]], responses: Sequence[str]
) -> tuple[str, str, str | None, int]:
    """The finding text, the evidence text, the response and the evidence page."""
    page = exception_texts[0][1]
    evidence_text = " ".join(text for text, _ in exception_texts)
    details = [_EXCEPTION_LEAD.sub("", text, count=1).strip() for text, _ in exception_texts]
    # A control listed under two criteria may print the same finding under both.
    details = list(dict.fromkeys(d for d in details if d and not _POINTER.search(d)))
    response = responses[0] if responses else None
    if draft.notes:
        note_text, note_response = split_response(join_lines(t for t, _ in draft.notes))
        note_finding = _EXCEPTION_LEAD.sub("", note_text, count=1).strip()
        if note_finding and not details:
            details = [note_finding]
            # The evidence is the text as printed, its label too.
            evidence_text = f"{evidence_text} {note_text.strip()}".strip()
        if response is None:
            response = note_response
    finding = join_lines(details) if details else evidence_text
    return finding, evidence_text, response, page
