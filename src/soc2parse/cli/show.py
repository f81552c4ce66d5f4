"""``soc2parse show`` (one report) and ``soc2parse diff`` (two reports)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from soc2parse.cli.common import EXIT_FAILED, EXIT_OK, UsageError, _one_line, _parser_for
from soc2parse.cli.outputs import _naming, _open, _resolved

if TYPE_CHECKING:
    pass


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
