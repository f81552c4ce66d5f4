"""Mutated PDFs: load() returns a report or raises a Soc2ParseError, nothing else, never hangs.

The default run is small enough for CI. For a deliberate fuzzing run:

    SOC2PARSE_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import soc2parse

from pdfbuild import SOC_PAGES, make_pdf

EXAMPLES = int(os.environ.get("SOC2PARSE_FUZZ_EXAMPLES", "40"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _seeds() -> list[bytes]:
    seeds = [make_pdf(SOC_PAGES)]
    pdfs = [p for p in FIXTURES.glob("reports/*.pdf") if p.stat().st_size > 1000]
    small = sorted(pdfs, key=lambda p: p.stat().st_size)[:1]
    seeds += [p.read_bytes() for p in small]
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    kind = draw(
        st.sampled_from(["truncate", "flip", "drop-object", "duplicate-object", "append", "xref"])
    )
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 20))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        return bytes(data)
    if kind in ("drop-object", "duplicate-object"):
        starts = [i for i in range(len(data)) if data.startswith(b" 0 obj", i)]
        if not starts:
            return bytes(data)
        start = data.rfind(b"\n", 0, draw(st.sampled_from(starts))) + 1
        end = data.find(b"endobj", start)
        end = len(data) if end < 0 else end + len(b"endobj")
        piece = bytes(data[start:end])
        if kind == "drop-object":
            return bytes(data[:start] + data[end:])
        return bytes(data[:end] + b"\n" + piece + data[end:])
    if kind == "append":
        return bytes(data) + draw(st.binary(min_size=1, max_size=2000))
    # Break the cross-reference table or the startxref offset.
    at = data.rfind(b"startxref")
    if at < 0:
        return bytes(data) + zlib.compress(b"x")
    return bytes(data[:at]) + b"startxref\n" + str(draw(st.integers(0, 10**9))).encode()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_pdfs_fail_only_with_contract_errors(data: bytes) -> None:
    outcome: object
    try:
        outcome = soc2parse.load(data)
    except soc2parse.Soc2ParseError as error:
        outcome = error
    if isinstance(outcome, soc2parse.Report):
        assert outcome.page_count >= 1
    else:
        assert str(outcome).startswith("<pdf sha256:")


@pytest.mark.parametrize("size", [0, 1, 7, 100, 4096])
def test_arbitrary_bytes_are_refused_cleanly(size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    with pytest.raises(soc2parse.Soc2ParseError):
        soc2parse.load(b"%PDF-1.4\n" + data[:size])
