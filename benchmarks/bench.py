"""Benchmark: soc2parse.load() against pypdfium2's plain text extraction.

Run from the repository root (not part of the test run)::

    python benchmarks/bench.py                      # the largest fixture of each producer
    python benchmarks/bench.py path/to/report.pdf   # any PDFs
    python benchmarks/bench.py --runs 7 --reference-runs 0 --batch-copies 3

For each PDF, in this one process and warm (imports and one-time rule loading are
excluded and reported separately), one table per PDF producer (read from the PDF's
``/Producer``): the median of several runs of

- pypdfium2 ``get_text_range()`` over every page (the yardstick),
- ``soc2parse.load(engine="pdfium")`` and its extraction step alone,
- ``soc2parse.load(engine="pdfplumber")`` (the reference extractor),

with pages per second and the ratio to the yardstick. Then batch throughput with one
and two worker processes and each worker's peak memory, and the cost of
``python -c "import soc2parse"``. The numbers printed are what docs/performance.md
quotes; say how busy the machine was (the load average is printed too).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "reports"


# perf_counter (wall time) by default; --clock cpu uses this process's CPU time, which a
# busy machine disturbs less (for the per-file table; batches and imports stay wall time).
CLOCK: Callable[[], float] = time.perf_counter


def _median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = CLOCK()
        action()
        times.append(CLOCK() - start)
    return statistics.median(times)


def _plain_text(data: bytes) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
    finally:
        document.close()


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


# Producers by a word of their /Producer string, in the order the tables are printed.
PRODUCERS = (
    ("ReportLab", "reportlab"),
    ("LibreOffice", "LibreOffice"),
    ("Skia/PDF", "Chromium (HTML print)"),
    ("WeasyPrint", "WeasyPrint"),
    ("TeX", "TeX"),
    ("Ghostscript", "Ghostscript"),
    ("FPDF", "fpdf2"),
)


def producer(path: Path) -> str:
    """The program that wrote the PDF, from its /Producer (or /Creator), as one short name."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        meta = document.get_metadata_dict()
    finally:
        document.close()
    said = f"{meta.get('Producer', '')} {meta.get('Creator', '')}"
    for word, name in PRODUCERS:
        if word.casefold() in said.casefold():
            return name
    return said.strip() or "unknown"


def _default_pdfs() -> list[Path]:
    """The largest fixture report of each producer (the matrix's small files included)."""
    pdfs = sorted(FIXTURES.glob("*.pdf")) + sorted((FIXTURES.parent / "matrix").glob("*.pdf"))
    largest: dict[str, Path] = {}
    for pdf in pdfs:
        name = producer(pdf)
        if name not in largest or _page_count(pdf) > _page_count(largest[name]):
            largest[name] = pdf
    return [largest[name] for name in sorted(largest)]


def _import_cost_wall(runs: int) -> tuple[float, float]:
    """Median wall time of ``python -c "import soc2parse"`` and of ``python -c pass``."""

    def run(code: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    return run("import soc2parse"), run("pass")


def _one_time_costs() -> dict[str, float]:
    """In this process: import soc2parse, import pypdfium2, and the first parse's extra cost."""
    costs = {}
    start = time.perf_counter()
    import soc2parse

    costs["import soc2parse"] = time.perf_counter() - start
    start = time.perf_counter()
    import pypdfium2  # noqa: F401

    costs["import pypdfium2"] = time.perf_counter() - start
    small = min(FIXTURES.glob("*.pdf"), key=lambda p: p.stat().st_size, default=None)
    if small is not None:
        start = time.perf_counter()
        soc2parse.load(small, engine="pdfium")
        first = time.perf_counter() - start
        second = _median_time(lambda: soc2parse.load(small, engine="pdfium"), 3)
        costs[f"first load() minus warm ({small.name}: rules, spaCy)"] = first - second
    return costs


def _bench_file(path: Path, runs: int, reference_runs: int) -> dict[str, float]:
    import soc2parse
    from soc2parse.extract.engine import extract

    data = path.read_bytes()
    pages = _page_count(path)
    row = {"pages": float(pages)}
    # Interleaved rounds (plain, extract, load, plain, ...), so that a slow spell of a
    # shared machine falls on all three alike; the ratio is the median of each round's.
    actions = {
        "plain": lambda: _plain_text(data),
        "extract": lambda: extract(data, engine="pdfium"),
        "load": lambda: _load(data),
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = CLOCK()
            action()
            times[name].append(CLOCK() - start)
    for name, taken in times.items():
        row[name] = statistics.median(taken)
    row["ratio"] = statistics.median(
        load / plain for load, plain in zip(times["load"], times["plain"], strict=True)
    )
    if reference_runs:
        row["reference"] = _median_time(
            lambda: soc2parse.load(data, engine="pdfplumber"), reference_runs
        )
    return row


def _load(data: bytes) -> None:
    """``load()``; a PDF that is no SOC report (the producer matrix's small files) is timed
    up to its rejection, which comes after extraction and the section search."""
    import soc2parse

    with contextlib.suppress(soc2parse.NotASocReportError):
        soc2parse.load(data, engine="pdfium")


def _worker_init() -> None:
    # Each worker pays imports and rule loading once, before the clock starts.
    import soc2parse

    small = min(FIXTURES.glob("*.pdf"), key=lambda p: p.stat().st_size)
    soc2parse.load(small, engine="pdfium")


def _worker_parse(path: str, engine: str) -> tuple[int, int, int]:
    import soc2parse

    report = soc2parse.load(path, engine=engine)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return os.getpid(), report.page_count, peak


def _batch(paths: Sequence[Path], workers: int, engine: str) -> tuple[float, float, float]:
    """Pages per second over ``paths`` with ``workers`` processes, and the largest worker peak."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
        # Start every worker (and let it warm up) before timing.
        list(pool.map(_noop, range(workers * 4)))
        start = time.perf_counter()
        results = list(pool.map(_worker_parse, [str(p) for p in paths], [engine] * len(paths)))
        elapsed = time.perf_counter() - start
    pages = sum(count for _, count, _ in results)
    peaks: dict[int, int] = {}
    for pid, _, peak in results:
        peaks[pid] = max(peaks.get(pid, 0), peak)
    return pages / elapsed, elapsed, max(peaks.values()) / 1024


def _noop(_: int) -> None:
    time.sleep(0.05)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pdfs", nargs="*", type=Path, help="PDFs (default: each producer's largest fixture)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument(
        "--reference-runs", type=int, default=1, help="runs of the pdfplumber engine (0 skips)"
    )
    parser.add_argument(
        "--batch-copies", type=int, default=2, help="each PDF this many times in the batch"
    )
    parser.add_argument("--no-batch", action="store_true", help="skip the batch measurement")
    parser.add_argument(
        "--clock", choices=["wall", "cpu"], default="wall", help="per-file timing clock"
    )
    args = parser.parse_args(argv)
    global CLOCK  # noqa: PLW0603 - a script-wide setting chosen once on the command line
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    print(f"per-file clock: {args.clock}")
    with_import, bare = _import_cost_wall(args.runs)
    print(
        f'python -c "import soc2parse": {with_import * 1000:.0f} ms '
        f"(python -c pass: {bare * 1000:.0f} ms; import alone {1000 * (with_import - bare):.0f} ms)"
    )
    for what, seconds in _one_time_costs().items():
        print(f"one-time, {what}: {seconds * 1000:.0f} ms")

    pdfs = args.pdfs or _default_pdfs()
    header = (
        f"{'file':42} {'pages':>5} {'plain s':>8} {'load s':>7} {'ratio':>6} "
        f"{'pages/s':>8} {'extract s':>9} {'pdfplumber s':>12} {'ratio':>6}"
    )
    by_producer: dict[str, list[Path]] = {}
    for pdf in pdfs:
        by_producer.setdefault(producer(pdf), []).append(pdf)
    for name, group in by_producer.items():
        print(f"\nproducer: {name}")
        print(header)
        for pdf in group:
            row = _bench_file(pdf, args.runs, args.reference_runs)
            reference = row.get("reference")
            print(
                f"{pdf.name[:42]:42} {row['pages']:5.0f} {row['plain']:8.3f} {row['load']:7.3f} "
                f"{row['ratio']:6.1f} {row['pages'] / row['load']:8.0f} "
                f"{row['extract']:9.3f} "
                + (
                    f"{reference:12.2f} {reference / row['plain']:6.1f}"
                    if reference
                    else f"{'-':>12} {'-':>6}"
                )
            )

    if not args.no_batch and args.batch_copies > 0:
        batch = [pdf for pdf in pdfs for _ in range(args.batch_copies)]
        print(f"\nbatch: {len(batch)} files ({', '.join(p.name for p in pdfs)}), engine pdfium")
        one, one_seconds, one_peak = _batch(batch, 1, "pdfium")
        two, two_seconds, two_peak = _batch(batch, 2, "pdfium")
        print(
            f"1 worker : {one:6.0f} pages/s ({one_seconds:.2f} s), peak {one_peak:.0f} MiB/worker"
        )
        print(
            f"2 workers: {two:6.0f} pages/s ({two_seconds:.2f} s), peak {two_peak:.0f} MiB/worker"
        )
        print(f"speed-up with 2 workers: {two / one:.2f}x")
    print(f"\nload average at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
