"""Errors raised by soc2parse.

The hierarchy::

    Soc2ParseError (Exception)
    ├── SourceUnreadableError (+ OSError)   the file cannot be opened or read at all
    ├── NotAPdfError (+ ValueError)         not a PDF, or truncated/corrupt beyond repair
    ├── EncryptedPdfError (+ PermissionError)  a password is needed, or the one given is wrong
    ├── NoTextLayerError (+ ValueError)     pages hold images but no text (needs OCR)
    ├── NotASocReportError (+ ValueError)   a readable PDF that is no SOC 1/2/3 report
    └── ResourceLimitError (+ RuntimeError) the file exceeds a safety limit
        └── ParseTimeoutError (+ TimeoutError)  parsing ran past the time limit

Each error subclasses a builtin as well, so ``except ValueError`` keeps working
for callers who do not know soc2parse. Every message names the file and says
what to do next. Missing or ambiguous *content* is never an error: it is an
``unknown`` value plus a warning on the report.
"""

from __future__ import annotations

__all__ = [
    "EncryptedPdfError",
    "NoTextLayerError",
    "NotAPdfError",
    "NotASocReportError",
    "ParseTimeoutError",
    "ResourceLimitError",
    "Soc2ParseError",
    "SourceUnreadableError",
]


class Soc2ParseError(Exception):
    """Root of every error soc2parse raises.

    Attributes:
        source: the file name or path given, or a placeholder for bytes and streams.
        reason: the message without the file name.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[type[Soc2ParseError], tuple[str, str]]:
        # Keep errors picklable so process pools can hand them back.
        return (type(self), (self.source, self.reason))


class SourceUnreadableError(Soc2ParseError, OSError):
    """The source could not be opened or read (missing file, no permission, a folder)."""


class NotAPdfError(Soc2ParseError, ValueError):
    """The bytes are not a PDF, or are truncated or corrupt beyond repair."""


class EncryptedPdfError(Soc2ParseError, PermissionError):
    """The PDF needs a password to open, or the password given is wrong."""


class NoTextLayerError(Soc2ParseError, ValueError):
    """The PDF's pages hold images but no text: it needs OCR first."""


class NotASocReportError(Soc2ParseError, ValueError):
    """A readable PDF that is not a SOC 1, SOC 2 or SOC 3 report."""


class ResourceLimitError(Soc2ParseError, RuntimeError):
    """The input exceeds a safety limit (pages, page size, decompressed size, memory)."""


class ParseTimeoutError(ResourceLimitError, TimeoutError):
    """Parsing ran past the per-file time limit."""
