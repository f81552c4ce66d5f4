"""Display: a report as a notebook HTML card and as terminal text.

Both show the same things in the same order: the opinion (the whole sentence it
rests on and its page), what kind of report it is, the period and the report's
age (bridge letter, stale), the parties, the categories, the control counts
(and whether they are uncertain), the subservice organizations with their
method, the CUEC count, the exceptions with their ratios and management's
responses, the review flags, the CUECs and the warnings. All report text comes
from an untrusted PDF, so the HTML escapes every value, and the terminal text
drops control characters.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import PurePath

import regex

from soc2parse._model import (
    ControlException,
    ControlsStatus,
    Framework,
    OpinionKind,
    Report,
    ReportType,
)
from soc2parse.review.age import report_age
from soc2parse.review.columns import ReviewFacts, review_facts
from soc2parse.review.flags import ReviewFlag, review_flags
from soc2parse.text.clean import clean

__all__ = ["OPINION_COLOURS", "report_to_html", "report_to_text", "title"]

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
# The opinion sentence is shown whole: a SOC 2 Type 2 opinion runs to some 1,300 characters
# ("a. the description presents ... c. the controls ... operated effectively ..."). The limit
# only stops a hostile or misread passage from filling the screen.
_OPINION_CHARS = 4000


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


def title(report: Report) -> str:
    """What a report is called on the card and in ``show``: its organization, else its file name.

    >>> title(Report(source="/home/me/vendors/acme.pdf", sha256="0", page_count=1))
    'acme.pdf'
    """
    if report.service_organization:
        return report.service_organization
    if report.source:
        return PurePath(report.source).name or report.source
    return "organization unknown"


def _controls(report: Report) -> str:
    status = report.controls_status
    if status is ControlsStatus.ABSENT:
        return "unknown: no tests of controls were found"
    if status is ControlsStatus.UNREAD:
        return "unknown: the tests of controls could not be read (see warnings)"
    counts = f"{len(report.controls)} tested, {report.exception_count} with exceptions"
    if status is ControlsStatus.PARTIAL:
        counts += " (counts uncertain: the tests were read in part, see warnings)"
    return counts


def _age(report: Report, day: date) -> str:
    age = report_age(report, day)
    if age.days is None:
        return "unknown (period unknown)"
    text = f"{age.days} days since the period end, on {day.isoformat()}"
    if age.stale:
        return f"{text}: stale since {age.stale_from} (ask for a newer report)"
    if age.bridge_letter_due:
        return f"{text}: bridge letter due since {age.bridge_letter_from}"
    return f"{text}: bridge letter due from {age.bridge_letter_from}"


def _subservice(facts: ReviewFacts) -> str:
    return ", ".join(facts.subservice_methods)


def _cuecs(facts: ReviewFacts) -> str:
    if facts.cuec_count is None:
        return "unknown (not read)"
    return f"{facts.cuec_count} listed" if facts.cuec_count else "none required"


def _flag_page(flag: ReviewFlag) -> str:
    return f" (page {flag.evidence.page})" if flag.evidence is not None else ""


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
# Warnings: an amber rule and tint, apart from the opinion badges' colours.
_WARNINGS = (
    "margin-top:8px;padding:4px 10px;border-left:3px solid #d4a72c;"
    "background:rgba(212,167,44,.12);border-radius:4px"
)


def report_to_html(report: Report, *, as_of: date | None = None) -> str:
    """A compact HTML card for notebooks (``Report._repr_html_``).

    Every value is HTML-escaped: a report's text cannot inject markup.

    Args:
        report: the report.
        as_of: the day the report's age and flags are measured on; today when None.
    """
    esc: Callable[[str], str] = html.escape
    day = as_of or date.today()
    flags = review_flags(report, day)
    facts = review_facts(report, day, flags)
    kind = report.opinion.kind
    name = title(report)
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
            f"“{esc(_short(evidence.text, _OPINION_CHARS))}” "
            f"<span style='{_MUTED}'>(page {evidence.page})</span>"
            "</blockquote>"
        )
    rows = [
        ("Period", esc(_period(report))),
        ("Age", esc(_age(report, day))),
        ("Report date", esc(report.report_date.isoformat()) if report.report_date else "unknown"),
        ("Organization", esc(report.service_organization or "unknown")),
        ("Auditor", esc(report.service_auditor or "unknown")),
        ("Categories", _chips(report) or "none found"),
        ("Controls", esc(_controls(report))),
    ]
    if report.subservice_organizations:
        rows.append(("Subservice organizations", esc(_subservice(facts))))
    rows.append(("CUECs", esc(_cuecs(facts))))
    source = report.source or "bytes"
    rows.append(("File", f"{esc(source)} <span style='{_MUTED}'>{report.sha256[:12]}</span>"))
    parts.append("<table style='border-collapse:collapse;margin:6px 0'>")
    parts += [
        f"<tr><th style='{_KEY}'>{key}</th><td style='{_VAL}'>{value}</td></tr>"
        for key, value in rows
    ]
    parts.append("</table>")
    if report.opinion.basis:
        parts.append(
            f"<details><summary>Basis for {esc(kind.value)} opinion</summary>"
            f"<p style='margin:4px 0'>{esc(report.opinion.basis)}</p></details>"
        )
    if report.exceptions:
        parts.append(_exceptions_table(report))
    if flags:
        items = "".join(
            f"<li><code>{esc(flag.code)}</code> {esc(flag.message)}"
            f"<span style='{_MUTED}'>{esc(_flag_page(flag))}</span></li>"
            for flag in flags
        )
        parts.append(
            f"<div class='soc2parse-flags' style='margin-top:8px'>"
            f"<strong>Review flags ({len(flags)})</strong>"
            f"<ul style='margin:2px 0 0 18px;padding:0'>{items}</ul></div>"
        )
    if report.cuecs:
        items = "".join(f"<li>{esc(cuec)}</li>" for cuec in report.cuecs)
        parts.append(
            f"<details style='margin-top:8px'><summary><strong>Complementary user entity "
            f"controls ({len(report.cuecs)})</strong></summary>"
            f"<ol style='margin:2px 0 0 18px;padding:0'>{items}</ol></details>"
        )
    if report.warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in report.warnings)
        parts.append(
            f"<div class='soc2parse-warnings' role='note' style=\"{_WARNINGS}\">"
            f"<strong>⚠ Warnings ({len(report.warnings)})</strong>"
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


def report_to_text(
    report: Report, *, width: int = 88, colour: bool = False, as_of: date | None = None
) -> str:
    """A readable summary for ``soc2parse show``: the same content as the HTML card.

    Args:
        report: the report.
        width: wrap text to this many columns.
        colour: colour the opinion and the warnings with ANSI codes.
        as_of: the day the report's age and flags are measured on; today when None.
    """
    day = as_of or date.today()
    flags = review_flags(report, day)
    facts = review_facts(report, day, flags)
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

    out = [
        clean(title(report)),
        f"  {kind_label(report)} · {report.page_count} pages · sha256 {report.sha256[:12]}",
    ]
    out.append(f"  {'Opinion':<{key_width}}{label}")
    evidence = report.opinion.evidence
    if evidence is not None:
        out += textwrap.wrap(
            f"“{clean(_short(evidence.text, _OPINION_CHARS))}” (page {evidence.page})",
            wrap_width,
            initial_indent=indent,
            subsequent_indent=indent,
        )
    if report.opinion.basis:
        out += field("Basis", _short(report.opinion.basis))
    out += field("Period", _period(report))
    out += field("Age", _age(report, day))
    out += field("Report date", report.report_date.isoformat() if report.report_date else "unknown")
    out += field("Organization", report.service_organization or "unknown")
    out += field("Auditor", report.service_auditor or "unknown")
    out += field(
        "Categories",
        ", ".join(c.value.replace("_", " ") for c in report.categories) or "none found",
    )
    out += field("Controls", _controls(report))
    if report.subservice_organizations:
        out += field("Subservice", _subservice(facts))
    out += field("CUECs", _cuecs(facts))
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
    if flags:
        out += ["", f"Review flags ({len(flags)})"]
        for flag in flags:
            out += textwrap.wrap(
                f"{flag.code}: {clean(flag.message)}{_flag_page(flag)}",
                wrap_width,
                initial_indent="  - ",
                subsequent_indent="    ",
            )
    if report.cuecs:
        out += ["", f"Complementary user entity controls ({len(report.cuecs)})"]
        for number, cuec in enumerate(report.cuecs, 1):
            out += textwrap.wrap(
                clean(cuec),
                wrap_width,
                initial_indent=f"  {number:>2}. ",
                subsequent_indent="      ",
            )
    if report.warnings:
        heading = f"Warnings ({len(report.warnings)})"
        out += ["", f"\x1b[1;33m{heading}\x1b[0m" if colour else heading]
        for warning in report.warnings:
            out += textwrap.wrap(
                clean(warning), wrap_width, initial_indent="  - ", subsequent_indent="    "
            )
    return "\n".join(out)
