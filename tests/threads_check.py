"""Run by ``test_batch.test_threads_*`` in a subprocess: a crash fails the test, not the run.

PDFium, read from eight threads at once, used to crash the process (SIGSEGV in
``FPDF_LoadPage``) or return pages that differ from a serial read. Exits 0 when
every threaded result equals the serial one.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import soc2parse
from soc2parse._limits import DEFAULT_LIMITS
from soc2parse.extract.pdfium.pages import pdfium_pages

from pdfbuild import make_pdf

THREADS = 8


def main(fixture: str) -> int:
    files = [
        make_pdf([[f"Line {i} of page {n} in file {f}" for i in range(8)] for n in range(40)])
        for f in range(3)
    ]
    files.append(Path(fixture).read_bytes())
    serial = [list(pdfium_pages("x.pdf", data, None, DEFAULT_LIMITS)) for data in files]
    report = soc2parse.load(fixture).to_dict()

    def pages(start: int) -> bool:
        order = [(start + k) % len(files) for k in range(2 * len(files))]
        return all(
            list(pdfium_pages("x.pdf", files[i], None, DEFAULT_LIMITS)) == serial[i] for i in order
        )

    def whole(_: int) -> bool:
        return soc2parse.load(fixture).to_dict() == report

    with ThreadPoolExecutor(THREADS) as pool:
        same_pages = all(pool.map(pages, range(THREADS)))
        same_reports = all(pool.map(whole, range(4)))
    print(f"pages equal: {same_pages}; reports equal: {same_reports}")
    return 0 if same_pages and same_reports else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
