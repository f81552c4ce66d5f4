"""Shared test fixtures: each corpus PDF is parsed once per session and shared by all tests."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import soc2parse
from soc2parse import Report

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
# The scorecard is a tool of the repository (tools/scorecard.py), not part of the package:
# the tests that reuse its comparisons import it from there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

Parsed = Callable[..., "Report | soc2parse.Soc2ParseError"]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The fixture corpus folder (``fixtures/`` at the repository root)."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def parsed() -> Parsed:
    """``parsed(pdf_path, password=None, ocr="auto")`` -> the Report, or the error it raised.

    Results (errors included) are memoized for the whole session, so a fixture
    PDF is parsed once however many tests read it.
    """
    cache: dict[tuple[str, str | None, bool | str], Report | soc2parse.Soc2ParseError] = {}

    def get(
        pdf: Path | str, password: str | None = None, ocr: bool | str = "auto"
    ) -> Report | soc2parse.Soc2ParseError:
        key = (str(pdf), password, ocr)
        if key not in cache:
            try:
                cache[key] = soc2parse.load(pdf, password=password, ocr=ocr)
            except soc2parse.Soc2ParseError as exc:
                cache[key] = exc
        return cache[key]

    return get


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Give sets a sorted id, so every xdist worker collects the same test names.

    A set's repr follows string hashing, which differs between processes; two
    workers that name a test differently refuse to run the session.
    """
    if isinstance(val, (set, frozenset)):
        return "{" + ", ".join(sorted(repr(item) for item in val)) + "}"
    return None
