"""OCR: pages without a text layer -> words with boxes, as the character sources give them.

A page that holds images but no text (a scan, a signed letter scanned into a
digital report) is rendered by PDFium in grayscale and read by Tesseract
(Debian's ``tesseract-ocr``, run as a program: nothing is downloaded, no model is
fetched). Tesseract's words, grouped by the lines it found, become the same
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
import statistics
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from soc2parse._errors import NotAPdfError, ResourceLimitError
from soc2parse._limits import Limits
from soc2parse._pages import RawPage
from soc2parse.extract.layout import Char, chars_to_lines, normalize_text
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
    "lines_to_chars",
    "missing_ocr_reason",
    "ocr_pages",
    "skew_slope",
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
# Words Tesseract is less sure of than this (0-100) are specks and smudges, not text,
# unless a second reading from the word's own crop agrees (``extract.ocr_reread``).
_MIN_CONFIDENCE = 20.0


# A line's letters span ascender to descender, about 0.85 of its font size (Helvetica,
# Arial, Times): the font size is the line's height over that.
_SIZE_PER_HEIGHT = 1 / 0.85


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


def tsv_words(tsv: str) -> tuple[tuple[OcrWord, ...], ...]:
    """Tesseract's TSV output -> its lines, each the tuple of its words, as found.

    Every word is kept, with its box and confidence; an unreadable row is skipped.

    >>> rows = [
    ...     "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop"
    ...     "\\twidth\\theight\\tconf\\ttext",
    ...     "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t12\\t96.5\\tIn",
    ... ]
    >>> tsv_words("\\n".join(rows))
    ((OcrWord(text='In', left=10, top=20, right=40, bottom=32, confidence=96.5),),)
    """
    lines: dict[tuple[str, ...], list[OcrWord]] = {}
    for key, word in _tsv_rows(tsv):
        lines.setdefault(key, []).append(word)
    return tuple(tuple(words) for words in lines.values())


def _tsv_rows(tsv: str) -> Iterator[tuple[tuple[str, ...], OcrWord]]:
    """Each word of Tesseract's TSV with its line's key (image, block, paragraph, line)."""
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(v) for v in cells[6:10])
            confidence = float(cells[10])
        except ValueError:
            continue
        word = OcrWord(text, left, top, left + width, top + height, confidence)
        yield (cells[1], cells[2], cells[3], cells[4]), word


def words_to_lines(
    found: Sequence[Sequence[OcrWord]], min_confidence: float = _MIN_CONFIDENCE
) -> tuple[OcrLine, ...]:
    """Lines of words -> :class:`OcrLine` records, words below ``min_confidence`` dropped.

    A line's box is the box of its words; its words are put in left-to-right order. A
    word made only of marks that prose never sets alone ("=", "~", "_", a lone stop or
    quote: :func:`speck`) is a speck of the scan read as a character, and is dropped too:
    beside a cell's last word it would seem to run across the column border.
    """
    out = []
    for line in found:
        kept = (w for w in line if w.confidence >= min_confidence and not speck(w.text))
        words = sorted(kept, key=lambda w: w.left)
        if not words:
            continue
        out.append(
            OcrLine(
                words=tuple((w.text, w.left, w.right) for w in words),
                top=min(w.top for w in words),
                bottom=max(w.bottom for w in words),
                bottoms=tuple(w.bottom for w in words),
                tops=tuple(w.top for w in words),
            )
        )
    return tuple(out)


# Marks that prose never sets as a word of their own.
_SPECK_MARKS = frozenset(
    "=~_^`|\u00a6\u00ab\u00bb\u00ac\u00b0\u00b7.,:;'\"\u2018\u2019\u201c\u201d"
)


def speck(text: str) -> bool:
    """Whether an OCR word is only marks that prose never sets alone: a speck read as one.

    >>> [speck(t) for t in ("=", "~", ".", "_,", "'", "|")]
    [True, True, True, True, True, True]
    >>> [speck(t) for t in ("-", "\u2013", "&", "#", "%", "\u2022", "(a)", "No.", "5")]
    [False, False, False, False, False, False, False, False, False]
    """
    return bool(text) and all(c in _SPECK_MARKS for c in text)


def tsv_to_lines(tsv: str, min_confidence: float = _MIN_CONFIDENCE) -> tuple[OcrLine, ...]:
    """Tesseract's TSV output -> its lines, each with its words, top to bottom as found.

    A line's box is the box of its words; words below ``min_confidence`` are dropped.

    >>> rows = [
    ...     "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop"
    ...     "\\twidth\\theight\\tconf\\ttext",
    ...     "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t12\\t96.5\\tIn",
    ...     "5\\t1\\t1\\t1\\t1\\t2\\t48\\t18\\t40\\t16\\t91.0\\tour",
    ...     "5\\t1\\t1\\t1\\t1\\t3\\t95\\t18\\t10\\t10\\t5.0\\t~",
    ... ]
    >>> (line,) = tsv_to_lines("\\n".join(rows))
    >>> line.words, line.top, line.bottom, line.bottoms, line.tops
    ((('In', 10, 40), ('our', 48, 88)), 18, 34, (32, 34), (20, 18))
    """
    return words_to_lines(tsv_words(tsv), min_confidence)


def skew_slope(lines: Sequence[OcrLine]) -> float:
    """How far a scan's lines fall per unit of width (``tan`` of the skew): the median slope
    of lines of four words or more, each fitted through its words' bottoms.

    A page scanned a degree askew moves a line's far end several points off its near end;
    cells of one table row, read as separate lines, would no longer share a baseline.

    >>> words = (("a", 0, 90), ("b", 100, 190), ("c", 200, 290), ("d", 300, 390))
    >>> line = OcrLine(words=words, top=0, bottom=30, bottoms=(20, 22, 24, 26))
    >>> round(skew_slope([line, line, line]), 3)
    0.02
    """
    slopes = []
    for line in lines:
        if len(line.words) < 4:
            continue
        xs = [(left + right) / 2 for _, left, right in line.words]
        mean_x = sum(xs) / len(xs)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread <= 0:
            continue
        bottoms = line.bottoms
        if len(bottoms) != len(xs):
            continue
        mean_y = sum(bottoms) / len(bottoms)
        slopes.append(
            sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, bottoms, strict=True)) / spread
        )
    if len(slopes) < 3:
        return 0.0
    slopes.sort()
    middle = slopes[len(slopes) // 2]
    # Less than a tenth of a degree is no skew worth correcting.
    return middle if abs(middle) > 0.0017 else 0.0


def lines_to_chars(
    lines: Sequence[OcrLine],
    scale: float,
    slope: float = 0.0,
    centre: float = 0.0,
    middle: float = 0.0,
) -> list[Char]:
    """OCR lines as blocks of words in points (``scale`` pixels to a point), deskewed.

    ``slope`` (from :func:`skew_slope`) is taken out about the page's vertical centre line
    ``centre`` and its horizontal middle line ``middle`` (pixels), as
    :func:`~soc2parse.extract.scan_rules.ruling_lines` takes it out of the table rules: a
    line falls back to its row, so cells of one table row share a baseline again, and its
    words move sideways by as much as the skew moved them, so that they stay inside the
    cells the rules draw (a degree's skew moves the top and bottom lines of a page five
    points to either side). A line's height (ascender to descender of its letters) stands
    for its font size.

    >>> line = OcrLine(words=(("Control", 100, 200),), top=0, bottom=20)
    >>> [(c.x0, c.x1) for c in lines_to_chars([line], 1.0, 0.01, 150.0, 510.0)]
    [(95.0, 195.0)]
    """
    chars = []
    for line in lines:
        left, right = line.words[0][1], line.words[-1][2]
        drop = ((left + right) / 2 - centre) * slope
        tilt = abs(slope) * (right - left) / 2  # the skew's share of the line's box height
        top, bottom = line.top - drop + tilt, line.bottom - drop - tilt
        if bottom - top < 2:
            top, bottom = line.top - drop, line.bottom - drop
        # Where the skew put the line sideways (as a vertical rule at this height is moved).
        aside = ((line.top + line.bottom) / 2 - middle) * slope
        size = round((bottom - top) / scale * _SIZE_PER_HEIGHT, 1)
        box = font_box(line, slope, centre)
        if box is not None:
            top, bottom = box
            size = round((bottom - top) / scale, 1)
        top, bottom = top / scale, bottom / scale
        parts = tuple(
            (normalize_text(text), (x0 + aside) / scale, (x1 + aside) / scale)
            for text, x0, x1 in line.words
        )
        chars.append(
            Char(
                text=" ".join(text for text, _, _ in parts),
                x0=parts[0][1],
                x1=parts[-1][2],
                top=top,
                bottom=bottom,
                size=size,
                fontname="",
                parts=parts,
            )
        )
    return chars


# Glyphs that reach below the baseline, and letters that reach the cap or ascender line.
_DESCENDING = frozenset("gjpqyQ,;()[]{}|/$@_")
_TALL = frozenset("ABCDEFGHIJKLMNOPRSTUVWXYZ0123456789bdfhklt")
# A font's cap and ascender line is about 0.72 of its size above the baseline, and its
# box reaches 0.21 of its size below (Helvetica, Arial and Times: 0.66-0.75 and 0.21).
_TALL_SHARE = 0.72
_DESCENT = 0.21


def font_box(line: OcrLine, slope: float = 0.0, centre: float = 0.0) -> tuple[float, float] | None:
    """The font's box of an OCR line, deskewed, in pixels: ``(top, bottom)``, or None.

    A line's words are boxed by their ink: "lines are made" stops at the baseline, "apply
    by" reaches below it, so two lines of one paragraph seem further apart or closer than
    they are, and their heights give their font size only roughly. The baseline is where
    the words without a descending glyph end, and the cap line where the words with a
    capital, a digit or a tall letter begin (medians, each word deskewed); the font's box
    is drawn from them, as a PDF's text gives it. None when the line has no word of
    either kind.

    >>> words = (("Tall", 0, 40), ("yes", 50, 80), ("and", 90, 120))
    >>> line = OcrLine(words, top=0, bottom=34, bottoms=(30, 34, 30), tops=(12, 16, 12))
    >>> [round(v, 2) for v in font_box(line)]  # baseline 30, cap line 12: size 25
    [10.25, 35.25]
    """
    if len(line.tops) != len(line.words) or len(line.bottoms) != len(line.words):
        return None
    bases: list[float] = []
    caps: list[float] = []
    for (text, left, right), upper, lower in zip(line.words, line.tops, line.bottoms, strict=True):
        drop = ((left + right) / 2 - centre) * slope
        if not _DESCENDING.intersection(text):
            bases.append(lower - drop)
        if _TALL.intersection(text):
            caps.append(upper - drop)
    if not bases or not caps:
        return None
    baseline, cap = statistics.median(bases), statistics.median(caps)
    if baseline - cap < 2:
        return None
    size = (baseline - cap) / _TALL_SHARE
    bottom = baseline + _DESCENT * size
    return bottom - size, bottom


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
    doubts = [w for line in found for w in line if doubtful(w, _MIN_CONFIDENCE)]
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
    settled: dict[OcrWord, tuple[OcrWord, ...]] = {}
    for word in doubts:
        readings = [second[word], *([third[word]] if word in third else [])]
        if word in days:
            day = settle_day(word, readings)
            words: tuple[OcrWord, ...] = (day,) if day else (word,)
            note = "changed" if day else "first"
        else:
            words, note = settle(word, second[word], third.get(word), _MIN_CONFIDENCE)
        settled[word] = words
        if note in ("changed", "kept", "split"):
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
    for (image, *_), word in _tsv_rows(run.tsv(images, single_line=True) if images else ""):
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
