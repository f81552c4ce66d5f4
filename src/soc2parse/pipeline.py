"""The pipeline: every stage in order, on one screen.

extract pages -> find sections -> check it is a SOC report -> read opinion and
facts -> rebuild the tests of controls -> assemble the report.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from typing import Any, BinaryIO

import attrs

from soc2parse._limits import DEFAULT_LIMITS, Limits
from soc2parse._model import Evidence, Framework, Report, Section, SectionKind
from soc2parse._pages import Document
from soc2parse.extract.engine import extract

__all__ = ["Source", "load"]

Source = str | os.PathLike[str] | bytes | BinaryIO


def load(
    source: Source,
    *,
    password: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    engine: str = "pdfium",
    ocr: bool | str = "auto",
) -> Report:
    """Parse one SOC report.

    Args:
        source: a path, the PDF's bytes, or a binary file object (read, not closed).
        password: the password to open an encrypted PDF; permissions-only
            encryption needs none.
        limits: safety limits for untrusted input (pages, sizes, inflated streams);
            see :class:`~soc2parse.Limits`.
        engine: the character source: ``"pdfium"`` (pypdfium2, the default, many times
            faster) or ``"pdfplumber"`` (pdfminer's parser, the reference); a test asserts
            that both give the same report on every fixture.
        ocr: pages that hold images but no text (scans): ``"auto"`` (the default) reads
            them with OCR when the ``ocr`` extra and Tesseract are installed, ``True``
            always does (and fails, naming what to install, when they are not), ``False``
            never does. ``report.ocr_pages`` and ``report.warnings`` name the pages read
            by OCR, and their evidence has ``ocr=True``.

    Returns:
        The parsed :class:`~soc2parse.Report`. What could not be determined is
        ``unknown``/None/empty with a reason in ``report.warnings``.

    Raises:
        SourceUnreadableError: the file cannot be read.
        NotAPdfError: not a PDF, or corrupt beyond repair.
        EncryptedPdfError: a password is needed, or the one given is wrong.
        NoTextLayerError: the pages hold no text (scanned, and OCR is off or not installed).
        NotASocReportError: a readable PDF that is not a SOC report.
        ResourceLimitError: the file exceeds one of ``limits``.
    """
    # The stages are imported here, not at the top, to keep `import soc2parse` light.
    from soc2parse.controls.read import check_opinion, read_controls
    from soc2parse.facts.gather import read_facts
    from soc2parse.sections import check_soc_report, find_sections

    with _collector_paused():
        document = extract(source, password=password, limits=limits, engine=engine, ocr=ocr)
        sections = find_sections(document.pages)
        check_soc_report(document, sections)
        facts = read_facts(document, sections)
        controls = check_opinion(facts.opinion, read_controls(document, sections))
    warnings = (
        *_ocr_warnings(document),
        *_section_warnings(sections, facts.framework),
        *facts.warnings,
        *controls.warnings,
    )
    report = Report(
        source=document.source,
        sha256=document.sha256,
        page_count=document.page_count,
        framework=facts.framework,
        report_type=facts.report_type,
        service_organization=facts.service_organization,
        service_auditor=facts.service_auditor,
        service_auditor_evidence=facts.auditor_evidence,
        period=facts.period,
        report_date=facts.report_date,
        categories=facts.categories,
        opinion=facts.opinion,
        controls=controls.controls,
        exceptions=controls.exceptions,
        subservice_organizations=facts.subservice_organizations,
        cuecs=facts.cuecs,
        csocs=facts.csocs,
        controls_status=controls.status,
        sections=sections,
        warnings=tuple(dict.fromkeys(warnings)),
        ocr_pages=document.ocr_pages,
    )
    marked: Report = _mark_ocr(report, frozenset(document.ocr_pages))
    return marked


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one parse, then restore it.

    A parse makes hundreds of thousands of short-lived tuples and lists; each batch of
    them starts a collection, and every so often one that walks every object in the
    process (spaCy's vocabulary included): about a tenth of a parse's time. What a parse
    leaves behind is freed by reference counting; anything cyclic waits for the next
    collection after it. The switch is process-wide: other threads see the collector
    paused while a parse runs. A collector the caller had disabled stays disabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _section_warnings(sections: tuple[Section, ...], framework: Framework) -> tuple[str, ...]:
    # A SOC 3 report has no tests of controls: their absence is no gap.
    expected = (
        (SectionKind.OPINION,)
        if framework is Framework.SOC3
        else (
            SectionKind.OPINION,
            SectionKind.TESTS,
        )
    )
    found = {s.kind for s in sections}
    return tuple(f"no {kind.value} section was found" for kind in expected if kind not in found)


def _pages(numbers: tuple[int, ...]) -> str:
    """``(1,)`` -> "page 1"; ``(1, 5, 6)`` -> "pages 1, 5, 6"."""
    listed = ", ".join(str(n) for n in numbers)
    return f"page {listed}" if len(numbers) == 1 else f"pages {listed}"


def _ocr_warnings(document: Document) -> tuple[str, ...]:
    out = []
    if document.ocr_pages:
        were = "was" if len(document.ocr_pages) == 1 else "were"
        out.append(
            f"{_pages(document.ocr_pages)} had no text layer and {were} read by OCR; "
            "check names, dates and figures taken from them against the page"
        )
    for number, dpi in document.ocr_lowered:
        out.append(
            f"page {number} was read by OCR at {dpi:.0f} dpi to stay within "
            "Limits.max_ocr_pixels; raise it for a sharper reading"
        )
    if document.unread_image_pages:
        from soc2parse.extract.ocr import missing_ocr_reason

        out.append(
            f"{_pages(document.unread_image_pages)}: only images, not read "
            f"(OCR is off or not installed; pass ocr=True, or {missing_ocr_reason()})"
        )
    return tuple(out)


def _mark_ocr(value: Any, pages: frozenset[int]) -> Any:
    """``value`` with every :class:`Evidence` on one of ``pages`` marked ``ocr=True``."""
    if not pages:
        return value
    if isinstance(value, Evidence):
        return attrs.evolve(value, ocr=True) if value.page in pages else value
    if isinstance(value, tuple):
        return tuple(_mark_ocr(v, pages) for v in value)
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _mark_ocr(old, pages)
            if new is not old:
                changes[field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value
