"""OCR: pages without a text layer -> words with boxes, as the character sources give them.

A page that holds images but no text (a scan, a signed letter scanned into a
digital report) is rendered by PDFium in grayscale and read by Tesseract
(Debian's ``tesseract-ocr``, run as a program: nothing is downloaded, no model is
fetched). Tesseract's words, grouped by the lines it found (``extract.ocr_lines``), become the same
:class:`~soc2parse._pages.RawPage` records the PDF engines make (one block of
words per line, with each word's left and right edge), so sections, facts and the
tests-of-controls table are rebuilt from them as from any other page.

Before that, the page's doubtful words (ids, words below the confidence floor, an
impossible day beside a month) are read again from their own crops and settled by
agreement (``extract.ocr_reread``), and the page's lines are repaired where the page
supports it: stroke marks that are table rules dropped, misread header words put back
(``extract.ocr_repair``). Each change is logged here at DEBUG.

Limits: each page is rendered within ``Limits.max_ocr_pixels`` (a page too large
for :data:`OCR_DPI` is read at the resolution that fits); Tesseract runs as a child
process, which inherits a batch worker's memory ceiling, and is waited for in short
polls, so a batch time limit stops it (the child is killed).

Why Tesseract, and how well it reads our scans: ``docs/ocr.md``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from soc2parse._errors import NotAPdfError, ResourceLimitError
from soc2parse._limits import Limits
from soc2parse._pages import RawPage
from soc2parse.extract.layout import chars_to_lines
from soc2parse.extract.ocr_confusions import known_shapes, restore_id_letters
from soc2parse.extract.ocr_glued import split_glued_ids
from soc2parse.extract.ocr_lines import (
    MIN_CONFIDENCE,
    font_box,
    lines_to_chars,
    skew_slope,
    speck,
    tsv_rows,
    tsv_to_lines,
    tsv_words,
    words_to_lines,
)
from soc2parse.extract.ocr_repair import drop_rule_marks, repair_header_words, repair_id_case
from soc2parse.extract.ocr_reread import (
    MAX_REREAD,
    SECOND_MARGIN,
    THIRD_MARGIN,
    crop_box,
    doubtful,
    impossible_days,
    settle,
    settle_day,
)
from soc2parse.extract.ocr_words import OcrLine, OcrWord
from soc2parse.extract.scan_rules import ruling_lines

__all__ = [
    "OCR_DPI",
    "OcrLine",
    "OcrWord",
    "find_tesseract",
    "font_box",
    "lines_to_chars",
    "missing_ocr_reason",
    "ocr_pages",
    "restore_ids",
    "skew_slope",
    "speck",
    "tsv_to_lines",
    "tsv_words",
    "words_to_lines",
]

# Tesseract reads body text best with its letters 20 to 30 pixels high; 200 dpi gives
# 10-point text about 28 (docs/ocr.md: the same word accuracy as 300 dpi, in less time).
OCR_DPI = 200

_log = logging.getLogger(__name__)

# The program, found on PATH; SOC2PARSE_TESSERACT names another.
_PROGRAM = "tesseract"
_LANGUAGE = "eng"
# How long one wait for Tesseract lasts before the time limit gets a chance to land.
_POLL_SECONDS = 0.1


def find_tesseract() -> str | None:
    """The path of the Tesseract program, or None when it is not installed."""
    return shutil.which(os.environ.get("SOC2PARSE_TESSERACT") or _PROGRAM)


def missing_ocr_reason() -> str:
    """What to install for OCR, for error messages and warnings."""
    return (
        "install the OCR extra: pip install 'soc2parse[ocr]' and Tesseract "
        "(Debian/Ubuntu: apt-get install tesseract-ocr), or run OCR first "
        "(e.g. ocrmypdf) and parse the result"
    )


def ocr_pages(
    display: str,
    data: bytes,
    password: str | None,
    numbers: Sequence[int],
    limits: Limits,
) -> Iterator[tuple[RawPage, float]]:
    """Render and read the pages ``numbers`` (1-based) of a PDF, one at a time.

    Args:
        display: what error messages call the file.
        data: the PDF's bytes (already opened once by a PDF engine).
        password: the password for an encrypted PDF, if any.
        numbers: the pages to read.
        limits: ``max_ocr_pixels`` caps each rendered page.

    Yields:
        ``(page, dpi)``: the page read by OCR and the resolution it was read at.

    Raises:
        NoTextLayerError: Tesseract is not installed (the message says what to install).
        ResourceLimitError: Tesseract failed or ran out of memory on a page.
    """
    program = find_tesseract()
    if program is None:
        from soc2parse._errors import NoTextLayerError

        raise NoTextLayerError(display, f"pages need OCR; {missing_ocr_reason()}")
    for number in numbers:
        image, width, height, dpi = _render(display, data, password, number, limits)
        scale = dpi / 72
        pixels = _pixels(image, width, height)
        run = _Run(display, program, number, dpi)
        found = _read_again(run, pixels, tsv_words(run.tsv([image])))
        read = words_to_lines(found)
        slope = skew_slope(read)
        # A scan's table grid is pixels: read it as the ruling lines a text PDF draws.
        rules = ruling_lines(pixels, scale, slope, width / 2)
        read, marks = drop_rule_marks(read, rules, scale, slope, height)
        read, repaired = repair_header_words(read)
        read, recased = repair_id_case(read)
        _log_repairs(display, number, marks, [*repaired, *recased])
        lines = chars_to_lines(lines_to_chars(read, scale, slope, width / 2, height / 2))
        del image, pixels
        yield (
            RawPage(
                number=number,
                width=width / scale,
                height=height / scale,
                lines=lines,
                rules=rules,
                char_count=sum(len(w.text) for line in lines for w in line.words),
                image_count=1,
            ),
            dpi,
        )


@attrs.frozen
class _Run:
    """How Tesseract is run for one page: the file's name for messages, the program, the
    page and its resolution."""

    display: str
    program: str
    number: int
    dpi: float

    def tsv(self, images: Sequence[bytes], *, single_line: bool = False) -> str:
        return _tesseract(
            self.display, self.program, images, self.number, self.dpi, single_line=single_line
        )


def _read_again(
    run: _Run, pixels: Any, found: tuple[tuple[OcrWord, ...], ...]
) -> tuple[tuple[OcrWord, ...], ...]:
    """The page's lines after a second (and where needed a third) reading of its doubtful
    words, each from its own crop (``extract.ocr_reread``). Both readings are made in one
    run of Tesseract (a run costs a third of a second to start); the third counts only where
    the second did not settle the word."""
    doubts = [w for line in found for w in line if doubtful(w, MIN_CONFIDENCE)]
    days = [w for line in found for w in impossible_days(line)]
    doubts = [w for w in dict.fromkeys([*days, *doubts]) if w.right > w.left and w.bottom > w.top]
    doubts = doubts[:MAX_REREAD]
    if not doubts:
        return found
    try:
        seconds, thirds = _read_crops(run, pixels, doubts, (SECOND_MARGIN, THIRD_MARGIN))
    except ResourceLimitError as error:
        # The second readings only improve a page: without them it is read as before.
        _log.warning("%s page %d: words not read again (%s)", run.display, run.number, error)
        return found
    second = dict(zip(doubts, seconds, strict=True))
    third = {
        w: again
        for w, again in zip(doubts, thirds, strict=True)
        if (settle_day(w, [second[w]]) is None if w in days else _disagree(w, second[w]))
    }
    # The shapes of the ids the page reads right: evidence for a word read below the floor.
    known = known_shapes(w.text for line in found for w in line if w.confidence >= MIN_CONFIDENCE)
    settled: dict[OcrWord, tuple[OcrWord, ...]] = {}
    for word in doubts:
        readings = [second[word], *([third[word]] if word in third else [])]
        if word in days:
            day = settle_day(word, readings)
            words: tuple[OcrWord, ...] = (day,) if day else (word,)
            note = "changed" if day else "first"
        else:
            words, note = settle(word, second[word], third.get(word), MIN_CONFIDENCE, known)
        settled[word] = words
        if note in ("changed", "kept", "split", "unmarked"):
            _log.debug(
                "%s page %d: OCR word %r (confidence %.0f) %s as %r by its readings %s",
                run.display,
                run.number,
                word.text,
                word.confidence,
                note,
                " ".join(w.text for w in words),
                [" ".join(w.text for w in r) for r in readings],
            )
    return tuple(tuple(w for word in line for w in settled.get(word, (word,))) for line in found)


def _disagree(first: OcrWord, again: Sequence[OcrWord]) -> bool:
    return " ".join(w.text for w in again) != first.text


def _read_crops(
    run: _Run, pixels: Any, words: Sequence[OcrWord], margins: Sequence[float]
) -> list[list[tuple[OcrWord, ...]]]:
    """Each word read again alone, from a crop of its box with a white margin (each of
    ``margins``, in inches), as one line (``--psm 7``), all in one run; for each margin,
    each word's reading, in page coordinates."""
    height, width = pixels.shape
    boxes = [
        crop_box(w, max(1, round(margin * run.dpi)), width, height)
        for margin in margins
        for w in words
    ]
    images = []
    for left, top, right, bottom in boxes:
        crop = pixels[top:bottom, left:right]
        images.append(b"P5\n%d %d\n255\n" % (right - left, bottom - top) + crop.tobytes())
    read: list[list[OcrWord]] = [[] for _ in boxes]
    for (image, *_), word in tsv_rows(run.tsv(images, single_line=True) if images else ""):
        index = int(image) - 1
        if not 0 <= index < len(boxes):
            continue
        left, top = boxes[index][0], boxes[index][1]
        read[index].append(
            attrs.evolve(
                word,
                left=word.left + left,
                right=word.right + left,
                top=word.top + top,
                bottom=word.bottom + top,
            )
        )
    count = len(words)
    return [[tuple(r) for r in read[k * count : (k + 1) * count]] for k in range(len(margins))]


def restore_ids(display: str, pages: Sequence[RawPage]) -> list[RawPage]:
    """The pages read by OCR of one document with the ids whose "I" was read as a thin
    glyph put back where the document's other ids support it
    (:func:`~soc2parse.extract.ocr_confusions.restore_id_letters`), and ids glued to the
    next cell's first word split where the page's other rows put that cell's edge
    (:func:`~soc2parse.extract.ocr_glued.split_glued_ids`); each change logged."""
    out, changes = restore_id_letters(pages)
    known = known_shapes(w.text for page in out for line in page.lines for w in line.words)
    out, split = split_glued_ids(out, known)
    for number, before, after in [*changes, *split]:
        _log.debug(
            "%s page %d: OCR word %r read as %r (by the ids the document reads right)",
            display,
            number,
            before,
            after,
        )
    return out


def _log_repairs(
    display: str, number: int, marks: Sequence[str], repaired: Sequence[tuple[str, str]]
) -> None:
    if marks:
        _log.debug(
            "%s page %d: %d marks read from vertical table rules dropped (%s)",
            display,
            number,
            len(marks),
            " ".join(marks),
        )
    for before, after in repaired:
        _log.debug("%s page %d: OCR word %r read as %r", display, number, before, after)


def _render(
    display: str, data: bytes, password: str | None, number: int, limits: Limits
) -> tuple[bytes, int, int, float]:
    """Page ``number`` as a binary PGM image: ``(image, width, height, dpi)`` in pixels."""
    import pypdfium2 as pdfium

    from soc2parse.extract.pdfium.bindings import pdfium_lock

    with pdfium_lock():
        try:
            document = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as error:
            raise NotAPdfError(
                display, f"cannot be opened to render pages for OCR ({error})"
            ) from None
        try:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                dpi = float(OCR_DPI)
                pixels = (width * dpi / 72) * (height * dpi / 72)
                if pixels > limits.max_ocr_pixels:
                    dpi *= math.sqrt(limits.max_ocr_pixels / pixels)
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                try:
                    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
                    raw = bytes(bitmap.buffer)
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()
    rows = raw if stride == w else b"".join(raw[i * stride : i * stride + w] for i in range(h))
    return b"P5\n%d %d\n255\n" % (w, h) + rows, w, h, dpi


def _pixels(image: bytes, width: int, height: int) -> Any:
    """A binary PGM image (as :func:`_render` makes it) as a ``(height, width)`` array."""
    import numpy as np

    return np.frombuffer(image, dtype=np.uint8, offset=len(image) - width * height).reshape(
        height, width
    )


def _tesseract(
    display: str,
    program: str,
    images: Sequence[bytes],
    number: int,
    dpi: float,
    *,
    single_line: bool = False,
) -> str:
    """Run Tesseract on PGM images (several: listed in a file, read in one run, each an
    image of the TSV's ``page_num``); its TSV output. ``single_line``: each image is one
    line of text (``--psm 7``), as a word's crop is.

    Waited for in short polls, so that a time limit (an asynchronous exception) stops it;
    the child is killed whenever this returns early.
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread: workers share the cores
    with tempfile.TemporaryDirectory(prefix="soc2parse-ocr-") as folder:
        paths = []
        for index, image in enumerate(images):
            paths.append(os.path.join(folder, f"page-{number}-{index}.pgm"))
            with open(paths[-1], "wb") as handle:
                handle.write(image)
        path = paths[0]
        if len(paths) > 1:
            path = os.path.join(folder, "images.txt")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("".join(f"{p}\n" for p in paths))
        command = [program, path, "stdout", "--dpi", str(round(dpi)), "-l", _LANGUAGE]
        if single_line:
            command += ["--psm", "7"]
        command.append("tsv")
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError as error:
            raise ResourceLimitError(
                display, f"page {number}: the OCR program could not start ({error})"
            ) from None
        try:
            while True:
                try:
                    out, err = process.communicate(timeout=_POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    continue
        finally:
            if process.poll() is None:
                process.kill()
                with contextlib.suppress(Exception):
                    process.communicate(timeout=5)
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ResourceLimitError(
            display,
            f"page {number}: OCR failed (Tesseract exit {process.returncode}: "
            f"{detail[0][:160]}); the page may be too large for the memory ceiling "
            "(raise max_memory or Limits.max_ocr_pixels if the file is trusted)",
        )
    return out.decode("utf-8", "replace")
