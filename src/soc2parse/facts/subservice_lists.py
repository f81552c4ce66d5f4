"""Subservice organizations listed as bullets under a "Subservice Organizations" heading.

"• Okta, Inc. – identity management (carve-out)", "• AWS: hosting": each item
after an introduction about organizations, providers or vendors (not one about
the controls expected at them) names one organization or a list of several,
then its services, perhaps its method. When the markers were drawn as graphics
and lost, the items are the lines indented under an introduction that ends with
a colon. An item's method is its own note, else what the text around the list
says of it, else of them all. The introductions' and the method note's wordings are
rules of ``models/subservice.jsonl``.

:func:`read_listed_subservice_organizations` joins these lists with the tables
of :mod:`soc2parse.facts.subservice_tables`, one entry per organization.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from soc2parse._model import Evidence, SubserviceOrganization
from soc2parse._pages import Line, Page
from soc2parse.facts.description import SUBSERVICE_HEADING
from soc2parse.facts.subservice_tables import (
    Listed,
    companies,
    method_in,
    method_near,
    read_tables,
)
from soc2parse.text.names import same_organization
from soc2parse.text.passages import BULLET, passages
from soc2parse.text.rules import wording

__all__ = ["read_listed_subservice_organizations"]

# What introduces a list of organizations, not of their controls.
_LIST_INTRO = wording("subservice", "list-intro")
# What introduces a list of their controls instead: "complementary subservice", "CSOCs".
_CONTROLS_INTRO = wording("subservice", "controls-intro")
# "Okta, Inc. – identity management", "AWS: hosting", "Equinix - colocation (carve-out)".
_LIST_SPLIT = regex.compile(r"\s+[–—-]\s+|\s*:\s+|\s+[–—]\s*")
# An item's own method at its end: "(carve-out)", "using the inclusive method."
_METHOD_NOTE = wording("subservice", "list-method-note")
# A list's introduction is looked for this many lines at most under the subservice heading.
_MAX_INTRO = 40
# How far past its introduction a list item whose marker was lost is set.
_INDENT = 8.0
# A line ending so carries on onto the next: "Amazon Web Services, Inc. – cloud hosting and".
_CARRIES_ON = regex.compile(r"(?:[,–—\-&]|\band|\bof|\bthe)\s*$", regex.IGNORECASE)


def _lists(pages: Sequence[Page]) -> list[Listed]:
    """Bulleted items under a "Subservice Organizations" heading that name a company."""
    # A list is read only under such a heading, and a heading is one line: without one,
    # the pages need not be read into passages at all.
    lines = (line for page in pages if not page.is_toc for line in page.lines)
    if not any(SUBSERVICE_HEADING.match(line.text) for line in lines):
        return []
    items = passages(pages, known_headings=SUBSERVICE_HEADING)
    found: list[Listed] = []
    inside = False
    block: list[str] = []
    intro = ""
    for item in items:
        if item.heading:
            if inside and found:
                break
            inside = SUBSERVICE_HEADING.match(item.text) is not None
            intro = ""
            continue
        if not inside:
            continue
        if not item.bullet:
            block.append(item.text)
            intro = item.text
            continue
        if intro and (_CONTROLS_INTRO.search(intro) or not _LIST_INTRO.search(intro)):
            continue
        found.extend(_item(item.text, item.page))
    return _with_methods(found, " ".join(block))


def _item(text: str, page: int) -> list[Listed]:
    """The organizations a list item names: "Okta, Inc. – identity management (carve-out)"."""
    shown = text
    text = str(BULLET.sub("", text, count=1)).strip()
    note = _METHOD_NOTE.search(text)
    own = method_in(note.group()) if note else None
    text = text[: note.start()] if note else text
    name_part, services = text, None
    split = _LIST_SPLIT.search(text)
    if split:
        name_part, services = text[: split.start()], text[split.end() :].strip(" .;") or None
    return [
        Listed(
            SubserviceOrganization(name, services, own, Evidence(page, shown)),
            Evidence(page, shown),
        )
        for name in companies(name_part)
    ]


def _with_methods(found: Sequence[Listed], context: str) -> list[Listed]:
    """Each item's method: its own, else what ``context`` says of it, else of them all."""
    return [
        attrs.evolve(
            f,
            organization=attrs.evolve(
                f.organization,
                method=f.organization.method or method_near(f.organization.name, context),
            ),
        )
        for f in found
    ]


def _unmarked_lists(pages: Sequence[Page]) -> list[Listed]:
    """A list whose markers were lost (drawn as graphics): lines indented under a colon.

    Under a "Subservice Organizations" heading, an introduction about organizations,
    providers or vendors that ends with a colon ("… operated by the following providers:"),
    then lines indented past it, each line one item unless it continues the one above (it
    opens in lower case, or the line above ran to the right margin).
    """
    lines = [(p.number, line) for p in pages if not p.is_toc for line in p.lines]
    found: list[Listed] = []
    for index, (_, line) in enumerate(lines):
        if not SUBSERVICE_HEADING.match(line.text):
            continue
        intro: list[str] = []
        for at in range(index + 1, min(len(lines), index + _MAX_INTRO)):
            current = lines[at][1]
            if current.bold:
                break
            intro.append(current.text)
            said = " ".join(intro)
            if not current.text.rstrip().endswith(":"):
                continue
            if _CONTROLS_INTRO.search(said) or not _LIST_INTRO.search(said):
                intro.clear()
                continue
            items, after = _indented(lines, at)
            context = " ".join(
                [said, *(t.text for _, t in lines[after : after + 10] if not t.bold)]
            )
            found.extend(_with_methods([x for n, t in items for x in _item(t, n)], context))
            break
    return found


def _indented(lines: Sequence[tuple[int, Line]], intro: int) -> tuple[list[tuple[int, str]], int]:
    """The items indented under ``lines[intro]``, and the index of the line after them.

    Each line is an item unless it carries on the one above: it opens in lower case, or the
    line above ends with a comma, a dash, "&", "and" or "of".
    """
    left = lines[intro][1].x0 + _INDENT
    items: list[tuple[int, str]] = []
    at = intro + 1
    while at < len(lines) and lines[at][1].x0 >= left and not lines[at][1].bold:
        number, line = lines[at]
        if items and (line.text[:1].islower() or _CARRIES_ON.search(items[-1][1])):
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.text}")
        else:
            items.append((number, line.text))
        at += 1
    return items, at


def read_listed_subservice_organizations(
    pages: Sequence[Page],
) -> tuple[tuple[Listed, ...], tuple[str, ...]]:
    """Subservice organizations from tables and bulleted lists in ``pages``, first seen first.

    Returns:
        The organizations (one per name, the first row or item that names it, filled in by
        later ones), and warnings for subservice tables none of whose rows could be read.
    """
    tables, warnings = read_tables(pages)
    out: list[Listed] = []
    for listed in (*tables, *_lists(pages), *_unmarked_lists(pages)):
        for i, kept in enumerate(out):
            if same_organization(kept.organization.name, listed.organization.name):
                old, new = kept.organization, listed.organization
                out[i] = attrs.evolve(
                    kept,
                    organization=SubserviceOrganization(
                        old.name, old.services or new.services, old.method or new.method
                    ),
                )
                break
        else:
            out.append(listed)
    return tuple(out), tuple(warnings)
