"""Accuracy scorecard: parse the fixture corpus and compare every field with its expected result.

Run ``python tools/scorecard.py fixtures/`` from the repository root to print per-field
accuracy (``--engine``, ``-v``, ``--markdown``). The comparisons are pure functions (an
expected dict and a :class:`Report` in, a :class:`FieldResult` out) so the test suite
reuses them field by field (``tests/conftest.py`` puts ``tools/`` on the import path).
Names are compared by :func:`soc2parse.text.names.plain_name`.

The scorecard is a tool of the repository, not part of the installed package.

Expected results live beside each PDF (``reports/NAME.pdf`` + ``NAME.json``) in
the shape of :meth:`Report.to_dict`, holding only the fields the generator
knows; a bad input's JSON names the error class it must raise instead.

>>> normalize_text("Management’s  response – “final”")
'management\\'s response - "final"'
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # run from a checkout that is not installed

from soc2parse import Report  # noqa: E402
from soc2parse.text.names import fold as normalize_text  # noqa: E402
from soc2parse.text.names import plain_name as normalize_name  # noqa: E402

__all__ = [
    "FIELDS",
    "FieldResult",
    "Fixture",
    "Scores",
    "compare",
    "compare_error",
    "compare_field",
    "fields_for",
    "find_fixtures",
    "from_truth",
    "main",
    "normalize_name",
    "normalize_text",
    "score",
]

# Every field the scorecard knows, in the order it prints them.
FIELDS: tuple[str, ...] = (
    "opinion",
    "opinion_page",
    "framework",
    "report_type",
    "period",
    "report_date",
    "service_organization",
    "service_auditor",
    "categories",
    "controls",
    "control_text",
    "exceptions",
    "ratios",
    "management_responses",
    "subservice_organizations",
    "cuecs",
    "sections",
    "page_count",
)


@attrs.frozen
class FieldResult:
    """How one field of one fixture compared.

    Attributes:
        field: the field name (one of :data:`FIELDS`, or ``error``).
        ok: True when the field is entirely right.
        matched: items that matched (1 or 0 for single values).
        total: items compared.
        detail: what differed, for the test failure message.
        tp, fp, fn: true/false positives and false negatives (exceptions only).
    """

    field: str
    ok: bool
    matched: int
    total: int
    detail: str = ""
    tp: int = 0
    fp: int = 0
    fn: int = 0


@attrs.frozen
class Fixture:
    """One fixture: the PDF, its expected results, and whether it must raise."""

    name: str
    pdf: Path
    expected: Mapping[str, Any]

    @property
    def error(self) -> str | None:
        """The error class name this input must raise, or None for a good report."""
        value = self.expected.get("error")
        return str(value) if value else None


def find_fixtures(root: Path) -> tuple[Fixture, ...]:
    """Every ``*.json`` expectation under ``root`` that has a file beside it, sorted by name.

    Two shapes are read: our generator's ``NAME.json`` (the ``to_dict()`` shape) and a
    foreign sample's ``NAME.truth.json`` (flat helpers such as ``control_ids`` and
    subservice ``aliases``), which :func:`from_truth` turns into the first.
    """
    out = []
    for path in sorted(root.rglob("*.json")):
        if path.name == "manifest.json":
            continue
        expected = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem
        if path.name.endswith(".truth.json"):
            expected, name = from_truth(expected), path.name[: -len(".truth.json")]
        pdf = path.with_name(str(expected.get("source") or f"{name}.pdf"))
        # A JSON naming neither an error nor a field (the producer matrix's visible lines).
        scored = expected.get("error") or fields_for(expected)
        if pdf.exists() and scored:
            out.append(Fixture(name=name, pdf=pdf, expected=expected))
    return tuple(out)


def from_truth(truth: Mapping[str, Any]) -> dict[str, Any]:
    """A foreign sample's truth in the scorecard's expected shape.

    Truth lists each control once (``control_ids``, report order) with its exception flag,
    exceptions with their ratios and response, and subservice organizations with the
    other names the report uses for them (``aliases``). Fields it does not carry (control
    text, sections, the opinion's page) are not compared.

    >>> from_truth({"control_ids": ["A-1"], "controls": [], "cuecs": [], "_meta": {}})
    {'control_ids': ['A-1'], 'cuecs': [], 'controls': []}
    """
    out = {k: v for k, v in truth.items() if not k.startswith("_") and k != "controls"}
    if "controls" in truth:
        out["controls"] = [
            {"control_id": c["control_id"], "has_exception": c["has_exception"]}
            for c in truth["controls"]
        ]
    out.pop("control_count", None)
    return out


def fields_for(expected: Mapping[str, Any]) -> tuple[str, ...]:
    """The scorecard fields that ``expected`` has values for."""
    if expected.get("error"):
        return ()
    present = []
    for f in FIELDS:
        if f == "opinion_page":
            evidence = (expected.get("opinion") or {}).get("evidence")
            if evidence and evidence.get("page"):
                present.append(f)
        elif f in ("control_text",):
            controls = expected.get("controls") or []
            if controls and all("description" in c for c in controls):
                present.append(f)
        elif f in ("ratios", "management_responses"):
            if "exceptions" in expected:
                present.append(f)
        elif f in expected:
            present.append(f)
    return tuple(present)


def _one(field: str, ok: bool, expected: object, actual: object) -> FieldResult:
    detail = "" if ok else f"expected {expected!r}, got {actual!r}"
    return FieldResult(field, ok, int(ok), 1, detail)


def _contains(expected: str, actual: str) -> bool:
    return normalize_text(expected) in normalize_text(actual)


def _names_match(expected: str, actual: str) -> bool:
    e, a = normalize_name(expected), normalize_name(actual)
    return bool(e and a) and (e == a or e in a or a in e)


def _opinion(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = exp["opinion"]["kind"]
    return _one("opinion", r.opinion.kind.value == want, want, r.opinion.kind.value)


def _opinion_page(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = exp["opinion"]["evidence"]["page"]
    got = r.opinion.evidence.page if r.opinion.evidence else None
    return _one("opinion_page", got == want, want, got)


def _period(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = exp["period"]
    got = None
    if r.period is not None:
        got = {
            "start": r.period.start.isoformat() if r.period.start else None,
            "end": r.period.end.isoformat(),
        }
    return _one("period", got == want, want, got)


def _simple(field: str) -> Callable[[Mapping[str, Any], Report], FieldResult]:
    def compare(exp: Mapping[str, Any], r: Report) -> FieldResult:
        got = r.to_dict()[field]
        return _one(field, got == exp[field], exp[field], got)

    return compare


def _named(field: str) -> Callable[[Mapping[str, Any], Report], FieldResult]:
    def compare(exp: Mapping[str, Any], r: Report) -> FieldResult:
        want, got = exp[field], getattr(r, field)
        if want is None or got is None:
            ok = want is got
        else:
            ok = normalize_name(want) == normalize_name(got)
        return _one(field, ok, want, got)

    return compare


def _controls(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = [(c["control_id"], c["has_exception"]) for c in exp["controls"]]
    got = [(c.control_id, c.has_exception) for c in r.controls]
    got_by_id = dict(got)
    matched = sum(1 for cid, flag in want if got_by_id.get(cid) == flag)
    ok = want == got
    detail = ""
    if not ok:
        missing = [cid for cid, _ in want if cid not in got_by_id]
        extra = sorted({cid for cid, _ in got} - {cid for cid, _ in want})
        flags = [cid for cid, flag in want if cid in got_by_id and got_by_id[cid] != flag]
        detail = (
            f"{len(want)} expected, {len(got)} parsed; missing {missing[:8]}, extra {extra[:8]}, "
            f"wrong has_exception {flags[:8]}"
        )
    return FieldResult("controls", ok, matched, max(len(want), len(got)), detail)


def _control_text(exp: Mapping[str, Any], r: Report) -> FieldResult:
    got = {c.control_id: c for c in r.controls}
    matched, bad = 0, []
    for c in exp["controls"]:
        a = got.get(c["control_id"])
        if a is not None and all(
            _contains(c[k], getattr(a, k)) for k in ("description", "tests", "result")
        ):
            matched += 1
        else:
            bad.append(c["control_id"])
    total = len(exp["controls"])
    return FieldResult(
        "control_text",
        matched == total,
        matched,
        total,
        f"text differs for {bad[:8]}" if bad else "",
    )


def _exceptions(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = {e["control_id"] for e in exp["exceptions"]}
    got = {e.control_id for e in r.exceptions}
    tp, fp, fn = len(want & got), len(got - want), len(want - got)
    ok = fp == 0 and fn == 0
    detail = "" if ok else f"missed {sorted(want - got)}, spurious {sorted(got - want)}"
    return FieldResult("exceptions", ok, tp, max(len(want | got), 0), detail, tp, fp, fn)


def _ratios(exp: Mapping[str, Any], r: Report) -> FieldResult:
    got = {e.control_id: e for e in r.exceptions}
    matched, bad = 0, []
    for e in exp["exceptions"]:
        a = got.get(e["control_id"])
        want = sorted((x["count"], x["total"], normalize_text(x["text"])) for x in e["ratios"])
        have = (
            sorted((x.count, x.total, normalize_text(x.text)) for x in a.ratios)
            if a is not None
            else None
        )
        if have == want:
            matched += 1
        else:
            bad.append(f"{e['control_id']}: expected {want}, got {have}")
    total = len(exp["exceptions"])
    return FieldResult("ratios", matched == total, matched, total, "; ".join(bad[:4]))


def _responses(exp: Mapping[str, Any], r: Report) -> FieldResult:
    got = {e.control_id: e for e in r.exceptions}
    matched, bad = 0, []
    for e in exp["exceptions"]:
        a = got.get(e["control_id"])
        want = e["management_response"] is not None
        if a is not None and (a.management_response is not None) == want:
            matched += 1
        else:
            have = None if a is None else a.management_response is not None
            bad.append(f"{e['control_id']}: response expected {want}, parsed {have}")
    total = len(exp["exceptions"])
    return FieldResult("management_responses", matched == total, matched, total, "; ".join(bad[:4]))


def _subservice(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = exp["subservice_organizations"]
    got = list(r.subservice_organizations)
    matched, bad = 0, []

    def names(w: Mapping[str, Any]) -> list[str]:
        return [w["name"], *w.get("aliases", ())]

    def same(w: Mapping[str, Any], name: str) -> bool:
        return any(_names_match(n, name) for n in names(w))

    for w in want:
        hit = next((g for g in got if same(w, g.name)), None)
        if hit is not None and hit.method == w["method"]:
            matched += 1
        else:
            bad.append(f"{w['name']} ({w['method']}): {hit!r}")
    extra = [g.name for g in got if not any(same(w, g.name) for w in want)]
    # One organization given twice (its name and its alias apart) is one too many.
    extra += [g.name for w in want for g in [g for g in got if same(w, g.name)][1:]]
    ok = matched == len(want) and not extra
    detail = "" if ok else f"missing or wrong {bad}; extra {extra}"
    return FieldResult("subservice_organizations", ok, matched, max(len(want), len(got)), detail)


def _cuecs(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want, got = exp["cuecs"], list(r.cuecs)
    matched = sum(1 for w in want if any(_contains(w, g) for g in got))
    ok = matched == len(want) and len(got) == len(want)
    detail = "" if ok else f"{len(want)} expected, {len(got)} parsed, {matched} matched"
    return FieldResult("cuecs", ok, matched, max(len(want), len(got)), detail)


def _sections(exp: Mapping[str, Any], r: Report) -> FieldResult:
    want = [(s["kind"], s["first_page"], s["last_page"]) for s in exp["sections"]]
    got = [(s.kind.value, s.first_page, s.last_page) for s in r.sections]
    matched = sum(1 for w in want if w in got)
    ok = want == got
    return FieldResult(
        "sections",
        ok,
        matched,
        max(len(want), len(got)),
        "" if ok else f"expected {want}, got {got}",
    )


_COMPARATORS: dict[str, Callable[[Mapping[str, Any], Report], FieldResult]] = {
    "opinion": _opinion,
    "opinion_page": _opinion_page,
    "framework": _simple("framework"),
    "report_type": _simple("report_type"),
    "period": _period,
    "report_date": _simple("report_date"),
    "service_organization": _named("service_organization"),
    "service_auditor": _named("service_auditor"),
    "categories": _simple("categories"),
    "controls": _controls,
    "control_text": _control_text,
    "exceptions": _exceptions,
    "ratios": _ratios,
    "management_responses": _responses,
    "subservice_organizations": _subservice,
    "cuecs": _cuecs,
    "sections": _sections,
    "page_count": _simple("page_count"),
}


def compare_field(field: str, expected: Mapping[str, Any], report: Report) -> FieldResult:
    """Compare one field of a parsed report with its expected value.

    Args:
        field: one of :data:`FIELDS`.
        expected: the fixture's expected results (``to_dict()`` shape).
        report: the parsed report.

    Returns:
        The :class:`FieldResult`; ``detail`` says what differed.
    """
    return _COMPARATORS[field](expected, report)


def compare(expected: Mapping[str, Any], report: Report) -> tuple[FieldResult, ...]:
    """Every field that ``expected`` knows, compared with ``report``."""
    return tuple(compare_field(f, expected, report) for f in fields_for(expected))


def compare_error(
    expected: Mapping[str, Any], error: BaseException | None, source: str | None = None
) -> FieldResult:
    """Check that a bad input raised the expected error class and its message names the file.

    ``source`` is the file's name, when the expectation does not say it.
    """
    want = str(expected["error"])
    source = str(expected.get("source") or source)
    if error is None:
        return FieldResult("error", False, 0, 1, f"expected {want}, but the file parsed")
    got = type(error).__name__
    names_file = source in str(error)
    ok = got == want and names_file
    detail = "" if ok else f"expected {want} naming {source!r}, got {got}: {error}"
    return FieldResult("error", ok, int(ok), 1, detail)


def _parse(
    fixture: Fixture, password: str | None = None, engine: str = "pdfium"
) -> Report | Exception:
    from soc2parse import load

    try:
        ocr = fixture.expected.get("ocr", "auto")
        return load(fixture.pdf, password=password, engine=engine, ocr=ocr)
    except Exception as exc:  # the scorecard reports every failure as a result
        return exc


def _rate(results: Sequence[FieldResult]) -> str:
    ok = sum(r.ok for r in results)
    return f"{ok}/{len(results)} ({100 * ok / len(results):.0f}%)" if results else "-"


def _table(rows: Iterable[tuple[str, str, str]]) -> str:
    rows = list(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


@attrs.frozen
class Scores:
    """One scorecard run: per-field rows, exception precision and recall, failures."""

    root: Path
    engine: str
    reports: int
    bad_inputs: int
    rows: tuple[tuple[str, str, str], ...]
    precision: float
    recall: float
    counts: tuple[int, int, int]
    crashes: tuple[str, ...]
    details: tuple[str, ...]
    families: tuple[tuple[str, str, str], ...] = ()

    def text(self) -> str:
        """The scorecard as a plain-text table."""
        tp, fp, fn = self.counts
        lines = [
            f"soc2parse scorecard: {self.reports} reports and {self.bad_inputs} bad inputs "
            f"under {self.root} (engine {self.engine})",
            _table([("field", "fixtures right", "items right"), *self.rows]),
            f"exception precision {self.precision:.2f}, recall {self.recall:.2f} "
            f"(tp {tp}, fp {fp}, fn {fn})",
        ]
        if self.families:
            lines.append(_table([("family", "reports right", "items right"), *self.families]))
        return "\n".join(lines + [f"parse failed: {line}" for line in self.crashes])

    def markdown(self) -> str:
        """The scorecard as a Markdown table."""
        tp, fp, fn = self.counts
        out = ["| field | reports right | items right |", "|---|---:|---:|"]
        out += [f"| {a} | {b} | {c} |" for a, b, c in self.rows if b != "-"]
        out.append(
            f"\nException precision **{self.precision:.2f}**, recall **{self.recall:.2f}** "
            f"(tp {tp}, fp {fp}, fn {fn})."
        )
        if self.families:
            out += ["", "| family | reports right | items right |", "|---|---:|---:|"]
            out += [f"| {a} | {b} | {c} |" for a, b, c in self.families]
        return "\n".join(out + [f"\nParse failed: {line}" for line in self.crashes])


def score(root: Path, engine: str = "pdfium") -> Scores:
    """Parse every fixture under ``root`` with ``engine`` and compare every field.

    Raises:
        FileNotFoundError: no fixture under ``root``.
    """
    fixtures = find_fixtures(root)
    if not fixtures:
        raise FileNotFoundError(f"no fixtures found under {root}")
    by_field: dict[str, list[FieldResult]] = {f: [] for f in FIELDS}
    errors: list[FieldResult] = []
    crashes: list[str] = []
    details: list[str] = []
    results_of: dict[str, list[FieldResult]] = {}
    for fx in fixtures:
        outcome = _parse(fx, engine=engine)
        if fx.error:
            raised = outcome if isinstance(outcome, Exception) else None
            errors.append(compare_error(fx.expected, raised, fx.pdf.name))
            results_of[fx.name] = [errors[-1]]
            password = fx.expected.get("password")
            if password and fx.expected.get("parses_with_password"):
                again = _parse(fx, str(password), engine=engine)
                errors.append(FieldResult("password", isinstance(again, Report), 0, 1))
            continue
        if isinstance(outcome, Exception):
            crashes.append(f"{fx.name}: {type(outcome).__name__}: {outcome}")
            for f in fields_for(fx.expected):
                by_field[f].append(FieldResult(f, False, 0, 1, "parse failed"))
                results_of.setdefault(fx.name, []).append(by_field[f][-1])
            continue
        for result in compare(fx.expected, outcome):
            by_field[result.field].append(result)
            results_of.setdefault(fx.name, []).append(result)
            if not result.ok:
                details.append(f"{fx.name} {result.field}: {result.detail}"[:600])
    rows = []
    for f in FIELDS:
        results = by_field[f]
        items = sum(r.matched for r in results), sum(r.total for r in results)
        rows.append((f, _rate(results), f"{items[0]}/{items[1]}" if results else "-"))
    rows.append(("expected errors", _rate(errors), ""))
    exc = by_field["exceptions"]
    tp, fp, fn = sum(r.tp for r in exc), sum(r.fp for r in exc), sum(r.fn for r in exc)
    good = sum(1 for fx in fixtures if not fx.error)
    return Scores(
        root=root,
        engine=engine,
        reports=good,
        bad_inputs=len(fixtures) - good,
        rows=tuple(rows),
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        counts=(tp, fp, fn),
        crashes=tuple(crashes),
        details=tuple(details),
        families=_by_family(fixtures, results_of),
    )


def _by_family(
    fixtures: Sequence[Fixture], results_of: Mapping[str, Sequence[FieldResult]]
) -> tuple[tuple[str, str, str], ...]:
    """One row per family named in the expectations' ``families``: reports and items right.

    A report counts as right when every field compared on it is right; items are summed
    over its fields (control ids, exceptions, ratios, ...), as in the field rows.
    """
    members: dict[str, list[str]] = {}
    for fx in fixtures:
        for family in fx.expected.get("families") or ():
            members.setdefault(str(family), []).append(fx.name)
    rows = []
    for family, names in sorted(members.items()):
        results = [results_of.get(name, []) for name in names]
        right = sum(1 for r in results if r and all(x.ok for x in r))
        matched = sum(x.matched for r in results for x in r)
        total = sum(x.total for r in results for x in r)
        rows.append(
            (
                family,
                f"{right}/{len(names)} ({100 * right / len(names):.0f}%)",
                f"{matched}/{total}",
            )
        )
    return tuple(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-field accuracy over every fixture under the given folder (default ``fixtures``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python tools/scorecard.py")
    parser.add_argument("root", nargs="?", default="fixtures", help="folder of fixtures")
    parser.add_argument("--engine", default="pdfium", help="pdfium (default) or pdfplumber")
    parser.add_argument("-v", "--verbose", action="store_true", help="print what differed")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        scores = score(Path(args.root), str(args.engine))
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    if args.verbose:
        print("\n".join(scores.details))
    print(scores.markdown() if args.markdown else scores.text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
