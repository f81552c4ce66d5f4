"""The records OCR's words travel in: a word as Tesseract read it, a line of them.

Kept apart from ``extract.ocr`` (which runs Tesseract) so that the modules which read
words again (``extract.ocr_reread``) and repair them (``extract.ocr_repair``) share them
without importing the runner.
"""

from __future__ import annotations

import attrs

__all__ = ["OcrLine", "OcrWord"]


@attrs.frozen
class OcrWord:
    """One word as Tesseract gave it: text, box in pixels, confidence (0-100)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float


@attrs.frozen
class OcrLine:
    """One line as Tesseract found it: its words (text, left, right) and its box, in pixels."""

    words: tuple[tuple[str, int, int], ...]
    top: int
    bottom: int
    # Each word's bottom edge, for measuring skew.
    bottoms: tuple[int, ...] = ()
    # Each word's top edge, for the line's font box (``ocr.lines_to_chars``).
    tops: tuple[int, ...] = ()
