"""Display: a report as a notebook HTML card and as terminal text.

Both show the same things in the same order: the opinion (with the sentence it
rests on and its page), what kind of report it is, the period, the parties,
the categories, the exceptions with their ratios and management's responses,
and the warnings. All report text comes from an untrusted PDF, so the HTML
escapes every value, and the terminal text drops control characters.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable

import regex

from soc2parse._model import (
    ControlException,
    Framework,
    OpinionKind,
    Report,
    ReportType,
)

__all__ = ["OPINION_COLOURS", "report_to_html", "report_to_text"]

#: Badge colours by opinion kind (white text on each; readable on light and dark themes).
OPINION_COLOURS: dict[OpinionKind, str] = {
    OpinionKind.UNQUALIFIED: "#1a7f37",
    OpinionKind.QUALIFIED: "#9a6700",
    OpinionKind.ADVERSE: "#cf222e",
    OpinionKind.DISCLAIMER: "#8250df",
    OpinionKind.UNKNOWN: "#6e7781",
}

# Terminal colours (ANSI SGR codes) by opinion kind, matching the badges.
_ANSI: dict[OpinionKind, str] = {
    OpinionKind.UNQUALIFIED: "32",
    OpinionKind.QUALIFIED: "33",
    OpinionKind.ADVERSE: "31",
    OpinionKind.DISCLAIMER: "35",
    OpinionKind.UNKNOWN: "90",
}

# Control characters (and escape sequences' introducers) a hostile PDF could use to
# rewrite the terminal; tab and newline are folded to spaces before this applies.
_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}--[\u200d]]", regex.VERSION1)
_SPACES = regex.compile(r"\s+")

# How much of a long passage the card and the terminal show before "…".
_EVIDENCE_CHARS = 400


def kind_label(report: Report) -> str:
    """``"SOC 2 Type 2"``, ``"SOC 3"``, or what is known of it.

    >>> kind_label(Report(source=None, sha256="0", page_count=1, framework="soc2",
    ...                   report_type="type1"))
    'SOC 2 Type 1'
    """
    names = {
        Framework.SOC1: "SOC 1",
        Framework.SOC2: "SOC 2",
        Framework.SOC3: "SOC 3",
        Framework.UNKNOWN: "SOC (framework unknown)",
    }
    types = {ReportType.TYPE1: "Type 1", ReportType.TYPE2: "Type 2"}
    label = names[report.framework]
    if report.report_type in types:
        label += " " + types[report.report_type]
    elif report.framework is not Framework.SOC3:
        label += ", type unknown"
    return label


def _period(report: Report) -> str:
    if report.period is None:
        return "unknown"
    days = report.period.days
    return f"{report.period} ({days} days)" if days else str(report.period)


def _ratios(item: ControlException) -> str:
    return "; ".join(f"{r.text} ({r.rate:.0%})" for r in item.ratios)


def _short(text: str, limit: int = _EVIDENCE_CHARS) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- HTML -------------------------------------------------------------------------------

_CARD = (
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;"
    "line-height:1.45;border:1px solid rgba(128,128,128,.35);border-radius:8px;"
    "padding:12px 16px;max-width:960px"
)
_BADGE = (
    "display:inline-block;padding:2px 10px;border-radius:999px;color:#fff;font-weight:600;"
    "font-size:12px;letter-spacing:.04em;text-transform:uppercase;background:{colour}"
)
_CHIP = (
    "display:inline-block;padding:0 8px;margin:0 4px 2px 0;border-radius:999px;"
    "border:1px solid rgba(128,128,128,.45);font-size:12px"
)
_TH = "text-align:left;padding:4px 8px;border-bottom:1px solid rgba(128,128,128,.45)"
_TD = (
    "text-align:left;vertical-align:top;padding:4px 8px;"
    "border-bottom:1px solid rgba(128,128,128,.2)"
)
_KEY = "text-align:left;vertical-align:top;padding:2px 12px 2px 0;opacity:.7;white-space:nowrap"
_VAL = "text-align:left;vertical-align:top;padding:2px 0"
_MUTED = "opacity:.7"


def report_to_html(report: Report) -> str:
    """A compact HTML card for notebooks (``Report._repr_html_``).

    Every value is HTML-escaped: a report's text cannot inject markup.
    """
    esc: Callable[[str], str] = html.escape
    kind = report.opinion.kind
    name = report.service_organization or report.source or "organization unknown"
    parts = [
        f"<div class='soc2parse-report' style=\"{_CARD}\">",
        "<div style='display:flex;align-items:center;gap:10px;flex-wrap:wrap'>",
        f"<span class='soc2parse-opinion' style=\"{_BADGE.format(colour=OPINION_COLOURS[kind])}\""
        f" title='opinion'>{esc(kind.value)}</span>",
        f"<strong style='font-size:15px'>{esc(name)}</strong>",
        f"<span style='{_MUTED}'>{esc(kind_label(report))} · {report.page_count} pages</span>",
        "</div>",
    ]
    evidence = report.opinion.evidence
    if evidence is not None:
        parts.append(
            "<blockquote style='margin:8px 0 4px;padding:2px 10px;"
            "border-left:3px solid rgba(128,128,128,.5)'>"
            f"“{esc(_short(evidence.text))}” <span style='{_MUTED}'>(page {evidence.page})</span>"
            "</blockquote>"
        )
    facts = [
        ("Period", esc(_period(report))),
        ("Report date", esc(report.report_date.isoformat()) if report.report_date else "unknown"),
        ("Organization", esc(report.service_organization or "unknown")),
        ("Auditor", esc(report.service_auditor or "unknown")),
        ("Categories", _chips(report) or "none found"),
        (
            "Controls",
            f"{len(report.controls)} tested, {report.exception_count} with exceptions",
        ),
    ]
    if report.subservice_organizations:
        facts.append(
            (
                "Subservice organizations",
                esc(
                    ", ".join(
                        s.name + (f" ({s.method})" if s.method else "")
                        for s in report.subservice_organizations
                    )
                ),
            )
        )
    source = report.source or "bytes"
    facts.append(("File", f"{esc(source)} <span style='{_MUTED}'>{report.sha256[:12]}</span>"))
    parts.append("<table style='border-collapse:collapse;margin:6px 0'>")
    parts += [
        f"<tr><th style='{_KEY}'>{key}</th><td style='{_VAL}'>{value}</td></tr>"
        for key, value in facts
    ]
    parts.append("</table>")
    if report.opinion.basis:
        parts.append(
            f"<details><summary>Basis for {esc(kind.value)} opinion</summary>"
            f"<p style='margin:4px 0'>{esc(report.opinion.basis)}</p></details>"
        )
    if report.exceptions:
        parts.append(_exceptions_table(report))
    if report.warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in report.warnings)
        parts.append(
            f"<div style='margin-top:8px'><strong>Warnings ({len(report.warnings)})</strong>"
            f"<ul style='margin:2px 0 0 18px;padding:0'>{items}</ul></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _chips(report: Report) -> str:
    return "".join(
        f"<span style='{_CHIP}'>{html.escape(c.value.replace('_', ' '))}</span>"
        for c in report.categories
    )


def _exceptions_table(report: Report) -> str:
    esc = html.escape
    head = "".join(
        f"<th style='{_TH}'>{h}</th>"
        for h in ("Control", "Criteria", "Finding", "Ratio (rate)", "Management response", "Page")
    )
    rows = []
    for item in report.exceptions:
        response = (
            esc(item.management_response)
            if item.management_response
            else f"<span style='{_MUTED}'>none found</span>"
        )
        rows.append(
            "<tr>"
            f"<td style='{_TD};white-space:nowrap'><code>{esc(item.control_id)}</code></td>"
            f"<td style='{_TD}'>{esc(', '.join(item.criteria))}</td>"
            f"<td style='{_TD}'>{esc(item.finding)}</td>"
            f"<td style='{_TD};white-space:nowrap'>{esc(_ratios(item)) or '—'}</td>"
            f"<td style='{_TD}'>{response}</td>"
            f"<td style='{_TD}'>{item.evidence.page}</td>"
            "</tr>"
        )
    return (
        f"<div style='margin-top:8px'><strong>Exceptions ({report.exception_count})</strong>"
        "<table style='border-collapse:collapse;margin-top:4px;width:100%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# --- Terminal text ----------------------------------------------------------------------


def clean(text: str) -> str:
    """One line of untrusted text, safe for a terminal: whitespace folded, controls dropped.

    >>> clean("a\\tb\\x1b[2Jc\\n")
    'a b[2Jc'
    """
    return str(_CONTROL.sub("", _SPACES.sub(" ", text))).strip()


def report_to_text(report: Report, *, width: int = 88, colour: bool = False) -> str:
    """A readable summary for ``soc2parse show``: the same content as the HTML card.

    Args:
        report: the report.
        width: wrap text to this many columns.
        colour: colour the opinion with ANSI codes.
    """
    kind = report.opinion.kind
    label = kind.value.upper()
    if colour:
        label = f"\x1b[1;{_ANSI[kind]}m{label}\x1b[0m"
    key_width = 14
    indent = " " * (key_width + 2)
    wrap_width = max(40, width)

    def field(key: str, value: str) -> list[str]:
        lines = textwrap.wrap(
            clean(value) or "-",
            wrap_width,
            initial_indent=f"  {key:<{key_width}}",
            subsequent_indent=indent,
        )
        return lines or [f"  {key}"]

    title = clean(report.service_organization or report.source or "organization unknown")
    out = [
        title,
        f"  {kind_label(report)} · {report.page_count} pages · sha256 {report.sha256[:12]}",
    ]
    out.append(f"  {'Opinion':<{key_width}}{label}")
    evidence = report.opinion.evidence
    if evidence is not None:
        out += textwrap.wrap(
            f"“{clean(_short(evidence.text))}” (page {evidence.page})",
            wrap_width,
            initial_indent=indent,
            subsequent_indent=indent,
        )
    if report.opinion.basis:
        out += field("Basis", _short(report.opinion.basis))
    out += field("Period", _period(report))
    out += field("Report date", report.report_date.isoformat() if report.report_date else "unknown")
    out += field("Organization", report.service_organization or "unknown")
    out += field("Auditor", report.service_auditor or "unknown")
    out += field(
        "Categories",
        ", ".join(c.value.replace("_", " ") for c in report.categories) or "none found",
    )
    out += field(
        "Controls", f"{len(report.controls)} tested, {report.exception_count} with exceptions"
    )
    if report.subservice_organizations:
        out += field(
            "Subservice",
            ", ".join(
                s.name + (f" ({s.method})" if s.method else "")
                for s in report.subservice_organizations
            ),
        )
    if report.source:
        out += field("File", report.source)
    if report.exceptions:
        out += ["", f"Exceptions ({report.exception_count})"]
        for item in report.exceptions:
            criteria = f" [{clean(', '.join(item.criteria))}]" if item.criteria else ""
            ratios = _ratios(item)
            out.append(
                f"  {clean(item.control_id)}{criteria}"
                + (f"  {clean(ratios)}" if ratios else "")
                + f"  (page {item.evidence.page})"
            )
            sub = "      "
            out += textwrap.wrap(
                clean(item.finding), wrap_width, initial_indent="    ", subsequent_indent=sub
            )
            response = item.management_response
            out += textwrap.wrap(
                "Response: " + (clean(response) if response else "none found"),
                wrap_width,
                initial_indent="    ",
                subsequent_indent=sub,
            )
    if report.warnings:
        out += ["", f"Warnings ({len(report.warnings)})"]
        for warning in report.warnings:
            out += textwrap.wrap(
                clean(warning), wrap_width, initial_indent="  - ", subsequent_indent="    "
            )
    return "\n".join(out)
