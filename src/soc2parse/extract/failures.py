"""The contract's errors for a PDF that cannot be opened, shared by every engine."""

from __future__ import annotations

from soc2parse._errors import EncryptedPdfError, NotAPdfError

__all__ = ["corrupt", "password_error"]


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
