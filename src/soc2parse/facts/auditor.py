"""The signing firm: the CPA firm (or sole practitioner) that signed the auditor's report.

Read from a line with a firm's legal ending at the end of the report, the
signature block, a label ("Prepared by", "Service Auditor:"), the firm most
often named with a legal ending, the letterhead, or a well-known firm named in
the report; when the signature is an image and only a city and date remain, the
firm is looked for in the letterhead, the restricted-use notice and the tests of
controls. Each answer keeps the page and line it was read from, or says why
there is none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import attrs
import regex

from soc2parse._model import Evidence
from soc2parse._pages import Page
from soc2parse.facts.firms import (
    FIRM,
    FIRM_LINE,
    PERSON,
    find_firms,
    generic,
    is_standard_setter,
    known_firms,
    name_like,
    person,
    strong,
    tidy,
)
from soc2parse.facts.places import is_place
from soc2parse.facts.signature import Seen, signature_block, signature_lines
from soc2parse.text.names import ending_pattern, name_key
from soc2parse.text.rules import wording

__all__ = [
    "Auditor",
    "read_auditor",
]


# The line under a credentialed signer that makes them the auditor in their own right:
# "Independent Service Auditor", "Service Auditor", "Certified Public Accountant" (one person;
# the plural is a firm's line), "Independent Practitioner", "Independent Accountant".
_SIGNS_AS_AUDITOR = wording("facts", "signs-as-auditor")
# "Prepared by Whitmore Ashby", "Report issued by: ...", "Independent Service Auditor: ...",
# "Audit firm - ...", "The examination was performed by Whitmore Ashby, an independent ...".
_LABEL = wording("facts", "auditor-label")
_BY_IN_TEXT = wording("facts", "performed-by")
# "Whitmore Ashby LLP conducted the examination", "Harbor & Finch performed this engagement".
_CONDUCTED = wording("facts", "conducted-by")
# The restricted-use notice: "do not acquire any rights against Whitmore Ashby LLP",
# "assume no responsibility ... and do not acquire rights as against Harbor & Finch".
_RIGHTS_AGAINST = wording("facts", "rights-against")
# A sentence about another organization's report names that report's auditor: "the
# subservice organization's SOC 2 report issued by X", "AWS's SOC 1 report, prepared by X",
# "the vendor's report".
_ANOTHER_REPORT = wording("facts", "another-organization-report")
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
_REPORT_TITLE = wording("facts", "auditor-report-title")
# What a signed name may lack that the report gives elsewhere: "Whitmore Ashby" -> "... LLP".
# A conformed signature's "/s/" before the signer's name.
_SIGNED_MARK = wording("facts", "signed-mark")
_LEGAL_ENDING = regex.compile(rf",?\s*{ending_pattern('firm', dots='optional')}")
# A single-word name, unless it is a known firm, is not taken: a surname or a city alone
# reads the same.
_MIN_WORDS = 2


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


def _key(name: str) -> str:
    return name_key(name, plus=True)


def _same_firm(a: str, b: str) -> bool:
    """True when one name is the other with or without its legal ending."""
    ka, kb = _key(a), _key(b)
    return (
        bool(ka) and bool(kb) and (ka == kb or kb.startswith(f"{ka} ") or ka.startswith(f"{kb} "))
    )


def _describe(seen: Sequence[Seen]) -> str:
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
        name = FIRM.match(candidate)
        value = name["name"] if name else (_NAME_RUN.match(candidate) or [""])[0]
        value = tidy(_SENTENCE_STOP.sub("", value.strip(" ,;:")))
        if (
            value
            and allowed(value)
            and not person(value)
            and not generic(value)
            and not is_place(value)
            and (len(value.split()) >= _MIN_WORDS or strong(value))
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
                name_like(text)
                and strong(text)
                and allowed(text)
                and not is_place(text)
                and not generic(text)
                and not person(text)
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

    lines = signature_lines(opinion_pages)
    for number, line in reversed(lines[-40:]):
        match = FIRM_LINE.match(line.text)
        if match and allowed(match["name"]) and not person(match["name"]):
            return Auditor(tidy(match["name"]), Evidence(number, line.text.strip()))

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
        firm_like = [s for s in names if strong(s.text) or corroborated(s.text)]
        names = firm_like if len(firm_like) == 1 else names
    if len(names) > 1:
        both = " and ".join(repr(s.text) for s in names[:2])
        return Auditor(
            None, warning=f"the signing firm is unclear: the signature block names {both}"
        )
    others = sorted({n for n, _ in labelled} | set(counts))
    if names:
        (signed,) = names
        evidence = Evidence(signed.page, signed.text)
        if strong(signed.text) or corroborated(signed.text):
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
        for m in known_firms(text)
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
    block: Sequence[Seen], opinion_pages: Sequence[Page], elsewhere: Sequence[Page]
) -> Auditor | None:
    """A sole practitioner signing in their own name: "Jane Roe, CPA", with no firm's title.

    Taken only when the block holds one credentialed person and no title ("Partner" says a
    firm stands behind them), and either the line under them says they sign as the auditor
    ("Independent Service Auditor", "Certified Public Accountant") or the report names that
    person elsewhere too: on the letterhead, the cover or in the restricted-use notice.
    """
    people = [s for s in block if s.role == "person" and PERSON.match(s.text)]
    if len(people) != 1 or any(s.role in {"title", "name"} for s in block):
        return None
    (signer,) = people
    name = PERSON.match(signer.text)
    assert name is not None
    signed = _SIGNED_MARK.sub("", signer.text).strip()
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
