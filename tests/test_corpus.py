"""The foreign sample: reports another generator made, scored field by field, both engines.

``../shared/corpus/`` (beside the repository, never copied into it) holds twelve reports
from another generator (three PDF producers, other firms' layouts and wordings) with
their truth (``NAME.truth.json``). They stand for the held-out set the project is
measured on. Each (report, field) pair is one test, compared by the scorecard's pure
functions, so ``python tools/scorecard.py ../shared/corpus`` and this module agree.

Pairs that fail today are strict expected failures with the reason, so that a fix shows
at once (a strict XPASS) and a regression too. The whole module is skipped, with the
reason, where the sample is absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scorecard import Fixture, compare_field, fields_for, find_fixtures

import soc2parse
from soc2parse import Report, Soc2ParseError

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
Parsed = Callable[..., "Report | Soc2ParseError"]

SAMPLE: tuple[Fixture, ...] = find_fixtures(CORPUS) if CORPUS.is_dir() else ()

pytestmark = pytest.mark.skipif(
    not SAMPLE, reason=f"the foreign sample is not here ({CORPUS}): nothing to score"
)

# (report, field) pairs that fail today, with what each stands for.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _cases() -> Iterator[object]:
    for fx in SAMPLE:
        for field in fields_for(fx.expected):
            reason = KNOWN_FAILURES.get((fx.name, field))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(fx, field, id=f"{fx.name}:{field}", marks=marks)


@pytest.mark.parametrize(("fixture", "field"), list(_cases()))
def test_sample_field(fixture: Fixture, field: str, parsed: Parsed) -> None:
    report = parsed(fixture.pdf)
    assert isinstance(report, Report), f"{fixture.name} did not parse: {report}"
    result = compare_field(field, fixture.expected, report)
    assert result.ok, f"{fixture.name} {field}: {result.detail}"


@pytest.mark.parametrize("fixture", SAMPLE, ids=lambda fx: fx.name)
def test_sample_engines_agree(fixture: Fixture, parsed: Parsed) -> None:
    """The fast engine's report equals the reference engine's on every foreign report."""
    fast = parsed(fixture.pdf)
    reference = soc2parse.load(fixture.pdf, engine="pdfplumber")
    assert isinstance(fast, Report)
    assert fast.to_dict() == reference.to_dict()


@pytest.mark.parametrize("fixture", SAMPLE, ids=lambda fx: fx.name)
def test_sample_facts_carry_their_evidence(fixture: Fixture, parsed: Parsed) -> None:
    """A named auditor is never a standard setter and says where it was read; every
    subservice organization has its evidence; no CSOC is also given as a CUEC."""
    from soc2parse.facts.firms import is_standard_setter

    report = parsed(fixture.pdf)
    assert isinstance(report, Report)
    assert report.service_auditor is None or not is_standard_setter(report.service_auditor)
    assert (report.service_auditor is None) == (report.service_auditor_evidence is None)
    assert all(s.evidence is not None for s in report.subservice_organizations)
    assert not set(report.cuecs) & {c.text for c in report.csocs}


def test_sample_covers_three_producers() -> None:
    producers = {fx.name.rsplit("_", 1)[-1] for fx in SAMPLE}
    assert producers >= {"html", "docx", "rl"}
