"""Notes: paragraphs outside the tables that tell about a control read in them.

Below a control table, a report may tell an exception's details in a paragraph
naming the control ("CC6.1.2 – For 2 of 25 new hires, ..."): :class:`Notes` takes
such a paragraph, from the line naming a control read so far (``mentions``) to a
heading, as notes of that control. A result may instead point to a numbered
exception told elsewhere ("Refer to Exception 3"): ``follow_pointers`` gives it the
paragraph told under that number ("Exception 3: ...") among the lines no reader
took. A paragraph opening with a response label ("Management's Comment: ...") right
below a table that holds exactly one exception without a response is that exception's
response (``response_below``). ``controls.finish`` reads the finding and management's
response from the notes when the result holds none.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from soc2parse.controls.common import TRIM, Draft, Reading, heading_like
from soc2parse.controls.items import Item, TextLine
from soc2parse.controls.responses import (
    is_response_heading,
    opens_with_response,
    response_note,
    split_response,
)
from soc2parse.controls.results import ResultKind, classify_result
from soc2parse.text.rules import wording

__all__ = ["Notes", "follow_pointers", "mentions", "response_below"]


@attrs.define
class Notes:
    """The control whose paragraph is being read, if any."""

    draft: Draft | None = None

    def stop(self) -> None:
        """No paragraph goes on: a table row or a label line came between."""
        self.draft = None

    def take(self, reading: Reading, line: TextLine) -> bool:
        """Take ``line`` as a note: when it names a control read so far (the text after the
        id), or when it goes on with the paragraph being read and is no heading. Else no
        paragraph goes on any more, and False."""
        named = mentions(line.text, reading.by_id)
        if named is not None:
            self.draft = named
            rest = _after_id(line.text, named.control_id)
            if is_response_heading(line.text):
                # "Management Response – Control 3": the lines below are its response.
                rest = f"{response_note(line.text)} {rest}".strip()
            if rest:
                named.notes.append((rest, line.page))
            return True
        if self.draft is not None and not heading_like(line):
            self.draft.notes.append((line.text, line.page))
            return True
        self.draft = None
        return False


def response_below(table: Sequence[Draft], line: TextLine) -> Draft | None:
    """The control a response paragraph below a table answers, or None.

    ``line`` opens with a response label ("Management's Comment:", "Management's
    Response:") and names no control; ``table`` holds the controls of the table right
    above it. It answers the table's exception when the table holds exactly one that has
    no response yet: with two, which one it answers is not said, and none is taken.
    """
    if not (opens_with_response(line.text) or is_response_heading(line.text)):
        return None
    waiting = [d for d in table if _exception_without_response(d)]
    return waiting[0] if len(waiting) == 1 else None


def _exception_without_response(draft: Draft) -> bool:
    results = [split_response(text) for text, _ in draft.results]
    if any(response for _, response in results):
        return False
    if any(split_response(text)[1] for text, _ in draft.notes):
        return False
    return any(
        classify_result(finding, counts=True).kind is ResultKind.EXCEPTION for finding, _ in results
    )


def mentions(text: str, by_id: dict[str, Draft]) -> Draft | None:
    """The first control of ``by_id`` (ids casefolded) that a word of ``text`` names, or
    two words do ("Control 3", "SC 4")."""
    tokens = [token.strip(TRIM).casefold() for token in text.split()]
    for k, token in enumerate(tokens):
        draft = by_id.get(token)
        if draft is None and k + 1 < len(tokens):
            draft = by_id.get(f"{token} {tokens[k + 1]}")
        if draft is not None:
            return draft
    return None


def _after_id(text: str, control_id: str) -> str:
    index = text.casefold().find(control_id.casefold())
    return text[index + len(control_id) :].strip(" :.\u2013\u2014-") if index >= 0 else ""


# A result that names a numbered exception told elsewhere: "Refer to Exception 3",
# "See Exception No. 2 below", "Deviation #4".
_NUMBERED_POINTER = wording("controls", "exception-pointer")


# Where that exception is told: a line opening "Exception 3:", "Exception No. 3 –".
_NUMBERED_LABEL = wording("controls", "exception-label")


def follow_pointers(drafts: Sequence[Draft], unread: list[Item]) -> None:
    """Give a result that points to a numbered exception ("Refer to Exception 3") the
    paragraph told under that number among the lines no control took."""
    wanted: dict[str, Draft] = {}
    for draft in drafts:
        for text, _ in draft.results:
            if classify_result(text).kind is ResultKind.EXCEPTION:
                for match in _NUMBERED_POINTER.finditer(text):
                    wanted.setdefault(match["n"], draft)
    if not wanted:
        return
    taken: list[int] = []
    owner: Draft | None = None
    for index, item in enumerate(unread):
        if not isinstance(item, TextLine):
            owner = None
            continue
        label = _NUMBERED_LABEL.match(item.text)
        if label is not None:
            owner = wanted.get(label["n"])
            if owner is not None:
                rest = item.text[label.end() :].strip()
                if rest:
                    owner.notes.append((rest, item.page))
                taken.append(index)
            continue
        if owner is not None and not heading_like(item):
            owner.notes.append((item.text, item.page))
            taken.append(index)
        else:
            owner = None
    for index in reversed(taken):
        del unread[index]
