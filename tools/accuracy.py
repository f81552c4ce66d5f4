"""Write docs/accuracy.md: the scorecard on the fixture corpus and on a foreign sample.

Run from the repository root (takes several minutes: the reference engine is slow)::

    python tools/accuracy.py                       # the sample beside the checkout, if any
    python tools/accuracy.py --sample DIR          # a folder of NAME.pdf + NAME.truth.json
    python tools/accuracy.py --engines pdfium      # the default engine only

Every number in the page comes from ``score`` in ``tools/scorecard.py``; the page names the
command, the date and the commit it was made at, and lists what failed.
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scorecard import Scores, score  # noqa: E402

DEFAULT_SAMPLE = ROOT.parent / "shared" / "corpus"

INTRO = """# Accuracy

What the parser gets right, field by field, measured by the scorecard
(`tools/scorecard.py`), on these sets of reports:

- **the fixture corpus** (`fixtures/reports/`): reports this project generates itself,
  from three PDF producers (reportlab, LibreOffice, headless Chromium), with their expected
  results beside them. The parser was built beside them, so a high score here is expected
  and proves little on its own;
- **the independent fixture set** (`fixtures/families/`): reports in three producers whose
  section IV layouts (rows split across pages, merged cells, CSOC rows, prose, one result
  per test step, controls listed twice, firms' odd ids, exceptions written elsewhere), fact
  wordings and non-reports were written from the anatomy of real reports by someone who had
  not read the parser. Each report names its families; the scorecard gives a row per family;
- **the later independent sets** (`fixtures/families2/` to `fixtures/families5/`):
  written later the same way, by someone who had not read the parser, with other header and
  result wordings, id styles, response placements, ISAE and non-US firms. Each was scored
  the moment it arrived, before any fix it led to; the first scores are in
  `docs/heldout.md`, with what each failure stood for;
- **an independent sample** of twelve synthetic reports made by another generator, with
  other firms' layouts and wordings and three PDF producers, kept outside this repository
  with its truth. It stands for the held-out reports the project is judged on.

A report counts as right on a field only when the whole field is right (every control,
every exception); "items right" counts the parts (controls, exceptions, organizations).

The default engine is scored here; the reference engine (`engine="pdfplumber"`) gives the
same report on every report of the independent sample (`tests/test_corpus.py` asserts it)
and on every fixture (`tests/test_engines.py`). `python tools/accuracy.py`
with no options scores both engines (several minutes).

Known to fail, beyond the lists below: the fixtures and the sample are synthetic; real
reports add scanned pages (read by OCR when Tesseract is installed; tables on fully scanned
pages are read poorly, see `docs/ocr.md`), Type 3 fonts the fast engine cannot tell apart
(read by the reference engine, page by page), and layouts neither generator makes.
"""


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def _section(title: str, runs: list[Scores]) -> list[str]:
    out = [f"## {title}", ""]
    for run in runs:
        out += [f"### Engine `{run.engine}`", "", run.markdown(), ""]
    failing = sorted({detail for run in runs for detail in run.details})
    if failing:
        out += ["### What failed", ""]
        out += [f"- {detail}" for detail in failing]
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="the foreign sample")
    parser.add_argument(
        "--engines", nargs="+", default=["pdfium", "pdfplumber"], help="engines to score"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "accuracy.md")
    args = parser.parse_args(argv)
    command = "python tools/accuracy.py"
    if args.engines != ["pdfium", "pdfplumber"]:
        command += " --engines " + " ".join(args.engines)
    lines = [
        INTRO,
        f"Made by `{command}` on {datetime.date.today().isoformat()} at commit "
        f"`{_commit()}`; rerun it to refresh this page.",
        "",
    ]
    fixtures = [score(ROOT / "fixtures" / "reports", engine) for engine in args.engines]
    lines += _section("The fixture corpus", fixtures)
    bad = [score(ROOT / "fixtures" / "bad", engine) for engine in args.engines[:1]]
    lines += _section("Bad inputs", bad)
    families = [score(ROOT / "fixtures" / "families", engine) for engine in args.engines]
    lines += _section("The independent fixture set", families)
    for name, title in (
        ("families2", "The second independent set"),
        ("families3", "The third independent set"),
        ("families4", "The fourth independent set"),
        ("families5", "The fifth independent set"),
    ):
        later = [score(ROOT / "fixtures" / name, engine) for engine in args.engines]
        lines += _section(title, later)
    if args.sample.is_dir():
        sample = [score(args.sample, engine) for engine in args.engines]
        lines += _section("The independent sample", sample)
    else:
        lines += ["## The independent sample", "", "Not present when this page was made.", ""]
    args.out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
