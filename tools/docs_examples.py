"""Write the docs' examples from the current code, so that they cannot drift from it.

Run from the repository root::

    python tools/docs_examples.py           # rewrite the examples
    python tools/docs_examples.py --check   # exit 1, naming the file, when one is out of date
    python tools/docs_examples.py --png     # also render the card's image (needs Chromium)

What it writes, from ``fixtures/reports/rl02-soc2-t2-qualified.pdf`` measured as of
:data:`AS_OF` (a fixed day, so that the report's age does not change the docs every day):

- ``docs/images/card-example.html``: the notebook card (``report._repr_html_()``);
- the ``soc2parse show`` example in ``docs/cli.md``, between the ``show-example`` markers,
  at the width ``show`` uses on a 100-column terminal.

``tests/test_docs_examples.py`` runs :func:`examples` and compares them with the committed
files. The image ``docs/images/card-example.png`` is rendered from the HTML file by headless
Chromium (``--png``); a test cannot compare pixels across machines, so rerun ``--png`` after
the card changes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "fixtures/reports/rl02-soc2-t2-qualified.pdf"
AS_OF = date(2025, 11, 1)
SHOW_WIDTH = 98  # show wraps at the terminal's width less 2 (at most 118)
CARD_HTML = Path("docs/images/card-example.html")
CARD_PNG = Path("docs/images/card-example.png")
CLI_DOC = Path("docs/cli.md")
START = "<!-- show-example:start (written by tools/docs_examples.py; do not edit) -->"
END = "<!-- show-example:end -->"


def example_report(parse: Any = None) -> Any:
    """The example report, its source the path relative to the repository (no machine path)."""
    import attrs

    import soc2parse

    got = (parse or soc2parse.load)(ROOT / EXAMPLE)
    if not isinstance(got, soc2parse.Report):
        raise RuntimeError(f"{EXAMPLE} did not parse: {got!r}")
    return attrs.evolve(got, source=EXAMPLE)


def examples(report: Any) -> dict[Path, str]:
    """Each generated file (relative to the repository root) and its full new text."""
    from soc2parse.outputs.display import report_to_html, report_to_text

    card = report_to_html(report, as_of=AS_OF) + "\n"
    shown = report_to_text(report, width=SHOW_WIDTH, as_of=AS_OF)
    block = (
        f"{START}\n\n```text\n$ soc2parse show {EXAMPLE} --as-of {AS_OF.isoformat()}\n"
        f"{shown}\n```\n\n{END}"
    )
    cli = (ROOT / CLI_DOC).read_text(encoding="utf-8")
    if START not in cli or END not in cli:
        raise RuntimeError(f"{CLI_DOC} has no show-example markers")
    head, rest = cli.split(START, 1)
    _, tail = rest.split(END, 1)
    return {CARD_HTML: card, CLI_DOC: head + block + tail}


def render_png(html_file: Path, png_file: Path) -> None:
    """Render the card with headless Chromium, cropped to the card when Pillow is at hand."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    browser = browser or shutil.which("google-chrome")
    if browser is None:
        raise RuntimeError("--png needs Chromium (chromium, chromium-browser or google-chrome)")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "card.html"
        page.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
            "<body style='margin:16px;background:#fff;color:#1f2328'>"
            + html_file.read_text(encoding="utf-8")
            + "</body></html>",
            encoding="utf-8",
        )
        shot = Path(folder) / "card.png"
        subprocess.run(
            [browser, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
             f"--screenshot={shot}", "--window-size=1000,2400", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        try:
            from PIL import Image, ImageChops
        except ImportError:
            shutil.copy(shot, png_file)
            return
        with Image.open(shot) as image:
            rgb = image.convert("RGB")
            ink = ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).convert("L")
            box = ink.point(lambda value: 255 if value > 24 else 0).getbbox()
            if box is not None:
                _, _, right, bottom = box
                rgb = rgb.crop((0, 0, min(rgb.width, right + 16), min(rgb.height, bottom + 16)))
            rgb.save(png_file, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or ``--check``) the examples; ``--png`` renders the card image as well."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--png", action="store_true", help="render the card image from its HTML")
    parser.add_argument(
        "--png-only", action="store_true", help="render the image only (no soc2parse needed)"
    )
    args = parser.parse_args(argv)
    if not args.png_only:
        sys.path.insert(0, str(ROOT / "src"))
        stale = []
        for path, text in examples(example_report()).items():
            target = ROOT / path
            if target.read_text(encoding="utf-8") != text:
                stale.append(path)
                if not args.check:
                    target.write_text(text, encoding="utf-8")
        for path in stale:
            print(f"{'out of date' if args.check else 'wrote'}: {path}")
        if args.check and stale:
            return 1
    if args.png or args.png_only:
        render_png(ROOT / CARD_HTML, ROOT / CARD_PNG)
        print(f"wrote: {CARD_PNG}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
