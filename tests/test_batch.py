"""load_many: one outcome per input, in order, errors captured, limits enforced.

Real parsing runs on small hand-written PDFs; the limits and the recovery from
dead workers run with the misbehaving stand-ins of ``hostile.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

import soc2parse
from soc2parse import (
    NotAPdfError,
    Outcome,
    ParseTimeoutError,
    ResourceLimitError,
    Soc2ParseError,
    SourceUnreadableError,
)
from soc2parse.batch.many import _run

from hostile import misbehave
from pdfbuild import SOC_PAGES, make_pdf
from procs import descendants, living

GOOD = make_pdf(SOC_PAGES)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    (root / "good.pdf").write_bytes(GOOD)
    (root / "garbage.pdf").write_bytes(b"this is no pdf")
    (root / "truncated.pdf").write_bytes(GOOD[: len(GOOD) // 2])
    return root


def mixed(folder: Path) -> list[Any]:
    """Paths (str and Path), bytes, a stream, a missing file and a folder."""
    return [
        folder / "good.pdf",
        str(folder / "garbage.pdf"),
        GOOD,
        folder / "missing.pdf",
        str(folder / "truncated.pdf"),
        folder,
        b"",
    ]


EXPECTED_ERRORS: list[type[Soc2ParseError] | None] = [
    None,
    NotAPdfError,
    None,
    SourceUnreadableError,
    NotAPdfError,
    SourceUnreadableError,
    NotAPdfError,
]


def error_types(outcomes: list[Outcome]) -> list[type[Soc2ParseError] | None]:
    return [type(o.error) if o.error is not None else None for o in outcomes]


def run(sources: list[Any], **options: Any) -> list[Outcome]:
    """``_run`` with the hostile stand-in and load_many's defaults for what is not given."""
    settings: dict[str, Any] = {
        "workers": None,
        "executor": None,
        "password": None,
        "timeout": 10.0,
        "max_memory": None,
        "parse": misbehave,
    }
    settings.update(options)
    return list(_run(sources, **settings))


@pytest.mark.parametrize("workers", [None, 2], ids=["in-process", "two-workers"])
def test_every_input_gives_one_outcome_in_order(folder: Path, workers: int | None) -> None:
    sources = mixed(folder)
    outcomes = list(soc2parse.load_many(sources, workers=workers))
    assert [o.source for o in outcomes] == sources
    assert error_types(outcomes) == EXPECTED_ERRORS
    for outcome in outcomes:
        assert (outcome.report is None) == (outcome.error is not None)
        assert outcome.ok == (outcome.error is None)
        assert outcome.seconds >= 0
    assert outcomes[0].report is not None
    assert outcomes[2].report is not None
    assert outcomes[0].report.sha256 == outcomes[2].report.sha256
    assert outcomes[0].name == str(folder / "good.pdf")
    assert outcomes[2].name.startswith("<pdf sha256:")


def test_workers_give_the_same_reports_as_in_process(folder: Path) -> None:
    sources = [folder / "good.pdf", GOOD]
    here = [o.report for o in soc2parse.load_many(sources)]
    there = [o.report for o in soc2parse.load_many(sources, workers=1)]
    assert here == there
    assert all(r is not None for r in here)


@pytest.mark.parametrize("workers", [None, 1])
def test_the_engine_reaches_every_parse(
    workers: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_pdf(SOC_PAGES)
    (outcome,) = soc2parse.load_many([data], workers=workers, engine="pdfplumber")
    assert outcome.report is not None
    assert outcome.report.to_dict() == soc2parse.load(data, engine="pdfplumber").to_dict()
    if workers is None:
        # In this process the reference extractor is what runs.
        import soc2parse.extract.engine as extract
        from soc2parse.extract.plumber import pdfplumber_pages as plumber

        calls: list[bytes] = []

        def spy(*args: Any, **kwargs: Any) -> Any:
            calls.append(args[1])
            return plumber(*args, **kwargs)

        monkeypatch.setattr(extract, "pdfplumber_pages", spy)
        list(soc2parse.load_many([data], engine="pdfplumber"))
        list(soc2parse.load_many([data]))
        assert calls == [data]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'pdfminer'"):
        soc2parse.load_many([b"%PDF-"], engine="pdfminer")


def test_streams_are_read_for_workers(folder: Path) -> None:
    with open(folder / "good.pdf", "rb") as stream:
        (outcome,) = soc2parse.load_many([stream], workers=1)
    assert outcome.source is stream
    assert outcome.report is not None
    assert outcome.report.sha256 == soc2parse.load(GOOD).sha256


def test_inputs_are_read_lazily() -> None:
    pulled: list[int] = []

    def sources() -> Iterator[str]:
        for i in range(1000):
            pulled.append(i)
            yield f"ok-{i}"

    outcomes = _run(
        sources(),
        workers=None,
        executor=None,
        password=None,
        timeout=None,
        max_memory=None,
        parse=misbehave,
    )
    first = next(iter(outcomes))
    assert first.report is not None
    assert len(pulled) == 1


ORDER_SOURCES = ["slow-0.6-a", "ok-1", "slow-0.3-b", "ok-3", "ok-4", "slow-0.1-c", "ok-6"]


@pytest.mark.parametrize("workers", [3], ids=["three-workers"])
def test_order_holds_when_later_files_finish_first(workers: int) -> None:
    outcomes = run(ORDER_SOURCES, workers=workers)
    assert [o.source for o in outcomes] == ORDER_SOURCES
    assert [o.report.source if o.report else None for o in outcomes] == ORDER_SOURCES


@attrs.frozen
class LimitCase:
    name: str
    timeout: float
    error: type[Soc2ParseError]
    says: str


LIMIT_CASES = [
    LimitCase("spin", 0.5, ParseTimeoutError, "longer than the 0.5-second limit"),
    LimitCase("sleep", 0.5, ParseTimeoutError, "longer than the 0.5-second limit"),
    LimitCase("crash", 30, ResourceLimitError, "killed by SIGKILL"),
    LimitCase("hog", 30, ResourceLimitError, "memory ceiling of 700 MiB"),
    LimitCase("bug", 30, Soc2ParseError, "internal error (KeyError"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits and signals")
@pytest.mark.parametrize("case", LIMIT_CASES, ids=[c.name for c in LIMIT_CASES])
def test_a_worker_that_overruns_or_dies_fails_its_file_and_the_batch_goes_on(
    case: LimitCase,
) -> None:
    sources = ["ok-0", case.name, "ok-2", "ok-3"]
    outcomes = run(sources, workers=1, timeout=case.timeout, max_memory=700 * 2**20)
    assert [o.source for o in outcomes] == sources
    failed = outcomes[1]
    assert type(failed.error) is case.error
    assert case.says in str(failed.error)
    assert str(failed.error).startswith(case.name + ": ")
    assert [o.ok for o in outcomes] == [True, False, True, True]


def test_in_process_time_limit_stops_a_runaway_parse() -> None:
    outcomes = run(["ok-0", "spin", "ok-2"], timeout=0.3)
    assert [type(o.error) for o in outcomes] == [type(None), ParseTimeoutError, type(None)]


def test_in_process_captures_internal_errors() -> None:
    (outcome,) = run(["bug"])
    assert type(outcome.error) is Soc2ParseError
    assert "KeyError" in outcome.error.reason


def test_thread_executor_time_limit_stops_a_runaway_parse() -> None:
    with ThreadPoolExecutor(2) as executor:
        outcomes = run(["spin", "ok-1", "ok-2"], executor=executor, timeout=0.3)
    assert [type(o.error) for o in outcomes] == [ParseTimeoutError, type(None), type(None)]


def test_process_executor_parses_and_records_a_lost_worker(folder: Path) -> None:
    with ProcessPoolExecutor(1) as executor:
        outcomes = list(soc2parse.load_many([folder / "good.pdf", b"junk"], executor=executor))
    assert error_types(outcomes) == [None, NotAPdfError]
    with ProcessPoolExecutor(1) as executor:
        outcomes = run(["ok-0"], executor=executor)
        crashed = run(["crash"], executor=executor)
    assert outcomes[0].ok
    assert type(crashed[0].error) is ResourceLimitError
    assert "BrokenProcessPool" in crashed[0].error.reason


def test_dask_cluster_runs_a_batch(folder: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = client.get_executor()
        sources = mixed(folder)
        outcomes = list(soc2parse.load_many(sources, executor=executor))
        hostile = run(["spin", "ok-1"], executor=executor, timeout=0.5)
    assert [o.source for o in outcomes] == sources
    assert error_types(outcomes) == EXPECTED_ERRORS
    assert outcomes[0].report == soc2parse.load(folder / "good.pdf")
    assert [type(o.error) for o in hostile] == [ParseTimeoutError, type(None)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 2, "executor": ThreadPoolExecutor(1)}, "not both"),
        ({"workers": 0}, "positive"),
        ({"workers": True}, "positive"),
        ({"timeout": 0}, "positive"),
        ({"max_memory": 1024}, "at least 64 MiB"),
    ],
    ids=["workers-and-executor", "zero-workers", "bool-workers", "zero-timeout", "tiny-memory"],
)
def test_bad_options_are_refused_at_once(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        soc2parse.load_many([], **options)


def test_load_many_applies_the_limits_given() -> None:
    from pdfbuild import SOC_PAGES, make_pdf

    data = make_pdf(SOC_PAGES)
    (outcome,) = soc2parse.load_many([data], limits=soc2parse.Limits(max_pages=2))
    assert isinstance(outcome.error, soc2parse.ResourceLimitError)
    assert "Limits.max_pages" in str(outcome.error)


def test_threads_read_pdfs_safely_and_as_serial_reads_do(fixtures_dir: Path) -> None:
    # PDFium is not thread-safe: unserialised, eight threads crash the process. A
    # subprocess, so that a crash fails this test instead of the whole run.
    import subprocess

    tests = Path(__file__).parent
    done = subprocess.run(
        [
            sys.executable,
            str(tests / "threads_check.py"),
            str(fixtures_dir / "reports" / "rl10-soc3.pdf"),
        ],
        check=False,
        cwd=tests,
        env={**os.environ, "PYTHONPATH": str(tests)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-2000:])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX exit statuses")
def test_a_worker_lost_once_is_retried_and_a_death_is_not_called_memory(tmp_path: Path) -> None:
    flaky = str(tmp_path / "flaky")
    outcomes = run(["ok-0", flaky, "exit-3", "ok-3"], workers=1, timeout=30, max_memory=None)
    assert [o.ok for o in outcomes] == [True, True, False, True]
    lost = outcomes[2].error
    assert type(lost) is ResourceLimitError
    assert "exited with status 3" in lost.reason
    assert "twice" in lost.reason
    assert "memory" not in lost.reason


def test_workers_start_for_a_script_read_from_standard_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "python - < script.py": __main__ names the file "<stdin>", which a worker cannot run.
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__file__", "<stdin>", raising=False)
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    outcomes = run(["ok-0", "ok-1"], workers=1)
    assert [o.ok for o in outcomes] == [True, True], [o.error for o in outcomes]


def test_a_thread_may_start_a_second_pdfium_read_before_finishing_the_first() -> None:
    # The process-wide PDFium lock must not make one thread wait for itself.
    import threading

    from soc2parse._limits import DEFAULT_LIMITS
    from soc2parse.extract.pdfium.pages import pdfium_pages

    counts: list[int] = []

    def nested() -> None:
        first = pdfium_pages("a.pdf", GOOD, None, DEFAULT_LIMITS)
        next(first)
        counts.append(len(list(pdfium_pages("b.pdf", GOOD, None, DEFAULT_LIMITS))))
        counts.append(len(list(first)))

    reader = threading.Thread(target=nested, daemon=True)
    reader.start()
    reader.join(30)
    assert counts == [3, 2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_workers_end_when_their_parent_is_killed_outright(tmp_path: Path) -> None:
    # A worker stuck in one long C call (sleep) outlives a SIGKILLed parent unless it
    # watches for the parent's end.
    import signal
    import subprocess
    import time

    script = (
        "from soc2parse.batch.many import _run\n"
        "from hostile import misbehave\n"
        "print('started', flush=True)\n"
        "list(_run(['sleep'], workers=1, executor=None, password=None, timeout=None,"
        " max_memory=None, parse=misbehave))\n"
    )
    tests = Path(__file__).parent
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=tests,
        env={**os.environ, "PYTHONPATH": str(tests)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    assert parent.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and not workers:
        time.sleep(0.2)
        workers = descendants(parent.pid)
    assert workers, "no worker started"
    time.sleep(0.5)  # let the worker take the file
    parent.send_signal(signal.SIGKILL)
    parent.wait(30)
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while living(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not living(workers)
