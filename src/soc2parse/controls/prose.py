"""Prose: section IV written as paragraphs, each control opened by a line naming its id.

``opener`` reads the line that opens a control: its id and description on one line
("Control CC6.1.2: Access is ...", "Control No. AC-03 – Access is ...", "CC6.1.2:
Access is ..."), or its id alone on the line ("CC6.1.2", "Control AC-03", "SEC 1.1")
with the description below. It gives the opener as an ``id`` label; the labelled
paragraphs that follow ("Tests performed: ...", "Results: ...") are key/value fields,
read by ``controls.keyvalue`` like a key/value block's rows.

A paragraph about a complementary subservice organization control ("CSOC-01
(complementary subservice organization control): Google Cloud is responsible for
...") is no control of the service organization: ``opens_complementary`` tells its
first line and ``ends_complementary`` the line after its end (a label, a heading or
a criterion heading).
"""

from __future__ import annotations

import regex

from soc2parse.controls.common import (
    COMPLEMENTARY_ID,
    GROUP,
    STRONG_ID,
    TRIM,
    Label,
    criteria_in,
    heading_like,
    looks_like_control_id,
    spaced_id,
)
from soc2parse.controls.items import TextLine

__all__ = ["ends_complementary", "opener", "opens_complementary"]


# A prose section IV opens each control with its id and description on one line:
# "Control CC6.1.2: Access is ...", "Control No. AC-03 – Access is ...", "CC6.1.2: Access is ...".
_NARRATIVE_OPENER = regex.compile(
    r"""^(?P<word>control(?:\s+(?:activity|id|no\.?|number|\#|ref(?:erence)?))?\s+)?
    (?P<id>[A-Za-z0-9][\w.\-]{0,19}?)\s*(?::|\s[\u2013\u2014-])\s*(?P<rest>\S.*)$""",
    regex.VERBOSE | regex.IGNORECASE,
)


# A prose control whose id stands alone on its line ("CC6.1.2", "Control AC-03"), its
# description on the lines below.
_BARE_ID = regex.compile(
    r"^\s*(?:control(?:\s+(?:id|no\.?|number|\#))?\s+)?"
    r"(?P<id>[A-Za-z][\w.\-]{1,19}?|[A-Z]{1,5}\s\d{1,3}(?:[-.]\d{1,3})+[a-z]?)[.:]?\s*$",
    regex.I,
)


def opener(line: TextLine) -> Label | None:
    """``("id", value, line x)`` when ``line`` opens a prose control, the value its id and
    whatever description follows on the line; else None.

    Tried before any key/value label: a justified line splits into phrases at every
    word, and its first word "Control" would read as a label.
    """
    bare = _BARE_ID.match(line.text)
    if bare is not None and STRONG_ID.match(bare["id"]) and _narrative_id(bare["id"], worded=True):
        return "id", bare["id"], line.x0
    if bare is not None and spaced_id(bare["id"].split(), dotted=True) is not None:
        return "id", bare["id"], line.x0
    opened = _NARRATIVE_OPENER.match(line.text)
    if opened is not None and _narrative_id(opened["id"], worded=bool(opened["word"])):
        return "id", f"{opened['id']} {opened['rest']}", line.x0
    return None


def _narrative_id(token: str, *, worded: bool) -> bool:
    """An id that opens a prose control: after "Control", any id; alone, one with a letter
    and a digit or two dotted numbers ("CC6.1.2", "AC-03", "1.01"), never a criterion."""
    token = token.strip(TRIM)
    if not looks_like_control_id(token) or criteria_in(token):
        return False
    if worded:
        return True
    return bool(regex.search(r"\d", token)) and bool(
        regex.search(r"[A-Za-z]", token) or regex.search(r"\d[.\-]\d", token)
    )


def opens_complementary(line: TextLine) -> bool:
    """A line opening with a complementary control's id ("CSOC-01 (complementary ...")."""
    words = line.text.split()
    return (
        bool(words)
        and COMPLEMENTARY_ID.match(words[0]) is not None
        and looks_like_control_id(words[0])
    )


def ends_complementary(line: TextLine, label: Label | None) -> bool:
    """A line that ends a complementary control's paragraph: a labelled line (``label``),
    a heading or a criterion heading."""
    return label is not None or heading_like(line) or GROUP.match(line.text) is not None
