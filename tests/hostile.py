"""Parse functions that misbehave on purpose, for the batch's limits and recovery tests.

They stand in for ``soc2parse.load`` (same call shape) and are module-level so
that worker processes can import them by name. Each acts on sources whose
name says what to do, so one batch can mix well-behaved and hostile inputs.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from soc2parse import Report


def misbehave(source: Any, password: str | None = None) -> Report:
    """Act on the file name: ``spin``, ``sleep``, ``crash``, ``hog``, ``bug``; else a report.

    A name like ``"ok-3"`` gives a report whose sha256 encodes 3, so that tests
    can check outcomes come back in input order.
    """
    name = os.path.basename(str(source))
    if name.startswith("spin"):  # pure Python, interruptible by the in-thread timer
        while True:
            pass
    if name.startswith("sleep"):  # one long C call: only the parent's kill stops it
        time.sleep(3600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hog"):
        blocks = []
        while True:
            blocks.append(bytearray(64 * 2**20))
    if name.startswith("exit"):  # dies for a reason that is no memory: exit status N
        os._exit(int(name.split("-")[1]))
    if name.startswith("flaky"):  # dies the first time only (a marker file remembers)
        marker = f"{source}.died"
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(7)
    if name.startswith("bug"):
        raise KeyError("a bug in a stage")
    if name.startswith("slow"):
        time.sleep(float(name.split("-")[1]))
    return Report(source=name, sha256=name.rjust(64, "0")[-64:], page_count=1)


# --- filter chains: encoders for the inflation guard's tests -----------------------------


def lzw_encode(data: bytes) -> bytes:
    """PDF LZW (early change 1), with a clear code whenever the table fills."""
    table = {bytes([i]): i for i in range(256)}
    codes: list[tuple[int, int]] = [(256, 9)]
    width, following = 9, 258
    word = b""
    for value in data:
        longer = word + bytes([value])
        if longer in table:
            word = longer
            continue
        codes.append((table[word], width))
        if following < 4095:
            table[longer] = following
            following += 1
            if following >= 1 << width and width < 12:
                width += 1
        else:
            codes.append((256, width))
            table = {bytes([i]): i for i in range(256)}
            width, following = 9, 258
        word = bytes([value])
    if word:
        codes.append((table[word], width))
    codes.append((257, width))
    out = bytearray()
    buffer = bits = 0
    for code, size in codes:
        buffer = (buffer << size) | code
        bits += size
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
        buffer &= (1 << bits) - 1
    if bits:
        out.append((buffer << (8 - bits)) & 0xFF)
    return bytes(out)


def runlength_encode(data: bytes) -> bytes:
    """PDF RunLength: runs of one byte as repeats, the rest as literals, 128 to end."""
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while i + run < len(data) and run < 128 and data[i + run] == data[i]:
            run += 1
        if run > 1:
            out += bytes([257 - run, data[i]])
        else:
            out += bytes([0, data[i]])
        i += run
    return bytes(out + b"\x80")


def encode_chain(data: bytes, chain: list[str]) -> bytes:
    """``data`` encoded so that decoding with the filters of ``chain``, in order, gives it back."""
    import base64
    import zlib

    encoders = {
        "FlateDecode": lambda d: zlib.compress(d, 9),
        "LZWDecode": lzw_encode,
        "ASCIIHexDecode": lambda d: d.hex().encode() + b">",
        "ASCII85Decode": lambda d: base64.a85encode(d, wrapcol=72) + b"~>",
        "RunLengthDecode": runlength_encode,
    }
    for name in reversed(chain):
        data = encoders[name](data)
    return data


def stream_pdf(dictionary: bytes, payload: bytes, extra: bytes = b"") -> bytes:
    """A one-stream PDF body with the given stream dictionary entries (no pages)."""
    return (
        b"%%PDF-1.5\n1 0 obj\n<< /Length %d %s >>\nstream\n" % (len(payload), dictionary)
        + payload
        + b"\nendstream\nendobj\n"
        + extra
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
