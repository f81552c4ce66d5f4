"""Who and when: the service organization, the signing firm and the report date.

The service organization is read from the auditor's report: "We have examined
Acme Cloud, Inc.'s accompanying description", "the description of Acme's
system", or the addressee "To the Management of Acme Cloud, Inc.:". The
signing firm is the line with a firm's legal ending (LLP, LLC, P.C., PLLC,
P.A., CPAs, "& Company") in the signature block at the end of the report;
when the signature is an image and only a city and date remain, the firm is
looked for in the letterhead, the restricted-use notice and the tests of
controls. The report date is the date that ends the auditor's report, alone on
its line or after the city.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import regex

from soc2parse._dates import find_dates
from soc2parse._pages import Line, Page

__all__ = ["find_firms", "read_auditor", "read_report_date", "read_service_organization"]

_V = regex.IGNORECASE | regex.VERBOSE
_NAME_WORD = r"[\p{Lu}\d][\w&'’.\-+]*"

# A CPA firm's legal ending: "Smith & Jones LLP", "Baker Tilly US, LLP", "Dunn CPAs, P.C.",
# "Schellman & Company, LLC", "Able Assurance, P.A.", "Lee & Co."
_FIRM_ENDING = r"""
    (?:,?\s*(?:
        L\.?L\.?P\.? | L\.?L\.?C\.? | P\.?L\.?L\.?C\.? | P\.C\. | PC | P\.A\. | LTD\.? | Limited
      | CPAs?(?:\s*,?\s*(?:P\.C\.|PC|PLLC|LLC|LLP|P\.A\.))?
      | Certified\s+Public\s+Accountants(?:\s*,?\s*(?:P\.C\.|PC|PLLC|LLC|LLP|P\.A\.))?
      | Chartered\s+(?:Professional\s+)?Accountants
    ))
    | \s+(?:&|and)\s+(?:Co\.|Company)(?:,?\s*(?:LLP|LLC|P\.C\.))?
"""
_FIRM = regex.compile(
    rf"""
    (?<![\w&])
    (?P<name>
        {_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|&|\+|and|of|de|von))*?
        (?:{_FIRM_ENDING})
    )
    (?![\w])
    """,
    regex.VERBOSE,
)
# The whole line is the firm's name, perhaps after "/s/" or "Signed:".
_FIRM_LINE = regex.compile(
    rf"^\s*(?:/s/\s*|signed:?\s*)?(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&|\+|and|of))*?"
    rf"(?:{_FIRM_ENDING}))\s*$",
    _V,
)

# What may stand before the date that ends the report: nothing, "Date:", "Report dated", or
# the city: "Austin, Texas, February 13, 2026", "Austin, TX - 13 February 2026".
_BEFORE_DATE = regex.compile(
    r"""
    ^\s*(?:(?:report\s+)?dated?\s*:?\s*)?
    (?:[\p{Lu}][\w.'’ -]{1,40}(?:,\s*[\p{Lu}][\w.'’ -]{1,30}){0,2}\s*[,;\-–—]?\s*)?$
    """,
    _V,
)

# "We have examined Acme Cloud, Inc.'s accompanying description",
# "We have examined the description of Acme's system", "the accompanying description of
# Acme Cloud, Inc.'s Platform", "We have examined management of Acme's assertion".
_EXAMINED = regex.compile(
    r"""
    (?i:\bwe\s+have\s+examined\s+
    (?:(?:the\s+)?(?:attached|accompanying)?\s*(?:description|assertion)\s+(?:of|by)\s+)?
    (?:management\s+of\s+|(?:the\s+)?management['’]s\s+)?)
    (?P<name>[\p{Lu}\d][^'’"“”()]{1,80}?)\s*(?:\([^)]{0,60}\)\s*)?['’]s?\b
    """,
    regex.VERBOSE,
)
_ADDRESSEE = regex.compile(
    r"""
    ^\s*to\s+(?:the\s+)?
    (?:(?:board\s+of\s+directors|management|members|shareholders|stockholders|partners|
         those\s+charged\s+with\s+governance|audit\s+committee|owners)(?:\s+(?:and|&)\s+)?)+
    \s*(?:of\s+)(?P<name>.+?)\s*[:,]?\s*$
    """,
    _V,
)
# Words a service organization's name does not begin with.
_NOT_A_NAME = regex.compile(
    r"^(?:the|its|their|our|management|a|an|this|each|accompanying)\b", regex.IGNORECASE
)
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
    return name.strip(' :,;"“”').strip()


def find_firms(text: str) -> tuple[str, ...]:
    """Every CPA-firm name (a name with a firm's legal ending) in ``text``.

    >>> find_firms("performed by Smith & Jones LLP and reviewed by Dunn CPAs, P.C.")
    ('Smith & Jones LLP', 'Dunn CPAs, P.C.')
    """
    return tuple(m["name"].strip() for m in _FIRM.finditer(text))


def _signature_lines(pages: Sequence[Page]) -> list[tuple[int, Line]]:
    return [(page.number, line) for page in pages for line in page.lines]


def read_report_date(pages: Sequence[Page]) -> tuple[date, int, str] | None:
    """The date ending the auditor's report: ``(date, page, line text)``, or None.

    The last line of the opinion section that is a date, alone or after a city and state,
    is the date the auditor signed.
    """
    for number, line in reversed(_signature_lines(pages)):
        text = line.text.strip().rstrip(".")
        if len(text) > 80:
            continue
        found = find_dates(text)
        if found and found[-1].end == len(text) and _BEFORE_DATE.match(text[: found[-1].start]):
            return found[-1].value, number, line.text.strip()
    return None


def read_auditor(
    opinion_pages: Sequence[Page],
    elsewhere: Sequence[Page],
    exclude: Sequence[str] = (),
) -> tuple[str | None, str]:
    """The signing firm, and a reason when it could not be told.

    Args:
        opinion_pages: the auditor's report pages; the signature block is read from the end.
        elsewhere: pages that may name the firm when the signature is an image
            (letterhead, restricted-use notice, tests of controls).
        exclude: names that are not the auditor (the service organization, subservice
            organizations).

    Returns:
        ``(name, "")`` or ``(None, reason)``.
    """
    excluded = [e.lower() for e in exclude if e]

    def allowed(name: str) -> bool:
        low = name.lower()
        return not any(low in e or e in low for e in excluded)

    lines = _signature_lines(opinion_pages)
    for _number, line in reversed(lines[-40:]):
        match = _FIRM_LINE.match(line.text)
        if match and allowed(match["name"]):
            return match["name"].strip(), ""
    counts: Counter[str] = Counter()
    for page in (*opinion_pages, *elsewhere):
        for text in (*page.furniture, page.text):
            for name in find_firms(text):
                if allowed(name):
                    counts[_firm_key(name)] += 1
    if not counts:
        return None, "the signing firm was not found: the opinion has no firm name"
    names = counts.most_common()
    if len(names) > 1 and names[0][1] == names[1][1]:
        both = ", ".join(n for n, _ in names[:2])
        return None, f"the signing firm is unclear: the report names {both} equally often"
    return names[0][0], ""


def _firm_key(name: str) -> str:
    return " ".join(name.split())
