"""Tests of controls: rebuild the control table, classify results, find exceptions.

``read_controls(document, sections)`` returns a :class:`ControlsResult` with
every control in report order, every exception with its ratios and
management's response, and a warning for anything it could not read.
"""

from __future__ import annotations

import attrs

from soc2parse._model import ControlException, ControlTest, Section
from soc2parse._pages import Document

__all__ = ["ControlsResult", "read_controls"]


@attrs.frozen(kw_only=True)
class ControlsResult:
    """What the tests-of-controls stage found; ``warnings`` says what it could not."""

    controls: tuple[ControlTest, ...] = ()
    exceptions: tuple[ControlException, ...] = ()
    warnings: tuple[str, ...] = ()


def read_controls(document: Document, sections: tuple[Section, ...]) -> ControlsResult:
    """Read the tests of controls from the document's ``tests`` section."""
    return ControlsResult(
        warnings=("the tests of controls are not read yet; controls and exceptions are empty",),
    )
