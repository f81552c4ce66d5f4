"""Display: the notebook HTML card for a report."""

from __future__ import annotations

import html

from soc2parse._model import Report

__all__ = ["report_to_html"]


def report_to_html(report: Report) -> str:
    """A compact HTML card: opinion, period, auditor and the exceptions."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(e.control_id)}</td><td>{esc(e.finding)}</td></tr>" for e in report.exceptions
    )
    return (
        f"<div class='soc2parse-report'><b>{esc(report.service_organization or 'unknown')}</b>"
        f" opinion: {esc(report.opinion.kind.value)}; period: {esc(str(report.period))}; "
        f"auditor: {esc(report.service_auditor or 'unknown')}"
        f"<table>{rows}</table></div>"
    )
