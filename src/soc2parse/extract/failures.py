"""The contract's errors for a PDF that cannot be opened, shared by every engine."""

from __future__ import annotations

from soc2parse._errors import EncryptedPdfError, NotAPdfError, ResourceLimitError
from soc2parse._limits import Limits

__all__ = ["check_page_count", "check_page_size", "corrupt", "password_error"]


def password_error(display: str, password: str | None) -> EncryptedPdfError:
    if password:
        return EncryptedPdfError(
            display, "the password given is wrong; check it with the report's sender"
        )
    return EncryptedPdfError(
        display,
        "is encrypted and needs a password to open; pass password=... "
        "(or --password on the command line)",
    )


def corrupt(display: str, error: Exception, page: int | None = None) -> NotAPdfError:
    where = f" (page {page})" if page else ""
    detail = f"{type(error).__name__}: {error}"[:160]
    return NotAPdfError(
        display,
        f"is damaged or truncated{where} and cannot be read ({detail}); "
        "ask for the file again or re-save it from a PDF viewer",
    )


def check_page_count(display: str, count: int, limits: Limits) -> None:
    """Refuse a PDF with more pages than ``limits.max_pages``, as every engine does."""
    if count > limits.max_pages:
        raise ResourceLimitError(
            display,
            f"has {count:,} pages, over the limit of {limits.max_pages:,}; "
            "raise Limits.max_pages if the file is trusted",
        )


def check_page_size(display: str, number: int, width: float, height: float, limits: Limits) -> None:
    """Refuse a page with a side longer than ``limits.max_page_side``, as every engine does."""
    if max(width, height) > limits.max_page_side:
        raise ResourceLimitError(
            display,
            f"page {number} is {width:.0f} x {height:.0f} points, over the "
            f"{limits.max_page_side:.0f}-point limit; raise Limits.max_page_side if trusted",
        )
