"""Result classification: every wording of exception, no exception and not tested."""

from __future__ import annotations

import attrs
import pytest

from soc2parse.controls.results import ResultKind, classify_result

E, N, T, U = (
    ResultKind.EXCEPTION,
    ResultKind.NO_EXCEPTION,
    ResultKind.NOT_TESTED,
    ResultKind.UNKNOWN,
)


@attrs.frozen
class ResultCase:
    text: str
    kind: ResultKind


NO_EXCEPTION = [
    ResultCase("No exceptions noted.", N),
    ResultCase("No deviations noted", N),
    ResultCase("No exceptions identified.", N),
    ResultCase("No exceptions were noted.", N),
    ResultCase("No deviation noted.", N),
    ResultCase("No relevant exceptions noted.", N),
    ResultCase("No exceptions or deviations noted.", N),
    ResultCase("Tested without exception.", N),
    ResultCase("No exceptions.", N),
    ResultCase("None noted.", N),
    ResultCase("No exceptions have been identified", N),
    # A speck a scan's OCR reads as a stop or a comma after "No".
    ResultCase("No. exceptions noted.", N),
    ResultCase("No, exceptions noted", N),
    # ... or as a hyphen joining the two words.
    ResultCase("No-exceptions noted.", N),
    ResultCase("No-deviations noted", N),
    # A label with nothing to report, and cells that say only that the control works.
    ResultCase("Exceptions: None", N),
    ResultCase("Exceptions: none noted.", N),
    ResultCase("Deviations: N/A", N),
    ResultCase("Exceptions: No exceptions noted.", N),
    ResultCase("Exception - 0", N),
    ResultCase("No deviation - all sampled changes were approved.", N),
    ResultCase("No exception: the control operated as described.", N),
    ResultCase("No issues noted.", N),
    ResultCase("No findings identified.", N),
    ResultCase("Effective", N),
    ResultCase("Effective.", N),
    ResultCase("Operating effectively.", N),
    ResultCase("Control operating effectively", N),
    ResultCase("The control is operating effectively.", N),
    ResultCase("Operated effectively as designed.", N),
    # The answer in a column that asks "Exceptions Noted?".
    ResultCase("None", N),
    ResultCase("None.", N),
    ResultCase("No", N),
]
EXCEPTION = [
    ResultCase("Exception noted", E),
    ResultCase("Exceptions noted: For 3 of 25 changes, approval was missing.", E),
    ResultCase("Deviation(s) noted.", E),
    ResultCase("Deviations noted. For 2 of 25 quarters the review was late.", E),
    ResultCase("Exception(s) noted.", E),
    ResultCase("The following exception was noted: the review was late.", E),
    ResultCase("The following exceptions were noted:", E),
    ResultCase("Exception noted. No other exceptions noted.", E),
    ResultCase("Exceptions identified: two tickets lacked approval.", E),
    ResultCase("The service auditor noted an exception for one sampled change.", E),
    # A result cell that only points to where the exception is told.
    ResultCase("See exception detail below.", E),
    ResultCase("See the exception details below this table.", E),
    ResultCase("Refer to Exception 2 in Section IV.B", E),
    ResultCase("Refer to Exception 3", E),
    ResultCase("See Deviation #2 below", E),
    ResultCase("(see Exception No. 4)", E),
    ResultCase("Refer to the deviation described below.", E),
    ResultCase("See exceptions listed in Section IV.B.", E),
    ResultCase("Reference to exception table in Section V.", E),
    # A label that opens the finding.
    ResultCase("Deviation: For 2 of 25 new hires, training was late.", E),
    ResultCase("Exception \u2013 For 2 of the 30 days sampled, differences were late.", E),
    ResultCase("Exception - one change lacked approval.", E),
    ResultCase("Exceptions: the Q3 review was not evidenced.", E),
    ResultCase("Deviation \u2014 the backup job failed twice.", E),
    # Saying it does not work.
    ResultCase("Not operating effectively.", E),
    ResultCase("The control did not operate effectively.", E),
    ResultCase("Ineffective", E),
    ResultCase("Control not effective: reviews were not performed.", E),
    ResultCase("Yes", E),
    ResultCase("Yes \u2013 see below", E),
    ResultCase("Yes - see Exception 2", E),
]
NOT_TESTED = [
    ResultCase(
        "No new hires occurred during the period; therefore, no testing of operating "
        "effectiveness was performed.",
        T,
    ),
    ResultCase("The control did not operate during the period.", T),
    ResultCase("The circumstances that warrant the operation of the control did not occur.", T),
    ResultCase("No security incidents occurred.", T),
    ResultCase("Not tested.", T),
    ResultCase("Operating effectiveness could not be tested.", T),
    ResultCase("No testing was performed.", T),
    ResultCase("Therefore, no operating effectiveness testing was possible.", T),
    ResultCase("Not applicable.", T),
    ResultCase("There were no terminations; no tests were performed.", T),
]
UNCLEAR = [
    ResultCase("Inspected the configuration.", U),
    ResultCase("See section V.", U),
    ResultCase("Refer to the table of observations.", U),
    ResultCase("See the exception handling procedure.", U),
    ResultCase("Refer to exception reports reviewed by management.", U),
    ResultCase("See management's exception process in Section III.", U),
    # "Effective" inside a sentence says nothing about the test.
    ResultCase("The policy became effective on March 1, 2025.", U),
    ResultCase("Inspected the effective date of each change.", U),
    # "Yes" and "None" answer the question only as the whole cell.
    ResultCase("Yes, the review was late according to the owner.", U),
    ResultCase("Yesterday's review ran.", U),
    ResultCase("None of the reviewers signed.", U),
    # A count of a sample is read as deviations only in a control's own result cell.
    ResultCase("The auditor noted that for 2 of 40 requests sampled, the reply was late.", U),
]


# A control's own result cell (``counts``): a count of a sample that states no kind is
# the deviation it counts; counts that are no deviation are not read as one.
COUNTED = [
    ResultCase("The auditor noted that for 2 of 40 requests sampled, the reply was late.", E),
    ResultCase("Results: for 3 of 25 changes sampled, approval was not retained.", E),
    ResultCase("In 4 instances out of 60 selected changes, the merge lacked a review.", E),
    ResultCase("One of the 4 quarterly reviews (Q3) was signed off late.", E),
    ResultCase("Inspected 25 of 25 changes.", U),
    ResultCase("For sample 3 of 25, approval was missing.", U),
    ResultCase("Page 3 of 88", U),
    ResultCase("Inspected the configuration.", U),
    ResultCase("No exceptions noted in 25 of 25 samples.", N),
    ResultCase("No deviations noted. The 2 of 4 quarterly reviews were on time.", N),
]


@pytest.mark.parametrize("case", COUNTED, ids=lambda c: c.text)
def test_classify_a_result_cell(case: ResultCase) -> None:
    assert classify_result(case.text, counts=True).kind is case.kind


@pytest.mark.parametrize(
    "case", NO_EXCEPTION + EXCEPTION + NOT_TESTED + UNCLEAR, ids=lambda c: c.text
)
def test_classify(case: ResultCase) -> None:
    assert classify_result(case.text).kind is case.kind


def test_empty_result_is_empty() -> None:
    assert classify_result("  ").kind is ResultKind.EMPTY


def test_verdict_carries_the_phrase() -> None:
    verdict = classify_result("Exception noted: For 3 of 25 changes.")
    assert verdict.phrase == "Exception noted"
    assert verdict.rule_id == "results-exception-noted"


# The label that opens an exception result is not part of the finding (models/controls.jsonl,
# exception-lead); the words after it are, whatever they are.
LEADS = [
    ("Exception noted: For 3 of 25 changes, approval was missing.", "For 3 of 25 changes"),
    ("Exceptions were noted as follows: two tickets.", "two tickets."),
    ("Exception: The service auditor noted one instance.", "The service auditor noted"),
    ("Deviation: For two out of 25 hires, training was late.", "For two out of 25"),
    ("Exception \u2013 The Q3 review was late.", "The Q3 review was late."),
    ("Deviation \u2014 one backup failed.", "one backup failed."),
    ("Results: The service auditor noted that for 2 of 4 reviews", "The service auditor"),
    ("Results: Exception noted: two tickets.", "two tickets."),
    ("The following exceptions were noted: two tickets.", "two tickets."),
    # No label: nothing is taken away.
    ("For 2 of 25 changes, approval was missing.", "For 2 of 25 changes"),
    ("Exception-based monitoring was not configured.", "Exception-based monitoring"),
    ("Exceptions to the policy were not approved.", "Exceptions to the policy"),
]


@pytest.mark.parametrize(("text", "starts"), LEADS, ids=[t for t, _ in LEADS])
def test_the_exception_label_is_no_part_of_the_finding(text: str, starts: str) -> None:
    from soc2parse.text.rules import wording

    finding = wording("controls", "exception-lead").sub("", text, count=1)
    assert finding.startswith(starts)
