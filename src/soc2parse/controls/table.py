"""Table rebuilding: the tests-of-controls table, from word positions and ruling lines.

The algorithm, page by page:

1. ``find_header``: a control table's header row is a line (with the lines it
   wraps onto) whose words fall into two or more phrases that name columns:
   "Control #", "Control Activity Specified by ...", "Tests Performed by the
   Service Auditor", "Results of Tests".
2. ``header_to_columns``: each header phrase is a column; the boundary between
   two columns is a vertical ruling line between them when the table is ruled,
   otherwise the x position between them that the fewest body words cross
   (whitespace-only tables).
3. ``lines_to_bands``: the body lines below the header split into row bands at
   horizontal rules that cross the first column, or (no such rules) at vertical
   gaps wider than a line's leading.
4. ``band_to_row``: each band's words go to the column holding their centre; a
   band whose text runs across a column boundary is a spanning (group) row,
   such as a criterion row "CC6.1 – The entity implements ...".

A page without a header row continues the previous page's table (a header
repeated in the top margin may have been removed as a running header). Lines
outside any table come back as :class:`TextLine` items, so that criterion
headings above a table and exception paragraphs below it stay in order.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence

import attrs
import regex

from soc2parse._pages import Line, Page, Rule, Word

__all__ = [
    "Column",
    "Item",
    "TableRow",
    "TextLine",
    "column_role",
    "pages_to_items",
]

# Header labels by role, tried in order: "Results of Tests" is a result column, not tests.
_ROLE_PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("response", regex.compile(r"\bresponses?\b|\baction\s+plan\b", regex.I)),
    (
        # "Results of Tests", "Exceptions Noted"; in a list of exceptions below the table,
        # "Exception Detail", "Deviation Description", "Description of Exception".
        "result",
        regex.compile(
            r"""\bresults?\b
            | ^(?:exceptions?|deviations?)
               (?:\s+(?:noted|identified))?(?:\s+(?:details?|descriptions?))?$
            | ^(?:details?|description)\s+of\s+(?:the\s+)?(?:exceptions?|deviations?)$""",
            regex.I | regex.VERBOSE,
        ),
    ),
    ("tests", regex.compile(r"\btest|\bprocedures?\b|\btesting\b", regex.I)),
    ("criteria", regex.compile(r"\bcriteri|\btsc\b|\bobjectives?\b|\bprinciples?\b", regex.I)),
    (
        "id",
        regex.compile(
            r"""^(?:control\s*)?(?:\#|no\.?|nos?\.|number|id|ref(?:erence)?\.?(?:\s*\#)?)$
              | ^control$""",
            regex.I | regex.VERBOSE,
        ),
    ),
    ("description", regex.compile(r"\bcontrols?\b|\bdescription\b|\bactivit", regex.I)),
)
# A cheap first test: a header row names a control, test, result, reference or criteria column.
_HEADER_HINT = regex.compile(
    r"\b(?:control|test|result|ref|criteri|tsc|procedure|exception|deviation|id\b|no\.)|\#",
    regex.I,
)
# A body row opens with a control id ("CC6.1.2", "C-14", "1.01"); a header row never does.
_ID_LIKE = regex.compile(r"^(?:[A-Z]{1,6}[-.]?\d|\d{1,3}[.\-]\d)")
_LABEL_JUNK = regex.compile(r"[\s:]+$")

# The most words one line of a header cell holds.
_MAX_LABEL_WORDS = 9
# Phrases inside a header split where the gap is wider than this share of the font size.
_HEADER_GAP = 0.55
# Two consecutive words this close (share of font size) belong to one phrase: a word space.
_WORD_GAP = 0.45
# A vertical gap wider than this share of the font size starts a new row band.
_ROW_GAP = 0.42


@attrs.frozen
class Column:
    """One table column: its role, its label as printed and its horizontal extent."""

    role: str
    label: str
    x0: float
    x1: float


@attrs.frozen
class TableRow:
    """One row band of a control table.

    Attributes:
        page: 1-based page number.
        top: top of the band's first line.
        cells: ``(role, text)`` for each column, in column order.
        spanning: True when the text runs across the columns (a group row).
        text: all the band's text, line by line.
        line_cells: for each line of the band, its text in each column, so that a cell
            merged across columns can be read line by line, in reading order.
        crossed: the column boundaries some line runs across (``i``: between columns
            ``i`` and ``i + 1``); empty when the row spans none.
    """

    page: int
    top: float
    cells: tuple[tuple[str, str], ...]
    spanning: bool
    text: str
    line_cells: tuple[tuple[str, ...], ...] = ()
    crossed: tuple[int, ...] = ()

    def cell(self, role: str) -> str:
        """The text of the first column with ``role`` (empty when there is none)."""
        return next((text for r, text in self.cells if r == role), "")

    def cell_all(self, role: str) -> str:
        """The text of every column with ``role``, joined."""
        return " ".join(text for r, text in self.cells if r == role and text)


@attrs.frozen
class TextLine:
    """A line outside any control table (a heading, a paragraph line)."""

    page: int
    top: float
    text: str
    bold: bool
    size: float
    x0: float = 0.0
    bottom: float = 0.0
    phrases: tuple[str, ...] = ()
    phrase_x0s: tuple[float, ...] = ()


def _text_line(page: Page, line: Line) -> TextLine:
    cuts = _vertical_xs(page, line.top, line.bottom)
    found = _phrases(line, _HEADER_GAP, cuts)
    return TextLine(
        page.number,
        line.top,
        line.text,
        line.bold,
        line.size,
        line.x0,
        line.bottom,
        tuple(p.text for p in found),
        tuple(p.x0 for p in found),
    )


Item = TableRow | TextLine


@functools.lru_cache(maxsize=2048)
def column_role(label: str) -> str:
    """The role a header label names: id, criteria, description, tests, result or other.

    >>> column_role("Tests Performed by the Service Auditor")
    'tests'
    >>> column_role("Results of Tests")
    'result'
    >>> column_role("Control No.")
    'id'
    >>> column_role("Controls Specified by Acme")
    'description'
    """
    text = _LABEL_JUNK.sub("", " ".join(label.split()))
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return "other"


@attrs.frozen
class _Phrase:
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _phrases(line: Line, gap: float, cuts: Sequence[float] = ()) -> list[_Phrase]:
    """Split a line into phrases at gaps wider than ``gap`` x font size, or at ``cuts``.

    ``cuts`` (x positions of vertical rules) are in ascending order.
    """
    groups: list[list[Word]] = []
    for word in line.words:
        if groups:
            last = groups[-1][-1]
            wide = word.x0 - last.x1 > gap * max(word.size, last.size, 1.0)
            # A rule between the two words: the first cut at or right of the gap's start.
            at = bisect.bisect_left(cuts, last.x1 - 1.0)
            cut = at < len(cuts) and cuts[at] <= word.x0 + 1.0
            if not wide and not cut:
                groups[-1].append(word)
                continue
        groups.append([word])
    return [_Phrase(tuple(g)) for g in groups]


def _vertical_xs(page: Page, top: float, bottom: float) -> list[float]:
    """x positions of vertical rules that overlap the band from ``top`` to ``bottom``."""
    return sorted(
        {
            round((r.x0 + r.x1) / 2, 1)
            for r in page.rules
            if not r.horizontal and r.top <= bottom + 2 and r.bottom >= top - 2
        }
    )


# A column border drawn only as the joints of horizontal rules: seen on this many rules
# (distinct heights) at least, so a grid, not two pieces of one underline.
_JOINT_RULES = 3


def _joint_xs(page: Page, top: float) -> list[float]:
    """x positions where horizontal rules from ``top`` down are drawn cell by cell.

    A table without vertical rules may still draw each cell's top and bottom border as a
    segment of its own (browsers do): where one segment ends and the next begins, at the
    same x on several rows, is a column border, as good as a vertical rule.
    """
    by_height: dict[float, list[Rule]] = {}
    for rule in page.rules:
        if rule.horizontal and rule.top >= top - 30:
            by_height.setdefault(round(rule.top), []).append(rule)
    heights: dict[float, set[float]] = {}
    for height, rules in by_height.items():
        rules.sort(key=lambda r: r.x0)
        for left, right in itertools.pairwise(rules):
            if abs(left.x1 - right.x0) <= 1.0:
                heights.setdefault(round((left.x1 + right.x0) / 2), set()).add(height)
    return [x for x, seen in heights.items() if len(seen) >= _JOINT_RULES]


@attrs.frozen
class _Header:
    first: int  # index of the header's first line on the page
    last: int  # index of its last line
    columns: tuple[Column, ...]
    top: float
    bottom: float


def _anchor_roles(phrases: Sequence[_Phrase]) -> list[str]:
    return [column_role(p.text) for p in phrases]


def _is_header_roles(roles: Sequence[str], *, strict: bool) -> bool:
    # A response column alone does not make a control table ("Control # | Management's
    # Response" in section V), but it may sit beside one.
    known = {r for r in roles if r not in ("other", "response")}
    if len(known) < 2 or len(roles) > 8 or roles.count("other") > 1:
        return False
    has_control = "id" in known or "description" in known
    if strict:
        return has_control and bool(known & {"tests", "result"})
    return has_control and ("id" in known or bool(known & {"tests", "result"}))


def find_header(page: Page, start: int = 0, *, strict: bool = False) -> _Header | None:
    """The first control-table header row on ``page`` at or after line ``start``.

    Args:
        page: the page.
        start: the line index to search from.
        strict: require a tests or results column (used when scanning pages outside a
            found tests section, where other tables abound).
    """
    lines = page.lines
    for index in range(start, len(lines)):
        line = lines[index]
        if not _HEADER_HINT.search(line.text):
            continue
        cuts = _vertical_xs(page, line.top, line.bottom)
        phrases = _phrases(line, _HEADER_GAP, cuts)
        roles = _anchor_roles(phrases)
        if len(phrases) < 2 or not _is_header_roles(roles, strict=strict):
            continue
        if _ID_LIKE.match(phrases[0].words[0].text) or line.text.lower().startswith("no "):
            continue
        # Header cells are short labels set in one face; a labelled row ("Control Activity
        # | An independent third party performs a penetration test ...") is not a header.
        if any(_sentence_like(p) for p in phrases):
            continue
        # A header label opens with a capital, a digit or "#"; a phrase opening in lower
        # case is a wrapped body line ("a penetration test of the | the control to ...").
        if any(p.words[0].text[:1].islower() for p in phrases):
            continue
        # Nor does a label end in an article or a joining word ("Policies are assigned an |
        # Officer regarding the control to determine that"): that is a wrapped sentence.
        # (A bold header wrapped over two lines may: "Tests Performed by the | Results of".)
        if not line.bold and any(p.words[-1].text.lower() in _FRAGMENT_ENDS for p in phrases):
            continue
        if len({all(w.bold for w in p.words) for p in phrases}) > 1:
            continue
        if not _has_control_label(phrases, roles):
            continue
        first, last = _header_extent(page, index)
        columns = _header_columns(page, first, last)
        if columns is None:
            continue
        return _Header(first, last, columns, lines[first].top, lines[last].bottom)
    return None


# Words a header label never ends with; a line of wrapped prose often does.
_FRAGMENT_ENDS = frozenset(
    ["a", "an", "the", "that", "to", "of", "and", "or", "for", "with", "in", "on", "is", "are"]
)


def _sentence_like(phrase: _Phrase) -> bool:
    """Too long for a header label, or a sentence ("... is reviewed quarterly.")."""
    words = len(phrase.words)
    return words > _MAX_LABEL_WORDS or (words >= 4 and phrase.text.endswith("."))


def _has_control_label(phrases: Sequence[_Phrase], roles: Sequence[str]) -> bool:
    """A control table names its control column ("Control #", "Control Activity", "Ref")."""
    for phrase, role in zip(phrases, roles, strict=True):
        if role == "id" or (role == "description" and regex.search(r"(?i)\bcontrol", phrase.text)):
            return True
    return False


def _header_like(line: Line, anchor: Line) -> bool:
    if _GROUP_START.match(line.text) or _ID_LIKE.match(line.words[0].text):
        return False
    if anchor.bold:
        return line.bold
    words = [w.text.lower().strip(".,:#()") for w in line.words]
    return all(not w or w in _HEADER_WORDS for w in words)


_HEADER_WORDS = frozenset(
    [
        "control",
        "controls",
        "activity",
        "activities",
        "specified",
        "by",
        "the",
        "service",
        "organization",
        "organization's",
        "auditor",
        "auditor's",
        "tests",
        "test",
        "testing",
        "performed",
        "applied",
        "results",
        "result",
        "of",
        "and",
        "description",
        "procedures",
        "procedure",
        "no",
        "number",
        "ref",
        "id",
        "criteria",
        "criterion",
        "in",
        "exceptions",
        "exception",
        "noted",
        "deviations",
        "to",
        "trust",
        "services",
        "related",
    ]
)


def _header_extent(page: Page, index: int) -> tuple[int, int]:
    """The header's first and last line: the anchor and the close lines set like it."""
    lines = page.lines
    anchor = lines[index]
    size = max(anchor.size, 1.0)
    below = _horizontal_between_ys(page)
    first = index
    while first > 0:
        prev = lines[first - 1]
        if lines[first].top - prev.bottom > 0.6 * size or not _header_like(prev, anchor):
            break
        if below(prev.bottom, lines[first].top):
            break
        first -= 1
    last = index
    while last + 1 < len(lines):
        nxt = lines[last + 1]
        if nxt.top - lines[last].bottom > 0.6 * size or not _header_like(nxt, anchor):
            break
        if below(lines[last].bottom, nxt.top):
            break
        last += 1
    return first, last


def _horizontal_between_ys(page: Page) -> Callable[[float, float], bool]:
    ys = sorted((r.top + r.bottom) / 2 for r in page.rules if r.horizontal and (r.x1 - r.x0) > 30)

    def between(top: float, bottom: float) -> bool:
        return any(top - 1.0 <= y <= bottom + 1.0 for y in ys)

    return between


def _header_columns(page: Page, first: int, last: int) -> tuple[Column, ...] | None:
    """Group the header's phrases into columns and place the boundaries between them."""
    lines = page.lines[first : last + 1]
    top, bottom = lines[0].top, lines[-1].bottom
    cuts = _vertical_xs(page, top, bottom)
    groups: list[list[_Phrase]] = []
    for line in lines:
        for phrase in _phrases(line, _HEADER_GAP, cuts):
            home = next(
                (g for g in groups if _overlap(g, phrase.x0, phrase.x1, cuts)),
                None,
            )
            if home is None:
                groups.append([phrase])
            else:
                home.append(phrase)
    groups.sort(key=lambda g: min(p.x0 for p in g))
    labels = [" ".join(p.text for p in sorted(g, key=lambda p: p.words[0].top)) for g in groups]
    roles = [column_role(label) for label in labels]
    roles = _settle_roles(roles, labels)
    if not _is_header_roles(roles, strict=False):
        return None
    spans = [(min(p.x0 for p in g), max(p.x1 for p in g)) for g in groups]
    boundaries = _boundaries(page, spans, bottom, sorted({*cuts, *_joint_xs(page, top)}))
    columns = []
    for i, (role, label) in enumerate(zip(roles, labels, strict=True)):
        x0 = boundaries[i - 1] if i else float("-inf")
        x1 = boundaries[i] if i < len(boundaries) else float("inf")
        columns.append(Column(role, label, x0, x1))
    return tuple(columns)


def _overlap(group: list[_Phrase], x0: float, x1: float, cuts: Sequence[float]) -> bool:
    g0, g1 = min(p.x0 for p in group), max(p.x1 for p in group)
    if min(g1, x1) - max(g0, x0) <= 0:
        return False
    # A vertical rule between them keeps two phrases in separate columns.
    return not any(min(g1, x1) > c > max(g0, x0) for c in cuts) or not cuts


def _settle_roles(roles: list[str], labels: list[str]) -> list[str]:
    """Resolve a bare "Control" column beside a description column into the id column."""
    if "id" not in roles and roles.count("description") >= 2:
        first = roles.index("description")
        if len(labels[first].split()) <= 2:
            roles = [*roles[:first], "id", *roles[first + 1 :]]
    return roles


def _boundaries(
    page: Page, spans: Sequence[tuple[float, float]], header_bottom: float, cuts: Sequence[float]
) -> list[float]:
    """The x position between each pair of neighbouring header phrases."""
    body = [w for line in page.lines if line.top > header_bottom for w in line.words]
    result: list[float] = []
    for (a0, a1), (b0, _) in itertools.pairwise(spans):
        ruled = [c for c in cuts if a1 - 1.0 <= c <= b0 + 1.0]
        if ruled:
            middle = (a1 + b0) / 2
            result.append(min(ruled, key=lambda c: abs(c - middle)))
            continue
        result.append(_quietest_x(body, max(a1, a0 + 1.0), b0))
    return result


def _quietest_x(words: Sequence[Word], lo: float, hi: float) -> float:
    """The x in ``lo..hi`` that the fewest words cross; the middle of the widest such run."""
    if hi - lo < 2.0:
        return (lo + hi) / 2
    steps = int(hi - lo) + 1
    counts = [0] * (steps + 2)
    for word in words:
        if word.x1 <= lo or word.x0 >= hi:
            continue
        start = max(0, int(word.x0 - lo) + 1)
        end = min(steps, int(word.x1 - lo))
        if start <= end:
            counts[start] += 1
            counts[end + 1] -= 1
    running = 0
    coverage = []
    for step in range(steps):
        running += counts[step]
        coverage.append(running)
    least = min(coverage)
    best_start, best_len, run_start = 0, 0, None
    for step, value in enumerate([*coverage, least + 1]):
        if value == least and run_start is None:
            run_start = step
        elif value != least and run_start is not None:
            if step - run_start > best_len:
                best_start, best_len = run_start, step - run_start
            run_start = None
    return lo + best_start + best_len / 2


def _word_columns(line: Line, rights: Sequence[float]) -> list[int]:
    """Each word's column by its centre: the first whose right edge is beyond it, else the last.

    ``rights`` holds the columns' right edges.
    """
    last = len(rights) - 1
    if any(a > b for a, b in itertools.pairwise(rights)):
        return [_first_right_of(rights, (w.x0 + w.x1) / 2) for w in line.words]
    return [min(bisect.bisect_right(rights, (w.x0 + w.x1) / 2), last) for w in line.words]


def _first_right_of(rights: Sequence[float], x: float) -> int:
    return next((i for i, right in enumerate(rights) if x < right), len(rights) - 1)


def _spans_columns(line: Line, columns: Sequence[Column], placed: Sequence[int]) -> bool:
    """True when a line's text runs across a column boundary (a group row or a paragraph).

    ``placed`` holds each word's column (:func:`_word_columns`).
    """
    return bool(_crossed_edges(line, columns, placed))


def _crossed_edges(line: Line, columns: Sequence[Column], placed: Sequence[int]) -> set[int]:
    """The column boundaries a line's text runs across (``i``: between column i and i+1).

    A word may lie over a boundary, or two neighbouring words in different columns may
    stand no further apart than words of one phrase.
    """
    edges = [c.x1 for c in columns[:-1]]
    crossed: set[int] = set()
    for word in line.words:
        for i, e in enumerate(edges):
            if word.x0 < e - 1.5 and word.x1 > e + 1.5:
                crossed.add(i)
    words = line.words
    for k in range(len(words) - 1):
        if placed[k] == placed[k + 1]:
            continue
        left, right = words[k], words[k + 1]
        if right.x0 - left.x1 < _WORD_GAP * max(left.size, right.size, 1.0):
            crossed.update(range(min(placed[k], placed[k + 1]), max(placed[k], placed[k + 1])))
    return crossed


def join_lines(texts: Iterable[str]) -> str:
    """Join wrapped lines: a line ending in a hyphen joins the next without a space.

    >>> join_lines(["non-", "occurrence of", "twenty-", "five users"])
    'non-occurrence of twenty-five users'
    """
    out = ""
    for raw in texts:
        text = raw.strip()
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith("-") and not out.endswith(" -"):
            out += text
        else:
            out += " " + text
    return out


def _band_to_row(page: Page, band: Sequence[Line], columns: Sequence[Column]) -> TableRow:
    rights = [c.x1 for c in columns]
    placed = [_word_columns(line, rights) for line in band]
    crossed = sorted(
        {e for line, p in zip(band, placed, strict=True) for e in _crossed_edges(line, columns, p)}
    )
    spanning = bool(crossed)
    per_column: list[list[str]] = [[] for _ in columns]
    per_line: list[tuple[str, ...]] = []
    for line, where in zip(band, placed, strict=True):
        parts: list[list[str]] = [[] for _ in columns]
        for word, column in zip(line.words, where, strict=True):
            parts[column].append(word.text)
        for i, words in enumerate(parts):
            if words:
                per_column[i].append(" ".join(words))
        per_line.append(tuple(" ".join(words) for words in parts))
    cells = tuple(
        (column.role, join_lines(texts)) for column, texts in zip(columns, per_column, strict=True)
    )
    text = join_lines(line.text for line in band)
    return TableRow(
        page.number, band[0].top, cells, spanning, text, tuple(per_line), tuple(crossed)
    )


def _row_breaks(page: Page, columns: Sequence[Column], top: float, bottom: float) -> list[float]:
    """y positions of horizontal rules that cross the first column inside the table."""
    first = columns[0]
    x = first.x1 - 2.0 if first.x1 != float("inf") else 0.0
    return sorted(
        {
            round((r.top + r.bottom) / 2, 1)
            for r in page.rules
            if r.horizontal and r.x0 <= x <= r.x1 and top - 1.0 <= r.top <= bottom + 1.0
        }
    )


def _ruled_extent(page: Page, columns: Sequence[Column], first: Line) -> tuple[float, float] | None:
    """The vertical extent of the ruled table that ``first`` starts in or just above.

    The rules drawn at the column boundaries, merged where they touch, form one block per
    table; a group row without inner rules sits in a gap a line high. None when the page has
    no such rules; an empty extent when ``first`` is in none of the blocks.
    """
    xs = [c.x1 for c in columns[:-1]]
    verticals = [r for r in page.rules if not r.horizontal]
    inner = [r for r in verticals if any(abs((r.x0 + r.x1) / 2 - x) < 2.0 for x in xs)]
    if not inner:
        return None
    # The table's outer edges run past group rows, which have no inner rules; a page frame
    # (most of the page high) is not a table edge. Edges drawn cell by cell join the table
    # through one another: a criterion row two or three lines high is edge segments only.
    outer = [
        r
        for r in verticals
        if (r.x1 < xs[0] or r.x0 > xs[-1]) and r.bottom - r.top < 0.88 * page.height
    ]
    spans = sorted((r.top, r.bottom) for r in inner)
    joined = True
    while outer and joined:
        joined = False
        for r in list(outer):
            if any(r.top <= bottom + 1.0 and top <= r.bottom + 1.0 for top, bottom in spans):
                spans.append((r.top, r.bottom))
                outer.remove(r)
                joined = True
    spans.sort()
    reach = 2.5 * max(first.size, 1.0)
    blocks: list[list[float]] = []
    for top, bottom in spans:
        if blocks and top <= blocks[-1][1] + reach:
            blocks[-1][1] = max(blocks[-1][1], bottom)
        else:
            blocks.append([top, bottom])
    middle = (first.top + first.bottom) / 2
    for top, bottom in blocks:
        if top - reach <= middle <= bottom + 1.0:
            return top - reach, bottom
    return (0.0, 0.0)


def _table_end(lines: Sequence[Line], columns: Sequence[Column], page: Page) -> int:
    """How many of ``lines`` belong to the table that starts with them."""
    if not lines:
        return 0
    extent = _ruled_extent(page, columns, lines[0])
    if extent is not None:
        top, bottom = extent
        for i, line in enumerate(lines):
            middle = (line.top + line.bottom) / 2
            if not top <= middle <= bottom + 1.0:
                return i
        return len(lines)
    in_group = False
    in_merged = False  # in a row whose cell is merged across columns
    for i, line in enumerate(lines):
        close = i > 0 and line.top - lines[i - 1].bottom <= _ROW_GAP * max(line.size, 1.0)
        in_merged = in_merged and close
        if not _spans_columns(line, columns, _word_columns(line, [c.x1 for c in columns])):
            in_group = False
            continue
        if _opens_aligned_row(line, columns):
            in_group = False
            in_merged = True
            continue
        if in_merged and line.words[0].x0 >= columns[0].x1:
            continue  # the merged cell wraps on, right of the id column
        if _GROUP_START.match(line.text):
            in_group = True
            continue
        if not (in_group and close):
            return i
    return len(lines)


def _opens_aligned_row(line: Line, columns: Sequence[Column]) -> bool:
    """A body row with one cell merged across columns ("CC8.1.6 | Changes are approved. |
    Not tested. No emergency changes occurred ..."): it opens with an id in the first
    column and its phrases start at two or more later columns' left edges."""
    if len(columns) < 3 or not _ID_LIKE.match(line.words[0].text):
        return False
    if line.words[0].x1 > columns[0].x1:
        return False
    starts = [p.x0 for p in _phrases(line, _HEADER_GAP)[1:]]
    hits = sum(
        1 for c in columns[1:] if any(c.x0 - 2.0 <= x <= c.x0 + 3.0 * line.size for x in starts)
    )
    return hits >= 2


# A criterion or control objective row: "CC6.1 – The entity ...", "A1.2 The entity ...",
# "Control Objective 3: Controls provide reasonable assurance ...".
_GROUP_START = regex.compile(
    r"""^\s*(?:
        (?:(?:trust\s+services\s+)?criteri(?:on|a)\s+)?
        (?:CC\d{1,2}\.\d{1,2}|A1\.\d|C1\.\d|PI1\.\d|P\d\.\d)(?![.-]\d)\b
      | control\s+objective\b
      | (?:criteria|criterion)\b
    )""",
    regex.I | regex.VERBOSE,
)


def _bands(
    page: Page, lines: Sequence[Line], breaks: Sequence[float], *, by_gap: bool = False
) -> list[list[Line]]:
    """Row bands: split at the rules in ``breaks``, or (none, or ``by_gap``) at gaps."""
    bands: list[list[Line]] = []
    for line in lines:
        if bands:
            prev = bands[-1][-1]
            size = max(line.size, prev.size, 1.0)
            gap = line.top - prev.bottom > _ROW_GAP * size
            if breaks:
                split = any(prev.bottom - 1.0 <= y <= line.top + 1.0 for y in breaks)
                split = split or (by_gap and gap)
            else:
                split = gap
            if not split:
                bands[-1].append(line)
                continue
        bands.append([line])
    return bands


def pages_to_items(pages: Sequence[Page], *, strict: bool = False) -> tuple[Item, ...]:
    """Every control-table row and every other line on ``pages``, in reading order.

    Args:
        pages: the pages of the tests of controls (or, with ``strict``, every page).
        strict: only take tables that have a tests or results column.
    """
    items: list[Item] = []
    columns: tuple[Column, ...] | None = None
    for page in pages:
        lines = page.lines
        index = 0
        while index < len(lines):
            header = find_header(page, index, strict=strict)
            stop = header.first if header is not None else len(lines)
            if columns is not None and index < stop:
                end = index + _table_end(lines[index:stop], columns, page)
                _read_rows(page, lines[index:end], columns, items)
                if end < stop:
                    columns = None
                index = end
            for line in lines[index:stop]:
                items.append(_text_line(page, line))
            if header is None:
                break
            columns = header.columns
            index = header.last + 1
    return tuple(items)


def _read_rows(
    page: Page, body: Sequence[Line], columns: Sequence[Column], items: list[Item]
) -> None:
    if not body:
        return
    breaks = _row_breaks(page, columns, body[0].top - 3.0, body[-1].bottom + 3.0)
    inside = [b for b in breaks if body[0].top < b < body[-1].bottom]
    by_gap = bool(inside) and _group_edges_only(page, body, inside, columns)
    for band in _bands(page, body, inside, by_gap=by_gap):
        items.append(_band_to_row(page, band, columns))


def _group_edges_only(
    page: Page, body: Sequence[Line], breaks: Sequence[float], columns: Sequence[Column]
) -> bool:
    """True when a table without column rules has horizontal rules only at the edges of
    its group rows (a shaded "CC1.1 - COSO Principle 1: ..." band): its control rows
    are still set apart by white space, and a rule-to-rule band would hold several."""
    xs = [c.x1 for c in columns[:-1]]
    top, bottom = body[0].top, body[-1].bottom
    if any(
        not r.horizontal
        and r.bottom > top
        and r.top < bottom
        and any(abs((r.x0 + r.x1) / 2 - x) < 2.0 for x in xs)
        for r in page.rules
    ):
        return False
    # Each group row with the lines it wraps onto (set close below it).
    rights = [c.x1 for c in columns]
    blocks: list[list[float]] = []
    for k, line in enumerate(body):
        spans = _spans_columns(line, columns, _word_columns(line, rights))
        if spans and _GROUP_START.match(line.text):
            blocks.append([line.top, line.bottom])
        elif (
            k > 0
            and blocks
            and blocks[-1][1] == body[k - 1].bottom
            and line.top - body[k - 1].bottom <= _ROW_GAP * max(line.size, 1.0)
        ):
            blocks[-1][1] = line.bottom
    reach = 1.5 * max(body[0].size, 1.0)
    return bool(blocks) and all(
        any(top - reach <= y <= bottom + reach for top, bottom in blocks) for y in breaks
    )
