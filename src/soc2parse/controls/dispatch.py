"""Section IV items to draft controls: each item to the reader of its layout family.

The table stage gives the items of section IV in reading order: rows of control
tables and every other line. One pass hands each item to a reader, chosen from
the item itself and from what the readers are in the middle of:

- a table row: the grid reader (``controls.grid.read_row``); a labelled field or a
  paragraph being read ends there;
- a line opening a complementary control's paragraph ("CSOC-01 ..."): skipped, and
  so are the lines after it up to a label, a heading or a criterion heading
  (``controls.prose``);
- a line that opens a prose control (``controls.prose.opener``) or a key/value row
  (``controls.keyvalue.field_label``): the key/value reader (``Fields.take``), which
  starts a control or adds the field to the current one;
- a criterion or control objective heading that names no control read so far: its
  criteria go to the controls below;
- a line continuing the field being read (``Fields.go_on``);
- a line naming a control read so far, and the paragraph it opens: notes of that
  control (``controls.notes.Notes``);
- a paragraph opening with a response label right below a table (the next item after
  its last row) whose only exception has no response yet: that exception's response
  (``controls.notes.response_below``);
- anything else: left unread, for the warnings (``controls.checks``) and for
  numbered exceptions (``controls.notes.follow_pointers``).
"""

from __future__ import annotations

from collections.abc import Sequence

from soc2parse.controls.common import GROUP, Draft, Reading
from soc2parse.controls.grid import read_row
from soc2parse.controls.items import Item, TableRow, TextLine
from soc2parse.controls.keyvalue import Fields, field_label
from soc2parse.controls.notes import Notes, mentions, response_below
from soc2parse.controls.prose import ends_complementary, opener, opens_complementary
from soc2parse.controls.responses import response_note

__all__ = ["items_to_drafts"]


def items_to_drafts(items: Sequence[Item], unread: list[Item] | None = None) -> list[Draft]:
    """Controls from the items in order; ``unread`` collects the items no control took."""
    reading = Reading(skipped=[] if unread is None else unread)
    fields = Fields()
    notes = Notes()
    complementary = False  # in a paragraph about a complementary control
    table: list[Draft] = []  # the controls of the table last read, while rows go on
    in_rows = False
    for item in items:
        if isinstance(item, TableRow):
            fields.stop()
            notes.stop()
            if not in_rows:
                table = []
            in_rows = True
            read_row(reading, item)
            if reading.drafts and not any(d is reading.drafts[-1] for d in table):
                table.append(reading.drafts[-1])
            continue
        right_below = in_rows  # the item right after a table's last row
        in_rows = False
        if opens_complementary(item):
            # No control of the service organization, nor part of the control above.
            complementary = True
            fields.stop()
            notes.stop()
            continue
        label = opener(item) or field_label(item)
        if complementary and not ends_complementary(item, label):
            continue
        complementary = False
        if label is not None:
            notes.stop()
            if fields.take(reading, label, item.page):
                continue
        if GROUP.match(item.text) and not mentions(item.text, reading.by_id):
            reading.group(item.text)
            fields.stop()
            notes.stop()
            continue
        if fields.go_on(reading, item) or notes.take(reading, item):
            continue
        answered = (
            response_below(table, item) if right_below and isinstance(item, TextLine) else None
        )
        if answered is not None:
            answered.notes.append((response_note(item.text), item.page))
            notes.draft = answered  # the paragraph's next lines go on with it
            continue
        reading.skipped.append(item)
    return reading.drafts
