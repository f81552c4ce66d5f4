"""The ``soc2parse`` command: ``show`` one report, ``diff`` two, ``batch`` many into JSON Lines,
CSV or a workbook.

Exit status: 0 when every file parsed, 1 when some failed, 2 for usage errors
(bad arguments, a missing input path, an output that cannot be written, or one
that could not be written whole: then none is replaced), 130 when interrupted
(Ctrl-C), 143 when terminated (SIGTERM); either way worker processes are
stopped and no output is replaced. Errors print one line, ``ErrorType: message``, never a
traceback (set ``SOC2PARSE_DEBUG=1`` to see one). Only the standard library is
imported before a file is parsed, so ``soc2parse --help`` is instant.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import getpass
import io
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

__all__ = ["main"]

if TYPE_CHECKING:
    from soc2parse.batch.cache import ResultCache
    from soc2parse.batch.guard import ParseFunction

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_PASSWORD_ENV = "SOC2PARSE_PASSWORD"
_PROMPT = object()  # --password given without a value: ask for it


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


def _parser_for(args: argparse.Namespace) -> ParseFunction | None:
    """``load`` with the chosen engine and OCR setting, or None for the defaults."""
    if args.engine == "pdfium" and args.ocr == "auto":
        return None
    from soc2parse.pipeline import load

    return functools.partial(load, engine=args.engine, ocr=args.ocr)


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


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed, or no file behind it
        return False


def _one_line(error: BaseException) -> str:
    """``ErrorType: message`` on one line."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


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


def _show(args: argparse.Namespace, password: str | None) -> int:
    from soc2parse.batch.guard import parse_guarded
    from soc2parse.outputs.display import report_to_text

    _check_pdf_argument(args.report, "show")
    result = parse_guarded(args.report, password, args.timeout, _parser_for(args))
    if result.report is None:
        assert result.error is not None
        print(_one_line(result.error), file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        sys.stdout.write(result.report.to_json() + "\n")
    else:
        width = min(shutil.get_terminal_size((100, 24)).columns, 120) - 2
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text = report_to_text(result.report, width=width, colour=colour, as_of=args.as_of)
        sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return EXIT_OK


def _check_pdf_argument(given: str, command: str) -> None:
    path = Path(given)
    if not path.exists():
        raise UsageError(f"no such file: {given}")
    if path.is_dir():
        raise UsageError(f"{given} is a folder; {command} reads PDF files (batch reads folders)")


# --- diff -------------------------------------------------------------------------------


def _diff(args: argparse.Namespace, password: str | None) -> int:
    from soc2parse.batch.guard import parse_guarded
    from soc2parse.review.compare import compare, comparison_to_html

    for given in (args.old, args.new):
        _check_pdf_argument(given, "diff")
    html_out = Path(args.html) if args.html else None
    if html_out is not None:
        if _resolved(html_out) in {_resolved(Path(args.old)), _resolved(Path(args.new))}:
            raise UsageError(f"{html_out} is one of the inputs; choose another output file")
        if html_out.is_dir():
            raise UsageError(f"{html_out} is a folder; give a file name")
    reports = []
    for given in (args.old, args.new):
        result = parse_guarded(given, password, args.timeout, _parser_for(args))
        if result.report is None:
            assert result.error is not None
            print(_one_line(result.error), file=sys.stderr)
            return EXIT_FAILED
        reports.append(result.report)
    comparison = compare(reports[0], reports[1])
    if html_out is not None:
        output = _open(html_out)
        try:
            with _naming(html_out):
                output.file.write(_html_page(comparison_to_html(comparison)))
                output.commit()
        except BaseException:
            output.discard()
            raise
    if args.json:
        sys.stdout.write(comparison.to_json() + "\n")
    else:
        width = min(shutil.get_terminal_size((100, 24)).columns, 120) - 2
        sys.stdout.write(comparison.to_text(width=width) + "\n")
        if html_out is not None:
            sys.stdout.write(f"\nWrote {html_out}.\n")
    sys.stdout.flush()
    return EXIT_OK


def _html_page(body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>soc2parse diff</title></head><body>\n" + body + "\n</body></html>\n"
    )


# --- batch ------------------------------------------------------------------------------


def _batch(args: argparse.Namespace, password: str | None) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".jsonl", ".csv", ".xlsx"):
        raise UsageError(
            f"--out {args.out}: the file name must end in .jsonl or .csv (or .xlsx for a workbook)"
        )
    if out.suffix.lower() == ".xlsx":
        from soc2parse.outputs.xlsx import missing_openpyxl

        missing = missing_openpyxl()
        if missing is not None:
            raise UsageError(f"--out {args.out}: {missing}")
    exceptions = Path(args.exceptions) if args.exceptions else None
    if exceptions is not None and exceptions.suffix.lower() != ".csv":
        raise UsageError(f"--exceptions {args.exceptions}: the file name must end in .csv")
    inputs = find_pdfs(args.paths)
    _check_outputs(out, exceptions, inputs)
    as_of = args.as_of or date.today()
    cache = _cache_for(args, out)

    from soc2parse.batch.many import load_many
    from soc2parse.outputs.csvfile import AtomicFile

    def parse_many(sources: Iterable[str]) -> Iterator[Any]:
        return load_many(
            sources,
            workers=args.workers,
            password=password,
            timeout=args.timeout,
            max_memory=args.max_memory * 2**20 if args.max_memory else None,
            engine=args.engine,
            ocr=args.ocr,
        )

    outputs: list[AtomicFile] = []
    progress = _Progress(len(inputs), sys.stderr, quiet=args.quiet)
    try:
        outputs.append(_open(out))
        if exceptions is not None:
            outputs.append(_open(exceptions))
        writer = _Writer(outputs[0], outputs[1] if exceptions is not None else None, as_of)
        tally = _Tally(as_of)
        started = time.monotonic()
        for outcome, cached in _outcomes([str(p) for p in inputs], cache, parse_many):
            if cache is not None and outcome.report is not None and not cached:
                cache.put(outcome.report)
            writer.write(outcome)
            tally.add(outcome, cached=cached)
            progress.update(outcome, cached=cached)
        progress.close()
        writer.finish()
        # Every output durable first, then all renamed: both replaced, or neither.
        for output in outputs:
            with _naming(output.path):
                output.prepare()
        for output in outputs:
            with _naming(output.path):
                output.commit()
    except BaseException as stop:
        progress.close()
        for output in outputs:
            output.discard()
        if cache is not None and isinstance(stop, (KeyboardInterrupt, _Terminated)):
            kept = len(cache.entries())
            again = "--resume" if args.resume else f"--cache {cache.folder}"
            stop.soc2parse_note = (  # type: ignore[union-attr]
                f"; {_count(kept, 'parsed report')} kept in {cache.folder}: run the same "
                f"command with {again} to parse only the rest"
            )
        raise
    if args.resume and not args.cache and cache is not None:
        cache.remove()  # the resume folder has served its purpose
    print(tally.summary(time.monotonic() - started, writer))
    return EXIT_FAILED if tally.failed else EXIT_OK


def _cache_for(args: argparse.Namespace, out: Path) -> ResultCache | None:
    """The cache a batch reads and fills: ``--cache DIR``, else the resume folder, else none.

    Raises:
        UsageError: the folder cannot be created.
    """
    if args.cache:
        folder = Path(args.cache)
    elif args.resume:
        folder = resume_folder(out)
    else:
        return None
    from soc2parse.batch.cache import ResultCache

    try:
        return ResultCache(folder, {"engine": args.engine})
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot use {folder} as a cache: {reason}") from None


def resume_folder(out: Path) -> Path:
    """Where ``--resume`` keeps parsed reports without ``--cache``: ``.NAME.resume`` beside ``out``.

    >>> resume_folder(Path("runs/results.csv")).as_posix()
    'runs/.results.csv.resume'
    """
    return out.parent / f".{out.name}.resume"


def _outcomes(
    names: list[str],
    cache: ResultCache | None,
    parse_many: Callable[[Iterable[str]], Iterator[Any]],
) -> Iterator[tuple[Any, bool]]:
    """Each input's outcome, in input order, and whether it came from the cache.

    Cached files are looked up first (by their bytes' digest); only the rest are parsed.
    """
    from soc2parse._outcome import Outcome

    hits: dict[int, Any] = {}
    if cache is not None:
        for index, name in enumerate(names):
            report = cache.get(name, name)
            if report is not None:
                hits[index] = report
    misses = [name for index, name in enumerate(names) if index not in hits]
    parsed = parse_many(misses) if misses else iter(())
    for index, name in enumerate(names):
        if index in hits:
            yield Outcome(name, hits[index], None, 0.0), True
        else:
            yield next(parsed), False


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into an :class:`OutputError` naming it."""
    try:
        yield
    except OSError as error:
        raise OutputError(path, error) from None


def find_pdfs(paths: Sequence[str]) -> list[Path]:
    """The files to parse: files as given, folders searched recursively for ``*.pdf``.

    Raises:
        UsageError: a path does not exist, or no PDF was found at all.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for pdf in sorted(_walk_pdfs(path)):
                found.setdefault(_resolved(pdf), pdf)
        elif path.exists() or path.is_symlink():
            # A broken link or a link loop is one failed file, not the end of the batch.
            found.setdefault(_resolved(path), path)
        else:
            raise UsageError(f"no such file or folder: {given}")
    if not found:
        raise UsageError(f"no PDF files found in {', '.join(paths)}")
    return list(found.values())


def _resolved(path: Path) -> Path:
    """``path`` made absolute with links followed where they lead anywhere (a loop does not)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before 3.13)
        return path.absolute()


def _walk_pdfs(folder: Path) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        # Files in a folder that cannot be listed would vanish silently: say so.
        reason = error.strerror or str(error)
        print(f"soc2parse: warning: cannot read {error.filename}: {reason}", file=sys.stderr)

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in files:
            if name.lower().endswith(".pdf"):
                yield Path(root) / name


def _check_outputs(out: Path, exceptions: Path | None, inputs: list[Path]) -> None:
    targets = [out] if exceptions is None else [out, exceptions]
    if exceptions is not None and _resolved(out) == _resolved(exceptions):
        raise UsageError("--out and --exceptions name the same file")
    sources = {_resolved(p) for p in inputs}
    for target in targets:
        if _resolved(target) in sources:
            raise UsageError(f"{target} is one of the inputs; choose another output file")
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a file name")


def _open(path: Path) -> Any:
    from soc2parse.outputs.csvfile import AtomicFile

    try:
        return AtomicFile(path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write {path}: {reason}") from None


class _Writer:
    """Streams each outcome into the output files as it arrives."""

    def __init__(self, out: Any, exceptions: Any | None, as_of: date) -> None:
        from soc2parse.outputs.csvfile import CsvTable
        from soc2parse.outputs.rows import EXCEPTION_COLUMNS, REPORT_COLUMNS

        self.as_of = as_of
        self.out_path: Path = out.path
        self.exceptions_path: Path | None = exceptions.path if exceptions else None
        self._out = out.file
        suffix = self.out_path.suffix.lower()
        self._jsonl = suffix == ".jsonl"
        self._book: Any = None
        if suffix == ".xlsx":
            from soc2parse.outputs.xlsx import Workbook

            self._book = Workbook(as_of)
        self._table = None if self._jsonl or self._book else CsvTable(self._out, REPORT_COLUMNS)
        self._exceptions = CsvTable(exceptions.file, EXCEPTION_COLUMNS) if exceptions else None
        self.rows = 0
        self.exception_rows = 0

    def write(self, outcome: Any) -> None:
        from soc2parse.outputs.rows import exception_rows, report_row

        self.rows += 1
        with _naming(self.out_path):
            if self._jsonl:
                entry = _json_entry(outcome, self.as_of)
                self._out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            elif self._book is not None:
                self._book.add(outcome.name, outcome.report, outcome.error)
            else:
                assert self._table is not None
                row = report_row(outcome.name, outcome.report, outcome.error, as_of=self.as_of)
                self._table.write(row)
        if self._exceptions is not None and outcome.report is not None:
            assert self.exceptions_path is not None
            with _naming(self.exceptions_path):
                for row in exception_rows(outcome.name, outcome.report):
                    self._exceptions.write(row)
                    self.exception_rows += 1

    def finish(self) -> None:
        """Write what is gathered in memory (the workbook) once every outcome is in."""
        if self._book is None:
            return
        self._out.flush()
        binary = self._out.buffer if isinstance(self._out, io.TextIOWrapper) else None
        if binary is None:  # pragma: no cover - AtomicFile always gives a TextIOWrapper
            raise OSError(f"cannot write a workbook to {self.out_path}")
        with _naming(self.out_path):
            self._book.save(binary)

    def notes(self) -> list[str]:
        """Extra summary lines: the most common subservice organizations in a workbook batch."""
        if self._book is None:
            return []
        from soc2parse.text.clean import clean

        top = self._book.summary_rows()[:5]
        if not top:
            return []
        named = ", ".join(
            f"{clean(str(row['subservice_organization']))} ({row['vendors']})" for row in top
        )
        return [f"Most named subservice organizations (vendors): {named}."]


def _json_entry(outcome: Any, as_of: date) -> dict[str, Any]:
    """One JSON Lines entry: the file, its status or error, the review facts and the report.

    The review facts are the CSV's columns of the same names, null for a failed file.
    """
    from soc2parse.review.columns import REVIEW_COLUMNS, review_facts

    error = outcome.error
    report = outcome.report
    entry: dict[str, Any] = {
        "file": outcome.name,
        "status": "parsed" if report is not None else "failed",
        "error": None if error is None else {"type": type(error).__name__, "message": error.reason},
    }
    if report is None:
        entry.update(dict.fromkeys(REVIEW_COLUMNS))
    else:
        entry.update(review_facts(report, as_of).to_dict())
    entry["report"] = report.to_dict() if report is not None else None
    return entry


def _count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, in the plural unless it is one.

    >>> _count(1, "report"), _count(2, "exception"), _count(0, "file")
    ('1 report', '2 exceptions', '0 files')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _vendor(outcome: Any) -> str:
    """A vendor as the summary names it: its organization, else the file's name."""
    from soc2parse.text.clean import clean

    report = outcome.report
    return clean(report.service_organization or Path(outcome.name).name)


class _Tally:
    """Counts, and the vendors a reviewer turns to first, for the summary at the end of a batch."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.parsed = 0
        self.cached = 0
        self.failed: list[str] = []
        self.exceptions = 0
        self.opinions: Counter[str] = Counter()
        self.with_exceptions: list[str] = []
        self.modified: list[str] = []
        self.stale: list[str] = []
        self.bridge: list[str] = []

    def add(self, outcome: Any, *, cached: bool = False) -> None:
        from soc2parse._model import OpinionKind
        from soc2parse.review.age import report_age

        report = outcome.report
        if report is None:
            self.failed.append(_one_line(outcome.error))
            return
        self.parsed += 1
        self.cached += cached
        kind = report.opinion.kind
        self.opinions[kind.value] += 1
        vendor = _vendor(outcome)
        if report.has_exceptions:
            self.with_exceptions.append(f"{vendor} ({report.exception_count})")
            self.exceptions += report.exception_count
        if kind not in (OpinionKind.UNQUALIFIED, OpinionKind.UNKNOWN):
            self.modified.append(f"{vendor} ({kind.value})")
        age = report_age(report, self.as_of)
        if age.stale:
            self.stale.append(f"{vendor} (period ended {age.period_end})")
        elif age.bridge_letter_due:
            self.bridge.append(f"{vendor} (period ended {age.period_end})")

    def summary(self, seconds: float, writer: _Writer) -> str:
        from soc2parse._model import OpinionKind
        from soc2parse.text.clean import clean

        total = self.parsed + len(self.failed)
        order = [k.value for k in OpinionKind]
        opinions = ", ".join(f"{k} {self.opinions[k]}" for k in order if self.opinions[k])
        cached = f" ({self.cached} from the cache)" if self.cached else ""
        lines = [
            f"Parsed {self.parsed} of {_count(total, 'file')} in {seconds:.1f} s{cached}; "
            f"{len(self.failed)} failed.",
            f"Opinions: {opinions or 'none'}.",
        ]
        day = self.as_of.isoformat()
        for heading, vendors, extra in (
            ("With exceptions", self.with_exceptions, f" ({_count(self.exceptions, 'exception')})"),
            ("Modified opinion", self.modified, ""),
            (f"Stale on {day}", self.stale, ""),
            (f"Bridge letter due on {day}", self.bridge, ""),
        ):
            line = f"{heading}: {_count(len(vendors), 'report')}{extra}"
            lines.append(line + (f": {', '.join(vendors)}." if vendors else "."))
        if self.failed:
            lines.append("Failed:")
            lines += [f"  {clean(line)}" for line in self.failed]
        wrote = f"Wrote {writer.out_path} ({_count(writer.rows, 'entry', 'entries')})"
        if writer.exceptions_path is not None:
            wrote += f" and {writer.exceptions_path} ({_count(writer.exception_rows, 'exception')})"
        lines.append(wrote + ".")
        lines += writer.notes()
        return "\n".join(lines)


def _fit(line: str, width: int) -> str:
    """``line`` cut to fit ``width`` columns, with an ellipsis where it was cut.

    >>> _fit("[2/3] failed b.pdf: NotAPdfError: is not a PDF", 24)
    '[2/3] failed b.pdf: Not…'
    >>> _fit("short", 24)
    'short'
    """
    if len(line) <= width:
        return line
    return line[: max(0, width - 1)] + "…"


class _Progress:
    """A one-line bar on a terminal; one plain line per file otherwise."""

    def __init__(self, total: int, stream: IO[str], *, quiet: bool) -> None:
        self.total = total
        self.stream = stream
        self.quiet = quiet
        self.bar = _isatty(stream) and not quiet
        self.done = 0
        self.failed = 0
        self._drawn = False

    def update(self, outcome: Any, *, cached: bool = False) -> None:
        from soc2parse.text.clean import clean

        self.done += 1
        if outcome.report is None:
            self.failed += 1
        if self.quiet:
            return
        counter = f"[{self.done}/{self.total}]"
        if outcome.report is None:
            error = outcome.error
            line = f"{counter} failed {clean(outcome.name)}: {type(error).__name__}: "
            line += clean(error.reason)
        elif cached:
            line = f"{counter} cached {clean(outcome.name)}"
        else:
            line = f"{counter} parsed {clean(outcome.name)} ({outcome.seconds:.1f} s)"
        if not self.bar:
            print(line, file=self.stream, flush=True)
            return
        # The last column is left free: writing into it wraps some terminals.
        width = shutil.get_terminal_size((80, 24)).columns - 1
        if outcome.report is None:
            # Failures stay on screen above the bar.
            self.stream.write("\r\x1b[K" + _fit(line, width) + "\n")
        filled = int(24 * self.done / max(1, self.total))
        bar = f"[{'#' * filled}{'-' * (24 - filled)}] {self.done}/{self.total}"
        if self.failed:
            bar += f" · {self.failed} failed"
        bar += f" · {clean(Path(outcome.name).name)}"
        self.stream.write("\r\x1b[K" + _fit(bar, width))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the bar, leaving the cursor at the start of an empty line."""
        if self.bar and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
