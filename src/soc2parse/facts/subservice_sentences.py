"""Subservice organizations named in the sentences of the description.

Under a "Subservice Organizations" heading (or, without one, in sentences that
call a company a subservice organization): "Acme uses Amazon Web Services, Inc.
(AWS) for cloud hosting services", "Acme has engaged Equinix, Inc. to provide
colocation", "Nimbus Compute, Inc. is a subservice organization that provides
hosting", "the Hosting Providers (Google Cloud and MongoDB)", "did not extend to
the services provided by Snowflake"; each name with its alias, its services and
the method from nearby wording: "carve-out", "carved out", "not included within
the scope" (carve-out) or "inclusive method", "included in this description"
(inclusive).

The sentence forms are built here from a company name's shape (its legal endings
come from ``models/legal_endings.json``); the wordings around them (the method,
"left out", "no subservice organizations") are rules of ``models/subservice.jsonl``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import Evidence, SubserviceOrganization
from soc2parse._pages import Page
from soc2parse.facts.description import (
    ABOUT_SUBSERVICE,
    SUBSERVICE_HEADING,
    description_passages,
    under,
)
from soc2parse.text.names import (
    ending_pattern,
    has_ending,
    mentions,
    offered_by,
    same_organization,
    unquoted,
    without_ending,
)
from soc2parse.text.passages import Passage, sentence_at, sentence_spans
from soc2parse.text.rules import wording

__all__ = ["collective_method", "read_subservice_organizations"]

# A company's name: capitalised words (with "of", "&", "de" inside), a legal ending after a
# comma ("Okta, Inc."), and an alias in brackets, quoted or not ("Amazon Web Services, Inc.
# ("AWS")", "Microsoft Corporation (“Azure”)", "Iron Mountain Incorporated (Iron Mountain)").
_WORD = r"[\p{Lu}\d][\w.&'’\-]*"
_LEGAL = rf"(?:,?\s+{ending_pattern('sentence')}\.?(?![\w]))"
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
_NOT_ALIAS = wording("subservice", "not-alias")
# A method noted after the services: "... runs (carve-out method)", ", using the inclusive method".
_METHOD_NOTE = wording("subservice", "method-note")
# Words that may stand before a list of names and are no part of the first: "Only Google LLC
# and Ironclad, Inc. are subservice organizations".
_LEADING_WORDS = frozenset(
    ("only", "namely", "including", "specifically", "currently", "presently", "both", "either")
)
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
# What a report calls a company it hands part of its service to: a subservice organization,
# a subcontractor, a third-party service provider.
_OUTSOURCED_TO = (
    r"(?:sub-?service\s+(?:service\s+)?organi[sz]ations?|sub-?contractors?"
    r"|third[\s-]party\s+service\s+providers?)"
)
_ABOUT_OUTSOURCED = regex.compile(
    r"\bsub-?contractors?\b|\bthird[\s-]party\s+service\s+providers?\b", regex.IGNORECASE
)
_APPOSITION = (
    r"(?:\s*,\s*(?:(?:a|an|its|our|each|both|all|which\s+(?:is|are)|collectively)\s+)?"
    rf"(?:[\w-]+\s+){{0,5}}?{_OUTSOURCED_TO}"
    r"(?:\s*\([^()]{0,40}\))?\s*,?)"
)
# What follows "uses X to" and is no verb: "uses AWS to the extent that ...".
_NOT_A_VERB = r"(?:the|a|an|its|their|our|his|her|this|that|these|those|be|which|whom)\b"
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
      | \s+to\s+(?P<verb>(?!{_NOT_A_VERB})[a-z]+)
        \s+(?P<rest>[^.;]{{3,200}}?)\s*(?:[.;](?=\s|$)|$)
      | (?=\s*(?:[.;]|$)|\s+(?:using|under|which|that|and\s+(?:is|are))\b)
    )
    """,
    regex.VERBOSE,
)
# A second organization the same sentence names after the first one's services: "uses A, LLC
# ("A") to print checks, and B, Ltd. ("B") for colocation"; "relies on A for hosting and on
# B for colocation". Read only where the second has a company's shape (a legal ending or an
# alias in brackets), as "... for hosting and Security Operations for monitoring" has not.
_AND_ANOTHER = regex.compile(
    rf"""
    \s*,?\s+and\s+(?:(?:also\s+)?(?:on|upon|with|uses|utili[sz]es|engages)\s+)?
    (?P<list>{_ONE})
    \s+(?:for|to\s+(?!{_NOT_A_VERB})(?P<verb>[a-z]+)|as\s+(?:its|a|an|the|our))
    \s+(?P<rest>.{{3,}})$
    """,
    regex.VERBOSE,
)
# What joins the second organization to the first one's services: ", and", "and on".
_JOIN_END = regex.compile(
    r"[\s,]*(?:\band(?:\s+(?:also\s+)?(?:on|upon|with|uses|utili[sz]es|engages))?)?[\s,]*$"
)
# "Amazon Web Services, Inc. ("AWS"), a subservice organization, provides cloud hosting".
_APPOSED = regex.compile(
    rf"""
    (?P<list>{_LIST}){_APPOSITION}
    \s+(?:(?:which|that)\s+)?(?P<verb>provides?|hosts?|performs?|delivers?|supports?|manages?|operates?
        |(?:is|are)\s+responsible\s+for|processes|stores?)
    \s+(?P<rest>[^.;]{{3,200}}?)\s*(?:[.;](?=\s|$)|$)
    """,
    regex.VERBOSE,
)
# "virtual machines supplied by Arcadia Holdings B.V. in data centres ...", "the platform is
# operated by Nimbus Compute, Inc.": read only where the passage is about such companies.
_SUPPLIED_BY = regex.compile(
    rf"""
    \b(?:supplied|provided|operated|hosted|managed|run)\s+by\s+(?P<list>{_LIST})
    (?=\s*(?:[.,;()]|$)|\s+(?:d/b/a|dba|in|at|for|and|which|under|from)\b)
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
_LEFT_OUT_WORDS = wording("subservice", "left-out-words")
# The method a sentence says: "carved out", "not included within the scope" (carve-out);
# "inclusive method", "included in the scope" (inclusive).
_CARVE_OUT = wording("subservice", "carve-out")
_INCLUSIVE = wording("subservice", "inclusive")
# "Acme does not use any subservice organizations": nothing to name, no warning.
_NO_SUBSERVICE = wording("subservice", "no-subservice")
# What opens a bracket before the alias: "(hereinafter referred to as "AWS")".
_ALIAS_LEAD = wording("subservice", "alias-lead")
# "is responsible for" names no service: "AWS is responsible for hosting" -> "hosting".
_RESPONSIBLE_FOR = wording("subservice", "responsible-for")


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
        if name.endswith(".") and not has_ending(name, "sentence"):
            name = name[:-1]
        words = name.split()
        while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
            words = words[1:]
        name = " ".join(words)
        if not words or words[0].lower() in _OPENERS or len(name) < 2:
            continue
        if len(words) == 1 and name.isdigit():
            continue
        bracket = (match["bracket"] or "").strip()
        aliases: tuple[str, ...] = ()
        shown = name
        if bracket and not _NOT_ALIAS.search(bracket):
            alias = unquoted(bracket)
            alias = _ALIAS_LEAD.sub("", alias)
            alias = unquoted(alias)
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
    about = _about(text)
    lowered = text.lower()
    tried = (
        (_USES, any_sentence or about),
        (_APPOSED, about),
        (_IS_SUBSERVICE, about),
        (_SUPPLIED_BY, about),
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
            if pattern in (_USES, _SUPPLIED_BY) and not any_sentence and not _about(sentence):
                continue
            if pattern is _PROVIDES and not under_heading:
                continue
            if pattern is _ROLE_LIST and not any_sentence and "(" not in match.group():
                continue  # "its service providers, A and B,": only where subservice is the topic
            services: str | None = None
            if "services" in match.groupdict() and match["services"]:
                services = match["services"]
            elif "verb" in match.groupdict() and match["verb"]:
                verb = _RESPONSIBLE_FOR.sub("", match["verb"])
                services = f"{verb} {match['rest']}".strip()
            if services:
                services = _METHOD_NOTE.sub("", " ".join(services.split())).strip(" ,") or None
            role = _role_words(match["role"]) if pattern is _ROLE_LIST else ""
            tail = text[match.end("list") : end] if pattern is _USES else ""
            second = _AND_ANOTHER.search(tail) if services and tail else None
            later: list[_Named] = []
            if second is not None and services and _company_shaped(second["list"]):
                # The first one's services end where the second one is named.
                cut = services.find(second["list"].split()[0])
                if cut > 0:
                    services = _JOIN_END.sub("", services[:cut]) or None
                rest = second["rest"].strip(" .;")
                its = f"{second['verb']} {rest}" if second["verb"] else rest
                later = [
                    _Named(name, aliases, its, start, end, False, role)
                    for name, aliases in _names_in(second["list"])
                ]
            for name, aliases in _names_in(match["list"]):
                found.append(
                    _Named(name, aliases, services, start, end, pattern is _LEFT_OUT, role)
                )
            found.extend(later)
    found.sort(key=lambda n: n.start)
    return found


def _about(text: str) -> bool:
    """Whether ``text`` speaks of companies the service is handed to: "subservice
    organization", "subcontractor", "third-party service provider"."""
    return bool(ABOUT_SUBSERVICE.search(text) or _ABOUT_OUTSOURCED.search(text))


def _company_shaped(span: str) -> bool:
    """Whether a name read after "and" has a company's shape: a legal ending or an alias."""
    names = _names_in(span)
    return len(names) == 1 and (bool(names[0][1]) or has_ending(names[0][0], "sentence"))


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
    keys |= {without_ending(k, "sentence").strip(" ,") for k in list(keys)}
    return {k for k in keys if len(k) > 1}


def _method_of(named: _Named, text: str, others: Sequence[_Named]) -> str | None:
    """The method said of this organization, or None.

    Its own sentence first, then any sentence naming it or its alias (and no other named
    organization), then any sentence naming it among others that says one method only, then
    a sentence right after it that names none.
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
        if any(mentions(sentence, k) for k in keys) and not any(
            mentions(sentence, k) for k in other_keys
        ):
            method = _method_in(sentence)
            if method:
                return method
    # "Acme has elected to carve out the controls of A and B": a sentence naming several
    # organizations that says one method only (_method_in: None when it says both) says it
    # of each of them.
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        if s != named.start and any(mentions(sentence, k) for k in keys):
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
    if follow_start >= named.end and not any(mentions(following, k) for k in other_keys):
        method = _method_in(following)
        if method:
            return method
    return None


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

    ``items`` are the pages' :func:`~soc2parse.facts.description.description_passages`, when
    already read. The sentence
    forms are read in the passages under a "Subservice Organizations" heading, and in any
    passage that says "subservice", names a provider role, or leaves a company's services out
    of scope; ``any_sentence`` reads "uses X for ..." in every passage. ``exclude`` names
    the service organization, never one of its subservice organizations.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = under(items, SUBSERVICE_HEADING)
    chosen = [p for p in items if not p.heading]
    offsets: list[int] = []
    parts: list[str] = []
    at = 0
    for passage in chosen:
        offsets.append(at)
        parts.append(passage.text)
        at += len(passage.text) + 1
    text = " ".join(parts)
    in_block = {id(p) for p in block}
    named: list[_Named] = []
    for passage, offset in zip(chosen, offsets, strict=True):
        # A passage that says "subservice" or leaves services out of scope is about them.
        reads_uses = (
            any_sentence
            or id(passage) in in_block
            or bool(_about(passage.text) or _CARVE_OUT.search(passage.text))
        )
        local = _sentences_named(
            passage.text, any_sentence=reads_uses, under_heading=id(passage) in in_block
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
        and (block or (ABOUT_SUBSERVICE.search(said) and not any_sentence))
        and not _NO_SUBSERVICE.search(said)
    ):
        warnings = ("the description mentions subservice organizations but none could be named",)
    return tuple(found), warnings


def collective_method(pages: Sequence[Page], items: Sequence[Passage] | None = None) -> str | None:
    """The method the pages say of the subservice organizations together, or None.

    "Tessaro uses two subservice organisations, listed in Attachment C. Their controls are
    excluded from the description (carve-out method)": a sentence about subservice
    organizations, or the sentence right after it when it speaks of them together
    ("Their", "These", "Both"), that says one method. None when the pages say none, or
    say both. ``items`` are the pages' description passages, when already read.
    """
    if items is None:
        items = description_passages(pages)
    text = " ".join(p.text for p in items if not p.heading)
    spans = sentence_spans(text)
    said: set[str] = set()
    for k, (start, end) in enumerate(spans):
        if not ABOUT_SUBSERVICE.search(text[start:end]):
            continue
        method = _method_in(text[start:end])
        if method is None and k + 1 < len(spans):
            after = text[spans[k + 1][0] : spans[k + 1][1]]
            # Only a sentence that speaks of them together: "Their controls ...".
            method = _method_in(after) if _TOGETHER.match(after) else None
        if method:
            said.add(method)
    return said.pop() if len(said) == 1 else None


# How a sentence refers back to organizations named together: "Their controls", "These".
_TOGETHER = regex.compile(r"^\s*(?:their|these|those|such|both|all|each)\b", regex.IGNORECASE)
