"""Sample ratios: every supported phrasing, what is not a ratio, and round-trip properties."""

from __future__ import annotations

import string

import attrs
import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from soc2parse.controls.ratios import number_value, text_to_ratios

from strategies import number_words, ratio_free_sentences, ratio_sentences, render_number


@attrs.frozen
class RatioCase:
    text: str
    ratios: tuple[tuple[int, int, str], ...]


SEEN_IN_REPORTS = [
    RatioCase("For 3 of 25 changes sampled, approval was missing.", ((3, 25, "3 of 25"),)),
    RatioCase("For two of 25 new hires, training was late.", ((2, 25, "two of 25"),)),
    RatioCase(
        "For two (2) of twenty-five (25) terminated users, access was not removed.",
        ((2, 25, "two (2) of twenty-five (25)"),),
    ),
    RatioCase("1 out of 40 alerts was not triaged.", ((1, 40, "1 out of 40"),)),
    RatioCase("For 3/25 new hires sampled, training was incomplete.", ((3, 25, "3/25"),)),
    RatioCase(
        "for 2 of the 25 sampled changes, testing was not documented",
        ((2, 25, "2 of the 25"),),
    ),
    RatioCase(
        "For 3 of 25 users sampled before the migration and 1 of 15 users sampled after it, "
        "approval was missing.",
        ((3, 25, "3 of 25"), (1, 15, "1 of 15")),
    ),
    RatioCase("Exception noted: 4 of 20 reviews were late.", ((4, 20, "4 of 20"),)),
    RatioCase("Deviation noted for one of the ten quarters.", ((1, 10, "one of the ten"),)),
    RatioCase(
        "In 2 of a sample of 40 changes, no ticket existed.", ((2, 40, "2 of a sample of 40"),)
    ),
    RatioCase(
        "3 terminated users out of 25 kept access.", ((3, 25, "3 terminated users out of 25"),)
    ),
    RatioCase("For 3 / 25 samples the log was missing.", ((3, 25, "3 / 25"),)),
    RatioCase("For 12 of 1,284 changes, approval was missing.", ((12, 1284, "12 of 1,284"),)),
    RatioCase(
        "For one hundred and five (105) of four thousand (4,000) events, no alert fired.",
        ((105, 4000, "one hundred and five (105) of four thousand (4,000)"),),
    ),
    RatioCase(
        "Two of Twenty-Five badge requests lacked approval.", ((2, 25, "Two of Twenty-Five"),)
    ),
    RatioCase(
        "2 exceptions out of a sample of 25 were noted.",
        ((2, 25, "2 exceptions out of a sample of 25"),),
    ),
    RatioCase("2 out of 25 changes lacked approval.", ((2, 25, "2 out of 25"),)),
    RatioCase(
        "Access was retained by two (2) out of twenty-five (25) terminated users.",
        ((2, 25, "two (2) out of twenty-five (25)"),),
    ),
    RatioCase("Approval was missing for 2/25 sampled changes.", ((2, 25, "2/25"),)),
    RatioCase(
        "The alert was not triaged in 3 instances out of 40.", ((3, 40, "3 instances out of 40"),)
    ),
    RatioCase("1 of the 30 sampled terminations was processed late.", ((1, 30, "1 of the 30"),)),
    RatioCase("Approval was not documented for 2 of 25 selected.", ((2, 25, "2 of 25"),)),
    RatioCase("Exceptions were noted for 4 (of 40) samples.", ((4, 40, "4 (of 40)"),)),
    RatioCase(
        "Approval was missing for 2 changes (out of 25).", ((2, 25, "2 changes (out of 25)"),)
    ),
    RatioCase(
        "2 exceptions were noted out of 25 samples tested.",
        ((2, 25, "2 exceptions were noted out of 25"),),
    ),
    RatioCase(
        "For one hundred twenty of 1,500 transactions, the reconciliation was late.",
        ((120, 1500, "one hundred twenty of 1,500"),),
    ),
    RatioCase("For 2 of 25 changes (8%), approval was missing.", ((2, 25, "2 of 25"),)),
    RatioCase(
        "We noted 2 exceptions in a sample of 25 changes.",
        ((2, 25, "2 exceptions in a sample of 25"),),
    ),
    RatioCase(
        "Two deviations were noted in the sample of forty (40) users.",
        ((2, 40, "Two deviations were noted in the sample of forty (40)"),),
    ),
    RatioCase("3 of the sampled 25 changes lacked approval.", ((3, 25, "3 of the sampled 25"),)),
    RatioCase("Backups failed on 3 of 365 days.", ((3, 365, "3 of 365"),)),
    RatioCase("Deviations related to 2 of 25 changes.", ((2, 25, "2 of 25"),)),
    RatioCase("FOR 2 OF 25 CHANGES, APPROVAL WAS MISSING.", ((2, 25, "2 OF 25"),)),
    RatioCase(
        "In one (1) instance out of a sample of twenty-five (25), approval was missing.",
        ((1, 25, "one (1) instance out of a sample of twenty-five (25)"),),
    ),
    # White space as PDFs give it: no-break spaces, line breaks, double spaces.
    RatioCase(
        "For 2\u00a0of\u00a025 changes, approval was missing.", ((2, 25, "2\u00a0of\u00a025"),)
    ),
    RatioCase("For 2 of\n25 changes, approval was missing.", ((2, 25, "2 of\n25"),)),
    RatioCase("For 3  of  40 users, access was late.", ((3, 40, "3  of  40"),)),
    # "8)" and ":3" are emoticons to spaCy's tokenizer.
    RatioCase("For 1 (of 8) changes, approval was missing.", ((1, 8, "1 (of 8)"),)),
    RatioCase(
        "For eight (8) of twenty-eight (28) users, access was late.",
        ((8, 28, "eight (8) of twenty-eight (28)"),),
    ),
    RatioCase("Exceptions noted:3 of 25 changes lacked approval.", ((3, 25, "3 of 25"),)),
    # The total in brackets after the count, with the word of the sample.
    RatioCase(
        "Deviation identified: in 3 instances (of 25 sampled), the patch was applied late.",
        ((3, 25, "3 instances (of 25 sampled)"),),
    ),
    RatioCase("2 exceptions (of 40 tested) were noted.", ((2, 40, "2 exceptions (of 40 tested)"),)),
]

# The total written before the count. The ratio's text runs from the total to the count.
TOTAL_FIRST = [
    RatioCase(
        "Of the 25 changes sampled, 2 were not approved.",
        ((2, 25, "Of the 25 changes sampled, 2"),),
    ),
    RatioCase(
        "For a sample of 40 terminated users, 3 had access removed after 24 hours.",
        ((3, 40, "40 terminated users, 3"),),
    ),
    RatioCase(
        "Out of a sample of 60 tickets, one (1) was not approved.",
        ((1, 60, "60 tickets, one (1)"),),
    ),
    RatioCase(
        "The service auditor selected 25 changes and noted that 2 lacked approval.",
        ((2, 25, "25 changes and noted that 2"),),
    ),
    RatioCase(
        "Of the sample of twenty-five (25) new hires selected, two (2) did not complete "
        "security awareness training within 30 days of hire.",
        ((2, 25, "twenty-five (25) new hires selected, two (2)"),),
    ),
    RatioCase(
        "Of the 25 changes sampled, the service auditor noted that 2 were deployed without "
        "approval.",
        ((2, 25, "Of the 25 changes sampled, the service auditor noted that 2"),),
    ),
    RatioCase(
        "Of the 25 changes sampled, 2 changes were not approved.",
        ((2, 25, "Of the 25 changes sampled, 2"),),
    ),
    RatioCase(
        "Of the 4 quarterly reviews tested, 1 was not performed.",
        ((1, 4, "Of the 4 quarterly reviews tested, 1"),),
    ),
    RatioCase(
        "Of the 40 users sampled, 3 (8%) retained access after termination.",
        ((3, 40, "Of the 40 users sampled, 3"),),
    ),
    RatioCase(
        "Among the 30 vendors selected, there were 2 instances in which no review was performed.",
        ((2, 30, "Among the 30 vendors selected, there were 2"),),
    ),
    RatioCase(
        "We inspected 40 tickets and found 3 exceptions.", ((3, 40, "40 tickets and found 3"),)
    ),
    RatioCase(
        "Of one hundred twenty (120) changes sampled, four (4) lacked approval.",
        ((4, 120, "Of one hundred twenty (120) changes sampled, four (4)"),),
    ),
    RatioCase(
        "For a sample of 40 terminated users, 3 terminated users had access after 24 hours.",
        ((3, 40, "40 terminated users, 3"),),
    ),
    RatioCase(
        "The service auditor inspected 25 changes selected with 2 exceptions noted.",
        ((2, 25, "25 changes selected with 2"),),
    ),
    RatioCase("25 samples tested, with 2 exceptions.", ((2, 25, "25 samples tested, with 2"),)),
    RatioCase(
        "Of the 25 changes sampled, 5 were emergency changes. Of these 5, 2 were not approved.",
        ((2, 5, "Of these 5, 2"),),
    ),
    # The 3 is sampled from again, so it is taken for a subset: only "1 of the 3" is read.
    RatioCase(
        "Of the 40 users sampled, 3 had access removed late, and 1 of the 3 logged in after "
        "termination.",
        ((1, 3, "1 of the 3"),),
    ),
    RatioCase(
        "OF THE 25 CHANGES SAMPLED, 2 WERE NOT APPROVED.",
        ((2, 25, "OF THE 25 CHANGES SAMPLED, 2"),),
    ),
    RatioCase(
        "Of the 25 changes\nsampled, 2 were not approved.",
        ((2, 25, "Of the 25 changes\nsampled, 2"),),
    ),
    RatioCase(
        "Of the 25 changes sampled, 2 were not approved; of the 40 users sampled, 3 had "
        "access removed late.",
        ((2, 25, "Of the 25 changes sampled, 2"), (3, 40, "of the 40 users sampled, 3")),
    ),
]

NOT_RATIOS = [
    RatioCase("Inspected a sample of 25 new hires to determine that training was completed.", ()),
    RatioCase("The review was not performed as of 12/31/2025.", ()),
    RatioCase("Controls relevant to criteria CC6.1 of the 2017 criteria.", ()),
    RatioCase("Access was removed within 30 days of termination.", ()),
    RatioCase("The review as of 3/31 was late; the population was dated 12/31/2025.", ()),
    RatioCase("Control 1.01 of the matrix operated.", ()),
    RatioCase("No exceptions noted.", ()),
    RatioCase("For 25 of 3 users.", ()),  # a count above its total is no ratio
    RatioCase("For 0 of 25 users.", ()),  # nothing deviated
    # Numbers in control descriptions, dates, ids and page counts.
    RatioCase("User access is reviewed every 90 days.", ()),
    RatioCase("Access was removed within 30 of 365 days.", ()),  # a limit, not a count
    RatioCase("The review was due on 1 of January 2025.", ()),
    RatioCase("Criteria CC 6.1 of 9 were tested.", ()),
    RatioCase("Criteria CC 6 of 9 were tested.", ()),
    RatioCase("Management selected 1 of the following options.", ()),
    RatioCase("Page 3 of 88", ()),
    RatioCase("Section 2 of 5 describes the system.", ()),
    RatioCase("Step 3/5 of the review was skipped.", ()),
    RatioCase("For sample 3 of 25, approval was missing.", ()),  # which sample, not how many
    RatioCase("Exception 1 of 2: approval was missing.", ()),
    RatioCase("Ticket #3 of 25 lacked approval.", ()),
    RatioCase("Ticket No. 3 of 25 lacked approval.", ()),
    RatioCase("More than 2 of 25 changes lacked approval.", ()),  # not an exact count
    RatioCase("At least 1 of the 4 reviews was late.", ()),
    RatioCase("Up to 3 of 25 changes may be emergency changes.", ()),
    RatioCase("The policy was approved on January 1 of 2025.", ()),
    RatioCase("Release 2 of 2025 was deployed without approval.", ()),
    RatioCase("As of 31 December, 2 had access.", ()),
    RatioCase("In each of the 4 quarters, 1 was late.", ()),  # one a quarter, not 1 of 4
    RatioCase("25 changes tested with 2 approvers each.", ()),
    RatioCase(
        "Of the 25 changes sampled, 5 were emergency changes, of which 2 lacked approval.", ()
    ),
    # A sample size without a failing count (the contract: no ratio).
    RatioCase("The sample of 25 items had no exceptions.", ()),
    RatioCase("All 25 changes sampled were approved.", ()),
    RatioCase("Of the 25 changes sampled, none were unapproved.", ()),
    RatioCase("A population of 1,284 changes, 25 were selected for testing.", ()),
    RatioCase("Of the 25 changes sampled, 2 were selected for re-performance.", ()),
    RatioCase("Over a period of 12 months, 2 reviews were missed.", ()),
    RatioCase("For a sample of 25 users, 2 factor authentication was disabled.", ()),
    RatioCase("Of the 25 changes sampled, 2 days elapsed before approval.", ()),
    RatioCase("Of the 25 changes sampled, 2 days were needed for approval.", ()),
    # Percentages are rates, not ratios.
    RatioCase("Approval was missing for 8% of the sample.", ()),
    RatioCase("Approval was missing for 8 percent of the 25 changes.", ()),
    RatioCase("Of the 25 changes sampled, 8% were not approved.", ()),
    # A count above its total, or two readings of the same words that disagree: no ratio.
    RatioCase("Of the 25 changes sampled, 30 were not approved.", ()),
    RatioCase("The service auditor selected 25 changes and noted that 30 lacked approval.", ()),
    RatioCase("For 3 of the 25 changes sampled, 2 were not approved.", ()),
    RatioCase("We selected 25 changes, 2 of which were emergency changes.", ()),
    # Two counts of one total: which one deviated is a matter of meaning.
    RatioCase("Of the 12 monthly reviews, 11 were performed timely and 1 was performed late.", ()),
    RatioCase("Of the 25 changes sampled, 23 had a ticket; the remaining 2 were not approved.", ()),
    RatioCase("We reviewed 3 reports (of 2025 filings).", ()),
]

KNOWN_FAILURES = [
    # "of which" also introduces subsets that did not deviate ("2 of which were emergency
    # changes"), so it is not read.
    RatioCase(
        "The service auditor selected 25 changes, 2 of which were not approved.",
        ((2, 25, "25 changes, 2"),),
    ),
    # Two counts of one total are not read (they may be the compliant and the deviating).
    RatioCase(
        "Of the 25 changes sampled, 2 were not approved and 3 lacked evidence of testing.",
        ((2, 25, "25 changes sampled, 2"), (3, 25, "3")),
    ),
    # A count introduced by "for" after a total, closed by a comma.
    RatioCase(
        "Of the twenty-five (25) samples tested, the service auditor noted that for two (2) "
        "samples, approval was not documented.",
        ((2, 25, "twenty-five (25) samples tested, the service auditor noted that for two (2)"),),
    ),
    # Key/value findings.
    RatioCase("Sample size: 25. Exceptions noted: 2.", ((2, 25, "25. Exceptions noted: 2"),)),
]


def _found(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((r.count, r.total, r.text) for r in text_to_ratios(text))


@pytest.mark.parametrize("case", SEEN_IN_REPORTS + TOTAL_FIRST + NOT_RATIOS, ids=lambda c: c.text)
def test_ratios(case: RatioCase) -> None:
    assert _found(case.text) == case.ratios


@pytest.mark.xfail(strict=True, reason="a phrasing not read yet")
@pytest.mark.parametrize("case", KNOWN_FAILURES, ids=lambda c: c.text)
def test_known_failures(case: RatioCase) -> None:
    assert _found(case.text) == case.ratios


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25", 25),
        ("1,250", 1250),
        ("twenty-five", 25),
        ("Twenty Five", 25),
        ("one hundred and five", 105),
        ("one hundred twenty", 120),
        ("four thousand nine hundred ninety-nine", 4999),
        ("two (2)", 2),
        ("five thousand", 5000),
        ("five twenty", None),
        ("hundred", None),
        ("two three", None),
    ],
    ids=str,
)
def test_number_value(text: str, value: int | None) -> None:
    assert number_value(text) == value


def test_number_words_up_to_5000_read_back() -> None:
    for n in range(1, 5001):
        assert number_value(number_words(n)) == n, number_words(n)
        assert number_value(number_words(n, hyphen=False, use_and=True)) == n


@settings(max_examples=300, deadline=None)
@given(ratio_sentences())
def test_any_ratio_in_a_sentence_round_trips(case: tuple[int, int, str, str]) -> None:
    count, total, text, sentence = case
    ratios = text_to_ratios(sentence)
    assert [(r.count, r.total, r.text) for r in ratios] == [(count, total, text)]


# More wordings, as (sentence, ratio text) templates over {c} (count), {t} (total) and
# {pop} (the sampled items). The total-first ones write the ratio from the total to the count,
# or from "Of" when the clause opens with it.
WORDING_TEMPLATES = (
    ("For {c} (of {t}) {pop}, approval was missing.", "{c} (of {t})"),
    ("Approval was missing for {c} {pop} (out of {t}).", "{c} {pop} (out of {t})"),
    ("We inspected {t} {pop} sampled, with {c} exceptions.", "{t} {pop} sampled, with {c}"),
    ("We noted {c} exceptions in a sample of {t} {pop}.", "{c} exceptions in a sample of {t}"),
    ("For {c} of the sampled {t} {pop}, approval was missing.", "{c} of the sampled {t}"),
    ("For {c} {pop} out of {t}, approval was missing.", "{c} {pop} out of {t}"),
    ("Of the {t} {pop} sampled, {c} were not approved.", "Of the {t} {pop} sampled, {c}"),
    ("For a sample of {t} {pop}, {c} had access removed late.", "{t} {pop}, {c}"),
    (
        "Out of a sample of {t} {pop}, the service auditor noted that {c} lacked approval.",
        "{t} {pop}, the service auditor noted that {c}",
    ),
    (
        "The service auditor selected {t} {pop} and noted that {c} lacked approval.",
        "{t} {pop} and noted that {c}",
    ),
    ("Of the sample of {t} {pop} selected, {c} {pop} did not comply.", "{t} {pop} selected, {c}"),
)
POPULATIONS = ("changes", "terminated users", "new hires", "tickets", "quarterly reviews")
NUMBER_STYLES = ("digits", "comma", "words", "paren")
WHITE_SPACE = (" ", " ", "  ", "\n", "\u00a0", " \n", "\t")


@st.composite
def worded_ratios(draw: st.DrawFn, *, valid: bool = True) -> tuple[int, int, str, str]:
    """``(count, total, ratio text, sentence)`` in one of ``WORDING_TEMPLATES``."""
    total = draw(st.integers(1, 5000))
    count = draw(st.integers(1, total)) if valid else draw(st.integers(0, 5000))
    sentence, written = draw(st.sampled_from(WORDING_TEMPLATES))
    style = draw(st.sampled_from(NUMBER_STYLES))
    values = {
        "c": render_number(count, style),
        "t": render_number(total, style),
        "pop": draw(st.sampled_from(POPULATIONS)),
    }
    return count, total, written.format(**values), sentence.format(**values)


@settings(max_examples=300, deadline=None)
@given(worded_ratios())
def test_any_ratio_in_any_wording_round_trips(case: tuple[int, int, str, str]) -> None:
    count, total, text, sentence = case
    assert _found(sentence) == ((count, total, text),)


@settings(max_examples=300, deadline=None)
@given(worded_ratios() | ratio_sentences(), st.lists(st.sampled_from(WHITE_SPACE), min_size=1))
def test_any_white_space_between_words_reads_the_same(
    case: tuple[int, int, str, str], spaces: list[str]
) -> None:
    count, total, text, sentence = case
    words = sentence.split(" ")
    spaced = words[0] + "".join(spaces[i % len(spaces)] + w for i, w in enumerate(words[1:]))
    ratios = text_to_ratios(spaced)
    assert [(r.count, r.total, " ".join(r.text.split())) for r in ratios] == [
        (count, total, " ".join(text.split()))
    ]
    assert ratios[0].text in spaced


@settings(max_examples=300, deadline=None)
@given(worded_ratios(valid=False) | ratio_sentences())
def test_a_ratio_is_read_only_when_its_count_is_within_its_total(
    case: tuple[int, int, str, str],
) -> None:
    count, total, text, sentence = case
    expected = ((count, total, text),) if 0 < count <= total else ()
    assert _found(sentence) == expected


# Ratio-like words with numbers in any order: whatever is read must be a real ratio of the text.
_SOUP = st.sampled_from(
    (
        *("of", "out", "the", "a", "sample", "sampled", "selected", "and", "noted", "that"),
        *(",", "(", ")", "/", "were", "not", "approved", "changes", "page", "within", "%"),
        *("in", "exceptions", "for", "which", "had", "users", ";", "."),
    )
)
_NUMBERS = st.builds(render_number, st.integers(0, 5000), st.sampled_from(NUMBER_STYLES))
# The words between the two numbers of each wording, so that numbers often land in one.
_JOINS = st.sampled_from(
    (
        *("of", "out of", "of the", "of a sample of", "/", "changes out of"),
        *(
            regex.sub(r"^.*?\{[ct]\}|\{[ct]\}.*$", "", sentence).replace("{pop}", "changes")
            for sentence, _ in WORDING_TEMPLATES
        ),
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SOUP, _NUMBERS, _JOINS | _SOUP), min_size=1, max_size=5), _NUMBERS)
def test_count_never_exceeds_total_and_text_is_as_written(
    parts: list[tuple[str, str, str]], last: str
) -> None:
    sentence = " ".join(word for part in parts for word in part) + f" {last} were not approved."
    for ratio in text_to_ratios(sentence):
        assert 0 < ratio.count <= ratio.total
        assert ratio.text in sentence
        assert ratio.text[0].isalnum()


_NUMBER_WORD = regex.compile(
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand",
    regex.IGNORECASE,
)
_NUMBERLESS = (
    st.lists(
        _SOUP | st.text(string.ascii_letters + " ,.;:()/%-'", max_size=12), min_size=1, max_size=14
    ).map(" ".join)
    | st.text()
)


@settings(max_examples=300, deadline=None)
@given(_NUMBERLESS)
def test_text_without_numbers_never_yields_a_ratio(sentence: str) -> None:
    assume(not any(ch.isdigit() for ch in sentence) and not _NUMBER_WORD.search(sentence))
    assert text_to_ratios(sentence) == ()


@settings(max_examples=200, deadline=None)
@given(ratio_free_sentences)
def test_no_ratio_is_invented(sentence: str) -> None:
    assert text_to_ratios(sentence) == ()
