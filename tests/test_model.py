"""The report model: the contract's shape, invariants and serialization."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given

import soc2parse
from soc2parse import (
    Category,
    ComplementarySubserviceControl,
    Evidence,
    Framework,
    Opinion,
    OpinionKind,
    Period,
    Report,
    ReportType,
    SampleRatio,
    Section,
    SectionKind,
    SubserviceOrganization,
)

from strategies import reports

# The contract's names (../shared/spec/report-schema.md): every one must stay public.
CONTRACT = {
    "Category",
    "ControlException",
    "ControlTest",
    "EncryptedPdfError",
    "Evidence",
    "Framework",
    "NoTextLayerError",
    "NotAPdfError",
    "NotASocReportError",
    "Opinion",
    "OpinionKind",
    "ParseTimeoutError",
    "Period",
    "Report",
    "ReportType",
    "ResourceLimitError",
    "SampleRatio",
    "Section",
    "SectionKind",
    "Soc2ParseError",
    "SourceUnreadableError",
    "SubserviceOrganization",
    "__version__",
    "load",
}
# Our extensions of it (docs/model.md): batches, limits, frames and the review aids.
EXTENSIONS = {
    "ComplementarySubserviceControl",
    "Comparison",
    "Limits",
    "Outcome",
    "ReportAge",
    "ReviewFlag",
    "compare",
    "deviation_rate",
    "exception_areas",
    "load_many",
    "report_age",
    "review_flags",
    "to_frame",
}


def test_public_surface_is_pinned() -> None:
    """``__all__`` is exactly the contract plus our documented extensions, each importable."""
    assert sorted(soc2parse.__all__) == sorted(CONTRACT | EXTENSIONS)
    assert len(soc2parse.__all__) == len(set(soc2parse.__all__))
    for name in soc2parse.__all__:
        assert hasattr(soc2parse, name), name
    public = {n for n in vars(soc2parse) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if isinstance(getattr(soc2parse, n), type(soc2parse))}
    assert public - modules == set(soc2parse.__all__) - {"__version__"}


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (OpinionKind.QUALIFIED, "qualified"),
        (OpinionKind.UNKNOWN, "unknown"),
        (Framework.SOC2, "soc2"),
        (ReportType.TYPE1, "type1"),
        (Category.PROCESSING_INTEGRITY, "processing_integrity"),
        (SectionKind.TESTS, "tests"),
    ],
    ids=str,
)
def test_enums_are_strings(member: Any, value: str) -> None:
    assert member == value
    assert str(member) == value
    assert json.dumps(member) == f'"{value}"'


def _report(**changes: Any) -> Report:
    base: dict[str, Any] = {
        "source": "vendor.pdf",
        "sha256": "ab" * 32,
        "page_count": 12,
        "framework": Framework.SOC2,
        "report_type": ReportType.TYPE2,
        "period": Period(date(2025, 1, 1), date(2025, 12, 31)),
        "report_date": date(2026, 2, 14),
        "categories": (Category.SECURITY, Category.AVAILABILITY),
        "opinion": Opinion(OpinionKind.UNQUALIFIED, None, Evidence(4, "In our opinion ...")),
        "sections": (Section(SectionKind.OPINION, "Independent Service Auditor's Report", 3, 5),),
    }
    base.update(changes)
    return Report(**base)


def test_to_dict_uses_plain_json_types() -> None:
    data = _report().to_dict()
    assert data["framework"] == "soc2"
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert data["report_date"] == "2026-02-14"
    assert data["categories"] == ["security", "availability"]
    assert data["opinion"] == {
        "kind": "unqualified",
        "basis": None,
        "evidence": {"page": 4, "text": "In our opinion ..."},
    }
    assert data["sections"][0]["kind"] == "opinion"
    assert "has_exceptions" not in data
    assert json.loads(json.dumps(data)) == data


def test_categories_keep_the_contract_order() -> None:
    report = _report(categories=(Category.PRIVACY, Category.SECURITY, Category.CONFIDENTIALITY))
    assert report.categories == (Category.SECURITY, Category.CONFIDENTIALITY, Category.PRIVACY)


@given(reports)
def test_from_dict_inverts_to_dict(report: Report) -> None:
    data = report.to_dict()
    assert Report.from_dict(data) == report
    assert json.loads(report.to_json()) == data


def test_facts_evidence_and_csocs_round_trip() -> None:
    aws = SubserviceOrganization(
        "Amazon Web Services, Inc. (AWS)",
        "cloud hosting",
        "carve-out",
        Evidence(12, "Acme uses Amazon Web Services, Inc. (AWS) for cloud hosting."),
    )
    csoc = ComplementarySubserviceControl(
        "AWS is responsible for physical access to its data centers.",
        "Amazon Web Services, Inc. (AWS)",
        ("CC6.4", "CC6.5"),
        Evidence(13, "AWS is responsible for physical access to its data centers."),
    )
    report = _report(
        service_auditor="Whitmore Ashby LLP",
        service_auditor_evidence=Evidence(5, "Whitmore Ashby LLP"),
        subservice_organizations=(aws,),
        csocs=(csoc,),
    )
    data = report.to_dict()
    assert data["service_auditor_evidence"] == {"page": 5, "text": "Whitmore Ashby LLP"}
    ocr = attrs.evolve(report, service_auditor_evidence=Evidence(5, "Whitmore", ocr=True))
    assert ocr.to_dict()["service_auditor_evidence"] == {"page": 5, "text": "Whitmore", "ocr": True}
    assert Report.from_dict(ocr.to_dict()) == ocr
    assert data["subservice_organizations"][0]["evidence"]["page"] == 12
    assert data["csocs"][0]["criteria"] == ["CC6.4", "CC6.5"]
    again = Report.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data
    assert again.csocs[0].criteria == ("CC6.4", "CC6.5")
    assert again.subservice_organizations[0].evidence == aws.evidence
    # Where a fact was read is no part of its identity.
    assert aws == SubserviceOrganization(
        "Amazon Web Services, Inc. (AWS)", "cloud hosting", "carve-out"
    )


def test_properties_and_repr() -> None:
    report = _report()
    assert not report.has_exceptions
    assert report.exception_count == 0
    text = repr(report)
    assert "vendor.pdf" in text
    assert "unqualified" in text
    assert report.section("opinion") is not None
    assert report.section(SectionKind.TESTS) is None


@pytest.mark.parametrize(
    "build",
    [
        lambda: SampleRatio(26, 25, "26 of 25"),
        lambda: SampleRatio(1, 0, "1 of 0"),
        lambda: Period(date(2025, 2, 1), date(2025, 1, 1)),
        lambda: Section(SectionKind.OPINION, "x", 5, 4),
        lambda: Evidence(0, "page zero"),
        lambda: SubserviceOrganization("AWS", None, "carved out"),
    ],
    ids=[
        "count-over-total",
        "zero-total",
        "period-backwards",
        "section-backwards",
        "page-0",
        "bad-method",
    ],
)
def test_invariants_are_enforced(build: Any) -> None:
    with pytest.raises(ValueError, match=r"must|not within|positive|before|after"):
        build()


def test_ratio_rate() -> None:
    assert SampleRatio(3, 25, "3 of 25").rate == pytest.approx(0.12)
