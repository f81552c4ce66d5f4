"""The report model: the public contract of ``shared/spec/report-schema.md``.

Every class is a frozen attrs class holding tuples, never lists, so a parsed
report is hashable, comparable and safe to share between threads. ``to_dict``
gives plain JSON types (enums as values, dates as ISO strings, tuples as
lists) and ``Report.from_dict`` inverts it exactly.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised on Python 3.10 only

    class StrEnum(str, enum.Enum):
        """A ``str`` enum whose ``str()`` is its value, as ``enum.StrEnum`` on 3.11+."""

        def __str__(self) -> str:
            return str(self.value)


__all__ = [
    "Category",
    "ComplementarySubserviceControl",
    "ControlException",
    "ControlOutcome",
    "ControlTest",
    "ControlsStatus",
    "Evidence",
    "Framework",
    "Opinion",
    "OpinionKind",
    "Period",
    "Report",
    "ReportType",
    "SampleRatio",
    "Section",
    "SectionKind",
    "SubserviceOrganization",
]


class Framework(StrEnum):
    """Which SOC report this is."""

    SOC1 = "soc1"
    SOC2 = "soc2"
    SOC3 = "soc3"
    UNKNOWN = "unknown"


class ReportType(StrEnum):
    """Type 1 (design, as of a date) or Type 2 (design and operation over a period)."""

    TYPE1 = "type1"
    TYPE2 = "type2"
    UNKNOWN = "unknown"


class OpinionKind(StrEnum):
    """The service auditor's opinion. There is no pass or fail, only these."""

    UNQUALIFIED = "unqualified"
    QUALIFIED = "qualified"
    ADVERSE = "adverse"
    DISCLAIMER = "disclaimer"
    UNKNOWN = "unknown"


class Category(StrEnum):
    """Trust services categories, in the contract's canonical order."""

    SECURITY = "security"
    AVAILABILITY = "availability"
    PROCESSING_INTEGRITY = "processing_integrity"
    CONFIDENTIALITY = "confidentiality"
    PRIVACY = "privacy"


class SectionKind(StrEnum):
    """The kinds of report section that ``Report.sections`` names."""

    OPINION = "opinion"
    ASSERTION = "assertion"
    DESCRIPTION = "description"
    TESTS = "tests"
    OTHER = "other"


class ControlOutcome(StrEnum):
    """What the test of one control found (an extension of the contract).

    ``not_tested``: the control was not tested because the event it responds to did not
    occur in the period ("No emergency changes occurred during the period"); it is neither
    an exception nor evidence that the control operated.
    """

    NO_EXCEPTION = "no_exception"
    EXCEPTION = "exception"
    NOT_TESTED = "not_tested"
    NO_RESULT = "no_result"  # no result was read (a Type 1 report lists none)
    UNCLEAR = "unclear"  # a result that says neither exception nor no exception


class ControlsStatus(StrEnum):
    """How completely the tests of controls were read (an extension of the contract).

    ``complete``: the checks against the section's own text agree with what was read.
    ``partial``: some disagree (see ``warnings``): the counts are uncertain.
    ``unread``: a tests section or control table is there but nothing could be read.
    ``absent``: no tests of controls were found (a SOC 3 report has none).
    Control and exception counts are unknown (None, empty in CSV) unless some were read.
    """

    COMPLETE = "complete"
    PARTIAL = "partial"
    UNREAD = "unread"
    ABSENT = "absent"


CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)
SUBSERVICE_METHODS = ("carve-out", "inclusive")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be a 1-based page number, got {value}")


@attrs.frozen
class Period:
    """The examination period. For a Type 1 report ``start`` is None and ``end`` is the as-of date.

    >>> Period(date(2025, 1, 1), date(2025, 12, 31)).days
    365
    """

    start: date | None = attrs.field()
    end: date = attrs.field()

    @end.validator
    def _check_order(self, attribute: attrs.Attribute[date], value: date) -> None:
        if self.start is not None and self.start > value:
            raise ValueError(f"period starts ({self.start}) after it ends ({value})")

    @property
    def days(self) -> int | None:
        """Length of the period in days (inclusive), or None for an as-of date."""
        if self.start is None:
            return None
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        if self.start is None:
            return f"as of {self.end.isoformat()}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@attrs.frozen
class Evidence:
    """Where a decision comes from: the 1-based PDF page index and the text, as extracted.

    ``ocr`` is True when that page had no text layer and its text was read by OCR (so a
    letter may be misread: check the page itself before relying on the text). ``to_dict``
    writes the ``ocr`` key only when it is True.
    """

    page: int = attrs.field(validator=_positive)
    text: str
    ocr: bool = False


@attrs.frozen
class Opinion:
    """The service auditor's opinion, its basis paragraph(s) if modified, and its evidence."""

    kind: OpinionKind = attrs.field(converter=OpinionKind)
    basis: str | None = None
    evidence: Evidence | None = None


@attrs.frozen
class SampleRatio:
    """A deviation ratio as written: ``"3 of 25"`` -> count 3, total 25.

    >>> SampleRatio(3, 25, "3 of 25").rate
    0.12
    """

    count: int = attrs.field()
    total: int = attrs.field()
    text: str = attrs.field()

    @total.validator
    def _check_total(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            raise ValueError(f"a sample total must be positive, got {value}")
        if not 0 <= self.count <= value:
            raise ValueError(f"count {self.count} is not within 0..{value}")

    @property
    def rate(self) -> float:
        """The deviation rate, ``count / total``."""
        return self.count / self.total


@attrs.frozen
class ControlTest:
    """One control as listed in the tests of controls, with the auditor's tests and result."""

    control_id: str
    criteria: tuple[str, ...]
    description: str
    tests: str
    result: str
    has_exception: bool
    pages: tuple[int, ...]
    outcome: ControlOutcome = attrs.field(
        default=ControlOutcome.NO_RESULT, converter=ControlOutcome
    )


@attrs.frozen
class ControlException:
    """A control whose test found an exception, with its ratios and management's response.

    ``response_evidence`` (an extension of the contract) is where the response was read: its
    page tells whether it sits in the tests of controls or in an unaudited section V.
    """

    control_id: str
    criteria: tuple[str, ...]
    description: str
    finding: str
    ratios: tuple[SampleRatio, ...]
    management_response: str | None
    evidence: Evidence
    response_evidence: Evidence | None = None


@attrs.frozen
class SubserviceOrganization:
    """A subservice organization named in the description, with its services and method."""

    name: str
    services: str | None = None
    method: str | None = attrs.field(default=None)
    # Where the name was read (an extension of the contract); not part of equality.
    evidence: Evidence | None = attrs.field(default=None, eq=False)

    @method.validator
    def _check_method(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and value not in SUBSERVICE_METHODS:
            raise ValueError(f"method must be one of {SUBSERVICE_METHODS} or None, got {value!r}")


@attrs.frozen
class ComplementarySubserviceControl:
    """A control the service organization expects a subservice organization to operate (CSOC).

    Not the service organization's control and not a user entity's (CUEC): ``text`` as
    printed, the ``subservice_organization`` it is expected at (None when the report does not
    say), the ``criteria`` it supports, and where it was read.
    """

    text: str
    subservice_organization: str | None = None
    criteria: tuple[str, ...] = ()
    evidence: Evidence | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Section:
    """Where a report section starts and ends (1-based PDF page indexes, inclusive)."""

    kind: SectionKind = attrs.field(converter=SectionKind)
    title: str
    first_page: int = attrs.field(validator=_positive)
    last_page: int = attrs.field(validator=_positive)

    @last_page.validator
    def _check_range(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < self.first_page:
            raise ValueError(f"section ends (page {value}) before it starts ({self.first_page})")


def _category_tuple(values: Any) -> tuple[Category, ...]:
    wanted = {Category(v) for v in values}
    return tuple(c for c in CATEGORY_ORDER if c in wanted)


@attrs.frozen(kw_only=True)
class Report:
    """A parsed SOC report. Build it with :func:`soc2parse.load`; every field is documented
    in ``docs/model.md``."""

    source: str | None
    sha256: str
    page_count: int
    framework: Framework = attrs.field(default=Framework.UNKNOWN, converter=Framework)
    report_type: ReportType = attrs.field(default=ReportType.UNKNOWN, converter=ReportType)
    service_organization: str | None = None
    service_auditor: str | None = None
    service_auditor_evidence: Evidence | None = attrs.field(default=None, eq=False)
    period: Period | None = None
    report_date: date | None = None
    categories: tuple[Category, ...] = attrs.field(default=(), converter=_category_tuple)
    opinion: Opinion = attrs.field(factory=lambda: Opinion(OpinionKind.UNKNOWN))
    controls: tuple[ControlTest, ...] = ()
    exceptions: tuple[ControlException, ...] = ()
    subservice_organizations: tuple[SubserviceOrganization, ...] = ()
    cuecs: tuple[str, ...] = ()
    csocs: tuple[ComplementarySubserviceControl, ...] = ()
    controls_status: ControlsStatus = attrs.field(
        default=ControlsStatus.COMPLETE, converter=ControlsStatus
    )
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()

    @property
    def has_exceptions(self) -> bool:
        """True when any tested control reported an exception."""
        return bool(self.exceptions)

    @property
    def exception_count(self) -> int:
        """How many controls reported an exception."""
        return len(self.exceptions)

    def section(self, kind: SectionKind | str) -> Section | None:
        """The first section of ``kind``, or None when the report has none."""
        wanted = SectionKind(kind)
        return next((s for s in self.sections if s.kind is wanted), None)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON types, in the contract's field names."""
        out = _to_plain(self)
        assert isinstance(out, dict)
        return out

    def to_json(self, **kwargs: Any) -> str:
        """``json.dumps(report.to_dict())``; keyword arguments go to ``json.dumps``."""
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output (unknown keys are ignored)."""
        return _from_plain(cls, data)

    def __repr__(self) -> str:
        name = self.source or f"sha256:{self.sha256[:12]}"
        period = str(self.period) if self.period else "period unknown"
        return (
            f"<Report {name!r}: {self.framework.value} {self.report_type.value}, "
            f"opinion={self.opinion.kind.value}, {period}, "
            f"{len(self.controls)} controls, {self.exception_count} exceptions, "
            f"{len(self.warnings)} warnings>"
        )

    def flags(self, as_of: date | None = None, **thresholds: Any) -> tuple[Any, ...]:
        """Review flags (:func:`soc2parse.review_flags`): what a reviewer should look at."""
        return tuple(_view("flags")(self, as_of, **thresholds))

    def exceptions_frame(self) -> Any:
        """A ``pandas.DataFrame`` of the exceptions, one row each (needs the ``pandas`` extra)."""
        return _view("exceptions_frame")(self)

    def _repr_html_(self) -> str:
        return str(_view("html")(self))


# Views of a report that live on higher floors (review flags, data frames, the HTML card).
# The model imports nothing above the ground floor: ``soc2parse/__init__.py`` registers
# them here when the package is imported, so these methods are functions over the data.
_VIEWS: dict[str, Callable[..., Any]] = {}


def register_view(name: str, function: Callable[..., Any]) -> None:
    """Let ``Report`` offer ``function`` (defined on a higher floor) as one of its views."""
    _VIEWS[name] = function


def _view(name: str) -> Callable[..., Any]:
    try:
        return _VIEWS[name]
    except KeyError:  # pragma: no cover - soc2parse/__init__.py registers every view
        raise RuntimeError(f"soc2parse did not register the {name!r} view") from None


def _to_plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_to_plain(v) for v in value]
    if isinstance(value, Evidence) and not value.ocr:
        # Text read from a text layer: the contract's two keys (``ocr`` appears when True).
        return {"page": value.page, "text": value.text}
    if attrs.has(type(value)):
        return {f.name: _to_plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


T = TypeVar("T")

# Which nested class each field holds, for from_dict.
_NESTED: dict[tuple[type, str], type] = {
    (Report, "period"): Period,
    (Report, "opinion"): Opinion,
    (Report, "controls"): ControlTest,
    (Report, "exceptions"): ControlException,
    (Report, "subservice_organizations"): SubserviceOrganization,
    (Report, "sections"): Section,
    (Report, "service_auditor_evidence"): Evidence,
    (Report, "csocs"): ComplementarySubserviceControl,
    (SubserviceOrganization, "evidence"): Evidence,
    (ComplementarySubserviceControl, "evidence"): Evidence,
    (Opinion, "evidence"): Evidence,
    (ControlException, "ratios"): SampleRatio,
    (ControlException, "evidence"): Evidence,
    (ControlException, "response_evidence"): Evidence,
}
_DATES = {(Period, "start"), (Period, "end"), (Report, "report_date")}


def _from_plain(cls: type[T], data: Mapping[str, Any]) -> T:
    kwargs: dict[str, Any] = {}
    for f in attrs.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        raw = data[f.name]
        nested = _NESTED.get((cls, f.name))
        if raw is None:
            kwargs[f.name] = None
        elif (cls, f.name) in _DATES:
            kwargs[f.name] = date.fromisoformat(raw)
        elif nested is not None and isinstance(raw, list):
            kwargs[f.name] = tuple(_from_plain(nested, item) for item in raw)
        elif nested is not None:
            kwargs[f.name] = _from_plain(nested, raw)
        elif isinstance(raw, list):
            kwargs[f.name] = tuple(raw)
        else:
            kwargs[f.name] = raw
    return cls(**kwargs)
