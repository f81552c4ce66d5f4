"""The batch workbook, read back with openpyxl; the ``diff`` and ``batch --out x.xlsx`` commands.

The command-line tests stub out parsing (``load_many``/``parse_guarded``) with
reports built from the fixtures' expected results, so no PDF is parsed here.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
import regex
from hypothesis import HealthCheck, given, settings

from soc2parse import (
    ControlException,
    ControlTest,
    Evidence,
    NotAPdfError,
    Opinion,
    Outcome,
    Period,
    Report,
    SampleRatio,
    SubserviceOrganization,
)
from soc2parse.batch.guard import Result
from soc2parse.cli import main
from soc2parse.outputs.xlsx import SHEETS, Workbook, concentration

import strategies

openpyxl = pytest.importorskip("openpyxl")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
AS_OF = date(2026, 4, 15)
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def make_report(name: str, organization: str, *subservice: str, **changes: Any) -> Report:
    base: dict[str, Any] = {
        "source": name,
        "sha256": name.encode().hex().ljust(64, "0")[:64],
        "page_count": 30,
        "framework": "soc2",
        "report_type": "type2",
        "service_organization": organization,
        "period": Period(date(2025, 1, 1), date(2025, 12, 31)),
        "report_date": date(2026, 2, 13),
        "categories": ("security", "availability"),
        "opinion": Opinion("unqualified", None, Evidence(5, "In our opinion")),
        "subservice_organizations": tuple(
            SubserviceOrganization(s, "hosting", "carve-out") for s in subservice
        ),
    }
    base.update(changes)
    return Report(**base)


ACCESS = ControlException(
    control_id="CC6.1.5",
    criteria=("CC6.1",),
    description="Firewall rules are reviewed semi-annually.",
    finding=HOSTILE,
    ratios=(SampleRatio(3, 25, "3 of 25"),),
    management_response="Management agrees.\x07",
    evidence=Evidence(page=18, text="Exception noted."),
)
SOC1 = ControlException(
    control_id="4.02",
    criteria=(),
    description="Changes are approved.",
    finding="For 1 of 40 changes, approval was missing.",
    ratios=(SampleRatio(1, 40, "1 of 40"),),
    management_response=None,
    evidence=Evidence(page=30, text="Exception noted."),
)
CONTROLS = tuple(
    ControlTest(
        control_id=f"CC6.1.{n}",
        criteria=("CC6.1",),
        description="A control.",
        tests="Inspected.",
        result="Exception noted." if n == 5 else "No exceptions noted.",
        has_exception=n == 5,
        pages=(18, 19),
    )
    for n in range(1, 6)
)

REPORTS = [
    make_report(
        "a.pdf",
        "Alpha, Inc.",
        "Amazon Web Services, Inc. (AWS)",
        "Okta, Inc.",
        controls=CONTROLS,
        exceptions=(ACCESS,),
        cuecs=("User entities review access.", "-1 user entities keep passwords"),
    ),
    make_report("b.pdf", "Beta LLC", "AWS", framework="soc1", exceptions=(SOC1,)),
    make_report("b-2024.pdf", "BETA, LLC", "Amazon Web Services"),  # same vendor, older report
    make_report("c.pdf", "Gamma Corp", "Microsoft Azure", report_type="type1",
                period=Period(None, date(2025, 6, 30))),
]  # fmt: skip
FAILED = ("broken.pdf", NotAPdfError("broken.pdf", "the file is not a PDF"))


def build() -> Workbook:
    book = Workbook(AS_OF)
    for item in REPORTS:
        assert item.source is not None
        book.add(item.source, item)
    book.add(FAILED[0], None, FAILED[1])
    return book


def read_back(book: Workbook) -> Any:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def workbook() -> Any:
    return read_back(build())


def test_sheets_in_order_with_their_headers(workbook: Any) -> None:
    assert workbook.sheetnames == list(SHEETS)
    for name, columns in SHEETS.items():
        header = next(workbook[name].iter_rows(max_row=1, values_only=True))
        assert header == columns


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_header_is_frozen_and_columns_sized(workbook: Any, sheet: str) -> None:
    ws = workbook[sheet]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref
    for i in range(1, len(SHEETS[sheet]) + 1):
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        assert 8 <= width <= 60
    assert all(cell.font.bold for cell in ws[1])


@pytest.mark.parametrize(
    ("sheet", "count"),
    [
        ("reports", 5),
        ("exceptions", 2),
        ("controls", 5),
        ("subservice organizations", 5),
        ("CUECs", 2),
    ],
)
def test_row_counts(workbook: Any, sheet: str, count: int) -> None:
    assert len(records(workbook[sheet])) == count


def test_reports_sheet(workbook: Any) -> None:
    rows = {r["file"]: r for r in records(workbook["reports"])}
    assert rows["broken.pdf"]["status"] == "failed"
    assert rows["broken.pdf"]["error_type"] == "NotAPdfError"
    a = rows["a.pdf"]
    assert a["status"] == "parsed"
    assert a["period_end"].date() == date(2025, 12, 31)
    assert a["control_count"] == 5
    assert a["report_age_days"] == 105
    assert a["bridge_letter_due"] is True
    assert a["stale"] is False
    # Bridge letter, access exception, high rate, two carve-outs, CUECs.
    assert a["flag_count"] == len(REPORTS[0].flags(AS_OF)) == 7
    assert a["categories"] == "security; availability"


def test_flags_sheet_matches_review_flags(workbook: Any) -> None:
    rows = [r for r in records(workbook["flags"]) if r["file"] == "a.pdf"]
    assert [r["code"] for r in rows] == [f.code for f in REPORTS[0].flags(AS_OF)]
    access = next(r for r in rows if r["code"] == "access-exception")
    assert access["page"] == 18
    assert access["evidence"] == "Exception noted."
    gamma = {r["code"] for r in records(workbook["flags"]) if r["file"] == "c.pdf"}
    assert "type1-report" in gamma


def test_exceptions_sheet_has_area_and_rate(workbook: Any) -> None:
    rows = {r["control_id"]: r for r in records(workbook["exceptions"])}
    assert rows["CC6.1.5"]["areas"] == "logical and physical access"
    assert rows["CC6.1.5"]["deviation_rate"] == pytest.approx(0.12)
    assert rows["4.02"]["areas"] == "unknown"
    assert rows["4.02"]["deviation_rate"] == pytest.approx(0.025)


def test_text_never_becomes_a_formula(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    rows = {r["control_id"]: r for r in records(workbook["exceptions"])}
    # A string cell needs no escaping apostrophe, which would show as text.
    assert rows["CC6.1.5"]["finding"] == HOSTILE
    cuecs = [r["cuec"] for r in records(workbook["CUECs"])]
    assert cuecs[1] == "-1 user entities keep passwords"


# Text that would be a live formula if a character a workbook cannot hold hid its "=",
# or if openpyxl were left to guess the cell's type.
HIDDEN_FORMULAS = [
    '\x01=HYPERLINK("http://evil.example/","Acme")&"x"',
    "\x00\x1f+cmd|' /C calc'!A0",
    "=1+1",
    "\x08@SUM(A1:A2)",
    "\x0b-2+3",
]


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_no_cell_of_ours_is_ever_a_formula(text: str) -> None:
    import zipfile

    report = make_report(
        text,
        text,
        text,
        controls=(attrs.evolve(CONTROLS[4], description=text, tests=text),),
        exceptions=(attrs.evolve(ACCESS, finding=text, management_response=text),),
        cuecs=(text,),
    )
    book = Workbook(AS_OF)
    book.add(text, report)
    book.add(text, None, NotAPdfError(text, text))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name), name
    buffer.seek(0)
    cleaned = regex.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    found = [
        cell.value
        for sheet in openpyxl.load_workbook(buffer).worksheets
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cleaned in cell.value
    ]
    assert len(found) >= 8


def test_characters_a_workbook_cannot_hold_are_dropped(workbook: Any) -> None:
    rows = {r["control_id"]: r for r in records(workbook["exceptions"])}
    assert rows["CC6.1.5"]["management_response"] == "Management agrees."


def test_numbers_and_booleans_stay_typed(workbook: Any) -> None:
    controls = records(workbook["controls"])
    assert [c["has_exception"] for c in controls] == [False] * 4 + [True]
    assert controls[0]["pages"] == "18; 19"
    cuecs = records(workbook["CUECs"])
    assert [c["number"] for c in cuecs] == [1, 2]


def test_summary_counts_vendors_per_subservice_organization(workbook: Any) -> None:
    rows = records(workbook["summary"])
    top = rows[0]
    # a.pdf names "Amazon Web Services, Inc. (AWS)", Beta names "AWS" (2025) and "Amazon Web
    # Services" (2024): one organization, two vendors (Beta counted once).
    assert top["vendors"] == 2
    assert top["share_of_vendors"] == pytest.approx(2 / 3)  # the failed file is no vendor
    assert top["methods"] == "carve-out 3"
    assert set(top["names"].split("; ")) == {
        "AWS",
        "Amazon Web Services",
        "Amazon Web Services, Inc. (AWS)",
    }
    assert [r["vendors"] for r in rows[1:]] == [1, 1]
    assert {r["subservice_organization"] for r in rows[1:]} == {"Microsoft Azure", "Okta, Inc."}


def test_concentration_orders_by_vendors_then_name() -> None:
    rows = concentration(
        {
            "v1": [("Okta", "carve-out"), ("Zeta Cloud", None)],
            "v2": [("Zeta Cloud", "inclusive")],
            "v3": [],
        }
    )
    assert [(r["subservice_organization"], r["vendors"]) for r in rows] == [
        ("Zeta Cloud", 2),
        ("Okta", 1),
    ]
    assert rows[0]["methods"] == ("inclusive 1", "unknown 1")
    assert rows[0]["share_of_vendors"] == pytest.approx(2 / 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.reports)
def test_any_report_makes_a_readable_workbook(any_report: Report) -> None:
    book = Workbook(AS_OF)
    book.add("x.pdf", any_report)
    back = read_back(book)
    assert len(records(back["reports"])) == 1
    assert len(records(back["exceptions"])) == any_report.exception_count
    for sheet in back.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


# --- the command line (parsing stubbed out) -------------------------------------------------


def expected_report(name: str) -> Report:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    data.setdefault("sha256", name.encode().hex().ljust(64, "0")[:64])
    if data["opinion"].get("evidence") is not None:
        data["opinion"]["evidence"].setdefault("text", "")
    for item in data.get("exceptions", ()):
        item.setdefault("evidence", {"page": 1, "text": ""})
    for item in data.get("controls", ()):
        item.setdefault("pages", [])
    return Report.from_dict(data)


@pytest.fixture
def fake_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse "PDFs" by reading their expected results; ``bad*.pdf`` fail."""

    def one(path: str) -> tuple[Report | None, NotAPdfError | None]:
        stem = Path(path).stem
        if stem.startswith("bad"):
            return None, NotAPdfError(path, "the file is not a PDF")
        return expected_report(stem), None

    def fake_load_many(sources: Any, **kwargs: Any) -> Any:
        for source in sources:
            report, error = one(source)
            yield Outcome(source, report, error, 0.1)

    def fake_parse_guarded(source: str, *args: Any, **kwargs: Any) -> Result:
        report, error = one(source)
        return Result(report=report, error=error, seconds=0.1)

    monkeypatch.setattr("soc2parse.batch.many.load_many", fake_load_many)
    monkeypatch.setattr("soc2parse.batch.guard.parse_guarded", fake_parse_guarded)


def inputs(folder: Path, *names: str) -> list[str]:
    paths = []
    for name in names:
        path = folder / f"{name}.pdf"
        path.write_bytes(b"%PDF-1.7 stub")
        paths.append(str(path))
    return paths


@pytest.mark.usefixtures("fake_parsing")
def test_batch_writes_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = inputs(
        tmp_path, "rl02-soc2-t2-qualified", "rl03-soc2-t2-adverse", "rl09-soc1-t2-unqualified"
    )
    paths += inputs(tmp_path, "bad-one")
    out = tmp_path / "results.xlsx"
    assert main(["batch", *paths, "--out", str(out), "--quiet"]) == 1
    back = openpyxl.load_workbook(out)
    assert back.sheetnames == list(SHEETS)
    statuses = [r["status"] for r in records(back["reports"])]
    assert statuses == ["parsed", "parsed", "parsed", "failed"]
    assert len(records(back["exceptions"])) == 2 + 5 + 1
    summary = {r["subservice_organization"]: r["vendors"] for r in records(back["summary"])}
    assert summary["Amazon Web Services, Inc. (AWS)"] == 1
    printed = capsys.readouterr().out
    assert "Most named subservice organizations" in printed
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.usefixtures("fake_parsing")
def test_batch_xlsx_with_exceptions_csv(tmp_path: Path) -> None:
    paths = inputs(tmp_path, "rl03-soc2-t2-adverse")
    out, extra = tmp_path / "r.xlsx", tmp_path / "e.csv"
    assert main(["batch", *paths, "--out", str(out), "--exceptions", str(extra), "-q"]) == 0
    assert out.exists()
    assert len(extra.read_text(encoding="utf-8").splitlines()) == 6


def test_batch_xlsx_without_openpyxl_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("soc2parse.outputs.xlsx.missing_openpyxl", lambda: "needs openpyxl")
    paths = inputs(tmp_path, "x")
    assert main(["batch", *paths, "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "needs openpyxl" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.usefixtures("fake_parsing")
def test_diff_prints_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = inputs(tmp_path, "rl02-soc2-t2-qualified", "rl03-soc2-t2-adverse")
    assert main(["diff", old, new]) == 0
    text = capsys.readouterr().out
    assert "Opinion: qualified -> adverse (changed)" in text
    assert "Periods: overlap of 181 days" in text


@pytest.mark.usefixtures("fake_parsing")
def test_diff_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = inputs(tmp_path, "rl01-soc2-t2-unqualified-grid", "rl02-soc2-t2-qualified")
    assert main(["diff", old, new, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["opinion"] == {"old": "unqualified", "new": "qualified", "changed": True}
    assert data["period"]["continuity"] == "overlap"


@pytest.mark.usefixtures("fake_parsing")
def test_diff_html_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = inputs(tmp_path, "rl02-soc2-t2-qualified", "rl03-soc2-t2-adverse")
    page = tmp_path / "diff.html"
    assert main(["diff", old, new, "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "soc2parse-comparison" in html
    assert f"Wrote {page}" in capsys.readouterr().out


@pytest.mark.usefixtures("fake_parsing")
@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("{ok}", "{bad}"), 1, "NotAPdfError: "),
        (("{ok}", "{tmp}/missing.pdf"), 2, "no such file"),
        (("{ok}", "{tmp}"), 2, "is a folder"),
        (("{ok}",), 2, "the following arguments are required"),
        (("{ok}", "{ok}", "--json", "--html", "{tmp}/x.html"), 2, "not allowed with"),
        (("{ok}", "{ok}", "--html", "{ok}"), 2, "is one of the inputs"),
    ],
    ids=["parse-failure", "missing", "folder", "one-file", "json-and-html", "html-over-input"],
)
def test_diff_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    (ok,) = inputs(tmp_path, "rl01-soc2-t2-unqualified-grid")
    (bad,) = inputs(tmp_path, "bad-file")
    argv = [a.format(ok=ok, bad=bad, tmp=tmp_path) for a in args]
    assert main(["diff", *argv]) == status
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
