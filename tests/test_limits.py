"""Limits that protect a batch from hostile files: bombs, absurd page counts and sizes."""

from __future__ import annotations

import base64
import os
import threading
import time
import zlib
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import soc2parse
from soc2parse import Limits, NotAPdfError, ResourceLimitError, SourceUnreadableError
from soc2parse.extract.inflate import check_inflation

from hostile import encode_chain, stream_pdf
from pdfbuild import SOC_PAGES, make_pdf


def _bomb(inflated: int) -> bytes:
    payload = zlib.compress(b"0" * inflated, 9)
    return (
        b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload)
        + payload
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def test_a_decompression_bomb_is_rejected_quickly() -> None:
    data = _bomb(80 * 1024 * 1024)
    assert len(data) < 1_000_000
    started = time.monotonic()
    with pytest.raises(ResourceLimitError, match=r"bomb\.pdf: .*inflates to over") as caught:
        check_inflation("bomb.pdf", data, max_stream=64 << 20, max_total=1 << 30)
    assert time.monotonic() - started < 10
    assert "Limits.max_stream_bytes" in str(caught.value)


def test_load_applies_the_inflation_limit() -> None:
    with pytest.raises(ResourceLimitError, match="inflates"):
        soc2parse.load(_bomb(4 * 1024 * 1024), limits=Limits(max_stream_bytes=1024 * 1024))


def test_many_streams_are_limited_in_total() -> None:
    one = b"stream\n" + zlib.compress(b"1" * 100_000) + b"\nendstream\n"
    with pytest.raises(ResourceLimitError, match="in all"):
        check_inflation("x.pdf", one * 20, max_stream=1 << 20, max_total=1_000_000)


def test_ordinary_streams_pass_and_are_measured() -> None:
    one = b"stream\r\n" + zlib.compress(b"BT (hello) Tj ET" * 10) + b"\nendstream\n"
    # Limits low enough that the file could reach them: its streams are inflated.
    assert check_inflation("x.pdf", one * 3, max_stream=100_000, max_total=1 << 30) == 480


def test_a_file_too_small_to_reach_the_limits_is_not_inflated() -> None:
    one = (
        b"1 0 obj << /Filter /FlateDecode >> stream\r\n"
        + zlib.compress(b"BT (hello) Tj ET" * 10)
        + b"\nendstream\n"
    )
    assert check_inflation("x.pdf", one * 3, max_stream=1 << 20, max_total=1 << 30) == 0


@settings(max_examples=60, deadline=None)
@given(
    run=st.integers(min_value=0, max_value=2_000_000),
    noise=st.binary(max_size=64),
    level=st.integers(min_value=1, max_value=9),
)
def test_deflate_never_beats_the_ratio_the_guard_assumes(
    run: int, noise: bytes, level: int
) -> None:
    # The guard skips files whose size times 1032 cannot reach a limit: the best case for
    # deflate is a long run of one byte.
    payload = noise + b"\0" * run + noise
    data = b"stream\n" + zlib.compress(payload, level) + b"\nendstream\n"
    limit = len(payload) - 1
    if limit > 0:
        with pytest.raises(ResourceLimitError):
            check_inflation("x.pdf", data, max_stream=limit, max_total=1 << 40)


def test_streams_that_are_not_flate_are_left_to_the_pdf_library() -> None:
    data = b"stream\n\x00\x01garbage-not-zlib\nendstream\n" * 5
    assert check_inflation("x.pdf", data, max_stream=10, max_total=10) == 0


def test_a_5000_page_pdf_is_rejected_by_the_page_limit() -> None:
    data = make_pdf([["SOC 2 page"]] * 5000)
    started = time.monotonic()
    with pytest.raises(ResourceLimitError, match=r"5,000 pages, over the limit of 3,000"):
        soc2parse.load(data)
    assert time.monotonic() - started < 60


def test_the_page_limit_can_be_raised_or_lowered() -> None:
    data = make_pdf(SOC_PAGES)
    with pytest.raises(ResourceLimitError, match=r"Limits\.max_pages"):
        soc2parse.load(data, limits=Limits(max_pages=2))
    assert soc2parse.load(data, limits=Limits(max_pages=3)).page_count == 3


def test_an_oversized_input_is_refused_before_parsing() -> None:
    with pytest.raises(ResourceLimitError, match="over the 100-byte limit"):
        soc2parse.load(make_pdf(SOC_PAGES), limits=Limits(max_bytes=100))


def test_a_bomb_under_an_ascii85_layer_is_rejected_too() -> None:
    import base64

    payload = base64.a85encode(zlib.compress(b"0" * (8 * 1024 * 1024), 9), wrapcol=72)
    data = (
        b"%PDF-1.4\n1 0 obj\n<< /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n"
        + payload
        + b"~>\nendstream\nendobj\n"
    )
    with pytest.raises(ResourceLimitError, match="inflates to over"):
        check_inflation("a85.pdf", data, max_stream=1 << 20, max_total=1 << 30)


def test_uncompressed_streams_are_measured_quickly() -> None:
    pages = [[f"Line {i} of page {n}" for i in range(40)] for n in range(2000)]
    data = make_pdf(pages)
    started = time.monotonic()
    assert check_inflation("plain.pdf", data, max_stream=1 << 20, max_total=1 << 30) == 0
    assert time.monotonic() - started < 5


# --- filter chains (issue 15): every stage of every chain is measured --------------------

_ZEROS = 40 * 1024 * 1024
_CHAIN_LIMIT = 8 * 1024 * 1024


def _chain(filters: str, inner: bytes | None = None) -> bytes:
    names = [n for n in filters.replace("[", " ").replace("]", " ").split() if n]
    data = inner if inner is not None else b"0" * _ZEROS
    return encode_chain(data, [_LONG.get(n.strip("/"), n.strip("/")) for n in names])


_LONG = {
    "Fl": "FlateDecode",
    "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode",
    "RL": "RunLengthDecode",
}

# Each is a small file that decodes to 40 MiB (or more) through its filter chain.
CHAIN_BOMBS = [
    pytest.param(
        b"/Filter [/FlateDecode /FlateDecode]", "FlateDecode FlateDecode", id="flate-flate"
    ),
    pytest.param(
        b"/Filter [/ASCIIHexDecode /FlateDecode]", "ASCIIHexDecode FlateDecode", id="hex-flate"
    ),
    pytest.param(b"/Filter [/LZWDecode /FlateDecode]", "LZWDecode FlateDecode", id="lzw-flate"),
    pytest.param(
        b"/Filter [/RunLengthDecode /FlateDecode]", "RunLengthDecode FlateDecode", id="rl-flate"
    ),
    pytest.param(
        b"/Filter [/FlateDecode /ASCII85Decode /FlateDecode]",
        "FlateDecode ASCII85Decode FlateDecode",
        id="flate-a85-flate",
    ),
    pytest.param(b"/Filter [/Fl /Fl]", "FlateDecode FlateDecode", id="abbreviated"),
    pytest.param(
        b"/Filter [/Fl#61teDecode /F#6Cate#44ecode]", "FlateDecode FlateDecode", id="escaped-names"
    ),
    pytest.param(b"/Filter 9 0 R", "FlateDecode FlateDecode", id="indirect-filter"),
    pytest.param(b"/Filter [9 0 R /FlateDecode]", "FlateDecode FlateDecode", id="indirect-entry"),
    pytest.param(b"/Filter 7 0 R", "FlateDecode FlateDecode", id="unresolvable-filter-sniffed"),
    pytest.param(
        b"/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]",
        "FlateDecode FlateDecode",
        id="object-stream",
    ),
    pytest.param(
        b"/Filter /FlateDecode /Filter [/FlateDecode /FlateDecode]",
        "FlateDecode FlateDecode",
        id="repeated-key",
    ),
]


@pytest.mark.parametrize(("dictionary", "chain"), CHAIN_BOMBS)
def test_a_bomb_behind_any_filter_chain_is_rejected(dictionary: bytes, chain: str) -> None:
    extra = (
        b"9 0 obj\n[/FlateDecode /FlateDecode]\nendobj\n" if b"9 0 R]" not in dictionary else b""
    )
    if b"[9 0 R" in dictionary:
        extra = b"9 0 obj\n/FlateDecode\nendobj\n"
    data = stream_pdf(dictionary, _chain(chain), extra)
    assert len(data) < 200_000
    started = time.monotonic()
    with pytest.raises(ResourceLimitError, match="inflates to over"):
        check_inflation("chain.pdf", data, max_stream=_CHAIN_LIMIT, max_total=1 << 30)
    assert time.monotonic() - started < 5


def test_an_inner_stage_a_later_filter_stops_reading_is_measured_whole() -> None:
    # Run-length's end-of-data comes first: a reader still inflates the Flate layer whole.
    inner = b"\x80" + b"0" * _ZEROS
    data = stream_pdf(b"/Filter [/FlateDecode /RunLengthDecode]", zlib.compress(inner, 9))
    with pytest.raises(ResourceLimitError, match="inflates to over"):
        check_inflation("rl.pdf", data, max_stream=_CHAIN_LIMIT, max_total=1 << 30)


def test_a_stream_keyword_planted_in_the_dictionary_does_not_hide_its_filters() -> None:
    dictionary = b"/Filter [/ASCIIHexDecode /FlateDecode] /Note (stream\n)"
    data = stream_pdf(dictionary, _chain("ASCIIHexDecode FlateDecode"))
    with pytest.raises(ResourceLimitError, match="inflates to over"):
        check_inflation("planted.pdf", data, max_stream=_CHAIN_LIMIT, max_total=1 << 30)


def test_a_file_of_stream_keywords_is_refused_in_linear_time() -> None:
    data = b"%PDF-1.4\n" + b"stream\n" * 400_000
    started = time.monotonic()
    with pytest.raises(ResourceLimitError, match="stream keywords outside any object"):
        check_inflation("keywords.pdf", data, max_stream=1, max_total=1)
    assert time.monotonic() - started < 5


def test_a_chain_too_long_to_be_real_is_refused() -> None:
    data = stream_pdf(b"/Filter [" + b"/FlateDecode " * 40 + b"]", b"x")
    with pytest.raises(ResourceLimitError, match="40 filters"):
        check_inflation("deep.pdf", data, max_stream=1 << 30, max_total=1 << 30)


def test_load_refuses_a_chain_bomb_before_any_pdf_library_reads_it() -> None:
    data = stream_pdf(b"/Filter [/FlateDecode /FlateDecode]", _chain("FlateDecode FlateDecode"))
    with pytest.raises(ResourceLimitError, match="max_stream_bytes"):
        soc2parse.load(data, limits=Limits(max_stream_bytes=_CHAIN_LIMIT))


_FILTERS = ["FlateDecode", "LZWDecode", "ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode"]


@settings(max_examples=25, deadline=None)
@given(
    chain=st.lists(st.sampled_from(_FILTERS), min_size=1, max_size=3),
    size=st.integers(min_value=1_000, max_value=60_000),
    seed=st.binary(min_size=1, max_size=16),
)
def test_every_chain_is_measured_to_its_decoded_size(
    chain: list[str], size: int, seed: bytes
) -> None:
    payload = (seed * (size // len(seed) + 1))[:size]
    names = b" ".join(b"/" + n.encode() for n in chain)
    data = stream_pdf(b"/Filter [" + names + b"]", encode_chain(payload, chain))
    # Every stage is at most twice the one it decodes to (hexadecimal), so this passes.
    check_inflation("x.pdf", data, max_stream=8 * size + 1024, max_total=1 << 30)
    with pytest.raises(ResourceLimitError):
        check_inflation("x.pdf", data, max_stream=size - 1, max_total=1 << 30)


# --- special files and odd sources (issue 15): contract errors, never a hang --------------


class _Exploding:
    name = "exploding.pdf"

    def read(self, size: int = -1) -> bytes:
        raise RuntimeError("the network share went away")


def _special(kind: str, tmp_path: Path) -> object:
    if kind == "device-link":
        link = tmp_path / "zero.pdf"
        link.symlink_to("/dev/zero")
        return link
    if kind == "named-pipe":
        pipe = tmp_path / "pipe.pdf"
        os.mkfifo(pipe)
        return str(pipe)
    if kind == "link-loop":
        loop = tmp_path / "loop.pdf"
        loop.symlink_to(loop)
        return loop
    if kind == "nul-in-path":
        return str(tmp_path / "x\0.pdf")
    if kind == "stream-raises":
        return _Exploding()
    raise AssertionError(kind)


SPECIAL_SOURCES = [
    pytest.param("device-link", r"not a regular file", id="symlink to /dev/zero"),
    pytest.param("named-pipe", r"not a regular file", id="named pipe"),
    pytest.param("link-loop", r"cannot be opened", id="symlink loop"),
    pytest.param("nul-in-path", r"NUL character", id="NUL in the path"),
    pytest.param("stream-raises", r"RuntimeError: the network share", id="stream read raises"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
@pytest.mark.parametrize(("kind", "message"), SPECIAL_SOURCES)
def test_special_sources_fail_with_a_contract_error_at_once(
    kind: str, message: str, tmp_path: Path
) -> None:
    source = _special(kind, tmp_path)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            soc2parse.load(source, limits=Limits(max_bytes=1 << 20))
        except BaseException as error:  # the test inspects whatever escaped
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert outcome, "load() hung"
    error = outcome[0]
    assert isinstance(error, SourceUnreadableError), repr(error)
    assert regex.search(message, str(error)), str(error)


def test_a_strided_memoryview_is_read_as_its_bytes() -> None:
    doubled = bytes(b for byte in make_pdf(SOC_PAGES) for b in (byte, 0))
    view = memoryview(doubled)[::2]
    assert not view.contiguous
    assert soc2parse.load(view).page_count == 3
    (outcome,) = soc2parse.load_many([view])
    assert outcome.ok, outcome.error


def test_a_file_name_given_as_bytes_gets_a_hint() -> None:
    with pytest.raises(NotAPdfError, match="look like a file name: pass the path as a str"):
        soc2parse.load(b"reports/vendor.pdf")


def test_load_many_takes_one_path_as_one_source(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(make_pdf(SOC_PAGES))
    outcomes = list(soc2parse.load_many(str(pdf)))
    assert [o.name for o in outcomes] == [str(pdf)]


def test_load_many_takes_a_folder_as_its_pdfs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.pdf", "a.PDF", "sub/c.pdf", "notes.txt"):
        (tmp_path / name).write_bytes(make_pdf(SOC_PAGES))
    names = [Path(o.name).relative_to(tmp_path).as_posix() for o in soc2parse.load_many(tmp_path)]
    assert names == ["a.PDF", "b.pdf", "sub/c.pdf"]


@pytest.mark.xfail(
    strict=True,
    reason="inline images (BI ... ID ... EI) inside content streams are not measured yet: "
    "PDFium inflates their data whole (a 400 KB file took over 23 GB and two minutes)",
)
def test_an_inline_image_bomb_in_a_content_stream_is_rejected() -> None:
    inline = zlib.compress(b"\0" * (40 << 20), 9)
    content = b"q BI /W 1 /H 1 /BPC 8 /CS /G /F /Fl ID " + inline + b" EI Q\n"
    data = stream_pdf(b"/Filter /FlateDecode", zlib.compress(content, 9))
    with pytest.raises(ResourceLimitError):
        check_inflation("inline.pdf", data, max_stream=_CHAIN_LIMIT, max_total=1 << 30)


_A85_TEXT = st.one_of(
    st.binary(max_size=200).map(base64.a85encode),  # valid, "z" groups included
    st.text(alphabet='!"#uvz~yA ', max_size=40).map(str.encode),  # out of range, stray "z"
    st.binary(max_size=40).map(lambda b: bytes(x for x in b if x not in b" \t\r\n\x0c\x00")),
)


@settings(max_examples=400, deadline=None)
@given(_A85_TEXT)
def test_the_fast_ascii85_decoder_agrees_with_the_standard_library(data: bytes) -> None:
    from soc2parse.extract.inflate import a85decode

    try:
        expected: bytes | type[ValueError] = base64.a85decode(data)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError, match="Ascii85"):
            a85decode(data)
    else:
        assert a85decode(data) == expected


@pytest.mark.parametrize("head", [b"\x78\x01", b"\x78\x9c", b"\x08\x1d", b"\xf8\xf8"])
def test_a_bomb_whose_data_opens_like_a_second_zlib_layer_is_measured_whole(head: bytes) -> None:
    # With no filter to go by, the guard guesses nested Flate from the first two bytes; a
    # wrong guess (the inner "layer" is no zlib stream) once stopped it reading the real
    # layer, so a 5 KB stream passed that inflates to 5 MB.
    data = b"stream\n" + zlib.compress(head + b"\0" * 5_000_000, 9) + b"\nendstream\n"
    assert len(data) < 10_000
    with pytest.raises(ResourceLimitError, match="inflates to over"):
        check_inflation("x.pdf", data, max_stream=1_000_000, max_total=1 << 40)
