"""The signature block that closes the auditor's report, and the report date in it.

The block runs back from the date that ends the report (alone on its line, after
"Date:", or after the city: "Austin, Texas, February 13, 2026") to the line that
ends the report's last sentence; each of its lines is read as a name, a person,
a title, a place, the date or a generic line. The report date is that date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs
import regex

from soc2parse._pages import Line, Page
from soc2parse.facts.firms import TITLE, firm_suffixed, generic, name_like, person
from soc2parse.facts.places import is_place
from soc2parse.text.dates import DateMatch, find_dates
from soc2parse.text.rules import wording

__all__ = [
    "Seen",
    "is_signed_date",
    "read_report_date",
    "signature_block",
    "signature_lines",
]

_V = regex.IGNORECASE | regex.VERBOSE

# What may stand before the date that ends the report: nothing, "Date:", "Report dated", or
# the city: "Austin, Texas, February 13, 2026", "Austin, TX - 13 February 2026".
_BEFORE_DATE = regex.compile(
    r"""
    ^\s*(?:(?:report\s+)?dated?\s*:?\s*)?
    (?:[\p{Lu}][\w.'’ -]{1,40}(?:,\s*[\p{Lu}][\w.'’ -]{1,30}){0,2}\s*[,;\-–—]?\s*)?$
    """,
    _V,
)
# The place and the date on one line: "Austin, Texas, February 13, 2026".
_PLACE_THEN_DATE = regex.compile(r"^\s*[\p{Lu}][\w.'’ -]{1,40},\s*[\p{Lu}][\w.'’ -]{1,30}[,;\-–—]")
# Lines a signature block holds that name nobody: "/s/", "Sincerely,", "[Signature]",
# "Digitally signed by ...", "Date:".
_SIGNATURE_NOISE = wording("facts", "signature-noise")
# A conformed signature's mark before the name: "/s/ Jane Doe", "By: Acme LLP".
_CONFORMED = wording("facts", "conformed-signature")
# A line ending a paragraph: a sentence's final stop, not an abbreviation such as "Inc.".
_ENDS_SENTENCE = regex.compile(
    r"(?<!\b(?:Inc|Co|Corp|Ltd|L\.L\.P|L\.L\.C|P\.C|P\.A|LLP|LLC|PLLC|[A-Z]))[.!?:;][\"'”’)]*\s*$"
)
# Lines above the date that may belong to the signature block.
_BLOCK_REACH = 8
# A line longer than this is prose, not a signature.
_SIGNATURE_WIDTH = 70


def signature_lines(pages: Sequence[Page]) -> list[tuple[int, Line]]:
    """Every line of ``pages`` with its page number, in reading order."""
    return [(page.number, line) for page in pages for line in page.lines]


def _is_date_line(text: str) -> DateMatch | None:
    text = text.strip().rstrip(".")
    if len(text) > 80:
        return None
    found = find_dates(text)
    if found and found[-1].end == len(text) and _BEFORE_DATE.match(text[: found[-1].start]):
        return found[-1]
    return None


def read_report_date(pages: Sequence[Page]) -> tuple[date, int, str] | None:
    """The date ending the auditor's report: ``(date, page, line text)``, or None.

    The last line of the opinion section that is a date, alone or after a city and state,
    is the date the auditor signed.
    """
    for number, line in reversed(signature_lines(pages)):
        found = _is_date_line(line.text)
        if found:
            return found.value, number, line.text.strip()
    return None


def is_signed_date(pages: Sequence[Page]) -> bool:
    """True when the date ending the auditor's report stands under its signature.

    The date is a line of its own (perhaps after "Date:" or a place), without a sentence's
    full stop, in a block that also holds a place, a firm, a signer or a title: a wrapped
    sentence's last line ("December 31, 2024.") is not.
    """
    block = signature_block(signature_lines(pages))
    if not block or block[-1].role != "date" or block[-1].text.strip().endswith("."):
        return False
    return any(s.role in {"place", "name", "person", "title"} for s in block[:-1]) or bool(
        _PLACE_THEN_DATE.match(block[-1].text)
    )


@attrs.frozen
class Seen:
    """A line of the signature block and what it was read as."""

    page: int
    text: str
    role: str  # "name", "person", "title", "place", "date", "generic", "other"


def signature_block(lines: Sequence[tuple[int, Line]]) -> tuple[Seen, ...]:
    """The lines that close the auditor's report, each with its role.

    The block ends at the date that ends the report (else at the last place line near the end)
    and runs back to the line that ends the report's last sentence.
    """
    anchor = None
    for index in range(len(lines) - 1, -1, -1):
        if _is_date_line(lines[index][1].text):
            anchor = index
            break
    if anchor is None:
        tail = range(len(lines) - 1, max(len(lines) - 16, -1), -1)
        anchor = next((i for i in tail if is_place(lines[i][1].text)), None)
    if anchor is None:
        return ()
    start = anchor
    for index in range(anchor - 1, max(anchor - _BLOCK_REACH - 1, -1), -1):
        text = lines[index][1].text.strip()
        if _ENDS_SENTENCE.search(text) or len(text) > _SIGNATURE_WIDTH:
            break
        start = index
    seen = [_classify(number, line.text) for number, line in lines[start : anchor + 1]]
    # A name directly above a title is the person who holds it: "Jane Doe" / "Partner".
    for index, item in enumerate(seen[:-1]):
        if item.role == "name" and seen[index + 1].role == "title":
            seen[index] = attrs.evolve(item, role="person")
    return tuple(seen)


def _classify(page: int, raw: str) -> Seen:
    text = raw.strip()
    conformed = _CONFORMED.sub("", text).strip()
    role = "other"
    if not conformed or _SIGNATURE_NOISE.match(text):
        role = "generic"
    elif _is_date_line(text):
        role = "date"
    elif person(conformed):
        role = "person"
    elif TITLE.match(conformed):
        role = "title"
    elif is_place(conformed):
        role = "place"
    elif generic(conformed):
        role = "generic"
    elif firm_suffixed(conformed) or name_like(conformed):
        role = "name"
    return Seen(page, conformed if role == "name" else text, role)
