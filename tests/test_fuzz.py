"""Mutated PDFs: load() returns a report or raises a Soc2ParseError, nothing else, never hangs.

Mutations: truncation, flipped bytes, dropped and duplicated objects, appended
garbage, broken cross-references, a stream re-encoded through a random filter
chain (some of them bombs), and the bytes handed over in odd forms (a bytearray,
a strided memoryview, a stream, a stream that fails).

The default run is small enough for CI. For a deliberate fuzzing run:

    SOC2PARSE_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import io
import os
import zlib
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import soc2parse

from hostile import encode_chain
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
        st.sampled_from(
            ["truncate", "flip", "drop-object", "duplicate-object", "append", "xref", "chain"]
        )
    )
    if kind == "chain":
        return _rechained(draw, bytes(data))
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


_FILTERS = ["FlateDecode", "LZWDecode", "ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode"]
_FLATE_STREAM = regex.compile(rb"/Filter\s*/FlateDecode[^>]*>>\s*stream\r?\n")
# Small enough that a drawn bomb trips them; larger than any seed's streams.
LIMITS = soc2parse.Limits(max_stream_bytes=8 << 20, max_inflated_bytes=32 << 20)


def _rechained(draw: st.DrawFn, data: bytes) -> bytes:
    """One Flate stream re-encoded through a random chain of filters, or a bomb in its place."""
    found = list(_FLATE_STREAM.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    end = data.find(b"endstream", match.end())
    if end < 0:
        return data
    try:
        content = zlib.decompress(data[match.end() : end].rstrip(b"\r\n"))
    except zlib.error:
        return data
    chain = draw(st.lists(st.sampled_from(_FILTERS), min_size=1, max_size=4))
    if draw(st.booleans()):
        # A bomb, or almost one: zeros deflated last, any chain over that.
        content = b"0" * draw(st.integers(1 << 20, 24 << 20))
        chain = [*chain[:-1], "FlateDecode"]
    payload = (
        encode_chain(zlib.compress(content, 9), chain[:-1])
        if chain[-1] == "FlateDecode"
        else encode_chain(content, chain)
    )
    names = b"[" + b" ".join(b"/" + n.encode() for n in chain) + b"]"
    head = data[: match.start()] + _FLATE_STREAM.sub(
        lambda m: m[0].replace(b"/FlateDecode", names, 1), data[match.start() : match.end()]
    )
    return head + payload + b"\n" + data[end:]


class _Failing(io.RawIOBase):
    """A stream that fails part way, as a network share going away does."""

    def read(self, size: int = -1) -> bytes:
        raise ConnectionResetError("the share went away")


def _handed_over(draw: st.DrawFn, data: bytes) -> object:
    form = draw(st.sampled_from(["bytes", "bytearray", "strided", "stream", "failing"]))
    if form == "bytearray":
        return bytearray(data)
    if form == "strided":
        return memoryview(bytes(b for byte in data for b in (byte, 0)))[::2]
    if form == "stream":
        return io.BytesIO(data)
    if form == "failing":
        return _Failing()
    return data


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated(), st.data())
def test_mutated_pdfs_fail_only_with_contract_errors(data: bytes, forms: st.DataObject) -> None:
    source = _handed_over(forms.draw, data)
    outcome: object
    try:
        outcome = soc2parse.load(source, limits=LIMITS)
    except soc2parse.Soc2ParseError as error:
        outcome = error
    if isinstance(outcome, soc2parse.Report):
        assert outcome.page_count >= 1
    else:
        assert isinstance(outcome, soc2parse.Soc2ParseError)
        assert str(outcome).startswith(("<pdf sha256:", "<stream>"))
        assert outcome.reason


@pytest.mark.parametrize("size", [0, 1, 7, 100, 4096])
def test_arbitrary_bytes_are_refused_cleanly(size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    with pytest.raises(soc2parse.Soc2ParseError):
        soc2parse.load(b"%PDF-1.4\n" + data[:size])
