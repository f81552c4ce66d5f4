"""Opinion and report facts: the stage after section finding.

``read_facts(document, sections)`` returns a :class:`Facts` record: opinion,
framework, type, period, report date, parties, categories, subservice
organizations and CUECs, with a warning for each fact it could not find.
"""

from __future__ import annotations

from datetime import date

import attrs

from soc2parse._model import (
    Category,
    Framework,
    Opinion,
    OpinionKind,
    Period,
    ReportType,
    Section,
    SubserviceOrganization,
)
from soc2parse._pages import Document

__all__ = ["Facts", "read_facts"]


@attrs.frozen(kw_only=True)
class Facts:
    """What the facts stage found; ``warnings`` says what it could not."""

    framework: Framework = Framework.UNKNOWN
    report_type: ReportType = ReportType.UNKNOWN
    service_organization: str | None = None
    service_auditor: str | None = None
    period: Period | None = None
    report_date: date | None = None
    categories: tuple[Category, ...] = ()
    opinion: Opinion = attrs.field(factory=lambda: Opinion(OpinionKind.UNKNOWN))
    subservice_organizations: tuple[SubserviceOrganization, ...] = ()
    cuecs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def read_facts(document: Document, sections: tuple[Section, ...]) -> Facts:
    """Read the opinion and report facts from the document's sections."""
    return Facts(
        warnings=("opinion and report facts are not read yet; all are left unknown",),
    )
