"""Time and accuracy of OCR per page: ``python benchmarks/ocr.py [--dpi 200] [--rapidocr]``.

For every scanned fixture in ``fixtures/scans/`` (the pages without a text layer), each
page goes through soc2parse's whole OCR stage (``extract.ocr.ocr_pages``: rendering,
Tesseract, the second readings of doubtful words, the ruling lines, the repairs); the
words found are compared with the words of the same page of the text fixture it was
made from (``fixtures/reports/``), as a multiset of letters-and-digits words (word
recall). Prints, per file and in all: pages, word recall, wall seconds per page,
Tesseract's CPU seconds per page (child processes: ``RUSAGE_CHILDREN``) and this
process's own (rendering, pixels, repairs). On a shared machine the CPU time is the
steadier figure; the load average is printed before and after.

``--rapidocr`` also reads every page with rapidocr-onnxruntime (models in its wheel),
when it is installed, for the comparison in docs/ocr.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from soc2parse._limits import DEFAULT_LIMITS, Limits  # noqa: E402
from soc2parse.extract import ocr as _ocr  # noqa: E402

_WORD = regex.compile(r"[A-Za-z0-9]+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def text_of(pdf: Path, number: int) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[number - 1]
        textpage = page.get_textpage()
        return str(textpage.get_text_range())
    finally:
        document.close()


def tesseract_page(data: bytes, number: int, limits: Limits) -> str:
    """The words of page ``number`` as soc2parse's OCR stage gives them."""
    ((page, _),) = _ocr.ocr_pages("bench", data, None, [number], limits)
    return " ".join(w.text for line in page.lines for w in line.words)


def rapidocr_page(engine: object, data: bytes, number: int) -> str:
    import numpy as np

    document = pdfium.PdfDocument(data)
    try:
        image = document[number - 1].render(scale=_ocr.OCR_DPI / 72).to_numpy()
    finally:
        document.close()
    found, _ = engine(np.ascontiguousarray(image[:, :, :3]))  # type: ignore[operator]
    return " ".join(item[1] for item in found or [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=_ocr.OCR_DPI, help="render resolution")
    parser.add_argument("--rapidocr", action="store_true", help="also time rapidocr-onnxruntime")
    args = parser.parse_args()
    _ocr.OCR_DPI = args.dpi
    limits = DEFAULT_LIMITS
    rapid = None
    if args.rapidocr:
        from rapidocr_onnxruntime import RapidOCR

        rapid = RapidOCR()
    print(f"load average before: {os.getloadavg()[0]:.2f}; OCR at {args.dpi} dpi")
    totals: dict[str, list[float]] = {}
    for scan in sorted((ROOT / "fixtures" / "scans").glob("*.pdf")):
        import json

        expected = json.loads(scan.with_suffix(".json").read_text(encoding="utf-8"))
        original = ROOT / "fixtures" / "reports" / (scan.stem.rsplit("-", 1)[0] + ".pdf")
        data = scan.read_bytes()
        engines = {"tesseract": lambda n, data=data: tesseract_page(data, n, limits)}
        if rapid is not None:
            engines["rapidocr"] = lambda n, data=data: rapidocr_page(rapid, data, n)
        for name, read in engines.items():
            found = want = 0
            cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
            own_before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
            started = time.perf_counter()
            pages = expected["ocr_pages"]
            for number in pages:
                truth = words(text_of(original, number))
                found += sum((truth & words(read(number))).values())
                want += sum(truth.values())
            wall = (time.perf_counter() - started) / len(pages)
            cpu = (resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu_before) / len(pages)
            own = (resource.getrusage(resource.RUSAGE_SELF).ru_utime - own_before) / len(pages)
            row = totals.setdefault(name, [0, 0, 0, 0.0, 0.0, 0.0])
            row[0] += len(pages)
            row[1] += found
            row[2] += want
            row[3] += wall * len(pages)
            row[4] += cpu * len(pages)
            row[5] += own * len(pages)
            cpu_note = (
                f", Tesseract CPU {cpu:.2f} s/page, own CPU {own:.2f} s/page"
                if name == "tesseract"
                else ""
            )
            print(
                f"{scan.name} [{name}]: {len(pages)} pages, word recall {found / want:.4f}, "
                f"wall {wall:.2f} s/page{cpu_note}"
            )
    for name, (pages, found, want, wall, cpu, own) in totals.items():
        cpu_note = (
            f", Tesseract CPU {cpu / pages:.2f} s/page, own CPU {own / pages:.2f} s/page"
            if name == "tesseract"
            else ""
        )
        print(
            f"ALL [{name}]: {pages:.0f} pages, word recall {found / want:.4f}, "
            f"wall {wall / pages:.2f} s/page{cpu_note}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
