"""What a batch tells the terminal as it goes: the progress line and the closing tally."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from soc2parse.cli.common import _isatty, _one_line
from soc2parse.cli.outputs import _Writer

if TYPE_CHECKING:
    pass


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
