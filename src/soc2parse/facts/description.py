"""Subservice organizations and complementary user entity controls (CUECs) from the description.

Subservice organizations are read from the passage under a "Subservice
Organizations" heading (or, without one, from sentences that call a company a
subservice organization): "Acme uses Amazon Web Services, Inc. (AWS) for cloud
hosting services", "Acme has engaged Equinix, Inc. to provide colocation", with
the method from nearby wording: "carve-out", "carved out", "not included within
the scope" (carve-out) or "inclusive method", "included in this description"
(inclusive).

CUECs follow a "Complementary User Entity Controls" heading: each bullet, or
each row of a table whose column is headed "Complementary User Entity
Control(s)", is one control. A statement that none are required gives an
empty list.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import ComplementarySubserviceControl, Evidence, SubserviceOrganization
from soc2parse._pages import Line, Page, Word
from soc2parse.facts.subservice import offered_by, same_organization
from soc2parse.text.passages import BULLET, Passage, passages, sentence_at, sentence_spans

__all__ = ["read_csocs", "read_cuecs", "read_subservice_organizations", "split_alike"]

_V = regex.IGNORECASE | regex.VERBOSE

_SUBSERVICE_HEADING = regex.compile(
    r"^\s*(?:[\d.]+\s*)?(?:use\s+of\s+)?subservice\s+(?:service\s+)?organi[sz]ations?\b.{0,40}$",
    regex.IGNORECASE,
)
# "Complementary User Entity Controls", "COMPLEMENTARY CONTROLS AT USER ENTITIES", "User Entity
# Responsibilities", "Complementary Customer Controls", "Controls Expected to Be Implemented by
# User Entities", "4.3 Complementary User Entity Control Considerations".
_CUEC_HEADING = regex.compile(
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
_CSOC_HEADING = regex.compile(
    r"""
    ^\s*(?:[\d.]+\s*)?(?:complementary\s+sub-?service\s+organi[sz]ation\s+controls
      |(?:sub-?service\s+organi[sz]ation\s+)?controls\s+expected\s+(?:to\s+be\s+)?
       (?:implemented\s+)?(?:at|of|by)\b(?!\s+(?:the\s+)?(?:user|customer|client)))
    .{0,60}$
    """,
    _V,
)
_KNOWN = regex.compile(
    rf"{_SUBSERVICE_HEADING.pattern}|{_CUEC_HEADING.pattern}|{_CSOC_HEADING.pattern}", _V
)

# A company's name: capitalised words (with "of", "&", "de" inside), a legal ending after a
# comma ("Okta, Inc."), and an alias in brackets, quoted or not ("Amazon Web Services, Inc.
# ("AWS")", "Microsoft Corporation (“Azure”)", "Iron Mountain Incorporated (Iron Mountain)").
_WORD = r"[\p{Lu}\d][\w.&'’\-]*"
_LEGAL = (
    r"(?:,?\s+(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|Company|plc|PLC"
    r"|LP|L\.P|LLP|GmbH|S\.A|AG|B\.V|N\.V|Pty|SE|AB|SAS|Pte)\.?(?![\w]))"
)
_BRACKET = r"(?:\s*\(\s*[^()]{1,60}\))"
_ONE = rf"{_WORD}(?:\s+(?:{_WORD}|of|&|de|du|la)(?=\s|,|\(|\)|$|\.|;))*?{_LEGAL}?{_BRACKET}?"
_LIST = rf"{_ONE}(?:\s*,\s*(?:and\s+|&\s+)?{_ONE}|\s+(?:and|&)\s+{_ONE})*"
# One name of a list, read on its own: the name and its bracket.
_ONE_NAME = regex.compile(
    rf"(?P<name>{_WORD}(?:\s+(?:{_WORD}|of|&|de|du|la)(?=\s|,|\(|\)|$|\.|;))*{_LEGAL}?)"
    r"(?:\s*\(\s*(?P<bracket>[^()]{1,60})\))?",
    regex.VERBOSE,
)
# What a bracket holds that is no alias: the method, "collectively", a role for the whole list.
_NOT_ALIAS = regex.compile(
    r"carve|inclusive|method|collectively|together|each\s+a|\b(?:providers|vendors|organi[sz]ations"
    r"|subservice)\b",
    regex.IGNORECASE,
)
# A method noted after the services: "... runs (carve-out method)", ", using the inclusive method".
_METHOD_NOTE = regex.compile(
    r"\s*(?:\(|,)?\s*(?:using|under)?\s*(?:the\s+)?(?:carve[\s-]?out|carved[\s-]out|inclusive)"
    r"(?:\s+method)?\s*\)?$",
    regex.IGNORECASE,
)
_QUOTES = "\"“”'‘’ "
# Words that open a sentence and are no company: "In addition, Okta, Inc., a subservice ...".
_OPENERS = frozenset(
    (
        *("in", "the", "a", "an", "also", "additionally", "further", "furthermore", "moreover"),
        *("however", "finally", "each", "this", "these", "those", "our", "we", "its", "their"),
        *("certain", "other", "such", "all", "both", "for", "as", "to", "with", "by", "on"),
        *("at", "from", "management", "section", "note", "see", "table", "user", "users"),
        *("complementary", "trust", "criteria", "service", "services", "controls", "control"),
        *("description", "system", "company", "organization", "subservice", "customer"),
        *("customers", "vendor", "vendors", "provider", "providers", "applicable", "relevant"),
    )
)
_APPOSITION = (
    r"(?:\s*,\s*(?:(?:a|an|its|our|each|both|all|which\s+(?:is|are)|collectively)\s+)?"
    r"(?:[\w-]+\s+){0,5}?sub-?service\s+(?:service\s+)?organi[sz]ations?"
    r"(?:\s*\([^()]{0,40}\))?\s*,?)"
)
# "Example uses Amazon Web Services, Inc. ("AWS"), a subservice organization, to provide cloud
# hosting services."; "Acme utilizes Digital Realty, CyrusOne, and Equinix for colocation.";
# "Acme has engaged Okta, Inc. to provide identity services"; "Acme relies on X as its
# hosting provider"; "Acme outsources its payroll processing to X".
_USES = regex.compile(
    rf"""
    \b(?:uses|use|used|utili[sz]es|utili[sz]ed|relies\s+(?:up)?on|relied\s+(?:up)?on|engages
        |has\s+engaged|engaged|leverages|contracts\s+with|has\s+contracted\s+with|partners\s+with
        |(?:has\s+)?outsourced?s?\s+(?:\w+\s+){{0,5}}?to|is\s+hosted\s+(?:by|with|at|on)
        |are\s+hosted\s+(?:by|with|at|on))
    \s+(?:the\s+services\s+of\s+)?
    (?P<list>{_LIST})
    {_APPOSITION}?
    (?:
        \s+(?:for|to\s+provide|to\s+perform|as\s+(?:its|a|an|the|our))\s+(?P<services>[^.;]{{3,200}}?)
        \s*(?:[.;](?=\s|$)|$)
      | \s+to\s+(?P<verb>host|deliver|support|process|manage|store|operate|run|maintain)
        \s+(?P<rest>[^.;]{{3,200}}?)\s*(?:[.;](?=\s|$)|$)
      | (?=\s*(?:[.;]|$)|\s+(?:using|under|which|that|and\s+(?:is|are))\b)
    )
    """,
    regex.VERBOSE,
)
# "Amazon Web Services, Inc. ("AWS"), a subservice organization, provides cloud hosting".
_APPOSED = regex.compile(
    rf"""
    (?P<list>{_LIST}){_APPOSITION}
    \s+(?:which\s+)?(?P<verb>provides?|hosts?|performs?|delivers?|supports?|manages?|operates?
        |(?:is|are)\s+responsible\s+for|processes|stores?)
    \s+(?P<rest>[^.;]{{3,200}}?)\s*(?:[.;](?=\s|$)|$)
    """,
    regex.VERBOSE,
)
# "Nimbus Compute, Inc. is a subservice organization that provides hosting", "A and B are
# the subservice organizations used for colocation".
_IS_SUBSERVICE = regex.compile(
    rf"""
    (?P<list>{_LIST})\s+(?:is|are|serves\s+as|serve\s+as|acts?\s+as)\s+
    (?:(?:a|an|the|its|our)\s+)?(?:[\w-]+\s+){{0,3}}?sub-?service\s+(?:service\s+)?organi[sz]ations?
    (?:\s*,?\s*(?:that|which|who|used|engaged|providing|responsible)\s*
        (?:(?:to\s+provide|provides?|for|performs?|hosts?)\s+)?(?P<services>[^.;]{{3,200}}?))?
    \s*(?:[.;](?=\s|$)|$)
    """,
    regex.VERBOSE,
)
# A sentence opening with the list under a subservice heading: "Nimbus Compute provides the
# hosting platform for Brightwell."
_PROVIDES = regex.compile(
    rf"""
    (?:^|(?<=[.;]\s))(?P<list>{_LIST})\s+
    (?P<verb>provides?|hosts?|performs?|delivers?|operates?|manages?)\s+
    (?P<rest>[^.;]{{3,200}}?)\s*(?:[.;](?=\s|$)|$)
    """,
    regex.VERBOSE,
)
# A role named before its list: "the Hosting Providers (Google Cloud and MongoDB)", "its data
# center providers, Digital Realty, CyrusOne, and Equinix,".
_ROLE_LIST = regex.compile(
    rf"""
    \b(?P<role>(?:[\p{{L}}-]+\s+){{1,3}}(?i:providers?|vendors?))
    (?:\s*\(\s*(?:collectively\s*,?\s*)?(?P<list>{_LIST})\s*\)|\s*[,:]\s+(?P<list>{_LIST})\s*[,.;])
    """,
    regex.VERBOSE,
)
# Words that lead up to a role and are no part of it: "operated by the Hosting Providers".
_ROLE_LEAD = frozenset(
    ("the", "its", "our", "their", "these", "those", "by", "of", "at", "from", "with", "and")
)
# A role of one word ("providers") is too common to stand for a list; "Hosting Providers" is not.
_ROLE_MIN_WORDS = 2
# Where a list ends when nothing but the sentence follows it.
_LIST_END = (
    r"(?=\s*(?:[.,;()]|$)|\s+(?:are|were|is|was|and|or|for|which|using|under|in|has|have)\b)"
)
# Scope left out: "did not extend to the services provided by Snowflake", "The controls of
# AWS are excluded from the scope", "The cloud hosting services provided by AWS were not
# included within the scope of this examination".
_LEFT_OUT = regex.compile(
    rf"""
    (?:did\s+not|does\s+not)\s+(?:extend\s+to|include|cover)\s+the\s+(?:[\w-]+\s+){{0,4}}?
        (?:services|controls|activities|operations)\s+(?:provided\s+by|performed\s+by|of|at)\s+
        (?P<list>{_LIST}){_LIST_END}
    | (?:services|controls|activities)\s+(?:provided\s+by|performed\s+by|of|at)\s+(?P<list>{_LIST})
        \s+(?:are|were|is|was|have\s+been|has\s+been)\s+(?:excluded|not\s+included|carved\s+out)
    """,
    regex.VERBOSE,
)
# Words every _LEFT_OUT match holds.
_LEFT_OUT_WORDS = regex.compile(r"d(?:id|oes)\s+not|excluded|not\s+included|carved\s+out")
_CARVE_OUT = regex.compile(
    r"carve[\s\-]*out|carved[\s\-]+out|not\s+included\s+(?:with)?in\s+the\s+scope|excluded?\s+from"
    r"\s+the\s+scope|(?:does|did)\s+not\s+(?:include|extend\s+to)\s+(?:the\s+(?:[\w-]+\s+){0,4}?)?"
    r"(?:controls|services)|\bexclud(?:es|ed|ing)\s+(?:the\s+)?(?:relevant\s+)?(?:controls|services)"
    r"\s+(?:of|at|provided\s+by)",
    regex.IGNORECASE,
)
_INCLUSIVE = regex.compile(
    r"inclusive\s+method|\binclusive\b|(?<!\bnot\s)\bincluded\s+(?:with)?in\s+the\s+scope"
    r"|(?:the\s+description|this\s+report)\s+includes\s+the\s+(?:relevant\s+)?controls\s+of",
    regex.IGNORECASE,
)
_ABOUT_SUBSERVICE = regex.compile(r"sub-?service\s+(?:service\s+)?organi[sz]ation", regex.I)
_NO_SUBSERVICE = regex.compile(
    r"does\s+not\s+(?:use|utilize|rely\s+on)\s+any\s+subservice|no\s+subservice\s+organi[sz]ations",
    regex.IGNORECASE,
)
# "No complementary user entity controls are required", "the system was not designed with
# the assumption that user entity controls would be implemented", "None.", "none are
# required", "does not require any complementary user entity controls".
_NO_CUECS = regex.compile(
    r"""
    \bno\s+(?:complementary\s+)?user\s+entity\s+controls\b
  | \bnot\s+(?:designed\s+with|contemplate).{0,60}user\s+entity\s+controls
  | \b(?:does|do|did)\s+not\s+require\s+any\s+(?:complementary\s+)?user\s+entity\s+controls
  | \buser\s+entity\s+controls\s+(?:are|were)\s+not\s+(?:required|necessary|needed)
  | \bnone\s+(?:are|were|is)\s+(?:required|necessary|needed|identified|expected)
  | ^\s*(?:none|not\s+applicable|n/a)\s*\.?\s*$
    """,
    _V,
)
# A list whose items open alike, set without markers or gaps: "User entities are responsible
# for ...", "Customers should ...". Its opener is this many words.
_OPENER_WORDS = 4
_SENTENCE_START = regex.compile(r"(?:^|(?<=[.;:!?]\s))(?=\p{Lu})")
# A table column headed "Complementary User Entity Control(s)", "User Entity Controls",
# "CUEC", "Complementary User Entity Controls (CUECs)".
_CUEC_COLUMN = regex.compile(
    r"(?:complementary\s+)?user\s+entit(?:y|ies)\s+(?:controls?|responsibilit(?:y|ies))"
    r"(?:\s*\(CUECs?\))?|CUECs?",
    regex.IGNORECASE,
)


def _under(items: Sequence[Passage], heading: regex.Pattern[str]) -> list[Passage]:
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


@attrs.frozen
class _Named:
    """A subservice organization named in a sentence: where, and what the sentence says."""

    name: str
    aliases: tuple[str, ...]
    services: str | None
    start: int
    end: int
    left_out: bool  # the sentence itself says its services are outside the scope
    role: str = ""  # the role the sentence names its list by: "Hosting Providers"


def _names_in(span: str) -> list[tuple[str, tuple[str, ...]]]:
    """The names of a list ("A, B, and C"), each with its aliases from its bracket."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for match in _ONE_NAME.finditer(span):
        name = match["name"].strip(" ,")
        if name.endswith(".") and not regex.search(rf"{_LEGAL}$", name):
            name = name[:-1]
        words = name.split()
        if not words or words[0].lower() in _OPENERS or len(name) < 2:
            continue
        if len(words) == 1 and name.isdigit():
            continue
        bracket = (match["bracket"] or "").strip()
        aliases: tuple[str, ...] = ()
        shown = name
        if bracket and not _NOT_ALIAS.search(bracket):
            alias = bracket.strip(_QUOTES)
            alias = regex.sub(r"^(?:the|hereafter|hereinafter|referred\s+to\s+as)\s+", "", alias)
            alias = alias.strip(_QUOTES)
            if alias and alias[0].isupper() and len(alias.split()) <= 4:
                aliases = (alias,)
                shown = f"{name} ({alias})"
        out.append((shown, aliases))
    return out


def _sentences_named(text: str, *, any_sentence: bool, under_heading: bool = False) -> list[_Named]:
    """Organizations named by the sentence forms, in text order.

    ``any_sentence`` reads the "uses X" form anywhere; otherwise only in a sentence that says
    "subservice" (a description uses many tools that are no subservice organizations).
    """
    found: list[_Named] = []
    # Each form is tried only where the words it needs are in the text (a form's matches
    # are the same either way; most passages of a long description have none of them).
    about = _ABOUT_SUBSERVICE.search(text) is not None
    lowered = text.lower()
    tried = (
        (_USES, any_sentence or about),
        (_APPOSED, about),
        (_IS_SUBSERVICE, about),
        (_PROVIDES, under_heading),
        (_ROLE_LIST, "provider" in lowered or "vendor" in lowered),
        (_LEFT_OUT, _LEFT_OUT_WORDS.search(text) is not None),
    )
    for pattern, worth_trying in tried:
        if not worth_trying:
            continue
        for match in pattern.finditer(text):
            start, end = sentence_at(text, match.start())
            sentence = text[start:end]
            if pattern is _USES and not any_sentence and not _ABOUT_SUBSERVICE.search(sentence):
                continue
            if pattern is _PROVIDES and not under_heading:
                continue
            if pattern is _ROLE_LIST and not any_sentence and "(" not in match.group():
                continue  # "its service providers, A and B,": only where subservice is the topic
            services: str | None = None
            if "services" in match.groupdict() and match["services"]:
                services = match["services"]
            elif "verb" in match.groupdict() and match["verb"]:
                verb = regex.sub(r"^(?:is|are)\s+responsible\s+for$", "", match["verb"])
                services = f"{verb} {match['rest']}".strip()
            if services:
                services = _METHOD_NOTE.sub("", " ".join(services.split())).strip(" ,") or None
            role = _role_words(match["role"]) if pattern is _ROLE_LIST else ""
            for name, aliases in _names_in(match["list"]):
                found.append(
                    _Named(name, aliases, services, start, end, pattern is _LEFT_OUT, role)
                )
    found.sort(key=lambda n: n.start)
    return found


def _role_words(role: str) -> str:
    """The role's own words, without what leads up to them: "operated by the Hosting
    Providers" -> "Hosting Providers", "its data center providers" -> "data center providers".

    >>> _role_words("operated by the Hosting Providers")
    'Hosting Providers'
    """
    words = role.split()
    kept: list[str] = []
    for word in reversed(words):
        if word.lower() in _ROLE_LEAD:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _keys(named: _Named) -> set[str]:
    plain = regex.sub(r"\s*\([^()]*\)$", "", named.name)
    keys = {plain, *named.aliases}
    keys |= {regex.sub(rf"{_LEGAL}$", "", k).strip(" ,") for k in list(keys)}
    return {k for k in keys if len(k) > 1}


def _method_of(named: _Named, text: str, others: Sequence[_Named]) -> str | None:
    """The method said of this organization, or None.

    Its own sentence first, then any sentence naming it or its alias (and no other named
    organization), then a sentence right after it that names none.
    """
    own = text[named.start : named.end]
    method = _method_in(own)
    if method:
        return method
    if named.left_out:
        return "carve-out"
    keys = _keys(named)
    other_keys = {k for o in others if o.name != named.name for k in _keys(o)} - keys
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        if any(_mentions(sentence, k) for k in keys) and not any(
            _mentions(sentence, k) for k in other_keys
        ):
            method = _method_in(sentence)
            if method:
                return method
    # "the Hosting Providers (A and B)", then "did not extend to controls at the Hosting
    # Providers": a sentence naming the role speaks of every organization listed under it.
    if len(named.role.split()) >= _ROLE_MIN_WORDS:
        role = regex.compile(rf"(?<!\w){regex.escape(named.role)}(?!\w)", regex.IGNORECASE)
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            if s != named.start and role.search(sentence):
                method = _method_in(sentence)
                if method:
                    return method
    follow_start, follow_end = sentence_at(text, min(len(text) - 1, named.end + 1))
    following = text[follow_start:follow_end]
    if follow_start >= named.end and not any(_mentions(following, k) for k in other_keys):
        method = _method_in(following)
        if method:
            return method
    return None


def _mentions(sentence: str, key: str) -> bool:
    # The substring test first: the word-bounded search is the slow part, and rarely needed.
    return key in sentence and bool(regex.search(rf"(?<!\w){regex.escape(key)}(?!\w)", sentence))


def _method_in(sentence: str) -> str | None:
    carve, inclusive = bool(_CARVE_OUT.search(sentence)), bool(_INCLUSIVE.search(sentence))
    if carve == inclusive:
        return None
    return "carve-out" if carve else "inclusive"


def _page_at(items: Sequence[Passage], offsets: Sequence[int], at: int) -> int:
    index = max(0, bisect.bisect_right(offsets, at) - 1)
    item = items[index]
    page = item.starts[0][1] if item.starts else 1
    for start, number in item.starts:
        if offsets[index] + start <= at:
            page = number
    return page


def _same_party(name: str, other: str) -> bool:
    """True when ``name`` is the service organization ``other`` (or its first word)."""
    if not other:
        return False
    first = other.split(maxsplit=1)[0].strip(",").lower()
    return same_organization(name, other) or name.split(maxsplit=1)[0].strip(",").lower() == first


def read_subservice_organizations(
    pages: Sequence[Page],
    items: Sequence[Passage] | None = None,
    *,
    any_sentence: bool = False,
    exclude: Sequence[str] = (),
) -> tuple[tuple[SubserviceOrganization, ...], tuple[str, ...]]:
    """The subservice organizations the description names, with services, method, evidence.

    ``items`` are the pages' :func:`description_passages`, when already read. The sentence
    forms are read in the passages under a "Subservice Organizations" heading, and in any
    passage that says "subservice", names a provider role, or leaves a company's services out
    of scope; ``any_sentence`` reads "uses X for ..." in every passage. ``exclude`` names
    the service organization, never one of its subservice organizations.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = _under(items, _SUBSERVICE_HEADING)
    chosen = [p for p in items if not p.heading]
    offsets: list[int] = []
    parts: list[str] = []
    at = 0
    for passage in chosen:
        offsets.append(at)
        parts.append(passage.text)
        at += len(passage.text) + 1
    text = " ".join(parts)
    under = {id(p) for p in block}
    named: list[_Named] = []
    for passage, offset in zip(chosen, offsets, strict=True):
        # A passage that says "subservice" or leaves services out of scope is about them.
        reads_uses = (
            any_sentence
            or id(passage) in under
            or bool(_ABOUT_SUBSERVICE.search(passage.text) or _CARVE_OUT.search(passage.text))
        )
        local = _sentences_named(
            passage.text, any_sentence=reads_uses, under_heading=id(passage) in under
        )
        local = [n for n in local if not any(_same_party(n.name, e) for e in exclude)]
        named.extend(attrs.evolve(n, start=n.start + offset, end=n.end + offset) for n in local)
    found: list[SubserviceOrganization] = []
    for item in named:
        same = [
            i
            for i, kept in enumerate(found)
            if same_organization(kept.name, item.name)
            or (not item.services and offered_by(kept.services, item.name))
        ]
        method = _method_of(item, text, named)
        evidence = Evidence(_page_at(chosen, offsets, item.start), text[item.start : item.end])
        if same:
            kept = found[same[0]]
            name = kept.name if "(" in kept.name or "(" not in item.name else item.name
            found[same[0]] = SubserviceOrganization(
                name, kept.services or item.services, kept.method or method, kept.evidence
            )
            continue
        found.append(SubserviceOrganization(item.name, item.services, method, evidence))
    warnings: tuple[str, ...] = ()
    said = " ".join(p.text for p in block) or text
    if (
        not found
        and (block or (_ABOUT_SUBSERVICE.search(said) and not any_sentence))
        and not _NO_SUBSERVICE.search(said)
    ):
        warnings = ("the description mentions subservice organizations but none could be named",)
    return tuple(found), warnings


def read_cuecs(
    pages: Sequence[Page], items: Sequence[Passage] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The complementary user entity controls, one entry per control.

    ``items`` are the pages' :func:`description_passages`, when already read.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = _under(items, _CUEC_HEADING)
    if not block:
        rows = _table_rows(_after_heading(pages, _CUEC_HEADING))
        if rows:
            return rows, ()
        introduced = _introduced(items)
        if introduced:
            return introduced, ()
        return (), ("no complementary user entity controls heading was found in the description",)
    bullets = [_strip_bullet(p.text) for p in block if p.bullet]
    if bullets:
        return split_alike(bullets), ()
    # Markers drawn as graphics or in a symbol font leave indented paragraphs behind.
    indented = [p.text for p in block[1:] if p.x0 > block[0].x0 + 6]
    if indented:
        return split_alike(indented), ()
    rows = _table_rows(_after_heading(pages, _CUEC_HEADING))
    if rows:
        return rows, ()
    if any(_NO_CUECS.search(p.text) for p in block):
        return (), ()
    alike = split_alike([p.text for p in block], whole=True)
    if len(alike) > 1:
        return alike, ()
    return (), ("the complementary user entity controls could not be read",)


# A sentence introducing CUECs without a heading: "User entities are expected to implement the
# following complementary user entity controls:", "Customers are responsible for the following:".
_CUEC_INTRO = regex.compile(
    r"""
    (?:complementary\s+)?user\s+entit(?:y|ies)\s+controls?\b.{0,80}:$
  | \b(?:user\s+entities|customers|clients)\s+(?:are|should\s+be)\s+(?:expected|responsible)
    \b.{0,80}\b(?:following|below)\b.{0,40}:$
    """,
    _V,
)


def _introduced(items: Sequence[Passage]) -> tuple[str, ...]:
    """The bullets after a sentence that introduces CUECs, when there is no CUEC heading."""
    for index, item in enumerate(items):
        text = " ".join(item.text.split())
        if item.heading or item.bullet or not _CUEC_INTRO.search(text):
            continue
        if _CSOC_INTRO.search(text):
            continue
        bullets = []
        for after in items[index + 1 :]:
            if not after.bullet:
                break
            bullets.append(_strip_bullet(after.text))
        if bullets:
            return split_alike(bullets)
    return ()


def split_alike(items: Sequence[str], *, whole: bool = False) -> tuple[str, ...]:
    """Items that run together split where a sentence opens as most of them do.

    "User entities are responsible for A. User entities are responsible for B." is two
    controls. With ``whole``, ``items`` are a list's paragraphs with an introduction before
    the first item; sentences before the first one opening alike are left out.

    >>> split_alike(["Users are to do A. Users are to do B.", "Users are to do C."])
    ('Users are to do A.', 'Users are to do B.', 'Users are to do C.')
    """
    text = " ".join(" ".join(i.split()) for i in items)
    starts = [m.start() for m in _SENTENCE_START.finditer(text)]
    openers = [_opener(text[s:]) for s in starts]
    counted = Counter(o for o in openers if o)
    if not counted:
        return tuple(items)
    opener, count = counted.most_common(1)[0]
    if count < 2 or (not whole and count <= len(items)):
        return tuple(items)
    cuts = [s for s, o in zip(starts, openers, strict=True) if o == opener]
    pieces = [text[a:b].strip() for a, b in itertools.pairwise([*cuts, len(text)])]
    head = text[: cuts[0]].strip()
    if head and not whole:
        pieces.insert(0, head)
    return tuple(p for p in pieces if p)


def _opener(text: str) -> str:
    words = text.split()[:_OPENER_WORDS]
    return " ".join(w.lower() for w in words) if len(words) == _OPENER_WORDS else ""


def _strip_bullet(text: str) -> str:
    return str(BULLET.sub("", text, count=1)).strip()


def _after_heading(pages: Sequence[Page], heading: regex.Pattern[str]) -> list[Line]:
    """The body lines after the first line matching ``heading`` (contents pages skipped)."""
    lines = [line for page in pages if not page.is_toc for line in page.lines]
    for index, line in enumerate(lines):
        if heading.fullmatch(line.text.strip()):
            return lines[index + 1 :]
    return []


# How far below its heading a CUEC table's header row may sit.
_TABLE_REACH = 30


def _table_rows(lines: Sequence[Line]) -> tuple[str, ...]:
    """Rows of the table whose column is headed "Complementary User Entity Control(s)"."""
    for index, line in enumerate(lines[:_TABLE_REACH]):
        for left, right, text in _cells(line):
            if _CUEC_COLUMN.fullmatch(text):
                return _collect_rows(lines[index + 1 :], left, right, line.size)
    return ()


# Words further apart than this are in different table cells.
_CELL_GAP = 12.0


def _cells(line: Line) -> list[tuple[float, float, str]]:
    """The line split into cells at wide gaps: ``(left, next cell's left, text)``."""
    groups: list[list[Word]] = [[line.words[0]]]
    for a, b in zip(line.words, line.words[1:], strict=False):
        if b.x0 - a.x1 > _CELL_GAP:
            groups.append([])
        groups[-1].append(b)
    out = []
    for i, group in enumerate(groups):
        right = groups[i + 1][0].x0 if i + 1 < len(groups) else float("inf")
        out.append((group[0].x0, right, " ".join(w.text for w in group)))
    return out


def _rest(line: Line, start: int) -> str:
    return " ".join(w.text for w in line.words[start:])


def _collect_rows(lines: Sequence[Line], left: float, right: float, size: float) -> tuple[str, ...]:
    rows: list[list[str]] = []
    previous: Line | None = None
    any_marker = any(w.x1 < left - 2 for line in lines[:1] for w in line.words)
    for line in lines:
        if abs(line.size - size) > 1.0 or (previous and line.top - previous.bottom > size * 2.5):
            break
        inside = [w.text for w in line.words if left - 4 <= w.x0 < right - 2]
        if _CUEC_COLUMN.fullmatch(" ".join(inside)):
            continue  # the header row repeated on a new page
        marker = any(w.x1 < left - 2 for w in line.words)
        if not inside:
            break
        sentence_ended = bool(rows) and rows[-1][-1].endswith(".") and inside[0][:1].isupper()
        if marker or not rows or (not any_marker and sentence_ended):
            rows.append(inside)
        else:
            rows[-1].extend(inside)
        previous = line
    return tuple(" ".join(r) for r in rows)


# --------------------------------------------- complementary subservice organization controls

# What opens a list of CSOCs in the text: "Complementary subservice organization controls
# expected at Azure:", "The following controls are expected to be implemented by AWS:",
# "AWS is expected to:".
_CSOC_INTRO = regex.compile(
    r"""
    complementary\s+sub-?service\s+organi[sz]ation\s+controls
  | \bCSOCs?\b
  | controls\s+(?:are\s+|that\s+are\s+)?expected
    \s+(?:to\s+be\s+(?:implemented|in\s+place|operated)\s+)?(?:at|of|by)\b(?!\s+(?:the\s+)?(?:user|customer|client))
    """,
    _V,
)
# A criterion id a CSOC row gives: "CC6.4", "A1.2", "PI1.3", "C1.1", "P4.2".
_CRITERION = regex.compile(r"\b(?:CC|PI|A|C|P)\d+\.\d+\b")
# What a CSOC says: "AWS is responsible for ...", "... are expected to ...", "implementing".
_CSOC_ITEM = regex.compile(
    r"\b(?:responsible\s+for|expected\s+to|(?:is|are)\s+to|should|must|will)\b"
    r"|^(?:controls?\s+)?(?:to\s+)?(?:provide|ensure|restrict|maintain|implement|monitor|review)",
    regex.IGNORECASE,
)


def read_csocs(
    pages: Sequence[Page],
    items: Sequence[Passage] | None = None,
    organizations: Sequence[SubserviceOrganization] = (),
) -> tuple[ComplementarySubserviceControl, ...]:
    """The controls expected at subservice organizations (CSOCs), never mixed with CUECs.

    A CSOC list follows a "Complementary Subservice Organization Controls" heading or a
    sentence introducing the controls expected at one organization (ending in a colon); each
    bullet, indented paragraph or sentence that reads as a control is one CSOC. Its
    organization is the one the introduction names, else the one it names itself; its
    criteria are the criterion ids printed with it.
    """
    if not pages:
        return ()
    if items is None:
        items = description_passages(pages)
    out: list[ComplementarySubserviceControl] = []
    inside = False
    intro_org: str | None = None
    indent = 0.0
    for item in items:
        if item.heading:
            inside = bool(_CSOC_HEADING.match(item.text))
            intro_org = _organization_in(item.text, organizations)
            indent = item.x0
            continue
        text = " ".join(item.text.split())
        if not item.bullet and text.endswith(":") and _CSOC_INTRO.search(text):
            inside, intro_org, indent = True, _organization_in(text, organizations), item.x0
            continue
        if not inside:
            continue
        body = _strip_bullet(text) if item.bullet else text
        listed = item.bullet or item.x0 > indent + 6
        if not listed and not _CSOC_ITEM.search(body):
            if out and not text.endswith(":"):
                inside = False
            continue
        for piece in split_alike([body]) if not item.bullet else (body,):
            organization = intro_org or _organization_in(piece, organizations)
            page = item.starts[0][1] if item.starts else 1
            out.append(
                ComplementarySubserviceControl(
                    piece,
                    organization,
                    tuple(dict.fromkeys(_CRITERION.findall(piece))),
                    Evidence(page, piece),
                )
            )
    return tuple(out)


def _organization_in(text: str, organizations: Sequence[SubserviceOrganization]) -> str | None:
    """The one subservice organization ``text`` names (by name or alias), else None."""
    named = []
    for organization in organizations:
        plain = regex.sub(r"\s*\([^()]*\)$", "", organization.name)
        keys = {plain, regex.sub(rf"{_LEGAL}$", "", plain).strip(" ,")}
        keys |= {a.strip(_QUOTES) for a in regex.findall(r"\(([^()]+)\)$", organization.name)}
        if any(len(k) > 1 and _mentions(text, k) for k in keys):
            named.append(organization.name)
    return named[0] if len(named) == 1 else None
