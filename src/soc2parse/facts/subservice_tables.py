"""Subservice organizations listed in a table of the description, and how a cell names them.

Many descriptions name their subservice organizations only in a table::

    Subservice Organization      | Services Provided | Method
    Amazon Web Services (AWS)    | Cloud hosting     | Carve-out

A table is found by its header row: a column headed "Subservice
Organization(s)" (or "Vendor", "Service Provider", "Name" beside a services or
method column). Each row's name is read from that column only, so the controls
of a complementary subservice organization controls (CSOC) table and criteria
ids beside them are never taken for names. The method is the row's own
("Carve-out", "Inclusive"), else what the text around the table says about that
organization, else what it says about all of them.

This module owns the table geometry (header, column edges, rows) and what a
cell or list item names (:func:`companies`, one name or a list of several) and
which method the text near it gives (:func:`method_near`), which the bulleted
lists of :mod:`soc2parse.facts.subservice_lists` read the same way.

The column labels and the method's wordings are rules of ``models/subservice.jsonl``;
what a name cell never is (ids, "N/A", a control's opening) and the list separators
(built from ``models/legal_endings.json``) stay here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import attrs
import regex

from soc2parse._model import Evidence, SubserviceOrganization
from soc2parse._pages import Line, Page, Word
from soc2parse.facts.description import ABOUT_SUBSERVICE, SUBSERVICE_HEADING
from soc2parse.text.names import BRACKET_ALIAS, ending_pattern, has_ending, without_ending
from soc2parse.text.rules import wording

__all__ = ["Listed", "companies", "method_in", "method_near", "read_tables"]

_V = regex.IGNORECASE | regex.VERBOSE

# Column labels. The name column: "Subservice Organization(s)", "Subservice Provider",
# "Name of Subservice Organization", "Vendor", "Third-Party Service Provider", "Name".
_NAME_COLUMN = wording("subservice", "name-column")
# "Subservice" in a header row's labels: the table lists subservice organizations.
_SUBSERVICE_LABEL = wording("subservice", "subservice-label")
# A word every name column's label holds (a cheap test before a line is split into cells).
_NAME_HINT = wording("subservice", "name-hint")
# "Services Provided", "Service(s)", "Description of Services", "Nature of Services", "Function".
_SERVICES_COLUMN = wording("subservice", "services-column")
# "Method", "Presentation Method", "Carve-out / Inclusive", "Treatment", "Inclusive or Carved Out".
_METHOD_COLUMN = wording("subservice", "method-column")
# The method the text near a table or list says: "carved out", "excluded from the scope";
# "inclusive", "included in the scope".
_CARVE_OUT = wording("subservice", "table-carve-out")
_INCLUSIVE = wording("subservice", "table-inclusive")
# A method cell: "Carve-out", "Carved out", "Excluded", "Not included"; "Inclusive", "Included".
_CELL_CARVE_OUT = wording("subservice", "cell-carve-out")
_CELL_INCLUSIVE = wording("subservice", "cell-inclusive")

# What a name cell never is: a criterion or control id ("CC6.4", "A1.2", "C-12", "1.3"),
# "N/A", "None", a dash, or the opening of a control or sentence.
_NOT_A_NAME = regex.compile(
    r"""
    ^(?:CC|PI|[ACP])\d+(?:\.\d+)+\b | ^[A-Z]{1,4}[-.]?\d | ^\d+(?:\.\d+)*\.?$
    | ^(?:n/?a|none|not\s+applicable|tbd|[-–—])$
    | ^(?:complementary|controls?|user\s+entit|the\s+|a\s+|an\s+|each\s+|all\s+|management|
         physical|logical|changes?|access|environmental|procedures?|policies)\b
    """,
    _V,
)
# Lower-case words a company's name may hold: "Amazon Web Services, inc.", "Bank of America".
_NAME_LOWER = frozenset({"and", "of", "the", "de", "for", "inc", "inc.", "dba", "d/b/a", "&", "to"})

# Words further apart than this share of the font size are in different table cells.
_CELL_GAP = 0.75
# A table's header is looked for this many lines at most under the subservice heading.
_MAX_ROWS = 80


@attrs.frozen
class Listed:
    """A subservice organization read from a table row or a list item, and where."""

    organization: SubserviceOrganization
    evidence: Evidence


@attrs.frozen
class _Cell:
    x0: float
    x1: float
    text: str


def _cells(line: Line) -> list[_Cell]:
    """The line split into cells at gaps wider than a word space."""
    groups: list[list[Word]] = [[line.words[0]]]
    for a, b in zip(line.words, line.words[1:], strict=False):
        if b.x0 - a.x1 > _CELL_GAP * max(a.size, b.size, 6.0):
            groups.append([])
        groups[-1].append(b)
    return [_Cell(g[0].x0, g[-1].x1, " ".join(w.text for w in g)) for g in groups]


def _role(label: str) -> str:
    text = " ".join(label.split()).strip(" :")
    if _NAME_COLUMN.match(text):
        return "name"
    if _SERVICES_COLUMN.match(text):
        return "services"
    if _METHOD_COLUMN.match(text):
        return "method"
    return "other"


@attrs.frozen
class _Header:
    index: int  # the header's last line in the flat list
    cells: tuple[_Cell, ...]
    roles: tuple[str, ...]


def _header_at(
    lines: Sequence[tuple[int, Line]],
    index: int,
    cells_of: Callable[[Line], list[_Cell]] = _cells,
) -> _Header | None:
    """A subservice table's header starting at ``lines[index]`` (one to three lines).

    A bold header takes in the bold lines its labels wrap onto; a header in the body face
    takes a second line only when the first alone is no header.
    """
    first = lines[index][1]
    cells = cells_of(first)
    found: _Header | None = None
    for extra in range(3):
        if extra:
            if index + extra >= len(lines) or (found is not None and not first.bold):
                break
            page, line = lines[index + extra]
            previous = lines[index + extra - 1][1]
            if (
                page != lines[index][0]
                or line.top - previous.bottom > previous.size * 1.2
                or line.bold != first.bold
            ):
                break
            merged = _merge(cells, cells_of(line))
            if merged is None:
                break
            cells = merged
        if len(cells) < 2 or any(len(c.text.split()) > 8 or c.text.endswith(".") for c in cells):
            continue
        roles = tuple(_role(c.text) for c in cells)
        if roles.count("name") != 1:
            continue
        name_label = cells[roles.index("name")].text
        if _SUBSERVICE_LABEL.search(name_label) or {"services", "method"} & set(roles):
            found = _Header(index + extra, tuple(cells), roles)
    return found


def _merge(upper: list[_Cell], lower: list[_Cell]) -> list[_Cell] | None:
    """Header cells wrapped onto a second line, joined to the cells above them."""
    out = list(upper)
    for cell in lower:
        over = [i for i, c in enumerate(out) if c.x0 - 8 <= cell.x0 <= c.x1 + 8]
        if len(over) != 1:
            return None
        i = over[0]
        out[i] = _Cell(out[i].x0, max(out[i].x1, cell.x1), f"{out[i].text} {cell.text}")
    return out


def _boundaries(header: _Header, body: Sequence[Line]) -> list[float]:
    """Column edges: between two header cells, the x that the fewest body words cross."""
    words = [w for line in body for w in line.words]
    edges = []
    for left, right in zip(header.cells, header.cells[1:], strict=False):
        lo, hi = int(left.x1), int(right.x0)
        if hi <= lo:
            edges.append(right.x0 - 1)
            continue
        counts = [(sum(1 for w in words if w.x0 < x < w.x1), x) for x in range(lo, hi + 1)]
        fewest = min(c for c, _ in counts)
        quiet = [x for c, x in counts if c == fewest]
        edges.append(float(quiet[len(quiet) // 2]))
    return edges


def _column(edges: Sequence[float], x: float) -> int:
    return sum(1 for edge in edges if x >= edge)


def _spans(line: Line, edges: Sequence[float]) -> bool:
    """True when the line runs across a column edge as prose does (a word space at the edge)."""
    for a, b in zip(line.words, line.words[1:], strict=False):
        if _column(edges, a.x0) != _column(edges, b.x0) and b.x0 - a.x1 < 0.6 * a.size:
            return True
    return any(_column(edges, w.x0) != _column(edges, w.x1 - 0.5) for w in line.words)


def _probe(lines: Sequence[tuple[int, Line]], header: _Header) -> list[Line]:
    """The lines under the header that may be its rows, for placing the column edges.

    They stop at a heading or the next table's header: another table's columns (a CSOC table
    under the subservice table) would place the edges where this table's names run.
    """
    page, last = lines[header.index]
    probe: list[Line] = []
    for number, line in lines[header.index + 1 : header.index + 30]:
        if number != page or line.top - last.bottom > last.size * 3.5:
            break
        cells = _cells(line)
        if (line.bold and len(cells) == 1) or (len(cells) > 1 and _header_at([(number, line)], 0)):
            break
        if len(cells) > 1:
            probe.append(line)
        last = line
    return probe


def _body(
    lines: Sequence[tuple[int, Line]], header: _Header
) -> tuple[list[tuple[int, Line]], list[float]]:
    """The table's body lines and column edges: from under the header to prose or a heading."""
    body: list[tuple[int, Line]] = []
    page, last = lines[header.index]
    edges = _boundaries(header, _probe(lines, header))
    for index in range(header.index + 1, min(len(lines), header.index + 1 + _MAX_ROWS)):
        number, line = lines[index]
        if number == page and line.top - last.bottom > last.size * 3.5:
            break
        if _header_at(lines, index) is not None:
            if number == page:
                break  # another table
            page, last = number, line
            continue  # the header repeated on a new page
        if _spans(line, edges) or (line.bold and len(_cells(line)) == 1):
            break
        body.append((number, line))
        page, last = number, line
    return body, edges


def _rows(
    body: Sequence[tuple[int, Line]], header: _Header, edges: Sequence[float], page: Page | None
) -> list[tuple[int, dict[str, list[str]], str]]:
    """Body lines grouped into rows: ``(page, {role: texts}, first line)``."""
    name_col = header.roles.index("name")
    steps = [
        b.top - a.top for (pa, a), (pb, b) in itertools.pairwise(body) if pa == pb and b.top > a.top
    ]
    leading = min(steps) if steps else 0.0
    gapped = bool(steps) and max(steps) > leading * 1.35
    filled_first: set[int] = set()
    rows: list[tuple[int, dict[str, list[str]], str]] = []
    previous: tuple[int, Line] | None = None
    for number, line in body:
        columns: dict[int, list[str]] = {}
        for word in line.words:
            columns.setdefault(_column(edges, (word.x0 + word.x1) / 2), []).append(word.text)
        if not rows:
            filled_first = set(columns)
        new = previous is None or previous[0] != number
        if previous is not None and previous[0] == number:
            if gapped:
                new = line.top - previous[1].top > leading * 1.35
            else:
                new = name_col in columns and set(columns) >= filled_first
            if _ruled_between(page, previous[1], line, edges, name_col):
                new = True
        if new or not rows:
            rows.append((number, {}, line.text))
        for col, texts in columns.items():
            role = header.roles[col] if col < len(header.roles) else "other"
            rows[-1][1].setdefault(role, []).extend(texts)
        previous = (number, line)
    return rows


def _ruled_between(
    page: Page | None, above: Line, below: Line, edges: Sequence[float], name_col: int
) -> bool:
    if page is None:
        return False
    left = edges[name_col - 1] if name_col else 0.0
    right = edges[name_col] if name_col < len(edges) else page.width
    return any(
        r.horizontal and above.bottom - 1 <= r.top <= below.top + 1 and r.x0 < right and r.x1 > left
        for r in page.rules
    )


def _company(text: str) -> str | None:
    """``text`` as a company's name, or None when it cannot be one."""
    name = " ".join(text.split()).strip(" ,;:*•")
    if not 2 <= len(name) <= 90 or not (name[0].isupper() or name[0].isdigit()):
        return None
    if (
        _NOT_A_NAME.search(name)
        or _role(name) != "other"
        or (name.endswith(".") and not has_ending(name, "cell"))
    ):
        return None
    plain = BRACKET_ALIAS.sub("", name)
    words = plain.replace(",", " ").split()
    lower = [w for w in words if w[:1].islower() and w.lower() not in _NAME_LOWER]
    if not words or len(words) > 8 or lower:
        return None
    return name


# Where a cell or item names several organizations: "Digital Realty, CyrusOne, and Equinix",
# "Okta, Inc. and Iron Mountain"; not inside "Amazon Web Services, Inc." (a legal ending).
_LIST_SEPARATOR = regex.compile(
    rf"""
    \s*,\s*(?:and\s+|&\s+)?(?!\s*{ending_pattern("list-comma")}\b)
    | (?<=\b{ending_pattern("list-and")}\.?)
      \s+(?:and|&)\s+(?=\p{{Lu}})
    """,
    regex.VERBOSE,
)


def companies(text: str) -> list[str]:
    """The organizations a cell or item names: one, or each of a list of several.

    >>> companies("Digital Realty, CyrusOne, and Equinix")
    ['Digital Realty', 'CyrusOne', 'Equinix']
    >>> companies("Amazon Web Services, Inc. (AWS)")
    ['Amazon Web Services, Inc. (AWS)']
    """
    whole = _company(text)
    plain = " ".join(BRACKET_ALIAS.sub(lambda m: m.group().replace(",", ";"), text).split())
    parts = [p.replace(";", ",") for p in _LIST_SEPARATOR.split(plain) if p.strip()]
    if len(parts) > 1:
        names = [_company(p) for p in parts]
        if all(names) and all(len(n.split()) <= 5 for n in names if n):
            return [n for n in names if n]
    return [whole] if whole else []


def method_in(text: str) -> str | None:
    """The one method ``text`` names ("carve-out" or "inclusive"), else None."""
    carve, inclusive = bool(_CARVE_OUT.search(text)), bool(_INCLUSIVE.search(text))
    if carve == inclusive:
        return None
    return "carve-out" if carve else "inclusive"


def _cell_method(text: str) -> str | None:
    if _CELL_CARVE_OUT.search(text):
        return "carve-out"
    return "inclusive" if _CELL_INCLUSIVE.match(text) else None


def method_near(name: str, context: str) -> str | None:
    """The method the context gives this organization, else all of them, else None."""
    keys = {BRACKET_ALIAS.sub("", name).strip(" ,")}
    keys |= {m.strip() for m in BRACKET_ALIAS.findall(name)}
    keys |= {without_ending(k, "cell").strip(" ,") for k in list(keys)}
    for sentence in regex.split(r"(?<=[.;])\s+", context):
        if any(len(k) > 1 and k.lower() in sentence.lower() for k in keys):
            found = method_in(sentence)
            if found:
                return found
    return method_in(context)


def _context(lines: Sequence[tuple[int, Line]], start: int, end: int) -> str:
    """The text around a table: from the subservice heading above it (or 25 lines) to 10 after."""
    first = max(0, start - 25)
    for index in range(start - 1, first - 1, -1):
        if SUBSERVICE_HEADING.match(lines[index][1].text):
            first = index
            break
    return " ".join(line.text for _, line in (*lines[first:start], *lines[end : end + 10]))


def read_tables(pages: Sequence[Page]) -> tuple[list[Listed], list[str]]:
    """The organizations the subservice tables in ``pages`` name, one per name and row, and
    a warning for each subservice table none of whose rows could be read."""
    lines = [(p.number, line) for p in pages if not p.is_toc for line in p.lines]
    by_number = {p.number: p for p in pages}
    found: list[Listed] = []
    warnings: list[str] = []
    # Only where a name column's label could start (it may wrap onto two more lines).
    hinted = [bool(_NAME_HINT.search(line.text)) for _, line in lines]
    known: dict[int, list[_Cell]] = {}

    def cells_of(line: Line) -> list[_Cell]:
        # A line is split once, though up to three headers may start on or above it.
        found = known.get(id(line))
        if found is None:
            found = known[id(line)] = _cells(line)
        return found

    index = 0
    while index < len(lines):
        if not any(hinted[index : index + 3]):
            index += 1
            continue
        header = _header_at(lines, index, cells_of)
        if header is None:
            index += 1
            continue
        cells_text = " ".join(c.text for c in header.cells)
        above = " ".join(line.text for _, line in lines[max(0, index - 8) : index])
        if not _SUBSERVICE_LABEL.search(cells_text) and not ABOUT_SUBSERVICE.search(above):
            # "Name | Description" may list system components or every vendor: only a table
            # introduced as the subservice organizations' is read.
            index += 1
            continue
        body, edges = _body(lines, header)
        end = header.index + 1 + len(body)
        context = _context(lines, index, end)
        number = lines[index][0]
        read = 0
        for row_page, cells, first in _rows(body, header, edges, by_number.get(number)):
            services = " ".join(cells.get("services", [])).strip() or None
            for name in companies(" ".join(cells.get("name", []))):
                method = _cell_method(" ".join(cells.get("method", []))) or method_near(
                    name, context
                )
                organization = SubserviceOrganization(
                    name, services, method, Evidence(row_page, first)
                )
                found.append(Listed(organization, Evidence(row_page, first)))
                read += 1
        if not read and body and _SUBSERVICE_LABEL.search(cells_text):
            warnings.append(
                f"a subservice organizations table on page {number} was found but no "
                "organization could be read from it"
            )
        index = max(end, index + 1)
    return found, warnings
