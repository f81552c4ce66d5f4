"""Type 3 fonts: the fast engine reads their glyphs as pdfminer reads them, or leaves the page
to the reference engine when it cannot tell which font a glyph is in.

The PDFs are written here by hand: Type 3 fonts whose codes are not the letters they stand
for (so PDFium's text, which holds the codes, cannot be mistaken for the reading), scaled
and flipped font matrices, a descriptor whose name makes the words bold, codes pdfminer
cannot decode, code 0, a ligature's glyph name, character and word spacing, horizontal
scaling and kerning. Each page is compared glyph by glyph with pdfplumber's characters
(text, box, size, font name) and word by word with the reference engine
(``test_engines.assert_same_page``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import soc2parse.extract.pdfium.pages as pdfium_pages_module
from soc2parse._limits import DEFAULT_LIMITS
from soc2parse.extract.engine import _reread_with_reference
from soc2parse.extract.layout import Char
from soc2parse.extract.pdfium.objects import PdfObjects, UnreadObjectError, object_streams
from soc2parse.extract.pdfium.type3 import Type3Font, Type3Fonts

from test_engines import _fast_pages, _reference_pages, assert_same_page

# The glyph names the fonts below draw, by code from 1 on: no code is its letter's own.
NAMES = [*"SOCTyepRortsfnlPi", "space", "two", "colon", "f_i"]
WIDTHS = [556, 722, 667, 611, 500, 444, 500, 667, 500, 333, 278, 389, 333, 556, 278, 556, 278]
WIDTHS += [250, 500, 278, 556]
_SPECIAL = {" ": "space", "2": "two", ":": "colon"}
GLYPH = b"500 0 0 -200 450 700 d1 50 0 400 700 re f"


def _encode(text: str, names: Sequence[str] = NAMES, first: int = 1) -> bytes:
    """``text`` in the codes of a font whose codes from ``first`` draw ``names`` ("fi" as
    the ligature's glyph)."""
    codes = []
    for k, piece in enumerate(text.split("fi")):
        if k:
            codes.append(first + list(names).index("f_i"))
        codes += [first + list(names).index(_SPECIAL.get(ch, ch)) for ch in piece]
    return b"<" + bytes(codes).hex().encode() + b">"


def _type3(
    *,
    names: Sequence[str] = NAMES,
    widths: Sequence[float] = WIDTHS,
    first: int = 1,
    matrix: str = "0.001 0 0 0.001 0 0",
    bbox: str = "-50 -250 1000 900",
    extra: str = "",
) -> bytes:
    differences = " ".join(f"/{name}" for name in names)
    numbers = " ".join(f"{w:g}" for w in widths)
    return (
        f"<< /Type /Font /Subtype /Type3 /FontBBox [{bbox}] /FontMatrix [{matrix}]"
        f" /FirstChar {first} /LastChar {first + len(widths) - 1} /Widths [{numbers}]"
        f" /Encoding << /Type /Encoding /Differences [{first} {differences}] >>"
        f" /CharProcs 6 0 R /Resources << >> {extra} >>"
    ).encode()


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf(content: bytes, fonts: Sequence[bytes], *extra: bytes) -> bytes:
    """A one-page PDF showing ``content`` with fonts /F1.. (``fonts``) and Helvetica /H.

    Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 Helvetica, 6 CharProcs, 7 a glyph
    procedure, then the fonts and ``extra`` objects in order.
    """
    names = sorted({*NAMES, "A", "B"})
    procs = " ".join(f"/{name} 7 0 R" for name in names)
    font_refs = " ".join(f"/F{k + 1} {8 + k} 0 R" for k in range(len(fonts)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /H 5 0 R " + font_refs.encode() + b" >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< {procs} >>".encode(),
        _stream(GLYPH),
        *fonts,
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _lines(font: str, size: float, *texts: str, ops: str = "") -> bytes:
    """Lines in font ``font`` from the top, each one text object."""
    out = []
    for k, text in enumerate(texts):
        out.append(
            f"BT /{font} {size:g} Tf {ops} 72 {700 - 2 * size * k:g} Td ".encode()
            + _encode(text)
            + b" Tj ET"
        )
    out.append(b"BT /H 10 Tf 72 400 Td (Plain Helvetica text follows the heading) Tj ET")
    return b"\n".join(out)


HEADING = ("SOC 2 Type 2 Report", "Report: Tests of Controls", "Profits et ferrets")
CASES = {
    "codes that are not the letters": (_lines("F1", 16, *HEADING), [_type3()]),
    "character and word spacing": (_lines("F1", 12, *HEADING, ops="0.5 Tc 2 Tw"), [_type3()]),
    "horizontal scaling": (_lines("F1", 12, *HEADING, ops="80 Tz"), [_type3()]),
    "a font matrix in hundredths": (
        _lines("F1", 13, *HEADING),
        [_type3(matrix="0.01 0 0 0.01 0 0", widths=[w / 10 for w in WIDTHS], bbox="-5 -25 100 90")],
    ),
    "a flipped font matrix": (
        _lines("F1", 13, *HEADING),
        [_type3(matrix="0.001 0 0 -0.001 0 0", bbox="-50 -900 1000 250")],
    ),
    "a descriptor naming a bold font": (
        _lines("F1", 14, *HEADING),
        [_type3(extra="/FontDescriptor 9 0 R")],
        b"<< /Type /FontDescriptor /FontName /SOCHeading-Bold /Flags 32"
        b" /FontBBox [-60 -300 1000 880] /Ascent 880 /Descent -300 /ItalicAngle 0 /StemV 80 >>",
    ),
    "kerning": (
        b"BT /F1 14 Tf 72 700 Td [<0102> -120 <0304> 80 <05060708> -300 <090a>] TJ ET"
        b" BT /H 10 Tf 72 400 Td (Plain text) Tj ET",
        [_type3()],
    ),
    "a ToUnicode map for some codes": (
        _lines("F1", 14, *HEADING),
        [_type3(extra="/ToUnicode 9 0 R")],
        _stream(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def"
            b" 1 begincodespacerange <00> <FF> endcodespacerange"
            b" 4 beginbfchar <01> <0053> <02> <004F> <03> <0043> <06> <00E9> endbfchar"
            b" endcmap CMapName currentdict /CMap defineresource pop end end"
        ),
    ),
    "codes pdfminer cannot decode and code 0": (
        b"BT /F1 14 Tf 72 700 Td <0001020304 8081 0506070809> Tj ET"
        b" BT /H 10 Tf 72 400 Td (Plain text) Tj ET",
        [_type3(names=["R", *NAMES], widths=[600, *WIDTHS], first=0)],
    ),
}


def _case(name: str) -> bytes:
    content, fonts, *extra = CASES[name]
    return _pdf(content, fonts, *extra)


def _fast_glyphs(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[Char]:
    """The glyphs the fast engine gives the layout code for the first page, one by one."""
    seen: list[list[Char]] = []
    original, glyphs = pdfium_pages_module.chars_to_lines, pdfium_pages_module.page_glyphs

    def capture(items: list[Char]) -> Any:
        seen.append(list(items))
        return original(items)

    def one_by_one(page: Any, *, merge: bool = True, every_space: bool = False) -> Any:
        return glyphs(page, merge=False, every_space=every_space)

    monkeypatch.setattr(pdfium_pages_module, "chars_to_lines", capture)
    monkeypatch.setattr(pdfium_pages_module, "page_glyphs", one_by_one)
    _fast_pages(data)
    return seen[-1]


def _reference_glyphs(data: bytes) -> list[dict[str, Any]]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [dict(c) for c in pdf.pages[0].chars if not c["text"].startswith("(cid:")]


@pytest.mark.parametrize("name", list(CASES))
def test_type3_glyphs_are_read_as_pdfminer_reads_them(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _case(name)
    fast = _fast_pages(data)[0]
    assert not fast.needs_reference
    assert not fast.reread
    assert_same_page(_reference_pages(data)[0], fast)
    # Glyph by glyph: the same text, font name, size and box as pdfplumber's characters.
    # (Blanks the fast engine adds where PDFium reports a space, fontname "", are left out.)
    type3 = [c for c in _fast_glyphs(data, monkeypatch) if c.fontname not in ("Helvetica", "")]
    reference = [c for c in _reference_glyphs(data) if c["fontname"] != "Helvetica"]
    assert len(type3) == len(reference) > 0
    for glyph, char in zip(type3, reference, strict=True):
        assert (glyph.text, glyph.fontname) == (char["text"], char["fontname"])
        assert glyph.size == pytest.approx(char["size"], abs=1e-6)
        assert (glyph.top, glyph.bottom) == pytest.approx((char["top"], char["bottom"]), abs=1e-6)
        # PDFium keeps origins in float32.
        assert (glyph.x0, glyph.x1) == pytest.approx((char["x0"], char["x1"]), abs=1e-3)


def test_a_descriptor_name_is_the_font_name_and_undecodable_codes_stay_undecodable() -> None:
    bold = _fast_pages(_case("a descriptor naming a bold font"))[0]
    assert all(word.bold for word in bold.lines[0].words)
    codes = _fast_pages(_case("codes pdfminer cannot decode and code 0"))[0]
    assert codes.undecodable == 2
    assert codes.lines[0].text == "RSOCTyepRo"


def _two_fonts(first: Sequence[float], second: Sequence[float], text: str) -> bytes:
    content = (
        b"BT /F1 14 Tf 72 700 Td " + _encode(text) + b" Tj ET"
        b" BT /F2 14 Tf 72 660 Td " + _encode(text) + b" Tj ET"
        b" BT /H 10 Tf 72 400 Td (Plain text) Tj ET"
    )
    return _pdf(content, [_type3(widths=first), _type3(widths=second)])


def test_a_page_whose_type3_font_cannot_be_told_goes_to_the_reference() -> None:
    # Two Type 3 fonts with the same codes and other widths, both on the page: PDFium names
    # neither, so which glyph is in which cannot be told.
    wider = [w + 100 for w in WIDTHS]
    data = _two_fonts(WIDTHS, wider, "SOC 2 Type 2 Report")
    fast = _fast_pages(data)[0]
    assert fast.needs_reference
    read = _reread_with_reference("<test>", data, None, DEFAULT_LIMITS, [fast])[0]
    assert read.reread
    assert_same_page(_reference_pages(data)[0], read)


def test_fonts_that_read_the_shown_codes_alike_are_decided() -> None:
    # The fonts differ only in a glyph the page does not show ("f_i"): every reading agrees.
    other = list(WIDTHS)
    other[NAMES.index("f_i")] += 100
    data = _two_fonts(WIDTHS, other, "SOC 2 Type 2 Report")
    fast = _fast_pages(data)[0]
    assert not fast.needs_reference
    assert_same_page(_reference_pages(data)[0], fast)


def test_a_font_defined_twice_is_not_read() -> None:
    # An incremental update that redefines the font: which definition pdfminer takes is not
    # decided here, so the page goes to the reference.
    data = _case("codes that are not the letters")
    update = b"8 0 obj\n" + _type3(widths=[w + 50 for w in WIDTHS]) + b"\nendobj\n"
    fast = _fast_pages(data + update)[0]
    assert fast.needs_reference


def _font(widths: dict[int, float], name: str = "unknown") -> Type3Font:
    glyphs: list[tuple[str, float] | None] = [None] * 256
    for code, width in widths.items():
        glyphs[code] = (chr(code), width)
    return Type3Font(name=name, descent=-0.25, mapped=False, glyphs=tuple(glyphs))


def test_the_decision_needs_every_font_to_read_the_shown_codes_alike() -> None:
    a, b = _font({65: 0.5, 66: 0.6}), _font({65: 0.5, 66: 0.7})
    fonts = Type3Fonts(PdfObjects(b"", [], complete=True), fonts=[a, b])
    assert fonts.decide(lambda: {65}) is a
    assert fonts.decide(lambda: {65, 66}) is None
    renamed = Type3Fonts(PdfObjects(b"", [], complete=True), fonts=[a, _font({65: 0.5}, "X")])
    assert renamed.decide(lambda: {65}) is None
    unread = Type3Fonts(PdfObjects(b"", [], complete=True), fonts=[a, None])
    assert unread.decide(lambda: {65}) is None


def test_objects_are_found_in_the_file_and_in_object_streams() -> None:
    import zlib

    first, second = b"<< /Kind /Inner /Widths [1 2 3] >>", b"[4 0 R /Name]"
    header = b"10 0 11 %d " % (len(first) + 1)
    packed = zlib.compress(header + first + b" " + second)
    data = (
        b"%%PDF-1.5\n4 0 obj\n<< /Here (yes) >>\nendobj\n"
        b"5 0 obj\n<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    objects = PdfObjects.index(data, list(object_streams(data)))
    assert objects.complete
    assert objects.getobj(4) == {"Here": b"yes"}
    assert objects.getobj(10)["Widths"] == [1, 2, 3]
    reference, name = objects.getobj(11)
    assert reference.resolve() == {"Here": b"yes"}
    assert name.name == "Name"
    assert objects.holding(b"/Inner") == [10]
    with pytest.raises(UnreadObjectError):
        objects.getobj(99)
    twice = PdfObjects.index(data + b"4 0 obj\n<< /Here (no) >>\nendobj\n", [])
    with pytest.raises(UnreadObjectError):
        twice.getobj(4)
    assert not PdfObjects.index(data + b"trailer << /Encrypt 9 0 R >>", []).complete
