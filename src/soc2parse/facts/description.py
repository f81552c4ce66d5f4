"""The system description read as passages, and the headings that divide it.

The description's own headings are known headings when its pages are read into
passages (:func:`description_passages`), whatever their face: "Subservice
Organizations" (:data:`SUBSERVICE_HEADING`, which the subservice tables and
lists are found under too), "Complementary User Entity Controls"
(:data:`CUEC_HEADING`) and "Complementary Subservice Organization Controls"
(:data:`CSOC_HEADING`). :func:`under` gives the passages under one of them.
Their wordings, and :data:`ABOUT_SUBSERVICE`'s, are rules of ``models/subservice.jsonl``.

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
from soc2parse.text.rules import wording

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
SUBSERVICE_HEADING = wording("subservice", "subservice-heading")
# Text about subservice organizations: "a subservice organization", "sub-service organizations".
ABOUT_SUBSERVICE = wording("subservice", "about-subservice")
# "Complementary User Entity Controls", "COMPLEMENTARY CONTROLS AT USER ENTITIES", "User Entity
# Responsibilities", "Complementary Customer Controls", "Controls Expected to Be Implemented by
# User Entities", "4.3 Complementary User Entity Control Considerations".
CUEC_HEADING = wording("subservice", "cuec-heading")
# "Complementary Subservice Organization Controls", "CSOCs", "Controls Expected at AWS".
CSOC_HEADING = wording("subservice", "csoc-heading")
# The three headings as one pattern, composed here so that each wording is written once.
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
