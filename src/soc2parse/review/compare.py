"""Comparing two reports of the same organization: what changed from one year to the next.

``compare(old, new)`` lines the reports up fact by fact: the opinion, whether
the new period continues the old one, which exceptions repeat, were remediated
or are new, and what changed in the categories, the subservice organizations
and the complementary user entity controls (CUECs). Matching is deliberately
plain so a reviewer can check it:

- an exception repeats when the new report has an exception for the same
  control id, or, failing that, for a control under the same criterion (firms
  renumber controls between years); each pair says how it was matched;
- subservice organizations are the same when their names agree once case,
  punctuation and legal suffixes are set aside ("Amazon Web Services, Inc.
  (AWS)" = "Amazon Web Services" = "AWS");
- CUECs are the same when their text agrees once case, spacing, quotes and
  bullets are set aside, so a reworded CUEC shows as one removed and one added.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import regex

from soc2parse._model import (
    Category,
    ControlException,
    OpinionKind,
    Report,
    SubserviceOrganization,
)
from soc2parse.text.clean import DASHES, QUOTES
from soc2parse.text.names import organization_keys

__all__ = [
    "Comparison",
    "RepeatedException",
    "compare",
    "cuec_key",
    "organization_keys",
]

_QUOTES = str.maketrans(QUOTES)
# A CUEC's leading bullet or number: "•", "-", "1.", "(a)", "CUEC 3:".
_BULLET = regex.compile(
    r"""
    ^\s*
    (?: [•·▪◦\-–—*]                  # a bullet
      | \(? [\p{L}\d]{1,3} [.)]       # "1." "(a)" "iv)"
      | cuec \s* \d+ \s* [:.\-–]      # "CUEC 3:"
    )\s*
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# Control ids compared without case, spaces or dash variants: "CC6.1.2" = "cc 6.1.2".
_ID_NOISE = regex.compile(r"[\s\u00a0]+")
_DASHES = str.maketrans(DASHES)

_QUOTE_CHARS = 140


def cuec_key(text: str) -> str:
    """A CUEC's text for matching: no bullet, case, quotes, spacing or final full stop.

    >>> cuec_key("• User entities are responsible for  ‘reviewing’ access.")
    "user entities are responsible for 'reviewing' access"
    """
    text = str(_BULLET.sub("", text.translate(_QUOTES), count=1))
    return " ".join(text.split()).casefold().rstrip(".;: ")


def _id_key(control_id: str) -> str:
    return str(_ID_NOISE.sub("", control_id.translate(_DASHES))).casefold()


@attrs.frozen(kw_only=True)
class RepeatedException:
    """An exception in both reports: the old and new exception, and how they were matched.

    ``matched_by`` is ``"control_id"`` (the same control id) or ``"criteria"`` (different
    ids under a shared criterion, as when controls were renumbered).
    """

    old: ControlException
    new: ControlException
    matched_by: str


@attrs.frozen(kw_only=True)
class Comparison:
    """What changed between two reports of one organization. Build it with :func:`compare`.

    Attributes:
        old: the earlier report.
        new: the later report.
        continuity: ``"continuous"`` (the new period starts the day after the old one ends,
            or on that day), ``"gap"``, ``"overlap"`` or ``"unknown"`` (a period is missing).
        gap_days: days between the periods: positive for uncovered days, negative for
            overlapping days, 0 when continuous; None when unknown.
        repeated: exceptions in both reports.
        remediated: exceptions in the old report that the new one does not repeat.
        new_exceptions: exceptions in the new report that the old one did not have.
        categories_added: trust services categories in scope now, not before.
        categories_removed: categories in scope before, not now.
        subservice_added: subservice organizations named now, not before.
        subservice_removed: subservice organizations named before, not now.
        subservice_method_changed: (old, new) pairs whose carve-out/inclusive method changed.
        cuecs_added: CUECs the customer must now operate, as the new report words them.
        cuecs_removed: CUECs no longer listed, as the old report worded them.
        warnings: what makes the comparison doubtful (different organizations, reports
            given in the wrong order).
    """

    old: Report = attrs.field(repr=False)
    new: Report = attrs.field(repr=False)
    continuity: str
    gap_days: int | None
    repeated: tuple[RepeatedException, ...]
    remediated: tuple[ControlException, ...]
    new_exceptions: tuple[ControlException, ...]
    categories_added: tuple[Category, ...]
    categories_removed: tuple[Category, ...]
    subservice_added: tuple[SubserviceOrganization, ...]
    subservice_removed: tuple[SubserviceOrganization, ...]
    subservice_method_changed: tuple[tuple[SubserviceOrganization, SubserviceOrganization], ...]
    cuecs_added: tuple[str, ...]
    cuecs_removed: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def opinion_changed(self) -> bool:
        """True when the two opinions differ."""
        return self.old.opinion.kind is not self.new.opinion.kind

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain JSON types."""
        return {
            "old": _identity(self.old),
            "new": _identity(self.new),
            "opinion": {
                "old": self.old.opinion.kind.value,
                "new": self.new.opinion.kind.value,
                "changed": self.opinion_changed,
            },
            "period": {
                "old": _period_dict(self.old),
                "new": _period_dict(self.new),
                "continuity": self.continuity,
                "gap_days": self.gap_days,
            },
            "exceptions": {
                "repeated": [
                    {
                        "old": _exception_dict(pair.old),
                        "new": _exception_dict(pair.new),
                        "matched_by": pair.matched_by,
                    }
                    for pair in self.repeated
                ],
                "remediated": [
                    {**_exception_dict(item), "control_in_new": self._tested_in_new(item)}
                    for item in self.remediated
                ],
                "new": [_exception_dict(item) for item in self.new_exceptions],
            },
            "categories": {
                "added": [c.value for c in self.categories_added],
                "removed": [c.value for c in self.categories_removed],
            },
            "subservice_organizations": {
                "added": [attrs.asdict(s) for s in self.subservice_added],
                "removed": [attrs.asdict(s) for s in self.subservice_removed],
                "method_changed": [
                    {"old": attrs.asdict(a), "new": attrs.asdict(b)}
                    for a, b in self.subservice_method_changed
                ],
            },
            "cuecs": {"added": list(self.cuecs_added), "removed": list(self.cuecs_removed)},
            "warnings": list(self.warnings),
        }

    def to_json(self, **kwargs: Any) -> str:
        """``json.dumps(comparison.to_dict())``; keyword arguments go to ``json.dumps``."""
        return json.dumps(self.to_dict(), **kwargs)

    def to_text(self, *, width: int = 88) -> str:
        """A readable account for the terminal (``soc2parse diff``); control characters dropped."""
        return comparison_to_text(self, width=width)

    def _tested_in_new(self, item: ControlException) -> bool:
        key = _id_key(item.control_id)
        return any(_id_key(c.control_id) == key for c in self.new.controls)

    def _repr_html_(self) -> str:
        return comparison_to_html(self)

    def __repr__(self) -> str:
        return (
            f"<Comparison {_name(self.old)!r} -> {_name(self.new)!r}: opinion "
            f"{self.old.opinion.kind.value} -> {self.new.opinion.kind.value}, periods "
            f"{self.continuity}, exceptions {len(self.repeated)} repeated, "
            f"{len(self.remediated)} remediated, {len(self.new_exceptions)} new>"
        )


def compare(old: Report, new: Report) -> Comparison:
    """Compare two reports of the same organization, the earlier one first.

    Args:
        old: the earlier report (e.g. last year's).
        new: the later report.

    Returns:
        The :class:`Comparison`. Doubts (different organization names, the later report
        given first) are in its ``warnings``; nothing is raised for them.
    """
    continuity, gap = _continuity(old, new)
    repeated, remediated, added = _match_exceptions(old.exceptions, new.exceptions)
    sub_added, sub_removed, sub_changed = _match_subservice(
        old.subservice_organizations, new.subservice_organizations
    )
    old_cuecs = {cuec_key(c) for c in old.cuecs}
    new_cuecs = {cuec_key(c) for c in new.cuecs}
    return Comparison(
        old=old,
        new=new,
        continuity=continuity,
        gap_days=gap,
        repeated=repeated,
        remediated=remediated,
        new_exceptions=added,
        categories_added=tuple(c for c in new.categories if c not in old.categories),
        categories_removed=tuple(c for c in old.categories if c not in new.categories),
        subservice_added=sub_added,
        subservice_removed=sub_removed,
        subservice_method_changed=sub_changed,
        cuecs_added=_unique(c for c in new.cuecs if cuec_key(c) not in old_cuecs),
        cuecs_removed=_unique(c for c in old.cuecs if cuec_key(c) not in new_cuecs),
        warnings=_warnings(old, new),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(cuec_key(item), item)
    return tuple(seen.values())


def _continuity(old: Report, new: Report) -> tuple[str, int | None]:
    if old.period is None or new.period is None:
        return "unknown", None
    # A Type 1 covers a single day, its as-of date.
    old_start, new_start = old.period.start or old.period.end, new.period.start or new.period.end
    old_end, new_end = old.period.end, new.period.end
    gap = (new_start - old_end).days - 1
    # Starting on the old end date (a shared boundary day) counts as continuous too.
    if gap in (0, -1):
        return "continuous", 0
    if gap > 0:
        return "gap", gap
    if old.period.start is None or new.period.start is None:
        # A Type 1 inside the other period: how far it falls short of that period's end.
        return "overlap", gap
    # The days both periods cover, however they lie (the new one may start first).
    shared = (min(old_end, new_end) - max(old_start, new_start)).days + 1
    if shared > 0:
        return "overlap", -shared
    return "gap", (old_start - new_end).days - 1


def _match_exceptions(
    old: Sequence[ControlException], new: Sequence[ControlException]
) -> tuple[
    tuple[RepeatedException, ...], tuple[ControlException, ...], tuple[ControlException, ...]
]:
    pairs: dict[int, RepeatedException] = {}
    taken: set[int] = set()
    for i, item in enumerate(old):
        key = _id_key(item.control_id)
        j = next(
            (j for j, n in enumerate(new) if j not in taken and _id_key(n.control_id) == key),
            None,
        )
        if j is not None:
            taken.add(j)
            pairs[i] = RepeatedException(old=item, new=new[j], matched_by="control_id")
    # Then by criterion: identical criteria first, then any shared criterion.
    for exact in (True, False):
        for i, item in enumerate(old):
            if i in pairs or not item.criteria:
                continue
            wanted = set(item.criteria)
            for j, candidate in enumerate(new):
                if j in taken or not candidate.criteria:
                    continue
                same = (
                    set(candidate.criteria) == wanted
                    if exact
                    else bool(wanted & set(candidate.criteria))
                )
                if same:
                    taken.add(j)
                    pairs[i] = RepeatedException(old=item, new=candidate, matched_by="criteria")
                    break
    repeated = tuple(pairs[i] for i in sorted(pairs))
    remediated = tuple(item for i, item in enumerate(old) if i not in pairs)
    added = tuple(item for j, item in enumerate(new) if j not in taken)
    return repeated, remediated, added


def _match_subservice(
    old: Sequence[SubserviceOrganization], new: Sequence[SubserviceOrganization]
) -> tuple[
    tuple[SubserviceOrganization, ...],
    tuple[SubserviceOrganization, ...],
    tuple[tuple[SubserviceOrganization, SubserviceOrganization], ...],
]:
    taken: set[int] = set()
    removed: list[SubserviceOrganization] = []
    changed: list[tuple[SubserviceOrganization, SubserviceOrganization]] = []
    for org in old:
        keys = organization_keys(org.name)
        j = next(
            (j for j, n in enumerate(new) if j not in taken and keys & organization_keys(n.name)),
            None,
        )
        if j is None:
            removed.append(org)
            continue
        taken.add(j)
        if org.method != new[j].method:
            changed.append((org, new[j]))
    added = tuple(n for j, n in enumerate(new) if j not in taken)
    return added, tuple(removed), tuple(changed)


def _warnings(old: Report, new: Report) -> tuple[str, ...]:
    warnings: list[str] = []
    old_name, new_name = old.service_organization, new.service_organization
    if old_name and new_name and not organization_keys(old_name) & organization_keys(new_name):
        warnings.append(f"the reports name different organizations: {old_name!r} and {new_name!r}")
    if old.period is not None and new.period is not None and new.period.end < old.period.end:
        warnings.append(
            f"the new report's period ends ({new.period.end}) before the old one's "
            f"({old.period.end}); were the reports given in the wrong order?"
        )
    if old.sha256 == new.sha256:
        warnings.append("both reports are the same file")
    return tuple(warnings)


def _name(report: Report) -> str:
    return report.service_organization or report.source or f"sha256:{report.sha256[:12]}"


def _identity(report: Report) -> dict[str, Any]:
    return {
        "source": report.source,
        "sha256": report.sha256,
        "service_organization": report.service_organization,
        "service_auditor": report.service_auditor,
        "framework": report.framework.value,
        "report_type": report.report_type.value,
        "report_date": report.report_date.isoformat() if report.report_date else None,
    }


def _period_dict(report: Report) -> dict[str, Any] | None:
    if report.period is None:
        return None
    start = report.period.start
    return {
        "start": start.isoformat() if start else None,
        "end": report.period.end.isoformat(),
    }


def _exception_dict(item: ControlException) -> dict[str, Any]:
    return {
        "control_id": item.control_id,
        "criteria": list(item.criteria),
        "finding": item.finding,
        "ratios": [r.text for r in item.ratios],
        "page": item.evidence.page,
    }


# --- Display ----------------------------------------------------------------------------


def _quote(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _period_text(report: Report) -> str:
    return str(report.period) if report.period else "unknown"


def _continuity_text(comparison: Comparison) -> str:
    gap = comparison.gap_days
    if comparison.continuity == "gap" and gap is not None:
        return f"gap of {gap} day{'s' if gap != 1 else ''} not covered by either report"
    if comparison.continuity == "overlap" and gap is not None:
        return f"overlap of {-gap} days"
    if comparison.continuity == "continuous":
        return "continuous"
    return "unknown (a period is missing)"


def _exception_line(item: ControlException) -> str:
    criteria = f" [{', '.join(item.criteria)}]" if item.criteria else ""
    ratios = "; ".join(r.text for r in item.ratios)
    return (
        f"{item.control_id}{criteria}"
        + (f" {ratios}" if ratios else "")
        + f" (page {item.evidence.page}): {_quote(item.finding)}"
    )


def _sections(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """The comparison as titled lists of plain lines, shared by the text and the HTML."""
    c = comparison
    old_kind, new_kind = c.old.opinion.kind, c.new.opinion.kind
    opinion = f"{old_kind.value} -> {new_kind.value}" if c.opinion_changed else old_kind.value
    if c.opinion_changed and new_kind is OpinionKind.UNQUALIFIED:
        opinion += " (no longer modified)"
    overview = [
        f"Old: {_name(c.old)}, {_period_text(c.old)}",
        f"New: {_name(c.new)}, {_period_text(c.new)}",
        f"Opinion: {opinion}" + (" (changed)" if c.opinion_changed else " (unchanged)"),
        f"Periods: {_continuity_text(c)}",
    ]
    if c.old.service_auditor != c.new.service_auditor and c.new.service_auditor:
        overview.append(f"Auditor: {c.old.service_auditor or 'unknown'} -> {c.new.service_auditor}")
    out: list[tuple[str, list[str]]] = []
    # What makes the whole comparison doubtful (two organizations) is read before its details.
    if c.warnings:
        out.append((f"Warnings ({len(c.warnings)})", list(c.warnings)))
    out.append(("Overview", overview))
    out.append(
        (
            f"Repeated exceptions ({len(c.repeated)})",
            [
                _exception_line(p.new)
                + (
                    f" (was {p.old.control_id}, same criterion)"
                    if p.matched_by == "criteria"
                    else ""
                )
                for p in c.repeated
            ],
        )
    )
    out.append(
        (
            f"Remediated exceptions ({len(c.remediated)})",
            [
                _exception_line(item)
                + ("" if c._tested_in_new(item) else " (control not found in the new report)")
                for item in c.remediated
            ],
        )
    )
    out.append(
        (
            f"New exceptions ({len(c.new_exceptions)})",
            [_exception_line(item) for item in c.new_exceptions],
        )
    )
    categories = [f"added: {x.value}" for x in c.categories_added]
    categories += [f"removed: {x.value}" for x in c.categories_removed]
    out.append(("Categories", categories))
    subservice = [f"added: {s.name} ({s.method or 'method unknown'})" for s in c.subservice_added]
    subservice += [f"removed: {s.name}" for s in c.subservice_removed]
    subservice += [
        f"method changed: {b.name} {a.method or 'unknown'} -> {b.method or 'unknown'}"
        for a, b in c.subservice_method_changed
    ]
    out.append(("Subservice organizations", subservice))
    cuecs = [f"added: {_quote(x)}" for x in c.cuecs_added]
    cuecs += [f"removed: {_quote(x)}" for x in c.cuecs_removed]
    out.append(("CUECs", cuecs))
    return out


def comparison_to_text(comparison: Comparison, *, width: int = 88) -> str:
    """The comparison as terminal text: titled sections, ``none`` where nothing changed."""
    from soc2parse.text.clean import clean

    wrap_width = max(40, width)
    lines: list[str] = []
    for title, items in _sections(comparison):
        if lines:
            lines.append("")
        lines.append(title)
        if not items:
            lines.append("  none")
        for item in items:
            lines += textwrap.wrap(
                clean(item), wrap_width, initial_indent="  ", subsequent_indent="      "
            )
    return "\n".join(lines)


_CARD = (
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;"
    "line-height:1.45;border:1px solid rgba(128,128,128,.35);border-radius:8px;"
    "padding:12px 16px;max-width:960px"
)
_MUTED = "opacity:.7"


def comparison_to_html(comparison: Comparison) -> str:
    """An HTML card for notebooks (``Comparison._repr_html_``); every value escaped."""
    esc: Callable[[str], str] = html.escape
    parts = [f"<div class='soc2parse-comparison' style=\"{_CARD}\">"]
    for title, items in _sections(comparison):
        parts.append(f"<div style='margin-top:6px'><strong>{esc(title)}</strong>")
        if items:
            parts.append("<ul style='margin:2px 0 0 18px;padding:0'>")
            parts += [f"<li>{esc(item)}</li>" for item in items]
            parts.append("</ul>")
        else:
            parts.append(f" <span style='{_MUTED}'>none</span>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)
