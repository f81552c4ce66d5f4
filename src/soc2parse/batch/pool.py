"""soc2parse's own worker processes: isolation, a memory ceiling and a hard time limit.

Each worker is a separate process that parses one file at a time, so the parent
always knows which file a worker holds. That is what lets a batch go on when a
worker dies (a crash, or the operating system killing it): the file it held is
tried once more in a fresh worker (the death may have had nothing to do with
it), and recorded as failed if its worker dies again. Only a worker that
reports a ``MemoryError`` is said to have run out of memory; a death is
reported as what it was (a signal, an exit status). The
parent also kills a worker that overruns its time limit by a margin (a parse
stuck inside C code cannot be interrupted from within). Each worker caps its
own address space with ``RLIMIT_AS``, so a decompression bomb fails with an
error instead of exhausting the machine.

Workers start with ``forkserver`` where available (a clean process, no forking
of the caller's threads), else ``spawn``; like any multiprocessing code, a
script that uses workers must guard its entry point with
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

import attrs

from soc2parse._errors import ResourceLimitError
from soc2parse._outcome import display_name
from soc2parse.batch.guard import (
    ParseFunction,
    Result,
    crash_error,
    parse_guarded,
    set_memory_ceiling,
    timeout_error,
)

__all__ = ["pool_results"]

# A worker retires after this many files, bounding any slow growth in memory.
_TASKS_PER_WORKER = 200
# Workers that die before they are ready, in a row, before the batch gives up.
_MAX_START_FAILURES = 3
_STOP_JOIN_SECONDS = 2.0


def _grace(timeout: float) -> float:
    """How long past its time limit a worker may run before it is killed from outside."""
    return 2.0 + 0.1 * timeout


@attrs.define
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: int | None = None
    source: Any = None
    display: str = ""
    started: float = 0.0
    done: int = 0


@attrs.frozen
class _Settings:
    password: str | None
    timeout: float | None
    max_memory: int | None
    parse: ParseFunction | None


def pool_results(
    sources: Iterable[Any],
    *,
    workers: int,
    password: str | None,
    timeout: float | None,
    max_memory: int | None,
    parse: ParseFunction | None = None,
    window: int | None = None,
) -> Iterator[Result]:
    """Parse ``sources`` in ``workers`` processes; yield one :class:`Result` each, in input order.

    Args:
        sources: paths or bytes (streams are read by the caller first).
        workers: how many worker processes to run.
        password: the password for encrypted PDFs.
        timeout: the per-file time limit in seconds, or None.
        max_memory: each worker's address-space ceiling in bytes, or None.
        parse: the parse function (default :func:`soc2parse.load`).
        window: how far past the next result to yield work may run ahead.

    Raises:
        ResourceLimitError: worker processes keep dying before they can start.
    """
    settings = _Settings(password, timeout, max_memory, parse)
    ahead = window or max(16, 4 * workers)
    context = _context()
    pending: deque[tuple[int, Any]] = deque()
    feed = enumerate(sources)
    exhausted = False
    results: dict[int, Result] = {}
    next_index = 0
    pool: list[_Worker] = []
    start_failures = 0
    last_death = ""
    retried: set[int] = set()
    try:
        while True:
            # Read inputs lazily, never running too far ahead of what has been yielded.
            while not exhausted and len(pending) + _busy(pool) + len(results) < ahead:
                item = next(feed, None)
                if item is None:
                    exhausted = True
                else:
                    pending.append(item)
            while next_index in results:
                yield results.pop(next_index)
                next_index += 1
            if exhausted and not pending and not _busy(pool) and not results:
                return
            while len(pool) < min(workers, len(pending) + _busy(pool)):
                pool.append(_start(context, settings))
            for worker in list(pool):
                if worker.ready and worker.task is None and pending:
                    index, source = pending.popleft()
                    if not _assign(worker, index, source):
                        # The idle worker had died: the file goes to the next one.
                        pending.appendleft((index, source))
                        pool.remove(worker)
                        _kill(worker)
                        worker.conn.close()
            start_failures, death = _collect(
                pool, settings, results, start_failures, pending=pending, retried=retried
            )
            last_death = death or last_death
            if start_failures >= _MAX_START_FAILURES:
                raise ResourceLimitError(
                    "<workers>",
                    f"worker processes die as they start ({last_death}); a script run from "
                    "standard input or without an 'if __name__ == \"__main__\":' guard cannot "
                    "start them: run it from a file with the guard, or parse in this process "
                    "(workers=None); check too that the Python environment imports soc2parse",
                )
    finally:
        _stop(pool)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _busy(pool: list[_Worker]) -> int:
    return sum(1 for w in pool if w.task is not None)


def _start(context: Any, settings: _Settings) -> _Worker:
    parent_end, child_end = context.Pipe()
    process = context.Process(
        target=_worker_main, args=(child_end, settings), daemon=True, name="soc2parse-worker"
    )
    with _main_without_a_missing_file():
        process.start()
    child_end.close()
    return _Worker(process=process, conn=parent_end)


@contextlib.contextmanager
def _main_without_a_missing_file() -> Iterator[None]:
    """Hide ``__main__.__file__`` while a worker starts when it names no file.

    A script read from standard input has ``__file__ == "<stdin>"``; a new worker
    would try to run that path and die. Workers need nothing from ``__main__``.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    if os.path.isfile(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _assign(worker: _Worker, index: int, source: Any) -> bool:
    try:
        worker.conn.send((index, source))
    except OSError:
        return False
    worker.task = index
    worker.source = source
    worker.display = display_name(source)
    worker.started = time.monotonic()
    return True


def _collect(
    pool: list[_Worker],
    settings: _Settings,
    results: dict[int, Result],
    start_failures: int,
    *,
    pending: deque[tuple[int, Any]],
    retried: set[int],
) -> tuple[int, str]:
    """Wait for one event (a result, a ready worker, a death, a deadline); update the pool.

    A file whose worker died is put back at the head of ``pending`` once (noted in
    ``retried``); the second time it fails. Returns the count of workers that died before
    they were ready, and how the last worker to die went.
    """
    death = ""
    watched: list[Any] = []
    for worker in pool:
        watched += [worker.conn, worker.process.sentinel]
    if not watched:
        return start_failures, death
    wait(watched, timeout=_next_deadline(pool, settings.timeout))
    now = time.monotonic()
    for worker in list(pool):
        message = None
        alive = True
        if worker.conn.poll():
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                alive = False
        if message == "ready":
            worker.ready = True
            start_failures = 0
        elif message is not None:
            index, result = message
            results[index] = result
            worker.task = None
            worker.source = None
            worker.done += 1
            # A worker that ran out of memory exits after reporting (see _worker_main).
            if worker.done >= _TASKS_PER_WORKER or result.out_of_memory:
                _retire(pool, worker)
                continue
        if alive and worker.process.is_alive() and not _overran(worker, settings, now):
            continue
        if alive and worker.process.is_alive():
            # Overran its time limit and its own timer did not stop it: kill it.
            assert settings.timeout is not None
            assert worker.task is not None
            results[worker.task] = Result(
                None, timeout_error(worker.display, settings.timeout), now - worker.started
            )
            worker.task = None
            _kill(worker)
        elif worker.task is not None:
            death = _how(worker.process)
            if worker.task in retried:
                results[worker.task] = Result(
                    None,
                    crash_error(worker.display, f"twice; the last time {death}"),
                    now - worker.started,
                )
            else:
                retried.add(worker.task)
                pending.appendleft((worker.task, worker.source))
            worker.task = None
        elif not worker.ready:
            death = _how(worker.process)
            start_failures += 1
        worker.source = None
        pool.remove(worker)
        worker.conn.close()
    return start_failures, death


def _overran(worker: _Worker, settings: _Settings, now: float) -> bool:
    if worker.task is None or settings.timeout is None:
        return False
    return now - worker.started > settings.timeout + _grace(settings.timeout)


def _next_deadline(pool: list[_Worker], timeout: float | None) -> float | None:
    if timeout is None:
        return None
    deadlines = [w.started + timeout + _grace(timeout) for w in pool if w.task is not None]
    if not deadlines:
        return None
    return max(0.0, min(deadlines) - time.monotonic()) + 0.01


def _how(process: BaseProcess) -> str:
    process.join(0.5)
    code = process.exitcode
    if code is None:
        return "the worker stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker process was killed by {name}"
    return f"the worker process exited with status {code}"


def _retire(pool: list[_Worker], worker: _Worker) -> None:
    pool.remove(worker)
    with contextlib.suppress(OSError):
        worker.conn.send(None)
    worker.conn.close()
    worker.process.join(_STOP_JOIN_SECONDS)
    if worker.process.is_alive():
        _kill(worker)


def _kill(worker: _Worker) -> None:
    worker.process.kill()
    worker.process.join(_STOP_JOIN_SECONDS)


def _stop(pool: list[_Worker]) -> None:
    for worker in pool:
        if worker.task is None:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        else:
            worker.process.kill()
    for worker in pool:
        worker.process.join(_STOP_JOIN_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(_STOP_JOIN_SECONDS)
        worker.conn.close()
    pool.clear()


def _exit_with_parent() -> None:
    """End this worker as soon as its parent process is gone, even in the middle of a parse.

    A parent killed outright (SIGKILL, the OOM killer) cannot stop its workers; one stuck in
    a long C call would otherwise parse on, orphaned. multiprocessing hands every child a
    sentinel that becomes readable when the parent's end closes.
    """
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:  # pragma: no cover - a start method without a parent sentinel
        return

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="soc2parse-parent-watch", daemon=True).start()


def _worker_main(conn: Connection, settings: _Settings) -> None:
    """A worker's loop: set limits, say ready, then parse one file per message."""
    # Ctrl-C goes to the whole process group; the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    # Import the parser and its libraries before the ceiling and the first time limit
    # apply, so that both measure parsing, not start-up.
    if settings.parse is None:
        for module in ("soc2parse.pipeline", "pdfplumber", "spacy"):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)

    if settings.max_memory is not None:
        set_memory_ceiling(settings.max_memory)
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, source = task
        result = parse_guarded(
            source, settings.password, settings.timeout, settings.parse, settings.max_memory
        )
        try:
            conn.send((index, result))
        except OSError:  # the parent is gone (killed): nobody wants the result
            return
        if result.out_of_memory:
            return  # a fresh process for the next file, rather than a fragmented heap
