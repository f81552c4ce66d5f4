"""What a line of a signature block or a letterhead names: a CPA firm, a person, a standard setter.

A firm is a name with a firm's legal ending (LLP, LLC, P.C., PLLC, P.A., CPAs,
"& Company") or built of assurance words ("Fairhaven Assurance Group"), or a
well-known firm (``FIRM`` in models/parties.jsonl). A person is a name with a
credential ("Jane Doe, CPA") or a title ("John Roe, Partner"); a generic line
("Certified Public Accountants") names nobody. Bodies that set standards (the
AICPA, ISACA, NIST) are cited by every report and sign none.
"""

from __future__ import annotations

import functools

import regex

from soc2parse.text.names import has_ending
from soc2parse.text.rules import Match, rule_set, wording

__all__ = [
    "FIRM",
    "FIRM_LINE",
    "ORG_WORD",
    "PERSON",
    "TITLE",
    "find_firms",
    "firm_suffixed",
    "generic",
    "is_standard_setter",
    "known_firms",
    "name_like",
    "person",
    "strong",
    "tidy",
]

_V = regex.IGNORECASE | regex.VERBOSE
_NAME_WORD = r"[\p{Lu}\d][\w&'’.\-+]*"
# A CPA firm's legal ending: "Smith & Jones LLP", "Baker Tilly US, LLP", "Dunn CPAs, P.C.",
# "Schellman & Company, LLC", "Able Assurance, P.A.", "Lee & Co." (on the name's own line).
_FIRM_ENDING = r"""
    (?:,?[ \t]*(?:
        L\.?L\.?P\.? | L\.?L\.?C\.? | P\.?L\.?L\.?C\.? | P\.C\. | PC | P\.A\. | LTD\.? | Limited
      | CPAs?(?:[ \t]*,?[ \t]*(?:P\.C\.|PC|PLLC|LLC|LLP|P\.A\.))?
      | Certified[ \t]+Public[ \t]+Accountants(?:[ \t]*,?[ \t]*(?:P\.C\.|PC|PLLC|LLC|LLP|P\.A\.))?
      | Chartered[ \t]+(?:Professional[ \t]+)?Accountants
    ))
    | [ \t]+(?:&|and)[ \t]+(?:Co\.|Company)(?:,?[ \t]*(?:LLP|LLC|P\.C\.))?
"""
FIRM = regex.compile(
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
# The whole line is the firm's name, perhaps after "/s/" or "Signed:". Its words are
# capitalised whatever the flags (a wrapped sentence's line "rights against Harbor & Finch
# LLP." is no name): only the prefix and the legal ending ignore case.
FIRM_LINE = regex.compile(
    rf"^\s*(?:/s/\s*|signed:?\s*)?"
    rf"(?P<name>(?-i:{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&|\+|and|of))*?)(?:{_FIRM_ENDING}))\s*$",
    _V,
)
# A firm's name is built of these besides proper names: "Fairhaven Assurance Group",
# "Pemberton Audit Partners", "Whitmore & Ashby", "Sterling Attest Services".
ORG_WORD = wording("facts", "firm-word")
# Words that make up the generic lines of a signature block, never a firm's name on their own:
# "Independent Service Auditor", "Certified Public Accountants", "Registered Public Accounting
# Firm", "Chartered Professional Accountants and Business Advisors".
_GENERIC_WORD = wording("facts", "generic-word")
# A person's title on the line under (or after) their name: "Partner", "Engagement Partner",
# "Principal, Risk Advisory", "Managing Director", "Chief Executive Officer".
TITLE = wording("facts", "person-title")
# A person's credentials after their name: "Jane Doe, CPA", "J. Doe, CPA, CISA", "Jane Doe CPA".
_CREDENTIAL = (
    r"(?:CPA(?:\s*\([A-Z]{2}\))?|CISA|CISSP|CISM|CRISC|CIA|CFE|CGEIT|CDPSE|CCSP|CCSK|CITP|CGMA"
    r"|CA|ACA|FCA|ACCA|FCCA|QSA|PCIP|MBA|MSc?|Ph\.?D\.?|JD|CMA)"
)
PERSON = regex.compile(
    rf"""
    ^\s*(?:/s/\s*)?
    (?P<name>[\p{{Lu}}][\p{{L}}'’.\-]*(?:\s+[\p{{Lu}}][\p{{L}}'’.\-]*){{0,3}})
    (?:\s*,?\s+{_CREDENTIAL}\b\.?)+\s*$
    """,
    regex.VERBOSE,
)
# What a firm's name on a line of its own looks like: capitalised words, "&", "and", "of".
_NAME_LINE = regex.compile(
    r"""
    ^(?P<name>[\p{Lu}\d][\p{L}\d&'’.\-+]*
      (?:,?\s+(?:[\p{Lu}\d][\p{L}\d&'’.\-+]*|&|\+|and|of|de|du|van|von|der|la|le|for))*)$
    """,
    regex.VERBOSE,
)
# Address, telephone, web and mail lines of a letterhead.
_CONTACT = regex.compile(r"@|www\.|https?:|\.com\b|\b\d{3}[\s.\-)]+\d{3}[\s.\-]\d{4}\b|^\d+\s")


def find_firms(text: str) -> tuple[str, ...]:
    """Every CPA-firm name (a name with a firm's legal ending) in ``text``.

    A person with a credential ("Jane Doe, CPA") is not a firm.

    >>> find_firms("performed by Smith & Jones LLP and reviewed by Dunn CPAs, P.C.")
    ('Smith & Jones LLP', 'Dunn CPAs, P.C.')
    >>> find_firms("Jane Doe, CPA, Partner")
    ()
    """
    names = (tidy(m["name"]) for m in FIRM.finditer(text))
    return tuple(n for n in names if not PERSON.match(n))


def tidy(name: str) -> str:
    """The name without what the firm calls itself after a comma ("Vail LLP, Certified
    Public Accountants", "Reid LLP, Chartered Accountants") and without a sentence's full
    stop after an ending written without dots ("LLP.").

    >>> tidy("Ostrander Vail LLP, Certified Public Accountants"), tidy("Reid LLP, CPAs")
    ('Ostrander Vail LLP', 'Reid LLP')
    >>> tidy("Greyfield & Moss, Certified Public Accountants"), tidy("Vale & Associates, CPAs")
    ('Greyfield & Moss, Certified Public Accountants', 'Vale & Associates, CPAs')
    >>> tidy("Whitmore Ashby LLP."), tidy("Baker Lane, LLP"), tidy("Maren Okafor, CPA")
    ('Whitmore Ashby LLP', 'Baker Lane, LLP', 'Maren Okafor, CPA')
    """
    name = name.strip()
    head, comma, tail = name.rpartition(",")
    if comma and tail.strip() and generic(tail) and has_ending(head.strip(), "firm"):
        # After the firm's legal ending only: "Greyfield & Moss, Certified Public
        # Accountants" and "Vale & Associates, CPAs" are names as the firms write them.
        name = head.strip()
    return str(regex.sub(r"(?<=\b(?:LLP|LLC|PLLC|PC|CPAs?))\.$", "", name))


@functools.lru_cache(maxsize=4096)
def is_standard_setter(name: str) -> bool:
    """True for a body that sets standards or criteria, never a report's auditor.

    The AICPA, IAASB, PCAOB, ISACA, IIA, CSA, ISO, NIST, HITRUST and their like
    (``STANDARD_SETTER`` in models/parties.jsonl) are cited by every report; they sign none.

    >>> is_standard_setter("American Institute of Certified Public Accountants")
    True
    >>> is_standard_setter("AICPA"), is_standard_setter("Whitmore Ashby LLP")
    (True, False)
    """
    return any(m.label == "STANDARD_SETTER" for m in rule_set("parties").matches(name))


def firm_suffixed(text: str) -> bool:
    """True when the whole line is a firm's name with a firm's legal ending, not a person's."""
    match = FIRM_LINE.match(text)
    return bool(match) and not PERSON.match(text)


def generic(text: str) -> bool:
    """True when every word of the line is generic: "Certified Public Accountants"."""
    words = [w.strip('.,:;()[]"“”').lower().replace("’", "'") for w in text.split()]
    return all(not w or _GENERIC_WORD.fullmatch(w) for w in words)


def person(text: str) -> bool:
    """A person's name with a credential or a title: "Jane Doe, CPA", "John Roe, Partner"."""
    if PERSON.match(text):
        return True
    name, comma, rest = text.partition(",")
    return bool(comma) and bool(TITLE.match(rest)) and bool(_NAME_LINE.match(name.strip()))


def known_firms(text: str) -> list[Match]:
    """The well-known firms (``FIRM`` in models/parties.jsonl) that ``text`` names."""
    return [m for m in rule_set("parties").matches(text) if m.label == "FIRM"]


def name_like(text: str) -> bool:
    """True when the line looks like a name on its own: capitalised words, short, no contact."""
    if len(text) > 60 or _CONTACT.search(text) or not _NAME_LINE.match(text):
        return False
    words = text.split()
    return len(words) <= 8 and not any(w.isdigit() for w in words)


def strong(name: str) -> bool:
    """A name that reads as a firm's on its own: an assurance word, "&", or a known firm."""
    return bool(ORG_WORD.search(name)) or bool(known_firms(name))
