"""Header rows of a control table: find one and turn its labels into columns.

``find_header`` looks for a line whose phrases name two or more columns
(``column_role``: "Control #", "Control Activity Specified by ...", "Tests
Performed by the Service Auditor", "Results of Tests") and that is not a body line
set like one (an id, a sentence, a wrapped fragment). The header takes the close
lines above and below set like it (``_header_extent``); its phrases, grouped by the
x extent they share, become the columns (``_header_columns``), with the borders
between them from ``borders.column_borders``. The labels' wordings are rules of
``models/controls.jsonl`` (``column-<role>``, ``header-hint``, ``control-word``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import attrs
import regex

from soc2parse._pages import Line, Page
from soc2parse.controls.borders import column_borders, joint_xs
from soc2parse.controls.geometry import (
    GROUP_START,
    HEADER_GAP,
    ID_LIKE,
    Phrase,
    split_phrases,
    vertical_xs,
)
from soc2parse.controls.items import Column
from soc2parse.text.headers import TABLE_HEADER_WORDS
from soc2parse.text.rules import wording

__all__ = ["Header", "column_role", "find_header"]


# Header labels by role, tried in order: "Results of Tests" is a result column, not tests.
_ROLE_PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("response", wording("controls", "column-response")),
    (
        # "Results of Tests", "Exceptions Noted", "Outcome", "Conclusion"; in a list of
        # exceptions below the table, "Exception Detail", "Deviation Description",
        # "Description of Exception".
        "result",
        wording("controls", "column-result"),
    ),
    ("tests", wording("controls", "column-tests")),
    ("criteria", wording("controls", "column-criteria")),
    ("id", wording("controls", "column-id")),
    # "Control Owner", "Frequency", "Control Type": columns the contract has no field for,
    # not the control's description ("Control Owner" names a control).
    ("other", wording("controls", "column-other")),
    ("description", wording("controls", "column-description")),
)


# A cheap first test: a header row names a control, test, result, reference or criteria column.
_HEADER_HINT = wording("controls", "header-hint")
_LABEL_JUNK = regex.compile(r"[\s:?]+$")  # "Exceptions Noted?" asks for the result
# "Control Activity": a description column that names the control column.
_CONTROL_WORD = wording("controls", "control-word")
# The most words one line of a header cell holds.
_MAX_LABEL_WORDS = 9


@functools.lru_cache(maxsize=2048)
def column_role(label: str) -> str:
    """The role a header label names: id, criteria, description, tests, result or other.

    >>> column_role("Tests Performed by the Service Auditor")
    'tests'
    >>> column_role("Results of Tests")
    'result'
    >>> column_role("Control No.")
    'id'
    >>> column_role("Controls Specified by Acme")
    'description'
    """
    text = _LABEL_JUNK.sub("", " ".join(label.split()))
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return "other"


@attrs.frozen
class Header:
    """A control-table header row: its first and last line on the page, and its columns."""

    first: int  # index of the header's first line on the page
    last: int  # index of its last line
    columns: tuple[Column, ...]
    top: float
    bottom: float


def _anchor_roles(phrases: Sequence[Phrase]) -> list[str]:
    return [column_role(p.text) for p in phrases]


def _is_header_roles(roles: Sequence[str], *, strict: bool) -> bool:
    # A response column alone does not make a control table ("Control # | Management's
    # Response" in section V), but it may sit beside one.
    known = {r for r in roles if r not in ("other", "response")}
    if len(known) < 2 or len(roles) > 8 or roles.count("other") > 1:
        return False
    has_control = "id" in known or "description" in known
    if strict:
        return has_control and bool(known & {"tests", "result"})
    return has_control and ("id" in known or bool(known & {"tests", "result"}))


def find_header(page: Page, start: int = 0, *, strict: bool = False) -> Header | None:
    """The first control-table header row on ``page`` at or after line ``start``.

    Args:
        page: the page.
        start: the line index to search from.
        strict: require a tests or results column (used when scanning pages outside a
            found tests section, where other tables abound).
    """
    lines = page.lines
    for index in range(start, len(lines)):
        line = lines[index]
        if not _HEADER_HINT.search(line.text):
            continue
        # A row opening with an id, or "No exceptions noted", is no header (the line's first
        # word opens its first phrase: this is asked before the line is cut into phrases).
        if ID_LIKE.match(line.words[0].text) or line.text.lower().startswith("no "):
            continue
        cuts = vertical_xs(page, line.top, line.bottom)
        phrases = split_phrases(line, HEADER_GAP, cuts)
        roles = _anchor_roles(phrases)
        if len(phrases) < 2 or not _is_header_roles(roles, strict=strict):
            continue
        # Header cells are short labels set in one face; a labelled row ("Control Activity
        # | An independent third party performs a penetration test ...") is not a header.
        if any(_sentence_like(p) for p in phrases):
            continue
        # A header label opens with a capital, a digit or "#"; a phrase opening in lower
        # case is a wrapped body line ("a penetration test of the | the control to ...").
        if any(p.words[0].text[:1].islower() for p in phrases):
            continue
        # Nor does a label end in an article or a joining word ("Policies are assigned an |
        # Officer regarding the control to determine that"): that is a wrapped sentence.
        # (A header wrapped over two lines may: "Tests Performed by the | Results of", when it
        # is bold or made of header words alone, as a scan's header, whose face is unknown, is.)
        if (
            not line.bold
            and not _header_words_only(line)
            and any(p.words[-1].text.lower() in _FRAGMENT_ENDS for p in phrases)
        ):
            continue
        if len({all(w.bold for w in p.words) for p in phrases}) > 1:
            continue
        if not _has_control_label(phrases, roles):
            continue
        first, last = _header_extent(page, index)
        columns = _header_columns(page, first, last)
        if columns is None:
            continue
        return Header(first, last, columns, lines[first].top, lines[last].bottom)
    return None


# Words a header label never ends with; a line of wrapped prose often does.
_FRAGMENT_ENDS = frozenset(
    ["a", "an", "the", "that", "to", "of", "and", "or", "for", "with", "in", "on", "is", "are"]
)


def _sentence_like(phrase: Phrase) -> bool:
    """Too long for a header label, or a sentence ("... is reviewed quarterly.")."""
    words = len(phrase.words)
    return words > _MAX_LABEL_WORDS or (words >= 4 and phrase.text.endswith("."))


def _has_control_label(phrases: Sequence[Phrase], roles: Sequence[str]) -> bool:
    """A control table names its control column ("Control #", "Control Activity", "Ref")."""
    for phrase, role in zip(phrases, roles, strict=True):
        if role == "id" or (role == "description" and _CONTROL_WORD.search(phrase.text)):
            return True
    return False


def _header_like(line: Line, anchor: Line) -> bool:
    if GROUP_START.match(line.text) or ID_LIKE.match(line.words[0].text):
        return False
    if anchor.bold:
        return line.bold
    return _header_words_only(line)


def _header_words_only(line: Line) -> bool:
    """True when every word of ``line`` is one a table header is made of."""
    words = [w.text.lower().strip(".,:#()") for w in line.words]
    return all(not w or w in _HEADER_WORDS for w in words)


# The words header labels are made of (one list, shared with the OCR repairs).
_HEADER_WORDS = TABLE_HEADER_WORDS


def _header_extent(page: Page, index: int) -> tuple[int, int]:
    """The header's first and last line: the anchor and the close lines set like it."""
    lines = page.lines
    anchor = lines[index]
    size = max(anchor.size, 1.0)
    below = _horizontal_between_ys(page)
    first = index
    while first > 0:
        prev = lines[first - 1]
        if lines[first].top - prev.bottom > 0.6 * size or not _header_like(prev, anchor):
            break
        if below(prev.bottom, lines[first].top):
            break
        first -= 1
    last = index
    while last + 1 < len(lines):
        nxt = lines[last + 1]
        if nxt.top - lines[last].bottom > 0.6 * size or not _header_like(nxt, anchor):
            break
        if below(lines[last].bottom, nxt.top):
            break
        last += 1
    return first, last


def _horizontal_between_ys(page: Page) -> Callable[[float, float], bool]:
    ys = sorted((r.top + r.bottom) / 2 for r in page.rules if r.horizontal and (r.x1 - r.x0) > 30)

    def between(top: float, bottom: float) -> bool:
        return any(top - 1.0 <= y <= bottom + 1.0 for y in ys)

    return between


def _header_columns(page: Page, first: int, last: int) -> tuple[Column, ...] | None:
    """Group the header's phrases into columns and place the boundaries between them."""
    lines = page.lines[first : last + 1]
    top, bottom = lines[0].top, lines[-1].bottom
    cuts = vertical_xs(page, top, bottom)
    groups: list[list[Phrase]] = []
    for line in lines:
        for phrase in split_phrases(line, HEADER_GAP, cuts):
            home = next(
                (g for g in groups if _overlap(g, phrase.x0, phrase.x1, cuts)),
                None,
            )
            if home is None:
                groups.append([phrase])
            else:
                home.append(phrase)
    groups.sort(key=lambda g: min(p.x0 for p in g))
    labels = [" ".join(p.text for p in sorted(g, key=lambda p: p.words[0].top)) for g in groups]
    roles = [column_role(label) for label in labels]
    roles = _settle_roles(roles, labels)
    if not _is_header_roles(roles, strict=False):
        return None
    spans = [(min(p.x0 for p in g), max(p.x1 for p in g)) for g in groups]
    boundaries = column_borders(page, spans, bottom, sorted({*cuts, *joint_xs(page, top)}))
    columns = []
    for i, (role, label) in enumerate(zip(roles, labels, strict=True)):
        x0 = boundaries[i - 1] if i else float("-inf")
        x1 = boundaries[i] if i < len(boundaries) else float("inf")
        columns.append(Column(role, label, x0, x1))
    return tuple(columns)


def _overlap(group: list[Phrase], x0: float, x1: float, cuts: Sequence[float]) -> bool:
    g0, g1 = min(p.x0 for p in group), max(p.x1 for p in group)
    if min(g1, x1) - max(g0, x0) <= 0:
        return False
    # A vertical rule between them keeps two phrases in separate columns.
    return not any(min(g1, x1) > c > max(g0, x0) for c in cuts) or not cuts


def _settle_roles(roles: list[str], labels: list[str]) -> list[str]:
    """Resolve a bare "Control" column beside a description column into the id column."""
    if "id" not in roles and roles.count("description") >= 2:
        first = roles.index("description")
        if len(labels[first].split()) <= 2:
            roles = [*roles[:first], "id", *roles[first + 1 :]]
    return roles
