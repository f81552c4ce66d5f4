"""Untrusted text made safe to print: one line, controls dropped."""

from __future__ import annotations

import regex

__all__ = ["clean"]

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}--[\u200d]]", regex.VERSION1)
_SPACES = regex.compile(r"\s+")


def clean(text: str) -> str:
    """One line of untrusted text, safe for a terminal: whitespace folded, controls dropped.

    >>> clean("a\\tb\\x1b[2Jc\\n")
    'a b[2Jc'
    """
    return str(_CONTROL.sub("", _SPACES.sub(" ", text))).strip()
