"""Key/value fields: each control as a block of labelled rows or paragraphs.

A key/value block prints each control as rows of a label and its value, the label
in a column of its own ("Control Number | CC1.1.1", "Tests Performed | ...") or
before a colon ("Tests performed: ...", "Results: ..."), the value wrapping onto the
lines below. Prose (``controls.prose``) opens a control with a line of its own and
goes on with such labelled paragraphs.

``field_label`` reads a label line as a :data:`~soc2parse.controls.common.Label`;
:class:`Fields` takes label lines in turn: an ``id`` field (or a prose opener)
starts a control, other fields go on the current one, and lines starting at or
right of the value's x continue the last field. Tests whose steps carry their own
results ("1. Inspected ... Result: No exceptions noted.") give one result per step.
The labels' wordings are rules of ``models/controls.jsonl`` (``field-<role>``,
``step-result``); the "Label: value" shape stays here.
"""

from __future__ import annotations

import attrs
import regex

from soc2parse.controls.common import (
    STEP_START,
    TRIM,
    Draft,
    Label,
    Reading,
    criteria_in,
    heading_like,
    looks_like_control_id,
    spaced_id,
)
from soc2parse.controls.items import TextLine, join_lines
from soc2parse.text.rules import wording

__all__ = ["Fields", "field_label"]


# Key/value layouts: each control as a block of labelled rows.
_KV_LABELS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("id", wording("controls", "field-id")),
    ("description", wording("controls", "field-description")),
    ("criteria", wording("controls", "field-criteria")),
    ("tests", wording("controls", "field-tests")),
    ("result", wording("controls", "field-result")),
)


_KV_COLON = regex.compile(r"^(?P<label>[A-Za-z][A-Za-z #.'’]{1,45}?)\s*:\s*(?P<value>.*)$")


def field_label(line: TextLine) -> Label | None:
    """``(role, value, value x)`` when a line opens a key/value row ("Control Number  CC1.1.1").

    The value x is where continuation lines of a value in its own column start; for a
    "Label: value" line it is the line's own start.
    """
    colon = _KV_COLON.match(line.text)
    if colon and len(colon["label"].split()) <= 4:
        # "Tests performed: ..." (set justified, its phrases are single words).
        for role, pattern in _KV_LABELS:
            if pattern.match(colon["label"].strip()):
                return role, colon["value"], line.x0
    if len(line.phrases) >= 2:
        label = line.phrases[0].rstrip(":").strip()
        for role, pattern in _KV_LABELS:
            if pattern.match(label):
                # "Results: ..." set justified splits at every word: its value wraps to the
                # line's own start, not to where its second word happens to stand.
                value_x0 = line.x0 if line.phrases[0].endswith(":") else line.phrase_x0s[1]
                return role, " ".join(line.phrases[1:]), value_x0
    if colon:
        for role, pattern in _KV_LABELS:
            if pattern.match(colon["label"].strip()):
                return role, colon["value"], line.x0
    return None


@attrs.define
class Fields:
    """The labelled field being read, if any: its role and where its continuation lines
    start."""

    role: str | None = None
    x0: float = 0.0

    def stop(self) -> None:
        """No field goes on: a table row, a heading or an unlabelled line came between."""
        self.role = None

    def take(self, reading: Reading, label: Label, page: int) -> bool:
        """Take a labelled line (a prose opener is an ``id`` label): an id starts a control,
        whose description follows on the line or below it; another field goes on the
        current control while a field is being read. False when the line is neither."""
        role, value, self.x0 = label
        if role == "id":
            words = value.split()
            token = words[0].strip(TRIM) if words else ""
            spaced = None if looks_like_control_id(token) else spaced_id(words, dotted=True)
            if spaced is not None:
                token, words = spaced, [spaced, *words[2:]]
            if looks_like_control_id(token) or spaced is not None:
                current = reading.open(token, reading.criteria)
                current.add_page(page)
                # A prose opener's description follows the id on its line or below it
                # (a key/value block goes on with a label line instead).
                self.role = "description"
                if len(words) > 1:
                    current.description.append(" ".join(words[1:]))
                return True
        if reading.current is not None and self.role is not None:
            self.role = _add_value(reading.current, role, value, page)
            return True
        return False

    def go_on(self, reading: Reading, line: TextLine) -> bool:
        """Add an unlabelled ``line`` to the field being read when it continues it (not a
        heading, not left of the value); else no field goes on any more."""
        if (
            self.role is not None
            and reading.current is not None
            and not heading_like(line)
            and line.x0 >= self.x0 - 3.0
        ):
            self.role = _add_value(reading.current, self.role, line.text, line.page)
            return True
        self.role = None
        return False


# A test step's own result inside the tests paragraph: "1. Inspected the settings.
# Result: No exceptions noted." (after a sentence, or at the start of a line).
_STEP_RESULT = wording("controls", "step-result")


def _add_value(draft: Draft, role: str, value: str, page: int) -> str:
    """Add a labelled value (or a line continuing one) to ``draft``; return the role the
    next continuation line goes to.

    Tests whose steps carry their own results ("1. Inspected ... Result: No exceptions
    noted.") give one result per step: the role ``step_result`` goes on with the step's
    result until a line opens the next step.
    """
    draft.add_page(page)
    if role == "step_result":
        if STEP_START.match(value):
            return _add_value(draft, "tests", value, page)
        text, first_page = draft.results[-1]
        draft.results[-1] = (join_lines((text, value)), first_page)
        return role
    if role == "description":
        draft.description.append(value)
    elif role == "tests":
        inline = _STEP_RESULT.search(value)
        if inline is not None:
            if value[: inline.start()].strip():
                draft.tests.append(value[: inline.start()].strip())
            draft.results.append((value[inline.end() :].strip(), page))
            return "step_result"
        draft.tests.append(value)
    elif role == "result":
        if draft.results:
            text, first_page = draft.results[-1]
            draft.results[-1] = (join_lines((text, value)), first_page)
        else:
            draft.results.append((value, page))
    elif role == "criteria":
        draft.criteria = criteria_in(value) or draft.criteria
    return role
