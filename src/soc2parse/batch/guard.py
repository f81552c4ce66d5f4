"""Guarded parsing: one file under a time limit, every failure captured as data.

``parse_guarded`` is the unit of work of a batch. It runs in this process, in
soc2parse's own worker processes, or as a task on any
``concurrent.futures.Executor`` (a Dask cluster included), so it is a plain
module-level function of picklable arguments that never raises: it returns a
:class:`Result` holding either the report or a :class:`Soc2ParseError`.

The time limit works in any thread: when time is up a timer thread asks the
interpreter to raise an exception in the parsing thread at its next bytecode
(``PyThreadState_SetAsyncExc``), so no signal handler is installed in the
caller's process. Parsing stuck inside one C call is not interrupted this way;
soc2parse's own worker processes are also killed from outside when they
overrun (see :mod:`soc2parse.batch.pool`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from soc2parse._errors import ParseTimeoutError, ResourceLimitError, Soc2ParseError
from soc2parse._model import Report
from soc2parse._outcome import display_name

__all__ = [
    "ParseFunction",
    "Result",
    "crash_error",
    "display_name",
    "memory_error",
    "parse_guarded",
    "set_memory_ceiling",
    "time_limit",
    "timeout_error",
]

ParseFunction = Callable[..., Report]


@attrs.frozen
class Result:
    """What one guarded parse gives: a report or an error, and the seconds it took."""

    report: Report | None
    error: Soc2ParseError | None
    seconds: float
    out_of_memory: bool = False


class _Expired(BaseException):
    """Raised in the parsing thread when its time is up.

    A ``BaseException`` so that no stage's ``except Exception`` can mistake it for
    a broken PDF.
    """


def timeout_error(display: str, seconds: float) -> ParseTimeoutError:
    """The error for a file whose parse ran past ``seconds``."""
    return ParseTimeoutError(
        display,
        f"parsing took longer than the {seconds:g}-second limit and was stopped; "
        "raise the limit (timeout=..., --timeout) if the file is trusted",
    )


def memory_error(display: str, ceiling: int | None) -> ResourceLimitError:
    """The error for a file whose parse ran out of memory."""
    limit = f"the memory ceiling of {ceiling // 2**20:,} MiB" if ceiling else "the memory available"
    return ResourceLimitError(
        display,
        f"parsing ran past {limit} and was stopped; "
        "raise the ceiling (max_memory=..., --max-memory) if the file is trusted",
    )


def crash_error(display: str, how: str) -> ResourceLimitError:
    """The error for a file whose worker process died or was lost while parsing it."""
    return ResourceLimitError(
        display,
        f"the worker parsing it was lost ({how}); the file may be hostile or hit a bug; "
        "the rest of the batch went on",
    )


def parse_guarded(
    source: Any,
    password: str | None = None,
    timeout: float | None = None,
    parse: ParseFunction | None = None,
    max_memory: int | None = None,
) -> Result:
    """Parse ``source`` with ``parse`` (default :func:`soc2parse.load`); never raises.

    Args:
        source: a path, bytes or a binary file object.
        password: the password for encrypted PDFs.
        timeout: seconds before the parse is stopped with :class:`ParseTimeoutError`.
        parse: the parse function (tests substitute hostile ones).
        max_memory: the ceiling in force, named in the error if memory runs out.

    Returns:
        A :class:`Result` with the report, or with the error: a
        :class:`Soc2ParseError` subclass from the parser, a
        :class:`ParseTimeoutError`, a :class:`ResourceLimitError` for memory, or
        a plain :class:`Soc2ParseError` naming an internal error.
    """
    if parse is None:
        from soc2parse.pipeline import load

        parse = load
    started = time.monotonic()
    display = display_name(source)
    report: Report | None = None
    error: Soc2ParseError | None = None
    out_of_memory = False
    try:
        with time_limit(timeout):
            report = parse(source, password=password)
    except _Expired:
        error = timeout_error(display, timeout or 0.0)
    except MemoryError:
        error = memory_error(display, max_memory)
        out_of_memory = True
    except Soc2ParseError as raised:
        # A stage may have wrapped the real cause (``raise X from None`` keeps __context__).
        cause = _root_cause(raised)
        if isinstance(cause, _Expired):
            error = timeout_error(display, timeout or 0.0)
        elif isinstance(cause, MemoryError):
            error = memory_error(display, max_memory)
            out_of_memory = True
        else:
            error = raised
    except Exception as raised:
        detail = f"{type(raised).__name__}: {raised}"[:200]
        error = Soc2ParseError(
            display,
            f"internal error ({detail}); this is a soc2parse bug, please report it",
        )
    return Result(report, error, time.monotonic() - started, out_of_memory)


def _root_cause(error: BaseException) -> BaseException | None:
    """The timeout or memory error behind a wrapped error, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = error.__cause__ or error.__context__
    while current is not None and id(current) not in seen:
        if isinstance(current, (_Expired, MemoryError)):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``_Expired`` in the current thread once ``seconds`` have passed.

    Without ``seconds``, or on an interpreter without ``PyThreadState_SetAsyncExc``,
    this does nothing.
    """
    inject = _async_raiser() if seconds is not None else None
    if seconds is None or inject is None:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                inject(target, _Expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            fired = state["fired"]
        if fired:
            # The exception may still be pending (the parse finished just in time):
            # clear it, so it cannot surface later in unrelated code.
            inject(target, None)


def _async_raiser() -> Callable[[int, type[BaseException] | None], None] | None:
    import ctypes

    api = getattr(ctypes, "pythonapi", None)
    if api is None:  # pragma: no cover - not CPython
        return None
    set_async_exc = api.PyThreadState_SetAsyncExc
    set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
    set_async_exc.restype = ctypes.c_int

    def raise_in(thread: int, exc: type[BaseException] | None) -> None:
        # A NULL object clears a pending exception.
        set_async_exc(thread, ctypes.py_object(exc) if exc is not None else ctypes.py_object())

    return raise_in


def set_memory_ceiling(max_bytes: int) -> bool:
    """Cap this process's address space at ``max_bytes`` (POSIX only).

    Returns:
        True when the ceiling is in force, False where the platform has none.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            max_bytes = min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
    except (ValueError, OSError):  # pragma: no cover - the platform refuses
        return False
    return True
