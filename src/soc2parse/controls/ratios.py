"""Sample ratios in exception findings: "3 of 25", "two (2) of twenty-five (25)", "1 out of 40".

``text_to_ratios(text)`` finds every deviation ratio in a finding. Numbers are
found by regex (digits, number words up to the hundred thousands, a word with
its digits in parentheses) and merged into single spaCy tokens flagged
``LIKE_NUM``; the phrasings around them are token patterns in
``models/ratios.jsonl``. A ``RATIO`` rule writes the count first; a
``RATIO_TOTAL_FIRST`` rule the total ("Of the 25 changes sampled, 2 were not
approved"), and is read only when a verb or a deviation noun follows the count
(``_COUNT_TAIL``). Run it on exception findings only, never on a whole
section: sample sizes in test procedures ("inspected a sample of 25") are not
deviation ratios, and neither are dates ("12/31/2025") or criteria ids.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
from typing import TYPE_CHECKING

import attrs
import regex

from soc2parse._model import SampleRatio
from soc2parse.text.rules import Match, rule_set

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


@attrs.frozen
class _Numbers:
    """The numbers read in a text, in order, found by position."""

    numbers: tuple[_Number, ...]
    starts: tuple[int, ...]

    def between(self, start: int, end: int) -> tuple[_Number, ...]:
        """The numbers that begin in ``[start, end)``."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return self.numbers[first:last]


@attrs.frozen
class _Candidate:
    """One reading of a matched phrase: ``text[start:end]`` says ``count`` of ``total``."""

    start: int
    end: int
    count: int
    total: int

    @property
    def valid(self) -> bool:
        return 0 < self.count <= self.total


def text_to_ratios(text: str) -> tuple[SampleRatio, ...]:
    """Every deviation ratio written in ``text``, in order.

    The count may come first ("3 of 25", "two (2) out of forty (40)", "3/25",
    "4 (of 40)") or the total may ("Of the 25 changes sampled, 2 were not approved",
    "selected 25 changes and noted that 2 lacked approval"). No ratio is better than a
    wrong one, so nothing is returned for a phrase whose count is zero or above its total,
    for readings of the same words that disagree ("For 3 of the 25 changes sampled, 2 were
    ..."), for page, section and item numbers ("Page 3 of 88"), for limits ("within 30 of
    365 days") and for a sample size without a count ("a sample of 25 had no exceptions").

    Args:
        text: an exception finding (not a test procedure: sample sizes there are no ratios).

    Returns:
        One :class:`SampleRatio` per ratio, its ``text`` exactly as written: from the first
        number to the last (with a closing parenthesis that belongs to it).

    >>> [(r.count, r.total, r.text) for r in text_to_ratios("For two (2) of twenty-five (25) "
    ...     "changes, and for 1 out of 40 users, approval was missing.")]
    [(2, 25, 'two (2) of twenty-five (25)'), (1, 40, '1 out of 40')]
    >>> [(r.count, r.total, r.text) for r in text_to_ratios(
    ...     "Of the 25 changes sampled, 2 were not approved.")]
    [(2, 25, 'Of the 25 changes sampled, 2')]
    """
    if not _MAYBE_RATIO.search(text):
        return ()
    written = text
    text, where = _squeeze(written)
    rules = rule_set("ratios")
    doc = rules.doc(text)
    found = [n for n in _numbers(text) if n.value is not None]
    _cut(doc, sorted({edge for n in found for edge in (n.start, n.end)}))
    kept: list[_Number] = []
    with doc.retokenize() as retokenizer:
        for number in found:
            span = doc.char_span(number.start, number.end)
            if span is None:
                continue
            kept.append(number)
            if len(span) > 1:
                retokenizer.merge(span, attrs={"LIKE_NUM": True})
    numbers = _Numbers(tuple(kept), tuple(n.start for n in kept))
    candidates = []
    for match in rules.matches(doc):
        candidate = _candidate(text, match, numbers)
        if candidate is not None:
            candidates.append(candidate)
    return tuple(
        SampleRatio(
            count=c.count, total=c.total, text=written[where[c.start] : where[c.end - 1] + 1]
        )
        for c in _agreed(candidates)
    )


_SPACES = regex.compile(r"\s+")


def _squeeze(text: str) -> tuple[str, tuple[int, ...]]:
    r"""``text`` with each run of white space as one space, and where its characters were.

    spaCy makes a token of extra white space, which would break "3  of 25", "3 of\n25" and
    "3\u00a0of 25" apart; the ratio's text is then cut from the original by the positions.

    >>> _squeeze("3 \u00a0of\n25")
    ('3 of 25', (0, 1, 3, 4, 5, 6, 7))
    """
    squeezed: list[str] = []
    where: list[int] = []
    pos = 0
    for run in _SPACES.finditer(text):
        squeezed.append(text[pos : run.start()] + " ")
        where.extend(range(pos, run.start() + 1))
        pos = run.end()
    squeezed.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(squeezed), tuple(where)


def _cut(doc: Doc, edges: list[int]) -> None:
    """Split tokens that run across the edge of a number.

    spaCy keeps some emoticons whole, so "(of 8)" ends in the token "8)" and "noted:3" is one
    token; the number must be a token of its own for the patterns to see it.
    """
    with doc.retokenize() as retokenizer:
        for token in doc:
            cuts = []
            at = bisect.bisect_right(edges, token.idx)
            while at < len(edges) and edges[at] < token.idx + len(token):
                cuts.append(edges[at] - token.idx)
                at += 1
            if cuts:
                bounds = [0, *cuts, len(token)]
                pieces = [token.text[a:b] for a, b in itertools.pairwise(bounds)]
                retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))


# A cheap test that skips the tokenizer for text with no ratio wording at all: "of", "among",
# a slash between digits, "and noted" ("selected 25 changes and noted that 2 ..."), "tested
# with" ("25 samples tested, with 2 exceptions").
_MAYBE_RATIO = regex.compile(
    r"""
    \b(?:of|among|amongst)\b
  | \d\s*[/\u2044]\s*\d
  | \band\s+(?:noted|found|identified|observed|determined|detected)\b
  | \b(?:tested|sampled|selected|inspected|reviewed|examined),?\s+with\b
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


def _agreed(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per group of overlapping ones, and none where the group disagrees.

    Rules overlap on purpose ("2 of a sample of 40" is also "2 of a"); overlapping readings
    that give the same ratio are one ratio, written as the longest. Overlapping readings that
    give different ratios, or a count of zero or above the total, leave no ratio at all.
    """
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    groups: list[list[_Candidate]] = []
    group_end = -1
    for candidate in ordered:
        if groups and candidate.start < group_end:
            groups[-1].append(candidate)
            group_end = max(group_end, candidate.end)
        else:
            groups.append([candidate])
            group_end = candidate.end
    kept = []
    for group in groups:
        readings = {(c.count, c.total) for c in group}
        if len(readings) == 1 and group[0].valid:
            kept.append(group[0])
    return kept


_OF_WORD = regex.compile(r"(?:of|among|amongst)\b", regex.IGNORECASE)
# Nothing but white space since the start of the text or the end of a clause.
_CLAUSE_END = regex.compile(r"(?:^|[.;:,(\u2013\u2014])\s*$")


def _candidate(text: str, match: Match, numbers: _Numbers) -> _Candidate | None:
    """The reading of one rule match, or None when the match is no ratio at all."""
    slash = _SLASH.match(match.text)
    if slash is not None:
        if _date_context(text, match.start, match.end) or _names_an_index(text, match.start):
            return None
        count = int(slash["count"].replace(",", ""))
        total = int(slash["total"].replace(",", ""))
        return _Candidate(match.start, match.end, count, total)
    inside = numbers.between(match.start, match.end)
    if len(inside) < 2:
        return None
    first, last = inside[0], inside[-1]
    assert first.value is not None  # only numbers with a value are kept
    assert last.value is not None
    if match.label == "RATIO_TOTAL_FIRST":
        if last.end != match.end or not _counts_deviations(text, match.start, first, last, numbers):
            return None
        # A clause that opens with the total ("Of the 25 changes sampled, 2", "; among the
        # 30 vendors selected, 2") is written from its first word; otherwise from the total
        # ("a sample of 40 users, 3", "selected 25 changes and noted 2").
        opens = _OF_WORD.match(text, match.start) and _CLAUSE_END.search(text, 0, match.start)
        start = match.start if opens else first.start
        return _Candidate(start, last.end, last.value, first.value)
    if first.start != match.start or _names_an_index(text, match.start):
        return None
    return _Candidate(match.start, match.end, first.value, last.value)


# Month names ("may" is left out: it is more often a verb). A day and a year are no ratio:
# "January 1 of 2025", "as of 31 December, 2 users ...".
_MONTHS = frozenset(
    {"january", "february", "march", "april", "june", "july", "august", "september"}
    | {"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug"}
    | {"sep", "sept", "oct", "nov", "dec"}
)
# Words right before a number that make "3 of 88" a position or a limit, not a count:
# "Page 3 of 88", "Section 2 of 5", "sample 3 of 25", "CC 6 of 9", "within 30 of 365 days",
# "more than 2 of 25", "at least 1 of the 4".
_INDEX_WORDS = frozenset(
    {"page", "pages", "pg", "p", "pp", "section", "sections", "part", "chapter", "article"}
    | {"paragraph", "clause", "appendix", "exhibit", "attachment", "schedule", "table"}
    | {"figure", "step", "item", "sample", "control", "criterion", "criteria", "cc", "pi"}
    | {"finding", "exception", "deviation", "test", "note", "rule", "question", "slide"}
    | {"number", "no", "version", "phase", "level", "tier", "round", "wave", "batch"}
    | {"row", "line", "column", "volume", "vol", "day", "week", "month", "quarter", "year"}
    | {"within", "every", "than", "least", "most", "approximately", "approx", "about"}
    | {"around", "nearly", "almost", "roughly", "over", "under", "some"}
    | {"period", "cycle", "release", "sprint", "iteration", "fy", "q"}
    | _MONTHS
)
# The word (or "#", "No.") right before a count: "Page 3", "#3", "No. 3", "up to 3".
_BEFORE_COUNT = regex.compile(
    r"""
    (?: \b(?P<word>[^\W\d_]+)\s+(?P<to>to\s+)?   # "Page 3", "within 30", "up to 3"
      | (?P<mark>\#|\bnos?\.)\s*              # "#3", "No. 3"
    )$
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


def _names_an_index(text: str, start: int) -> bool:
    before = _BEFORE_COUNT.search(text[max(0, start - 40) : start])
    if before is None:
        return False
    if before["mark"] is not None:
        return True
    word: str = before["word"].lower()
    if before["to"] is not None:  # "related to 2 of 25" is a count; "up to 3 of 25" a limit
        return word == "up"
    return word in _INDEX_WORDS


# Words before "of <total>" that make the total no sample: "a population of 1,284 changes,
# 25 were selected", "over a period of 12 months, 2 reviews were missed".
_NOT_A_SAMPLE = frozenset(
    {"population", "total", "consisting", "comprised", "composed", "list", "listing", "set"}
    | {"universe", "sum", "number", "amount", "period", "span", "window", "duration"}
    | {"interval", "age", "maximum", "minimum", "average", "excess"}
    | {"as", "each", "all", "both", "every", "end", "beginning", "start", "middle"}
)
_WORD_BEFORE = regex.compile(r"\b(?P<word>[^\W\d_]+)\W*$")
# What follows the count when the total came first: a verb ("2 were not approved", "one (1)
# was", "2 lacked approval", "3 had access"), a deviation noun ("2 exceptions", "there were
# 2 instances in which"), or up to three words naming the sampled items again ("2 changes
# were", "3 terminated users had"). Not "25 were selected": that is a sample size. An
# optional rate may sit in between: "2 (8%) were".
_COUNT_TAIL = regex.compile(
    r"""
    ^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?
    (?P<nouns>(?:[^\W\d_]+\s+){0,3}?)
    (?: (?:was|were|had|has|have|did|does|do|could|would|lacked|lack|lacking|missing
          |showed|contained|exhibited|failed|remained|retained|received|exceeded|missed
          |bypassed|omitted|that|which|where|whose|without|not|for\s+which|in\s+which)\b
          (?!\s+(?:selected|sampled|chosen|picked|drawn)\b)
      | (?P<deviation>exceptions?|deviations?|instances?|errors?|occurrences?)\b
    )
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# Nouns that may stand after a count without naming the sampled items.
_GENERIC_NOUNS = frozenset(
    {"exception", "deviation", "instance", "error", "occurrence", "item", "sample", "case"}
    | {"selection", "one", "of", "them", "these", "those"}
)


def _counts_deviations(
    text: str, lead: int, total: _Number, count: _Number, numbers: _Numbers
) -> bool:
    """Whether a total-first match reads as "of <total> ..., <count> deviated"."""
    before = _WORD_BEFORE.search(text[max(0, lead - 40) : lead])
    if before is not None and before["word"].lower() in _NOT_A_SAMPLE:
        return False
    sampled = {_stem(w) for w in regex.findall(r"[^\W\d_]+", text[total.end : count.start])}
    if sampled & _MONTHS:  # "as of 31 December, 2 had access"
        return False
    if not _is_count(text, count, sampled):
        return False
    # "Of the 12 reviews, 11 were performed timely and 1 was late": two counts of one total,
    # and which one deviated is a matter of meaning, not of wording.
    end = _SENTENCE_END.search(text, count.end)
    stop = end.start() if end is not None else len(text)
    if any(
        _ANOTHER_COUNT.search(text[count.end : other.start]) and _is_count(text, other, sampled)
        for other in numbers.between(count.end + 1, stop)
    ):
        return False
    # "Of the 25 changes sampled, 5 were emergency changes. Of these 5, 2 were not approved":
    # a count the finding goes on to sample from is a subset, not the deviations.
    return not any(
        other.value == count.value
        and _OF_THESE.search(text[max(count.end, other.start - 20) : other.start])
        for other in numbers.between(count.end + 1, count.end + 400)
    )


def _is_count(text: str, number: _Number, sampled: set[str]) -> bool:
    tail = _COUNT_TAIL.match(text[number.end : number.end + 120])
    if tail is None:
        return False
    return all(_stem(w) in sampled or _stem(w) in _GENERIC_NOUNS for w in tail["nouns"].split())


_SENTENCE_END = regex.compile(r"[.!?](?=\s|$)")
# What joins a second count to the first: "and 1 was", "; 1 was", "but the other 2 were",
# "while the remaining 1 had", ", of which 2 were".
_ANOTHER_COUNT = regex.compile(
    r"""
    (?: \b(?:and|but|while|whereas|however)\b,? | ; | \bof\s+(?:which|whom|these|those|them)\b,? )
    \s+ (?:the\s+)? (?:(?:other|remaining)\s+)? $
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# A number taken as a total: "of these 5", "1 of the 3", "out of those 5".
_OF_THESE = regex.compile(r"\bof\s+(?:the\s+|these\s+|those\s+)?$", regex.IGNORECASE)


def _stem(word: str) -> str:
    """A crude singular: "changes" and "change", "entries" and "entry" meet."""
    word = word.lower().removesuffix("'s")
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word.removesuffix("e")


def _date_context(text: str, start: int, end: int) -> bool:
    before = regex.findall(r"\w+", text[max(0, start - 20) : start].lower())
    if (before and before[-1] in _DATE_CONTEXT) or text[end : end + 1] == "/":
        return True
    # "3/31" in a finding that also writes dates ("12/31/2025", "March 31") is a month's last
    # day, as findings date things, not a ratio; "1/28" is no month's end and stays a ratio.
    written = _SLASH.match(text[start:end])
    assert written is not None
    month, day = int(written["count"].replace(",", "")), int(written["total"].replace(",", ""))
    return _month_end(month, day) and _DATE_NEARBY.search(text) is not None


def _month_end(month: int, day: int) -> bool:
    """True when ``month/day`` is the last day of a month (February's 28th or 29th).

    >>> [_month_end(m, d) for m, d in ((3, 31), (6, 30), (2, 28), (1, 28), (6, 31))]
    [True, True, True, False, False]
    """
    if not 1 <= month <= 12:
        return False
    return day in (28, 29) if month == 2 else day == calendar.monthrange(2001, month)[1]
