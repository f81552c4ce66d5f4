"""Soak test: parse the fixture corpus many times in one batch; show memory does not grow.

Not part of the test run. Usage:

    python benchmarks/soak.py [--rounds 5] [--workers 2] [FOLDER]

Each round parses every PDF under FOLDER (default: fixtures/, good and bad files) through one
long-lived ``load_many`` worker pool, then prints the round's throughput, failures, and each
worker's current and peak resident memory (from /proc). Memory that does not grow from round to
round, with the same failures each round, is the pass.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import soc2parse


def _descendants() -> list[int]:
    """Every process below this one (the pool's workers may sit under a helper process)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: list[int] = []
    frontier = [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    values = {"VmRSS": 0, "VmHWM": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in values:
                values[key] = int(value.split()[0])
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="fixtures")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = sorted(Path(args.folder).rglob("*.pdf"))
    if not files:
        print(f"no PDFs under {args.folder}", file=sys.stderr)
        return 2
    pages = 0

    def rounds() -> Iterator[Path]:
        for _ in range(args.rounds):
            yield from files

    started = round_started = time.perf_counter()
    done = 0
    failures: Counter[str] = Counter()
    for outcome in soc2parse.load_many(rounds(), workers=args.workers):
        done += 1
        if outcome.error is not None:
            failures[type(outcome.error).__name__] += 1
        elif outcome.report is not None:
            pages += outcome.report.page_count
        if done % len(files) == 0:
            elapsed = time.perf_counter() - round_started
            # The workers are the processes that hold a parser (the largest ones).
            memory = sorted((_memory_kib(pid) for pid in _descendants()), reverse=True)
            memory = memory[: args.workers]
            workers = ", ".join(f"{rss // 1024}/{hwm // 1024} MiB" for rss, hwm in memory)
            print(
                f"round {done // len(files)}: {len(files)} files in {elapsed:.1f} s "
                f"({len(files) / elapsed:.2f} files/s, {pages / elapsed:.1f} pages/s); "
                f"failed so far {dict(failures)}; workers rss/peak: {workers}",
                flush=True,
            )
            round_started = time.perf_counter()
            pages = 0
    total = time.perf_counter() - started
    print(f"{done} parses in {total:.1f} s; failures by type: {dict(failures)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
