"""Extraction: the only stage that touches the PDF.

``extract(source)`` reads the bytes, opens the PDF with pdfplumber (the
reference extractor), turns each page's characters and ruling lines into the
project's own page model, drops running headers and footers and marks
table-of-contents pages. Every failure becomes one of the contract's errors,
naming the file and the next step; no dependency's exception escapes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import stat
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import regex

from soc2parse._errors import (
    NotAPdfError,
    NoTextLayerError,
    ResourceLimitError,
    Soc2ParseError,
    SourceUnreadableError,
)
from soc2parse._limits import DEFAULT_LIMITS, Limits
from soc2parse._pages import Document, Page, RawPage, Rule
from soc2parse.extract.failures import corrupt as _corrupt
from soc2parse.extract.failures import password_error as _password_error
from soc2parse.extract.inflate import check_inflation
from soc2parse.extract.layout import Char, chars_to_lines, find_furniture, is_toc_page

__all__ = ["OCR_SETTINGS", "Limits", "extract", "needs_ocr", "ocr_wanted", "read_source"]


_log = logging.getLogger(__name__)

# The character sources extract() can read with: the fast one first (the default).
ENGINES = ("pdfium", "pdfplumber")

# pdfminer keeps module-level caches (fonts, CMaps) that were never meant for threads; the
# reference extractor is pure Python, so taking turns costs threads nothing.
_PDFPLUMBER_LOCK = threading.Lock()

# Characters a page needs before it counts as having a text layer (stray marks do not).
_MIN_TEXT_CHARS = 20


def read_source(source: Any, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, str, bytes]:
    """Read a path, bytes or binary stream into ``(source name, display name, bytes)``.

    Only regular files are read (a device, pipe or socket is refused before any read), and
    never more than ``limits.max_bytes + 1`` bytes of anything.

    Raises:
        SourceUnreadableError: the file is missing, unreadable, a folder or no regular file;
            the stream fails; the source is of no readable kind.
        ResourceLimitError: the input is larger than ``limits.max_bytes``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        try:
            data = bytes(source)  # copies a strided or typed view as its bytes, in order
        except (ValueError, TypeError, BufferError) as error:
            raise SourceUnreadableError(
                "<bytes>", f"the buffer cannot be read ({error}); pass the PDF's bytes"
            ) from None
        name: str | None = None
    elif isinstance(source, (str, os.PathLike)):
        try:
            name = os.fsdecode(os.fspath(source))
        except (TypeError, ValueError) as error:
            raise SourceUnreadableError(
                repr(source)[:80], f"is not a usable path ({error}); pass a str or Path"
            ) from None
        data = _read_file(name, limits)
    elif hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        try:
            data = source.read(limits.max_bytes + 1)
        except Exception as error:  # a caller's stream may raise anything
            raise SourceUnreadableError(
                name or "<stream>",
                f"the stream cannot be read ({type(error).__name__}: {error}"[:200]
                + "); pass the bytes instead",
            ) from None
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise SourceUnreadableError(
                name or "<stream>", "the stream gives text, not bytes; open the file with 'rb'"
            )
    else:
        raise SourceUnreadableError(
            repr(source)[:80],
            "is not a path, bytes or a binary file object; pass one of those",
        )
    digest = hashlib.sha256(data).hexdigest()
    display = name or f"<pdf sha256:{digest[:12]}>"
    if len(data) > limits.max_bytes:
        raise ResourceLimitError(display, _too_big(len(data), limits))
    return name, digest, data


# Opened without blocking (a named pipe would wait for a writer) and never inherited.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_file(name: str, limits: Limits) -> bytes:
    """The bytes of the regular file ``name``, at most ``limits.max_bytes + 1`` of them."""
    shown = name.replace("\0", "\\0")
    if "\0" in name:
        raise SourceUnreadableError(
            shown, "the path contains a NUL character, which no file name can; check the path"
        )
    try:
        handle = os.open(name, _OPEN_FLAGS)
    except FileNotFoundError:
        raise SourceUnreadableError(name, "no such file; check the path") from None
    except PermissionError:
        raise SourceUnreadableError(
            name, "permission denied; check the file's read permissions"
        ) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise SourceUnreadableError(name, f"cannot be opened ({reason}); check the path") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise SourceUnreadableError(
                name, "is a folder, not a PDF; pass the PDF files in it (or use load_many)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise SourceUnreadableError(
                name,
                "is not a regular file (a device, pipe or socket); copy the report into a "
                "file and pass that",
            )
        if info.st_size > limits.max_bytes:
            raise ResourceLimitError(name, _too_big(info.st_size, limits))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(limits.max_bytes + 1)
    except OSError as error:
        if isinstance(error, Soc2ParseError):
            raise
        raise SourceUnreadableError(
            name, f"cannot be read ({error.strerror or error}); check the file"
        ) from None
    finally:
        os.close(handle)


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"is {size:,} bytes, over the {limits.max_bytes:,}-byte limit; "
        "raise Limits.max_bytes if the file is trusted"
    )


def extract(
    source: Any,
    *,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    engine: str = "pdfium",
    ocr: bool | str = "auto",
) -> Document:
    """Read ``source`` into a :class:`Document` of pages.

    Args:
        source: a path, bytes or a binary file object.
        password: the password for an encrypted PDF.
        limits: safety limits for untrusted input.
        engine: the character source: ``"pdfium"`` (pypdfium2, fast, the default) or
            ``"pdfplumber"`` (the reference). Both feed the same layout functions.
        ocr: read the pages that hold images but no text with OCR (``soc2parse.extract.ocr``):
            ``"auto"`` when Tesseract is installed, ``True`` always (an error names what
            to install when it is not), ``False`` never.

    Raises:
        SourceUnreadableError, NotAPdfError, EncryptedPdfError, NoTextLayerError,
        ResourceLimitError: as their names say; each message names the file.
        ValueError: an unknown ``engine`` or ``ocr`` setting.
    """
    use_ocr = ocr_wanted(ocr)
    name, digest, data = read_source(source, limits)
    display = name or f"<pdf sha256:{digest[:12]}>"
    check_pdf_header(display, data)
    check_inflation(
        display,
        data,
        max_stream=limits.max_stream_bytes,
        max_total=limits.max_inflated_bytes,
    )
    if engine == "pdfplumber":
        while not _PDFPLUMBER_LOCK.acquire(timeout=0.05):  # polled: a time limit can land
            pass
        try:
            raw = list(_pdfplumber_pages(display, data, password, limits))
        finally:
            _PDFPLUMBER_LOCK.release()
    elif engine == "pdfium":
        from soc2parse.extract.pdfium.pages import pdfium_pages

        raw = list(pdfium_pages(display, data, password, limits))
        raw = _reread_with_reference(display, data, password, limits, raw)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    scanned = tuple(page.number for page in raw if needs_ocr(page))
    lowered: list[tuple[int, float]] = []
    if scanned and use_ocr:
        from soc2parse.extract.ocr import OCR_DPI, ocr_pages

        read: dict[int, RawPage] = {}
        for page, dpi in ocr_pages(display, data, password, scanned, limits):
            read[page.number] = page
            if dpi < OCR_DPI - 0.5:
                lowered.append((page.number, dpi))
        raw = [read.get(page.number, page) for page in raw]
    pages = assemble_pages(raw)
    check_text_layer(display, raw, ocr_tried=bool(scanned and use_ocr))
    reread = tuple(page.number for page in raw if page.reread)
    return Document(
        source=name,
        sha256=digest,
        pages=pages,
        reread_pages=reread,
        ocr_pages=scanned if use_ocr else (),
        unread_image_pages=() if use_ocr else scanned,
        ocr_lowered=tuple(lowered),
    )


# The values ``ocr=`` takes; the command line's --ocr {auto,on,off} map onto them.
OCR_SETTINGS: dict[object, str] = {
    "auto": "auto",
    True: "on",
    "on": "on",
    False: "off",
    "off": "off",
}


def ocr_wanted(ocr: bool | str) -> bool:
    """Whether pages without a text layer are read by OCR, for an ``ocr=`` setting.

    ``"auto"`` is True when Tesseract is installed.

    Raises:
        ValueError: a setting other than ``"auto"``, ``True``/``"on"``, ``False``/``"off"``.
    """
    try:
        if not isinstance(ocr, (bool, str)):
            raise TypeError(ocr)
        setting = OCR_SETTINGS[ocr]
    except (KeyError, TypeError):
        raise ValueError(f"ocr must be 'auto', True or False, got {ocr!r}") from None
    if setting == "auto":
        from soc2parse.extract.ocr import find_tesseract

        return find_tesseract() is not None
    return setting == "on"


def needs_ocr(page: RawPage) -> bool:
    """True for a page that shows images but carries (almost) no text: a scan."""
    return page.char_count < _MIN_TEXT_CHARS and page.image_count > 0 and not page.undecodable


def check_pdf_header(display: str, data: bytes) -> None:
    """Reject input that does not start like a PDF (real files may have junk before ``%PDF-``)."""
    if b"%PDF-" not in data[:1024]:
        kind = "is empty" if not data else "is not a PDF (no %PDF- header)"
        if _PATH_LIKE.fullmatch(data[:4096]):
            raise NotAPdfError(
                display,
                f"{kind}; these bytes look like a file name: pass the path as a str or "
                "pathlib.Path, not as bytes",
            )
        raise NotAPdfError(display, f"{kind}; check that the file is the report's PDF")


# Bytes that read as a file name ending in ".pdf" ("report.pdf", "/data/x.PDF"): a caller
# who passed a name as bytes.
_PATH_LIKE = regex.compile(
    rb"\s* [^\x00-\x1f<>]{0,4000} \.pdf \s*", regex.VERBOSE | regex.IGNORECASE
)


def assemble_pages(raw: Sequence[RawPage]) -> tuple[Page, ...]:
    """Drop running headers and footers, mark contents pages, and build the page model."""
    furniture = find_furniture([(p.height, p.lines, p.rules) for p in raw])
    pages: list[Page] = []
    previous_toc = False
    for page, drop in zip(raw, furniture, strict=True):
        body = tuple(line for i, line in enumerate(page.lines) if i not in drop)
        removed = tuple(page.lines[i].text for i in sorted(drop))
        toc = is_toc_page(body, previous_toc)
        previous_toc = toc
        pages.append(
            Page(
                number=page.number,
                width=page.width,
                height=page.height,
                lines=body,
                rules=page.rules,
                furniture=removed,
                is_toc=toc,
            )
        )
    return tuple(pages)


def check_text_layer(display: str, raw: Sequence[RawPage], *, ocr_tried: bool = False) -> None:
    """Raise :class:`NoTextLayerError` when no page carries real, decodable text.

    With ``ocr_tried``, the image pages were read by OCR and found no text either.
    """
    if not raw:
        raise NotAPdfError(display, "has no pages; check that the file is complete")
    readable = sum(p.char_count for p in raw)
    garbled = sum(p.undecodable for p in raw)
    if garbled > 4 * readable:
        raise NoTextLayerError(
            display,
            "the text cannot be decoded (its fonts carry no Unicode map); "
            "run OCR first (e.g. ocrmypdf --force-ocr) and parse the result",
        )
    if any(p.char_count >= _MIN_TEXT_CHARS for p in raw):
        return
    images = sum(p.image_count for p in raw)
    what = "the pages hold only images" if images else "the pages hold no text"
    if ocr_tried:
        nextstep = "OCR found no text in the images either; check that the file is the report"
    elif images:
        from soc2parse.extract.ocr import find_tesseract, missing_ocr_reason

        nextstep = (
            "pass ocr=True (--ocr on) to read the images with OCR"
            if find_tesseract()
            else missing_ocr_reason()
        )
    else:
        nextstep = "run OCR first (e.g. ocrmypdf) and parse the result"
    raise NoTextLayerError(display, f"no text layer on any page ({what}); {nextstep}")


def _reread_with_reference(
    display: str, data: bytes, password: str | None, limits: Limits, raw: list[RawPage]
) -> list[RawPage]:
    """The fast engine's pages, those it could not decode read again by the reference."""
    wanted = {page.number for page in raw if page.needs_reference}
    if not wanted:
        return raw
    _log.debug("%s pages %s: glyphs PDFium cannot map; read by pdfplumber", display, wanted)
    while not _PDFPLUMBER_LOCK.acquire(timeout=0.05):  # polled: a time limit can land
        pass
    try:
        again = {
            page.number: attrs.evolve(page, reread=True, needs_reference=True)
            for page in _pdfplumber_pages(display, data, password, limits, only=wanted)
        }
    finally:
        _PDFPLUMBER_LOCK.release()
    return [again.get(page.number, page) for page in raw]


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
        if count > limits.max_pages:
            raise ResourceLimitError(
                display,
                f"has {count:,} pages, over the limit of {limits.max_pages:,}; "
                "raise Limits.max_pages if the file is trusted",
            )
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
    if max(width, height) > limits.max_page_side:
        raise ResourceLimitError(
            display,
            f"page {number} is {width:.0f} x {height:.0f} points, over the "
            f"{limits.max_page_side:.0f}-point limit; raise Limits.max_page_side if trusted",
        )
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
