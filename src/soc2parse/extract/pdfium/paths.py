"""Ruling lines: the edges pdfplumber derives from a page's painted paths.

This module owns :func:`read_page_objects`, which walks a page's objects (form XObjects
searched too, to a depth limit) and gives the page's ruling segments, its number of
images and its top-level objects. A path is split into subpaths and classified as
pdfminer's ``paint_path`` does: a two-point path is a line, a closed axis-aligned
four-point path a rectangle with four edges, anything else a curve with one edge per
segment; edges shorter than the reference extractor keeps are dropped.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any

import attrs

from soc2parse._pages import Rule
from soc2parse.extract.pdfium.bindings import (
    OBJ_FORM,
    OBJ_IMAGE,
    OBJ_PATH,
    PathApi,
    handle_of,
    path_api,
)
from soc2parse.extract.pdfium.geometry import Affine

__all__ = ["read_page_objects"]

# PDFium's path segment types (fpdf_edit.h).
_SEG_LINETO, _SEG_BEZIERTO, _SEG_MOVETO = 0, 1, 2

# Edges shorter than this are dropped, as the reference extractor drops them.
_MIN_RULE = 2.0
# Forms nested deeper than this are not searched for paths and images.
_MAX_FORM_DEPTH = 12

_Point = tuple[float, float]
_Edge = tuple[float, float, float, float]
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@attrs.define
class _Edges:
    """Edges in pdfplumber's order: every line's, then every rectangle's, then every curve's."""

    lines: list[_Edge] = attrs.Factory(list)
    rects: list[_Edge] = attrs.Factory(list)
    curves: list[_Edge] = attrs.Factory(list)
    images: int = 0


def read_page_objects(
    page: Any, transform: Affine
) -> tuple[tuple[Rule, ...], int, tuple[int, ...]]:
    """The page's ruling segments, its number of images (forms searched too), and its objects.

    The objects are the page's top-level object handles in drawing order.
    """
    api = path_api()
    handle = handle_of(page)
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
    api: PathApi,
    objects: list[int],
    outer: Affine,
    transform: Affine,
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
        if kind == OBJ_IMAGE:
            found.images += 1
        elif kind == OBJ_PATH:
            # A path whose painted area is under the shortest rule has no edge worth keeping.
            small = depth == 0 and api.object_bounds(handle, *refs)
            if small and max(bounds[2] - bounds[0], bounds[3] - bounds[1]) < _MIN_RULE:
                continue
            if not api.object_matrix(handle, matrix_ref):
                continue
            own = _compose(tuple(matrix), outer)
            _path_edges(api, handle, _compose(own, transform), found)
        elif kind == OBJ_FORM and depth < _MAX_FORM_DEPTH:
            if not api.object_matrix(handle, matrix_ref):
                continue
            inner = _compose(tuple(matrix), outer)
            children = [api.form_object(handle, k) or 0 for k in range(api.form_count(handle))]
            _walk(api, children, inner, transform, found, depth=depth + 1)


def _compose(first: tuple[float, ...], then: Affine) -> Affine:
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


def _path_edges(api: PathApi, handle: int, to_page: Affine, found: _Edges) -> None:
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
