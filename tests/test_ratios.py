"""Sample ratios: every supported phrasing, what is not a ratio, and round-trip properties."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

from soc2parse._ratios import number_value, text_to_ratios
from soc2parse._rules import load_patterns, rule_set

from strategies import number_words, ratio_free_sentences, ratio_sentences


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
]

KNOWN_FAILURES = [
    # The total before the count: not read yet, and no ratio is better than a wrong one.
    RatioCase(
        "Of the 25 changes sampled, 2 were not approved.", ((2, 25, "25 changes sampled, 2"),)
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
]


@pytest.mark.parametrize("case", SEEN_IN_REPORTS + NOT_RATIOS, ids=lambda c: c.text)
def test_ratios(case: RatioCase) -> None:
    found = tuple((r.count, r.total, r.text) for r in text_to_ratios(case.text))
    assert found == case.ratios


@pytest.mark.xfail(strict=True, reason="total written before the count")
@pytest.mark.parametrize("case", KNOWN_FAILURES, ids=lambda c: c.text)
def test_known_failures(case: RatioCase) -> None:
    found = tuple((r.count, r.total, r.text) for r in text_to_ratios(case.text))
    assert found == case.ratios


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25", 25),
        ("1,250", 1250),
        ("twenty-five", 25),
        ("Twenty Five", 25),
        ("one hundred and five", 105),
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


@settings(max_examples=200, deadline=None)
@given(ratio_free_sentences)
def test_no_ratio_is_invented(sentence: str) -> None:
    assert text_to_ratios(sentence) == ()


def test_every_ratio_rule_is_exercised() -> None:
    rules = rule_set("ratios")
    used: set[str] = set()
    for case in SEEN_IN_REPORTS:
        doc = rules.doc(case.text)
        used.update(m.rule_id for m in rules.matches(doc))
    # Multi-word numbers are merged into one token before matching; the merged forms are
    # covered above through text_to_ratios. The plain matcher sees the single-token forms.
    assert {r["id"] for r in load_patterns("ratios")} <= used
