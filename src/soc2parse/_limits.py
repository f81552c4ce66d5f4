"""Safety limits for untrusted input (ground floor: every stage that reads bytes honours them)."""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


@attrs.frozen(kw_only=True)
class Limits:
    """Safety limits for untrusted input; every one can be raised by the caller.

    Attributes:
        max_bytes: the largest input accepted.
        max_pages: the most pages a PDF may have.
        max_page_side: the longest page side, in points (200 inches by default).
        max_stream_bytes: the most one compressed stream may inflate to.
        max_inflated_bytes: the most all compressed streams together may inflate to.
        max_ocr_pixels: the most pixels one page is rendered at for OCR; a larger page is
            read at the lower resolution that fits (and a warning says so).
    """

    max_bytes: int = 512 * 1024 * 1024
    max_pages: int = 3000
    max_page_side: float = 14400.0
    max_stream_bytes: int = 256 * 1024 * 1024
    max_inflated_bytes: int = 1024 * 1024 * 1024
    # A tabloid page at 200 dpi is 6.7 million pixels; 16 million is a grayscale image
    # of 16 MiB, and Tesseract's own memory grows with it.
    max_ocr_pixels: int = 16_000_000


DEFAULT_LIMITS = Limits()
