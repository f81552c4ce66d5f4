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

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

import attrs
import regex

from soc2parse._model import Evidence
from soc2parse._pages import Line, Page
from soc2parse.text.dates import DateMatch, find_dates
from soc2parse.text.rules import Match, rule_set

__all__ = [
    "Auditor",
    "find_firms",
    "is_place",
    "is_signed_date",
    "is_standard_setter",
    "read_auditor",
    "read_report_date",
    "read_service_organization",
    "signature_block",
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
# The whole line is the firm's name, perhaps after "/s/" or "Signed:". Its words are
# capitalised whatever the flags (a wrapped sentence's line "rights against Harbor & Finch
# LLP." is no name): only the prefix and the legal ending ignore case.
_FIRM_LINE = regex.compile(
    rf"^\s*(?:/s/\s*|signed:?\s*)?"
    rf"(?P<name>(?-i:{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&|\+|and|of))*?)(?:{_FIRM_ENDING}))\s*$",
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

# The place and the date on one line: "Austin, Texas, February 13, 2026".
_PLACE_THEN_DATE = regex.compile(r"^\s*[\p{Lu}][\w.'’ -]{1,40},\s*[\p{Lu}][\w.'’ -]{1,30}[,;\-–—]")

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
    return _without_address(name.strip(' :,;"“”').strip())


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
_LEGAL_PART = regex.compile(
    r"^(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|lp|l\.p|llp"
    r"|gmbh|s\.a|ag|b\.v|n\.v|pty|p\.c|pllc|p\.a)\.?\b",
    regex.IGNORECASE,
)


def _without_address(name: str) -> str:
    """The name without the street, city, state or country printed after it.

    >>> _without_address("Acme Cloud, Inc., Austin, Texas")
    'Acme Cloud, Inc.'
    >>> _without_address("Globex Corporation 1200 Harbor Way, Boston, MA 02110")
    'Globex Corporation'
    >>> _without_address("Initech, LLC")
    'Initech, LLC'
    """
    cut = _ADDRESS_START.search(name)
    if cut and cut.start() > 0:
        name = name[: cut.start()].rstrip(" ,;")
    parts = [p.strip() for p in name.split(",")]
    for k in range(1, len(parts)):
        tail = ", ".join(parts[k:])
        if _LEGAL_PART.match(parts[k]) or not parts[k]:
            continue
        if is_place(tail) or (k == len(parts) - 1 and _STATE_CODE.fullmatch(f" {tail}")):
            kept = ", ".join(parts[:k]).strip(" ,") or name
            # "Acme Cloud Inc. Austin, TX": the city sits after the legal ending.
            glued = _CITY_AFTER_ENDING.match(kept)
            return glued["name"] if glued and is_place(glued["city"]) else kept
    return name


# A city written after the legal ending without a comma: "Acme Cloud Inc. Austin".
_CITY_AFTER_ENDING = regex.compile(
    r"^(?P<name>.+?\b(?:Inc|LLC|Ltd|Corp|Corporation|Company|Co|PLC|LLP)\.?)\s+"
    r"(?P<city>\p{Lu}[\p{L}.'’ -]{1,30})$"
)


# ---------------------------------------------------------------------------- the signing firm

# A firm's name is built of these besides proper names: "Fairhaven Assurance Group",
# "Pemberton Audit Partners", "Whitmore & Ashby", "Sterling Attest Services".
_ORG_WORD = regex.compile(
    r"""
    \b(?:assurance|audit(?:ors?|ing)?|attest(?:ation)?|accountants?|accounting|cpas|advisory|
       advisors|advisers|partners|partnership|associates|group|consulting|consultants|
       compliance|risk|certification|company)\b
    | [&+]
    """,
    _V,
)
# Words that make up the generic lines of a signature block, never a firm's name on their own:
# "Independent Service Auditor", "Certified Public Accountants", "Registered Public Accounting
# Firm", "Chartered Professional Accountants and Business Advisors".
_GENERIC_WORD = regex.compile(
    r"""
    independent|services?|auditors?|auditor's|auditors'|accountants?|accountant's|accountants'
    |certified|public|accounting|firm|chartered|professional|registered|report|signature|signed
    |the|and|of|an?|consultants|advis[oe]rs|business|cpas?|practitioner|practitioner's
    |examination|opinion|by|our|management|company|entity|organi[sz]ation|signing|signatory
    |assurance|audit|attest|&|-|–|—|/
    """,
    _V,
)
# Lines a signature block holds that name nobody: "/s/", "Sincerely,", "[Signature]",
# "Digitally signed by ...", "Date:".
_SIGNATURE_NOISE = regex.compile(
    r"""
    ^\s*(?:/s/|signed:?|sincerely,?|respectfully(?:\s+submitted)?,?|very\s+truly\s+yours,?
        |yours\s+(?:truly|faithfully),?|\[?\s*(?:auditor['’]?s?\s+)?signature(?:\s+image)?\s*\]?
        |digitally\s+signed\b.* |original\s+signed\s+by\b.* |electronically\s+signed\b.*
        |date:?|by:?|page\s+\d+(?:\s+of\s+\d+)?|\d+)\s*$
    """,
    _V,
)
# A person's title on the line under (or after) their name: "Partner", "Engagement Partner",
# "Principal, Risk Advisory", "Managing Director", "Chief Executive Officer".
_TITLE = regex.compile(
    r"""
    ^\s*(?:(?:engagement|audit|assurance|managing|senior|lead|signing|national|regional|
            practice|executive|associate|assistant)\s+)*
    (?:partner|principal|director|shareholder|member|manager|president|owner|founder|leader|
       CEO|CFO|COO|CTO|CISO|CIO|vice\s+president|chief\s+[\w\s]{2,40}?officer)
    \b(?:\s*[,–—-]\s*[\w\s&,-]{0,40})?\s*$
    """,
    _V,
)
# The line under a credentialed signer that makes them the auditor in their own right:
# "Independent Service Auditor", "Service Auditor", "Certified Public Accountant" (one person;
# the plural is a firm's line), "Independent Practitioner", "Independent Accountant".
_SIGNS_AS_AUDITOR = regex.compile(
    r"""
    ^\s*(?:an?\s+)?(?:independent\s+)?
    (?:(?:service\s+)?auditor|practitioner|accountant|certified\s+public\s+accountant
      |licensed\s+(?:certified\s+)?public\s+accountant)\s*$
    """,
    _V,
)
# A person's credentials after their name: "Jane Doe, CPA", "J. Doe, CPA, CISA", "Jane Doe CPA".
_CREDENTIAL = (
    r"(?:CPA(?:\s*\([A-Z]{2}\))?|CISA|CISSP|CISM|CRISC|CIA|CFE|CGEIT|CDPSE|CCSP|CCSK|CITP|CGMA"
    r"|CA|ACA|FCA|ACCA|FCCA|QSA|PCIP|MBA|MSc?|Ph\.?D\.?|JD|CMA)"
)
_PERSON = regex.compile(
    rf"""
    ^\s*(?:/s/\s*)?
    (?P<name>[\p{{Lu}}][\p{{L}}'’.\-]*(?:\s+[\p{{Lu}}][\p{{L}}'’.\-]*){{0,3}})
    (?:\s*,?\s+{_CREDENTIAL}\b\.?)+\s*$
    """,
    regex.VERBOSE,
)
# A place: "Denver, Colorado", "Austin, TX 78701", "London, United Kingdom", "Toronto, Ontario,
# Canada"; or a city or state alone from models/parties.jsonl ("Chicago", "New York").
_PLACE = regex.compile(
    r"""
    ^\s*[\p{Lu}][\p{L}.'’\- ]{1,40},\s*[\p{Lu}][\p{L}.'’\- ]{1,30}
    (?:,\s*[\p{Lu}][\p{L}.'’\- ]{1,30})?(?:\s+\d{5}(?:-\d{4})?|\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d)?\s*$
    """,
    regex.VERBOSE,
)
_STATE_CODE = regex.compile(
    r"""
    (?:^|[\s,])(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|
       MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|
       ON|BC|AB|QC|UK|USA)(?:\s+\d{5}(?:-\d{4})?)?\s*$
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
# A line ending a paragraph: a sentence's final stop, not an abbreviation such as "Inc.".
_ENDS_SENTENCE = regex.compile(
    r"(?<!\b(?:Inc|Co|Corp|Ltd|L\.L\.P|L\.L\.C|P\.C|P\.A|LLP|LLC|PLLC|[A-Z]))[.!?:;][\"'”’)]*\s*$"
)
# "Prepared by Whitmore Ashby", "Report issued by: ...", "Independent Service Auditor: ...",
# "Audit firm - ...", "The examination was performed by Whitmore Ashby, an independent ...".
_LABEL = regex.compile(
    r"""
    ^\s*(?:(?:report\s+|examination\s+)?
            (?:prepared|issued|performed|conducted|examined|audited|attested|reported|signed)\s+by
        |(?:independent\s+)?(?:service\s+)?auditor(?:\s+firm)?(?=\s*[:\-–—])
        |(?:audit|cpa|accounting|assurance)\s+firm(?=\s*[:\-–—])
    )\s*[:\-–—]?\s*(?P<rest>.*)$
    """,
    _V,
)
_BY_IN_TEXT = regex.compile(
    r"""
    \b(?:performed|conducted|prepared|issued|examined|audited)\s+by\s+
    (?P<name>[\p{Lu}\d][\w&'’.\-+]*(?:,?\s+(?:[\p{Lu}\d][\w&'’.\-+]*|&|\+|and|of))*)
    """,
    regex.VERBOSE,
)
# "Whitmore Ashby LLP conducted the examination", "Harbor & Finch performed this engagement".
_CONDUCTED = regex.compile(
    r"""
    (?<![\w&'’.\-+])
    (?P<name>[\p{Lu}\d][\w&'’.\-+]*(?:,?[ \t]+(?:[\p{Lu}\d][\w&'’.\-+]*|&|\+|and|of))*)
    ,?[ \t]+(?:conducted|performed|carried\s+out)\s+(?:the|this|its|our)\s+(?:SOC\s*\d\s+)?
    (?:examination|engagement|attestation)
    """,
    regex.VERBOSE,
)
# The restricted-use notice: "do not acquire any rights against Whitmore Ashby LLP",
# "assume no responsibility ... and do not acquire rights as against Harbor & Finch".
_RIGHTS_AGAINST = regex.compile(
    r"""
    \brights?\s+(?:as\s+)?against\s+
    (?P<name>[\p{Lu}\d][\w&'’.\-+]*(?:,?\s+(?:[\p{Lu}\d][\w&'’.\-+]*|&|\+|and|of))*)
    """,
    regex.VERBOSE,
)
# A sentence about another organization's report names that report's auditor: "the
# subservice organization's SOC 2 report issued by X", "AWS's SOC 1 report, prepared by X",
# "the vendor's report".
_ANOTHER_REPORT = regex.compile(
    r"sub-?service|\bvendor|third[\s-]part|['’]s?\s+(?:most\s+recent\s+|latest\s+|annual\s+)?"
    r"(?:SOC\s*[123]|ISAE|SSAE|type\s+(?:1|2|I{1,2}))",
    regex.IGNORECASE,
)
# A sentence ending inside a run of capitalised words: "by Whitmore Ashby. Acme reviews".
_NEXT_SENTENCE = regex.compile(
    r"(?<!\b(?:Inc|Co|Corp|Ltd|Bros|Jr|Sr))(?<=\p{Ll}{2})\.\s+(?=\p{Lu})"
)
# How far before "issued by" its sentence is read.
_ABOUT_REACH = 160
# A sentence's full stop after a name ("rights against Harbor & Finch."), not an
# abbreviation's ("Inc.", "Co.", "Corp.", "P.C.", "L.L.P.").
_SENTENCE_STOP = regex.compile(
    r"(?<=\s(?!(?:Inc|Co|Corp|Ltd|Bros|Jr|Sr|Cos)\.$)[\p{L}&'’\-]{2,})\.$"
)
_NAME_RUN = regex.compile(
    r"^[\p{Lu}\d][\w&'’.\-+]*(?:,?\s+(?:[\p{Lu}\d][\w&'’.\-+]*|&|\+|and|of|de|van|von))*"
)
# The title of the auditor's report: the letterhead is what stands above it.
_REPORT_TITLE = regex.compile(
    r"independent\s+(?:service\s+)?(?:auditor|accountant|practitioner)s?['’]?s?['’]?\s+report"
    r"|report\s+of\s+(?:the\s+)?independent",
    regex.IGNORECASE,
)
# Address, telephone, web and mail lines of a letterhead.
_CONTACT = regex.compile(r"@|www\.|https?:|\.com\b|\b\d{3}[\s.\-)]+\d{3}[\s.\-]\d{4}\b|^\d+\s")

# What a signed name may lack that the report gives elsewhere: "Whitmore Ashby" -> "... LLP".
_LEGAL_ENDING = regex.compile(
    r",?\s*(?:L\.?L\.?P\.?|L\.?L\.?C\.?|P\.?L\.?L\.?C\.?|P\.C\.|PC|P\.A\.|Ltd\.?|Limited)",
    regex.IGNORECASE,
)
# A single-word name, unless it is a known firm, is not taken: a surname or a city alone
# reads the same.
_MIN_WORDS = 2
# Lines above the date that may belong to the signature block.
_BLOCK_REACH = 8
# A line longer than this is prose, not a signature.
_SIGNATURE_WIDTH = 70


@attrs.frozen
class Auditor:
    """The signing firm, where it was read, and a warning when it could not be told.

    Attributes:
        name: the firm as printed, or None.
        evidence: the page and line the name was read from.
        warning: why the name is None (or what to double-check), else "".
    """

    name: str | None
    evidence: Evidence | None = None
    warning: str = ""


def find_firms(text: str) -> tuple[str, ...]:
    """Every CPA-firm name (a name with a firm's legal ending) in ``text``.

    A person with a credential ("Jane Doe, CPA") is not a firm.

    >>> find_firms("performed by Smith & Jones LLP and reviewed by Dunn CPAs, P.C.")
    ('Smith & Jones LLP', 'Dunn CPAs, P.C.')
    >>> find_firms("Jane Doe, CPA, Partner")
    ()
    """
    names = (_tidy(m["name"]) for m in _FIRM.finditer(text))
    return tuple(n for n in names if not _PERSON.match(n))


def _tidy(name: str) -> str:
    """The name without a sentence's full stop after an ending written without dots ("LLP.")."""
    return str(regex.sub(r"(?<=\b(?:LLP|LLC|PLLC|PC|CPAs?))\.$", "", name.strip()))


def _signature_lines(pages: Sequence[Page]) -> list[tuple[int, Line]]:
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
    for number, line in reversed(_signature_lines(pages)):
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
    block = signature_block(_signature_lines(pages))
    if not block or block[-1].role != "date" or block[-1].text.strip().endswith("."):
        return False
    return any(s.role in {"place", "name", "person", "title"} for s in block[:-1]) or bool(
        _PLACE_THEN_DATE.match(block[-1].text)
    )


def is_place(text: str) -> bool:
    """True for a line naming a place: "Denver, Colorado", "Austin, TX", "Chicago".

    >>> is_place("Austin, TX 78701"), is_place("New York"), is_place("Whitmore Ashby")
    (True, True, False)
    """
    text = text.strip().rstrip(".,;")
    if not text or _ORG_WORD.search(text) or _firm_suffixed(text):
        return False
    if _PLACE.match(text) or (len(text.split()) <= 4 and _STATE_CODE.search(text)):
        return True
    words = text.split()
    if len(words) > 4:
        return False
    places = [m for m in rule_set("parties").matches(text) if m.label == "PLACE"]
    return any(m.end == len(text) for m in places)


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


def _firm_suffixed(text: str) -> bool:
    match = _FIRM_LINE.match(text)
    return bool(match) and not _PERSON.match(text)


def _generic(text: str) -> bool:
    words = [w.strip('.,:;()[]"“”').lower().replace("’", "'") for w in text.split()]
    return all(not w or _GENERIC_WORD.fullmatch(w) for w in words)


def _person(text: str) -> bool:
    """A person's name with a credential or a title: "Jane Doe, CPA", "John Roe, Partner"."""
    if _PERSON.match(text):
        return True
    name, comma, rest = text.partition(",")
    return bool(comma) and bool(_TITLE.match(rest)) and bool(_NAME_LINE.match(name.strip()))


def _known_firms(text: str) -> list[Match]:
    return [m for m in rule_set("parties").matches(text) if m.label == "FIRM"]


def _name_like(text: str) -> bool:
    if len(text) > 60 or _CONTACT.search(text) or not _NAME_LINE.match(text):
        return False
    words = text.split()
    return len(words) <= 8 and not any(w.isdigit() for w in words)


def _strong(name: str) -> bool:
    """A name that reads as a firm's on its own: an assurance word, "&", or a known firm."""
    return bool(_ORG_WORD.search(name)) or bool(_known_firms(name))


def _key(name: str) -> str:
    return " ".join(regex.sub(r"[^\w&+]+", " ", name.lower()).split())


def _same_firm(a: str, b: str) -> bool:
    """True when one name is the other with or without its legal ending."""
    ka, kb = _key(a), _key(b)
    return (
        bool(ka) and bool(kb) and (ka == kb or kb.startswith(f"{ka} ") or ka.startswith(f"{kb} "))
    )


@attrs.frozen
class _Seen:
    """A line of the signature block and what it was read as."""

    page: int
    text: str
    role: str  # "name", "person", "title", "place", "date", "generic", "other"


def signature_block(lines: Sequence[tuple[int, Line]]) -> tuple[_Seen, ...]:
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


def _classify(page: int, raw: str) -> _Seen:
    text = raw.strip()
    conformed = regex.sub(r"^(?:/s/|signed:?|by:)\s*", "", text, flags=regex.IGNORECASE).strip()
    role = "other"
    if not conformed or _SIGNATURE_NOISE.match(text):
        role = "generic"
    elif _is_date_line(text):
        role = "date"
    elif _person(conformed):
        role = "person"
    elif _TITLE.match(conformed):
        role = "title"
    elif is_place(conformed):
        role = "place"
    elif _generic(conformed):
        role = "generic"
    elif _firm_suffixed(conformed) or _name_like(conformed):
        role = "name"
    return _Seen(page, conformed if role == "name" else text, role)


def _describe(seen: Sequence[_Seen]) -> str:
    shown = [f"{s.text!r} ({s.role})" for s in seen if s.role != "generic"]
    return ", ".join(shown[:5])


def _first_line_with(pages: Sequence[Page], name: str) -> Evidence | None:
    for page in pages:
        for text in (*page.furniture, *(line.text for line in page.lines)):
            if name in text:
                return Evidence(page.number, text.strip())
    return None


def _labelled(pages: Sequence[Page], allowed: Callable[[str], bool]) -> list[tuple[str, Evidence]]:
    """Names given as the auditor by a label: "Prepared by", "Service Auditor:", "performed by"."""
    found: list[tuple[str, Evidence]] = []

    def take(candidate: str, page: int, text: str, *, to_name: bool = False) -> None:
        """Keep ``candidate``'s name; with ``to_name``, the evidence stops after the name."""
        candidate = _NEXT_SENTENCE.split(candidate, maxsplit=1)[0]
        name = _FIRM.match(candidate)
        value = name["name"] if name else (_NAME_RUN.match(candidate) or [""])[0]
        value = _tidy(_SENTENCE_STOP.sub("", value.strip(" ,;:")))
        if (
            value
            and allowed(value)
            and not _person(value)
            and not _generic(value)
            and not is_place(value)
            and (len(value.split()) >= _MIN_WORDS or _strong(value))
        ):
            shown = text.strip()
            if to_name and value in shown:
                shown = shown[: shown.index(value) + len(value)]
            found.append((value, Evidence(page, shown)))

    for page in pages:
        texts = [*page.furniture, *(line.text for line in page.lines)]
        for index, text in enumerate(texts):
            label = _LABEL.match(text)
            if label:
                rest = label["rest"].strip()
                if not rest and index + 1 < len(texts):
                    rest = texts[index + 1].strip()
                take(rest, page.number, text if label["rest"].strip() else f"{text} {rest}")
        flat = " ".join(texts)
        for pattern in (_BY_IN_TEXT, _RIGHTS_AGAINST):
            for match in pattern.finditer(flat):
                before = flat[max(0, match.start() - _ABOUT_REACH) : match.start()]
                if _ANOTHER_REPORT.search(before.rsplit(". ", 1)[-1]):
                    continue  # "AWS's SOC 2 report, issued by X": another report's auditor
                take(match["name"], page.number, match.group(), to_name=True)
        # The name that opens a sentence is read within its line, not from the line above.
        for match in _CONDUCTED.finditer("\n".join(texts)):
            take(match["name"], page.number, match.group())
    return found


def _letterhead(
    opinion_pages: Sequence[Page], allowed: Callable[[str], bool]
) -> list[tuple[str, Evidence]]:
    """Firm-like names in the letterhead: above the report's title, and in running headers."""
    found: list[tuple[str, Evidence]] = []
    candidates: list[tuple[int, str]] = []
    if opinion_pages:
        first = opinion_pages[0]
        titles = [i for i, line in enumerate(first.lines[:12]) if _REPORT_TITLE.search(line.text)]
        if titles:
            candidates += [(first.number, line.text) for line in first.lines[: titles[0]]]
    candidates += [(p.number, text) for p in opinion_pages for text in p.furniture]
    for number, raw in candidates:
        for part in regex.split(r"\s+[|•·]\s+|\s{3,}", raw.strip()):
            text = part.strip()
            if (
                _name_like(text)
                and _strong(text)
                and allowed(text)
                and not is_place(text)
                and not _generic(text)
                and not _person(text)
            ):
                found.append((text, Evidence(number, raw.strip())))
    return found


def read_auditor(
    opinion_pages: Sequence[Page],
    elsewhere: Sequence[Page],
    exclude: Sequence[str] = (),
) -> Auditor:
    """The signing firm, with the page and line it was read from, or None and why.

    In order: a line with a firm's legal ending at the end of the report; the name in the
    signature block (the lines between the report's last sentence and its date, less the
    city, the signer and their title, and generic lines such as "Certified Public
    Accountants"); a name given by a label ("Prepared by", "Service Auditor:"); the firm most
    often named with a legal ending in the report, its letterhead, the front matter and the
    tests of controls; a well-known firm named there. A bare name in the signature block that
    another source contradicts is not taken.

    Args:
        opinion_pages: the auditor's report pages; the signature block is read from the end.
        elsewhere: pages that may name the firm when the signature is an image
            (letterhead, restricted-use notice, tests of controls).
        exclude: names that are not the auditor (the service organization, subservice
            organizations).
    """
    excluded = [_key(e) for e in exclude if _key(e)]

    def allowed(name: str) -> bool:
        low = _key(name)
        return (
            bool(low)
            and not any(low in e or e in low for e in excluded)
            and not is_standard_setter(name)
        )

    lines = _signature_lines(opinion_pages)
    for number, line in reversed(lines[-40:]):
        match = _FIRM_LINE.match(line.text)
        if match and allowed(match["name"]) and not _person(match["name"]):
            return Auditor(_tidy(match["name"]), Evidence(number, line.text.strip()))

    pages = (*opinion_pages, *elsewhere)
    counts: Counter[str] = Counter()
    for page in pages:
        for text in (*page.furniture, page.text):
            counts.update(_firm_key(n) for n in find_firms(text) if allowed(n))
    labelled = _labelled(pages, allowed)
    block = signature_block(lines)
    names = [s for s in block if s.role == "name" and allowed(s.text)]
    corpus = _key(" ".join(t for p in pages for t in (*p.furniture, p.text)))

    def full(name: str) -> str:
        """The name with its legal ending, when the report gives one elsewhere."""
        longer = [
            n for n in counts if _LEGAL_ENDING.fullmatch(n[len(name) :]) and _same_firm(name, n)
        ]
        return max(longer, key=lambda n: counts[n]) if longer else name

    def corroborated(name: str) -> bool:
        mentions = regex.findall(rf"(?<![\w&+]){regex.escape(_key(name))}(?![\w&+])", corpus)
        return len(mentions) >= 2 or any(_same_firm(name, n) for n, _ in labelled)

    if len(names) > 1:
        strong = [s for s in names if _strong(s.text) or corroborated(s.text)]
        names = strong if len(strong) == 1 else names
    if len(names) > 1:
        both = " and ".join(repr(s.text) for s in names[:2])
        return Auditor(
            None, warning=f"the signing firm is unclear: the signature block names {both}"
        )
    others = sorted({n for n, _ in labelled} | set(counts))
    if names:
        (signed,) = names
        evidence = Evidence(signed.page, signed.text)
        if _strong(signed.text) or corroborated(signed.text):
            return Auditor(full(signed.text), evidence)
        contradicting = [n for n in others if not _same_firm(signed.text, n)]
        if contradicting:
            return Auditor(
                None,
                warning=f"the signing firm is unclear: the signature block reads {signed.text!r} "
                f"(page {signed.page}) but the report also names {contradicting[0]!r}",
            )
        if len(signed.text.split()) >= _MIN_WORDS:
            return Auditor(full(signed.text), evidence)

    distinct: dict[str, tuple[str, Evidence]] = {}
    for name, evidence in labelled:
        distinct.setdefault(_key(name), (name, evidence))
    if len(distinct) == 1:
        ((name, evidence),) = distinct.values()
        return Auditor(full(name), evidence)
    if counts:
        ranked = counts.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            both = ", ".join(n for n, _ in ranked[:2])
            return Auditor(
                None, warning=f"the signing firm is unclear: the report names {both} equally often"
            )
        return Auditor(ranked[0][0], _first_line_with(pages, ranked[0][0]))
    heads: dict[str, tuple[str, Evidence]] = {}
    for name, evidence in _letterhead(opinion_pages, allowed):
        heads.setdefault(_key(name), (name, evidence))
    if len(heads) == 1:
        ((name, evidence),) = heads.values()
        return Auditor(full(name), evidence)
    known = {
        _key(m.text): (m.text, Evidence(page.number, m.text))
        for page in pages
        for text in (*page.furniture, page.text)
        for m in _known_firms(text)
        if allowed(m.text)
    }
    if len(known) == 1:
        ((name, _),) = known.values()
        return Auditor(name, _first_line_with(pages, name))
    practitioner = _sole_practitioner(block, opinion_pages, elsewhere)
    if practitioner is not None:
        return practitioner
    why = "the signing firm was not found: the opinion has no firm name"
    if len(distinct) > 1:
        listed = ", ".join(repr(n) for n, _ in list(distinct.values())[:3])
        why = f"the signing firm is unclear: the report gives {listed} as its auditor"
    elif block:
        why += f"; its signature block holds {_describe(block)}"
    return Auditor(None, warning=why)


def _sole_practitioner(
    block: Sequence[_Seen], opinion_pages: Sequence[Page], elsewhere: Sequence[Page]
) -> Auditor | None:
    """A sole practitioner signing in their own name: "Jane Roe, CPA", with no firm's title.

    Taken only when the block holds one credentialed person and no title ("Partner" says a
    firm stands behind them), and either the line under them says they sign as the auditor
    ("Independent Service Auditor", "Certified Public Accountant") or the report names that
    person elsewhere too: on the letterhead, the cover or in the restricted-use notice.
    """
    people = [s for s in block if s.role == "person" and _PERSON.match(s.text)]
    if len(people) != 1 or any(s.role in {"title", "name"} for s in block):
        return None
    (signer,) = people
    name = _PERSON.match(signer.text)
    assert name is not None
    signed = regex.sub(r"^\s*/s/\s*", "", signer.text).strip()
    below = block[block.index(signer) + 1 :]
    if below and _SIGNS_AS_AUDITOR.match(below[0].text):
        return Auditor(signed, Evidence(signer.page, signer.text.strip()))
    key = _key(name["name"])
    mentions = 0
    for page in (*opinion_pages, *elsewhere):
        for text in (*page.furniture, *(line.text for line in page.lines)):
            if key in _key(text):
                mentions += 1
    if mentions < 2:  # the signature itself, and one more
        return None
    return Auditor(signed, Evidence(signer.page, signer.text.strip()))


def _firm_key(name: str) -> str:
    return " ".join(name.split())
