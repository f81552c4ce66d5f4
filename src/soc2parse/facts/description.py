"""The system description read as passages, and the headings that divide it.

The description's own headings are known headings when its pages are read into
passages (:func:`description_passages`), whatever their face: "Subservice
Organizations" (:data:`SUBSERVICE_HEADING`, which the subservice tables and
lists are found under too), "Complementary User Entity Controls"
(:data:`CUEC_HEADING`) and "Complementary Subservice Organization Controls"
(:data:`CSOC_HEADING`). :func:`under` gives the passages under one of them.

What is read from the passages lives beside this module: subservice
organizations named in sentences (:mod:`soc2parse.facts.subservice_sentences`),
in tables (:mod:`soc2parse.facts.subservice_tables`) and in lists
(:mod:`soc2parse.facts.subservice_lists`); the complementary user entity and
subservice organization controls (:mod:`soc2parse.facts.complementary`).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from soc2parse._pages import Page
from soc2parse.text.passages import Passage, passages

__all__ = [
    "ABOUT_SUBSERVICE",
    "CSOC_HEADING",
    "CUEC_HEADING",
    "SUBSERVICE_HEADING",
    "description_passages",
    "under",
]

_V = regex.IGNORECASE | regex.VERBOSE

# "Subservice Organizations", "3.4 Use of Subservice Organizations", "Sub-service Organization".
SUBSERVICE_HEADING = regex.compile(
    r"^\s*(?:[\d.]+\s*)?(?:use\s+of\s+)?sub-?service\s+(?:service\s+)?organi[sz]ations?\b.{0,40}$",
    regex.IGNORECASE,
)
# Text about subservice organizations: "a subservice organization", "sub-service organizations".
ABOUT_SUBSERVICE = regex.compile(r"sub-?service\s+(?:service\s+)?organi[sz]ation", regex.IGNORECASE)
# "Complementary User Entity Controls", "COMPLEMENTARY CONTROLS AT USER ENTITIES", "User Entity
# Responsibilities", "Complementary Customer Controls", "Controls Expected to Be Implemented by
# User Entities", "4.3 Complementary User Entity Control Considerations".
CUEC_HEADING = regex.compile(
    r"""
    ^\s*(?:(?:[\d.]+|[IVX]+\.?|[A-Z]\.)\s*[.)\-–]?\s*)?
    (?:(?:complementary\s+)?(?:user\s+entit(?:y|ies)|customer|client)\s+(?:control\s+)?
         (?:controls|responsibilities|considerations)
      | complementary\s+controls\s+(?:at|of|for|expected\s+(?:at|of))\s+(?:the\s+)?
         (?:user\s+entit(?:y|ies)|customers|clients)
      | controls\s+expected\s+(?:to\s+be\s+)?(?:implemented|in\s+place|operated|performed)\s+
         (?:by|at)\s+(?:the\s+)?(?:user\s+entities|customers|clients)
    )\b.{0,30}$
    """,
    _V,
)
# "Complementary Subservice Organization Controls", "CSOCs", "Controls Expected at AWS".
CSOC_HEADING = regex.compile(
    r"""
    ^\s*(?:[\d.]+\s*)?(?:complementary\s+sub-?service\s+organi[sz]ation\s+controls
      |(?:sub-?service\s+organi[sz]ation\s+)?controls\s+expected\s+(?:to\s+be\s+)?
       (?:implemented\s+)?(?:at|of|by)\b(?!\s+(?:the\s+)?(?:user|customer|client)))
    .{0,60}$
    """,
    _V,
)
_KNOWN = regex.compile(
    rf"{SUBSERVICE_HEADING.pattern}|{CUEC_HEADING.pattern}|{CSOC_HEADING.pattern}", _V
)


def under(items: Sequence[Passage], heading: regex.Pattern[str]) -> list[Passage]:
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
