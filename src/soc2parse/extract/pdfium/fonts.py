"""Fonts: names, descents and glyph widths, as pdfminer reads them.

This module owns what the fast engine knows about fonts: the font descriptors read from
the file's bytes and object streams (:func:`font_descriptors`; pdfminer takes a font's
descent from there, where PDFium may substitute its bounding box), the standard fonts'
descents from pdfminer's AFM tables, :class:`DocumentFonts` (what a document's pages
share, each font's glyph widths and the document's Type 3 fonts among it, made by
:func:`document_fonts`) and :class:`Font` (one font's base name, descent and widths met
so far, and for a Type 3 font how pdfminer reads its glyphs), read through PDFium by
:func:`read_font`.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterable

import attrs
import regex

from soc2parse.extract.pdfium.bindings import TextApi
from soc2parse.extract.pdfium.objects import ObjectStream, object_streams
from soc2parse.extract.pdfium.type3 import Type3Font, Type3Fonts, type3_fonts

__all__ = ["DocumentFonts", "Font", "document_fonts", "font_descriptors", "read_font"]

# A font descriptor's name and descent, as "/FontName /ABCDEF+Arial-BoldMT" and
# "/Descent -210" (pdfminer reads the descent from here; PDFium falls back to the font's
# bounding box when a producer, LibreOffice for one, writes 0).
_FONT_NAME = regex.compile(rb"/FontName \s* /(?P<name>[^\s/\[\]<>()]+)", regex.VERBOSE)
_DESCENT = regex.compile(rb"/Descent \s+ (?P<value>[-+]?[0-9]*\.?[0-9]+)", regex.VERBOSE)

# pdfminer takes the standard fonts' metrics from its own AFM tables whatever the PDF says,
# so their descent (in 1/1000 of the font size) is pdfminer's, not the font file's.
_STANDARD_DESCENT = {
    **dict.fromkeys(
        (
            "Courier",
            "Courier-Bold",
            "Courier-BoldOblique",
            "Courier-Oblique",
            "CourierNew",
            "CourierNew,Italic",
            "CourierNew,Bold",
            "CourierNew,BoldItalic",
        ),
        -194,
    ),
    **dict.fromkeys(
        (
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-BoldOblique",
            "Helvetica-Oblique",
            "Arial",
            "Arial,Italic",
            "Arial,Bold",
            "Arial,BoldItalic",
        ),
        -207,
    ),
    **dict.fromkeys(
        (
            "Times-Roman",
            "Times-Bold",
            "Times-BoldItalic",
            "Times-Italic",
            "TimesNewRoman",
            "TimesNewRoman,Italic",
            "TimesNewRoman,Bold",
            "TimesNewRoman,BoldItalic",
        ),
        -217,
    ),
    "Symbol": 0,
    "ZapfDingbats": 0,
}


def font_descriptors(
    data: bytes, streams: Iterable[ObjectStream] | None = None
) -> dict[str, tuple[str, float]]:
    """Font descriptors in the file: base name -> (full name, descent per unit).

    Read from the bytes and from the Flate-compressed object streams that hold objects
    (LibreOffice's and qpdf's output keep descriptors there; ``streams`` when already
    inflated). The descent is pdfminer's: the value times 0.001, turned negative when a
    producer wrote it positive.
    """
    found: dict[str, tuple[str, float]] = {}
    inflated = object_streams(data) if streams is None else streams
    for text in (data, *(stream.data for stream in inflated)):
        _read_descriptors(text, found)
    return found


def document_fonts(data: bytes) -> DocumentFonts:
    """What a document's pages share about fonts: its descriptors and its Type 3 fonts."""
    streams = list(object_streams(data))
    return DocumentFonts(font_descriptors(data, streams), type3=type3_fonts(data, streams))


def _read_descriptors(data: bytes, found: dict[str, tuple[str, float]]) -> None:
    for match in _FONT_NAME.finditer(data):
        start = data.rfind(b"<<", 0, match.start())
        end = data.find(b">>", match.end())
        if start < 0 or end < 0:
            continue
        window = data[start:end]
        if b"/FontDescriptor" not in window:
            continue
        descent = _DESCENT.search(window)
        value = float(descent["value"]) if descent else 0.0
        name = match["name"].decode("latin-1")
        found.setdefault(name.split("+", 1)[-1], (name, -abs(value) * 0.001))


@attrs.frozen
class DocumentFonts:
    """What one document's pages share about fonts.

    ``descriptors`` are read from the file (:func:`font_descriptors`); ``widths`` keeps each
    font's glyph widths from page to page, by PDFium's font handle and base name (PDFium
    keeps a font loaded while the document is open; the name guards against a freed
    font's address being reused by another); ``type3`` holds the document's Type 3 fonts
    (None when it has none).
    """

    descriptors: dict[str, tuple[str, float]]
    widths: dict[tuple[int, str], dict[str, float]] = attrs.Factory(dict)
    type3: Type3Fonts | None = None


@attrs.frozen
class Font:
    """A font's base name, its descent and its glyphs' advance widths met so far.

    Both per unit of font size and computed as pdfminer computes them (``value * 0.001``
    from the font's 1/1000 units), so boxes come out with the same floats. ``type3`` is
    how pdfminer reads the glyphs of a Type 3 font (then ``name`` and ``descent`` are
    pdfminer's too), when it is decided which of the document's Type 3 fonts this is;
    ``undecided`` marks a Type 3 font for which it is not.
    """

    handle: int
    name: str
    descent: float
    widths: dict[str, float]
    type3: Type3Font | None = None
    undecided: bool = False


def read_font(
    api: TextApi,
    handle: int,
    document_fonts: DocumentFonts,
    codes: Callable[[], Iterable[int]] = tuple,
) -> Font:
    """PDFium's font ``handle`` as pdfminer reads it: base name, descent, widths met so far.

    A Type 3 font (PDFium holds no font program for it) is read as the document's Type 3
    fonts read it (:meth:`~soc2parse.extract.pdfium.type3.Type3Fonts.decide`; ``codes``
    gives the codes it shows on the page, asked for only when they are needed).
    """
    descriptors = document_fonts.descriptors
    name, descent = "", 0.0
    widths: dict[str, float] = {}
    undecided = False
    if handle:
        size = api.base_font_name(handle, None, 0)
        if size > 0:
            buffer = ctypes.create_string_buffer(size)
            api.base_font_name(handle, ctypes.addressof(buffer), size)
            name = buffer.value.decode("utf-8", errors="replace")
        widths = document_fonts.widths.setdefault((handle, name), {})
        if document_fonts.type3 is not None and _without_program(api, handle):
            type3 = document_fonts.type3.decide(codes)
            if type3 is not None:
                return Font(handle, type3.name, type3.descent, widths, type3)
            undecided = True
        low = ctypes.c_float()
        if name in _STANDARD_DESCENT:
            descent = _STANDARD_DESCENT[name] * 0.001
        elif name.split("+", 1)[-1] in descriptors:
            name, descent = descriptors[name.split("+", 1)[-1]]
        elif api.descent(handle, 1.0, ctypes.addressof(low)):
            # pdfminer turns a positive descent (PScript5 writes them) negative.
            descent = -abs(round(low.value * 1000)) * 0.001
    return Font(handle=handle, name=name, descent=descent, widths=widths, undecided=undecided)


def _without_program(api: TextApi, handle: int) -> bool:
    """True for a font PDFium holds no font program for: a Type 3 font (PDFium loads a
    substitute for any other font that has none)."""
    size = ctypes.c_size_t()
    return bool(api.font_data(handle, None, 0, ctypes.addressof(size))) and size.value == 0
