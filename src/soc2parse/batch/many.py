"""Batches: ``load_many`` parses many reports, one outcome per input, in input order.

Three ways to run, one result shape:

- ``workers=None`` (default): one file after another in this process.
- ``workers=N``: N worker processes of soc2parse's own (``batch.pool``), each with a
  memory ceiling, killed and replaced if they overrun or die.
- ``executor=...``: any ``concurrent.futures.Executor``, such as a
  ``ProcessPoolExecutor`` or a Dask cluster's ``client.get_executor()``; each
  file is one task.

Whatever happens to a file, its outcome carries a :class:`Soc2ParseError`
and the batch goes on.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future
from typing import Any

import attrs

from soc2parse._errors import ResourceLimitError, Soc2ParseError
from soc2parse._limits import Limits
from soc2parse._outcome import Outcome, display_name
from soc2parse.batch.guard import ParseFunction, Result, crash_error, parse_guarded
from soc2parse.extract.engine import ENGINES, OCR_SETTINGS
from soc2parse.pipeline import load

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_TIMEOUT", "Outcome", "load_many"]

#: Seconds one file may take. Parsing runs at tens of pages a second, so this
#: covers a few thousand pages; a hostile file that loops is stopped.
DEFAULT_TIMEOUT = 300.0
#: Address space each of soc2parse's own worker processes may use (2 GiB).
DEFAULT_MAX_MEMORY = 2 * 1024**3
# The largest stream read into memory for a worker (matches the extractor's size limit).
_MAX_STREAM_BYTES = 512 * 1024 * 1024


def load_many(
    sources: Iterable[Any],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    password: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    limits: Limits | None = None,
    engine: str = "pdfium",
    ocr: bool | str = "auto",
) -> Iterator[Outcome]:
    """Parse many reports; yield one :class:`Outcome` per input, in input order.

    A file that fails (not a PDF, encrypted, too slow, too big, a crashed
    worker) gives an outcome with its ``error``; the batch never stops early.
    Inputs are read lazily, so ``sources`` may be a long generator.

    Args:
        sources: paths, PDF bytes or binary file objects. A single path (``str`` or
            ``Path``) is one source, or, when it is a folder, every ``*.pdf`` in it and its
            subfolders (in sorted order); a single ``bytes`` is one source.
        workers: run this many worker processes of soc2parse's own; each parses
            one file at a time under ``max_memory``, and one that dies or hangs
            is replaced. None parses in this process.
        executor: any :class:`concurrent.futures.Executor` (for example
            ``dask.distributed.Client(...).get_executor()``); each file is one
            task. Paths are opened where the task runs.
        password: one password tried on every encrypted PDF.
        timeout: seconds one file may take before it fails with
            :class:`ParseTimeoutError`; None for no limit.
        max_memory: bytes of address space each worker process may use
            (POSIX); a file that needs more fails with
            :class:`ResourceLimitError`. Applies to ``workers`` only: in this
            process or on an executor it is not set (size the cluster's workers
            instead).
        limits: the safety limits each file is parsed under (pages, sizes, inflated
            streams); see :class:`~soc2parse.Limits`. None uses the defaults.
        engine: the character source, as for :func:`soc2parse.load`: ``"pdfium"`` (the
            default) or ``"pdfplumber"`` (the reference, many times slower).
        ocr: pages without a text layer, as for :func:`soc2parse.load`: ``"auto"`` (the
            default), ``True``/``"on"`` or ``False``/``"off"``. OCR runs inside ``timeout``
            and, in ``workers``, under ``max_memory``.

    Returns:
        An iterator of outcomes, one per input, in input order.

    Raises:
        ValueError: both ``workers`` and ``executor``, a limit that is not positive, or an
            unknown engine.

    Example::

        for outcome in soc2parse.load_many(paths, workers=4):
            if outcome.error:
                print(outcome.name, outcome.error)
    """
    if workers is not None and executor is not None:
        raise ValueError("pass workers or executor, not both")
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise ValueError(f"workers must be a positive number of processes, got {workers!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if max_memory is not None and max_memory < 64 * 2**20:
        raise ValueError(f"max_memory must be at least 64 MiB, got {max_memory!r} bytes")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if not isinstance(ocr, (bool, str)) or ocr not in OCR_SETTINGS:
        raise ValueError(f"ocr must be 'auto', True or False, got {ocr!r}")
    if isinstance(sources, (str, os.PathLike)):
        sources = _one_path(sources)
    elif isinstance(sources, (bytes, bytearray, memoryview)):
        sources = [sources]
    elif not isinstance(sources, Iterable):
        raise TypeError(
            f"sources must be paths, bytes or streams in a list or other iterable, "
            f"or one path or folder; got {type(sources).__name__}"
        )
    options: dict[str, Any] = {}
    if limits is not None:
        options["limits"] = limits
    if engine != "pdfium":
        options["engine"] = engine
    if ocr != "auto":
        options["ocr"] = ocr
    return _run(
        sources,
        workers=workers,
        executor=executor,
        password=password,
        timeout=timeout,
        max_memory=max_memory,
        parse=functools.partial(load, **options) if options else None,
    )


def _run(
    sources: Iterable[Any],
    *,
    workers: int | None,
    executor: Executor | None,
    password: str | None,
    timeout: float | None,
    max_memory: int | None,
    parse: ParseFunction | None,
) -> Iterator[Outcome]:
    """``load_many`` after checking its arguments; ``parse`` lets tests substitute hostile work."""
    if executor is not None:
        yield from _on_executor(sources, executor, password, timeout, parse)
    elif workers is not None:
        from soc2parse.batch.pool import pool_results

        given: deque[Any] = deque()

        def shipped() -> Iterator[Any]:
            for source in sources:
                given.append(source)
                yield _shippable(source)

        results = pool_results(
            shipped(),
            workers=workers,
            password=password,
            timeout=timeout,
            max_memory=max_memory,
            parse=parse,
        )
        for result in results:
            yield _outcome(given.popleft(), result)
    else:
        for source in sources:
            yield _outcome(source, parse_guarded(source, password, timeout, parse))


def _one_path(path: str | os.PathLike[str]) -> Iterator[Any]:
    """The sources a single path stands for: the file itself, or the PDFs of a folder."""
    if not os.path.isdir(path):
        yield path
        return
    for root, folders, files in os.walk(path):
        folders.sort()
        for name in sorted(files):
            if name.lower().endswith(".pdf"):
                yield os.path.join(root, name)


def _outcome(source: Any, result: Result) -> Outcome:
    return Outcome(source, result.report, result.error, result.seconds)


@attrs.frozen
class _Unreadable:
    """A stand-in shipped for a stream that failed when read: its parse reports that."""

    name: str

    def read(self, size: int = -1) -> bytes:
        raise OSError("reading it failed before it could be sent to a worker")


def _shippable(source: Any) -> Any:
    """What can travel to another process: paths as strings, bytes as they are, streams read."""
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    if isinstance(source, (bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read") and not isinstance(source, (str, bytes)):
        try:
            data = source.read(_MAX_STREAM_BYTES + 1)
        except Exception:  # a caller's stream may raise anything
            return _Unreadable(display_name(source))
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        return data if isinstance(data, bytes) else _Unreadable(display_name(source))
    return source


def _on_executor(
    sources: Iterable[Any],
    executor: Executor,
    password: str | None,
    timeout: float | None,
    parse: ParseFunction | None,
) -> Iterator[Outcome]:
    # Bound the tasks in flight so that a long generator of inputs is not read all at once.
    window = 64
    in_flight: deque[tuple[Any, Future[Result] | Soc2ParseError]] = deque()
    feed = iter(sources)
    exhausted = False
    try:
        while True:
            while not exhausted and len(in_flight) < window:
                source = next(feed, _END)
                if source is _END:
                    exhausted = True
                    break
                in_flight.append((source, _submit(executor, source, password, timeout, parse)))
            if not in_flight:
                return
            source, task = in_flight.popleft()
            if isinstance(task, Soc2ParseError):
                yield Outcome(source, None, task)
                continue
            yield _outcome(source, _task_result(source, task))
    finally:
        # The caller stopped early (or was interrupted): do not leave work queued.
        for _, task in in_flight:
            if isinstance(task, Future):
                task.cancel()


_END = object()


def _submit(
    executor: Executor,
    source: Any,
    password: str | None,
    timeout: float | None,
    parse: ParseFunction | None,
) -> Future[Result] | Soc2ParseError:
    try:
        return executor.submit(parse_guarded, _shippable(source), password, timeout, parse)
    except Exception as error:  # a shut-down or broken executor refuses new work
        return crash_error(display_name(source), f"the executor refused the task: {error}")


def _task_result(source: Any, task: Future[Result]) -> Result:
    try:
        result = task.result()
    except CancelledError:
        return Result(None, crash_error(display_name(source), "the task was cancelled"), 0.0)
    except Exception as error:
        # BrokenProcessPool, Dask's KilledWorker, a lost connection: the worker is gone.
        detail = f"{type(error).__name__}: {error}"[:200]
        return Result(None, crash_error(display_name(source), detail), 0.0)
    if not isinstance(result, Result):
        return Result(
            None,
            ResourceLimitError(display_name(source), "the executor returned no result"),
            0.0,
        )
    return result
