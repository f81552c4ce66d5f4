"""The service organization, as the auditor's report names it.

From the addressee ("To the Management of Acme Cloud, Inc.:"), else the
examination sentence: "We have examined Acme Cloud, Inc.'s accompanying
description", "the description of Acme's system", "We have been engaged to report on
Acme Ltd's description". An alias in brackets, the name it trades under ("d/b/a
Acme"), and the street, city, state or country printed after the name, are cut off;
a legal ending after a comma ("Acme, LLC") is never taken for a place, and what
follows a legal ending and a comma is no part of the name ("Acme S.r.l., Milan").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from soc2parse.facts.places import STATE_CODE, is_place
from soc2parse.text.names import ending_pattern, has_ending
from soc2parse.text.rules import wording

__all__ = [
    "read_service_organization",
]


# "We have examined Acme Cloud, Inc.'s accompanying description",
# "We have examined the description of Acme's system", "the accompanying description of
# Acme Cloud, Inc.'s Platform", "We have examined management of Acme's assertion".
_EXAMINED = wording("facts", "examined-organization")
_ADDRESSEE = wording("facts", "addressee")
# Words a service organization's name does not begin with.
_NOT_A_NAME = wording("facts", "not-organization-name")
_QUOTED_ALIAS = regex.compile(r"\s*\((?:the\s+)?[\"“']?[^)]{0,40}[\"”']?\)\s*$")


def read_service_organization(paragraphs: Sequence[str]) -> str | None:
    """The service organization as the auditor's report names it, or None.

    >>> read_service_organization(["We have examined Acme Cloud, Inc.'s accompanying description"])
    'Acme Cloud, Inc.'
    >>> read_service_organization(["To the Board of Directors and Management of Globex LLC:"])
    'Globex LLC'
    """
    for text in paragraphs:
        match = _ADDRESSEE.match(text)
        if match and not _NOT_A_NAME.match(match["name"]):
            return _clean_name(match["name"])
    for text in paragraphs:
        match = _EXAMINED.search(text.replace("’", "'"))
        if match and not _NOT_A_NAME.match(match["name"]):
            return _clean_name(match["name"])
    return None


def _clean_name(name: str) -> str:
    name = _QUOTED_ALIAS.sub("", name.strip())
    name = _TRADE_NAME.sub("", name)
    return _without_address(name.strip(' :,;"“”').strip())


# The name it trades under, after the legal name: "Acme Analytics, Inc. d/b/a Acme".
_TRADE_NAME = regex.compile(
    r"\s*[,(]?\s*\b(?:d/b/a|d\.b\.a\.?|dba|doing\s+business\s+as|trading\s+as|t/a)\b.*$",
    regex.IGNORECASE,
)


# Where an address starts after a name: a street number ("1200 Harbor Way"), a post box or
# a suite, a "located in"/"of" place clause.
_ADDRESS_START = regex.compile(
    r"""
    (?:,?\s+|\s*
\s*)(?=
        \d{1,6}[A-Za-z]?\s+[\p{Lu}\d]   # 1200 Harbor Way, 3B Main
      | (?:P\.?\s*O\.?\s*Box|Suite|Floor|Unit)\b
      | (?:located|headquartered|based)\s+in\b
    )
    """,
    regex.VERBOSE,
)


# A legal ending that a comma may part from its name: "Acme Cloud, Inc.", "Globex, LLC".
_LEGAL_PART = regex.compile(rf"^{ending_pattern('after-comma')}\.?\b")


def _without_address(name: str) -> str:
    """The name without the street, city, state or country printed after it.

    >>> _without_address("Acme Cloud, Inc., Austin, Texas")
    'Acme Cloud, Inc.'
    >>> _without_address("Globex Corporation 1200 Harbor Way, Boston, MA 02110")
    'Globex Corporation'
    >>> _without_address("Initech, LLC")
    'Initech, LLC'
    >>> _without_address("Tessaro Cloud S.r.l., Milan")
    'Tessaro Cloud S.r.l.'
    """
    cut = _ADDRESS_START.search(name)
    if cut and cut.start() > 0:
        name = name[: cut.start()].rstrip(" ,;")
    parts = [p.strip() for p in name.split(",")]
    for k in range(1, len(parts)):
        tail = ", ".join(parts[k:])
        if _LEGAL_PART.match(parts[k]) or not parts[k]:
            continue
        if has_ending(", ".join(parts[:k]), "after-comma"):
            # "Tessaro Cloud S.r.l., Milan", "Acme, Inc., a Delaware corporation": the name
            # ends with its legal ending; what follows the comma is its place or a note.
            return ", ".join(parts[:k]).strip(" ,")
        if is_place(tail) or (k == len(parts) - 1 and STATE_CODE.fullmatch(f" {tail}")):
            kept = ", ".join(parts[:k]).strip(" ,") or name
            # "Acme Cloud Inc. Austin, TX": the city sits after the legal ending.
            glued = _CITY_AFTER_ENDING.match(kept)
            return glued["name"] if glued and is_place(glued["city"]) else kept
    return name


# A city written after the legal ending without a comma: "Acme Cloud Inc. Austin".
_CITY_AFTER_ENDING = regex.compile(
    rf"^(?P<name>.+?\b{ending_pattern('before-city')}\.?)\s+"
    r"(?P<city>\p{Lu}[\p{L}.'’ -]{1,30})$"
)
