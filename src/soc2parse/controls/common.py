"""What the readers of section IV share: ids and criteria, the draft control, the reading.

``criteria_in`` finds trust services criteria ids ("CC6.1") in a text;
``looks_like_control_id`` tells a control id as printed ("CC6.1.2", "C-14",
"1.01"), ``spaced_id`` one printed with a space ("SEC 1.1"), ``STRONG_ID`` one that
reads as a control id without others to compare with, ``COMPLEMENTARY_ID`` the id
of a complementary subservice organization control ("CSOC-1"). ``GROUP`` matches a
criterion or control objective heading or group row, ``STEP_START`` a line opening
a test step, ``heading_like`` a bold heading line.

A :class:`Draft` is a control being read, which the readers add to and
``controls.finish`` turns into the report's controls and exceptions; a
:class:`Reading` is what the readers share while they take the items in order.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from soc2parse.controls.items import Item, TextLine

__all__ = [
    "COMPLEMENTARY_ID",
    "GROUP",
    "STEP_START",
    "STRONG_ID",
    "TRIM",
    "Draft",
    "Label",
    "Reading",
    "criteria_in",
    "heading_like",
    "looks_like_control_id",
    "spaced_id",
]


# Trust services criteria ids (2017 TSC): CC1.1-CC9.2, A1.x, C1.x, PI1.x, P1.1-P8.1.
# Not the first two parts of a control id like "CC6.1.2".
_CRITERION = regex.compile(
    r"\b(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)",
)


# A run of criteria at the start of a heading: "CC6.1 –", "CC6.1, CC6.6 and CC6.7:".
_LEADING_CRITERIA = regex.compile(
    r"""^\s*(?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?
    (?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)
    (?:\s*(?:,|/|&|and|\u2013|-)\s*(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d))*""",
    regex.VERBOSE | regex.IGNORECASE,
)


# A heading or group row that opens a criterion or a SOC 1 control objective; not a
# control id built on one ("CC7.3-01").
GROUP = regex.compile(
    r"""^\s*(?:
        (?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?(?:CC[1-9]|A1|C1|PI1|P[1-8])\.\d{1,2}\b(?!\.\d|-\d)
      | control\s+objective\s*(?:\d|[ivx]+\b|[a-z]\b|:)
      | objective\s+\d
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)


# Control ids as printed: CC6.1.2, C-14, AC-03, 6.1a, 1.01, ENV-01, IT-GC-01, PI1.3.4, 12.
_CONTROL_ID = regex.compile(
    r"""^(?:
        [A-Z][A-Z0-9]{0,8}(?:[-_.][A-Z][A-Z0-9]{0,8})*(?:[-_.]?\d+)(?:[-_.]\d+)*
        (?:[a-z]|[-_]?[A-Z])?   # a lettered control of one criterion: 6.1a, CC6.1-A
      | \d{1,3}(?:[-.]\d{1,3})+[a-z]?
      | \d{1,3}[a-z]
      | \d{1,4}
    )$""",
    regex.VERBOSE,
)


TRIM = ".:;,()[]\u2013\u2014"


# Complementary subservice organization controls listed in the matrix or told in prose:
# ids "CSOC1", "CSOC-2", "CSC 3".
COMPLEMENTARY_ID = regex.compile(r"^CS(?:O)?Cs?[-.\s]?\d", regex.I)


def criteria_in(text: str, *, leading: bool = False) -> tuple[str, ...]:
    """Trust services criteria ids in ``text`` (only those opening it, with ``leading``).

    >>> criteria_in("CC6.1, CC6.6 and CC6.7 – The entity implements ...", leading=True)
    ('CC6.1', 'CC6.6', 'CC6.7')
    >>> criteria_in("CC6.1.2")
    ()
    """
    if leading:
        match = _LEADING_CRITERIA.match(text)
        text = match.group() if match else ""
    return tuple(dict.fromkeys(m.upper() for m in _CRITERION.findall(text)))


def looks_like_control_id(token: str) -> bool:
    """True for a control id as printed: CC6.1.2, C-14, AC-03, 6.1a, 1.01, CC6.1-A.

    >>> [looks_like_control_id(t) for t in ("CC6.1.2", "C-14", "6.1a", "1.01", "Inspected")]
    [True, True, True, True, False]
    >>> [looks_like_control_id(t) for t in ("CC6.1-A", "PI1.3-B", "CC6.1A", "CC6.1-AB")]
    [True, True, True, False]
    """
    token = token.strip(TRIM)
    return bool(token) and len(token) <= 20 and _CONTROL_ID.match(token) is not None


# An id printed with a space after its letters: "C 24", "SEC 1.1", "CC 8.1-01".
_SPACED_ID = regex.compile(r"^[A-Z]{1,5}\s\d{1,3}(?:[-.]\d{1,3})*[a-z]?$")


def spaced_id(words: Sequence[str], *, dotted: bool = False) -> str | None:
    """An id split by a space over the first two ``words`` ("C", "24" -> "C 24"), or None.

    Never a criterion ("CC 6.1"); with ``dotted``, the number must hold a separator
    ("SEC 1.1", not "ISO 27001"), for ids read outside an id column.

    >>> spaced_id(["CC", "8.1-01", "Changes"]), spaced_id(["CC", "6.1"])
    ('CC 8.1-01', None)
    """
    if len(words) < 2:
        return None
    token = f"{words[0]} {words[1].rstrip(TRIM)}"
    if _SPACED_ID.match(token) is None or criteria_in(token.replace(" ", "")):
        return None
    if dotted and not regex.search(r"\d[-.]\d", token):
        return None
    return token


@attrs.define
class Draft:
    """A control being read: its id and criteria, and the texts found for it so far.

    ``results`` and ``notes`` (paragraphs about it below the table) hold each text with
    the page it starts on; ``pages`` are the pages the control was read from.
    """

    control_id: str
    criteria: tuple[str, ...]
    description: list[str] = attrs.field(factory=list)
    tests: list[str] = attrs.field(factory=list)
    results: list[tuple[str, int]] = attrs.field(factory=list)
    pages: list[int] = attrs.field(factory=list)
    notes: list[tuple[str, int]] = attrs.field(factory=list)

    def add_page(self, page: int) -> None:
        """Count ``page`` among the control's pages (once, in the order first seen)."""
        if page not in self.pages:
            self.pages.append(page)


# An id that reads as a control id with no other ids to compare: "CC6.1.2", "PI1.3.4",
# "AC-03", "IT-GC-01"; not "3.2" (a list item) nor "CC6.1" (a criterion, checked apart).
STRONG_ID = regex.compile(
    r"""^(?:[A-Za-z]+[-.]?\d+[-.]\d+   # CC6.1.2, PI1.3.4, A-1.2
       | [A-Za-z]{2,}(?:-[A-Za-z]+)*-\d+  # AC-03, IT-GC-01
       | [A-Za-z]{2,}\.\d+$  # AC.03
    )""",
    regex.VERBOSE,
)


# A line that opens a test step: "2. For a sample of ...", "(3) Inspected ...".
STEP_START = regex.compile(r"^\s*(?:\(?\d{1,2}[.)]|step\s+\d{1,2}[.:)]?)\s+\S", regex.I)


def heading_like(line: TextLine) -> bool:
    """A bold line short enough to be a heading, not a paragraph."""
    return line.bold and len(line.text) < 120


# A labelled line: its role ("id", "description", "criteria", "tests", "result"), its value
# and the x where the value's continuation lines start.
Label = tuple[str, str, float]


@attrs.define
class Reading:
    """What the readers share while they take the items in order.

    ``drafts`` are the controls read so far, in report order, and ``by_id`` the first
    of each id (casefolded); ``current`` is the control that rows and lines without an
    id of their own go on, ``criteria`` those of the last criterion heading or group
    row; ``skipped`` collects the items no reader took.
    """

    skipped: list[Item]
    drafts: list[Draft] = attrs.field(factory=list)
    by_id: dict[str, Draft] = attrs.field(factory=dict)
    criteria: tuple[str, ...] = ()
    current: Draft | None = None
    responding: bool = False  # in a "Management Response" box under the current control

    def open(self, control_id: str, criteria: tuple[str, ...]) -> Draft:
        """Start a control with ``criteria``: it becomes the current one."""
        draft = Draft(control_id, criteria)
        self.drafts.append(draft)
        self.by_id.setdefault(control_id.casefold(), draft)
        self.current = draft
        return draft

    def group(self, text: str) -> None:
        """A criterion heading or group row: the criteria it opens with go to the controls
        below it, and no control is open."""
        self.criteria = criteria_in(text, leading=True)
        self.current = None
