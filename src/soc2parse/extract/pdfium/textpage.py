"""One page's text as PDFium holds it, its text objects, and the glyphs read from it.

This module owns :class:`TextPage` (a PDFium text page: every character's text, and
caches of its text objects and fonts), :class:`TextObject` (what the characters of one
text object share: font, size, matrix, baseline and, for level text, the box's top and
bottom), :class:`Glyphs` (what a page's text gives the layout code) and the general,
glyph-by-glyph box of one character through its object's full matrix
(:meth:`TextPage.glyph`, for turned or skewed text and glyphs off their object's
baseline).
"""

from __future__ import annotations

import ctypes
from typing import Any, NamedTuple

import attrs

from soc2parse.extract.layout import Char
from soc2parse.extract.pdfium.bindings import Probe, TextApi, text_api
from soc2parse.extract.pdfium.fonts import DocumentFonts, Font, read_font
from soc2parse.extract.pdfium.geometry import Geometry, clean

__all__ = ["Glyphs", "TextObject", "TextPage"]


class TextObject(NamedTuple):
    """What every character of one text object (one text-showing operator) shares.

    ``linear`` maps text space (the font's units times the font size) to pdfplumber's
    page coordinates from the character's origin: ``x = a*u + c*v``, ``top = b*u + d*v``.
    A horizontal object's characters all sit on ``baseline`` (PDF user space) and share
    ``top``, ``bottom`` and ``size``; a character's box spans ``scale_x * width *
    font_size`` along x from its origin.
    """

    keep: bool
    font: Font
    font_size: float
    linear: tuple[float, float, float, float]
    horizontal: bool
    scale_x: float
    baseline: float
    top: float
    bottom: float
    size: float
    unmapped: bool


@attrs.define
class TextPage:
    """One page's PDFium text page, its characters' text, and caches of its objects and fonts."""

    api: TextApi
    handle: int
    geometry: Geometry
    text: str
    document_fonts: DocumentFonts
    probe: Probe
    page_objects: tuple[int, ...] = ()
    objects: dict[int, TextObject] = attrs.Factory(dict)
    alike: dict[tuple[Any, ...], TextObject] = attrs.Factory(dict)
    fonts: dict[int, Font] = attrs.Factory(dict)
    kinds: dict[str, int] = attrs.Factory(dict)
    # The text of the Type 3 glyphs read so far, by character (see ``decode``).
    decoded: dict[int, str] = attrs.Factory(dict)

    @classmethod
    def open(
        cls,
        handle: int,
        geometry: Geometry,
        document_fonts: DocumentFonts,
        page_objects: tuple[int, ...] = (),
    ) -> TextPage:
        """Read the text of every character of a PDFium text page.

        ``page_objects`` are the page's top-level objects in drawing order (see
        :func:`~soc2parse.extract.pdfium.runs._dropped_blank`).
        """
        api = text_api()
        total = max(0, api.count_chars(handle))
        text = _all_text(api, handle, total) if total else ""
        if text is None:
            text = "".join(_unicode(api, handle, index) for index in range(total))
        probe = Probe.of(handle)
        return cls(api, handle, geometry, text, document_fonts, probe, page_objects)

    def object_of(self, index: int, handle: int | None = None) -> TextObject:
        """The text object character ``index`` belongs to (``handle`` when known)."""
        if handle is None:
            handle = self.api.text_object(self.handle, index) or 0
        info = self.objects.get(handle)
        if info is None:
            info = self.objects[handle] = _text_object(self, index, handle)
        return info

    def font(self, handle: int) -> Font:
        """A font's name, descent and widths, read once per page."""
        font = self.fonts.get(handle)
        if font is None:
            font = self.fonts[handle] = read_font(
                self.api, handle, self.document_fonts, lambda: self.codes(handle)
            )
        return font

    def codes(self, font: int) -> set[int]:
        """The codes of the glyphs of font ``font`` PDFium could not map, on this page."""
        api, handle = self.api, self.handle
        found = set()
        for index, glyph in enumerate(self.text):
            if glyph < " " or api.map_error(handle, index):
                owner = api.text_object(handle, index)
                if owner and api.text_font(owner) == font:
                    found.add(api.unicode(handle, index))
        return found

    def reads_code(self, info: TextObject, index: int) -> bool:
        """True for a glyph of a decided Type 3 font whose text holds its code.

        That is every glyph of a font without a ToUnicode map (PDFium flags a map error for
        all but code 0), and those PDFium could not map in one with it; not a character
        PDFium made up (a space where kerning sets two glyphs of one object apart).
        """
        type3 = info.font.type3
        api, handle = self.api, self.handle
        if type3 is None or (type3.mapped and not api.map_error(handle, index)):
            return False
        return not api.generated(handle, index)

    def decode(self, info: TextObject, index: int) -> tuple[str, float] | None:
        """A glyph of a decided Type 3 font as pdfminer reads it from its code: text and
        advance per unit of font size; None when pdfminer cannot decode it.

        For the glyphs :meth:`reads_code` tells: PDFium's text then holds the glyph's code.
        The text read is kept for the guard (see :meth:`guard_text`).
        """
        type3 = info.font.type3
        if type3 is None:
            return None
        code = self.api.unicode(self.handle, index)
        if not 0 <= code < len(type3.glyphs):
            return None
        glyph = type3.glyphs[code]
        self.decoded[index] = "" if glyph is None else glyph[0]
        return glyph

    def guard_text(self) -> str:
        """PDFium's text with the Type 3 glyphs read as pdfminer reads them (those it cannot
        decode left out, as the layout code has them)."""
        if not self.decoded:
            return self.text
        parts = list(self.text)
        for index, glyph in self.decoded.items():
            parts[index] = glyph
        return "".join(parts)

    def width(self, info: TextObject, index: int) -> float:
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

    def glyph(self, index: int, info: TextObject) -> Char | None:
        """One character through its object's full matrix (turned or skewed text too).

        Returns None for a glyph without Unicode (pdfminer's "(cid:N)").
        """
        glyph = self.text[index]
        width = None
        if info.font.type3 is not None and self.reads_code(info, index):
            decoded = self.decode(info, index)
            if decoded is None:
                return None
            glyph, width = decoded
        elif (info.unmapped or glyph < " ") and self.api.map_error(self.handle, index):
            return None
        point = (ctypes.c_double * 2)()
        self.api.origin(self.handle, index, ctypes.addressof(point), ctypes.addressof(point) + 8)
        x, y = point[0], point[1]
        if width is None:
            width = self.width(info, index)
        advance = width * info.font_size
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
class Glyphs:
    """What a page's text gives the layout code: glyphs, or runs of glyphs merged into one.

    ``last_left`` holds each item's last glyph's left edge, to check that merging changed
    nothing (see :func:`~soc2parse.extract.pdfium.runs.merge_is_safe`); ``count`` counts
    non-blank glyphs.
    """

    items: list[Char] = attrs.Factory(list)
    last_left: list[float] = attrs.Factory(list)
    count: int = 0
    undecodable: int = 0
    # Undecodable glyphs the reference engine may decode: PDFium's own text gives them as
    # letters or digits all the same, or they are in a Type 3 font not read here.
    lettered: int = 0

    def add(self, item: Char) -> None:
        """Add one glyph as its own item."""
        self.items.append(item)
        self.last_left.append(item.x0)
        if item.text.strip():
            self.count += 1


def _all_text(api: TextApi, textpage: int, total: int) -> str | None:
    """Every character's text in one call, or None when it does not map one-to-one."""
    buffer = (ctypes.c_ushort * (total + 1))()
    written = api.get_text(textpage, 0, total, ctypes.addressof(buffer))
    raw = bytes(buffer)[: max(0, written - 1) * 2]
    # PDFium marks a hyphen that ends a line as U+FFFE (0x2 one by one); the PDF has "-".
    text = raw.decode("utf-16-le", errors="replace").replace("\ufffe", "-")
    # Characters outside the BMP take two UTF-16 units: then read one by one.
    return text if len(text) == total else None


def _unicode(api: TextApi, textpage: int, index: int) -> str:
    code = api.unicode(textpage, index)
    if code == 2:
        return "-"
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


def _text_object(page: TextPage, index: int, handle: int) -> TextObject:
    """Read what the characters of one text object share, from its character ``index``.

    Objects alike in all but their handle (the same font, size, matrix, baseline and
    mapping) share one record: a browser draws each word, or each few glyphs, as an
    object of its own, and :func:`~soc2parse.extract.pdfium.runs.page_glyphs` joins those
    of one line by identity.
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


def _new_text_object(page: TextPage, index: int, handle: int) -> TextObject:
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
    font_size = clean(api.font_size_raw(probe.handle, index))
    horizontal = mb == 0.0 and mc == 0.0 and ma != 0.0
    baseline = top = bottom = size = 0.0
    if horizontal and keep and not page.geometry.turned:
        api.origin_raw(probe.handle, index, probe.x_ref, probe.y_ref)
        baseline = probe.xy[1]
        # pdfminer's box from the descent up one font size, in pdfminer's and pdfplumber's
        # order of operations (PDFium's own loose box also takes in the ink: not used).
        f, scale_y, descent = clean(baseline), clean(md), font.descent * font_size
        low, high = scale_y * descent + f, scale_y * (descent + font_size) + f
        if high < low:
            low, high = high, low
        height, shift_top = page.geometry.height, page.geometry.shift_top
        top, bottom, size = (height - high) + shift_top, (height - low) + shift_top, high - low
    return TextObject(
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
        # A decided Type 3 font's glyphs are read one by one (see TextPage.reads_code).
        unmapped=bool(keep and (api.map_error_raw(probe.handle, index) or font.type3)),
    )
