"""Warnings about what the readers of section IV may have missed.

``check_unread`` looks at the items no reader took after the first control: control
ids (of the shape of those read, ``ids_seen``) and test result wordings there belong
to no control read, and an exception wording read into a description suggests a
misread table. ``check_furniture`` warns when lines dropped as running headers or
footers open with a control id. ``ids_seen`` and ``id_list`` also serve the warning
given when no control table could be read at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from soc2parse._pages import Page
from soc2parse.controls.common import (
    STRONG_ID,
    TRIM,
    Draft,
    criteria_in,
    heading_like,
    looks_like_control_id,
)
from soc2parse.controls.items import Item, TableRow, TextLine, join_lines
from soc2parse.controls.results import ResultKind, result_kinds

__all__ = ["check_furniture", "check_unread", "id_list", "ids_seen"]


def _item_texts(item: Item) -> list[str]:
    if isinstance(item, TableRow):
        return [text for _, text in item.cells if text] or [item.text]
    return [item.text]


_LETTER_RUN = regex.compile(r"[A-Za-z]+")


_DIGIT_RUN = regex.compile(r"\d+")


def _id_shape(control_id: str) -> str:
    """An id's shape: letters as "A", digit runs as "9" ("CC6.1.2" -> "A.9.9", "AC-03" -> "A-9")."""
    return str(_DIGIT_RUN.sub("9", _LETTER_RUN.sub("A", control_id)))


def ids_seen(items: Sequence[Item], known: Sequence[str]) -> dict[str, int]:
    """Control ids opening a line or a cell of ``items``, with their first page.

    With ``known`` ids, only ids of the same shape count; without, only ids that hold a
    letter and a digit with a separator ("CC6.1.2", "AC-03"), never a criterion.
    """
    shapes = {_id_shape(k) for k in known}
    seen: dict[str, int] = {}
    for item in items:
        for text in _item_texts(item):
            words = text.split()
            token = words[0].strip(TRIM) if words else ""
            if not looks_like_control_id(token) or criteria_in(token):
                continue
            wanted = _id_shape(token) in shapes if shapes else STRONG_ID.match(token) is not None
            if wanted and token.casefold() not in {k.casefold() for k in known}:
                seen.setdefault(token, item.page)
    return seen


def id_list(seen: dict[str, int]) -> str:
    """The first ids seen, each with its page, for a warning."""
    shown = [f"{token} (page {page})" for token, page in list(seen.items())[:8]]
    return ", ".join(shown) + (" and others" if len(seen) > 8 else "")


def check_unread(unread: Sequence[Item], drafts: Sequence[Draft], warnings: list[str]) -> None:
    """Warn about control ids and result wordings in the section that no control took.

    Only what follows the first control counts (the section's introduction explains
    its tests in words of its own).
    """
    first = min((d.pages[0] for d in drafts if d.pages), default=0)
    rest = [item for item in unread if item.page >= first]
    seen = ids_seen(rest, [d.control_id for d in drafts])
    if seen:
        warnings.append(
            f"{len(seen)} control ids appear in the tests of controls but were not read as "
            f"controls: {id_list(seen)}; controls and exceptions may be missing"
        )
    inside = [
        f"{d.control_id} (page {d.pages[0]})"
        for d in drafts
        if d.pages and ResultKind.EXCEPTION in result_kinds(join_lines(d.description))
    ]
    if inside:
        warnings.append(
            "exception wordings were read into control descriptions, not results: "
            + ", ".join(inside[:8])
            + (" and others" if len(inside) > 8 else "")
            + "; the table may have been misread"
        )
    pages: dict[ResultKind, list[int]] = {}
    for item in rest:
        if isinstance(item, TextLine) and heading_like(item):
            continue  # "B. Exceptions Noted and Management's Responses" is a heading
        for text in _item_texts(item):
            for kind, count in result_kinds(text).items():
                pages.setdefault(kind, []).extend([item.page] * count)
    names = {
        ResultKind.EXCEPTION: "exception",
        ResultKind.NOT_TESTED: "not-tested",
        ResultKind.NO_EXCEPTION: "no-exception",
    }
    parts = [
        f"{len(found)} {names[kind]} result{'s' if len(found) > 1 else ''} "
        f"(pages {', '.join(str(p) for p in sorted(set(found)))})"
        for kind, found in sorted(pages.items(), key=lambda kv: list(names).index(kv[0]))
    ]
    if parts:
        read = Counter[ResultKind]()
        for draft in drafts:
            for text, _ in draft.results:
                read.update(result_kinds(text))
        warnings.append(
            "test result wordings in the tests of controls belong to no control read: "
            + "; ".join(parts)
            + f" (read: {read[ResultKind.EXCEPTION]} exception, "
            f"{read[ResultKind.NOT_TESTED]} not-tested, "
            f"{read[ResultKind.NO_EXCEPTION]} no-exception); "
            + (
                "an exception there was not read"
                if ResultKind.EXCEPTION in pages
                else "controls there may be missing"
            )
        )


def check_furniture(pages: Sequence[Page], ids: set[str], warnings: list[str]) -> None:
    """Warn when lines dropped as running headers or footers look like control rows."""
    lost = sorted(
        {
            token
            for page in pages
            for text in page.furniture
            for token in text.split()[:1]
            if looks_like_control_id(token) and not token.isdigit() and token not in ids
        }
    )
    if lost:
        warnings.append(
            "lines that look like control rows were removed as running headers or footers "
            f"(control ids {', '.join(lost[:10])}); those controls may be missing or incomplete"
        )
