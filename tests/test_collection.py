"""Every pytest-xdist worker must collect the same test names, whatever its hash seed.

CI runs the suite with ``-n 2``; each worker is a process with its own string
hash seed, and a parametrize id that follows set order (say) differs between
them, which stops the whole run before any test starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collected(seed: int) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n0", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    names = [line for line in run.stdout.splitlines() if "::" in line]
    assert names, run.stdout[-2000:]
    return names


def test_test_names_do_not_depend_on_the_hash_seed() -> None:
    # Three seeds: a two-item set has the same order under two seeds half the time.
    with ThreadPoolExecutor(3) as pool:
        first, *others = pool.map(collected, (1, 2, 3))
    for other in others:
        assert len(first) == len(other)
        assert [a for a, b in zip(first, other, strict=True) if a != b] == []
