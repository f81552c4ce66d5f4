"""``python -m soc2parse``: the command line (see :mod:`soc2parse.cli`)."""

from __future__ import annotations

import sys

from soc2parse.cli import main

if __name__ == "__main__":  # worker processes re-import this module; only the parent runs
    sys.exit(main())
