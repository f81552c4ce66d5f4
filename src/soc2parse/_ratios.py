"""Sample ratios in exception findings: "3 of 25", "two (2) of twenty-five (25)", "1 out of 40".

``text_to_ratios(text)`` finds every deviation ratio in a finding. Numbers are
found by regex (digits, number words up to the hundred thousands, a word with
its digits in parentheses) and merged into single spaCy tokens flagged
``LIKE_NUM``; the phrasings around them are token patterns in
``models/ratios.jsonl``. Run it on exception findings only, never on a whole
section: sample sizes in test procedures ("inspected a sample of 25") are not
deviation ratios, and neither are dates ("12/31/2025") or criteria ids.
"""

from __future__ import annotations

import attrs
import regex

from soc2parse._model import SampleRatio
from soc2parse._rules import Match, rule_set

__all__ = ["number_value", "text_to_ratios"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted((*_UNITS, *_TENS, *_SCALES), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"

# Numbers as auditors write them: "25", "1,250", "twenty-five", "one hundred and five",
# "two (2)", "twenty-five (25)". Digits that belong to a decimal, a date or an id are not numbers.
_NUMBER = regex.compile(
    rf"""
    (?P<words>\b(?:{_WORD})(?:(?:[\s\-\u2010\u2011]+|(?<=hundred|thousand)\s+and\s+)(?:{_WORD}))*\b)
    (?:\s*\(\s*(?P<paren>{_DIGITS})\s*\))?
  | (?<![\w.,/\-])(?P<digits>{_DIGITS})(?![\w/\-]|[.,]\d)
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
_WORD_SPLIT = regex.compile(r"[\s\-\u2010\u2011]+")
# "3/25" as one token; a date is "12/31/2025" and never matches.
_SLASH = regex.compile(
    r"^(?P<count>\d{1,3}(?:,\d{3})+|\d{1,5})\s*[/\u2044]\s*(?P<total>\d{1,3}(?:,\d{3})+|\d{1,5})$"
)
# A slash ratio right after these words is a date ("as of 3/31", "through 12/31").
# A finding that writes dates elsewhere: "12/31/2025", "March 31".
_DATE_NEARBY = regex.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    regex.IGNORECASE,
)
_DATE_CONTEXT = frozenset(
    {"on", "as", "of", "dated", "through", "thru", "until", "till", "from", "to", "between"}
    | {"by", "ending", "ended", "since", "before", "after", "date", "period", "effective"}
)


def number_value(text: str) -> int | None:
    """The value of a number as written, or None when it is not a well-formed number.

    >>> number_value("twenty-five (25)")
    25
    >>> number_value("four thousand nine hundred and ninety-nine")
    4999
    >>> number_value("1,250")
    1250
    >>> number_value("five twenty") is None
    True
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    if match["digits"] is not None:
        return int(match["digits"].replace(",", ""))
    if match["paren"] is not None:
        return int(match["paren"].replace(",", ""))
    return _words_value(match["words"])


def _words_value(text: str) -> int | None:
    total = 0
    current = 0
    last = ""  # kind of the previous word: unit, teen, tens, hundred, thousand
    for raw in _WORD_SPLIT.split(text.lower()):
        word = raw.strip()
        if not word or word == "and":
            continue
        if word in _UNITS:
            value = _UNITS[word]
            kind = "teen" if value >= 10 else "unit"
            if last in ("unit", "teen") or (last == "tens" and kind == "teen"):
                return None
            current += value
        elif word in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += _TENS[word]
            kind = "tens"
        elif word == "hundred":
            if last not in ("unit", "teen") or current % 100 == 0 or current >= 100:
                return None
            current *= 100
            kind = "hundred"
        else:  # thousand
            if last in ("", "thousand") or total:
                return None
            total = (current or 1) * 1000
            current = 0
            kind = "thousand"
        last = kind
    if not last:
        return None
    return total + current


@attrs.frozen
class _Number:
    start: int
    end: int
    value: int | None


def _numbers(text: str) -> tuple[_Number, ...]:
    found = []
    for match in _NUMBER.finditer(text):
        found.append(_Number(match.start(), match.end(), number_value(match.group())))
    return tuple(found)


def text_to_ratios(text: str) -> tuple[SampleRatio, ...]:
    """Every deviation ratio written in ``text``, in order.

    Args:
        text: an exception finding (not a test procedure: sample sizes there are no ratios).

    Returns:
        One :class:`SampleRatio` per ratio, its ``text`` exactly as written.

    >>> [(r.count, r.total, r.text) for r in text_to_ratios("For two (2) of twenty-five (25) "
    ...     "changes, and for 1 out of 40 users, approval was missing.")]
    [(2, 25, 'two (2) of twenty-five (25)'), (1, 40, '1 out of 40')]
    """
    if not _MAYBE_RATIO.search(text):
        return ()
    rules = rule_set("ratios")
    doc = rules.doc(text)
    values: dict[int, int] = {}
    with doc.retokenize() as retokenizer:
        for number in _numbers(text):
            span = doc.char_span(number.start, number.end)
            if span is None or number.value is None:
                continue
            values[number.start] = number.value
            if len(span) > 1:
                retokenizer.merge(span, attrs={"LIKE_NUM": True})
    ratios: list[SampleRatio] = []
    taken_until = -1
    for match in _longest_first(rules.matches(doc)):
        if match.start < taken_until:
            continue
        ratio = _ratio(text, match.start, match.end, values)
        if ratio is not None:
            ratios.append(ratio)
            taken_until = match.end
    return tuple(ratios)


# A cheap test that skips the tokenizer for text with no ratio wording at all.
_MAYBE_RATIO = regex.compile(r"\bof\b|\d\s*[/\u2044]\s*\d", regex.IGNORECASE)


def _longest_first(matches: tuple[Match, ...]) -> list[Match]:
    return sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))


def _ratio(text: str, start: int, end: int, values: dict[int, int]) -> SampleRatio | None:
    written = text[start:end]
    slash = _SLASH.match(written)
    if slash is not None:
        if _date_context(text, start, end):
            return None
        count = int(slash["count"].replace(",", ""))
        total = int(slash["total"].replace(",", ""))
    else:
        count_value = values.get(start)
        last = max((s for s in values if start <= s < end), default=None)
        if count_value is None or last is None or last == start:
            return None
        count, total = count_value, values[last]
    if not 0 < count <= total:
        return None
    return SampleRatio(count=count, total=total, text=written)


def _date_context(text: str, start: int, end: int) -> bool:
    before = regex.findall(r"\w+", text[max(0, start - 20) : start].lower())
    if (before and before[-1] in _DATE_CONTEXT) or text[end : end + 1] == "/":
        return True
    # "3/31" in a finding that also writes dates ("12/31/2025", "March 31") is a day, not a ratio.
    written = _SLASH.match(text[start:end])
    assert written is not None
    month, day = int(written["count"].replace(",", "")), int(written["total"].replace(",", ""))
    return month <= 12 and 28 <= day <= 31 and _DATE_NEARBY.search(text) is not None
