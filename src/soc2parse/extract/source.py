"""Source reading: a path, bytes or binary stream made into the PDF's bytes, within limits.

This module owns :func:`read_source` (only regular files are opened, never more than
``Limits.max_bytes + 1`` bytes are read, and every failure becomes a
:class:`~soc2parse.SourceUnreadableError` or :class:`~soc2parse.ResourceLimitError` naming
the file) and :func:`check_pdf_header`, which turns away input that does not start like a
PDF before any PDF library sees it, with a hint for a file name passed as bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from typing import Any

import regex

from soc2parse._errors import (
    NotAPdfError,
    ResourceLimitError,
    Soc2ParseError,
    SourceUnreadableError,
)
from soc2parse._limits import DEFAULT_LIMITS, Limits

__all__ = ["check_pdf_header", "read_source"]


def read_source(source: Any, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, str, bytes]:
    """Read a path, bytes or binary stream into ``(source name, display name, bytes)``.

    Only regular files are read (a device, pipe or socket is refused before any read), and
    never more than ``limits.max_bytes + 1`` bytes of anything.

    Raises:
        SourceUnreadableError: the file is missing, unreadable, a folder or no regular file;
            the stream fails; the source is of no readable kind.
        ResourceLimitError: the input is larger than ``limits.max_bytes``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        try:
            data = bytes(source)  # copies a strided or typed view as its bytes, in order
        except (ValueError, TypeError, BufferError) as error:
            raise SourceUnreadableError(
                "<bytes>", f"the buffer cannot be read ({error}); pass the PDF's bytes"
            ) from None
        name: str | None = None
    elif isinstance(source, (str, os.PathLike)):
        try:
            name = os.fsdecode(os.fspath(source))
        except (TypeError, ValueError) as error:
            raise SourceUnreadableError(
                repr(source)[:80], f"is not a usable path ({error}); pass a str or Path"
            ) from None
        data = _read_file(name, limits)
    elif hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        try:
            data = source.read(limits.max_bytes + 1)
        except Exception as error:  # a caller's stream may raise anything
            raise SourceUnreadableError(
                name or "<stream>",
                f"the stream cannot be read ({type(error).__name__}: {error}"[:200]
                + "); pass the bytes instead",
            ) from None
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise SourceUnreadableError(
                name or "<stream>", "the stream gives text, not bytes; open the file with 'rb'"
            )
    else:
        raise SourceUnreadableError(
            repr(source)[:80],
            "is not a path, bytes or a binary file object; pass one of those",
        )
    digest = hashlib.sha256(data).hexdigest()
    display = name or f"<pdf sha256:{digest[:12]}>"
    if len(data) > limits.max_bytes:
        raise ResourceLimitError(display, _too_big(len(data), limits))
    return name, digest, data


# Opened without blocking (a named pipe would wait for a writer) and never inherited.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_file(name: str, limits: Limits) -> bytes:
    """The bytes of the regular file ``name``, at most ``limits.max_bytes + 1`` of them."""
    shown = name.replace("\0", "\\0")
    if "\0" in name:
        raise SourceUnreadableError(
            shown, "the path contains a NUL character, which no file name can; check the path"
        )
    try:
        handle = os.open(name, _OPEN_FLAGS)
    except FileNotFoundError:
        raise SourceUnreadableError(name, "no such file; check the path") from None
    except PermissionError:
        raise SourceUnreadableError(
            name, "permission denied; check the file's read permissions"
        ) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise SourceUnreadableError(name, f"cannot be opened ({reason}); check the path") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise SourceUnreadableError(
                name, "is a folder, not a PDF; pass the PDF files in it (or use load_many)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise SourceUnreadableError(
                name,
                "is not a regular file (a device, pipe or socket); copy the report into a "
                "file and pass that",
            )
        if info.st_size > limits.max_bytes:
            raise ResourceLimitError(name, _too_big(info.st_size, limits))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(limits.max_bytes + 1)
    except OSError as error:
        if isinstance(error, Soc2ParseError):
            raise
        raise SourceUnreadableError(
            name, f"cannot be read ({error.strerror or error}); check the file"
        ) from None
    finally:
        os.close(handle)


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"is {size:,} bytes, over the {limits.max_bytes:,}-byte limit; "
        "raise Limits.max_bytes if the file is trusted"
    )


def check_pdf_header(display: str, data: bytes) -> None:
    """Reject input that does not start like a PDF (real files may have junk before ``%PDF-``)."""
    if b"%PDF-" not in data[:1024]:
        kind = "is empty" if not data else "is not a PDF (no %PDF- header)"
        if _PATH_LIKE.fullmatch(data[:4096]):
            raise NotAPdfError(
                display,
                f"{kind}; these bytes look like a file name: pass the path as a str or "
                "pathlib.Path, not as bytes",
            )
        raise NotAPdfError(display, f"{kind}; check that the file is the report's PDF")


# Bytes that read as a file name ending in ".pdf" ("report.pdf", "/data/x.PDF"): a caller
# who passed a name as bytes.
_PATH_LIKE = regex.compile(
    rb"\s* [^\x00-\x1f<>]{0,4000} \.pdf \s*", regex.VERBOSE | regex.IGNORECASE
)
