"""load() leaves the process as it found it: the garbage collector's state."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import soc2parse
from soc2parse import NotAPdfError

from pdfbuild import SOC_PAGES, make_pdf


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_is_paused_during_a_parse_and_back_after() -> None:
    seen: list[bool] = []
    from soc2parse import sections

    find = sections.find_sections

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return find(*args, **kwargs)  # type: ignore[arg-type]

    sections.find_sections = spy  # type: ignore[assignment]
    try:
        soc2parse.load(make_pdf(SOC_PAGES))
    finally:
        sections.find_sections = find
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_is_back_after_a_failed_parse() -> None:
    with pytest.raises(NotAPdfError):
        soc2parse.load(b"not a pdf at all")
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        soc2parse.load(make_pdf(SOC_PAGES))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
