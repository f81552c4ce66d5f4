"""soc2parse: read SOC 1/2/3 audit reports (PDF) into a structured, checkable report.

>>> import soc2parse
>>> soc2parse.OpinionKind.QUALIFIED == "qualified"
True

The public surface is exactly ``__all__``; every other module is private.
"""

from __future__ import annotations

from soc2parse._errors import (
    EncryptedPdfError,
    NotAPdfError,
    NotASocReportError,
    NoTextLayerError,
    ParseTimeoutError,
    ResourceLimitError,
    Soc2ParseError,
    SourceUnreadableError,
)
from soc2parse._model import (
    Category,
    ComplementarySubserviceControl,
    ControlException,
    ControlTest,
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
from soc2parse.batch.many import Outcome, load_many
from soc2parse.extract.engine import Limits
from soc2parse.outputs.frames import to_frame
from soc2parse.pipeline import load
from soc2parse.review.compare import Comparison, compare
from soc2parse.review.flags import (
    ReportAge,
    ReviewFlag,
    deviation_rate,
    exception_areas,
    report_age,
    review_flags,
)

__version__ = "0.1.0"

__all__ = [
    "Category",
    "Comparison",
    "ComplementarySubserviceControl",
    "ControlException",
    "ControlTest",
    "EncryptedPdfError",
    "Evidence",
    "Framework",
    "Limits",
    "NoTextLayerError",
    "NotAPdfError",
    "NotASocReportError",
    "Opinion",
    "OpinionKind",
    "Outcome",
    "ParseTimeoutError",
    "Period",
    "Report",
    "ReportAge",
    "ReportType",
    "ResourceLimitError",
    "ReviewFlag",
    "SampleRatio",
    "Section",
    "SectionKind",
    "Soc2ParseError",
    "SourceUnreadableError",
    "SubserviceOrganization",
    "__version__",
    "compare",
    "deviation_rate",
    "exception_areas",
    "load",
    "load_many",
    "report_age",
    "review_flags",
    "to_frame",
]
