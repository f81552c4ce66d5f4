"""``soc2parse batch``: find the PDFs, parse them, write every output whole or none."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2parse.cli.common import EXIT_FAILED, EXIT_OK, UsageError, _Terminated
from soc2parse.cli.outputs import _check_outputs, _naming, _open, _resolved, _Writer
from soc2parse.cli.progress import _count, _Progress, _Tally

if TYPE_CHECKING:
    from soc2parse.batch.cache import ResultCache


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
