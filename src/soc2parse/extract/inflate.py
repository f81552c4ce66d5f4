"""Decompression-bomb guard, run before any PDF library sees the bytes.

A decompression bomb is a small PDF whose streams decode to gigabytes; PDF
libraries decode a whole stream into memory when a page is drawn or read, one
filter after another. This guard decodes every stream through its own filter
chain (``/FlateDecode``, ``/LZWDecode``, ``/ASCIIHexDecode``, ``/ASCII85Decode``,
``/RunLengthDecode`` and their abbreviations, in any order and to any depth up to
:data:`MAX_FILTERS`), incrementally: no stage ever holds more than one 64 KiB
chunk, every stage's output is metered, and decoding stops at the first stage
over the limit. A stage that a library would decode whole (the Flate layer
under a run-length layer that ends early) is drained and measured too, so a
chain cannot hide a bomb behind a later filter that stops reading.

Where the stream dictionary names no filter the guard can read (none at all, or
an indirect one it cannot resolve), it sniffs the data: a zlib header is read as
Flate, and again on Flate's output, as deep as it goes; an ASCII85 layer over
Flate as reportlab writes it.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator

import regex

from soc2parse._errors import ResourceLimitError

__all__ = ["MAX_FILTERS", "check_inflation"]

#: The longest filter chain read; a longer one is refused (real files use one or two).
MAX_FILTERS = 16

# "stream" (not "endstream") followed by an end of line starts a stream's data
# (PDF 32000-1, 7.3.8.1; CR alone and blanks before the end of line are tolerated, as readers do).
_STREAM = regex.compile(rb"(?<!end)stream[ \t]*(?:\r\n|\r|\n)")
_CHUNK = 1 << 16
# How far back from "stream" the stream's dictionary is looked for.
_LOOKBACK = 1 << 14
# The value of a stream dictionary's /Filter: a name, an array, or an indirect reference.
_FILTER = regex.compile(
    rb"""/Filter \s* (?P<value> \[ [^\]]* \] | /[^\s/\[\]<>()%]* | \d+ \s+ \d+ \s+ R )""",
    regex.VERBOSE,
)
# A filter array's entries: names, or indirect references to names.
_TOKEN = regex.compile(rb"/[^\s/\[\]<>()%]* | \d+ \s+ \d+ \s+ R", regex.VERBOSE)
# A filter named through an indirect object the guard cannot find: the data are sniffed, deeply.
_UNRESOLVED = "unresolved"
# An indirect object's opening ("12 0 obj") and a direct name or array after it.
_OBJECT = regex.compile(
    rb"(?<![0-9])(?P<number>\d+) \s+ (?P<generation>\d+) \s+ obj", regex.VERBOSE
)
_DIRECT = regex.compile(rb"\s* (?P<value> \[ [^\]]* \] | /[^\s/\[\]<>()%]* )", regex.VERBOSE)
# "/EarlyChange 0" in /DecodeParms: an LZW stream that widens its codes one code later.
_EARLY_CHANGE_0 = regex.compile(rb"/EarlyChange \s* 0\b", regex.VERBOSE)
# A name's "#xx" escapes ("/Fl#61teDecode" is /FlateDecode).
_NAME_ESCAPE = regex.compile(rb"\#(?P<hex>[0-9A-Fa-f]{2})")

# ASCII85-encoded data (reportlab's default: /Filter [/ASCII85Decode /FlateDecode]).
_ASCII85 = regex.compile(rb"(?:<~)?[!-uz\s]{16}")
_ASCII85_STOP = regex.compile(rb"[^!-uz]")
_HEX_STOP = regex.compile(rb"[^0-9A-Fa-f\s\x00]")
_WHITESPACE = b" \t\r\n\x0c\x00"

# The most bytes one input byte can become in each filter: deflate's 258-byte match in two
# bits; an LZW code of at least 9 bits names a string of at most 4,096 bytes; a run-length
# pair repeats a byte 128 times; ASCII85 turns "z" into four zero bytes.
_RATIO = {"flate": 1032, "lzw": 3641, "runlength": 64, "ascii85": 4, "asciihex": 1}

_NAMES = {
    b"FlateDecode": "flate",
    b"Fl": "flate",
    b"LZWDecode": "lzw",
    b"LZW": "lzw",
    b"ASCIIHexDecode": "asciihex",
    b"AHx": "asciihex",
    b"ASCII85Decode": "ascii85",
    b"A85": "ascii85",
    b"RunLengthDecode": "runlength",
    b"RL": "runlength",
}


class _OverCapError(Exception):
    """A stage's output passed the cap: measuring stops."""


def check_inflation(display: str, data: bytes, *, max_stream: int, max_total: int) -> int:
    """Raise :class:`ResourceLimitError` when the file's streams decode beyond the limits.

    Args:
        display: the file's name for messages.
        data: the PDF's bytes.
        max_stream: the most bytes one stream (any stage of its filter chain) may decode to.
        max_total: the most bytes all streams together may decode to.

    Returns:
        The total decoded size of the streams measured (each stream counted at its largest
        stage), or 0 when the file is too small to reach either limit (then nothing is
        decoded).
    """
    objects = _Objects(data)
    streams: list[tuple[int, list[str] | None]] = []
    # A dictionary is looked for after the previous stream's keyword (one pass over the file),
    # or further back when no object opens there ("stream" planted in a string, say), within
    # a budget a crafted file full of "stream" keywords cannot stretch into quadratic time.
    since = 0
    budget = 8 * len(data) + _LOOKBACK * 64
    for match in _STREAM.finditer(data):
        keyword = match.start()
        if data.rfind(b"obj", since, keyword) < 0 and since > keyword - _LOOKBACK:
            budget -= _LOOKBACK
            if budget < 0:
                raise ResourceLimitError(
                    display,
                    "has a great many stream keywords outside any object (a crafted file?); "
                    "re-save it from a PDF viewer",
                )
            since = 0
        streams.append((match.end(), _filters(data, since, keyword, objects)))
        since = match.end()
    for _, chain in streams:
        if chain is not None and len(chain) > MAX_FILTERS:
            raise ResourceLimitError(
                display,
                f"a stream has {len(chain)} filters, more than the {MAX_FILTERS} read "
                "(a decompression bomb?); re-save the file from a PDF viewer",
            )
    if _cannot_reach(data, streams, min(max_stream, max_total)):
        return 0
    total = 0
    for start, chain in streams:
        cap = min(max_stream, max_total - total)
        size = _measure(data, start, chain, cap)
        if size > max_stream:
            raise ResourceLimitError(
                display,
                f"a compressed stream inflates to over {max_stream:,} bytes "
                "(a decompression bomb?); raise Limits.max_stream_bytes if the file is trusted",
            )
        total += size
        if total > max_total:
            raise ResourceLimitError(
                display,
                f"its compressed streams inflate to over {max_total:,} bytes in all; "
                "raise Limits.max_inflated_bytes if the file is trusted",
            )
    return total


def _filters(data: bytes, since: int, keyword: int, objects: _Objects) -> list[str] | None:
    """The filter chain the dictionary before ``keyword`` names, or None to sniff the data.

    Names the guard cannot decode are kept (as ``"other"``): decoding stops there.
    """
    window_start = max(since, keyword - _LOOKBACK)
    opening = data.rfind(b"obj", window_start, keyword)
    dictionary = data[opening if opening >= 0 else window_start : keyword]
    # A repeated key: the last one counts, as readers take it.
    found = next(iter(reversed(list(_FILTER.finditer(dictionary)))), None)
    if found is None:
        return None
    value = found["value"]
    if value.endswith(b"R"):
        value = objects.value(value)
        if value is None:
            return [_UNRESOLVED]
    names: list[str] = []
    for token in _TOKEN.findall(value):
        name = (objects.value(token) or b"") if token.endswith(b"R") else token
        if not name.startswith(b"/"):
            return [_UNRESOLVED]
        plain = _NAME_ESCAPE.sub(lambda m: bytes.fromhex(m["hex"].decode()), name[1:])
        kind = _NAMES.get(plain, "other")
        if kind == "lzw" and _EARLY_CHANGE_0.search(dictionary):
            kind = "lzw0"
        names.append(kind)
    return names


class _Objects:
    """The file's objects by number, found in one pass when the first reference needs one."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts: dict[bytes, int] | None = None

    def value(self, reference: bytes) -> bytes | None:
        """The direct value of ``N G R`` when it is a name or an array, else None."""
        if self._starts is None:
            # The last definition of a number counts, as in an incrementally updated file.
            self._starts = {
                b"%s %s" % (m["number"], m["generation"]): m.end()
                for m in _OBJECT.finditer(self._data)
            }
        number, generation = reference.split()[:2]
        start = self._starts.get(b"%s %s" % (number, generation))
        if start is None:
            return None
        found = _DIRECT.match(self._data, start)
        return found["value"] if found else None


def _cannot_reach(data: bytes, streams: list[tuple[int, list[str] | None]], limit: int) -> bool:
    """True when no stream in ``data`` can decode past ``limit`` bytes.

    The streams' data are disjoint parts of the file, so the file's size times the largest
    product of its chains' ratios bounds each and all of them. Data that must be sniffed
    (it may hold Flate within Flate) and unresolved filters have no such bound.
    """
    ratio = 1
    for start, chain in streams:
        if chain == [_UNRESOLVED]:
            return False
        if chain is None:
            if _zlib_header(data[start : start + 2]) or _ASCII85.match(data, start):
                return False
            continue  # no filter and nothing to sniff: nothing is decoded
        product = 1
        for kind in chain:
            if kind not in _DECODERS:
                break
            product *= _RATIO[kind.removesuffix("0")]
        ratio = max(ratio, product)
    return len(data) * ratio + 1024 <= limit


def _measure(data: bytes, start: int, chain: list[str] | None, cap: int) -> int:
    """The most bytes any stage of the stream at ``start`` decodes to, counting to ``cap + 1``."""
    sizes: list[int] = []
    stages: list[Iterator[bytes]] = []

    def metered(chunks: Iterable[bytes]) -> Iterator[bytes]:
        index = len(sizes)
        sizes.append(0)
        for chunk in chunks:
            sizes[index] += len(chunk)
            if sizes[index] > cap:
                raise _OverCapError
            yield chunk

    chunks: Iterator[bytes] = _source(data, start)
    try:
        if chain is None or chain == [_UNRESOLVED]:
            stages.append(metered(_sniffed(chunks, data, start, 0, MAX_FILTERS, meter=metered)))
        else:
            for kind in chain:
                decoder = _DECODERS.get(kind)
                if decoder is None:
                    break  # a filter not measured (an image codec, a crypt filter): stop
                chunks = metered(decoder(chunks))
                stages.append(chunks)
        # The last stage reads what it needs; a library decodes every earlier stage whole.
        for stage in reversed(stages):
            for _ in stage:
                pass
    except _OverCapError:
        return cap + 1
    except MemoryError:
        raise
    except Exception:  # a damaged stream: the PDF library decides about it
        pass
    return max(sizes, default=0)


def _source(data: bytes, start: int) -> Iterator[bytes]:
    """The file from ``start`` on, in chunks; each decoder stops at its own end of data."""
    for position in range(start, len(data), _CHUNK):
        yield data[position : position + _CHUNK]


def _sniffed(
    chunks: Iterator[bytes],
    data: bytes,
    start: int,
    depth: int,
    deepest: int,
    *,
    meter: Callable[[Iterable[bytes]], Iterator[bytes]],
) -> Iterator[bytes]:
    """Decoded data for a stream whose filters are not known: Flate (nested, to ``deepest``
    layers) or ASCII85 over Flate.

    Every layer is measured (``meter``) and read to its end, also when the layer inside it
    stops early: decoded data that merely opens like a zlib stream is no second layer, and
    a guess that stopped reading would leave the real layer unmeasured.
    """
    first = next(chunks, b"")
    rest = itertools.chain([first], chunks)
    if depth == 0 and not _zlib_header(first[:2]):
        if not _ASCII85.match(data, start):
            return
        layer = meter(_ascii85(rest))
        first = next(layer, b"")
        if not _zlib_header(first[:2]):
            for _ in layer:
                pass
            return
        rest = itertools.chain([first], layer)
    elif not _zlib_header(first[:2]) or depth >= deepest:
        yield from rest
        return
    inflated = meter(_flate(rest))
    yield from _sniffed(inflated, data, start, depth + 1, deepest, meter=meter)
    for _ in inflated:
        pass


def _zlib_header(head: bytes) -> bool:
    """True when two bytes open a zlib stream: method 8 (deflate), a window of at most 32 KB
    (RFC 1950: CINFO 7 or less) and a valid check value."""
    return (
        len(head) == 2
        and head[0] & 0x0F == 8
        and head[0] >> 4 <= 7
        and (head[0] * 256 + head[1]) % 31 == 0
    )


def _pieces(data: bytes | bytearray) -> Iterator[bytes]:
    for position in range(0, len(data), _CHUNK):
        yield bytes(data[position : position + _CHUNK])


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            pending = chunk
            while True:
                out = inflater.decompress(pending, _CHUNK)
                if out:
                    yield out
                if inflater.eof:
                    return
                pending = inflater.unconsumed_tail
                if not pending and len(out) < _CHUNK:
                    break
    except zlib.error:
        return


def _lzw(chunks: Iterable[bytes], early: int = 1) -> Iterator[bytes]:
    """PDF's LZW (codes most significant bit first, 9 to 12 bits, 256 clears, 257 ends)."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width = 9
    previous: bytes | None = None
    buffer = bits = 0
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            buffer = (buffer << 8) | byte
            bits += 8
            while bits >= width:
                bits -= width
                code = buffer >> bits
                buffer &= (1 << bits) - 1
                if code == 256:
                    del table[258:]
                    width, previous = 9, None
                    continue
                if code == 257:
                    yield from _pieces(out)
                    return
                if previous is None:
                    if code >= len(table):
                        yield from _pieces(out)
                        return
                    entry = table[code]
                elif code < len(table):
                    entry = table[code]
                    if len(table) < 4096:
                        table.append(previous + entry[:1])
                elif code == len(table):
                    entry = previous + previous[:1]
                    if len(table) < 4096:
                        table.append(entry)
                else:
                    yield from _pieces(out)
                    return
                out += entry
                previous = entry
                width = min(12, (len(table) + early).bit_length())
                if len(out) >= _CHUNK:
                    yield bytes(out)
                    out.clear()
    yield from _pieces(out)


def _lzw_late(chunks: Iterable[bytes]) -> Iterator[bytes]:
    return _lzw(chunks, early=0)


def _runlength(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    out = bytearray()
    for chunk in chunks:
        buffer = pending + chunk
        i, end = 0, len(buffer)
        while i < end:
            length = buffer[i]
            if length == 128:
                yield from _pieces(out)
                return
            if length < 128:
                if i + length + 2 > end:
                    break
                out += buffer[i + 1 : i + length + 2]
                i += length + 2
            else:
                if i + 2 > end:
                    break
                out += buffer[i + 1 : i + 2] * (257 - length)
                i += 2
            if len(out) >= _CHUNK:
                yield bytes(out)
                out.clear()
        pending = buffer[i:]
    yield from _pieces(out)


def _asciihex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    odd = b""
    for chunk in chunks:
        stop = _HEX_STOP.search(chunk)
        digits = odd + (chunk[: stop.start()] if stop else chunk).translate(None, _WHITESPACE)
        odd = digits[len(digits) - len(digits) % 2 :]
        digits = digits[: len(digits) - len(odd)]
        if digits:
            yield bytes.fromhex(digits.decode("ascii"))
        if stop:
            break
    if odd:
        yield bytes.fromhex((odd + b"0").decode("ascii"))


def _ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    first = True
    for chunk in chunks:
        text = chunk.translate(None, _WHITESPACE)
        if first and text:
            text = text.removeprefix(b"<~")
            first = False
        stop = _ASCII85_STOP.search(text)
        body = pending + (text[: stop.start()] if stop else text)
        cut = len(body)
        if not stop:
            # Decode whole groups only: the characters after the last "z" come in fives.
            cut -= (len(body) - body.rfind(b"z") - 1) % 5
        try:
            decoded = a85decode(body[:cut])
        except ValueError:
            return
        pending = body[cut:]
        yield from _pieces(decoded)
        if stop:
            return
    if pending:
        try:
            yield from _pieces(a85decode(pending))
        except ValueError:
            return


def a85decode(data: bytes) -> bytes:
    """``base64.a85decode(data)``, vectorised with NumPy.

    The standard library decodes a group at a time in Python, a tenth of a second for a
    long report's pages; this gives the same bytes, and the same ``ValueError`` for a
    character out of range, a "z" inside a group or a group over 2**32 - 1.

    >>> a85decode(b"87cURD_*#4DfTZ)z") == b"Hello, World" + bytes(4)
    True
    """
    import numpy as np

    pieces = data.translate(None, b" \t\n\r\x0b").split(b"z")
    if any(len(piece) % 5 for piece in pieces[:-1]):
        raise ValueError("z inside Ascii85 5-tuple")
    body = b"!!!!!".join(pieces)
    tail = len(body) % 5
    padded = body + b"u" * ((5 - tail) % 5)
    digits = np.frombuffer(padded, dtype=np.uint8).astype(np.int64) - 33
    if digits.size and (digits.min() < 0 or digits.max() > 84):
        raise ValueError("Non-Ascii85 digit found")
    groups = digits.reshape(-1, 5)
    values = (((groups[:, 0] * 85 + groups[:, 1]) * 85 + groups[:, 2]) * 85 + groups[:, 3]) * 85
    values += groups[:, 4]
    if values.size and values.max() > 0xFFFFFFFF:
        raise ValueError("Ascii85 overflow")
    decoded: bytes = values.astype(">u4").tobytes()
    return decoded[: len(decoded) - (5 - tail) % 5] if tail else decoded


_DECODERS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "flate": _flate,
    "lzw": _lzw,
    "lzw0": _lzw_late,
    "asciihex": _asciihex,
    "ascii85": _ascii85,
    "runlength": _runlength,
}
