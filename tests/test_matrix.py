"""The producer matrix: small PDFs from eight producers, read by both engines and checked
against what a person sees on each page.

``fixtures/matrix/`` (made by ``fixtures/matrix/generate.py``; its ``manifest.json`` says
which file covers which way of storing text: no stored spaces, TJ kerning, character and
word spacing, ligatures, Type 3 and CID fonts, subset fonts without ToUnicode, rotated and
landscape pages, fake bold, invisible text, tagged PDF) holds each PDF with the lines a
person sees on each of its pages. Two checks per page:

- the differential check: the fast engine's words (text, boxes, sizes) are the reference
  engine's, as ``test_engines.assert_same_page`` defines it;
- the truth check: the default engine's lines are the visible lines.

"Fast" pages here are what ``extract()`` gives: the pages the fast engine cannot decode are
read by the reference engine there, and so here; the Type 3 font of ``ghostscript.pdf`` is
read by the fast engine itself (``test_type3_pages_are_read_by_the_fast_engine``), so its
pages are compared as the fast engine reads them.

Where they legitimately differ, the pair is a strict expected failure that says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from soc2parse._limits import DEFAULT_LIMITS
from soc2parse._pages import RawPage
from soc2parse.extract.engine import _reread_with_reference

from test_engines import _fast_pages, _reference_pages, assert_same_page

MATRIX = Path(__file__).resolve().parent.parent / "fixtures" / "matrix"
PDFS = sorted(MATRIX.glob("*.pdf"))

_INVISIBLE = (
    "invisible text (render mode 3) is read by both engines on purpose: it is the text layer "
    "of a scanned report that was run through OCR"
)
_FAKE_BOLD = (
    "text drawn twice (fake bold): pdfminer reads it twice, PDFium once (what a person sees)"
)
# (file stem, page, check) -> why the pair differs.
KNOWN: dict[tuple[str, int, str], str] = {
    ("fpdf2", 2, "truth"): _INVISIBLE,
    ("reportlab", 2, "truth"): _INVISIBLE,
    ("reportlab", 1, "engines"): _FAKE_BOLD,
}


def _truth(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _cases(check: str) -> list[Any]:
    params = []
    for pdf in PDFS:
        for page in _truth(pdf)["pages"]:
            reason = KNOWN.get((pdf.stem, page["page"], check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(
                pytest.param(pdf, page["page"], id=f"{pdf.stem}:p{page['page']}", marks=marks)
            )
    return params


_FAST: dict[Path, list[RawPage]] = {}


def _fast(pdf: Path) -> list[RawPage]:
    """The default engine's pages, as extract() has them (pages the fast engine cannot
    decode read again by the reference engine)."""
    if pdf not in _FAST:
        data = pdf.read_bytes()
        _FAST[pdf] = _reread_with_reference("<test>", data, None, DEFAULT_LIMITS, _fast_pages(data))
    return _FAST[pdf]


def test_matrix_covers_every_producer_and_feature() -> None:
    manifest = json.loads((MATRIX / "manifest.json").read_text(encoding="utf-8"))
    assert len(PDFS) >= 6
    for feature, entry in manifest["features"].items():
        assert entry["files"], feature
        assert all((MATRIX / name).is_file() for name in entry["files"]), feature
    assert all(reason for reason in KNOWN.values())
    assert {stem for stem, _, _ in KNOWN} <= {pdf.stem for pdf in PDFS}


@pytest.mark.parametrize(("pdf", "number"), _cases("engines"))
def test_matrix_engines_agree(pdf: Path, number: int) -> None:
    reference = _reference_pages(pdf.read_bytes(), [number])[0]
    assert_same_page(reference, _fast(pdf)[number - 1])


@pytest.mark.parametrize(("pdf", "number"), _cases("truth"))
def test_matrix_fast_engine_reads_what_a_person_sees(pdf: Path, number: int) -> None:
    page = next(p for p in _truth(pdf)["pages"] if p["page"] == number)
    fast = _fast(pdf)[number - 1]
    assert [line.text for line in fast.lines] == page["lines"]
    assert fast.reread == fast.needs_reference, "only pages PDFium cannot decode are read again"


def test_type3_pages_are_read_by_the_fast_engine() -> None:
    """PDFium maps no Type 3 glyph to Unicode nor gives it a width; the fast engine reads them
    as pdfminer does (extract.pdfium.type3), and no page is left to the reference engine, so
    the differential check above compares the fast engine's own reading."""
    pages = _fast(MATRIX / "ghostscript.pdf")
    assert not any(page.needs_reference or page.reread for page in pages)
    # The Type 3 lines (the cover and the headings) are there, read from the glyph names.
    texts = [line.text for page in pages for line in page.lines]
    assert "Northwind Ledger, Inc." in texts
    assert any(text.startswith("Section IV") for text in texts)
    assert not any(page.needs_reference for pdf in PDFS for page in _fast(pdf))
