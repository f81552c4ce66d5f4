"""Parse functions that misbehave on purpose, for the batch's limits and recovery tests.

They stand in for ``soc2parse.load`` (same call shape) and are module-level so
that worker processes can import them by name. Each acts on sources whose
name says what to do, so one batch can mix well-behaved and hostile inputs.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from soc2parse import Report


def misbehave(source: Any, password: str | None = None) -> Report:
    """Act on the file name: ``spin``, ``sleep``, ``crash``, ``hog``, ``bug``; else a report.

    A name like ``"ok-3"`` gives a report whose sha256 encodes 3, so that tests
    can check outcomes come back in input order.
    """
    name = os.path.basename(str(source))
    if name.startswith("spin"):  # pure Python, interruptible by the in-thread timer
        while True:
            pass
    if name.startswith("sleep"):  # one long C call: only the parent's kill stops it
        time.sleep(3600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hog"):
        blocks = []
        while True:
            blocks.append(bytearray(64 * 2**20))
    if name.startswith("bug"):
        raise KeyError("a bug in a stage")
    if name.startswith("slow"):
        time.sleep(float(name.split("-")[1]))
    return Report(source=name, sha256=name.rjust(64, "0")[-64:], page_count=1)
