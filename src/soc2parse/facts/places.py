"""Places: the city, state or country a signature block or an addressee line prints.

"Denver, Colorado", "Austin, TX 78701", "London, United Kingdom", "Toronto,
Ontario, Canada", or a city or state alone that models/parties.jsonl knows
("Chicago", "New York"). A line with a firm's words or ending is no place.
"""

from __future__ import annotations

import regex

from soc2parse.facts.firms import ORG_WORD, firm_suffixed
from soc2parse.text.rules import rule_set

__all__ = [
    "STATE_CODE",
    "is_place",
]

# A place: "Denver, Colorado", "Austin, TX 78701", "London, United Kingdom", "Toronto, Ontario,
# Canada"; or a city or state alone from models/parties.jsonl ("Chicago", "New York").
_PLACE = regex.compile(
    r"""
    ^\s*[\p{Lu}][\p{L}.'’\- ]{1,40},\s*[\p{Lu}][\p{L}.'’\- ]{1,30}
    (?:,\s*[\p{Lu}][\p{L}.'’\- ]{1,30})?(?:\s+\d{5}(?:-\d{4})?|\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d)?\s*$
    """,
    regex.VERBOSE,
)
STATE_CODE = regex.compile(
    r"""
    (?:^|[\s,])(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|
       MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|
       ON|BC|AB|QC|UK|USA)(?:\s+\d{5}(?:-\d{4})?)?\s*$
    """,
    regex.VERBOSE,
)


def is_place(text: str) -> bool:
    """True for a line naming a place: "Denver, Colorado", "Austin, TX", "Chicago".

    >>> is_place("Austin, TX 78701"), is_place("New York"), is_place("Whitmore Ashby")
    (True, True, False)
    """
    text = text.strip().rstrip(".,;")
    if not text or ORG_WORD.search(text) or firm_suffixed(text):
        return False
    if _PLACE.match(text) or (len(text.split()) <= 4 and STATE_CODE.search(text)):
        return True
    words = text.split()
    if len(words) > 4:
        return False
    places = [m for m in rule_set("parties").matches(text) if m.label == "PLACE"]
    return any(m.end == len(text) for m in places)
