"""Glyph runs: a page's text objects read into the items the layout code takes.

This module owns :func:`page_glyphs`, which splits a page's characters into runs of one
text object (:func:`_object_runs`), groups the runs of one line, and reads each group as
a block of words (:func:`~soc2parse.extract.pdfium.words.add_words`), as runs of glyphs
merged into one item (:func:`_add_run`, the per-glyph hot loop) or glyph by glyph; the
blanks PDFium sets aside or drops between text objects (:func:`_add_stored_space`,
:func:`_dropped_blank`); and :func:`merge_is_safe`, the check that merging changed none
of the lines the layout code makes.
"""

from __future__ import annotations

import ctypes
import itertools
import math

import regex

from soc2parse.extract.layout import Char, normalize_text
from soc2parse.extract.pdfium.bindings import OBJ_TEXT, TextApi, path_api
from soc2parse.extract.pdfium.fonts import Font
from soc2parse.extract.pdfium.textpage import Glyphs, TextObject, TextPage
from soc2parse.extract.pdfium.words import add_words

__all__ = ["merge_is_safe", "page_glyphs"]

# A dropped space object (see _dropped_blank): at most this many objects between its two
# neighbours, and bounds under this many points each way.
_MAX_OBJECTS_BETWEEN = 4
_POINT_SIZE = 0.01

# The line break PDFium writes between two lines of text.
_LINE_BREAK = regex.compile(r"\r\n")


def page_glyphs(page: TextPage, *, merge: bool = True, every_space: bool = False) -> Glyphs:
    """The page's upright glyphs with pdfminer's boxes, in PDFium's order.

    A space PDFium reports between two text objects of one line is a blank (see
    :func:`_add_stored_space`); with ``every_space`` (the guard's exact path) so is every
    space PDFium reports between two characters of one line, inside one object too.

    With ``merge``, a text object of printable ASCII is given as one block of words
    (:func:`add_words`), and in other objects neighbouring glyphs that the layout code
    would put in one word anyway (no blank between them, left and right edges moving right,
    gaps under the word-break gap) are given as one item: the layout code then makes the
    same words from a tenth as many items.
    """
    found = Glyphs()
    text = page.text
    if not text:
        return found
    runs = _object_runs(page.api, page.handle, text)
    flat = not page.geometry.turned
    # Runs of one line in one font, size and matrix, next to each other or one made-up
    # space apart: a browser draws each word, or each few glyphs, as a text object of its
    # own. Objects alike share one record (see TextPage.object_of), so such a group is
    # read as one block of words, its made-up spaces the blanks between them.
    groups: list[list[tuple[int, int, int]]] = []
    infos: list[TextObject] = []
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
            if not add_words(page, info, group[0][0], group[-1][1], found):
                for (_, gap_start, _), (gap_end, _, _) in itertools.pairwise(group):
                    if text[gap_start:gap_end] == " ":
                        _add_stored_space(page, gap_start, found)
                for start, end, _ in group:
                    if not add_words(page, info, start, end, found):
                        _add_run(page, info, range(start, end), found, merge=merge)
            continue
        start, end, _ = group[0]
        if info.horizontal and flat:
            if not (merge and add_words(page, info, start, end, found)):
                _add_run(page, info, range(start, end), found, merge=merge)
        else:
            for index in range(start, end):
                item = page.glyph(index, info)
                if item is None:
                    found.undecodable += 1
                    found.lettered += _refer(info.font, text[index])
                else:
                    found.add(item)
    return found


def _dropped_blank(page: TextPage, order: dict[int, int], before: int, after: int) -> float | None:
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
    api = path_api()
    bounds = (ctypes.c_float * 4)()
    refs = [ctypes.addressof(bounds) + 4 * k for k in range(4)]
    for handle in page.page_objects[first + 1 : last]:
        if api.object_type(handle) != OBJ_TEXT or not api.object_bounds(handle, *refs):
            continue
        left, bottom, right, top = bounds
        if right - left < _POINT_SIZE and top - bottom < _POINT_SIZE:
            return float(left)
    return None


def _add_stored_space(page: TextPage, index: int, found: Glyphs) -> None:
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
    page: TextPage, info: TextObject, indexes: range, found: Glyphs, *, merge: bool
) -> None:
    """Add the glyphs of one horizontal text object on an unturned page (the common case).

    This is the hot loop: one PDFium call per glyph, its arguments made in advance and its
    answer read through a memoryview (converting arguments and reading c_double values
    cost more than PDFium's own work); a glyph's advance comes from its font's widths.
    A decided Type 3 font's glyphs are read from their codes (:func:`_add_type3`; with a
    ToUnicode map, only those PDFium could not map).
    """
    type3 = info.font.type3
    if type3 is not None and not type3.mapped:
        _add_type3(page, info, indexes, found)
        return
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
            item = page.glyph(index, info) if type3 is not None else None
            if item is None:
                found.undecodable += 1
                found.lettered += _refer(info.font, glyph)
                continue
            if run:
                items.append(
                    make(Char, ("".join(run), run_x0, run_x1, top, bottom, size, name, ()))
                )
                lasts.append(run_last)
                run = []
            found.add(item)
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


def _add_type3(page: TextPage, info: TextObject, indexes: range, found: Glyphs) -> None:
    """Add the glyphs of a horizontal text object in a decided Type 3 font, one by one.

    Each glyph's text and advance are pdfminer's, read from its code
    (:meth:`~soc2parse.extract.pdfium.textpage.TextPage.decode`); its origin is PDFium's,
    and its box is computed as :func:`_add_run` computes it. A code pdfminer cannot decode
    is undecodable to both engines; a space PDFium made up is a blank where it put it.
    Type 3 text is rare (a cover, the headings), so glyphs are not merged.
    """
    probe, origin = page.probe, page.api.origin_raw
    shift, baseline = page.geometry.shift_x, info.baseline
    scale_x, font_size, name = info.scale_x, info.font_size, info.font.name
    for index in indexes:
        if not page.reads_code(info, index):
            if page.text[index] != " ":
                continue
            # A space PDFium made up: a blank, as the blanks of _add_stored_space.
            glyph, width, fontname = " ", 0.0, ""
        else:
            decoded = page.decode(info, index)
            if decoded is None:
                found.undecodable += 1
                continue
            (glyph, width), fontname = decoded, name
        origin(probe.handle, index, probe.x_ref, probe.y_ref)
        if probe.xy[1] != baseline:
            own = page.object_of(index)
            item = page.glyph(index, own) if own.keep else None
            if item is not None:
                found.add(item)
            continue
        x0 = probe.xy[0]
        x1 = scale_x * (width * font_size) + x0
        if x1 < x0:
            x0, x1 = x1, x0
        found.add(Char(glyph, x0 + shift, x1 + shift, info.top, info.bottom, info.size, fontname))


def _refer(font: Font, glyph: str) -> bool:
    """Whether an undecodable glyph counts towards reading the page with the reference engine.

    It does when PDFium's text gives it as a letter or digit all the same, or its font is
    a Type 3 font not read here (its text holds codes, letters or not); not when its font
    is a decided Type 3 font (the reference cannot decode that code either).
    """
    if font.type3 is not None:
        return False
    return font.undecided or glyph.isalnum()


# What a glyph's text is to the layout code: counted as text (the reference counts glyphs
# whose raw text is not whitespace), and blank (a word break: blank once normalized).
_COUNTED, _BLANK = 1, 2


def _kind(glyph: str) -> int:
    counted = _COUNTED if glyph.strip() else 0
    blank = 0 if (glyph if glyph.isascii() else normalize_text(glyph)).strip() else _BLANK
    return counted | blank


def merge_is_safe(glyphs: Glyphs) -> bool:
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


def _object_runs(api: TextApi, textpage: int, text: str) -> list[tuple[int, int, int]]:
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
