"""What every command shares: exit statuses, one-line errors, the parse function chosen."""

from __future__ import annotations

import argparse
import functools
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soc2parse.batch.guard import ParseFunction


EXIT_OK = 0


EXIT_FAILED = 1


EXIT_USAGE = 2


EXIT_INTERRUPTED = 130


EXIT_TERMINATED = 143


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit status 2."""


class OutputError(Exception):
    """An output could not be written whole: reported in one line, exit status 2."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(
            f"cannot write {path}: {reason}; no output was replaced "
            "(free space or raise the file-size limit, then run again)"
        )


class _Terminated(BaseException):
    """SIGTERM arrived: unwind as Ctrl-C does, stopping workers and discarding outputs."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def _parser_for(args: argparse.Namespace) -> ParseFunction | None:
    """``load`` with the chosen engine and OCR setting, or None for the defaults."""
    if args.engine == "pdfium" and args.ocr == "auto":
        return None
    from soc2parse.pipeline import load

    return functools.partial(load, engine=args.engine, ocr=args.ocr)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed, or no file behind it
        return False


def _one_line(error: BaseException) -> str:
    """``ErrorType: message`` on one line."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
