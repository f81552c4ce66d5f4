"""What became of one input of a batch, and the name a source is known by (ground floor)."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import attrs

from soc2parse._errors import Soc2ParseError
from soc2parse._model import Report

__all__ = ["Outcome", "display_name"]


def display_name(source: Any) -> str:
    """The name errors use for ``source``: its path, or a digest for bytes and streams."""
    if isinstance(source, (str, os.PathLike)):
        try:
            return os.fsdecode(os.fspath(source)).replace("\0", "\\0")
        except (TypeError, ValueError):
            return repr(source)[:80]
    if isinstance(source, (bytes, bytearray, memoryview)):
        try:
            # bytes() first: hashlib refuses a strided (non-contiguous) memoryview.
            digest = hashlib.sha256(bytes(source)).hexdigest()
        except (ValueError, TypeError, BufferError):
            return "<bytes>"
        return f"<pdf sha256:{digest[:12]}>"
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


@attrs.frozen
class Outcome:
    """What became of one input of :func:`load_many`.

    Attributes:
        source: the input as it was given (a path, bytes or a stream).
        report: the parsed report, or None when parsing failed.
        error: why it failed (a :class:`Soc2ParseError`), or None.
        seconds: how long parsing took.
    """

    source: Any = attrs.field(repr=lambda s: repr(display_name(s)))
    report: Report | None
    error: Soc2ParseError | None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the report was parsed."""
        return self.report is not None

    @property
    def name(self) -> str:
        """The input's path, or a short stand-in for bytes and streams."""
        return display_name(self.source)
