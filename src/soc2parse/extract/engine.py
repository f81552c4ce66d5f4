"""Extraction: ``extract()``, the only entry point that touches the PDF.

``extract(source)`` reads the bytes (:mod:`soc2parse.extract.source`), checks the header
and guards against decompression bombs (:mod:`soc2parse.extract.inflate`), then reads
each page's characters and ruling lines with the chosen engine: PDFium
(:mod:`soc2parse.extract.pdfium`, the fast default; the pages it cannot decode are read
again by the reference) or pdfplumber (:mod:`soc2parse.extract.plumber`, the reference).
Pages that hold images but no text are read by OCR when wanted
(:mod:`soc2parse.extract.ocr`). This module owns that dispatch, the OCR settings, the
text-layer check, and the assembly of the page model: running headers and footers
dropped, contents pages marked. Every failure becomes one of the contract's errors,
naming the file and the next step; no dependency's exception escapes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import attrs

from soc2parse._errors import NotAPdfError, NoTextLayerError
from soc2parse._limits import DEFAULT_LIMITS, Limits
from soc2parse._pages import Document, Page, RawPage
from soc2parse.extract.inflate import check_inflation
from soc2parse.extract.layout import find_furniture, is_toc_page
from soc2parse.extract.plumber import pdfplumber_pages
from soc2parse.extract.source import check_pdf_header, read_source

__all__ = [
    "ENGINES",
    "OCR_SETTINGS",
    "assemble_pages",
    "check_text_layer",
    "extract",
    "needs_ocr",
    "ocr_wanted",
]


_log = logging.getLogger(__name__)

# The character sources extract() can read with: the fast one first (the default).
ENGINES = ("pdfium", "pdfplumber")

# Characters a page needs before it counts as having a text layer (stray marks do not).
_MIN_TEXT_CHARS = 20


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
        raw = pdfplumber_pages(display, data, password, limits)
    elif engine == "pdfium":
        from soc2parse.extract.pdfium.pages import pdfium_pages

        raw = list(pdfium_pages(display, data, password, limits))
        raw = _reread_with_reference(display, data, password, limits, raw)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    scanned = tuple(page.number for page in raw if needs_ocr(page))
    lowered: list[tuple[int, float]] = []
    if scanned and use_ocr:
        from soc2parse.extract.ocr import OCR_DPI, ocr_pages, restore_ids

        read: dict[int, RawPage] = {}
        for page, dpi in ocr_pages(display, data, password, scanned, limits):
            read[page.number] = page
            if dpi < OCR_DPI - 0.5:
                lowered.append((page.number, dpi))
        # Ids misread on one page are put back by the ids the others read right.
        read = {page.number: page for page in restore_ids(display, list(read.values()))}
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
    again = {
        page.number: attrs.evolve(page, reread=True, needs_reference=True)
        for page in pdfplumber_pages(display, data, password, limits, only=wanted)
    }
    return [again.get(page.number, page) for page in raw]
