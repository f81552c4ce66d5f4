"""The extractor: sources, errors, and the page model it builds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import soc2parse
from soc2parse import (
    NotAPdfError,
    NotASocReportError,
    NoTextLayerError,
    Soc2ParseError,
    SourceUnreadableError,
)
from soc2parse.extract.engine import extract

from pdfbuild import SOC_PAGES, make_pdf


@pytest.fixture(scope="module")
def soc_pdf() -> bytes:
    return make_pdf(SOC_PAGES)


def test_path_bytes_and_stream_give_the_same_document(tmp_path: Path, soc_pdf: bytes) -> None:
    path = tmp_path / "acme.pdf"
    path.write_bytes(soc_pdf)
    from_path = extract(path)
    from_bytes = extract(soc_pdf)
    stream = io.BytesIO(soc_pdf)
    from_stream = extract(stream)
    assert not stream.closed
    assert from_path.source == str(path)
    assert from_bytes.source is None
    assert from_path.pages == from_bytes.pages == from_stream.pages
    assert from_path.sha256 == from_bytes.sha256
    assert from_path.page_count == 3


def test_pages_carry_lines_in_reading_order(soc_pdf: bytes) -> None:
    document = extract(soc_pdf)
    second = document.page(2)
    assert second.lines[0].text == "Independent Service Auditor's Report"
    assert second.lines[0].words[0].size == pytest.approx(10)
    assert second.lines[0].top < second.lines[1].top


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_diagonal_watermark_is_not_text(engine: str) -> None:
    data = make_pdf(SOC_PAGES, watermark="CONFIDENTIAL DRAFT")
    document = extract(data, engine=engine)
    assert document.page(2).text == extract(make_pdf(SOC_PAGES), engine=engine).page(2).text
    assert "C\nO" not in document.page(2).text


def test_load_reads_sections_and_warns_about_what_is_missing(soc_pdf: bytes) -> None:
    report = soc2parse.load(soc_pdf)
    assert report.source is None
    assert report.page_count == 3
    assert [(s.kind.value, s.first_page, s.last_page) for s in report.sections] == [
        ("opinion", 2, 2),
        ("assertion", 3, 3),
    ]
    assert "no tests section was found" in report.warnings


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", NotAPdfError, "is empty"),
        (b"Hello, this is a text file\n" * 20, NotAPdfError, "not a PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, NotAPdfError, "not a PDF"),
        (b"%PDF-1.4\n%%EOF\n", NotAPdfError, "damaged or truncated"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", NotAPdfError, "damaged or truncated"),
    ],
    ids=["empty", "text", "png", "header-only", "cut-short"],
)
def test_bad_bytes_get_a_clear_error(
    tmp_path: Path, data: bytes, error: type[Soc2ParseError], words: str
) -> None:
    path = tmp_path / "vendor.pdf"
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        soc2parse.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert words in message


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_a_truncated_pdf_never_escapes_as_another_error(soc_pdf: bytes, cut: float) -> None:
    data = soc_pdf[: int(len(soc_pdf) * cut)]
    outcome: object
    try:
        outcome = soc2parse.load(data)
    except Soc2ParseError as error:
        outcome = error
    # A file cut in its trailer may be repaired and read; one cut earlier is refused.
    if cut < 0.9:
        assert isinstance(outcome, Soc2ParseError)
    if isinstance(outcome, Soc2ParseError):
        assert str(outcome).startswith("<pdf sha256:")
    else:
        assert isinstance(outcome, soc2parse.Report)


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []], image_only=True))
    with pytest.raises(NoTextLayerError, match=r"scan\.pdf: no text layer.*OCR"):
        soc2parse.load(path)


def test_text_that_cannot_be_decoded_needs_ocr() -> None:
    from soc2parse._pages import RawPage
    from soc2parse.extract.engine import check_text_layer

    garbled = [RawPage(1, 612, 792, (), (), char_count=3, image_count=0, undecodable=900)]
    with pytest.raises(NoTextLayerError, match=r"x\.pdf: the text cannot be decoded.*OCR"):
        check_text_layer("x.pdf", garbled)
    readable = [RawPage(1, 612, 792, (), (), char_count=900, image_count=0, undecodable=30)]
    check_text_layer("x.pdf", readable)


def test_a_readable_non_soc_pdf_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(make_pdf([["INVOICE 2025-0042", "Amount due: $4,500.00", "Net 30"]]))
    with pytest.raises(NotASocReportError, match=r"invoice\.pdf: .*not a SOC"):
        soc2parse.load(path)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing.pdf", "no such file"),
        (lambda p: p, "is a folder"),
    ],
    ids=["missing", "folder"],
)
def test_unreadable_sources(tmp_path: Path, make: object, words: str) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(SourceUnreadableError, match=words) as caught:
        soc2parse.load(target)
    assert str(target) in str(caught.value)
    assert isinstance(caught.value, OSError)


def test_a_text_stream_is_refused_clearly() -> None:
    with pytest.raises(SourceUnreadableError, match="text, not bytes"):
        soc2parse.load(io.StringIO("%PDF-1.4"))


def test_an_unsupported_source_type_is_refused() -> None:
    with pytest.raises(SourceUnreadableError, match="not a path, bytes"):
        soc2parse.load(12345)  # type: ignore[arg-type]


def test_errors_pickle_for_process_pools() -> None:
    import pickle

    error = NotAPdfError("x.pdf", "is not a PDF")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is NotAPdfError
    assert str(again) == str(error)
    assert again.source == "x.pdf"


ENCRYPTED = Path(__file__).resolve().parents[1] / "fixtures" / "bad" / "encrypted-user-password.pdf"
PERMISSIONS_ONLY = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "reports"
    / "rl20-soc2-t2-encrypted-permissions.pdf"
)


def test_an_encrypted_pdf_without_a_password_says_to_pass_one() -> None:
    with pytest.raises(soc2parse.EncryptedPdfError, match="needs a password") as caught:
        soc2parse.load(ENCRYPTED)
    assert str(ENCRYPTED) in str(caught.value)


def test_a_wrong_password_is_called_wrong() -> None:
    with pytest.raises(soc2parse.EncryptedPdfError, match="password given is wrong"):
        soc2parse.load(ENCRYPTED, password="not-it")


def test_the_right_password_opens_it() -> None:
    report = soc2parse.load(ENCRYPTED, password="open-sesame")
    assert report.page_count > 3
    assert any(s.kind == "opinion" for s in report.sections)


def test_permissions_only_encryption_needs_no_password() -> None:
    report = soc2parse.load(PERMISSIONS_ONLY)
    assert any(s.kind == "tests" for s in report.sections)
