"""The words a control table's header labels are made of, in one list.

``controls.header`` accepts a header line in the body face when all its words are among
them (a scan's bold is unknown), and ``extract.ocr_repair`` puts back a header word OCR
misread when undoing a known confusion gives one of the longer ones. One list serves both.
"""

from __future__ import annotations

__all__ = ["TABLE_HEADER_WORDS"]

# Lower case, as words are compared once their punctuation (".,:#()") is stripped.
TABLE_HEADER_WORDS: frozenset[str] = frozenset(
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
