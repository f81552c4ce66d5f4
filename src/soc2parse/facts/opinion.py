"""The service auditor's opinion: unqualified, qualified, adverse, disclaimer, or unknown.

The decision rests on the Opinion paragraph of the service auditor's report and
nothing else: the paragraph under an "Opinion" heading (or a modified heading:
"Qualified Opinion", "Adverse Opinion", "Disclaimer of Opinion"), or, when the
report has no such headings, the paragraph that says "In our opinion" or "we do
not express an opinion". Emphasis-of-matter, other-matter and other-information
paragraphs, and the sentences saying that section V is not covered or that a
prior period's opinion was modified, are set aside. The wording rules live in
``models/opinion.jsonl``: spaCy phrase and token rules for the sentences, and the
regexes ``opinion-heading`` and ``run-in-heading`` the headings are read with.

Every signal found must agree: the opinion paragraph's wording, its heading and
any "Basis for ... Opinion" heading. When they disagree, or nothing is found,
the answer is ``unknown`` with a warning saying why; it is never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import Evidence, Opinion, OpinionKind, Section, SectionKind
from soc2parse._pages import Document
from soc2parse.sections import opinion_reading_pages
from soc2parse.text.clean import QUOTES
from soc2parse.text.passages import Passage, passages, sentence_at
from soc2parse.text.rules import rule_set, wording

__all__ = ["OpinionReading", "classify_opinion_text", "read_opinion"]


# Headings of the opinion report, matched against a whole line (a trailing colon or period
# allowed): "Opinion", "Qualified Opinion", "Basis for Adverse Opinion",
# "Disclaimer of Opinion", "Emphasis of Matter", "Other Matter", "Restricted Use".
OPINION_HEADING = wording("opinion", "opinion-heading")

# A heading run into its paragraph's first words: "Opinion In our opinion, ...",
# "Qualified Opinion: In our opinion, except for ..."
_RUN_IN = wording("opinion", "run-in-heading")

_MOD_KIND = {
    "qualified": OpinionKind.QUALIFIED,
    "adverse": OpinionKind.ADVERSE,
    "unqualified": OpinionKind.UNQUALIFIED,
    "unmodified": OpinionKind.UNQUALIFIED,
}
# Straight quotes and spaces for matching; one character for one, so offsets still hold.
_PLAIN = str.maketrans({**QUOTES, "\u00a0": " ", "\u2011": "-"})


@attrs.frozen
class OpinionReading:
    """The opinion, and what could not be decided about it."""

    opinion: Opinion
    warnings: tuple[str, ...] = ()


@attrs.frozen
class _Block:
    """Passages that follow one heading of the opinion report, up to the next heading."""

    heading: str | None
    heading_page: int | None
    role: str  # opinion | basis | aside | other
    kind: OpinionKind | None
    passages: tuple[Passage, ...]


@attrs.frozen
class _Signal:
    """A wording signal in the opinion paragraph: its label and where it was found."""

    label: str
    rule_id: str
    passage: Passage
    start: int


def _heading_role(text: str) -> tuple[str, OpinionKind | None] | None:
    match = OPINION_HEADING.fullmatch(text.translate(_PLAIN))
    if match is None:
        return None
    if match["aside"]:
        return "aside", None
    if match["neutral"]:
        return "other", None
    kind = None
    if match["disclaimer"]:
        kind = OpinionKind.DISCLAIMER
    elif match["mod"]:
        kind = _MOD_KIND.get(match["mod"].lower())
    return ("basis" if match["basis"] else "opinion"), kind


def _blocks(items: Sequence[Passage]) -> tuple[_Block, ...]:
    """Group passages under the headings of the opinion report."""
    blocks: list[_Block] = []
    heading: str | None = None
    heading_page: int | None = None
    role, kind = "other", None
    body: list[Passage] = []

    def close() -> None:
        if heading is not None or body:
            blocks.append(_Block(heading, heading_page, role, kind, tuple(body)))

    for item in items:
        run_in = None if item.heading else _RUN_IN.match(item.text.translate(_PLAIN))
        text = run_in["heading"] if run_in else item.text
        found = _heading_role(text.strip())
        if found is None and not item.heading:
            body.append(item)
            continue
        close()
        heading, heading_page, body = text.strip(), item.page, []
        role, kind = found if found is not None else ("other", None)
        if run_in:
            cut = run_in.end()
            rest = item.text[cut:]
            starts = tuple((max(0, o - cut), p) for o, p in item.starts)
            body.append(Passage(rest, starts))
    close()
    return tuple(blocks)


_STATING = frozenset({"OPINION", "UNMODIFIED", "DISCLAIMER"})
# A lead-in that a list of clauses completes: "In our opinion, in all material respects,".
_OPEN_END = regex.compile(r"(?:[:,;]|\b(?:and|or|that))\s*$", regex.IGNORECASE)


def _merge_bullets(items: Sequence[Passage]) -> list[Passage]:
    """Join list items to the sentence they complete, so one sentence is one passage."""
    merged: list[Passage] = []
    listing = False
    for item in items:
        opens = bool(merged) and (listing or _OPEN_END.search(merged[-1].text) is not None)
        listing = opens and item.bullet and not item.heading
        if listing:
            head = merged[-1]
            shift = len(head.text) + 1
            starts = head.starts + tuple(
                (o + shift, p) for o, p in item.starts if p != head.starts[-1][1] or o > 0
            )
            merged[-1] = Passage(f"{head.text} {item.text}", starts, bullet=head.bullet)
        else:
            merged.append(item)
    return merged


# A word hyphenated at a line's end ("ex- cept", "signifi- cance": lines are joined by a
# space), and runs of white space, which spaCy would keep as tokens of their own.
_BREAK = regex.compile(r"(?<=\p{Ll})-\s+(?=\p{Ll})|\s{2,}|[^\S ]")


def _unbroken(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with hyphenation undone and white space single, and each offset's origin.

    >>> _unbroken("In our  opin- ion")[0]
    'In our opinion'
    """
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _BREAK.finditer(text):
        parts.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        if not match.group().startswith("-"):
            parts.append(" ")
            origin.append(match.start())
        position = match.end()
    parts.append(text[position:])
    origin.extend(range(position, len(text) + 1))
    return "".join(parts), tuple(origin)


def _signals(items: Sequence[Passage]) -> list[_Signal]:
    """Wording signals in ``items``, leaving out sentences that set themselves aside."""
    rules = rule_set("opinion")
    found: list[_Signal] = []
    for item in items:
        text, origin = _unbroken(item.text.translate(_PLAIN))
        matches = rules.matches(text)
        aside = [sentence_at(text, m.start) for m in matches if m.label == "ASIDE"]
        for match in matches:
            if match.label == "ASIDE":
                continue
            if any(start <= match.start < end for start, end in aside):
                continue
            found.append(_Signal(match.label, match.rule_id, item, origin[match.start]))
    return found


def _body_kind(signals: Sequence[_Signal]) -> tuple[OpinionKind | None, _Signal | None, str]:
    """The kind the opinion paragraph's wording gives, the deciding signal, and any conflict."""
    by_label: dict[str, _Signal] = {}
    # A heading's name quoted in the sentence ("the Basis for Qualified Opinion paragraph")
    # is weaker evidence than the wording itself, so it is chosen last.
    for signal in sorted(signals, key=lambda s: s.rule_id.endswith("-named")):
        by_label.setdefault(signal.label, signal)
    qualified = by_label.get("QUALIFIED")
    adverse = by_label.get("ADVERSE")
    disclaimer = by_label.get("DISCLAIMER") or by_label.get("INSUFFICIENT")
    significance = by_label.get("SIGNIFICANCE")
    opening = by_label.get("OPINION") or by_label.get("UNMODIFIED")
    if disclaimer is not None:
        if qualified is not None or adverse is not None:
            other = "except for" if qualified is not None else "negative conclusions"
            return None, disclaimer, f"it says both that no opinion is expressed and {other}"
        return OpinionKind.DISCLAIMER, disclaimer, ""
    if adverse is not None:
        named_adverse = any(s.rule_id == "adverse-opinion-named" for s in signals)
        if qualified is not None and (significance is not None or named_adverse):
            return None, adverse, "it reads both as qualified (except for) and as adverse"
        if qualified is not None:
            return OpinionKind.QUALIFIED, qualified, ""
        return OpinionKind.ADVERSE, significance or adverse, ""
    if qualified is not None:
        return OpinionKind.QUALIFIED, qualified, ""
    if significance is not None:
        # "Because of the significance of ..." leads to a modified conclusion this wording
        # did not recognise; it is never an unqualified opinion.
        return None, significance, ""
    if opening is not None:
        return OpinionKind.UNQUALIFIED, opening, ""
    return None, None, ""


def _evidence(signal: _Signal) -> Evidence:
    start, end = sentence_at(signal.passage.text.translate(_PLAIN), signal.start)
    return Evidence(signal.passage.page_at(start), signal.passage.text[start:end].strip())


def classify_opinion_text(items: Sequence[Passage]) -> OpinionReading:
    """Decide the opinion from the passages of an opinion report.

    Args:
        items: the opinion report's paragraphs and headings, in reading order.

    Returns:
        The opinion with its basis and evidence, or ``unknown`` with the reasons.
    """
    blocks = _blocks(items)
    opinion_blocks = [b for b in blocks if b.role == "opinion"]
    basis_blocks = [b for b in blocks if b.role == "basis"]
    if opinion_blocks:
        signals = _signals(_merge_bullets([p for b in opinion_blocks for p in b.passages]))
        where = "the Opinion paragraph"
    else:
        # No opinion heading: use the paragraphs that state an opinion, outside the
        # paragraphs set aside by their headings and outside any basis paragraph.
        loose = _signals(
            _merge_bullets([p for b in blocks if b.role == "other" for p in b.passages])
        )
        stating = {id(s.passage) for s in loose if s.label in _STATING}
        signals = [s for s in loose if id(s.passage) in stating]
        where = "the paragraph stating the opinion"
    body_kind, decisive, conflict = _body_kind(signals)

    heading_kinds = {b.kind for b in opinion_blocks if b.kind is not None}
    basis_kinds = {b.kind or OpinionKind.UNKNOWN for b in basis_blocks}
    # "Basis for Opinion" (ISAE style) names no modification.
    basis_kinds.discard(OpinionKind.UNKNOWN)
    basis_kinds.discard(OpinionKind.UNQUALIFIED)
    named = heading_kinds | basis_kinds

    if conflict:
        return _unknown(f"the opinion is contradictory: {where} {conflict}", decisive)
    if len(named) > 1:
        names = ", ".join(sorted(k.value for k in named))
        return _unknown(f"the opinion's headings disagree ({names})", decisive)
    if body_kind is None:
        if named and opinion_blocks and len(named) == 1:
            kind = next(iter(named))
            heading = next(b for b in blocks if b.kind is kind and b.role in {"opinion", "basis"})
            evidence = Evidence(heading.heading_page or 1, heading.heading or "")
            return _finish(
                kind,
                evidence,
                basis_blocks,
                (
                    f"the opinion was read from the heading {heading.heading!r} alone: "
                    f"{where} has no recognisable opinion wording",
                ),
            )
        if opinion_blocks:
            return _unknown(f"{where} was found but its wording was not recognised", None)
        return _unknown("no opinion paragraph was found in the service auditor's report", None)
    assert decisive is not None
    if named and body_kind not in named:
        heading_name = next(iter(named)).value
        return _unknown(
            f"the opinion is contradictory: {where} reads as {body_kind.value} "
            f"but a heading names a {heading_name} opinion",
            decisive,
        )
    return _finish(body_kind, _evidence(decisive), basis_blocks, ())


def _finish(
    kind: OpinionKind, evidence: Evidence, basis_blocks: Sequence[_Block], notes: tuple[str, ...]
) -> OpinionReading:
    if kind is OpinionKind.UNQUALIFIED:
        return OpinionReading(Opinion(kind, None, evidence), notes)
    texts = [p.text for b in basis_blocks for p in b.passages if b.kind in {kind, None}]
    basis = " ".join(texts) if texts else None
    if basis is None:
        notes = (
            *notes,
            f"the {kind.value} opinion's 'Basis for ... Opinion' paragraph was not found",
        )
    return OpinionReading(Opinion(kind, basis, evidence), notes)


def _unknown(reason: str, signal: _Signal | None) -> OpinionReading:
    evidence = _evidence(signal) if signal is not None else None
    return OpinionReading(Opinion(OpinionKind.UNKNOWN, None, evidence), (reason,))


# Reports this long without an opinion section are searched only in their opening pages,
# where the auditor's report always sits.
_SEARCH_PAGES = 40


def read_opinion(
    document: Document,
    sections: Sequence[Section],
    section_passages: Sequence[Passage] | None = None,
) -> OpinionReading:
    """Read the opinion from the opinion section, or search the report when there is none.

    Args:
        document: the extracted document.
        sections: the sections the section finder found.
        section_passages: the passages of the opinion's reading pages, when the caller has
            built them already (``sections.opinion_reading_pages``).

    Returns:
        The opinion with its basis and evidence, and warnings for what was not certain.
    """
    if section_passages is not None:
        return classify_opinion_text(section_passages)
    pages = opinion_reading_pages(document, sections)
    notes: tuple[str, ...] = ()
    if pages is None:
        elsewhere = {
            n
            for s in sections
            if s.kind is not SectionKind.OPINION
            for n in range(s.first_page, s.last_page + 1)
        }
        pages = tuple(
            p for p in document.pages[:_SEARCH_PAGES] if not p.is_toc and p.number not in elsewhere
        )
        notes = (
            "no service auditor's report section was found; the opinion was searched for "
            "in the pages outside the other sections",
        )
    reading = classify_opinion_text(passages(pages, known_headings=OPINION_HEADING))
    return attrs.evolve(reading, warnings=(*notes, *reading.warnings))
