"""Rule loading: the only module that touches spaCy set-up.

Patterns live as JSONL in ``models/`` (shipped as the ``soc2parse.models``
package), one rule per line in spaCy's shape::

    {"label": "QUALIFIED", "pattern": "except for the matter", "id": "qualified-except-for"}
    {"label": "RATIO", "pattern": [{"LIKE_NUM": true}, {"LOWER": "of"}, {"LIKE_NUM": true}],
     "id": "ratio-n-of-m"}

A string pattern goes to a PhraseMatcher (matched on lower-cased text), a list
of token dicts to a Matcher. A rule may instead carry a ``regex`` (a string, or a
list of lines joined with newlines so that a verbose pattern keeps its comments)
and ``flags`` (names of ``regex`` flags); :func:`wording` compiles it. Report
wordings live here, as data; structural patterns (numbers, ids) stay in code.

Every file's labels are declared in ``models/labels.json`` with what each means:
a rule with an undeclared label, unknown keys, a missing ``id``, a duplicate id,
an unknown flag or a regex that does not compile is rejected when the file is
loaded, and asking for an undeclared label (a misspelt one in code) raises
instead of silently matching nothing. Matchers are built with validation on.
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

__all__ = ["Match", "RuleSet", "labels", "load_patterns", "nlp", "rule_set", "wording"]

_TOKEN_KEYS = frozenset({"label", "pattern", "id"})
_REGEX_KEYS = frozenset({"label", "regex", "id", "flags"})
_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FLAGS = {
    "IGNORECASE": regex.IGNORECASE,
    "VERBOSE": regex.VERBOSE,
    "MULTILINE": regex.MULTILINE,
    "DOTALL": regex.DOTALL,
    "VERSION1": regex.VERSION1,
}


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
        ValueError: a line is not a JSON object of a token rule (``label``, ``pattern``,
            ``id``) or a regex rule (``label``, ``regex``, ``id``, optional ``flags``), its
            label is not declared for the file in ``models/labels.json``, an id is not
            kebab-case or repeats, a flag is unknown, or a regex does not compile.
    """
    return _load_patterns(name)


def labels(name: str) -> dict[str, str]:
    """The labels ``models/<name>.jsonl`` may use, each with what it means."""
    declared = _declared_labels().get(name)
    if declared is None:
        raise ValueError(f"models/labels.json declares no labels for {name!r}")
    return dict(declared)


@functools.cache
def _declared_labels() -> dict[str, dict[str, str]]:
    text = resources.files("soc2parse.models").joinpath("labels.json").read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and all(isinstance(d, str) for d in v.values()) for v in data.values()
    ):
        raise ValueError("models/labels.json: an object of files, each an object of label: meaning")
    return data


@functools.cache
def _load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    text = resources.files("soc2parse.models").joinpath(f"{name}.jsonl").read_text("utf-8")
    return parse_rules(text, name, labels(name))


def parse_rules(text: str, name: str, declared: dict[str, str]) -> tuple[dict[str, Any], ...]:
    """Validate the JSONL ``text`` of ``models/<name>.jsonl`` against its ``declared`` labels."""
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"models/{name}.jsonl line {number}"
        try:
            rule = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(rule, dict) or not (
            set(rule) == _TOKEN_KEYS or _REGEX_KEYS - {"flags"} <= set(rule) <= _REGEX_KEYS
        ):
            raise ValueError(
                f"{where}: a rule has exactly the keys {sorted(_TOKEN_KEYS)}, "
                f"or {sorted(_REGEX_KEYS - {'flags'})} and optionally 'flags'"
            )
        if not isinstance(rule["label"], str) or rule["label"] not in declared:
            raise ValueError(
                f"{where}: label {rule['label']!r} is not declared for {name!r} in "
                f"models/labels.json (declared: {', '.join(sorted(declared))})"
            )
        if not isinstance(rule["id"], str) or not _ID.match(rule["id"]):
            raise ValueError(f"{where}: id {rule['id']!r} is not kebab-case")
        if rule["id"] in seen:
            raise ValueError(f"{where}: id {rule['id']!r} repeats")
        if "pattern" in rule:
            if not isinstance(rule["pattern"], (str, list)):
                raise ValueError(f"{where}: pattern must be a string or a list of token dicts")
        else:
            rule["compiled"] = _compile(rule, where)
        seen.add(rule["id"])
        rules.append(rule)
    return tuple(rules)


def _compile(rule: dict[str, Any], where: str) -> regex.Pattern[str]:
    source = rule["regex"]
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        source = "\n".join(source)
    if not isinstance(source, str):
        raise ValueError(f"{where}: regex must be a string or a list of strings")
    names = rule.get("flags", [])
    if not isinstance(names, list) or not all(n in _FLAGS for n in names):
        raise ValueError(f"{where}: flags must be a list of {', '.join(sorted(_FLAGS))}")
    flags = 0
    for flag in names:
        flags |= _FLAGS[flag]
    try:
        return regex.compile(source, flags)
    except regex.error as error:
        raise ValueError(f"{where}: the regex does not compile ({error})") from None


@functools.cache
def wording(name: str, rule_id: str) -> regex.Pattern[str]:
    """The compiled regex of rule ``rule_id`` in ``models/<name>.jsonl``."""
    for rule in load_patterns(name):
        if rule["id"] == rule_id:
            if "compiled" not in rule:
                raise ValueError(f"models/{name}.jsonl: {rule_id!r} is a token rule, not a regex")
            compiled: regex.Pattern[str] = rule["compiled"]
            return compiled
    raise ValueError(f"models/{name}.jsonl has no rule {rule_id!r}")


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
        self._labels = labels(name)
        for rule in self.rules:
            if "pattern" not in rule:
                continue  # a regex rule: see wording()
            key = rule["id"]
            self._by_key[key] = rule
            if isinstance(rule["pattern"], str):
                self._phrases.add(key, [tokenizer(rule["pattern"])])
            else:
                self._tokens.add(key, [rule["pattern"]])

    def doc(self, text: str) -> Doc:
        """Tokenize ``text`` with the shared pipeline."""
        return nlp().make_doc(text)

    def matches(self, text_or_doc: str | Doc, *only: str) -> tuple[Match, ...]:
        """Every match of every rule, in text order (ties: longer first).

        With labels given, only the matches of rules with those labels; a label the file
        does not declare raises ``ValueError`` (a misspelt label would match nothing).
        """
        unknown = [label for label in only if label not in self._labels]
        if unknown:
            raise ValueError(f"models/{self.name}.jsonl declares no label {unknown[0]!r}")
        found = self._all_matches(text_or_doc)
        return tuple(m for m in found if m.label in only) if only else found

    def _all_matches(self, text_or_doc: str | Doc) -> tuple[Match, ...]:
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
