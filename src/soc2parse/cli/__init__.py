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

from soc2parse.cli.app import main

__all__ = ["main"]
