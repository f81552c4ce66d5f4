"""Organization names: the one table of legal endings, and how names are normalised and compared.

The legal endings ("Inc.", "LLC", "GmbH", "LLP", "P.C.") are data, in
``models/legal_endings.json`` (shipped as ``soc2parse.models``): one row per
ending as written (a dotted and an undotted form are rows of their own), its
kind (company, partnership, professional corporation), and the uses it serves.
A use is a named subset of the table: the endings dropped when two reports'
organizations are matched (``match``), those that end a company's name in a
description's sentence (``sentence``), those a signed firm's name may lack
(``firm``), and so on; the file says what each use is for and whether it
matches case as written. Every list of legal endings in the package is
:func:`endings` or :func:`ending_pattern` of one use.

The normalisers, each for one kind of comparison:

- :func:`organization_keys`: the keys two reports' organizations are matched by
  (``review.compare``, the workbook);
- :func:`same_organization`, :func:`offered_by`, :func:`mentions`: whether two
  names of one description are one organization, and whether a sentence names it;
- :func:`name_key`: a name's words in lower case without punctuation (firm names,
  subservice names);
- :func:`fold` and :func:`plain_name`: the accuracy scorecard's comparison of a
  parsed name with an expected one.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources
from typing import Literal

import attrs
import regex

from soc2parse.text.clean import DASHES, QUOTES

__all__ = [
    "BRACKET_ALIAS",
    "ending_pattern",
    "endings",
    "fold",
    "has_ending",
    "mentions",
    "name_key",
    "offered_by",
    "organization_keys",
    "plain_name",
    "same_organization",
    "unquoted",
    "without_ending",
]

_TABLE = "legal_endings.json"
_KINDS = frozenset({"company", "partnership", "professional"})
_CASES = frozenset({"any", "as written"})
# An ending as written: letters, perhaps with dots between them ("L.L.C", "GmbH").
_ENDING = regex.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*")


@attrs.frozen
class _Ending:
    """One row of the table: an ending as written, its kind, and the uses it serves."""

    ending: str
    kind: str
    uses: frozenset[str]


@attrs.frozen
class _Table:
    endings: tuple[_Ending, ...]
    cases: dict[str, str]  # use -> "any" or "as written"


@functools.cache
def _table() -> _Table:
    where = f"models/{_TABLE}"
    data = json.loads(resources.files("soc2parse.models").joinpath(_TABLE).read_text("utf-8"))
    cases: dict[str, str] = {}
    for use, about in data["uses"].items():
        if set(about) != {"case", "about"} or about["case"] not in _CASES:
            raise ValueError(f"{where}: use {use!r} wants 'about' and a case of {sorted(_CASES)}")
        cases[use] = about["case"]
    rows: list[_Ending] = []
    for number, row in enumerate(data["endings"], start=1):
        at = f"{where} ending {number}"
        if set(row) != {"ending", "kind", "uses"}:
            raise ValueError(f"{at}: a row has exactly the keys ending, kind and uses")
        if not _ENDING.fullmatch(row["ending"]):
            raise ValueError(f"{at}: {row['ending']!r} is not letters with dots between")
        if row["kind"] not in _KINDS:
            raise ValueError(f"{at}: kind {row['kind']!r} is not one of {sorted(_KINDS)}")
        unknown = set(row["uses"]) - set(cases)
        if unknown:
            raise ValueError(f"{at}: uses {sorted(unknown)} are not declared under 'uses'")
        if any(r.ending == row["ending"] for r in rows):
            raise ValueError(f"{at}: {row['ending']!r} repeats")
        rows.append(_Ending(row["ending"], row["kind"], frozenset(row["uses"])))
    return _Table(tuple(rows), cases)


def endings(use: str) -> tuple[str, ...]:
    """The endings one use takes, as written, in the table's order.

    >>> endings("firm")
    ('LLC', 'Ltd', 'Limited', 'LLP', 'P.C', 'PC', 'PLLC', 'P.A')

    Raises:
        KeyError: the table declares no such use.
    """
    table = _table()
    if use not in table.cases:
        raise KeyError(f"{use!r} is not a use of models/{_TABLE}")
    return tuple(row.ending for row in table.endings if use in row.uses)


def ending_pattern(use: str, *, dots: Literal["as written", "optional"] = "as written") -> str:
    r"""One use's endings as a regular expression group to build patterns with.

    The group carries the use's case: ``(?i:...)`` for a use that takes any case,
    ``(?-i:...)`` for one that takes the ending as written, whatever the flags of the
    pattern it is put in. With ``dots="optional"``, an ending in capitals may be written
    with or without dots and any ending with a final dot ("L.L.P.", "LLP", "Ltd.").

    >>> ending_pattern("before-city")
    '(?-i:Inc|LLC|Ltd|Corp|Corporation|Co|Company|PLC|LLP)'
    >>> print(ending_pattern("firm", dots="optional"))
    (?i:L\.?L\.?C\.?|Ltd\.?|Limited\.?|L\.?L\.?P\.?|P\.?C\.?|P\.?L\.?L\.?C\.?|P\.?A\.?)
    """
    written = endings(use)
    if dots == "optional":
        forms = [_dots_optional(ending) for ending in written]
    else:
        forms = [regex.escape(ending) for ending in written]
    case = "i" if _table().cases[use] == "any" else "-i"
    return f"(?{case}:{'|'.join(dict.fromkeys(forms))})"


def _dots_optional(ending: str) -> str:
    bare = ending.replace(".", "")
    if bare.isupper():
        return "".join(rf"{letter}\.?" for letter in bare)
    return rf"{regex.escape(bare)}\.?"


@functools.cache
def _at_end(use: str) -> regex.Pattern[str]:
    return regex.compile(rf",?\s+{ending_pattern(use)}\.?$")


def has_ending(name: str, use: str) -> bool:
    """True when ``name`` ends with one of the use's endings, after a space or a comma.

    >>> has_ending("Okta, Inc.", "cell"), has_ending("Harbor & Finch LLP", "cell")
    (True, False)
    """
    return _at_end(use).search(name) is not None


def without_ending(name: str, use: str) -> str:
    """``name`` without the use's ending at its end (and the comma before it).

    >>> without_ending("Amazon Web Services, Inc.", "cell")
    'Amazon Web Services'
    """
    return str(_at_end(use).sub("", name))


# ------------------------------------------------------------------- two reports' organizations

# A parenthesized short name after the full one: "Amazon Web Services, Inc. (AWS)".
_SHORT_NAME = regex.compile(
    r"""
    \(\s* ["'“”‘’]?
    (?P<alias> [\p{L}\p{N}&.\-\x20]{2,20}? )
    ["'“”‘’]? \s*\)
    """,
    regex.VERBOSE,
)
# Any parenthetical, set aside before the name proper is compared.
_PARENS = regex.compile(r"\([^()]*\)")
_SHORT_NAME_STOP = frozenset(
    {"the", "subservice", "organization", "vendor", "provider", "company", "collectively"}
)
_NON_WORD = regex.compile(r"[^\p{L}\p{N}&]+")


def _words(text: str) -> list[str]:
    return str(_NON_WORD.sub(" ", text)).casefold().split()


@functools.cache
def _match_endings() -> frozenset[str]:
    return frozenset(ending.casefold() for ending in endings("match"))


def organization_keys(name: str) -> frozenset[str]:
    """The keys an organization's name is matched by across two reports: the name without
    legal endings (use ``match``), and a parenthesized short name.

    >>> sorted(organization_keys("Amazon Web Services, Inc. (AWS)"))
    ['amazon web services', 'aws']
    >>> organization_keys("Okta, Inc.") == organization_keys("OKTA INC")
    True
    """
    keys: set[str] = set()
    for match in _SHORT_NAME.finditer(name):
        alias = _words(match["alias"])
        if alias and len(alias) <= 2 and not _SHORT_NAME_STOP.intersection(alias):
            keys.add(" ".join(alias))
    words = _words(_PARENS.sub(" ", name))
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    legal = _match_endings()
    while len(words) > 1 and words[-1] in legal:
        words.pop()
    if words:
        keys.add(" ".join(words))
    if not keys:  # nothing but punctuation: match the text itself
        keys.add(" ".join(name.casefold().split()))
    return frozenset(keys)


# --------------------------------------------------------- the organizations of one description

# An alias in brackets after a name: "Amazon Web Services, Inc. (AWS)".
BRACKET_ALIAS = regex.compile(r"\s*\(([^)]{1,40})\)")
# What an alias is quoted with: "Amazon Web Services, Inc. ("AWS")", "(“Azure”)".
_ALIAS_QUOTES = "\"“”'‘’ "
_NOT_NAME = regex.compile(r"[^\w&]+")
_NOT_FIRM_NAME = regex.compile(r"[^\w&+]+")


def name_key(name: str, *, plus: bool = False) -> str:
    """The name's words in lower case, punctuation dropped but "&" (and "+" with ``plus``).

    >>> name_key("Harbor & Finch, L.L.P."), name_key("Smith+Jones", plus=True)
    ('harbor & finch l l p', 'smith+jones')
    """
    pattern = _NOT_FIRM_NAME if plus else _NOT_NAME
    return " ".join(pattern.sub(" ", name.lower()).split())


def unquoted(alias: str) -> str:
    """An alias without the quotes and spaces around it.

    >>> unquoted(' “AWS” ')
    'AWS'
    """
    return alias.strip(_ALIAS_QUOTES)


def _key(name: str) -> str:
    return name_key(without_ending(BRACKET_ALIAS.sub("", name).strip(" ,"), "cell"))


def same_organization(a: str, b: str) -> bool:
    """True when two names are one organization: equal but for an ending or an alias.

    >>> same_organization("Amazon Web Services, Inc. (AWS)", "Amazon Web Services (AWS)")
    True
    >>> same_organization("AWS", "Amazon Web Services (AWS)")
    True
    >>> same_organization("Okta, Inc.", "Oracle Corporation")
    False
    >>> same_organization("Microsoft Corporation (Azure)", "Microsoft Azure")
    True
    >>> same_organization("Google LLC (Google Cloud)", "Google Workspace")
    False
    >>> same_organization("AWS", "Amazon Web Services, Inc.")
    True
    >>> same_organization("ABC", "Amazon Web Services, Inc.")
    False
    """
    ka, kb = _key(a), _key(b)
    if _is_acronym_of(a, kb) or _is_acronym_of(b, ka):
        return True
    aliases_a = {_key(m) for m in BRACKET_ALIAS.findall(a)}
    aliases_b = {_key(m) for m in BRACKET_ALIAS.findall(b)}
    if not (ka and kb):
        return False
    if ka == kb or ka in aliases_b or kb in aliases_a:
        return True
    # "Microsoft Corporation (Azure)" and "Microsoft Azure": the same first word, and the
    # one's alias is the other's last word.
    wa, wb = ka.split(), kb.split()
    return wa[0] == wb[0] and (
        any(x and x == wb[-1] for x in aliases_a) or any(x and x == wa[-1] for x in aliases_b)
    )


def offered_by(services: str | None, name: str) -> bool:
    """True when ``name`` is what another organization's services are for: "relies on
    Oracle America, Inc. for Oracle Cloud Infrastructure hosting" makes "Oracle Cloud
    Infrastructure" Oracle America's product, not an organization of its own.

    >>> offered_by("Oracle Cloud Infrastructure hosting", "Oracle Cloud Infrastructure")
    True
    >>> offered_by("cloud hosting", "Oracle Cloud Infrastructure")
    False
    """
    bare = regex.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
    if not services or len(bare.split()) < 2:
        return False
    return (
        regex.search(rf"(?<!\w){regex.escape(bare)}(?!\w)", services, regex.IGNORECASE) is not None
    )


def _is_acronym_of(name: str, key: str) -> bool:
    """True when ``name`` is written in capitals and is the initials of ``key``'s words:
    "AWS" for "amazon web services", "GCP" for "google cloud platform"."""
    bare = name.strip()
    if not (2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()):
        return False
    words = key.split()
    return len(words) == len(bare) and "".join(w[0] for w in words) == bare.lower()


def mentions(text: str, name: str) -> bool:
    """True when ``text`` names ``name`` as a whole word or words, case as written.

    >>> mentions("Controls at AWS are excluded.", "AWS"), mentions("LAWS apply.", "AWS")
    (True, False)
    """
    # The substring test first: the word-bounded search is the slow part, and rarely needed.
    return name in text and bool(regex.search(rf"(?<!\w){regex.escape(name)}(?!\w)", text))


# ------------------------------------------------------------------------- the scorecard's fold

_FOLD = str.maketrans({**QUOTES, **DASHES})
_SPACE = regex.compile(r"\s+")
# Anything but letters, digits and "&" separates the words of a name.
_NAME_PUNCT = regex.compile(r"[^\w&]+")


def fold(text: str) -> str:
    """Whitespace, quotes, dashes and case folded, so texts from any producer compare equal.

    >>> fold("Management’s  response – “final”")
    'management\\'s response - "final"'
    """
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return str(_SPACE.sub(" ", text)).strip().casefold()


def plain_name(name: str) -> str:
    """A company or firm name folded and without punctuation: ``"Acme, Inc."`` == ``"ACME Inc"``.

    >>> plain_name("Harbor & Lane CPAs, LLP.")
    'harbor & lane cpas llp'
    """
    return str(_SPACE.sub(" ", _NAME_PUNCT.sub(" ", fold(name)))).strip()
