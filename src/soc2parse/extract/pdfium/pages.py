"""The fast character source: pypdfium2 (PDFium) instead of pdfminer's parser.

``pdfium_pages`` gives the same :class:`~soc2parse.extract.engine.RawPage` records as the
pdfplumber reference extractor, built the way pdfminer builds them, so that the
shared layout code makes the same lines from either source:

- character boxes span the glyph's advance width and one font size upwards from
  the font's descent (pdfminer's box, not the glyph's ink), in pdfplumber's
  coordinates (top-left origin; ``/Rotate`` applied as pdfminer applies it);
- glyphs that pdfminer marks as not upright are skipped, and so are the spaces and
  line breaks PDFium invents between words and lines;
- ruling segments are the edges pdfplumber derives from painted paths: a two-point
  path is a line, a closed axis-aligned four-point path is a rectangle with four
  edges, anything else is a curve with one edge per segment.

PDFium is called through its C functions (``pypdfium2.raw``) with light ctypes
prototypes, one character at a time; per text object facts (font, size, matrix)
are cached. PDFium is not thread-safe: one process-wide lock is held for the whole
of each ``pdfium_pages`` call (open, every page, close), so threads take turns.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import logging
import math
import threading
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import attrs
import regex

from soc2parse._errors import EncryptedPdfError, NotAPdfError, ResourceLimitError
from soc2parse._limits import Limits
from soc2parse._pages import Line, RawPage, Rule
from soc2parse.extract.failures import corrupt as _corrupt
from soc2parse.extract.failures import password_error as _password_error
from soc2parse.extract.layout import Char, chars_to_lines, normalize_text

__all__ = ["pdfium_lock", "pdfium_pages", "unseen_words"]

_log = logging.getLogger(__name__)

# PDFium's error codes (fpdfview.h) and page object and path segment types.
_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 5
_OBJ_TEXT, _OBJ_PATH, _OBJ_IMAGE, _OBJ_FORM = 1, 2, 3, 5
# A dropped space object (see _dropped_blank): at most this many objects between its two
# neighbours, and bounds under this many points each way.
_MAX_OBJECTS_BETWEEN = 4
_POINT_SIZE = 0.01
_SEG_LINETO, _SEG_BEZIERTO, _SEG_MOVETO = 0, 1, 2

# Edges shorter than this are dropped, as the reference extractor drops them.
_MIN_RULE = 2.0
# Forms nested deeper than this are not searched for paths and images.
_MAX_FORM_DEPTH = 12

_Affine = tuple[float, float, float, float, float, float]

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


@attrs.frozen
class _Api:
    """PDFium functions with ``void*`` handles, so no pointer objects are built per call."""

    count_chars: Callable[[int], int]
    unicode: Callable[[int, int], int]
    text_object: Callable[[int, int], int | None]
    loose_box: Callable[[int, int, Any], int]
    origin: Callable[[int, int, Any, Any], int]
    get_text: Callable[[int, int, int, Any], int]
    text_font: Callable[[int], int | None]
    base_font_name: Callable[[int, Any, int], int]
    descent: Callable[[int, float, Any], int]
    map_error: Callable[[int, int], int]
    # The same without declared argument types, for ready-made ctypes arguments.
    origin_raw: Callable[[Any, int, Any, Any], int]
    map_error_raw: Callable[[Any, int], int]
    matrix_raw: Callable[[Any, int, Any], int]
    font_size_raw: Callable[[Any, int], float]
    text_object_raw: Callable[[Any, int], int | None]
    glyph_width: Callable[[int, int, float, Any], int]


def _prototype(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same C function behind a prototype of our own (pypdfium2's own stay as they are)."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


@functools.cache
def _api() -> _Api:
    import pypdfium2.raw as pdfium_c

    vp, i, d, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float
    return _Api(
        count_chars=_prototype(pdfium_c.FPDFText_CountChars, i, vp),
        unicode=_prototype(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, vp, i),
        text_object=_prototype(pdfium_c.FPDFText_GetTextObject, vp, vp, i),
        loose_box=_prototype(pdfium_c.FPDFText_GetLooseCharBox, i, vp, i, vp),
        origin=_prototype(pdfium_c.FPDFText_GetCharOrigin, i, vp, i, vp, vp),
        get_text=_prototype(pdfium_c.FPDFText_GetText, i, vp, i, i, vp),
        text_font=_prototype(pdfium_c.FPDFTextObj_GetFont, vp, vp),
        base_font_name=_prototype(
            pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, vp, vp, ctypes.c_size_t
        ),
        descent=_prototype(pdfium_c.FPDFFont_GetDescent, i, vp, f, vp),
        map_error=_prototype(pdfium_c.FPDFText_HasUnicodeMapError, i, vp, i),
        origin_raw=_prototype(pdfium_c.FPDFText_GetCharOrigin, i),
        map_error_raw=_prototype(pdfium_c.FPDFText_HasUnicodeMapError, i),
        matrix_raw=_prototype(pdfium_c.FPDFText_GetMatrix, i),
        font_size_raw=_prototype(pdfium_c.FPDFText_GetFontSize, d),
        text_object_raw=_prototype(pdfium_c.FPDFText_GetTextObject, vp),
        glyph_width=_prototype(pdfium_c.FPDFFont_GetGlyphWidth, i, vp, ctypes.c_uint32, f, vp),
    )


# PDFium keeps global state and crashes when two threads call it at once (issue 15).
_PDFIUM_LOCK = threading.Lock()
_LOCK_OWNER: dict[str, int] = {}  # the thread holding the lock, while one does
# How long a thread waits for the lock between checks, so a time limit can stop it waiting.
_LOCK_POLL_SECONDS = 0.05

_P = typing.ParamSpec("_P")


@contextlib.contextmanager
def pdfium_lock() -> Iterator[None]:
    """Hold the process-wide PDFium lock; a thread that holds it already goes on.

    Every call into PDFium (reading characters, rendering a page for OCR) runs inside it.
    """
    me = threading.get_ident()
    if _LOCK_OWNER.get("thread") == me:
        # A second read in a thread that holds the lock (a first one left unfinished):
        # one thread at a time is all PDFium needs, and waiting would never end.
        yield
        return
    # Polled, not one blocking wait: the in-thread time limit (an asynchronous
    # exception) can only land between bytecodes.
    while not _PDFIUM_LOCK.acquire(timeout=_LOCK_POLL_SECONDS):
        pass
    _LOCK_OWNER["thread"] = me
    try:
        yield
    finally:
        _LOCK_OWNER.pop("thread", None)
        _PDFIUM_LOCK.release()


def _serialised(
    pages: Callable[_P, Iterator[RawPage]],
) -> Callable[_P, Iterator[RawPage]]:
    """Hold the process-wide PDFium lock while ``pages`` runs, from first page to close."""

    @functools.wraps(pages)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> Iterator[RawPage]:
        with pdfium_lock():
            yield from pages(*args, **kwargs)

    return locked


@_serialised
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
        if count > limits.max_pages:
            raise ResourceLimitError(
                display,
                f"has {count:,} pages, over the limit of {limits.max_pages:,}; "
                "raise Limits.max_pages if the file is trusted",
            )
        fonts = _DocumentFonts(_descriptors(data))
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
    fonts: _DocumentFonts,
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
        geometry = _page_geometry(page)
        width, height = geometry.width, geometry.height
        if max(width, height) > limits.max_page_side:
            raise ResourceLimitError(
                display,
                f"page {number} is {width:.0f} x {height:.0f} points, over the "
                f"{limits.max_page_side:.0f}-point limit; raise Limits.max_page_side if trusted",
            )
        rules, images, page_objects = _page_objects(page, geometry.transform)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise NotAPdfError(
                display,
                f"is damaged (page {number}: its text cannot be read); "
                "ask for the file again or re-save it from a PDF viewer",
            )
        try:
            text = _TextPage.open(_handle(textpage), geometry, fonts, page_objects)
            glyphs = _page_glyphs(text)
            if not _merge_is_safe(glyphs):
                glyphs = _page_glyphs(text, merge=False)
            lines = chars_to_lines(glyphs.items)
            unseen, total = unseen_words(lines, text.text)
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
                glyphs = _page_glyphs(text, merge=False, every_space=True)
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


def _handle(pointer: Any) -> int:
    return int(ctypes.cast(pointer, ctypes.c_void_p).value or 0)


@attrs.frozen
class _Geometry:
    """A page's size as pdfplumber gives it, and how PDF user space maps to its coordinates.

    ``transform`` maps ``(x, y)`` to ``(a*x + c*y + e, b*x + d*y + f)`` = ``(x, top)``:
    pdfminer's page matrix for ``/Rotate`` on the MediaBox, then pdfplumber's flip of ``y``
    against the (turned) MediaBox height. For an unturned page, ``height``, ``shift_x`` and
    ``shift_top`` let a box be computed in pdfplumber's own order of operations, so that
    its floats come out the same to the last bit (ties in the layout code's tolerances
    then fall the same way).
    """

    width: float
    height: float
    transform: _Affine
    turned: bool
    shift_x: float
    shift_top: float


def _page_geometry(page: Any) -> _Geometry:
    import pypdfium2.raw as pdfium_c

    box = [ctypes.c_float() for _ in range(4)]
    rotation = (pdfium_c.FPDFPage_GetRotation(page) % 4) * 90
    if pdfium_c.FPDFPage_GetMediaBox(page, *box):
        left, bottom, right, top = (_clean(v.value) for v in box)
    else:
        left, bottom = 0.0, 0.0
        right = float(pdfium_c.FPDF_GetPageWidthF(page))
        top = float(pdfium_c.FPDF_GetPageHeightF(page))
        if rotation in (90, 270):
            right, top = top, right
    x0, x1 = sorted((left, right))
    y0, y1 = sorted((bottom, top))
    # pdfminer's page matrix for each /Rotate (pdfinterp.PDFPageInterpreter.process_page).
    ctm: _Affine = {
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    # pdfplumber's box after turning (axes swapped at 90 and 270), then flipped.
    bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
    box_height = by1 - by0
    inverted = (bx0, box_height - by1, bx1, box_height - by0)
    width, height = inverted[2] - inverted[0], inverted[3] - inverted[1]
    shift_x, shift_top = inverted[0], inverted[1]
    a, b, c, d, e, f = ctm
    # x = x' + shift_x;  top = height - y' + shift_top (pdfplumber's Page.process_object).
    transform = (a, -b, c, -d, e + shift_x, height - f + shift_top)
    return _Geometry(width, height, transform, rotation != 0, shift_x, shift_top)


@functools.lru_cache(maxsize=4096)
def _clean(value: float) -> float:
    """A float32 coordinate from PDFium back to the short decimal the PDF most likely wrote.

    PDF producers write coordinates with a few decimals, which pdfminer reads as doubles;
    PDFium keeps float32, off by up to a few 1e-5 points.
    """
    return round(value, 4) if abs(value) < 1024 else round(value, 3)


def _descriptors(data: bytes) -> dict[str, tuple[str, float]]:
    """Font descriptors in the file: base name -> (full name, descent per unit).

    Read from the bytes and from the Flate-compressed object streams that hold objects
    (LibreOffice's and qpdf's output keep descriptors there). The descent is pdfminer's:
    the value times 0.001, turned negative when a producer wrote it positive.
    """
    found: dict[str, tuple[str, float]] = {}
    for text in (data, *_object_streams(data)):
        _read_descriptors(text, found)
    return found


# An object stream's dictionary up to its stream keyword: "<< /Type /ObjStm ... >> stream".
_OBJECT_STREAM = regex.compile(
    rb"/Type \s* /ObjStm (?: [^>] | >(?!>) )* >> \s* stream\r?\n", regex.VERBOSE
)
# The most one object stream is inflated to here (the inflation guard has measured them all).
_MAX_OBJECT_STREAM = 16 * 1024 * 1024


def _object_streams(data: bytes) -> Iterator[bytes]:
    """The inflated contents of the file's Flate-compressed object streams."""
    import zlib

    for match in _OBJECT_STREAM.finditer(data):
        opened = data.rfind(b"<<", max(0, match.start() - 512), match.start())
        if opened < 0 or b"/FlateDecode" not in data[opened : match.end()]:
            continue
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        try:
            yield zlib.decompressobj().decompress(data[match.end() : end], _MAX_OBJECT_STREAM)
        except zlib.error:
            continue


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
class _DocumentFonts:
    """What one document's pages share about fonts.

    ``descriptors`` are read from the file (:func:`_descriptors`); ``widths`` keeps each
    font's glyph widths from page to page, by PDFium's font handle and base name (PDFium
    keeps a font loaded while the document is open; the name guards against a freed
    font's address being reused by another).
    """

    descriptors: dict[str, tuple[str, float]]
    widths: dict[tuple[int, str], dict[str, float]] = attrs.Factory(dict)


@attrs.frozen
class _Font:
    """A font's base name, its descent and its glyphs' advance widths met so far.

    Both per unit of font size and computed as pdfminer computes them (``value * 0.001``
    from the font's 1/1000 units), so boxes come out with the same floats.
    """

    handle: int
    name: str
    descent: float
    widths: dict[str, float]


class _TextObject(NamedTuple):
    """What every character of one text object (one text-showing operator) shares.

    ``linear`` maps text space (the font's units times the font size) to pdfplumber's
    page coordinates from the character's origin: ``x = a*u + c*v``, ``top = b*u + d*v``.
    A horizontal object's characters all sit on ``baseline`` (PDF user space) and share
    ``top``, ``bottom`` and ``size``; a character's box spans ``scale_x * width *
    font_size`` along x from its origin.
    """

    keep: bool
    font: _Font
    font_size: float
    linear: tuple[float, float, float, float]
    horizontal: bool
    scale_x: float
    baseline: float
    top: float
    bottom: float
    size: float
    unmapped: bool


@attrs.frozen
class _Probe:
    """Ready-made arguments for PDFium's character-origin call on one text page.

    Made once per page: building ctypes arguments costs more than PDFium's answer. After
    ``origin(handle, index, x_ref, y_ref)``, ``xy[0]`` and ``xy[1]`` hold the origin.
    """

    handle: Any
    x_ref: Any
    y_ref: Any
    xy: memoryview[float]
    point: Any
    matrix: Any
    matrix_ref: Any

    @classmethod
    def of(cls, textpage: int) -> _Probe:
        """The arguments for one text page."""
        point = (ctypes.c_double * 2)()
        matrix = (ctypes.c_float * 6)()
        return cls(
            ctypes.c_void_p(textpage),
            ctypes.byref(point),
            ctypes.byref(point, ctypes.sizeof(ctypes.c_double)),
            memoryview(point).cast("B").cast("d"),
            point,
            matrix,
            ctypes.byref(matrix),
        )


@attrs.define
class _TextPage:
    """One page's PDFium text page, its characters' text, and caches of its objects and fonts."""

    api: _Api
    handle: int
    geometry: _Geometry
    text: str
    document_fonts: _DocumentFonts
    probe: _Probe
    page_objects: tuple[int, ...] = ()
    objects: dict[int, _TextObject] = attrs.Factory(dict)
    alike: dict[tuple[Any, ...], _TextObject] = attrs.Factory(dict)
    fonts: dict[int, _Font] = attrs.Factory(dict)
    kinds: dict[str, int] = attrs.Factory(dict)

    @classmethod
    def open(
        cls,
        handle: int,
        geometry: _Geometry,
        document_fonts: _DocumentFonts,
        page_objects: tuple[int, ...] = (),
    ) -> _TextPage:
        """Read the text of every character of a PDFium text page.

        ``page_objects`` are the page's top-level objects in drawing order (see
        :func:`_dropped_blank`).
        """
        api = _api()
        total = max(0, api.count_chars(handle))
        text = _all_text(api, handle, total) if total else ""
        if text is None:
            text = "".join(_unicode(api, handle, index) for index in range(total))
        probe = _Probe.of(handle)
        return cls(api, handle, geometry, text, document_fonts, probe, page_objects)

    def object_of(self, index: int, handle: int | None = None) -> _TextObject:
        """The text object character ``index`` belongs to (``handle`` when known)."""
        if handle is None:
            handle = self.api.text_object(self.handle, index) or 0
        info = self.objects.get(handle)
        if info is None:
            info = self.objects[handle] = _text_object(self, index, handle)
        return info

    def font(self, handle: int) -> _Font:
        """A font's name, descent and widths, read once per page."""
        font = self.fonts.get(handle)
        if font is None:
            font = self.fonts[handle] = _font(self.api, handle, self.document_fonts)
        return font

    def width(self, info: _TextObject, index: int) -> float:
        """Character ``index``'s advance per unit of font size, as its font's widths give it."""
        glyph = self.text[index]
        known = info.font.widths.get(glyph)
        if known is not None:
            return known
        value = ctypes.c_float()
        font = info.font
        found = font.handle and self.api.glyph_width(
            font.handle, ord(glyph), 1.0, ctypes.addressof(value)
        )
        if found:
            width = font.widths[glyph] = round(value.value * 1000, 3) * 0.001
            return width
        # The font cannot map this text back to a glyph: PDFium's loose box (advance and ink).
        if info.horizontal and info.scale_x and info.font_size:
            rect = (ctypes.c_float * 4)()
            self.api.loose_box(self.handle, index, ctypes.addressof(rect))
            return abs((rect[2] - rect[0]) / (info.scale_x * info.font_size))
        return 0.5

    def loose_right(self, index: int) -> float:
        """The right edge of character ``index``'s loose box (its advance and ink)."""
        rect = (ctypes.c_float * 4)()
        self.api.loose_box(self.handle, index, ctypes.addressof(rect))
        return float(rect[2])

    def glyph(self, index: int, info: _TextObject) -> Char | None:
        """One character through its object's full matrix (turned or skewed text too).

        Returns None for a glyph without Unicode (pdfminer's "(cid:N)").
        """
        glyph = self.text[index]
        if (info.unmapped or glyph < " ") and self.api.map_error(self.handle, index):
            return None
        point = (ctypes.c_double * 2)()
        self.api.origin(self.handle, index, ctypes.addressof(point), ctypes.addressof(point) + 8)
        x, y = point[0], point[1]
        advance = self.width(info, index) * info.font_size
        pa, pb, pc, pd, pe, pf = self.geometry.transform
        la, lb, lc, ld = info.linear
        # pdfminer's box in text space: (0, descent) to (advance, descent + font size).
        low = info.font.descent * info.font_size
        high = low + info.font_size
        ex = pa * x + pc * y + pe
        et = pb * x + pd * y + pf
        run_x, run_t = la * advance, lb * advance
        xs = (ex + lc * low, ex + lc * high, ex + lc * low + run_x, ex + lc * high + run_x)
        ts = (et + ld * low, et + ld * high, et + ld * low + run_t, et + ld * high + run_t)
        top, bottom = min(ts), max(ts)
        return Char(glyph, min(xs), max(xs), top, bottom, bottom - top, info.font.name)


@attrs.define
class _Glyphs:
    """What a page's text gives the layout code: glyphs, or runs of glyphs merged into one.

    ``last_left`` holds each item's last glyph's left edge, to check that merging changed
    nothing (see :func:`_merge_is_safe`); ``count`` counts non-blank glyphs.
    """

    items: list[Char] = attrs.Factory(list)
    last_left: list[float] = attrs.Factory(list)
    count: int = 0
    undecodable: int = 0
    # Undecodable glyphs that PDFium's own text gives as letters or digits all the same.
    lettered: int = 0

    def add(self, item: Char) -> None:
        """Add one glyph as its own item."""
        self.items.append(item)
        self.last_left.append(item.x0)
        if item.text.strip():
            self.count += 1


def _page_glyphs(page: _TextPage, *, merge: bool = True, every_space: bool = False) -> _Glyphs:
    """The page's upright glyphs with pdfminer's boxes, in PDFium's order.

    A space PDFium reports between two text objects of one line is a blank (see
    :func:`_add_stored_space`); with ``every_space`` (the guard's exact path) so is every
    space PDFium reports between two characters of one line, inside one object too.

    With ``merge``, a text object of printable ASCII is given as one block of words
    (:func:`_add_words`), and in other objects neighbouring glyphs that the layout code
    would put in one word anyway (no blank between them, left and right edges moving right,
    gaps under the word-break gap) are given as one item: the layout code then makes the
    same words from a tenth as many items.
    """
    found = _Glyphs()
    text = page.text
    if not text:
        return found
    runs = _object_runs(page.api, page.handle, text)
    flat = not page.geometry.turned
    # Runs of one line in one font, size and matrix, next to each other or one made-up
    # space apart: a browser draws each word, or each few glyphs, as a text object of its
    # own. Objects alike share one record (see _TextPage.object_of), so such a group is
    # read as one block of words, its made-up spaces the blanks between them.
    groups: list[list[tuple[int, int, int]]] = []
    infos: list[_TextObject] = []
    order: dict[int, int] = {}
    for run in runs:
        info = page.object_of(run[0], run[2])
        if groups and flat and not text[groups[-1][-1][1] : run[0]]:
            # Two objects with nothing between them in PDFium's text: a space drawn as an
            # object of its own there may have been dropped.
            blank = _dropped_blank(page, order, groups[-1][-1][2], run[2])
            if blank is not None and info.keep and info.horizontal:
                x = blank + page.geometry.shift_x
                blank_box = (" ", x, x, info.top, info.bottom, info.size, "", ())
                found.add(tuple.__new__(Char, blank_box))
                groups.append([run])
                infos.append(info)
                continue
        if (
            merge
            and groups
            and info is infos[-1]
            and text[groups[-1][-1][1] : run[0]] in ("", " ")
            and info.horizontal
            and flat
        ):
            groups[-1].append(run)
        else:
            groups.append([run])
            infos.append(info)
    for (*_, (_, gap_start, before)), ((gap_end, _, after), *_) in itertools.pairwise(groups):
        if text[gap_start:gap_end] == " " and (every_space or before != after):
            _add_stored_space(page, gap_start, found)
    for group, info in zip(groups, infos, strict=True):
        if not info.keep:
            continue
        if len(group) > 1:
            if not _add_words(page, info, group[0][0], group[-1][1], found):
                for (_, gap_start, _), (gap_end, _, _) in itertools.pairwise(group):
                    if text[gap_start:gap_end] == " ":
                        _add_stored_space(page, gap_start, found)
                for start, end, _ in group:
                    if not _add_words(page, info, start, end, found):
                        _add_run(page, info, range(start, end), found, merge=merge)
            continue
        start, end, _ = group[0]
        if info.horizontal and flat:
            if not (merge and _add_words(page, info, start, end, found)):
                _add_run(page, info, range(start, end), found, merge=merge)
        else:
            for index in range(start, end):
                item = page.glyph(index, info)
                if item is None:
                    found.undecodable += 1
                    found.lettered += text[index].isalnum()
                else:
                    found.add(item)
    return found


def _dropped_blank(page: _TextPage, order: dict[int, int], before: int, after: int) -> float | None:
    """Where a space drawn between text objects ``before`` and ``after`` lies, if PDFium dropped it.

    A browser draws a word, or a few glyphs, as a text object and often the space after it
    as an object of its own. PDFium sometimes leaves such a space out of its text (seen
    between two words kerned close: "CRITERIAAND"), while pdfminer reads the space and the
    layout code ends a word there. The sign is in the drawing order: a text object between
    the two whose bounds are a point (a space has no outline). Its left edge is returned.
    """
    if before == after or not page.page_objects:
        return None
    if not order:
        order.update((handle, k) for k, handle in enumerate(page.page_objects))
    first, last = order.get(before), order.get(after)
    if first is None or last is None or not 1 < last - first <= _MAX_OBJECTS_BETWEEN:
        return None
    api = _path_api()
    bounds = (ctypes.c_float * 4)()
    refs = [ctypes.addressof(bounds) + 4 * k for k in range(4)]
    for handle in page.page_objects[first + 1 : last]:
        if api.object_type(handle) != _OBJ_TEXT or not api.object_bounds(handle, *refs):
            continue
        left, bottom, right, top = bounds
        if right - left < _POINT_SIZE and top - bottom < _POINT_SIZE:
            return float(left)
    return None


def _add_stored_space(page: _TextPage, index: int, found: _Glyphs) -> None:
    """A blank for a space between two text objects of one line that PDFium set aside.

    PDFium reports a space the PDF draws between two text objects (browsers draw each word
    as its own object, and the space between them on its own) as one it made up, with no
    object; pdfminer reads it as the character it is, and the layout code ends a word
    there. So the blank is given back where PDFium placed it, between its neighbours,
    when both sit on one baseline, left to right.
    """
    probe, origin = page.probe, page.api.origin_raw
    xy = probe.xy
    points = []
    for k in (index - 1, index, index + 1):
        if not origin(probe.handle, k, probe.x_ref, probe.y_ref):
            return
        points.append((xy[0], xy[1]))
    (left, y0), (x, y), (right, y1) = points
    if not (y0 == y == y1 and left < right):
        return
    if not left < x < right:
        # PDFium puts it at its left neighbour's right edge, which a tight fit or a
        # negative kern can put past its right neighbour's origin.
        x = (left + right) / 2
    info = page.object_of(index + 1)
    if not (info.keep and info.horizontal) or page.geometry.turned:
        return
    x += page.geometry.shift_x
    found.add(tuple.__new__(Char, (" ", x, x, info.top, info.bottom, info.size, "", ())))


def _add_run(
    page: _TextPage, info: _TextObject, indexes: range, found: _Glyphs, *, merge: bool
) -> None:
    """Add the glyphs of one horizontal text object on an unturned page (the common case).

    This is the hot loop: one PDFium call per glyph, its arguments made in advance and its
    answer read through a memoryview (converting arguments and reading c_double values
    cost more than PDFium's own work); a glyph's advance comes from its font's widths.
    """
    text, handle = page.text, ctypes.c_void_p(page.handle)
    point = (ctypes.c_double * 2)()
    x_ref, y_ref = ctypes.byref(point), ctypes.byref(point, ctypes.sizeof(ctypes.c_double))
    xy = memoryview(point).cast("B").cast("d")
    origin, map_error = page.api.origin_raw, page.api.map_error_raw
    shift = page.geometry.shift_x
    name, top, bottom, unmapped = info.font.name, info.top, info.bottom, info.unmapped
    baseline, scale_x, font_size = info.baseline, info.scale_x, info.font_size
    widths, size = info.font.widths, info.size
    # The layout code's word-break gap for glyphs of this size (chars_to_lines).
    gap = max(1.0, 0.3 * (size or 10.0)) if merge else -math.inf
    items, lasts, make = found.items, found.last_left, tuple.__new__
    run: list[str] = []
    run_x0 = run_x1 = run_last = 0.0
    count = 0
    kinds = page.kinds
    previous = math.nan
    for index in indexes:
        glyph = text[index]
        if (unmapped or glyph < " ") and map_error(handle, index):
            found.undecodable += 1
            found.lettered += glyph.isalnum()
            continue
        origin(handle, index, x_ref, y_ref)
        if xy[1] != baseline:
            # Not on this object's baseline after all: the character's own object decides.
            own = page.object_of(index)
            item = page.glyph(index, own) if own.keep else None
            if item is not None:
                if run:
                    items.append(
                        make(Char, ("".join(run), run_x0, run_x1, top, bottom, size, name, ()))
                    )
                    lasts.append(run_last)
                    run = []
                found.add(item)
            continue
        if xy[0] == previous and run and glyph != " ":
            # A ligature's later letter ("fi" drawn as one glyph): PDFium gives each letter
            # the glyph's origin, and only the glyph's box holds its whole advance. pdfminer
            # reads the glyph as one character, which the run now stands for.
            run.append(glyph)
            run_x1 = max(run_x1, page.loose_right(index) + shift)
            continue
        previous = xy[0]
        width = widths.get(glyph)
        if width is None:
            width = page.width(info, index)
        # pdfminer: x1 = a * advance + e (then pdfplumber adds a MediaBox's left edge).
        x0 = xy[0]
        x1 = scale_x * (width * font_size) + x0
        if x1 < x0:
            x0, x1 = x1, x0
        if shift:
            x0, x1 = x0 + shift, x1 + shift
        kind = kinds.get(glyph)
        if kind is None:
            kind = kinds[glyph] = _kind(glyph)
        count += kind & _COUNTED
        blank = kind & _BLANK
        if run and (blank or x0 < run_last or x1 < run_x1 or x0 - run_x1 > gap):
            items.append(make(Char, ("".join(run), run_x0, run_x1, top, bottom, size, name, ())))
            lasts.append(run_last)
            run = []
        if blank:
            items.append(make(Char, (glyph, x0, x1, top, bottom, size, name, ())))
            lasts.append(x0)
        elif run:
            run.append(glyph)
            run_x1, run_last = x1, x0
        else:
            run = [glyph]
            run_x0, run_x1, run_last = x0, x1, x0
    if run:
        items.append(make(Char, ("".join(run), run_x0, run_x1, top, bottom, size, name, ())))
        lasts.append(run_last)
    found.count += count


# The guard: a page is read again on the exact path when more of its words' characters
# than this are in words that PDFium's own text does not hold (none are, on 1,315 pages of
# three producers; a page whose words were glued has almost none of its words there).
_UNSEEN_ALLOWED = 8
_UNSEEN_SHARE = 0.02

# A page is read again by the reference engine when at least this many of its glyphs have no
# Unicode mapping to PDFium yet come out of its text as letters or digits: Type 3 fonts,
# whose glyph names pdfminer reads (PDFium gives them neither a mapping nor widths).
_LETTERED_FOR_REFERENCE = 8

# The line break PDFium writes between two lines of text.
_LINE_BREAK = regex.compile(r"\r\n")
# How far a word's middle and last glyphs may sit from where their advances put them, as a
# share of the narrowest advance, for the word to be placed from its ends: producers nudge
# glyphs by a few thousandths of an em (LibreOffice rounds every position to its own
# units), far less than a glyph would need to move to overlap its neighbour or open a
# word-break gap (a fifth of the narrowest advance is under 0.05 em; the gap is 0.3 em).
_DRIFT = 0.2
# Kerning moves a word's later glyphs by up to about a twelfth of an em ("Ty", "AV"), and a
# browser that draws glyphs as objects of their own keeps it between them; that far is
# allowed whatever the narrowest advance (a word-break gap is 0.3 em, four times as much).
_KERN = 0.08

# How far (points) a glyph of a text object may sit from where its advances put it for the
# object to count as set solid: PDFium keeps positions in single precision (up to a few
# 1e-4 of a point off over a line); a kern of a thousandth of an em at 10 points is 0.01.
_SOLID = 0.001
# Objects with a glyph narrower than this (per unit of font size) are placed glyph by glyph:
# a zero-width glyph's neighbours could swap order within the drift.
_NARROWEST = 0.05


def _add_words(page: _TextPage, info: _TextObject, start: int, end: int, found: _Glyphs) -> bool:
    """Add a text object of printable ASCII as one block of words; False if it is not one.

    This is the hot path. The layout code splits such an object into its words at its
    blanks, provided each word's glyphs sit one advance after another, so the object is
    given as one item holding its words' boxes (see :class:`Char`). PDFium is asked where
    each word's first, middle and last glyphs are, and where a leading and a trailing
    blank are; when the glyphs are where the font's advances put them, give or take
    :data:`_DRIFT`, nothing inside a word can open a gap or overlap (kerning that cancels
    out between the glyphs asked for is not seen: producers kern a word's letters closer,
    not apart and back). A block stands for the items :func:`_add_run` would make glyph by
    glyph as long as no other item of its line starts within it, which
    :func:`_merge_is_safe` checks.
    """
    text = page.text
    scale_x, font_size, baseline = info.scale_x, info.font_size, info.baseline
    block = text[start:end]
    # Printable ASCII and spaces only: all it holds is words and blanks.
    simple = block.isascii() and block.isprintable()
    if info.unmapped or scale_x <= 0 or font_size <= 0 or not simple:
        return False
    widths = info.font.widths
    known = list(map(widths.get, block))
    if None in known:
        # Learn each new glyph's width once (the font's widths then hold it).
        for glyph in set(block).difference(widths):
            page.width(info, start + block.index(glyph))
        known = list(map(widths.get, block))
    advances: list[float] = (
        [page.width(info, index) for index in range(start, end)]
        if None in known
        else typing.cast(list[float], known)
    )
    narrowest = min(advances)
    if narrowest < _NARROWEST and " " in block:
        # Blanks only separate words here: a made-up space between a browser's word objects
        # has no glyph of its own, and whatever width its font gives it bears on no word's box.
        narrowest = min((a for a, g in zip(advances, block, strict=True) if g != " "), default=0)
    if narrowest < _NARROWEST:
        return False
    step = scale_x * font_size
    drift = max(_DRIFT * narrowest, _KERN) * step
    reach = list(itertools.accumulate(advances, initial=0.0))
    probe, origin = page.probe, page.api.origin_raw
    shift = page.geometry.shift_x
    # Word by word in passes over lists (each a C loop, or nearly): a Python loop per word
    # would cost more than PDFium's answers. A word is what lies between spaces.
    pieces = block.split(" ")
    ends = itertools.accumulate([len(piece) + 1 for piece in pieces])
    spans = [
        (end - len(piece) - 1, end - 1) for piece, end in zip(pieces, ends, strict=True) if piece
    ]
    if not spans:
        return False
    probes = _solid_probes(block, spans)
    placed = _set_solid(probe, origin, start, reach, probes, step=step, baseline=baseline)
    if placed is not None:
        # Set solid: every glyph one advance after the last, as the font's widths say.
        at = placed + shift
        parts = [(block[f:k], at + step * reach[f], at + step * reach[k]) for f, k in spans]
        last_x = at + step * reach[spans[-1][1] - 1]
    else:
        found_parts = _placed_words(
            page, info, block, start, spans, reach=reach, advances=advances, drift=drift
        )
        if found_parts is None:
            return False
        parts, last_x = found_parts
    left, right = parts[0][1], parts[-1][2]
    last_left = last_x
    if block[0] == " ":
        found_x = _origins(probe, origin, start, (0,), baseline)
        if found_x is None:
            return False
        left = found_x[0] + shift
    if block[-1] == " ":
        found_x = _origins(probe, origin, start, (len(block) - 1,), baseline)
        if found_x is None:
            return False
        last_left = found_x[0] + shift
        right = max(right, scale_x * (advances[-1] * font_size) + found_x[0] + shift)
    item = (block, left, right, info.top, info.bottom, info.size, info.font.name, tuple(parts))
    found.items.append(tuple.__new__(Char, item))
    found.last_left.append(last_left)
    found.count += end - start - block.count(" ")
    return True


def _placed_words(
    page: _TextPage,
    info: _TextObject,
    block: str,
    start: int,
    spans: list[tuple[int, int]],
    *,
    reach: list[float],
    advances: list[float],
    drift: float,
) -> tuple[list[tuple[str, float, float]], float] | None:
    """Each word of a block placed from PDFium's positions of its first and last glyphs.

    Returns the words (text, left, right) and the last word's last glyph's left edge, or
    None when a glyph is off the baseline or a word's middle or last glyph is more than
    ``drift`` from where its advances put it.
    """
    probe, origin, baseline = page.probe, page.api.origin_raw, info.baseline
    scale_x, font_size, shift = info.scale_x, info.font_size, page.geometry.shift_x
    step = scale_x * font_size
    firsts = [f for f, _ in spans]
    lasts = [k - 1 for _, k in spans]
    longer = [(f, k) for f, k in zip(firsts, lasts, strict=True) if k - f > 2]
    left_xs = _origins(probe, origin, start, firsts, baseline)
    last_xs = _origins(probe, origin, start, lasts, baseline)
    middle_xs = _origins(probe, origin, start, [(f + k) // 2 for f, k in longer], baseline)
    if left_xs is None or last_xs is None or middle_xs is None:
        return None
    long_left_xs = [x0 for x0, f, k in zip(left_xs, firsts, lasts, strict=True) if k - f > 2]
    if any(
        abs(x - x0 - step * (reach[k] - reach[f])) > drift
        for x, x0, k, f in zip(last_xs, left_xs, lasts, firsts, strict=True)
    ) or any(
        abs(x - x0 - step * (reach[(f + k) // 2] - reach[f])) > drift
        for x, x0, (f, k) in zip(middle_xs, long_left_xs, longer, strict=True)
    ):
        return None
    parts = [
        (block[f : k + 1], x0 + shift, scale_x * (advances[k] * font_size) + x + shift)
        for f, k, x0, x in zip(firsts, lasts, left_xs, last_xs, strict=True)
    ]
    return parts, last_xs[-1] + shift


def _solid_probes(block: str, spans: list[tuple[int, int]]) -> list[int]:
    """The glyphs :func:`_set_solid` asks for: every word's first, the middle and the last."""
    return [*(first for first, _ in spans), len(block) // 2, len(block) - 1]


def _set_solid(
    probe: _Probe,
    origin: Any,
    start: int,
    reach: list[float],
    indexes: list[int],
    *,
    step: float,
    baseline: float,
) -> float | None:
    """Where the object's first glyph is, if its glyphs are set solid; else None.

    Set solid: each glyph exactly one advance after the one before (no kerning, character
    or word spacing), as programs that write PDFs line by line set them. The glyphs at
    ``indexes`` (every word's first glyph, and the object's middle and last ones) are
    asked for; when all sit within :data:`_SOLID` of where the widths put them, the words'
    ends are placed from the widths too. Spacing or kerning that moved a glyph shows in
    every later one, so it is seen; adjustments that cancel out inside one word are not
    (the small nudges a layout engine makes to round glyphs to its own grid: LibreOffice's
    are a few hundredths of a point, so a word's end is then that far from PDFium's
    position, and no further).
    """
    if len(indexes) < 3:
        return None
    xs = _origins(probe, origin, start, indexes, baseline)
    if xs is None:
        return None
    first = xs[0] - step * reach[indexes[0]]
    if any(abs(x - first - step * reach[k]) > _SOLID for x, k in zip(xs, indexes, strict=True)):
        return None
    return first


def _origins(
    probe: _Probe, origin: Any, start: int, indexes: Iterable[int], baseline: float
) -> list[float] | None:
    """Where PDFium put glyphs ``start + k``, along x; None if one is off the baseline."""
    handle, x_ref, y_ref, xy = probe.handle, probe.x_ref, probe.y_ref, probe.xy
    xs = [
        xy[0] if origin(handle, start + k, x_ref, y_ref) and xy[1] == baseline else None
        for k in indexes
    ]
    return None if None in xs else typing.cast(list[float], xs)


# What a glyph's text is to the layout code: counted as text (the reference counts glyphs
# whose raw text is not whitespace), and blank (a word break: blank once normalized).
_COUNTED, _BLANK = 1, 2


def _kind(glyph: str) -> int:
    counted = _COUNTED if glyph.strip() else 0
    blank = 0 if (glyph if glyph.isascii() else normalize_text(glyph)).strip() else _BLANK
    return counted | blank


def _merge_is_safe(glyphs: _Glyphs) -> bool:
    """True when merged runs and blocks make the same lines as their glyphs one by one would.

    This walks the items into lines exactly as ``chars_to_lines`` does (centre order, each
    line's first centre and each item's tolerance). A merged run's glyphs share one centre
    and one tolerance, so they fall into lines as the run does, provided every item with
    the same centre lands in the same line. Within a line the layout code orders items by
    left edge; a run stands for its glyphs when no item of its line starts within it, i.e.
    every item starts right of every earlier item's last glyph.
    """
    items, lasts = glyphs.items, glyphs.last_left
    keyed = sorted(((c.top + c.bottom) / 2, c.x0, k) for k, c in enumerate(items))
    lines: list[list[int]] = []
    centre = previous_mid = math.nan
    previous_line = -1
    for mid, _, k in keyed:
        item = items[k]
        tolerance = max(1.5, 0.4 * (item.size or (item.bottom - item.top)))
        if lines and abs(mid - centre) <= tolerance:
            lines[-1].append(k)
        else:
            lines.append([k])
            centre = mid
        if mid == previous_mid and previous_line != len(lines):
            return False
        previous_mid, previous_line = mid, len(lines)
    for line in lines:
        reach = -math.inf
        for k in sorted(line, key=lambda k: items[k].x0):
            if items[k].x0 <= reach:
                return False
            reach = max(reach, lasts[k])
    return True


def _object_runs(api: _Api, textpage: int, text: str) -> list[tuple[int, int, int]]:
    """Split the page's characters into runs of one text object: ``(start, end, handle)``.

    PDFium lists a text object's characters together, so a line whose first and last
    characters share an object is one run (the common case for programs that write a line
    at a time); the characters of other lines are looked up one by one (a browser draws
    each word, or each few glyphs, as an object of its own). Characters PDFium made up
    (spaces and line breaks between objects) have no object and are left out.
    """
    text_object = api.text_object_raw
    page = ctypes.c_void_p(textpage)
    runs: list[tuple[int, int, int]] = []
    bounds = [0, len(text)]
    for found in _LINE_BREAK.finditer(text):
        bounds[-1:-1] = found.span()
    for low, high in itertools.pairwise(bounds):
        if high <= low:
            continue
        first = text_object(page, low) or 0
        if first and (high - low == 1 or first == text_object(page, high - 1)):
            runs.append((low, high, first))
            continue
        start = low
        handles = [text_object(page, index) or 0 for index in range(low, high)]
        for handle, same in itertools.groupby(handles):
            end = start + sum(1 for _ in same)
            if handle:
                runs.append((start, end, handle))
            start = end
    return runs


def _all_text(api: _Api, textpage: int, total: int) -> str | None:
    """Every character's text in one call, or None when it does not map one-to-one."""
    buffer = (ctypes.c_ushort * (total + 1))()
    written = api.get_text(textpage, 0, total, ctypes.addressof(buffer))
    raw = bytes(buffer)[: max(0, written - 1) * 2]
    # PDFium marks a hyphen that ends a line as U+FFFE (0x2 one by one); the PDF has "-".
    text = raw.decode("utf-16-le", errors="replace").replace("\ufffe", "-")
    # Characters outside the BMP take two UTF-16 units: then read one by one.
    return text if len(text) == total else None


def _unicode(api: _Api, textpage: int, index: int) -> str:
    code = api.unicode(textpage, index)
    if code == 2:
        return "-"
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


def _text_object(page: _TextPage, index: int, handle: int) -> _TextObject:
    """Read what the characters of one text object share, from its character ``index``.

    Objects alike in all but their handle (the same font, size, matrix, baseline and
    mapping) share one record: a browser draws each word, or each few glyphs, as an
    object of its own, and :func:`_page_glyphs` joins those of one line by identity.
    """
    api, probe = page.api, page.probe
    matrix = probe.matrix
    if not api.matrix_raw(probe.handle, index, probe.matrix_ref):
        matrix[:] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    # PDFium folds the horizontal scaling (Tz) into a and b; pdfminer puts it in the advance,
    # which comes to the same box.
    ma, mb, mc, md = matrix[0], matrix[1], matrix[2], matrix[3]
    font_handle = api.text_font(handle) or 0
    raw_size = api.font_size_raw(probe.handle, index)
    api.origin_raw(probe.handle, index, probe.x_ref, probe.y_ref)
    key = (
        ma,
        mb,
        mc,
        md,
        font_handle,
        raw_size,
        probe.xy[1],
        api.map_error_raw(probe.handle, index),
    )
    known = page.alike.get(key)
    if known is None:
        known = page.alike[key] = _new_text_object(page, index, handle)
    return known


def _new_text_object(page: _TextPage, index: int, handle: int) -> _TextObject:
    api, probe = page.api, page.probe
    matrix = probe.matrix
    ma, mb, mc, md = matrix[0], matrix[1], matrix[2], matrix[3]
    pa, pb, pc, pd = page.geometry.transform[:4]
    # The character matrix, then the page transform; b and d with y still up, as pdfminer
    # tests them for LTChar.upright: a * d * scaling > 0 and b * c <= 0.
    a, c = pa * ma + pc * mb, pa * mc + pc * md
    b, d = -(pb * ma + pd * mb), -(pb * mc + pd * md)
    # Only level text: a diagonal watermark ("CONFIDENTIAL" at 45 degrees) passes pdfminer's
    # upright test but would scatter one-letter lines through the page.
    level = abs(b) <= 0.01 * abs(a) and abs(c) <= 0.01 * abs(d)
    keep = a * d > 0 and b * c <= 0 and level
    font = page.font(api.text_font(handle) or 0)
    font_size = _clean(api.font_size_raw(probe.handle, index))
    horizontal = mb == 0.0 and mc == 0.0 and ma != 0.0
    baseline = top = bottom = size = 0.0
    if horizontal and keep and not page.geometry.turned:
        api.origin_raw(probe.handle, index, probe.x_ref, probe.y_ref)
        baseline = probe.xy[1]
        # pdfminer's box from the descent up one font size, in pdfminer's and pdfplumber's
        # order of operations (PDFium's own loose box also takes in the ink: not used).
        f, scale_y, descent = _clean(baseline), _clean(md), font.descent * font_size
        low, high = scale_y * descent + f, scale_y * (descent + font_size) + f
        if high < low:
            low, high = high, low
        height, shift_top = page.geometry.height, page.geometry.shift_top
        top, bottom, size = (height - high) + shift_top, (height - low) + shift_top, high - low
    return _TextObject(
        keep=keep,
        font=font,
        font_size=font_size,
        linear=(a, -b, c, -d),
        horizontal=horizontal,
        scale_x=ma,
        baseline=baseline,
        top=top,
        bottom=bottom,
        size=size,
        unmapped=bool(keep and api.map_error_raw(probe.handle, index)),
    )


def _font(api: _Api, handle: int, document_fonts: _DocumentFonts) -> _Font:
    descriptors = document_fonts.descriptors
    name, descent = "", 0.0
    widths: dict[str, float] = {}
    if handle:
        size = api.base_font_name(handle, None, 0)
        if size > 0:
            buffer = ctypes.create_string_buffer(size)
            api.base_font_name(handle, ctypes.addressof(buffer), size)
            name = buffer.value.decode("utf-8", errors="replace")
        widths = document_fonts.widths.setdefault((handle, name), {})
        low = ctypes.c_float()
        if name in _STANDARD_DESCENT:
            descent = _STANDARD_DESCENT[name] * 0.001
        elif name.split("+", 1)[-1] in descriptors:
            name, descent = descriptors[name.split("+", 1)[-1]]
        elif api.descent(handle, 1.0, ctypes.addressof(low)):
            # pdfminer turns a positive descent (PScript5 writes them) negative.
            descent = -abs(round(low.value * 1000)) * 0.001
    return _Font(handle=handle, name=name, descent=descent, widths=widths)


@attrs.frozen
class _PathApi:
    """PDFium's page object and path functions, with ``void*`` handles."""

    count_objects: Callable[[int], int]
    get_object: Callable[[int, int], int | None]
    object_type: Callable[[int], int]
    object_matrix: Callable[[int, Any], int]
    object_bounds: Callable[[int, Any, Any, Any, Any], int]
    form_count: Callable[[int], int]
    form_object: Callable[[int, int], int | None]
    count_segments: Callable[[int], int]
    get_segment: Callable[[int, int], int | None]
    segment_point: Callable[[int, Any, Any], int]
    segment_type: Callable[[int], int]
    segment_close: Callable[[int], int]


@functools.cache
def _path_api() -> _PathApi:
    import pypdfium2.raw as pdfium_c

    vp, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong
    return _PathApi(
        count_objects=_prototype(pdfium_c.FPDFPage_CountObjects, i, vp),
        get_object=_prototype(pdfium_c.FPDFPage_GetObject, vp, vp, i),
        object_type=_prototype(pdfium_c.FPDFPageObj_GetType, i, vp),
        object_matrix=_prototype(pdfium_c.FPDFPageObj_GetMatrix, i, vp, vp),
        object_bounds=_prototype(pdfium_c.FPDFPageObj_GetBounds, i, vp, vp, vp, vp, vp),
        form_count=_prototype(pdfium_c.FPDFFormObj_CountObjects, i, vp),
        form_object=_prototype(pdfium_c.FPDFFormObj_GetObject, vp, vp, u),
        count_segments=_prototype(pdfium_c.FPDFPath_CountSegments, i, vp),
        get_segment=_prototype(pdfium_c.FPDFPath_GetPathSegment, vp, vp, i),
        segment_point=_prototype(pdfium_c.FPDFPathSegment_GetPoint, i, vp, vp, vp),
        segment_type=_prototype(pdfium_c.FPDFPathSegment_GetType, i, vp),
        segment_close=_prototype(pdfium_c.FPDFPathSegment_GetClose, i, vp),
    )


_Point = tuple[float, float]
_Edge = tuple[float, float, float, float]
_IDENTITY: _Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@attrs.define
class _Edges:
    """Edges in pdfplumber's order: every line's, then every rectangle's, then every curve's."""

    lines: list[_Edge] = attrs.Factory(list)
    rects: list[_Edge] = attrs.Factory(list)
    curves: list[_Edge] = attrs.Factory(list)
    images: int = 0


def _page_objects(page: Any, transform: _Affine) -> tuple[tuple[Rule, ...], int, tuple[int, ...]]:
    """The page's ruling segments, its number of images (forms searched too), and its objects.

    The objects are the page's top-level object handles in drawing order.
    """
    api = _path_api()
    handle = _handle(page)
    found = _Edges()
    objects = [api.get_object(handle, k) or 0 for k in range(api.count_objects(handle))]
    _walk(api, objects, _IDENTITY, transform, found, depth=0)
    rules = tuple(
        Rule(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
        for x0, top, x1, bottom in (*found.lines, *found.rects, *found.curves)
        if max(x1 - x0, bottom - top) >= _MIN_RULE
    )
    return rules, found.images, tuple(objects)


def _walk(
    api: _PathApi,
    objects: list[int],
    outer: _Affine,
    transform: _Affine,
    found: _Edges,
    *,
    depth: int,
) -> None:
    matrix = (ctypes.c_float * 6)()
    matrix_ref = ctypes.addressof(matrix)
    bounds = (ctypes.c_float * 4)()
    refs = [ctypes.addressof(bounds) + 4 * k for k in range(4)]
    for handle in objects:
        if not handle:
            continue
        kind = api.object_type(handle)
        if kind == _OBJ_IMAGE:
            found.images += 1
        elif kind == _OBJ_PATH:
            # A path whose painted area is under the shortest rule has no edge worth keeping.
            small = depth == 0 and api.object_bounds(handle, *refs)
            if small and max(bounds[2] - bounds[0], bounds[3] - bounds[1]) < _MIN_RULE:
                continue
            if not api.object_matrix(handle, matrix_ref):
                continue
            own = _compose(tuple(matrix), outer)
            _path_edges(api, handle, _compose(own, transform), found)
        elif kind == _OBJ_FORM and depth < _MAX_FORM_DEPTH:
            if not api.object_matrix(handle, matrix_ref):
                continue
            inner = _compose(tuple(matrix), outer)
            children = [api.form_object(handle, k) or 0 for k in range(api.form_count(handle))]
            _walk(api, children, inner, transform, found, depth=depth + 1)


def _compose(first: tuple[float, ...], then: _Affine) -> _Affine:
    """The affine map applying ``first`` and then ``then`` (pdfminer's row-vector order)."""
    a, b, c, d, e, f = first
    ta, tb, tc, td, te, tf = then
    return (
        a * ta + b * tc,
        a * tb + b * td,
        c * ta + d * tc,
        c * tb + d * td,
        e * ta + f * tc + te,
        e * tb + f * td + tf,
    )


def _path_edges(api: _PathApi, handle: int, to_page: _Affine, found: _Edges) -> None:
    """Split a path into subpaths and classify each as pdfminer's ``paint_path`` does."""
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    a, b, c, d, e, f = to_page
    shape: list[str] = []
    points: list[_Point] = []
    bezier = 0
    for k in range(api.count_segments(handle)):
        segment = api.get_segment(handle, k)
        if not segment or not api.segment_point(segment, x_ref, y_ref):
            continue
        kind = api.segment_type(segment)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == _SEG_MOVETO:
            _subpath(shape, points, found)
            shape, points, bezier = ["m"], [point], 0
        elif kind == _SEG_LINETO:
            shape.append("l")
            points.append(point)
        elif kind == _SEG_BEZIERTO:
            # PDFium stores a curve as three points; pdfminer keeps only its end point.
            bezier += 1
            if bezier % 3 == 0:
                shape.append("c")
                points.append(point)
        if shape and api.segment_close(segment):
            shape.append("h")
            points.append(points[0])
    _subpath(shape, points, found)


def _subpath(shape_ops: list[str], points: list[_Point], found: _Edges) -> None:
    """Add one subpath's edges (in page coordinates) as pdfplumber derives them."""
    shape = "".join(shape_ops)
    if len(shape) < 2 or shape[0] != "m":
        return
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points = points[:-1]
    if shape in {"mlh", "ml"}:
        (x0, t0), (x1, t1) = points[0], points[1]
        found.lines.append((min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1)))
        return
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if points[0] == points[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            found.rects.extend(
                (
                    (left, top, right, top),
                    (left, bottom, right, bottom),
                    (left, top, left, bottom),
                    (right, top, right, bottom),
                )
            )
            return
    for (x0, t0), (x1, t1) in itertools.pairwise(points):
        found.curves.append((min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1)))
