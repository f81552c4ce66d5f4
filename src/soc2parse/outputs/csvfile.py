"""Safe output files: atomic writes and CSV cells that cannot become formulas.

Report text comes from untrusted PDFs. A spreadsheet treats a cell that starts
with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or carriage
return before one) as a formula, so a hostile report could plant
``=HYPERLINK(...)`` or a DDE call in the CSV an analyst opens. Such cells get
a leading single quote, the escape spreadsheets themselves use (OWASP's advice
for CSV injection). Full-width look-alikes (``＝``) are escaped too, since some
programs fold them to ASCII.

Every output is written to a temporary file beside the target and moved into
place with ``os.replace`` only when complete, so a killed batch never leaves
a half-written file under the requested name. A file replaced keeps its
permissions; a new one gets those the process umask gives. Outputs written
together are made durable first (:meth:`AtomicFile.prepare`) and renamed only
when all of them are, so a full disk or a file-size limit leaves none replaced.
"""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from soc2parse.outputs.rows import plain

__all__ = ["AtomicFile", "CsvTable", "escape_cell"]

_FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
# Spreadsheets skip leading blanks before looking for a formula.
_BLANKS = " \u00a0\u3000"
# Multi-valued cells are joined with this; warnings, which contain semicolons, with " | ".
_SEPARATORS = {"warnings": " | "}


def escape_cell(text: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would read as a formula.

    >>> escape_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> escape_cell("  +1"), escape_cell("CC6.1"), escape_cell("")
    ("'  +1", 'CC6.1', '')
    """
    stripped = text.lstrip(_BLANKS)
    if stripped and stripped[0] in _FORMULA_STARTS:
        return "'" + text
    return text


class AtomicFile:
    """A text file written under a temporary name and renamed into place on success.

    Opening creates the temporary file at once, so an unwritable target fails
    before any work is done. ``commit()`` (or leaving the ``with`` block
    normally) moves it into place; ``discard()`` (or an exception) removes it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        folder = self.path.parent
        handle, temp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".partial", dir=folder if str(folder) else "."
        )
        self._temp = Path(temp)
        self.file: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self._prepared = False
        _match_mode(self._temp, self.path)

    def prepare(self) -> None:
        """Flush and sync the temporary file to disk and close it; the target is untouched.

        Raises:
            OSError: the data cannot be written (a full disk, a file-size limit).
        """
        if self._prepared:
            return
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        self._prepared = True

    def commit(self) -> None:
        """Flush to disk and move the file into place."""
        if not self._prepared and self.file.closed:
            return  # discarded
        self.prepare()
        os.replace(self._temp, self.path)
        self._prepared = False

    def discard(self) -> None:
        """Remove the temporary file; the target is left as it was. Never raises OSError."""
        # Closing flushes, which fails again on a full disk: the unlink must run anyway.
        with contextlib.suppress(OSError, ValueError):
            self.file.close()
        with contextlib.suppress(OSError):
            self._temp.unlink()
        self._prepared = False

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _match_mode(path: Path, target: Path) -> None:
    """Give the temporary file the target's permissions, or a new file's under the umask.

    mkstemp creates 0600 files; a plain ``open()`` would create 0666 less the umask.
    """
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except (OSError, ValueError):  # no target yet (or a broken link): a new file
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    with contextlib.suppress(OSError):  # exotic file systems keep their own modes
        os.chmod(path, mode)


class CsvTable:
    """CSV rows with fixed columns, every text cell escaped, written to an open text file."""

    def __init__(self, file: IO[str], columns: Iterable[str]) -> None:
        self.columns = tuple(columns)
        self._writer = csv.writer(file)
        self._writer.writerow(self.columns)

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row; values are formatted with :func:`cell`."""
        self._writer.writerow([cell(row.get(c), c) for c in self.columns])


def cell(value: Any, column: str = "") -> str:
    """A value as CSV cell text, escaped.

    >>> cell(("CC6.1", "=1+1")), cell(3), cell(-1.5)
    ('CC6.1; =1+1', '3', '-1.5')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain(value)  # our numbers; a leading minus is arithmetic, not a formula
    return escape_cell(plain(value, _SEPARATORS.get(column, "; ")))
