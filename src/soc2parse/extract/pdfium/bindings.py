"""How PDFium is called: C function prototypes, ready-made arguments, and the process lock.

Every other module of the fast engine reaches PDFium through what this one owns: the C
functions of ``pypdfium2.raw`` behind light ctypes prototypes with ``void*`` handles
(:class:`TextApi` for text pages and fonts, :class:`PathApi` for page objects and path
segments), so that no pointer object is built per call; :class:`Probe`, the ctypes
arguments for the per-character origin call made once per page; PDFium's page object
types; and :func:`pdfium_lock`, the process-wide lock every call into PDFium runs under
(PDFium is not thread-safe), with :func:`serialised` holding it across a generator.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import threading
import typing
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from soc2parse._pages import RawPage

__all__ = [
    "OBJ_FORM",
    "OBJ_IMAGE",
    "OBJ_PATH",
    "OBJ_TEXT",
    "PathApi",
    "Probe",
    "TextApi",
    "handle_of",
    "path_api",
    "pdfium_lock",
    "serialised",
    "text_api",
]

# PDFium's page object types (fpdf_edit.h).
OBJ_TEXT, OBJ_PATH, OBJ_IMAGE, OBJ_FORM = 1, 2, 3, 5


@attrs.frozen
class TextApi:
    """PDFium's text page and font functions with ``void*`` handles.

    So no pointer objects are built per call.
    """

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
    font_data: Callable[[int, Any, int, Any], int]
    generated: Callable[[int, int], int]


def _prototype(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same C function behind a prototype of our own (pypdfium2's own stay as they are)."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


@functools.cache
def text_api() -> TextApi:
    """PDFium's text page and font functions, prototyped once per process."""
    import pypdfium2.raw as pdfium_c

    vp, i, d, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float
    return TextApi(
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
        font_data=_prototype(pdfium_c.FPDFFont_GetFontData, i, vp, vp, ctypes.c_size_t, vp),
        generated=_prototype(pdfium_c.FPDFText_IsGenerated, i, vp, i),
    )


@attrs.frozen
class PathApi:
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
def path_api() -> PathApi:
    """PDFium's page object and path functions, prototyped once per process."""
    import pypdfium2.raw as pdfium_c

    vp, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong
    return PathApi(
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


def handle_of(pointer: Any) -> int:
    """The address behind a pypdfium2 pointer, as the ``void*`` prototypes take it."""
    return int(ctypes.cast(pointer, ctypes.c_void_p).value or 0)


@attrs.frozen
class Probe:
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
    def of(cls, textpage: int) -> Probe:
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


def serialised(
    pages: Callable[_P, Iterator[RawPage]],
) -> Callable[_P, Iterator[RawPage]]:
    """Hold the process-wide PDFium lock while ``pages`` runs, from first page to close."""

    @functools.wraps(pages)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> Iterator[RawPage]:
        with pdfium_lock():
            yield from pages(*args, **kwargs)

    return locked
