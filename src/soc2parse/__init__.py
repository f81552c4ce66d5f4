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
from soc2parse._limits import Limits
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
from soc2parse._model import register_view as _register_view
from soc2parse._outcome import Outcome
from soc2parse._version import __version__
from soc2parse.batch.many import load_many
from soc2parse.outputs.display import report_to_html as _report_to_html
from soc2parse.outputs.frames import exceptions_frame as _exceptions_frame
from soc2parse.outputs.frames import to_frame
from soc2parse.pipeline import load
from soc2parse.review.age import ReportAge, report_age
from soc2parse.review.compare import Comparison, compare
from soc2parse.review.exceptions import deviation_rate, exception_areas
from soc2parse.review.flags import ReviewFlag, review_flags

# The model's views live on higher floors; the top floor hands them down (docs/model.md).
_register_view("flags", review_flags)
_register_view("exceptions_frame", _exceptions_frame)
_register_view("html", _report_to_html)

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
