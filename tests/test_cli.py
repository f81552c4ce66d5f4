"""The ``soc2parse`` command, run for real in a subprocess, and the files it writes.

Inputs are a folder mixing small good reports (a hand-written PDF and the
smallest fixture reports, one with exceptions) with the fixture corpus's bad
inputs, non-PDF files and nested folders.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import soc2parse
from soc2parse import Outcome, _errors
from soc2parse.cli import main as soc2parse_main
from soc2parse.cli.progress import _Progress
from soc2parse.extract.ocr import find_tesseract
from soc2parse.outputs.rows import EXCEPTION_COLUMNS, REPORT_COLUMNS

from pdfbuild import SOC_PAGES, make_pdf
from procs import descendants, living

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
OCR_INSTALLED = find_tesseract() is not None
BAD = sorted((FIXTURES / "bad").glob("*.pdf"))
# Small reports of the corpus: one with exceptions, one SOC 3.
SMALL_REPORTS = [
    FIXTURES / "reports" / "rl02-soc2-t2-qualified.pdf",
    FIXTURES / "reports" / "rl24-soc3-qualified.pdf",
]
GOOD = make_pdf(SOC_PAGES)
ERROR_NAMES = frozenset(_errors.__all__)


def soc2parse_command(
    *args: str | Path, cwd: Path | None = None, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("SOC2PARSE_PASSWORD", None)
    if password is not None:
        env["SOC2PARSE_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "soc2parse", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """good/ (hand-written + small fixtures, nested), bad/ (the corpus's bad inputs), noise."""
    assert BAD, "fixtures/bad holds no PDFs: generate the fixture corpus first"
    root = tmp_path_factory.mktemp("corpus")
    (root / "good" / "nested").mkdir(parents=True)
    (root / "good" / "hand.pdf").write_bytes(GOOD)
    for report in SMALL_REPORTS:
        shutil.copy(report, root / "good" / "nested" / report.name)
    (root / "bad").mkdir()
    for bad in BAD:
        shutil.copy(bad, root / "bad" / bad.name)
    (root / "bad" / "SHOUTING.PDF").write_bytes(b"not a pdf, upper-case extension")
    (root / "bad" / "notes.txt").write_text("not a PDF and not named like one")
    return root


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf")


@pytest.fixture(scope="module")
def csv_run(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    out = tmp_path_factory.mktemp("out")
    result = soc2parse_command(
        "batch",
        corpus / "good",
        corpus / "bad",
        "--out",
        out / "results.csv",
        "--exceptions",
        out / "exceptions.csv",
        "--workers",
        "2",
    )
    return result, out / "results.csv", out / "exceptions.csv"


def test_batch_writes_one_row_per_pdf_and_failed_files_with_their_error(
    corpus: Path, csv_run: tuple[subprocess.CompletedProcess[str], Path, Path]
) -> None:
    result, results, _ = csv_run
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    rows = read_csv(results)
    assert tuple(rows[0]) == REPORT_COLUMNS
    expected = pdfs_in(corpus / "good") + pdfs_in(corpus / "bad")
    assert [Path(r["file"]) for r in rows] == expected
    for row, path in zip(rows, expected, strict=True):
        if row["status"] == "parsed":
            assert row["sha256"] == sha256(path)
            assert not row["error_type"]
        else:
            assert row["status"] == "failed"
            assert row["error_type"] in ERROR_NAMES
            assert row["error"]
            assert not row["sha256"]
    # The corpus says which error each bad input must give.
    for row in rows:
        manifest = FIXTURES / "bad" / Path(row["file"]).with_suffix(".json").name
        if manifest.exists():
            want = json.loads(manifest.read_text())
            # The batch runs with OCR on "auto": an image-only input is read when it can be.
            if OCR_INSTALLED and "error_with_ocr" in want:
                assert row["error_type"] == want["error_with_ocr"], row["file"]
            else:
                assert row["error_type"] == want["error"], row["file"]
    statuses: dict[str, set[str]] = {Path(r["file"]).parent.name: set() for r in rows}
    for row in rows:
        statuses[Path(row["file"]).parent.name].add(row["status"])
    assert statuses == {"good": {"parsed"}, "nested": {"parsed"}, "bad": {"failed"}}


def test_batch_rows_match_the_library(
    corpus: Path, csv_run: tuple[subprocess.CompletedProcess[str], Path, Path]
) -> None:
    _, results, exceptions = csv_run
    rows = {Path(r["file"]).name: r for r in read_csv(results)}
    report = soc2parse.load(corpus / "good" / "nested" / SMALL_REPORTS[0].name)
    row = rows[SMALL_REPORTS[0].name]
    assert row["opinion"] == report.opinion.kind.value
    assert row["exception_count"] == str(report.exception_count)
    assert row["control_count"] == str(len(report.controls))
    assert row["categories"] == "; ".join(c.value for c in report.categories)
    assert row["period_end"] == (report.period.end.isoformat() if report.period else "")
    found = read_csv(exceptions)
    assert found, "the fixture with exceptions gave no exception rows"
    assert tuple(found[0]) == EXCEPTION_COLUMNS
    assert [r["control_id"] for r in found] == [e.control_id for e in report.exceptions]
    for written, item in zip(found, report.exceptions, strict=True):
        assert written["management_response"] == (item.management_response or "")
        assert written["ratios"] == "; ".join(r.text for r in item.ratios)
        assert written["page"] == str(item.evidence.page)


def test_batch_reports_progress_and_a_summary(
    corpus: Path, csv_run: tuple[subprocess.CompletedProcess[str], Path, Path]
) -> None:
    result, _, _ = csv_run
    total = len(pdfs_in(corpus))
    failed = len(pdfs_in(corpus / "bad"))
    # Not a terminal: one plain line per file, then the summary on stdout.
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == total
    assert progress[-1].startswith(f"[{total}/{total}] ")
    assert f"Parsed {total - failed} of {total} files" in result.stdout
    assert f"{failed} failed." in result.stdout
    assert "Opinions: " in result.stdout
    assert (
        "With exceptions: 1 report (2 exceptions): Bluestem Payroll Services, LLC (2)."
        in result.stdout
    )
    failures = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(failures) == failed
    assert all(line.strip().split(":")[0] in ERROR_NAMES for line in failures)


def test_batch_jsonl_holds_reports_that_read_back(corpus: Path, tmp_path: Path) -> None:
    good = tmp_path / "in"
    good.mkdir()
    (good / "hand.pdf").write_bytes(GOOD)
    (good / "broken.pdf").write_bytes(GOOD[:300])
    result = soc2parse_command(
        "batch", good, "--out", tmp_path / "r.jsonl", "--workers", "1", "--quiet"
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    entries = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [e["file"] for e in entries] == [str(good / "broken.pdf"), str(good / "hand.pdf")]
    broken, hand = entries
    assert broken["status"] == "failed"
    assert broken["report"] is None
    assert broken["error"]["type"] == "NotAPdfError"
    assert hand["status"] == "parsed"
    assert hand["error"] is None
    assert soc2parse.Report.from_dict(hand["report"]) == soc2parse.load(str(good / "hand.pdf"))


def test_batch_exits_0_when_every_file_parses(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(GOOD)
    result = soc2parse_command("batch", tmp_path / "a.pdf", "--out", tmp_path / "r.csv")
    assert result.returncode == 0, result.stderr
    assert [r["status"] for r in read_csv(tmp_path / "r.csv")] == ["parsed"]


def test_batch_time_limit_fails_the_file_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(GOOD)
    result = soc2parse_command(
        "batch", tmp_path / "a.pdf", "--out", tmp_path / "r.csv", "--timeout", "0.000001"
    )
    assert result.returncode == 1
    (row,) = read_csv(tmp_path / "r.csv")
    assert row["error_type"] == "ParseTimeoutError"
    assert "limit" in row["error"]


def test_batch_escapes_formulas_planted_in_file_names(tmp_path: Path) -> None:
    name = "=cmd|' -C calc'!A0.pdf"
    (tmp_path / name).write_bytes(b"=cmd|' /C calc'!A0")
    (tmp_path / "-2+3.pdf").write_bytes(GOOD)
    result = soc2parse_command("batch", "--out", "r.csv", "--", name, "-2+3.pdf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    cells = [r["file"] for r in read_csv(tmp_path / "r.csv")]
    assert cells == ["'" + name, "'-2+3.pdf"]


@attrs.frozen
class UsageCase:
    args: tuple[str, ...]
    says: str


USAGE_CASES = [
    UsageCase((), "choose a command"),
    UsageCase(("frobnicate",), "invalid choice"),
    UsageCase(("batch", "{good}"), "required: --out"),
    UsageCase(("batch", "{good}", "--out", "{tmp}/r.txt"), "must end in .jsonl or .csv"),
    UsageCase(("batch", "{tmp}/missing", "--out", "{tmp}/r.csv"), "no such file or folder"),
    UsageCase(("batch", "{tmp}/empty", "--out", "{tmp}/r.csv"), "no PDF files found"),
    UsageCase(("batch", "{good}", "--out", "{tmp}/no/such/dir/r.csv"), "cannot write"),
    UsageCase(("batch", "{tmp}/data.csv", "--out", "{tmp}/data.csv"), "is one of the inputs"),
    UsageCase(("batch", "{good}", "--out", "{tmp}/r.csv", "--workers", "0"), "at least 1"),
    UsageCase(("batch", "{good}", "--out", "{tmp}/r.csv", "--timeout", "soon"), "not a number"),
    UsageCase(
        ("batch", "{good}", "--out", "{tmp}/r.csv", "--exceptions", "{tmp}/e.jsonl"),
        "must end in .csv",
    ),
    UsageCase(("show", "{good}", "--password"), "needs a terminal"),
    UsageCase(("show", "{tmp}/missing.pdf"), "no such file"),
    UsageCase(("show", "{tmp}"), "is a folder"),
    UsageCase(("show", "{good}", "--engine", "pdfminer"), "invalid choice: 'pdfminer'"),
]


@pytest.mark.parametrize("case", USAGE_CASES, ids=[" ".join(c.args) for c in USAGE_CASES])
def test_usage_errors_are_one_line_with_status_2(case: UsageCase, tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(GOOD)
    (tmp_path / "empty").mkdir()
    (tmp_path / "data.csv").write_text("")
    args = [a.format(good=good, tmp=tmp_path) for a in case.args]
    result = soc2parse_command(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("soc2parse: error: ")
    assert case.says in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("*.partial"))
    assert not (tmp_path / "r.csv").exists()


def test_show_prints_a_summary_and_json(tmp_path: Path) -> None:
    path = tmp_path / "hand.pdf"
    path.write_bytes(GOOD)
    report = soc2parse.load(str(path))
    text = soc2parse_command("show", path)
    assert text.returncode == 0, text.stderr
    assert "\x1b[" not in text.stdout  # no colour when not a terminal
    for label in ("Opinion", "Period", "Auditor", "Categories", "Controls"):
        assert f"  {label}" in text.stdout
    assert report.opinion.kind.value.upper() in text.stdout
    assert all(w[:40] in " ".join(text.stdout.split()) for w in report.warnings)
    as_json = soc2parse_command("show", path, "--json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout) == report.to_dict()


def test_the_reference_engine_can_be_chosen_and_gives_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "hand.pdf"
    path.write_bytes(GOOD)
    shown = soc2parse_command("show", path, "--json", "--engine", "pdfplumber")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == soc2parse.load(str(path), engine="pdfplumber").to_dict()
    out = tmp_path / "r.jsonl"
    batch = soc2parse_command("batch", path, "--out", out, "--engine", "pdfplumber", "-q")
    assert batch.returncode == 0, batch.stderr
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["report"] == json.loads(shown.stdout)


def test_one_password_opens_every_encrypted_file(tmp_path: Path) -> None:
    (locked,) = [p for p in BAD if p.name.startswith("encrypted")]
    password = json.loads(locked.with_suffix(".json").read_text())["password"]
    (tmp_path / "hand.pdf").write_bytes(GOOD)
    shutil.copy(locked, tmp_path / locked.name)
    result = soc2parse_command(
        "batch", tmp_path, "--out", tmp_path / "r.csv", "--workers", "1", password=password
    )
    assert result.returncode == 0, result.stdout
    assert [r["status"] for r in read_csv(tmp_path / "r.csv")] == ["parsed", "parsed"]


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_show_on_a_bad_file_prints_error_type_and_message(bad: Path) -> None:
    result = soc2parse_command("show", bad)
    assert result.returncode == 1
    assert result.stdout == ""
    kind, _, message = result.stderr.partition(": ")
    assert kind in ERROR_NAMES
    assert message.startswith(str(bad))
    assert result.stderr.count("\n") == 1


def test_help_and_import_stay_light() -> None:
    code = (
        "import sys\n"
        "from soc2parse.cli import main\n"
        "status = main(['--help'])\n"
        "heavy = {'spacy', 'pdfplumber', 'pdfminer', 'pandas', 'distributed', 'numpy'}\n"
        "print(status, sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "0 []"
    assert "batch" in result.stdout


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    "how",
    [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
    ids=["interrupted", "terminated", "killed"],
)
def test_an_interrupted_batch_leaves_no_half_written_output(
    how: signal.Signals, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # Enough files that the batch cannot finish between its first line and the signal.
    count = 400
    for i in range(count):
        (inputs / f"r{i:03}.pdf").write_bytes(GOOD)
    out = tmp_path / "results.csv"
    out.write_text("the previous run's results\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "soc2parse", "batch", inputs, "--out", out, "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A suite started in the background (``cmd &`` in a script) inherits SIGINT ignored,
        # and so would the batch, which is then deaf to the Ctrl-C this test sends.
        preexec_fn=_default_sigint,  # noqa: PLW1509 (one signal call, nothing to deadlock on)
    )
    # Wait until the batch is under way: the temporary output exists and a file is done.
    deadline = time.monotonic() + 120
    assert process.stderr is not None
    first = process.stderr.readline()
    assert first.startswith(f"[1/{count}]"), first
    assert list(tmp_path.glob(".results.csv.*.partial"))
    assert time.monotonic() < deadline
    helpers = descendants(process.pid)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert out.read_text() == "the previous run's results\n"
    assert "Traceback" not in stderr
    if how == signal.SIGINT:
        assert process.returncode == 130
        assert "interrupted" in stderr
        assert not list(tmp_path.glob("*.partial"))
    elif how == signal.SIGTERM:
        # What timeout(1), systemd and Kubernetes send: stopped like Ctrl-C, workers too.
        assert process.returncode == 143
        assert "terminated" in stderr
        assert not list(tmp_path.glob("*.partial"))
        assert helpers
        deadline = time.monotonic() + 5
        while living(helpers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not living(helpers)
    else:
        assert process.returncode == -signal.SIGKILL


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_redrawn_line_with_failures_kept() -> None:
    stream = FakeTerminal()
    progress = _Progress(3, stream, quiet=False)
    report = soc2parse.load(GOOD)
    progress.update(Outcome("a.pdf", report, None, 0.5))
    progress.update(Outcome("b.pdf", None, soc2parse.NotAPdfError("b.pdf", "is not a PDF"), 0.1))
    progress.update(Outcome("c\x1b[2J.pdf", report, None, 0.5))
    progress.close()
    screen = stream.getvalue()
    assert "\x1b[2J" not in screen
    assert screen.count("\n") == 1  # only the failure stays on screen
    assert "[2/3] failed b.pdf: NotAPdfError: is not a PDF\n" in screen
    assert "[################--------] 2/3 · 1 failed · b.pdf" in screen
    assert "[########################] 3/3 · 1 failed" in screen
    assert screen.endswith("\r\x1b[K")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE, /proc")
def test_outputs_are_replaced_together_or_not_at_all(tmp_path: Path) -> None:
    # A file-size limit (ulimit -f) makes writes fail as a full disk does.
    import resource

    (tmp_path / "in").mkdir()
    for i in range(6):
        (tmp_path / "in" / f"r{i}.pdf").write_bytes(GOOD)
    out, exceptions = tmp_path / "results.jsonl", tmp_path / "exceptions.csv"
    out.write_text("previous results\n")
    exceptions.write_text("previous exceptions\n")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    done = subprocess.run(
        [sys.executable, "-m", "soc2parse", "batch", tmp_path / "in", "--out", out,
         "--exceptions", exceptions, "--workers", "1", "-q"],
        capture_output=True, text=True, timeout=300, check=False, preexec_fn=limited,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"cannot write {out}" in done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_text() == "previous results\n"
    assert exceptions.read_text() == "previous exceptions\n"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, links and pipes")
def test_batch_keeps_output_modes_and_fails_only_the_odd_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.pdf").write_bytes(GOOD)
    (inputs / "loop.pdf").symlink_to(inputs / "loop.pdf")
    (inputs / "zero.pdf").symlink_to("/dev/zero")
    os.mkfifo(inputs / "pipe.pdf")
    private, fresh = tmp_path / "private.csv", tmp_path / "fresh.csv"
    private.write_text("old\n")
    private.chmod(0o600)
    status = soc2parse_main(["batch", str(inputs), "--out", str(private),
                             "--exceptions", str(fresh), "--workers", "1", "-q"])  # fmt: skip
    assert status == 1
    rows = {Path(r["file"]).name: r for r in read_csv(private)}
    assert sorted(rows) == ["good.pdf", "loop.pdf", "pipe.pdf", "zero.pdf"]
    assert rows["good.pdf"]["status"] == "parsed"
    assert {rows[n]["error_type"] for n in ("loop.pdf", "pipe.pdf", "zero.pdf")} == {
        "SourceUnreadableError"
    }
    assert private.stat().st_mode & 0o777 == 0o600
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask


def test_one_output_that_cannot_be_made_durable_replaces_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The results file is complete, the exceptions file hits a full disk: neither is replaced.
    import errno

    from soc2parse.outputs.csvfile import AtomicFile

    real = AtomicFile.prepare

    def full_disk(self: AtomicFile) -> None:
        if self.path.name == "exceptions.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self)

    monkeypatch.setattr(AtomicFile, "prepare", full_disk)
    (tmp_path / "in.pdf").write_bytes(GOOD)
    out, exceptions = tmp_path / "results.csv", tmp_path / "exceptions.csv"
    out.write_text("previous results\n")
    status = soc2parse_main(["batch", str(tmp_path / "in.pdf"), "--out", str(out),
                             "--exceptions", str(exceptions), "--workers", "1", "-q"])  # fmt: skip
    assert status == 2
    assert f"cannot write {exceptions}: No space left on device" in capsys.readouterr().err
    assert out.read_text() == "previous results\n"
    assert not exceptions.exists()
    assert not list(tmp_path.glob("*.partial"))
