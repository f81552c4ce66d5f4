"""Management's responses to exceptions: inline in section IV, or in section V by control id.

Inline, the response follows the finding under a label ("Management's
Response:", "Management Response -", "Response from Management:"). In section V
("Other Information Provided by ..."), responses sit in a table or in
paragraphs keyed by the control's id: "CC6.5.2  Management has ...",
"Control C-14: ...". A response never found stays None: no response is
invented. The labels' wordings are rules of ``models/controls.jsonl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import regex

from soc2parse._pages import Line, Page
from soc2parse.text.rules import wording

__all__ = [
    "SectionResponse",
    "is_response_heading",
    "opens_with_response",
    "response_note",
    "section_responses",
    "split_response",
]

# "Management's Response:", "Management Response -", "Management's Responses:",
# "Response from Management:", "Management Comments:". The label ends with a colon or a dash,
# so "management's response time" in a finding is not taken for one.
_LABEL = wording("controls", "response-label")


def split_response(text: str) -> tuple[str, str | None]:
    """Split a finding from the management response that follows it.

    >>> split_response("For 3 of 25 changes, approval was missing. Management's Response: "
    ...     "A new workflow enforces approval.")
    ('For 3 of 25 changes, approval was missing.', 'A new workflow enforces approval.')
    >>> split_response("No exceptions noted.")
    ('No exceptions noted.', None)

    A response that only points to where it is told ("See Section V.") is None: the
    caller looks for it there.
    """
    match = _LABEL.search(text)
    if match is None:
        return text.strip(), None
    response = text[match.end() :].strip()
    if _ELSEWHERE.match(response):
        # "Management's Response: See Section V." is no response: it is told there.
        response = ""
    return text[: match.start()].strip(), response or None


def opens_with_response(text: str) -> bool:
    """Whether ``text`` opens with a response label and a response after it.

    >>> opens_with_response("Management's Comment: The bypass was removed.")
    True
    >>> opens_with_response("For 2 of 25 changes. Management's Response: Fixed.")
    False
    """
    match = _LABEL.search(text)
    return match is not None and match.start() == 0 and split_response(text)[1] is not None


def is_response_heading(text: str) -> bool:
    """Whether ``text`` is a response label alone, heading the response set below it
    ("Management Response", "Management's Response:"), or one that names its control
    ("Management Response – Control 3").

    >>> [is_response_heading(t) for t in ("Management Response", "Management's Response:")]
    [True, True]
    >>> is_response_heading("Management Response – Control 3")
    True
    >>> is_response_heading("Management's response time was not tracked.")
    False
    """
    match = _BARE_LABEL.match(text)
    if match is None:
        return False
    rest = text[match.end() :].strip()
    return not rest or _NAMES_CONTROL.fullmatch(rest) is not None


def response_note(text: str) -> str:
    """A response line as a control's note: a heading alone ("Management Response") becomes
    the label the response reader takes, so the lines below it are the response.

    >>> response_note("Management Response"), response_note("Management's Comment: Fixed.")
    ("Management's Response:", "Management's Comment: Fixed.")
    """
    return _RESPONSE_MARK if is_response_heading(text) else text


# What a response heading becomes in a control's notes, for the response reader.
_RESPONSE_MARK = "Management's Response:"


# What a response heading may name after its label: "Control 3", "CC6.1.2", "for AC-03".
_NAMES_CONTROL = regex.compile(r"(?:(?:for|to)\s+)?(?:control\s+)?\S{1,20}", regex.IGNORECASE)


# A response that only says where the response is: "See Section V.", "Refer to Section V
# for management's response.", "Please see the response in Appendix A".
_ELSEWHERE = wording("controls", "response-elsewhere")


@attrs.frozen
class SectionResponse:
    """A response found in section V: the control it answers, its text and page, and the
    finding told before the response's label, if any ("Exception: For 6 of 25 ...")."""

    control_id: str
    text: str
    page: int
    finding: str = ""


_TRIM = ".:;,\u2013\u2014-()[]"


def section_responses(pages: Sequence[Page], ids: Iterable[str]) -> dict[str, SectionResponse]:
    """Responses in section V, keyed by the control id each begins with.

    A response starts at a line that begins with a control id in ``ids`` ("CC6.5.2 ...",
    "Control C-14: ...") or a numbered item naming one near its start ("3. Leaver access
    (LDS.16). ...") and runs over the following lines that are indented like its text
    or follow closely, until the next id, a bold heading or a wide gap.
    """
    wanted = {i.casefold(): i for i in ids}
    if not wanted:
        return {}
    found: dict[str, SectionResponse] = {}
    current: str | None = None
    parts: list[str] = []
    page_of = 0
    value_x0 = 0.0
    previous: Line | None = None
    in_item = False  # the block is a numbered item that names its control inside

    def finish() -> None:
        if current is not None and current not in found:
            told, response = split_response(" ".join(parts))
            if in_item and response is None:
                return  # an item that only mentions a control is no response to it
            text = response if response is not None else _strip_label(" ".join(parts))
            if text:
                finding = told if response is not None else ""
                found[current] = SectionResponse(current, text, page_of, finding)

    for page in pages:
        previous = None
        for line in page.lines:
            item = _item_naming(line, wanted)
            hit = item or _leading_id(line, wanted)
            if hit is not None:
                finish()
                current, rest, value_x0 = hit
                in_item = item is not None
                parts = [rest] if rest else []
                page_of = page.number
            elif current is not None:
                gap = line.top - previous.bottom if previous is not None else 0.0
                indented = line.x0 >= value_x0 - 2.0
                if line.bold or gap > 1.2 * max(line.size, 1.0) or not (indented or gap < 3.0):
                    finish()
                    current = None
                else:
                    parts.append(line.text)
            previous = line
    finish()
    return found


def _leading_id(line: Line, wanted: dict[str, str]) -> tuple[str, str, float] | None:
    """When ``line`` opens with a wanted control id: the id, the text after it, its x.

    The id may follow "Control", "Control #", "Control ID" or "Control No.", and may be two
    words ("SC 4").
    """
    words = line.words
    position = 0
    if words and words[0].text.strip(_TRIM).casefold() == "control":
        position = 1
        if len(words) > 2 and words[1].text.strip(_TRIM).casefold() in _ID_WORDS:
            position = 2
    if position >= len(words):
        return None
    token = words[position].text.strip(_TRIM).casefold()
    taken = 1
    if token not in wanted and position + 1 < len(words):
        # An id of two words: "SC 4", "CC 6.1.2".
        token = f"{words[position].text} {words[position + 1].text}".strip(_TRIM).casefold()
        taken = 2
    if token not in wanted:
        return None
    rest = words[position + taken :]
    x0 = rest[0].x0 if rest else line.x0
    return wanted[token], " ".join(w.text for w in rest).lstrip(":-–— "), x0


_ID_WORDS = frozenset({"", "#", "id", "no", "number", "ref"})

# A numbered item of a list: "3.", "(3)", "3)", "Item 3:".
_ITEM_NUMBER = regex.compile(r"^(?:item\s+)?\(?\d{1,3}[.):]$", regex.IGNORECASE)
# How far into a numbered item its control's id may be named: "3. Leaver access (LDS.16)."
_ITEM_REACH = 8


def _item_naming(line: Line, wanted: dict[str, str]) -> tuple[str, str, float] | None:
    """A numbered item that names a wanted control near its start: "3. Leaver access
    (LDS.16). Exception: ... Management's Response: ...". The id, the text after it, and
    the x where the item's text starts."""
    words = line.words
    if len(words) < 2 or not _ITEM_NUMBER.match(words[0].text):
        return None
    for k, word in enumerate(words[1 : 1 + _ITEM_REACH], start=1):
        token = word.text.strip(_TRIM).casefold()
        if token in wanted:
            rest = words[k + 1 :]
            return wanted[token], " ".join(w.text for w in rest).lstrip(":-–— ."), words[1].x0
    return None


def _strip_label(text: str) -> str:
    return str(_BARE_LABEL.sub("", text))


_BARE_LABEL = wording("controls", "bare-response-label")
