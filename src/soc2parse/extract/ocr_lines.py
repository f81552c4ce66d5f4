"""OCR lines: Tesseract's TSV -> lines of words -> blocks of words in points, deskewed.

The pure half of the OCR stage (``extract.ocr`` runs Tesseract and settles doubtful
words; this module only reshapes what it read): Tesseract's words are grouped by the
lines it found (:func:`tsv_words`, :func:`words_to_lines`), specks of the scan read as
marks are dropped (:func:`speck`), the page's skew is measured from its lines
(:func:`skew_slope`), and each line becomes one block of words in points, deskewed,
whose box is its font's box (:func:`font_box`), not the ink of its letters
(:func:`lines_to_chars`). The table reader rebuilds rows from those boxes as from a
PDF's text.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence

from soc2parse.extract.layout import Char, normalize_text
from soc2parse.extract.ocr_words import OcrLine, OcrWord

__all__ = [
    "MIN_CONFIDENCE",
    "font_box",
    "lines_to_chars",
    "skew_slope",
    "speck",
    "tsv_rows",
    "tsv_to_lines",
    "tsv_words",
    "words_to_lines",
]

# Words Tesseract is less sure of than this (0-100) are specks and smudges, not text,
# unless a second reading from the word's own crop agrees (``extract.ocr_reread``).
MIN_CONFIDENCE = 20.0


# A line's letters span ascender to descender, about 0.85 of its font size (Helvetica,
# Arial, Times): the font size is the line's height over that.
_SIZE_PER_HEIGHT = 1 / 0.85


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
    for key, word in tsv_rows(tsv):
        lines.setdefault(key, []).append(word)
    return tuple(tuple(words) for words in lines.values())


def tsv_rows(tsv: str) -> Iterator[tuple[tuple[str, ...], OcrWord]]:
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
    found: Sequence[Sequence[OcrWord]], min_confidence: float = MIN_CONFIDENCE
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


# Of those, the marks prose never sets even beside another mark: a word of marks holding
# one ("\u2014_", "-~") is a speck too, though a dash alone is not.
_NEVER_MARKS = frozenset("=~_^`|\u00a6\u00ac\u00b0")


def speck(text: str) -> bool:
    """Whether an OCR word is only marks that prose never sets alone, or only marks one of
    which prose never sets at all: a speck read as one.

    >>> [speck(t) for t in ("=", "~", ".", "_,", "'", "|", "\u2014_", "-~", "~-")]
    [True, True, True, True, True, True, True, True, True]
    >>> [speck(t) for t in ("-", "\u2013", "&", "#", "%", "\u2022", "(a)", "No.", "5", "a_b")]
    [False, False, False, False, False, False, False, False, False, False]
    """
    if not text or any(c.isalnum() for c in text):
        return False
    return all(c in _SPECK_MARKS for c in text) or any(c in _NEVER_MARKS for c in text)


def tsv_to_lines(tsv: str, min_confidence: float = MIN_CONFIDENCE) -> tuple[OcrLine, ...]:
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
