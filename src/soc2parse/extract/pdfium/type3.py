"""Type 3 fonts: their glyphs' text and advances, their descent and name, as pdfminer reads them.

A Type 3 font draws each glyph with a procedure of its own and names it in its encoding's
``/Differences``. PDFium maps none of its glyphs to Unicode (unless the font has a
ToUnicode map): its text holds the glyph's code and flags a map error, and it gives no
glyph widths nor name; pdfminer decodes the code through the glyph names. This module owns
:class:`Type3Font` (one font as pdfminer reads it: each code's text and advance, the
descent and the name pdfplumber reports), :class:`Type3Fonts` (a document's Type 3 fonts,
found by :class:`~soc2parse.extract.pdfium.objects.PdfObjects` and read once by
pdfminer's own ``PDFType3Font``) and the decision which of them a PDFium font is
(:meth:`Type3Fonts.decide`).

PDFium gives a Type 3 font no name and no dictionary, so the decision is by agreement:
a PDFium Type 3 font is read as the document's Type 3 fonts read the codes it shows on the
page, when every one of those fonts reads them alike (trivially so when the document has
one). When they do not, or a font cannot be read exactly as pdfminer reads it (its
dictionary is missing, defined twice, or in an object stream that is not indexed; a
skewed font matrix, whose advance pdfminer scales otherwise than PDFium), no decision is
made and the page's glyphs stay undecoded, as before: the page is read again by the
reference engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from soc2parse.extract.pdfium.objects import ObjectStream, PdfObjects, UnreadObjectError
from soc2parse.extract.plumber import pdfminer_turn

__all__ = ["Type3Font", "Type3Fonts", "type3_fonts"]

# A single-byte font has 256 codes.
_CODES = 256
_MARKER = b"/Type3"


@attrs.frozen
class Type3Font:
    """One Type 3 font as pdfminer reads it.

    ``glyphs`` holds, for each code, the glyph's text and its advance per unit of font size
    (pdfminer's ``to_unichr`` and ``char_width``), or None for a code pdfminer cannot
    decode (it writes "(cid:N)", which the reference engine drops); ``descent`` is per unit
    of font size (``get_descent``); ``name`` is the font name pdfplumber reports;
    ``mapped`` tells that the font has a ToUnicode map (PDFium then maps the codes it holds).
    """

    name: str
    descent: float
    mapped: bool
    glyphs: tuple[tuple[str, float] | None, ...]

    def reads_alike(self, other: Type3Font, codes: Iterable[int] | None = None) -> bool:
        """True when both fonts give the same text, advance, descent and name for ``codes``
        (every code when None)."""
        if (self.name, self.descent, self.mapped) != (other.name, other.descent, other.mapped):
            return False
        if codes is None:
            return self.glyphs == other.glyphs
        return all(self.glyphs[c] == other.glyphs[c] for c in codes if 0 <= c < _CODES)


def _read_font(spec: dict[str, Any]) -> Type3Font | None:
    """A Type 3 font dictionary read by pdfminer's ``PDFType3Font``; None if it cannot be
    read exactly (a skewed font matrix; a name that is not text)."""
    from pdfminer.pdffont import PDFType3Font, PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFResourceManager

    font = PDFResourceManager(caching=False).get_font(None, spec)
    if not isinstance(font, PDFType3Font):
        return None
    # pdfminer scales advances by the matrix's a + c, PDFium (and the PDF's positions) by a.
    matrix = font.matrix
    if len(matrix) != 6 or matrix[1] != 0 or matrix[2] != 0:
        return None
    name = font.fontname
    if not isinstance(name, str):
        return None
    glyphs: list[tuple[str, float] | None] = []
    for code in range(_CODES):
        try:
            text = font.to_unichr(code)
        except PDFUnicodeNotDefined:
            glyphs.append(None)
            continue
        if not isinstance(text, str) or not text:
            return None
        glyphs.append((text, float(font.char_width(code))))
    return Type3Font(
        name=name,
        descent=float(font.get_descent()),
        mapped=font.unicode_map is not None,
        glyphs=tuple(glyphs),
    )


def _type3_specs(value: Any, found: list[dict[str, Any]]) -> bool:
    """Collect the Type 3 font dictionaries in a parsed object (references not followed).

    Returns False when the name ``/Type3`` is met anywhere but as a dictionary's
    ``/Subtype`` (a font whose subtype is written elsewhere could be missed).
    """
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    type3 = LIT("Type3")
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, PDFStream):
            pending.append(item.attrs)
        elif isinstance(item, dict):
            if item.get("Subtype") is type3:
                found.append(item)
            pending.extend(v for k, v in item.items() if k != "Subtype")
        elif isinstance(item, list):
            pending.extend(item)
        elif item is type3:
            return False
    return True


@attrs.define
class Type3Fonts:
    """A document's Type 3 fonts, read once when a page first needs them.

    ``fonts`` is None until read, and holds None for a font that cannot be read as
    pdfminer reads it; ``readable`` is False when some Type 3 font may have been missed.
    """

    objects: PdfObjects
    fonts: list[Type3Font | None] | None = None
    readable: bool = True
    # Whether all fonts read every code alike (then the one font they stand for).
    common: Type3Font | None = None

    def read(self) -> list[Type3Font | None]:
        """Every Type 3 font of the document, read the first time it is asked for."""
        if self.fonts is not None:
            return self.fonts
        with pdfminer_turn():  # pdfminer's caches are not thread-safe
            fonts = self._read_fonts()
        self.fonts = fonts
        first = fonts[0] if fonts else None
        if (
            first is not None
            and self.readable
            and all(font is not None and font.reads_alike(first) for font in fonts)
        ):
            self.common = first
        return fonts

    def _read_fonts(self) -> list[Type3Font | None]:
        fonts: list[Type3Font | None] = []
        self.readable = self.objects.complete
        try:
            numbers = self.objects.holding(_MARKER)
        except UnreadObjectError:
            numbers = []
            self.readable = False
        for number in numbers:
            specs: list[dict[str, Any]] = []
            try:
                if not _type3_specs(self.objects.getobj(number), specs):
                    self.readable = False
                for spec in specs:
                    fonts.append(_read_font(spec))
            except Exception:  # a damaged or unreadable font: pdfminer reads it otherwise
                fonts.append(None)
        return fonts

    def decide(self, codes: Callable[[], Iterable[int]]) -> Type3Font | None:
        """The font a PDFium Type 3 font is read as, or None when that is not decided.

        ``codes`` gives the codes the PDFium font shows on the page; it is called only when
        the document's fonts read some code differently.
        """
        fonts = self.read()
        if self.common is not None:
            return self.common
        if not fonts or not self.readable or any(font is None for font in fonts):
            return None
        shown = set(codes())
        first = fonts[0]
        assert first is not None
        if all(font is not None and font.reads_alike(first, shown) for font in fonts):
            return first
        return None


def type3_fonts(data: bytes, streams: list[ObjectStream]) -> Type3Fonts | None:
    """The document's Type 3 fonts, to be read when needed; None when it has none."""
    if _MARKER not in data and not any(_MARKER in stream.data for stream in streams):
        return None
    return Type3Fonts(PdfObjects.index(data, streams))
