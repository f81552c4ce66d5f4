"""The command line's entry point: the parser, its options and ``main``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import IO, TYPE_CHECKING, NoReturn

from soc2parse.cli.batch import _batch
from soc2parse.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    OutputError,
    UsageError,
    _isatty,
    _on_sigterm,
    _one_line,
    _Terminated,
)
from soc2parse.cli.show import _diff, _show

if TYPE_CHECKING:
    pass


_PASSWORD_ENV = "SOC2PARSE_PASSWORD"
_PROMPT = object()  # --password given without a value: ask for it


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    from soc2parse._version import __version__

    parser = _Parser(
        prog="soc2parse",
        description="Read SOC 1/2/3 audit reports (PDF) into structured results.",
        epilog="Exit status: 0 all files parsed, 1 some failed, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"soc2parse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    show = commands.add_parser(
        "show",
        help="summarize one report in the terminal",
        description="Print a readable summary of one report: opinion and the sentence it "
        "rests on, period, type, parties, categories, exceptions, warnings.",
    )
    show.add_argument("report", metavar="REPORT.pdf", help="the report to read")
    show.add_argument("--json", action="store_true", help="print the full report as JSON")
    _as_of_option(show)
    _common_options(show)

    diff = commands.add_parser(
        "diff",
        help="compare two reports of one organization",
        description="Compare an earlier report with a later one: opinion change, gap or "
        "overlap between the periods, exceptions repeated, remediated and new, and changes in "
        "categories, subservice organizations and CUECs.",
    )
    diff.add_argument("old", metavar="OLD.pdf", help="the earlier report")
    diff.add_argument("new", metavar="NEW.pdf", help="the later report")
    output = diff.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the comparison as JSON")
    output.add_argument(
        "--html", metavar="FILE", help="also write the comparison as an HTML page to FILE"
    )
    _common_options(diff)

    batch = commands.add_parser(
        "batch",
        help="parse many reports into one JSON Lines or CSV file",
        description="Parse PDF files and folders (searched recursively for *.pdf) into one "
        "output file, one entry per file; failed files are entries with their error.",
        epilog="Exit status: 0 all files parsed, 1 some failed, 2 usage error.",
    )
    batch.add_argument("paths", metavar="PATH", nargs="+", help="PDF files and folders")
    batch.add_argument(
        "--out",
        metavar="FILE",
        required=True,
        help="results, by extension: .jsonl (one JSON object per file), .csv (one row per "
        "file) or .xlsx (a workbook: reports, exceptions, controls, subservice organizations, "
        "CUECs, review flags and a summary; needs openpyxl)",
    )
    batch.add_argument(
        "--exceptions",
        metavar="FILE.csv",
        help="also write one CSV row per exception, with its ratios and management's response",
    )
    batch.add_argument(
        "--workers",
        type=_positive_int,
        default=_default_workers(),
        metavar="N",
        help="worker processes (default: %(default)s, the CPUs available)",
    )
    batch.add_argument(
        "--max-memory",
        type=_memory,
        default=2048,
        metavar="MIB",
        help="memory ceiling of each worker in MiB, 0 for none (default: %(default)s)",
    )
    batch.add_argument(
        "--cache",
        metavar="DIR",
        help="keep each parsed report in DIR, keyed by the file's SHA-256, the soc2parse "
        "version and the engine; a later run reads unchanged files from there",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="keep each report as it is parsed (in --cache DIR, else in a folder beside --out); "
        "after an interruption the same command with --resume parses only the files not yet "
        "kept",
    )
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress, only the summary")
    _as_of_option(batch)
    _common_options(batch)
    return parser


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day report age, bridge letters and flags are measured on (default: today)",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password",
        nargs="?",
        const=_PROMPT,
        metavar="PASSWORD",
        help=f"password for encrypted PDFs; without a value it is asked for "
        f"(or set {_PASSWORD_ENV})",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=300.0,
        metavar="S",
        help="seconds one file may take, 0 for no limit (default: %(default)g)",
    )
    parser.add_argument(
        "--engine",
        choices=("pdfium", "pdfplumber"),
        default="pdfium",
        help="character source: pdfium (fast, the default) or pdfplumber (the reference, "
        "many times slower; for checking a result)",
    )
    parser.add_argument(
        "--ocr",
        choices=("auto", "on", "off"),
        default="auto",
        help="read pages that hold images but no text (scans) with OCR: auto (when the ocr "
        "extra and Tesseract are installed, the default), on (fail if they are not), off",
    )


def _default_workers() -> int:
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return max(1, cpus or 1)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0:  # negative, or NaN
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, got {text}")
    return value or None


def _memory(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of MiB") from None
    if value == 0:
        return None
    if value < 64:
        raise argparse.ArgumentTypeError(f"must be 0 (no ceiling) or at least 64 MiB, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        # systemd, Kubernetes and timeout(1) stop a program with SIGTERM: treat it as Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise UsageError("choose a command: show, diff or batch (see 'soc2parse --help')")
        password = _password(args.password)
        if args.command == "show":
            return _show(args, password)
        if args.command == "diff":
            return _diff(args, password)
        return _batch(args, password)
    except (UsageError, OutputError) as error:
        print(f"soc2parse: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as stop:
        print(_stopped("interrupted", stop, sys.stderr), file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated as stop:
        print(_stopped("terminated", stop, sys.stderr), file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other commands do.
        _silence_stdout()
        return EXIT_FAILED
    except SystemExit as leaving:  # --help and --version
        return leaving.code if isinstance(leaving.code, int) else EXIT_OK
    except Exception as error:
        if os.environ.get("SOC2PARSE_DEBUG"):
            raise
        print(_one_line(error), file=sys.stderr)
        return EXIT_FAILED


def _stopped(how: str, stop: BaseException, stream: IO[str]) -> str:
    """The message for an interrupted or terminated run, on a line of its own.

    On a terminal the cursor may stand after a progress bar or the ``^C`` the terminal
    echoed, so the message starts with a newline there.
    """
    note = getattr(stop, "soc2parse_note", "")
    start = "\n" if _isatty(stream) else ""
    return f"{start}soc2parse: {how}{note}"


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _password(given: object) -> str | None:
    if given is _PROMPT:
        if not sys.stdin.isatty():
            raise UsageError(
                f"--password without a value needs a terminal to ask on; "
                f"pass the value or set {_PASSWORD_ENV}"
            )
        return getpass.getpass("PDF password: ")
    if isinstance(given, str):
        return given
    return os.environ.get(_PASSWORD_ENV) or None


# --- show -------------------------------------------------------------------------------
