"""The fixture corpus, field by field: every generated report against its expected results.

Each (fixture, field) pair is one test, compared by the scorecard's pure
functions (``tools/scorecard.py``), so ``python tools/scorecard.py
fixtures/`` and this suite always agree.

Turning a field on: a field in ``PENDING_FIELDS`` is still being built, so its
pairs are strict expected failures. When the stage lands, remove the field
from the set; pairs that still fail go to ``KNOWN_FAILURES`` with a reason, and
each one that starts passing shows up at once as a strict XPASS. A pair whose
expected value is what an empty report already says (no exceptions, no
CUECs, ...) is never marked: it passes today and must keep passing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scorecard import Fixture, compare_error, compare_field, fields_for, find_fixtures

from soc2parse import Report, Soc2ParseError

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
Parsed = Callable[..., "Report | Soc2ParseError"]

# Fields whose stage is not built yet (remove a name when its stage lands).
PENDING_FIELDS: frozenset[str] = frozenset()

# (fixture, field) pairs known to fail after their field has landed, with the reason.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

# What a report says when nothing was read: a pending pair that this satisfies is not pending.
EMPTY_REPORT = Report(source=None, sha256="0" * 64, page_count=1)

# fixtures/matrix/ holds the producer matrix: its truth is visible text lines, not report
# fields (its JSONs have no field the scorecard compares); it is for engine differential tests.
# fixtures/families/ and families2-5/ are the independent sets (tests/test_families.py).
# fixtures/scans/ holds scanned copies of some reports: tests/test_ocr.py reads them.
FIXTURES: tuple[Fixture, ...] = tuple(
    fx
    for fx in find_fixtures(FIXTURES_DIR)
    if not {"matrix", "families", "families2", "families3", "families4", "families5", "scans"}
    & set(fx.pdf.resolve().relative_to(FIXTURES_DIR).parts)
)
REPORTS = tuple(fx for fx in FIXTURES if fx.error is None)
BAD = tuple(fx for fx in FIXTURES if fx.error is not None)


def _field_cases() -> Iterator[object]:
    for fx in REPORTS:
        for field in fields_for(fx.expected):
            marks = []
            reason = KNOWN_FAILURES.get((fx.name, field))
            if reason is None and field in PENDING_FIELDS:
                vacuous = compare_field(field, fx.expected, EMPTY_REPORT).ok
                reason = None if vacuous else f"{field}: stage not built yet"
            if reason is not None:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            yield pytest.param(fx, field, id=f"{fx.name}:{field}", marks=marks)


def test_corpus_is_present() -> None:
    assert len(REPORTS) >= 30
    assert len(BAD) >= 5
    assert {fx.expected["opinion"]["kind"] for fx in REPORTS} == {
        "unqualified",
        "qualified",
        "adverse",
        "disclaimer",
    }


def test_pending_and_known_names_are_real() -> None:
    fields = {f for fx in REPORTS for f in fields_for(fx.expected)}
    names = {fx.name for fx in REPORTS}
    assert fields >= PENDING_FIELDS
    assert {name for name, _ in KNOWN_FAILURES} <= names
    assert {field for _, field in KNOWN_FAILURES} <= fields


@pytest.mark.parametrize(("fixture", "field"), list(_field_cases()))
def test_field(fixture: Fixture, field: str, parsed: Parsed) -> None:
    report = parsed(fixture.pdf)
    if isinstance(report, Soc2ParseError):
        pytest.fail(f"{fixture.name} did not parse: {type(report).__name__}: {report}")
    result = compare_field(field, fixture.expected, report)
    assert result.ok, f"{fixture.name} {field}: {result.detail}"


@pytest.mark.parametrize("fixture", BAD, ids=[fx.name for fx in BAD])
def test_bad_input_raises(fixture: Fixture, parsed: Parsed) -> None:
    outcome = parsed(fixture.pdf, ocr=fixture.expected.get("ocr", "auto"))
    error = outcome if isinstance(outcome, Soc2ParseError) else None
    result = compare_error(fixture.expected, error)
    assert result.ok, result.detail
    assert Path(fixture.pdf).name in str(outcome)


PASSWORDED = tuple(fx for fx in BAD if fx.expected.get("parses_with_password"))


@pytest.mark.parametrize("fixture", PASSWORDED, ids=[fx.name for fx in PASSWORDED])
def test_encrypted_input_opens_with_its_password(fixture: Fixture, parsed: Parsed) -> None:
    report = parsed(fixture.pdf, password=fixture.expected["password"])
    assert isinstance(report, Report), report
    assert report.page_count > 1
