"""The independent fixture sets: layout and wording families written without seeing the parser.

``fixtures/families/`` (made by ``python fixtures/families/generate.py``),
``fixtures/families2/`` to ``fixtures/families5/`` (later sets, written the same way) hold
reports in
three producers whose section IV layouts, fact wordings and non-reports were written from
the anatomy of real reports by someone who had not read the parser (see its README). Each
(report, field) pair is one test, compared by the scorecard's pure functions, so
``python tools/scorecard.py fixtures/families`` and this module agree; the scorecard
also prints one row per family.

Pairs that fail today are strict expected failures with the reason they stand for, so a
fix shows at once (a strict XPASS) and a regression too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scorecard import Fixture, compare_error, compare_field, fields_for, find_fixtures

from soc2parse import Report, Soc2ParseError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FAMILIES = FIXTURES / "families"
# The second and third sets, written the same way later (their README.md files).
FAMILIES2 = FIXTURES / "families2"
FAMILIES3 = FIXTURES / "families3"
FAMILIES4 = FIXTURES / "families4"
FAMILIES5 = FIXTURES / "families5"
Parsed = Callable[..., "Report | Soc2ParseError"]

FIRST: tuple[Fixture, ...] = find_fixtures(FAMILIES)
SET: tuple[Fixture, ...] = FIRST + tuple(
    fx for folder in (FAMILIES2, FAMILIES3, FAMILIES4, FAMILIES5) for fx in find_fixtures(folder)
)
REPORTS = tuple(fx for fx in SET if not fx.error)
NEGATIVES = tuple(fx for fx in SET if fx.error)

# (report, field) pairs that fail today, with what each stands for.
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    ("h01_parts_combined_rl", "ratios"): (
        "ratio text convention: 'Of a sample of 25 terminated personnel, 2' is read from the "
        "number ('25 terminated personnel, 2', as 'For a sample of 40 users, 3' is); count "
        "and total are right"
    ),
    ("h03_unnumbered_hipaa_html", "subservice_organizations"): (
        "a subservice organization named only in section IV's CSOC rows"
    ),
    ("g05_soc1_itgc_othermatter_docx", "ratios"): (
        "'... after the termination date (1/15).': a slash ratio right after 'date' reads as a "
        "day (January 15), and a wrong ratio is worse than none"
    ),
}


def _cases() -> Iterator[object]:
    for fx in REPORTS:
        for field in fields_for(fx.expected):
            reason = KNOWN_FAILURES.get((fx.name, field))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(fx, field, id=f"{fx.name}:{field}", marks=marks)


@pytest.mark.parametrize(("fixture", "field"), list(_cases()))
def test_family_field(fixture: Fixture, field: str, parsed: Parsed) -> None:
    report = parsed(fixture.pdf)
    assert isinstance(report, Report), f"{fixture.name} did not parse: {report}"
    result = compare_field(field, fixture.expected, report)
    assert result.ok, f"{fixture.name} {field}: {result.detail}"


@pytest.mark.parametrize("fixture", NEGATIVES, ids=lambda fx: fx.name)
def test_negative_is_refused_with_a_reason(fixture: Fixture, parsed: Parsed) -> None:
    """A document full of SOC words but with no auditor's report raises the contract's error,
    naming the file and what the document looks like."""
    outcome = parsed(fixture.pdf)
    error = outcome if isinstance(outcome, Exception) else None
    result = compare_error(fixture.expected, error, fixture.pdf.name)
    assert result.ok, result.detail
    assert "looks like" in str(error) or "no independent auditor's report" in str(error)


def test_known_failures_name_real_pairs() -> None:
    pairs = {(fx.name, f) for fx in REPORTS for f in fields_for(fx.expected)}
    assert set(KNOWN_FAILURES) <= pairs


def test_every_family_in_three_producers() -> None:
    producers: dict[str, set[str]] = {}
    for fx in FIRST:
        for family in fx.expected.get("families") or ():
            producers.setdefault(family, set()).add(fx.name.rsplit("_", 1)[-1])
    assert len(producers) >= 12
    assert all(p >= {"rl", "docx", "html"} for p in producers.values()), producers


def test_scorecard_rows_per_family() -> None:
    """A report is right in a family row only when every field compared on it is right."""
    from scorecard import FieldResult, _by_family

    def fixture(name: str, *families: str) -> Fixture:
        return Fixture(name=name, pdf=Path(f"{name}.pdf"), expected={"families": list(families)})

    fixtures = [fixture("a", "prose", "odd-ids"), fixture("b", "prose"), fixture("c")]
    results = {
        "a": [FieldResult("controls", True, 10, 10), FieldResult("ratios", False, 1, 2)],
        "b": [FieldResult("controls", True, 5, 5)],
        "c": [FieldResult("controls", False, 0, 5)],
    }
    assert _by_family(fixtures, results) == (
        ("odd-ids", "0/1 (0%)", "11/12"),
        ("prose", "1/2 (50%)", "16/17"),
    )
