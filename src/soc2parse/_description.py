"""Subservice organizations and complementary user entity controls (CUECs) from the description.

Subservice organizations are read from the passage under a "Subservice
Organizations" heading (or, without one, from sentences that call a company a
subservice organization): "Acme uses Amazon Web Services, Inc. (AWS) for cloud
hosting services", "Acme has engaged Equinix, Inc. to provide colocation", with
the method from nearby wording: "carve-out", "carved out", "not included within
the scope" (carve-out) or "inclusive method", "included in this description"
(inclusive).

CUECs follow a "Complementary User Entity Controls" heading: each bullet, or
each row of a table whose column is headed "Complementary User Entity
Control(s)", is one control. A statement that none are required gives an
empty list.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from soc2parse._model import SubserviceOrganization
from soc2parse._pages import Line, Page, Word
from soc2parse._passages import BULLET, Passage, passages, sentence_at

__all__ = ["read_cuecs", "read_subservice_organizations"]

_V = regex.IGNORECASE | regex.VERBOSE

_SUBSERVICE_HEADING = regex.compile(
    r"^\s*(?:[\d.]+\s*)?(?:use\s+of\s+)?subservice\s+(?:service\s+)?organi[sz]ations?\b.{0,40}$",
    regex.IGNORECASE,
)
_CUEC_HEADING = regex.compile(
    r"^\s*(?:[\d.]+\s*)?(?:complementary\s+)?user\s+entit(?:y|ies)\s+(?:control\s+)?"
    r"(?:controls|responsibilities|considerations)\b.{0,30}$",
    regex.IGNORECASE,
)
_KNOWN = regex.compile(rf"{_SUBSERVICE_HEADING.pattern}|{_CUEC_HEADING.pattern}", regex.IGNORECASE)

_NAME = r"""
    (?P<name>
        [\p{Lu}\d][\w.&'’\-]*
        (?:(?:\s+|,\s*)(?:[\p{Lu}\d][\w.&'’\-]*|of|and|&|de|\([\p{Lu}\d][\w&.\-]{1,12}\)))*
    )
"""
# "Acme uses Amazon Web Services, Inc. (AWS) for cloud infrastructure hosting services."
# "Acme has engaged Equinix, Inc. to provide colocation data center services."
# "Acme utilizes Okta, Inc., a subservice organization, for identity services."
_USES = regex.compile(
    rf"""
    \b(?:uses|use|utilizes|utilises|relies\s+(?:up)?on|engages|has\s+engaged|engaged|leverages|
        outsources\s+\w+(?:\s+\w+)?\s+to|contracts\s+with)\s+
    {_NAME}
    (?:\s*,\s*(?:a|an|its)\s+[\w\s-]{{0,40}}?subservice\s+organi[sz]ation\s*,)?
    \s+(?:for|to\s+provide|to\s+perform|to\s+host|as\s+(?:its|a|the)\s+)
    \s*(?P<services>[^.;]{{3,200}}?)\s*[.;](?=\s|$)
    """,
    regex.VERBOSE,
)
_CARVE_OUT = regex.compile(
    r"carve[\s\-]*out|carved[\s\-]+out|not\s+included\s+(?:with)?in\s+the\s+scope|excluded?\s+from"
    r"\s+the\s+scope|does\s+not\s+(?:include|extend\s+to)\s+the\s+(?:controls|services)",
    regex.IGNORECASE,
)
_INCLUSIVE = regex.compile(r"inclusive\s+method|\binclusive\b", regex.IGNORECASE)
_NO_SUBSERVICE = regex.compile(
    r"does\s+not\s+(?:use|utilize|rely\s+on)\s+any\s+subservice|no\s+subservice\s+organi[sz]ations",
    regex.IGNORECASE,
)
_NO_CUECS = regex.compile(
    r"\bno\s+complementary\s+user\s+entity\s+controls\b|\bnot\s+(?:designed\s+with|contemplate)"
    r".{0,40}user\s+entity\s+controls|\bno\s+user\s+entity\s+controls\b",
    regex.IGNORECASE,
)
# A table column headed "Complementary User Entity Control(s)", "User Entity Controls",
# "CUEC", "Complementary User Entity Controls (CUECs)".
_CUEC_COLUMN = regex.compile(
    r"(?:complementary\s+)?user\s+entit(?:y|ies)\s+(?:controls?|responsibilit(?:y|ies))"
    r"(?:\s*\(CUECs?\))?|CUECs?",
    regex.IGNORECASE,
)


def _under(items: Sequence[Passage], heading: regex.Pattern[str]) -> list[Passage]:
    """The passages after the first heading matching ``heading``, up to the next heading."""
    out: list[Passage] = []
    inside = False
    for item in items:
        if item.heading:
            if inside:
                break
            inside = heading.match(item.text) is not None
            continue
        if inside:
            out.append(item)
    return out


def description_passages(pages: Sequence[Page]) -> tuple[Passage, ...]:
    """The pages' passages, with the description's own headings known as headings."""
    return passages(pages, known_headings=_KNOWN)


def read_subservice_organizations(
    pages: Sequence[Page], items: Sequence[Passage] | None = None
) -> tuple[tuple[SubserviceOrganization, ...], tuple[str, ...]]:
    """The subservice organizations the description names, with services and method.

    ``items`` are the pages' :func:`description_passages`, when already read.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = _under(items, _SUBSERVICE_HEADING)
    if not block:
        block = [p for p in items if regex.search(r"subservice\s+organi[sz]ation", p.text, regex.I)]
    text = " ".join(p.text for p in block)
    found: dict[str, SubserviceOrganization] = {}
    for match in _USES.finditer(text):
        name = match["name"].strip(" ,")
        if name in found or len(name) < 3:
            continue
        start, _ = sentence_at(text, match.start())
        nearby = text[start : match.end() + 400]
        following = _next_mention(text, match.end(), found, name)
        nearby = text[start:following]
        method = None
        if _INCLUSIVE.search(nearby):
            method = "inclusive"
        elif _CARVE_OUT.search(nearby):
            method = "carve-out"
        found[name] = SubserviceOrganization(name, match["services"].strip(), method)
    warnings: tuple[str, ...] = ()
    if not found and block and not _NO_SUBSERVICE.search(text):
        warnings = ("the description mentions subservice organizations but none could be named",)
    return tuple(found.values()), warnings


def _next_mention(
    text: str, after: int, found: dict[str, SubserviceOrganization], name: str
) -> int:
    """Where the next "uses <another company>" sentence starts, bounding this one's context."""
    for match in _USES.finditer(text, after):
        if match["name"].strip(" ,") != name:
            return sentence_at(text, match.start())[0]
    return len(text)


def read_cuecs(
    pages: Sequence[Page], items: Sequence[Passage] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The complementary user entity controls, one entry per control.

    ``items`` are the pages' :func:`description_passages`, when already read.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = _under(items, _CUEC_HEADING)
    if not block:
        rows = _table_rows(_after_heading(pages, _CUEC_HEADING))
        if rows:
            return rows, ()
        return (), ("no complementary user entity controls heading was found in the description",)
    text = " ".join(p.text for p in block)
    bullets = [_strip_bullet(p.text) for p in block if p.bullet]
    if bullets:
        return tuple(bullets), ()
    # Markers drawn as graphics or in a symbol font leave indented paragraphs behind.
    indented = [p.text for p in block[1:] if p.x0 > block[0].x0 + 6]
    if indented:
        return tuple(indented), ()
    rows = _table_rows(_after_heading(pages, _CUEC_HEADING))
    if rows:
        return rows, ()
    if _NO_CUECS.search(text):
        return (), ()
    return (), ("the complementary user entity controls could not be read",)


def _strip_bullet(text: str) -> str:
    return str(BULLET.sub("", text, count=1)).strip()


def _after_heading(pages: Sequence[Page], heading: regex.Pattern[str]) -> list[Line]:
    """The body lines after the first line matching ``heading`` (contents pages skipped)."""
    lines = [line for page in pages if not page.is_toc for line in page.lines]
    for index, line in enumerate(lines):
        if heading.fullmatch(line.text.strip()):
            return lines[index + 1 :]
    return []


# How far below its heading a CUEC table's header row may sit.
_TABLE_REACH = 30


def _table_rows(lines: Sequence[Line]) -> tuple[str, ...]:
    """Rows of the table whose column is headed "Complementary User Entity Control(s)"."""
    for index, line in enumerate(lines[:_TABLE_REACH]):
        for left, right, text in _cells(line):
            if _CUEC_COLUMN.fullmatch(text):
                return _collect_rows(lines[index + 1 :], left, right, line.size)
    return ()


# Words further apart than this are in different table cells.
_CELL_GAP = 12.0


def _cells(line: Line) -> list[tuple[float, float, str]]:
    """The line split into cells at wide gaps: ``(left, next cell's left, text)``."""
    groups: list[list[Word]] = [[line.words[0]]]
    for a, b in zip(line.words, line.words[1:], strict=False):
        if b.x0 - a.x1 > _CELL_GAP:
            groups.append([])
        groups[-1].append(b)
    out = []
    for i, group in enumerate(groups):
        right = groups[i + 1][0].x0 if i + 1 < len(groups) else float("inf")
        out.append((group[0].x0, right, " ".join(w.text for w in group)))
    return out


def _rest(line: Line, start: int) -> str:
    return " ".join(w.text for w in line.words[start:])


def _collect_rows(lines: Sequence[Line], left: float, right: float, size: float) -> tuple[str, ...]:
    rows: list[list[str]] = []
    previous: Line | None = None
    any_marker = any(w.x1 < left - 2 for line in lines[:1] for w in line.words)
    for line in lines:
        if abs(line.size - size) > 1.0 or (previous and line.top - previous.bottom > size * 2.5):
            break
        inside = [w.text for w in line.words if left - 4 <= w.x0 < right - 2]
        if _CUEC_COLUMN.fullmatch(" ".join(inside)):
            continue  # the header row repeated on a new page
        marker = any(w.x1 < left - 2 for w in line.words)
        if not inside:
            break
        sentence_ended = bool(rows) and rows[-1][-1].endswith(".") and inside[0][:1].isupper()
        if marker or not rows or (not any_marker and sentence_ended):
            rows.append(inside)
        else:
            rows[-1].extend(inside)
        previous = line
    return tuple(" ".join(r) for r in rows)
