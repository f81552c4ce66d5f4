"""Rule loading: the only module that touches spaCy set-up.

Patterns live as JSONL in ``models/`` (shipped as the ``soc2parse.models``
package), one rule per line in spaCy's shape::

    {"label": "QUALIFIED", "pattern": "except for the matter", "id": "qualified-except-for"}
    {"label": "RATIO", "pattern": [{"LIKE_NUM": true}, {"LOWER": "of"}, {"LIKE_NUM": true}],
     "id": "ratio-n-of-m"}

A string pattern goes to a PhraseMatcher (matched on lower-cased text), a list
of token dicts to a Matcher. Unknown keys, a missing ``id`` or duplicate ids
are rejected when the file is loaded; matchers are built with validation on.
Everything here is cached once per process; spaCy is imported lazily so that
``import soc2parse`` stays light.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs
import regex

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Match", "RuleSet", "load_patterns", "nlp", "rule_set"]

_ALLOWED_KEYS = frozenset({"label", "pattern", "id"})
_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@attrs.frozen
class Match:
    """One rule match: the rule's label and id, and the matched character span."""

    label: str
    rule_id: str
    start: int
    end: int
    text: str


def load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    """Read and validate ``models/<name>.jsonl``.

    Raises:
        ValueError: a line is not a JSON object of exactly ``label``, ``pattern`` and ``id``,
            an id is not kebab-case, or an id repeats.
    """
    return _load_patterns(name)


@functools.cache
def _load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    text = resources.files("soc2parse.models").joinpath(f"{name}.jsonl").read_text("utf-8")
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"models/{name}.jsonl line {number}"
        rule = json.loads(raw)
        if not isinstance(rule, dict) or set(rule) != _ALLOWED_KEYS:
            raise ValueError(f"{where}: a rule has exactly the keys {sorted(_ALLOWED_KEYS)}")
        if not isinstance(rule["label"], str) or not isinstance(rule["pattern"], (str, list)):
            raise ValueError(f"{where}: label must be a string, pattern a string or a list")
        if not _ID.match(rule["id"]):
            raise ValueError(f"{where}: id {rule['id']!r} is not kebab-case")
        if rule["id"] in seen:
            raise ValueError(f"{where}: id {rule['id']!r} repeats")
        seen.add(rule["id"])
        rules.append(rule)
    return tuple(rules)


@functools.cache
def nlp() -> Language:
    """The shared blank English pipeline (tokenizer only; nothing is downloaded)."""
    import spacy

    return spacy.blank("en")


class RuleSet:
    """The rules of one ``models/*.jsonl`` file, compiled into spaCy matchers."""

    def __init__(self, name: str) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.name = name
        self.rules = load_patterns(name)
        vocab = nlp().vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER", validate=True)
        self._tokens = Matcher(vocab, validate=True)
        self._by_key: dict[str, dict[str, Any]] = {}
        tokenizer = nlp().tokenizer
        for rule in self.rules:
            key = rule["id"]
            self._by_key[key] = rule
            if isinstance(rule["pattern"], str):
                self._phrases.add(key, [tokenizer(rule["pattern"])])
            else:
                self._tokens.add(key, [rule["pattern"]])

    def doc(self, text: str) -> Doc:
        """Tokenize ``text`` with the shared pipeline."""
        return nlp().make_doc(text)

    def matches(self, text_or_doc: str | Doc) -> tuple[Match, ...]:
        """Every match of every rule, in text order (ties: longer first)."""
        doc = self.doc(text_or_doc) if isinstance(text_or_doc, str) else text_or_doc
        found: list[Match] = []
        for matcher in (self._phrases, self._tokens):
            if len(matcher) == 0:
                continue
            for key_hash, start, end in matcher(doc):
                key = doc.vocab.strings[key_hash]
                span = doc[start:end]
                rule = self._by_key[key]
                found.append(Match(rule["label"], key, span.start_char, span.end_char, span.text))
        found.sort(key=lambda m: (m.start, -(m.end - m.start), m.rule_id))
        return tuple(found)


@functools.cache
def rule_set(name: str) -> RuleSet:
    """The cached :class:`RuleSet` for ``models/<name>.jsonl``."""
    return RuleSet(name)
