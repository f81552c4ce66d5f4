"""The rules in ``models/``: how a bad file is refused, and one test that every rule is used.

Every ``models/*.jsonl`` file must appear in ``COVERAGE`` with phrasings that exercise each of
its rules through the matcher the pipeline uses; a new file without phrasings fails, and so
does a rule no phrasing reaches. Labels are declared per file in ``models/labels.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from importlib import resources

import pytest

import test_opinion
import test_ratios
import test_results
from soc2parse.text.clean import fold_quotes
from soc2parse.text.rules import labels, load_patterns, parse_rules, rule_set, wording

DECLARED = {"GOOD": "a label", "OTHER": "another"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not JSON"),
        ('["a list"]', "a rule has exactly the keys"),
        ('{"label": "GOOD", "pattern": "x"}', "a rule has exactly the keys"),
        ('{"label": "GOOD", "pattern": "x", "id": "a", "extra": 1}', "a rule has exactly the keys"),
        (
            '{"label": "GOOD", "pattern": "x", "regex": "x", "id": "a"}',
            "a rule has exactly the keys",
        ),
        ('{"label": "GOD", "pattern": "x", "id": "a"}', "label 'GOD' is not declared"),
        ('{"label": 3, "pattern": "x", "id": "a"}', "label 3 is not declared"),
        ('{"label": "GOOD", "pattern": "x", "id": "Not_Kebab"}', "is not kebab-case"),
        ('{"label": "GOOD", "pattern": 7, "id": "a"}', "pattern must be"),
        ('{"label": "GOOD", "regex": "(", "id": "a"}', "does not compile"),
        ('{"label": "GOOD", "regex": 5, "id": "a"}', "regex must be"),
        ('{"label": "GOOD", "regex": "x", "flags": ["LOUD"], "id": "a"}', "flags must be"),
        ('{"label": "GOOD", "regex": "x", "flags": "IGNORECASE", "id": "a"}', "flags must be"),
    ],
)
def test_a_bad_rule_is_refused_naming_its_line(line: str, message: str) -> None:
    text = '{"label": "OTHER", "pattern": "fine", "id": "fine"}\n\n' + line
    with pytest.raises(ValueError, match=message) as caught:
        parse_rules(text, "demo", DECLARED)
    assert "models/demo.jsonl line 3" in str(caught.value)


def test_a_repeated_id_is_refused() -> None:
    text = '{"label": "GOOD", "pattern": "a", "id": "same"}\n' * 2
    with pytest.raises(ValueError, match="line 2: id 'same' repeats"):
        parse_rules(text, "demo", DECLARED)


def test_a_regex_rule_keeps_its_lines_and_flags() -> None:
    text = json.dumps(
        {"label": "GOOD", "regex": ["a  # the letter", "| b"], "flags": ["VERBOSE"], "id": "ab"}
    )
    (rule,) = parse_rules(text, "demo", DECLARED)
    assert rule["compiled"].fullmatch("b")
    assert not rule["compiled"].fullmatch("A")


def test_asking_for_an_undeclared_label_raises() -> None:
    with pytest.raises(ValueError, match="declares no label 'FIRMS'"):
        rule_set("parties").matches("Schellman", "FIRMS")
    assert [m.label for m in rule_set("parties").matches("Schellman, Tampa", "FIRM")] == ["FIRM"]


def test_wording_refuses_unknown_ids_and_token_rules() -> None:
    with pytest.raises(ValueError, match="has no rule"):
        wording("sections", "no-such-rule")
    with pytest.raises(ValueError, match="is a token rule"):
        wording("results", load_patterns("results")[0]["id"])
    with pytest.raises(ValueError, match="declares no labels"):
        labels("no-such-file")


# ------------------------------------------------------------------ one coverage test

SECTION_PHRASES = [
    "Section IV: Trust Services Criteria, Related Controls and Tests of Controls",
    "Independent Service Auditor's Report",
    "Management's Assertion",
    "Description of Acme's Cloud Platform System",
    "Other Information Provided by Acme",
    "Trust Services Criteria and Related Controls",
    "Report on Acme's Description of Its System",
    "SOC 2 Type 2",
    "In our opinion, in all material respects, the description presents",
    "We have examined Acme's description of its system",
    "Bridge Letter",
    "SOC 2 Readiness Assessment",
    "automated compliance checks passing",
    "Executive Summary",
    "Visit our Trust Center",
    "Security Whitepaper",
    "[Company Name] template",
    "Access Control Policy. Purpose: this policy sets out",
    "Invoice",
    "Master Services Agreement",
]


# The opinion report's headings, one run into its paragraph (regexes of models/opinion.jsonl).
OPINION_HEADING_PHRASES = ["Qualified Opinion: In our opinion, except for the matter described"]

# As a cover, an auditor's report or a description prints them (models/facts.jsonl).
FACT_PHRASES = [
    "an examination performed under ISAE 3402",
    "Independent Accountant’s Report",
    "a Type 1 report was previously issued",
    "Trust Services Categories: Security, Availability",
    "relevant to processing integrity, confidentiality and privacy",
    # what comes before a list of the five: the criteria's title
    "in accordance with the 2017 Trust Services Criteria for the ",
    "The trust services criteria consist of five categories",
    "the criteria for privacy were not included",
    "controls operated effectively throughout the period October 1, 2023 to September 30, 2024",
    "we did not perform any procedures regarding the operating effectiveness of the controls",
    # the auditor's report's opening lines and its signature block
    "We have examined Acme Cloud, Inc.'s accompanying description of its system",
    "To the Board of Directors and Management of Globex LLC:",
    "Sincerely,",
    "/s/ Jane Doe, CPA",
    # where the audit firm is named
    "Independent Service Auditor",
    "Prepared by: Whitmore Ashby LLP",
    "The examination was performed by Whitmore Ashby, an independent CPA firm",
    "Harbor & Finch LLP conducted the examination",
    "do not acquire any rights against Whitmore Ashby LLP",
    "the subservice organization's SOC 2 report",
    "Engagement Partner",
]

# The description's headings, sentences, tables and lists (models/subservice.jsonl).
SUBSERVICE_PHRASES = [
    "3.4 Use of Subservice Organizations",
    "Complementary User Entity Controls",
    "Complementary Subservice Organization Controls",
    "The controls of AWS were not included within the scope of this examination",
    "Acme's description is presented using the inclusive method",
    "Acme does not use any subservice organizations",
    # a bracket's content after a name: "Amazon Web Services, Inc. (hereinafter referred to as AWS)"
    "hereinafter referred to as AWS",
    # the verb of "AWS is responsible for hosting the production environment"
    "is responsible for",
    # a subservice table's header row and a method cell
    "Third-Party Service Provider",
    "Services Provided",
    "Presentation Method",
    "Included",
]

# The description's complementary controls (models/complementary.jsonl).
COMPLEMENTARY_PHRASES = [
    "No complementary user entity controls are required.",
    "Customers are responsible for the following:",
    "Controls expected to be implemented by AWS:",
]

# A control table's and a key/value block's labels, its exceptions and responses
# (models/controls.jsonl).
CONTROL_PHRASES = [
    "Control #",
    "Control Activity Specified by Acme",
    "Trust Services Criteria",
    "Tests Performed by the Service Auditor",
    "Test Results",
    "Control Owner",
    "1. Inspected the firewall settings. Result: No exceptions noted.",
    # exceptions, their details and management's responses
    "Management’s Response: Management has revised its termination checklist.",
    "See Section V for management's response.",
    "Exception 3: one of 25 terminated users kept access for 10 days.",
    "The following exceptions were noted:",
    "AWS is expected to restrict physical access to its data centers.",
]


def _regex_ids(name: str, phrases: Iterable[str]) -> set[str]:
    return {
        rule["id"]
        for rule in load_patterns(name)
        if "compiled" in rule and any(rule["compiled"].search(p) for p in phrases)
    }


def _matched_ids(name: str, phrases: Iterable[str]) -> set[str]:
    rules = rule_set(name)
    return {m.rule_id for p in phrases for m in rules.matches(p)}


def _opinion_ids(phrases: Iterable[str]) -> set[str]:
    # The opinion reader matches sentences with their quotes folded (text.clean.QUOTES); its
    # heading wordings are regexes over the lines as printed.
    phrases = list(phrases)
    return _matched_ids("opinion", (fold_quotes(p) for p in phrases)) | _regex_ids(
        "opinion", phrases
    )


def _party_ids(_: Iterable[str]) -> set[str]:
    # Each party rule is its own phrasing: test_facts checks what each label does with it.
    return _matched_ids("parties", (r["pattern"].title() for r in load_patterns("parties")))


COVERAGE: dict[str, tuple[Callable[[Iterable[str]], set[str]], list[str]]] = {
    "opinion": (_opinion_ids, [*test_opinion.RULE_PHRASES, *OPINION_HEADING_PHRASES]),
    "parties": (_party_ids, []),
    "ratios": (
        lambda p: _matched_ids("ratios", p),
        [c.text for c in test_ratios.SEEN_IN_REPORTS + test_ratios.TOTAL_FIRST],
    ),
    "results": (
        lambda p: _matched_ids("results", p) | _regex_ids("results", p),
        [
            c.text
            for c in test_results.NO_EXCEPTION + test_results.EXCEPTION + test_results.NOT_TESTED
        ],
    ),
    "sections": (lambda p: _regex_ids("sections", p), SECTION_PHRASES),
    "facts": (lambda p: _regex_ids("facts", p), FACT_PHRASES),
    "subservice": (lambda p: _regex_ids("subservice", p), SUBSERVICE_PHRASES),
    "complementary": (lambda p: _regex_ids("complementary", p), COMPLEMENTARY_PHRASES),
    "controls": (lambda p: _regex_ids("controls", p), CONTROL_PHRASES),
}
# Files whose every phrasing is needed: dropping one leaves a rule unexercised.
EVERY_PHRASE_NEEDED = ["facts", "subservice", "complementary", "controls"]
MODEL_FILES = sorted(
    f.name.removesuffix(".jsonl")
    for f in resources.files("soc2parse.models").iterdir()
    if f.name.endswith(".jsonl")
)


def test_every_model_file_has_phrasings() -> None:
    assert sorted(COVERAGE) == MODEL_FILES
    assert (
        sorted(json.loads(resources.files("soc2parse.models").joinpath("labels.json").read_text()))
        == MODEL_FILES
    )


@pytest.mark.parametrize("name", MODEL_FILES)
def test_every_rule_is_exercised(name: str) -> None:
    used, phrases = COVERAGE[name]
    ids = {r["id"] for r in load_patterns(name)}
    assert ids - used(phrases) == set()
    assert {r["label"] for r in load_patterns(name)} == set(labels(name))


@pytest.mark.parametrize("name", EVERY_PHRASE_NEEDED)
def test_every_phrasing_is_needed(name: str) -> None:
    used, phrases = COVERAGE[name]
    full = used(phrases)
    spare = [p for i, p in enumerate(phrases) if used(phrases[:i] + phrases[i + 1 :]) == full]
    assert spare == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("SOC 2 Type 2", "2"),
        ("SOC2", "2"),
        ("SOC II Report", "II"),
        ("SOC Two", "Two"),
        ("SOC 1®", "1"),
    ],
)
def test_the_framework_name_is_one_wording_for_facts_and_sections(text: str, number: str) -> None:
    name = wording("sections", "soc-name").search(text)
    assert name is not None
    assert name["n"] == number
    assert wording("sections", "soc-signs").search(text) is not None


@pytest.mark.parametrize("text", ["SOCIAL", "SOC Is", "associated", "SOC 24/7"])
def test_no_framework_name_in_other_words(text: str) -> None:
    assert wording("sections", "soc-name").search(text) is None
