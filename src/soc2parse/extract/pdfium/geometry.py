"""Page geometry: a page's size and the map from PDF user space to pdfplumber's coordinates.

This module owns :class:`Geometry` (read once per page by :func:`page_geometry` from the
MediaBox and ``/Rotate``, as pdfminer and pdfplumber read them) and :func:`clean`, which
turns PDFium's single-precision coordinates back into the short decimals the PDF wrote, so
that boxes come out with the reference extractor's floats.
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

import attrs

__all__ = ["Affine", "Geometry", "clean", "page_geometry"]

Affine = tuple[float, float, float, float, float, float]


@attrs.frozen
class Geometry:
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
    transform: Affine
    turned: bool
    shift_x: float
    shift_top: float


def page_geometry(page: Any) -> Geometry:
    """A PDFium page's size and coordinate map, from its MediaBox and ``/Rotate``."""
    import pypdfium2.raw as pdfium_c

    box = [ctypes.c_float() for _ in range(4)]
    rotation = (pdfium_c.FPDFPage_GetRotation(page) % 4) * 90
    if pdfium_c.FPDFPage_GetMediaBox(page, *box):
        left, bottom, right, top = (clean(v.value) for v in box)
    else:
        left, bottom = 0.0, 0.0
        right = float(pdfium_c.FPDF_GetPageWidthF(page))
        top = float(pdfium_c.FPDF_GetPageHeightF(page))
        if rotation in (90, 270):
            right, top = top, right
    x0, x1 = sorted((left, right))
    y0, y1 = sorted((bottom, top))
    # pdfminer's page matrix for each /Rotate (pdfinterp.PDFPageInterpreter.process_page).
    ctm: Affine = {
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
    return Geometry(width, height, transform, rotation != 0, shift_x, shift_top)


@functools.lru_cache(maxsize=4096)
def clean(value: float) -> float:
    """A float32 coordinate from PDFium back to the short decimal the PDF most likely wrote.

    PDF producers write coordinates with a few decimals, which pdfminer reads as doubles;
    PDFium keeps float32, off by up to a few 1e-5 points.
    """
    return round(value, 4) if abs(value) < 1024 else round(value, 3)
