"""Unit tests of two helpers the pipeline and the batch lean on: the guard around one parse
(``batch.guard``) and the paragraph builder (``text.passages``); and ``batch.pool`` called
directly, without ``load_many`` around it."""

from __future__ import annotations

import time
from typing import Any

import pytest

from soc2parse import ParseTimeoutError, Report, ResourceLimitError, Soc2ParseError
from soc2parse.batch.guard import _root_cause, parse_guarded, time_limit
from soc2parse.batch.pool import pool_results
from soc2parse.text.passages import is_heading_line, passages, sentence_spans

import hostile
from pagebuild import line, page


def _report(source: Any, password: str | None = None) -> Report:
    return Report(source=str(source), sha256="0" * 64, page_count=1)


def _raises(error: BaseException) -> Any:
    def parse(source: Any, password: str | None = None) -> Report:
        raise error

    return parse


def _wrapped_memory_error(source: Any, password: str | None = None) -> Report:
    try:
        raise MemoryError
    except MemoryError:
        raise Soc2ParseError(str(source), "a stage wrapped it") from None


# ------------------------------------------------------------------------------ the guard


def test_a_parse_that_works_gives_its_report() -> None:
    result = parse_guarded("a.pdf", parse=_report)
    assert result.report is not None
    assert result.report.source == "a.pdf"
    assert result.error is None
    assert result.seconds >= 0


@pytest.mark.parametrize(
    ("raised", "kind", "words", "out_of_memory"),
    [
        (Soc2ParseError("a.pdf", "as raised"), Soc2ParseError, "as raised", False),
        (KeyError("stage"), Soc2ParseError, "internal error (KeyError", False),
        (ValueError("x"), Soc2ParseError, "soc2parse bug", False),
        (MemoryError(), ResourceLimitError, "ceiling of 512 MiB", True),
    ],
)
def test_every_failure_becomes_one_contract_error(
    raised: BaseException, kind: type, words: str, out_of_memory: bool
) -> None:
    result = parse_guarded("a.pdf", parse=_raises(raised), max_memory=512 * 2**20)
    assert result.report is None
    assert type(result.error) is kind
    assert words in str(result.error)
    assert "a.pdf" in str(result.error)
    assert result.out_of_memory is out_of_memory


def test_a_memory_error_a_stage_wrapped_is_still_memory() -> None:
    result = parse_guarded("a.pdf", parse=_wrapped_memory_error)
    assert type(result.error) is ResourceLimitError
    assert result.out_of_memory


def test_the_root_cause_walk_survives_a_loop_of_causes() -> None:
    first, second = ValueError("a"), ValueError("b")
    first.__cause__, second.__cause__ = second, first
    assert _root_cause(first) is None


def test_a_runaway_parse_is_stopped_at_its_time_limit() -> None:
    started = time.monotonic()
    result = parse_guarded("spin", parse=hostile.misbehave, timeout=0.3)
    assert type(result.error) is ParseTimeoutError
    assert "0.3-second limit" in str(result.error)
    assert time.monotonic() - started < 5


def test_a_parse_that_ends_in_time_leaves_nothing_pending() -> None:
    with time_limit(0.05):
        pass
    time.sleep(0.15)  # had the timer fired late, its exception would surface here
    assert parse_guarded("ok", parse=_report, timeout=5.0).error is None


# ------------------------------------------------------------------------------ the pool


def test_the_pool_gives_results_in_input_order_whatever_finishes_first() -> None:
    sources = ["slow-0.6", "ok-1", "slow-0.2", "ok-3"]
    results = list(
        pool_results(
            sources, workers=2, password=None, timeout=30, max_memory=None, parse=hostile.misbehave
        )
    )
    assert [r.report.source if r.report else None for r in results] == sources


# -------------------------------------------------------------------------- the passages


def test_paragraph_lines_join_and_a_heading_stands_alone() -> None:
    pages = [
        page(
            3,
            [
                ("Scope", {"bold": True}),
                "We have examined the description of the system of Acme",
                "throughout the period. Our examination was conducted",
                "in accordance with attestation standards.",
            ],
        )
    ]
    found = passages(pages)
    assert [p.heading for p in found] == [True, False]
    assert found[0].text == "Scope"
    assert found[1].text.startswith("We have examined the description")
    assert found[1].text.endswith("attestation standards.")
    assert found[1].page == 3


def test_a_paragraph_carried_over_a_page_knows_each_lines_page() -> None:
    first = page(4, ["The controls were suitably designed and operated effectively"])
    second = page(5, ["throughout the period to achieve the criteria."])
    (paragraph,) = passages([first, second])
    cut = paragraph.text.index("throughout")
    assert paragraph.page_at(0) == 4
    assert paragraph.page_at(cut) == 5


def test_contents_pages_give_no_passages() -> None:
    contents = page(2, ["Independent Service Auditor's Report ........ 3"], is_toc=True)
    body = page(3, ["In our opinion, the controls operated effectively."])
    assert [p.page for p in passages([contents, body])] == [3]


@pytest.mark.parametrize(
    ("text", "options", "heading"),
    [
        ("Opinion", {"bold": True}, True),
        ("Opinion", {"size": 12.0}, True),
        ("Opinion", {}, False),
        (
            "In our opinion, the controls were suitably designed and operated.",
            {"bold": True},
            False,
        ),
        ("• Access reviews", {"bold": True}, False),
    ],
)
def test_a_heading_line_is_short_and_set_off(
    text: str, options: dict[str, Any], heading: bool
) -> None:
    assert is_heading_line(line(text, 100.0, **options), 10.0) is heading


def test_sentence_spans_cover_each_sentence_once() -> None:
    text = "Scope paragraph. In our opinion, Acme Inc. did well. Restricted use."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Scope paragraph.",
        "In our opinion, Acme Inc. did well.",
        "Restricted use.",
    ]
