"""The fast engine's entry point: :func:`pdfium_pages` reads a PDF page by page with PDFium.

This module owns the document and page driver: opening the PDF (and turning PDFium's
error codes into the contract's errors), the page and size limits, and for each page its
geometry, ruling lines and glyphs, made into lines by the shared layout code; and the
guard (:func:`unseen_words`) that reads a page again glyph by glyph when its words are
not in PDFium's own text (its Type 3 glyphs read as pdfminer reads them), and the flag
that sends a page the fast engine cannot decode to the reference engine. The whole call
holds the process-wide PDFium lock.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from soc2parse._errors import EncryptedPdfError, NotAPdfError
from soc2parse._limits import Limits
from soc2parse._pages import Line, RawPage
from soc2parse.extract.failures import check_page_count, check_page_size
from soc2parse.extract.failures import corrupt as _corrupt
from soc2parse.extract.failures import password_error as _password_error
from soc2parse.extract.layout import chars_to_lines, normalize_text
from soc2parse.extract.pdfium.bindings import handle_of, serialised
from soc2parse.extract.pdfium.fonts import DocumentFonts, document_fonts
from soc2parse.extract.pdfium.geometry import page_geometry
from soc2parse.extract.pdfium.paths import read_page_objects
from soc2parse.extract.pdfium.runs import merge_is_safe, page_glyphs
from soc2parse.extract.pdfium.textpage import TextPage

__all__ = ["pdfium_pages", "unseen_words"]

_log = logging.getLogger(__name__)

# PDFium's error codes (fpdfview.h).
_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 5

# The guard: a page is read again on the exact path when more of its words' characters
# than this are in words that PDFium's own text does not hold (none are, on 1,315 pages of
# three producers; a page whose words were glued has almost none of its words there).
_UNSEEN_ALLOWED = 8
_UNSEEN_SHARE = 0.02

# A page is read again by the reference engine when at least this many of its glyphs have no
# Unicode mapping to PDFium yet come out of its text as letters or digits, or are in a Type 3
# font that could not be told apart from the document's others (see extract.pdfium.type3,
# which reads the Type 3 fonts it can tell as pdfminer does).
_LETTERED_FOR_REFERENCE = 8


@serialised
def pdfium_pages(
    display: str, data: bytes, password: str | None, limits: Limits
) -> Iterator[RawPage]:
    """Read every page of a PDF with PDFium, in order.

    Args:
        display: what error messages call the file.
        data: the PDF's bytes.
        password: the password for an encrypted PDF, if any.
        limits: safety limits (pages, page size).

    Yields:
        One :class:`RawPage` per page, built as the pdfplumber reference extractor builds it.

    Raises:
        EncryptedPdfError: a password is needed, or the one given is wrong.
        NotAPdfError: the file or one of its pages is damaged beyond repair.
        ResourceLimitError: too many pages, or a page too large.
    """
    import pypdfium2.raw as pdfium_c

    buffer = ctypes.create_string_buffer(data, len(data))
    secret = (password or "").encode("utf-8")
    document = pdfium_c.FPDF_LoadMemDocument64(buffer, len(data), secret)
    if not document:
        raise _open_error(display, password, pdfium_c.FPDF_GetLastError())
    try:
        count = pdfium_c.FPDF_GetPageCount(document)
        check_page_count(display, count, limits)
        fonts = document_fonts(data)
        for index in range(count):
            yield _read_page(display, document, index, limits, fonts)
    finally:
        pdfium_c.FPDF_CloseDocument(document)
        del buffer


def _open_error(display: str, password: str | None, code: int) -> Exception:
    if code == _ERR_PASSWORD:
        return _password_error(display, password)
    if code == _ERR_SECURITY:
        return EncryptedPdfError(
            display,
            "uses an encryption scheme that cannot be opened; "
            "save an unencrypted copy from a PDF viewer and parse that",
        )
    names = {_ERR_FILE: "file not readable", _ERR_FORMAT: "not a valid PDF structure"}
    return _corrupt(display, RuntimeError(names.get(code, f"PDFium error {code}")))


def _read_page(
    display: str,
    document: Any,
    index: int,
    limits: Limits,
    fonts: DocumentFonts,
) -> RawPage:
    import pypdfium2.raw as pdfium_c

    number = index + 1
    page = pdfium_c.FPDF_LoadPage(document, index)
    if not page:
        raise NotAPdfError(
            display,
            f"is damaged or truncated (page {number}) and cannot be read; "
            "ask for the file again or re-save it from a PDF viewer",
        )
    try:
        geometry = page_geometry(page)
        width, height = geometry.width, geometry.height
        check_page_size(display, number, width, height, limits)
        rules, images, page_objects = read_page_objects(page, geometry.transform)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise NotAPdfError(
                display,
                f"is damaged (page {number}: its text cannot be read); "
                "ask for the file again or re-save it from a PDF viewer",
            )
        try:
            text = TextPage.open(handle_of(textpage), geometry, fonts, page_objects)
            glyphs = page_glyphs(text)
            if not merge_is_safe(glyphs):
                glyphs = page_glyphs(text, merge=False)
            lines = chars_to_lines(glyphs.items)
            unseen, total = unseen_words(lines, text.guard_text())
            reread = unseen > max(_UNSEEN_ALLOWED, total * _UNSEEN_SHARE)
            if reread:
                _log.debug(
                    "%s page %d: %d of %d characters are in words not in PDFium's own text; "
                    "read again glyph by glyph with every space PDFium reports",
                    display,
                    number,
                    unseen,
                    total,
                )
                glyphs = page_glyphs(text, merge=False, every_space=True)
                lines = chars_to_lines(glyphs.items)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return RawPage(
        number=number,
        width=width,
        height=height,
        lines=lines,
        rules=rules,
        char_count=glyphs.count,
        image_count=images,
        undecodable=glyphs.undecodable,
        reread=reread,
        needs_reference=glyphs.lettered >= _LETTERED_FOR_REFERENCE,
    )


def unseen_words(lines: Iterable[Line], text: str) -> tuple[int, int]:
    """Characters in words that PDFium's own text does not hold, and all words' characters.

    PDFium's text (its characters, the spaces it reports, made up or not, and its line
    breaks) is an independent reading of the page's words. A word the fast path made that
    PDFium's text does not hold is a sign of glued words ("Fortheperiod") or a lost
    glyph. A word broken at a hyphen over two lines is one word in PDFium's text
    ("multi-factor") and two in the lines ("multi-", "factor"), so each hyphenated word's
    pieces count as words too.

    >>> from soc2parse._pages import Word
    >>> glued = [Line((Word("Fortheperiod", 0, 9, 0, 1), Word("multi-", 10, 14, 0, 1)))]
    >>> unseen_words(glued, "For the period multi-factor")
    (12, 18)
    """
    known = set(normalize_text(text).split())
    for token in [t for t in known if "-" in t[:-1]]:
        pieces = token.split("-")
        for cut in range(1, len(pieces)):
            known.add("-".join(pieces[:cut]) + "-")
            known.add("-".join(pieces[cut:]))
    total = unseen = 0
    for line in lines:
        for word in line.words:
            total += len(word.text)
            if word.text not in known:
                unseen += len(word.text)
    return unseen, total
