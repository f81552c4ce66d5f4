"""Complementary controls: those the user entities (CUECs) and the subservice organizations
(CSOCs) are expected to operate, as the description lists them.

CUECs follow a "Complementary User Entity Controls" heading: each bullet, or
each row of a table whose column is headed "Complementary User Entity
Control(s)", is one control; without a heading, the bullets after a sentence
introducing them. A statement that none are required gives an empty list.

CSOCs follow a "Complementary Subservice Organization Controls" heading or a
sentence introducing the controls expected at one organization; each is kept
apart from the CUECs, with its organization and the criteria printed with it.

The wordings (none required, the column heading, the introducing sentences, what a
CSOC says) are rules of ``models/complementary.jsonl``; criterion ids and sentence
starts stay here.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import regex

from soc2parse._model import ComplementarySubserviceControl, Evidence, SubserviceOrganization
from soc2parse._pages import Line, Page, Word
from soc2parse.facts.description import CSOC_HEADING, CUEC_HEADING, description_passages, under
from soc2parse.text.clean import join_lines
from soc2parse.text.names import mentions, unquoted, without_ending
from soc2parse.text.passages import BULLET, Passage
from soc2parse.text.rules import wording

__all__ = ["read_csocs", "read_cuecs", "read_cuecs_beside_controls", "split_alike"]


def read_cuecs_beside_controls(pages: Sequence[Page]) -> tuple[str, ...]:
    """CUECs printed in the tests of controls, each list under the criterion it serves.

    Some reports say in the description that the CUECs "are presented in Section IV under
    the criteria to which they relate", and print a "Complementary User Entity Controls:"
    heading with its bullets beside each criterion's controls. Every such list is read,
    each bullet one control, in the order printed; a control printed twice counts once.
    """
    items = description_passages(pages)
    found: list[str] = []
    inside = False
    for item in items:
        if inside and found and item.text[:1].islower():
            # A bullet's wrapped line, set apart (a short one in the list's bold face reads
            # as a heading, but no heading opens in lower case).
            found[-1] = f"{found[-1]} {item.text}"
            continue
        if item.heading:
            inside = CUEC_HEADING.match(item.text) is not None
            continue
        if inside and item.bullet:
            found.append(_strip_bullet(item.text))
        else:
            inside = False  # the list ends where its bullets do
    return tuple(dict.fromkeys(split_alike(found))) if found else ()


# "No complementary user entity controls are required", "the system was not designed with
# the assumption that user entity controls would be implemented", "None.", "none are
# required", "does not require any complementary user entity controls".
_NO_CUECS = wording("complementary", "no-cuecs")
# A list whose items open alike, set without markers or gaps: "User entities are responsible
# for ...", "Customers should ...". Its opener is this many words.
_OPENER_WORDS = 4
_SENTENCE_START = regex.compile(r"(?:^|(?<=[.;:!?]\s))(?=\p{Lu})")
# A table column headed "Complementary User Entity Control(s)", "User Entity Controls",
# "CUEC", "Complementary User Entity Controls (CUECs)".
_CUEC_COLUMN = wording("complementary", "cuec-column")


def read_cuecs(
    pages: Sequence[Page], items: Sequence[Passage] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The complementary user entity controls, one entry per control.

    ``items`` are the pages' :func:`~soc2parse.facts.description.description_passages`, when
    already read.
    """
    if not pages:
        return (), ()
    if items is None:
        items = description_passages(pages)
    block = under(items, CUEC_HEADING)
    if not block:
        rows = _table_rows(_after_heading(pages, CUEC_HEADING))
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
    rows = _table_rows(_after_heading(pages, CUEC_HEADING))
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
_CUEC_INTRO = wording("complementary", "cuec-intro")


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
    """Rows of the table whose column is headed "Complementary User Entity Control(s)", or
    "Description" beside a "CUEC #" number column."""
    for index, line in enumerate(lines[:_TABLE_REACH]):
        cells = _cells(line)
        numbered = any(_CUEC_NUMBER.fullmatch(text) for _, _, text in cells)
        for left, right, text in cells:
            if _CUEC_COLUMN.fullmatch(text) or (numbered and _DESCRIPTION.fullmatch(text)):
                return _collect_rows(lines[index + 1 :], left, right, line.size)
    return ()


# A CUEC table's number column ("CUEC #", "CUEC No.", "CUEC Ref") and the column of the
# controls beside it ("Description", "Control Description").
_CUEC_NUMBER = regex.compile(r"CUECs?\s*(?:#|no\.?|number|ref\.?|id)", regex.IGNORECASE)
_DESCRIPTION = regex.compile(r"(?:control\s+)?description|control", regex.IGNORECASE)


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
    # A word broken at a hyphen over two lines is one word: "multi-" "factor".
    return tuple(join_lines(r) for r in rows)


# --------------------------------------------- complementary subservice organization controls

# What opens a list of CSOCs in the text: "Complementary subservice organization controls
# expected at Azure:", "The following controls are expected to be implemented by AWS:",
# "AWS is expected to:".
_CSOC_INTRO = wording("complementary", "csoc-intro")
# A criterion id a CSOC row gives: "CC6.4", "A1.2", "PI1.3", "C1.1", "P4.2".
_CRITERION = regex.compile(r"\b(?:CC|PI|A|C|P)\d+\.\d+\b")
# What a CSOC says: "AWS is responsible for ...", "... are expected to ...", "implementing".
_CSOC_ITEM = wording("complementary", "csoc-item")


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
            inside = bool(CSOC_HEADING.match(item.text))
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
        keys = {plain, without_ending(plain, "sentence").strip(" ,")}
        keys |= {unquoted(a) for a in regex.findall(r"\(([^()]+)\)$", organization.name)}
        if any(len(k) > 1 and mentions(text, k) for k in keys):
            named.append(organization.name)
    return named[0] if len(named) == 1 else None
