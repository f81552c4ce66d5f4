"""What the batch command shows an analyst: review columns, the summary, the cache and resume.

The command runs in this process on the fixture corpus; ``load_many`` is replaced by one that
hands out the session's parsed reports (``parsed`` in conftest.py) and records every file it
is asked to parse, so that a run from the cache is seen to parse nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import soc2parse
from soc2parse import Opinion, Outcome, Report
from soc2parse.cli import main as soc2parse_main
from soc2parse.cli.app import _stopped
from soc2parse.cli.batch import resume_folder
from soc2parse.cli.progress import _fit, _Progress, _Tally
from soc2parse.outputs.rows import REPORT_COLUMNS
from soc2parse.review.age import report_age
from soc2parse.review.columns import REVIEW_COLUMNS

from conftest import Parsed
from pdfbuild import SOC_PAGES, make_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
AS_OF = date(2026, 4, 15)


class FakeLoadMany:
    """``load_many`` over the session's parsed reports; ``asked`` lists every file parsed."""

    def __init__(self, parsed: Parsed, stop_after: int | None = None) -> None:
        self.parsed = parsed
        self.asked: list[str] = []
        self.stop_after = stop_after
        self.options: list[dict[str, Any]] = []

    def __call__(self, sources: Iterable[str], **options: Any) -> Iterator[Outcome]:
        self.options.append(options)
        for source in sources:
            if self.stop_after is not None and len(self.asked) >= self.stop_after:
                raise KeyboardInterrupt
            self.asked.append(source)
            got = self.parsed(source)
            if isinstance(got, Report):
                yield Outcome(source, got, None, 0.1)
            else:
                yield Outcome(source, None, got, 0.1)


@pytest.fixture
def fake(parsed: Parsed, monkeypatch: pytest.MonkeyPatch) -> FakeLoadMany:
    loader = FakeLoadMany(parsed)
    monkeypatch.setattr("soc2parse.batch.many.load_many", loader)
    return loader


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture reports and one built report that has no period and no CUEC heading."""
    folder = tmp_path_factory.mktemp("reports")
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        (folder / pdf.name).symlink_to(pdf)
    (folder / "zz-built.pdf").write_bytes(make_pdf(SOC_PAGES))
    return folder


def batch(*args: str | Path) -> int:
    return soc2parse_main(["batch", *map(str, args), "--as-of", AS_OF.isoformat(), "-q"])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the review columns on the fixture corpus ------------------------------------------------


def test_batch_csv_and_jsonl_of_the_corpus_have_the_review_columns(
    corpus: Path, fake: FakeLoadMany, parsed: Parsed, tmp_path: Path
) -> None:
    assert batch(corpus, "--out", tmp_path / "r.csv") == 0
    assert batch(corpus, "--out", tmp_path / "r.jsonl") == 0
    rows = {Path(r["file"]).stem: r for r in read_csv(tmp_path / "r.csv")}
    entries = {
        Path(e["file"]).stem: e
        for e in map(json.loads, (tmp_path / "r.jsonl").read_text().splitlines())
    }
    assert tuple(next(iter(rows.values()))) == REPORT_COLUMNS
    assert set(REVIEW_COLUMNS) <= set(REPORT_COLUMNS)
    assert len(rows) == len(entries) == len(list(FIXTURES.glob("*.pdf"))) + 1
    for stem, row in rows.items():
        report = parsed(corpus / f"{stem}.pdf")
        assert isinstance(report, Report)
        entry = entries[stem]
        age = report_age(report, AS_OF)
        # Filled where known, empty (null) where not: never a made-up 0.
        assert row["report_age_days"] == ("" if age.days is None else str(age.days))
        assert entry["report_age_days"] == age.days
        assert entry["bridge_letter_due"] is age.bridge_letter_due
        assert (
            row["bridge_letter_due"]
            == {None: "", True: "true", False: "false"}[age.bridge_letter_due]
        )
        codes = [f.code for f in report.flags(AS_OF)]
        assert row["flags"] == "; ".join(dict.fromkeys(codes))
        assert entry["flags"] == list(dict.fromkeys(codes))
        assert row["flag_count"] == str(len(codes))
        assert ("cuecs" in codes) is bool(report.cuecs)
        carved = [s.name for s in report.subservice_organizations if s.method == "carve-out"]
        assert entry["carve_outs"] == carved
        assert row["counts_uncertain"] == "false" or stem == "zz-built"
    # A built report: no period, no CUEC heading, no tests section.
    built = rows["zz-built"]
    assert (built["report_age_days"], built["bridge_letter_due"], built["stale"]) == ("", "", "")
    assert built["cuec_count"] == ""
    assert built["counts_uncertain"] == "true"
    assert "type2-without-tests" in built["flags"]
    # The corpus: CUECs listed, "none required" stated (0, not empty), subservice methods.
    assert rows["rl02-soc2-t2-qualified"]["cuec_count"] == "5"
    assert rows["ch04-soc2-t2-disclaimer-heading-plain"]["cuec_count"] == "0"
    assert rows["rl02-soc2-t2-qualified"]["carve_outs"] == "Microsoft Azure"
    assert rows["rl02-soc2-t2-qualified"]["bridge_letter_from"] == "2025-09-30"
    assert "(inclusive)" in rows["dx06-soc1-t2"]["subservice_methods"]
    assert rows["rl15-soc2-t2-isae-qualified"]["stale"] == "false"


def test_to_frame_has_the_review_columns_typed(corpus: Path, parsed: Parsed) -> None:
    reports = [parsed(FIXTURES / "rl02-soc2-t2-qualified.pdf"), parsed(corpus / "zz-built.pdf")]
    frame = soc2parse.to_frame(reports, as_of=AS_OF)
    assert set(REVIEW_COLUMNS) <= set(frame.columns)
    assert str(frame["report_age_days"].dtype) == "Int64"
    assert str(frame["cuec_count"].dtype) == "Int64"
    assert str(frame["bridge_letter_due"].dtype) == "boolean"
    assert frame["report_age_days"].tolist()[0] == 289
    assert frame["report_age_days"].isna().tolist() == [False, True]
    assert frame["cuec_count"].isna().tolist() == [False, True]
    assert frame["carve_outs"].tolist()[0] == ("Microsoft Azure",)
    assert frame["counts_uncertain"].tolist() == [False, True]


# --- the summary ------------------------------------------------------------------------------


def test_summary_names_the_vendors_and_counts_in_the_right_number(
    fake: FakeLoadMany, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [
        FIXTURES / f"{n}.pdf" for n in ("rl02-soc2-t2-qualified", "rl01-soc2-t2-unqualified-grid")
    ]
    assert batch(inputs[0], "--out", tmp_path / "one.csv") == 0
    one = capsys.readouterr().out
    assert "Parsed 1 of 1 file in " in one
    assert "With exceptions: 1 report (2 exceptions): Bluestem Payroll Services, LLC (2)." in one
    assert "Modified opinion: 1 report: Bluestem Payroll Services, LLC (qualified)." in one
    assert "(1 entry)" in one
    assert batch(*inputs, "--out", tmp_path / "two.csv") == 0
    two = capsys.readouterr().out
    assert "Parsed 2 of 2 files" in two
    assert "With exceptions: 2 reports (3 exceptions): " in two
    assert "Bridge letter due on 2026-04-15: 2 reports: Bluestem Payroll Services, LLC " in two
    assert "Stale on 2026-04-15: 0 reports." in two
    stale = soc2parse_main(
        ["batch", str(inputs[0]), "--out", str(tmp_path / "s.csv"), "--as-of", "2026-07-01", "-q"]
    )
    assert stale == 0
    assert "Stale on 2026-07-01: 1 report: Bluestem Payroll Services, LLC (period ended " in (
        capsys.readouterr().out
    )


def test_a_vendor_without_an_organization_is_named_by_its_file_not_its_path() -> None:
    tally = _Tally(AS_OF)
    name = "/data/vendors/acme-2025.pdf"
    unnamed = Report(source=name, sha256="0" * 64, page_count=3, opinion=Opinion("adverse"))
    tally.add(Outcome(name, unnamed, None, 0.1))
    assert tally.modified == ["acme-2025.pdf (adverse)"]


# --- words ------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_failure_cut_at_the_terminal_width_ends_in_an_ellipsis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=None: os.terminal_size((41, 24))
    )
    stream = FakeTerminal()
    progress = _Progress(1, stream, quiet=False)
    error = soc2parse.NotAPdfError("vendors/a-long-file-name.pdf", "is not a PDF at all")
    progress.update(Outcome("vendors/a-long-file-name.pdf", None, error, 0.1))
    failure = stream.getvalue().split("\n")[0].removeprefix("\r\x1b[K")
    assert failure.endswith("…")
    assert len(failure) == 40
    assert _fit("short", 40) == "short"


def test_the_interrupt_message_starts_on_its_own_line() -> None:
    assert _stopped("interrupted", KeyboardInterrupt(), FakeTerminal()) == (
        "\nsoc2parse: interrupted"
    )
    assert _stopped("interrupted", KeyboardInterrupt(), io.StringIO()) == "soc2parse: interrupted"


# --- the cache and resume ---------------------------------------------------------------------

SMALL = [
    FIXTURES / f"{n}.pdf"
    for n in ("rl02-soc2-t2-qualified", "rl24-soc3-qualified", "rl23-soc2-t2-small")
]


def test_a_second_run_with_a_cache_parses_nothing_and_writes_the_same(
    fake: FakeLoadMany, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    assert batch(*SMALL, "--out", tmp_path / "first.csv", "--cache", cache) == 0
    assert fake.asked == [str(p) for p in SMALL]
    assert len(list(cache.glob("*.json"))) == 3
    capsys.readouterr()
    fake.asked.clear()
    assert batch(*SMALL, "--out", tmp_path / "second.csv", "--cache", cache) == 0
    assert fake.asked == []
    assert "(3 from the cache)" in capsys.readouterr().out
    assert (tmp_path / "first.csv").read_text() == (tmp_path / "second.csv").read_text()


def test_the_cache_is_keyed_by_content_and_options(fake: FakeLoadMany, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    copy = tmp_path / "renamed.pdf"
    shutil.copy(SMALL[0], copy)
    assert batch(SMALL[0], "--out", tmp_path / "a.csv", "--cache", cache) == 0
    # The same bytes under another name: read from the cache, under its own name.
    fake.asked.clear()
    assert batch(copy, "--out", tmp_path / "b.csv", "--cache", cache) == 0
    assert fake.asked == []
    assert read_csv(tmp_path / "b.csv")[0]["file"] == str(copy)
    # Another engine is another key: parsed again.
    assert (
        batch(SMALL[0], "--out", tmp_path / "c.csv", "--cache", cache, "--engine", "pdfplumber")
        == 0
    )
    assert fake.asked == [str(SMALL[0])]
    # Changed bytes are another key too.
    fake.asked.clear()
    copy.write_bytes(SMALL[1].read_bytes())
    assert batch(copy, "--out", tmp_path / "d.csv", "--cache", cache) == 0
    assert fake.asked == [str(copy)]


def test_resume_keeps_what_was_parsed_before_an_interruption(
    parsed: Parsed,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "results.csv"
    interrupted = FakeLoadMany(parsed, stop_after=2)
    monkeypatch.setattr("soc2parse.batch.many.load_many", interrupted)
    assert batch(*SMALL, "--out", out, "--resume") == 130
    stderr = capsys.readouterr().err
    assert "soc2parse: interrupted; 2 parsed reports kept in" in stderr
    assert "run the same command with --resume" in stderr
    assert not out.exists()
    assert len(list(resume_folder(out).glob("*.json"))) == 2
    # Run again: only the file not yet kept is parsed; the output is whole; the folder goes.
    again = FakeLoadMany(parsed)
    monkeypatch.setattr("soc2parse.batch.many.load_many", again)
    assert batch(*SMALL, "--out", out, "--resume") == 0
    assert again.asked == [str(SMALL[2])]
    assert [r["file"] for r in read_csv(out)] == [str(p) for p in SMALL]
    assert "(2 from the cache)" in capsys.readouterr().out
    assert not resume_folder(out).exists()


def test_without_resume_or_cache_nothing_is_kept(
    parsed: Parsed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "results.csv"
    monkeypatch.setattr("soc2parse.batch.many.load_many", FakeLoadMany(parsed, stop_after=1))
    assert batch(*SMALL, "--out", out) == 130
    assert list(tmp_path.iterdir()) == []
