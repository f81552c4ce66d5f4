"""Subservice organizations and complementary user entity controls from the description."""

from __future__ import annotations

import pytest

from soc2parse._description import read_cuecs, read_subservice_organizations
from soc2parse._model import SubserviceOrganization
from soc2parse._pages import Page

from factsbuild import build
from pagebuild import line

SUBSERVICE = [
    (
        "Acme uses Amazon Web Services, Inc. (AWS) for cloud infrastructure hosting services. "
        "The controls at AWS are not included within the scope of this examination.",
        (
            SubserviceOrganization(
                "Amazon Web Services, Inc. (AWS)",
                "cloud infrastructure hosting services",
                "carve-out",
            ),
        ),
    ),
    (
        "Acme has engaged Equinix, Inc. to provide colocation data center services. Acme uses "
        "the carve-out method.",
        (SubserviceOrganization("Equinix, Inc.", "colocation data center services", "carve-out"),),
    ),
    (
        "Acme utilizes PayBridge Processing, Inc. for check printing. The description uses the "
        "inclusive method: the relevant controls of PayBridge are included.",
        (SubserviceOrganization("PayBridge Processing, Inc.", "check printing", "inclusive"),),
    ),
    (
        "Acme uses Microsoft Azure for hosting. Controls at Azure are carved out. Acme uses "
        "Okta, Inc. for identity services. Okta is presented using the inclusive method.",
        (
            SubserviceOrganization("Microsoft Azure", "hosting", "carve-out"),
            SubserviceOrganization("Okta, Inc.", "identity services", "inclusive"),
        ),
    ),
    (
        "Acme relies on Google Cloud Platform to host its production environment.",
        (SubserviceOrganization("Google Cloud Platform", "its production environment"),),
    ),
    ("Acme does not use any subservice organizations.", ()),
]


@pytest.mark.parametrize(("text", "expected"), SUBSERVICE, ids=lambda v: str(v)[:70])
def test_subservice_phrasings(text: str, expected: tuple[SubserviceOrganization, ...]) -> None:
    document = build([f"## Subservice Organizations\n{text}\n\n## Other Heading\nMore text."])
    found, warnings = read_subservice_organizations(document.pages)
    assert found == expected
    assert warnings == ()


def test_unnamed_subservice_organization_warns() -> None:
    document = build(["## Subservice Organizations\nA subservice organization hosts data."])
    found, warnings = read_subservice_organizations(document.pages)
    assert found == ()
    assert warnings


INTRO = "The following complementary user entity controls should be implemented by user entities:"
CUECS = (
    "User entities are responsible for keeping passwords confidential.",
    "User entities are responsible for notifying Acme of changes to administrators.",
    "User entities are responsible for reviewing user access at least quarterly.",
)


@pytest.mark.parametrize("marker", ["•", "-", "▪", "1.", "(a)"], ids=str)
def test_cuec_bullets(marker: str) -> None:
    items = "\n".join(f"{marker} {c}" for c in CUECS)
    document = build([f"## Complementary User Entity Controls\n{INTRO}\n{items}\n\n## Next\nx."])
    assert read_cuecs(document.pages) == (CUECS, ())


def test_cuec_indented_items_without_markers() -> None:
    items = "\n".join(f"   {c}" for c in CUECS)
    document = build([f"## Complementary User Entity Controls\n{INTRO}\n{items}\n\n## Next\nx y."])
    assert read_cuecs(document.pages) == (CUECS, ())


def _table_page() -> Page:
    rows = [
        line("Complementary User Entity Controls", 72, bold=True, size=11),
        line(INTRO, 90),
        line("#", 120, x0=72, size=8),
        line("Complementary User Entity Control", 120, x0=100, size=8),
        line("Related Criteria", 120, x0=470, size=8),
    ]
    y = 134.0
    for n, text in enumerate(CUECS, start=1):
        cut = text.index(" ", 40)
        first, rest = text[:cut], text[cut:]
        rows += [
            line(str(n), y, x0=72, size=8),
            line(first, y, x0=100, size=8),
            line("CC6.1", y, x0=470, size=8),
        ]
        if rest:
            rows.append(line(rest.strip(), y + 10, x0=100, size=8))
        y += 24
    rows.append(line("Trust Services Criteria Not Applicable", y + 30, bold=True, size=11))
    merged = _merge_same_top(rows)
    return Page(number=1, width=612, height=792, lines=tuple(merged))


def _merge_same_top(rows):  # type: ignore[no-untyped-def]
    from soc2parse._pages import Line

    by_top: dict[float, list] = {}
    for row in rows:
        by_top.setdefault(row.top, []).extend(row.words)
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for _, ws in sorted(by_top.items())]


def test_cuec_table_rows() -> None:
    assert read_cuecs([_table_page()]) == (CUECS, ())


@pytest.mark.parametrize(
    "statement",
    [
        "Acme's controls were designed with the assumption that no complementary user entity "
        "controls are required.",
        "There are no user entity controls that are necessary.",
    ],
    ids=str,
)
def test_none_required_is_empty_without_warning(statement: str) -> None:
    document = build([f"## Complementary User Entity Controls\n{statement}\n\n## Next\nx."])
    assert read_cuecs(document.pages) == ((), ())


def test_no_cuec_heading_warns() -> None:
    assert read_cuecs(build(["## Overview\nNothing about user entities."]).pages)[1]
