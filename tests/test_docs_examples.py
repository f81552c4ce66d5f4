"""The docs' examples come from the current code: a change to the card or to ``show`` that is
not written to the docs fails here (run ``python tools/docs_examples.py`` to rewrite them)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from conftest import Parsed

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_examples", ROOT / "tools/docs_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_examples_are_what_the_code_writes(parsed: Parsed) -> None:
    tool = _tool()
    report = tool.example_report(parsed)
    for path, text in tool.examples(report).items():
        committed = (ROOT / path).read_text(encoding="utf-8")
        assert committed == text, f"{path} is out of date: run python tools/docs_examples.py"


def test_the_card_example_is_the_one_the_notebook_doc_shows() -> None:
    notebooks = (ROOT / "docs/notebooks.md").read_text(encoding="utf-8")
    assert "images/card-example.png" in notebooks
    assert "images/card-example.html" in notebooks
    assert "tools/docs_examples.py" in notebooks


# A path on someone's machine, or a file beside the checkout rather than in it.
MACHINE_PATH = re.compile(
    r"(?<![\w.])(?:/(?:work|home|tmp|root|Users|mnt|opt|var)/|\.\./|[A-Z]:\\)"
)


@pytest.mark.parametrize(
    "doc",
    sorted(
        p.relative_to(ROOT).as_posix() for p in [ROOT / "README.md", *ROOT.glob("docs/**/*.md")]
    ),
)
def test_no_doc_cites_a_machine_path_or_a_file_outside_the_repository(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = [m.group(0) for m in MACHINE_PATH.finditer(text)]
    assert not found, f"{doc} cites {found}"
