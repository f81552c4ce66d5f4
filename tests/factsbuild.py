"""Build documents from marked-up text for the facts-stage tests (no PDF needed).

Each page is a string. A line ``## Title`` is a bold heading, an empty line is a
paragraph gap, and every other line is a body line. A page whose first line is
``[toc]`` is a contents page. Long lines are wrapped at about 90 characters, as
a PDF would set them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from soc2parse._model import Section, SectionKind
from soc2parse._pages import Document, Line, Page, Word
from tablebuild import LEADING, Text, table_page, text_page

from pagebuild import LINE_HEIGHT, document, line

WIDTH = 90


def build_page(number: int, text: str) -> Page:
    """One page from marked-up text."""
    rows = textwrap.dedent(text).strip("\n").splitlines()
    is_toc = bool(rows) and rows[0].strip() == "[toc]"
    if is_toc:
        rows = rows[1:]
    lines = []
    y = 72.0
    for row in rows:
        if not row.strip():
            y += LINE_HEIGHT
            continue
        if row.startswith("## "):
            lines.append(line(row[3:].strip(), y, bold=True, size=11.0))
            y += LINE_HEIGHT
            continue
        indent = len(row) - len(row.lstrip())
        for piece in textwrap.wrap(row.strip(), WIDTH) or [""]:
            lines.append(line(piece, y, x0=72.0 + 6 * indent))
            y += LINE_HEIGHT
    return Page(number=number, width=612.0, height=792.0, lines=tuple(lines), is_toc=is_toc)


def build(pages: Sequence[str], source: str = "test.pdf") -> Document:
    """A document from marked-up page texts."""
    return document([build_page(n, t) for n, t in enumerate(pages, start=1)], source)


def sections(*spans: tuple[str, int, int]) -> tuple[Section, ...]:
    """Sections from ``(kind, first_page, last_page)`` triples."""
    return tuple(Section(SectionKind(k), k.title(), first, last) for k, first, last in spans)


def report_pages(
    signature: str,
    cover: str = "Acme Cloud, Inc.\nSOC 2 Type 2 Report",
    letterhead: str = "",
) -> list[str]:
    """A cover, an auditor's report ending in ``signature``, and an assertion page.

    ``letterhead`` lines stand above the report's title on its first page.
    """
    top = f"{letterhead}\n\n" if letterhead else ""
    return [
        cover,
        f"{top}## Independent Service Auditor's Report\nTo the Management of Acme Cloud, Inc.:\n\n"
        "## Scope\nWe have examined Acme's accompanying description of its system throughout "
        "the period January 1, 2025 to December 31, 2025 based on the trust services criteria "
        "relevant to security and availability (applicable trust services criteria).\n\n"
        "## Opinion\nIn our opinion, in all material respects, the controls operated "
        f"effectively throughout the period.\n\n{signature}",
        "## Management's Assertion\nWe confirm the description. Jane Roe, CEO, Acme Cloud, LLC",
    ]


def table_section(
    number: int,
    before: Sequence[str],
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float] = (170, 170, 110),
    ruled: bool = False,
    after: Sequence[str] = (),
    tight: bool = False,
) -> Page:
    """A description page: lines of text (``## `` for a bold heading), a table, more text.

    With ``tight``, the table's rows are set at one even line spacing (no gap between rows),
    as some report tools set them.
    """

    def texts(items: Sequence[str]) -> list[str | Text]:
        return [Text(t[3:], bold=True) if t.startswith("## ") else t for t in items]

    head = text_page(number, texts(before))
    top = (head.lines[-1].bottom + 14.0) if head.lines else 72.0
    table = table_page(number, header, list(rows), widths=widths, top=top, ruled=ruled)
    body = list(table.lines)
    if tight:
        body = [
            Line(
                tuple(
                    Word(
                        w.text,
                        w.x0,
                        w.x1,
                        top + i * LEADING,
                        top + i * LEADING + w.size,
                        w.size,
                        w.bold,
                    )
                    for w in line.words
                )
            )
            for i, line in enumerate(body)
        ]
    end = (body[-1].bottom + 14.0) if body else top
    tail = text_page(number, texts(after), top=end)
    return Page(
        number=number,
        width=612.0,
        height=792.0,
        lines=(*head.lines, *body, *tail.lines),
        rules=table.rules,
    )
