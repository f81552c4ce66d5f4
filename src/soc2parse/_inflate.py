"""Decompression-bomb guard, run before any PDF library sees the bytes.

A decompression bomb is a small PDF whose Flate streams inflate to gigabytes;
PDF libraries inflate a whole stream into memory when a page is drawn or read.
This guard inflates every Flate stream (plain, or under an ASCII85 layer)
incrementally, never holding more than one inflated chunk, and stops at the
first stream (or total) over the limit.
"""

from __future__ import annotations

import base64
import zlib

import regex

from soc2parse._errors import ResourceLimitError

__all__ = ["check_inflation"]

# "stream" followed by CRLF or LF starts a stream's data (PDF 32000-1, 7.3.8.1).
_STREAM = regex.compile(rb"stream\r?\n")
_CHUNK = 1 << 16
# Deflate cannot inflate past 1032 bytes per input byte (a 258-byte match in two bits), so
# a file too small to reach a limit even if it were all one Flate stream needs no measuring.
_DEFLATE_MAX_RATIO = 1032


# ASCII85-encoded data (reportlab's default: /Filter [/ASCII85Decode /FlateDecode]).
_ASCII85 = regex.compile(rb"(?:<~)?[!-uz\s]{16}")
_ASCII85_END = b"~>"


def _unwrapped(data: bytes, start: int) -> tuple[bytes, int] | None:
    """The Flate data of the stream at ``start`` and where it begins, or None if not Flate.

    Plain Flate streams are read in place; an ASCII85 layer over Flate is decoded first
    (its compressed bytes are no larger than the file).
    """
    if _zlib_header(data[start : start + 2]):
        return data, start
    if not _ASCII85.match(data, start):
        return None
    # Only within this stream: an unencoded content stream looks like ASCII85 too.
    stop = data.find(b"endstream", start)
    end = data.find(_ASCII85_END, start, stop if stop >= 0 else len(data))
    if end < 0:
        return None
    body = data[start:end].removeprefix(b"<~")
    try:
        decoded = base64.a85decode(body, ignorechars=b" \t\n\r\x0b\x0c")
    except ValueError:
        return None
    return (decoded, 0) if _zlib_header(decoded[:2]) else None


def _zlib_header(head: bytes) -> bool:
    """True when two bytes open a zlib stream: method 8 (deflate) and a valid check value."""
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """Bytes a zlib stream starting at ``start`` inflates to, counting no further than ``cap``."""
    inflater = zlib.decompressobj()
    total = 0
    position = start
    end = len(data)
    try:
        while position < end and total <= cap:
            chunk = data[position : position + _CHUNK]
            position += _CHUNK
            out = inflater.decompress(chunk, cap + 1 - total)
            total += len(out)
            while inflater.unconsumed_tail and total <= cap:
                out = inflater.decompress(inflater.unconsumed_tail, cap + 1 - total)
                total += len(out)
            if inflater.eof:
                break
    except zlib.error:
        # Not a Flate stream (or encrypted, or damaged): the PDF library decides about it.
        return total
    return total


def check_inflation(display: str, data: bytes, *, max_stream: int, max_total: int) -> int:
    """Raise :class:`ResourceLimitError` when the file's streams inflate beyond the limits.

    Args:
        display: the file's name for messages.
        data: the PDF's bytes.
        max_stream: the most bytes one stream may inflate to.
        max_total: the most bytes all streams together may inflate to.

    Returns:
        The total inflated size of the Flate streams found, or 0 when the file is too small
        to reach either limit (then nothing is inflated).
    """
    if _cannot_reach(data, min(max_stream, max_total)):
        return 0
    total = 0
    for match in _STREAM.finditer(data):
        found = _unwrapped(data, match.end())
        if found is None:
            continue
        size = _inflated_size(*found, min(max_stream, max_total - total))
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


def _cannot_reach(data: bytes, limit: int) -> bool:
    """True when no Flate layer in ``data`` can inflate past ``limit`` bytes.

    Every byte of the file counted as compressed input, and every "z" (four zero bytes in
    ASCII85) as four.
    """
    most = (len(data) + 3 * data.count(b"z")) * _DEFLATE_MAX_RATIO + 1024
    return most <= limit
