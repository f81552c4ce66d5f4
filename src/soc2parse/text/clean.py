"""Text made safe and plain: untrusted text made safe to print (one line, controls dropped),
typographic quotes folded, wrapped lines joined."""

from __future__ import annotations

from collections.abc import Iterable

import regex

__all__ = ["DASHES", "QUOTES", "clean", "fold_quotes", "join_lines"]

# The one table of typographic quotes, folded to ASCII wherever text is compared or matched:
# at extraction (extract.layout), in the opinion's wordings, in comparisons and the scorecard.
QUOTES: dict[str, str] = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark, the apostrophe Word writes
    "\u201a": "'",  # single low-9 quotation mark
    "\u201b": "'",  # single high-reversed-9 quotation mark
    "\u2032": "'",  # prime
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',  # double low-9 quotation mark
}
# Dashes and hyphens, folded to "-" where text is compared (not at extraction, which keeps
# en and em dashes as printed and folds only the hyphens).
DASHES: dict[str, str] = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
_FOLD_QUOTES = str.maketrans(QUOTES)

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}--[\u200d]]", regex.VERSION1)
_SPACES = regex.compile(r"\s+")


def clean(text: str) -> str:
    """One line of untrusted text, safe for a terminal: whitespace folded, controls dropped.

    >>> clean("a\\tb\\x1b[2Jc\\n")
    'a b[2Jc'
    """
    return str(_CONTROL.sub("", _SPACES.sub(" ", text))).strip()


def fold_quotes(text: str) -> str:
    """Typographic quotes as ASCII ones (:data:`QUOTES`).

    >>> print(fold_quotes("Management\u2019s \u201cfinal\u201d report"))
    Management's "final" report
    """
    return text.translate(_FOLD_QUOTES)


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
