"""The area of each exception (from its criteria) and its deviation rate (worst sample ratio)."""

from __future__ import annotations

import regex

from soc2parse._model import (
    ControlException,
    SampleRatio,
)

__all__ = [
    "AREAS",
    "CRITERION_ID",
    "criterion_area",
    "deviation_rate",
    "exception_areas",
    "worst_ratio",
]

#: The area of each trust services criteria series (2017 criteria, points of focus revised 2022).
AREAS: dict[str, str] = {
    "CC1": "control environment",
    "CC2": "communication and information",
    "CC3": "risk assessment",
    "CC4": "monitoring activities",
    "CC5": "control activities",
    "CC6": "logical and physical access",
    "CC7": "system operations",
    "CC8": "change management",
    "CC9": "risk mitigation and vendors",
    "A": "availability",
    "PI": "processing integrity",
    "C": "confidentiality",
    "P": "privacy",
}

# Criteria ids as printed: "CC6.1", "CC 6.1", "PI1.3", "P4.2", "A1.2", "C1.1". Common criteria
# take their series from the digit after "CC"; the category series (A, C, PI, P) are one area each.
CRITERION_ID = regex.compile(
    r"""
    ^\s*(?:
        (?P<cc>CC)\s*(?P<series>[1-9])
      | (?P<cat>PI|A|C|P)\s*[1-8]
    )\s*\.\s*\d{1,2}\s*$
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


def criterion_area(criterion: str) -> str | None:
    """The area a trust services criterion belongs to, or None for an id it does not know.

    >>> criterion_area("CC6.1"), criterion_area("PI1.3"), criterion_area("Objective 4")
    ('logical and physical access', 'processing integrity', None)
    """
    match = CRITERION_ID.match(criterion)
    if match is None:
        return None
    if match["cc"]:
        return AREAS["CC" + match["series"]]
    return AREAS[match["cat"].upper()]


def exception_areas(item: ControlException) -> tuple[str, ...]:
    """The areas of an exception's criteria, each once, in criteria order.

    Empty when the exception lists no trust services criteria: SOC 1 reports test
    control objectives written by management, whose area is not guessed.
    """
    areas: list[str] = []
    for criterion in item.criteria:
        area = criterion_area(criterion)
        if area is not None and area not in areas:
            areas.append(area)
    return tuple(areas)


def worst_ratio(ratios: tuple[SampleRatio, ...]) -> SampleRatio | None:
    """The ratio with the highest deviation rate (the first of equals), or None.

    >>> worst_ratio((SampleRatio(1, 40, "1 of 40"), SampleRatio(3, 25, "3 of 25"))).text
    '3 of 25'
    """
    if not ratios:
        return None
    return max(ratios, key=lambda r: r.rate)


def deviation_rate(item: ControlException) -> float | None:
    """The exception's deviation rate: its worst ratio's ``count / total``, or None without one.

    A finding may give several ratios (one per test step); the highest rate is
    reported, as in the exceptions CSV.
    """
    worst = worst_ratio(item.ratios)
    return worst.rate if worst else None
