"""The outputs of a command: opened beside their targets, committed together or not at all."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2parse.cli.common import OutputError, UsageError

if TYPE_CHECKING:
    pass


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into an :class:`OutputError` naming it."""
    try:
        yield
    except OSError as error:
        raise OutputError(path, error) from None


def _resolved(path: Path) -> Path:
    """``path`` made absolute with links followed where they lead anywhere (a loop does not)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before 3.13)
        return path.absolute()


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
