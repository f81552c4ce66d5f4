"""The built wheel carries the rule data and works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pdfbuild import SOC_PAGES, make_pdf

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("soc2parse-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_models_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    models = sorted(p.name for p in (ROOT / "models").glob("*.jsonl"))
    assert models, "models/ holds no rule files"
    for name in models:
        assert f"soc2parse/models/{name}" in names
    assert "soc2parse/py.typed" in names
    assert not any(name.startswith(("tests/", "fixtures/")) for name in names)


@pytest.mark.slow
def test_installed_wheel_parses_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    pdf = tmp_path / "acme.pdf"
    pdf.write_bytes(make_pdf(SOC_PAGES))
    script = (
        "import sys, soc2parse, soc2parse.text.rules as r\n"
        f"assert soc2parse.__file__.startswith({str(site)!r}), soc2parse.__file__\n"
        "from importlib import resources\n"
        "names = [p.name for p in resources.files('soc2parse.models').iterdir()]\n"
        "for n in names:\n"
        "    if n.endswith('.jsonl'): r.load_patterns(n[:-6])\n"
        "report = soc2parse.load(sys.argv[1])\n"
        "print(report.page_count, sorted(names))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(pdf)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    count, _, names = done.stdout.partition(" ")
    assert count == "3"
    for model in (ROOT / "models").glob("*.jsonl"):
        assert model.name in names
