"""The reference engine: pdfplumber (pdfminer's parser) read into the page model.

This module owns :func:`pdfplumber_pages`, which opens the PDF with pdfplumber and makes
each page's characters (level and upright glyphs with a Unicode mapping) and ruling edges
into the same :class:`~soc2parse._pages.RawPage` records the fast engine makes, through
the shared layout code; pdfminer's many exception types become the contract's errors.
pdfminer's module-level caches are not thread-safe, so one process-wide lock is held for
the whole of each call (:func:`pdfminer_turn`; the fast engine takes it too while it reads
Type 3 fonts with pdfminer's classes).
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from typing import Any

from soc2parse._errors import Soc2ParseError
from soc2parse._limits import Limits
from soc2parse._pages import RawPage, Rule
from soc2parse.extract.failures import check_page_count, check_page_size
from soc2parse.extract.failures import corrupt as _corrupt
from soc2parse.extract.failures import password_error as _password_error
from soc2parse.extract.layout import Char, chars_to_lines

__all__ = ["pdfminer_turn", "pdfplumber_pages"]

# pdfminer keeps module-level caches (fonts, CMaps) that were never meant for threads; the
# reference extractor is pure Python, so taking turns costs threads nothing.
_PDFPLUMBER_LOCK = threading.Lock()


def pdfplumber_pages(
    display: str,
    data: bytes,
    password: str | None,
    limits: Limits,
    only: set[int] | None = None,
) -> list[RawPage]:
    """Read the pages of a PDF with pdfplumber, in order: all of them, or those in ``only``.

    Threads take turns (see :data:`_PDFPLUMBER_LOCK`); the wait is polled, so a time limit
    can land while a thread waits.

    Raises:
        EncryptedPdfError: a password is needed, or the one given is wrong.
        NotAPdfError: the file or one of its pages is damaged beyond repair.
        ResourceLimitError: too many pages, or a page too large.
    """
    with pdfminer_turn():
        return list(_pdfplumber_pages(display, data, password, limits, only))


@contextlib.contextmanager
def pdfminer_turn() -> Iterator[None]:
    """Hold the process-wide lock around pdfminer (see :data:`_PDFPLUMBER_LOCK`).

    The wait is polled, so a time limit can land while a thread waits.
    """
    while not _PDFPLUMBER_LOCK.acquire(timeout=0.05):  # polled: a time limit can land
        pass
    try:
        yield
    finally:
        _PDFPLUMBER_LOCK.release()


def _pdfplumber_pages(
    display: str,
    data: bytes,
    password: str | None,
    limits: Limits,
    only: set[int] | None = None,
) -> Iterator[RawPage]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except (Soc2ParseError, MemoryError):
        raise
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        if _caused_by(error, PDFPasswordIncorrect):
            raise _password_error(display, password) from None
        raise _corrupt(display, error) from None
    try:
        try:
            count = len(pdf.pages)
        except MemoryError:
            raise
        except Exception as error:
            if _caused_by(error, PDFPasswordIncorrect):
                raise _password_error(display, password) from None
            raise _corrupt(display, error) from None
        check_page_count(display, count, limits)
        for index in range(count):
            if only is not None and index + 1 not in only:
                continue
            page = pdf.pages[index]
            try:
                yield _plumber_page(display, page, index + 1, limits)
            except (Soc2ParseError, MemoryError):
                raise
            except Exception as error:
                raise _corrupt(display, error, page=index + 1) from None
            finally:
                # Without closing, pdfplumber keeps every parsed page's objects (10x the memory).
                _quietly(page.close)
    finally:
        _quietly(pdf.stream.close)


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """True when ``error`` is, wraps or was raised from an exception of ``kind``.

    pdfplumber wraps pdfminer's errors (``PdfminerException(original)``).
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        pending += [current.__cause__, current.__context__]
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
    return False


def _quietly(close: Any) -> None:
    """Release a resource; a damaged file may fail again while closing, which changes nothing."""
    with contextlib.suppress(Exception):
        close()


def _plumber_page(display: str, page: Any, number: int, limits: Limits) -> RawPage:
    width, height = float(page.width), float(page.height)
    check_page_size(display, number, width, height, limits)
    # pdfminer writes "(cid:42)" for a glyph it cannot map to Unicode: not text.
    undecodable = sum(1 for c in page.chars if c["text"].startswith("(cid:"))
    chars = [
        Char(
            text=c["text"],
            x0=float(c["x0"]),
            x1=float(c["x1"]),
            top=float(c["top"]),
            bottom=float(c["bottom"]),
            size=float(c.get("size") or 0.0),
            fontname=str(c.get("fontname") or ""),
        )
        for c in page.chars
        if _level(c) and not c["text"].startswith("(cid:")
    ]
    rules = tuple(_plumber_rules(page))
    return RawPage(
        number=number,
        width=width,
        height=height,
        lines=chars_to_lines(chars),
        rules=rules,
        char_count=sum(1 for c in chars if c.text.strip()),
        image_count=len(page.images),
        undecodable=undecodable,
    )


def _level(char: dict[str, Any]) -> bool:
    """True for a glyph set level and upright: pdfminer's upright test, and no rotation.

    pdfminer calls a 45-degree glyph upright; a diagonal watermark ("CONFIDENTIAL",
    "DRAFT") would then scatter one-letter lines through the page.
    """
    if not char.get("upright", True):
        return False
    a, b, c, d = (float(v) for v in char.get("matrix", (1, 0, 0, 1, 0, 0))[:4])
    return abs(b) <= 0.01 * abs(a) and abs(c) <= 0.01 * abs(d)


def _plumber_rules(page: Any) -> Iterator[Rule]:
    for edge in page.edges:
        x0, x1 = float(edge["x0"]), float(edge["x1"])
        top, bottom = float(edge["top"]), float(edge["bottom"])
        if max(x1 - x0, bottom - top) < 2.0:
            continue
        yield Rule(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
