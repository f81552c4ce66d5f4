"""Test results: exception, no exception, or not tested because the event did not occur.

The wordings are token patterns in ``models/results.jsonl``, labelled
``EXCEPTION`` ("Exception noted", "Deviations noted", "The following exception
was noted"), ``NO_EXCEPTION`` ("No exceptions noted.", "No deviations
identified", a cell that says only "Operating effectively.") and ``NOT_TESTED``
("No new hires occurred during the period; therefore, no testing ... was performed").
A negated phrase hides the exception phrase inside it ("No *exceptions noted*",
"*Exceptions:* None"); any other exception phrase makes the result an exception, even
beside "no other exceptions noted". A result that states none of them but counts
deviations in a sample ("The service auditor noted that for 2 of 40 requests sampled,
...") is an exception when it is a control's own result cell (``counts``): the count is
the finding (``controls.ratios``).

``result_kinds`` counts the sentences of a result cell that state each kind, for a
cell holding one result per test step.
"""

from __future__ import annotations

import enum
import functools
from collections import Counter

import attrs
import regex

from soc2parse.controls.ratios import text_to_ratios
from soc2parse.text.rules import Match, load_patterns, rule_set, wording

__all__ = ["ResultKind", "Verdict", "classify_result", "result_kinds"]


class ResultKind(enum.Enum):
    """What a test result says."""

    EXCEPTION = "exception"
    NO_EXCEPTION = "no_exception"
    NOT_TESTED = "not_tested"
    EMPTY = "empty"
    UNKNOWN = "unknown"


@attrs.frozen
class Verdict:
    """A result's kind and the phrase it rests on (empty when nothing matched)."""

    kind: ResultKind
    phrase: str = ""
    rule_id: str = ""


@functools.lru_cache(maxsize=4096)
def classify_result(text: str, *, counts: bool = False) -> Verdict:
    """Classify one test result (cached: most results of a report read the same).

    With ``counts``, for a control's own result cell, a result that states no kind but
    counts deviations in a sample is an exception. Not elsewhere: "quarterly controls, 2
    of 4" in a paragraph on sample sizes counts no deviation.

    >>> classify_result("No exceptions noted.").kind
    <ResultKind.NO_EXCEPTION: 'no_exception'>
    >>> classify_result("Exception noted: for 3 of 25 changes, approval was missing.").kind
    <ResultKind.EXCEPTION: 'exception'>
    >>> classify_result("The auditor noted that for 2 of 40 requests, approval was late.").kind
    <ResultKind.UNKNOWN: 'unknown'>
    >>> text = "The auditor noted that for 2 of 40 requests, approval was late."
    >>> classify_result(text, counts=True).kind
    <ResultKind.EXCEPTION: 'exception'>
    """
    if not text.strip():
        return Verdict(ResultKind.EMPTY)
    matches = rule_set("results").matches(text)
    negated = [m for m in matches if m.label == "NO_EXCEPTION"]
    exceptions = [m for m in matches if m.label == "EXCEPTION" and not _inside(m, negated)]
    if exceptions:
        return _verdict(ResultKind.EXCEPTION, exceptions[0])
    not_tested = [m for m in matches if m.label == "NOT_TESTED"]
    if not_tested:
        return _verdict(ResultKind.NOT_TESTED, not_tested[0])
    if negated:
        return _verdict(ResultKind.NO_EXCEPTION, negated[0])
    for kind, rule_id, pattern in _whole_cell_wordings():
        if pattern.fullmatch(text):
            return Verdict(kind, text.strip(), rule_id)
    counted = [r for r in text_to_ratios(text) if 0 < r.count < r.total] if counts else []
    if counted:
        # No wording says which, but a count of a sample is a count of deviations: the
        # ratio reader takes only counts that read as failures ("2 of 40 ... sampled").
        return Verdict(ResultKind.EXCEPTION, counted[0].text, "results-sample-count")
    return Verdict(ResultKind.UNKNOWN)


@functools.cache
def _whole_cell_wordings() -> tuple[tuple[ResultKind, str, regex.Pattern[str]], ...]:
    """The regex rules of ``models/results.jsonl``, in file order: each is a whole cell's
    wording ("Effective", "Operating effectively."; "None" or "Yes – see below" answering
    a column that asks "Exceptions Noted?")."""
    return tuple(
        (ResultKind[rule["label"]], rule["id"], wording("results", rule["id"]))
        for rule in load_patterns("results")
        if "regex" in rule
    )


def _inside(match: Match, spans: list[Match]) -> bool:
    return any(s.start <= match.start and match.end <= s.end for s in spans)


def _verdict(kind: ResultKind, match: Match) -> Verdict:
    return Verdict(kind, match.text, match.rule_id)


# Sentences of a result: "No deviations noted. 2. Not tested. No changes occurred." -> three.
_SENTENCE_BREAK = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d(])")


def result_kinds(text: str) -> Counter[ResultKind]:
    """How many sentences of ``text`` state each kind of test result."""
    kinds: Counter[ResultKind] = Counter()
    for sentence in _SENTENCE_BREAK.split(text):
        kind = classify_result(sentence).kind
        if kind in (ResultKind.EXCEPTION, ResultKind.NO_EXCEPTION, ResultKind.NOT_TESTED):
            kinds[kind] += 1
    return kinds
