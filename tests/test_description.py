"""Subservice organizations and complementary user entity controls from the description."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2parse._model import SubserviceOrganization
from soc2parse._pages import Page
from soc2parse.facts.complementary import read_csocs, read_cuecs, read_cuecs_beside_controls
from soc2parse.facts.subservice_sentences import collective_method, read_subservice_organizations
from soc2parse.text.passages import passages

from factsbuild import build
from pagebuild import line, page

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
        (SubserviceOrganization("Google Cloud Platform", "host its production environment"),),
    ),
    ("Acme does not use any subservice organizations.", ()),
]


Org = SubserviceOrganization

# Fresh wordings of the forms real reports use: quoted aliases, appositions, lists of several
# names, roles named before their list, scope left out, with or without the word "subservice".
SUBSERVICE_FORMS = [
    (
        'Brightwell uses Nimbus Compute, Inc. ("Nimbus"), a subservice organization, to provide '
        "cloud hosting services. The controls of Nimbus are excluded from the scope of this "
        "report using the carve-out method.",
        (Org("Nimbus Compute, Inc. (Nimbus)", "cloud hosting services", "carve-out"),),
    ),
    (
        "Brightwell uses Tessera Systems Corporation (“Tessera”) for managed database services. "
        "The controls of Tessera are excluded from the scope of this report using the carve-"
        "out method.",
        (Org("Tessera Systems Corporation (Tessera)", "managed database services", "carve-out"),),
    ),
    (
        'Brightwell uses Harbor Vault Incorporated ("Harbor Vault"), a subservice organization, '
        "to provide offsite media storage. Harbor Vault is presented using the inclusive method.",
        (Org("Harbor Vault Incorporated (Harbor Vault)", "offsite media storage", "inclusive"),),
    ),
    (
        "Brightwell utilizes Larchmont Data, Fenwick Colo, and Quarry Point Networks, "
        "subservice organizations, to provide data center colocation services. Their controls "
        "are not included within the scope of this examination.",
        (
            Org("Larchmont Data", "data center colocation services", "carve-out"),
            Org("Fenwick Colo", "data center colocation services", "carve-out"),
            Org("Quarry Point Networks", "data center colocation services", "carve-out"),
        ),
    ),
    (
        "Brightwell relies on Cobalt Identity, Inc. and Pinegate Mail LLC for single sign-on and "
        "e-mail delivery. Both are carved out of this report.",
        (
            Org("Cobalt Identity, Inc.", "single sign-on and e-mail delivery", "carve-out"),
            Org("Pinegate Mail LLC", "single sign-on and e-mail delivery", "carve-out"),
        ),
    ),
    (
        "Nimbus Compute, Inc., a subservice organization, provides the infrastructure on which "
        "the platform runs (carve-out method).",
        (
            Org(
                "Nimbus Compute, Inc.",
                "provides the infrastructure on which the platform runs",
                "carve-out",
            ),
        ),
    ),
    (
        "The examination did not extend to the controls of Larchmont Data (carve-out method).",
        (Org("Larchmont Data", None, "carve-out"),),
    ),
    (
        "The cloud hosting services provided by Nimbus Compute were not included within the "
        "scope of this examination.",
        (Org("Nimbus Compute", None, "carve-out"),),
    ),
    (
        "Brightwell has outsourced its payroll processing to Ledgerline Payroll Services, Inc., a "
        "subservice organization, using the inclusive method.",
        (Org("Ledgerline Payroll Services, Inc.", None, "inclusive"),),
    ),
    (
        'Brightwell engages Ostrander Cloud ("OC") to host its production environment. The '
        "description includes the relevant controls of OC (inclusive method).",
        (Org("Ostrander Cloud (OC)", "host its production environment", "inclusive"),),
    ),
    (
        "Nimbus Compute, Inc. is a subservice organization that provides cloud hosting. The "
        "description excludes the controls of Nimbus Compute.",
        (Org("Nimbus Compute, Inc.", "cloud hosting", "carve-out"),),
    ),
    (
        "Larchmont Data and Fenwick Colo are the subservice organizations used for colocation "
        "(carve-out method).",
        (
            Org("Larchmont Data", "colocation", "carve-out"),
            Org("Fenwick Colo", "colocation", "carve-out"),
        ),
    ),
    (
        "Tessera Cloud provides the managed database platform. Its controls are carved out.",
        (Org("Tessera Cloud", "provides the managed database platform", "carve-out"),),
    ),
    # "uses X to <any verb>", and a second company named after the first one's services.
    (
        'Brightwell uses Quillon Records LLC ("Quillon") to archive closed customer files. The '
        "description includes the relevant controls of Quillon (inclusive method).",
        (Org("Quillon Records LLC (Quillon)", "archive closed customer files", "inclusive"),),
    ),
    (
        'Brightwell uses Harwick Post & Print, Inc. ("Harwick") to mail statements, and Corvane '
        'Colo, Ltd. ("Corvane") for rack space. Brightwell has elected to carve out the controls '
        "of Harwick and Corvane.",
        (
            Org("Harwick Post & Print, Inc. (Harwick)", "mail statements", "carve-out"),
            Org("Corvane Colo, Ltd. (Corvane)", "rack space", "carve-out"),
        ),
    ),
    (
        'Brightwell relies on Ostrava Cloud S.A. ("Ostrava") for hosting in Europe and on Pell '
        'Street Data Ltd. ("Pell") to replicate backups. The scope of this report does not '
        "include the controls of Ostrava or Pell.",
        (
            Org("Ostrava Cloud S.A. (Ostrava)", "hosting in Europe", "carve-out"),
            Org("Pell Street Data Ltd. (Pell)", "replicate backups", "carve-out"),
        ),
    ),
    (
        'Brightwell uses Vantor Edge, Inc. ("Vantor") to serve static content. The boundaries '
        "of the system do not include Vantor; its controls were not evaluated.",
        (Org("Vantor Edge, Inc. (Vantor)", "serve static content", "carve-out"),),
    ),
    (
        "Brightwell uses Vantor Edge, Inc. as its content delivery network provider; Vantor is "
        "a subservice organization excluded from this report.",
        (Org("Vantor Edge, Inc.", "content delivery network provider", "carve-out"),),
    ),
    # "Only" opens the sentence; it is no part of the name.
    (
        "Only Larchmont Data, Inc. and Fenwick Colo LLC are subservice organizations; their "
        "controls are excluded from this report (carve-out method).",
        (
            Org("Larchmont Data, Inc.", None, "carve-out"),
            Org("Fenwick Colo LLC", None, "carve-out"),
        ),
    ),
    # "and" before a name without a company's shape is the services going on, not a company.
    (
        "Brightwell uses Nimbus Compute, Inc. for hosting and Security Operations for "
        "monitoring. Its controls are carved out.",
        (
            Org(
                "Nimbus Compute, Inc.",
                "hosting and Security Operations for monitoring",
                "carve-out",
            ),
        ),
    ),
    # One sentence naming two with both methods says neither's.
    (
        "Brightwell uses Larchmont Data, Inc. for colocation. Brightwell uses Fenwick Colo LLC "
        "for backups. Larchmont Data is carved out and Fenwick Colo is presented using the "
        "inclusive method.",
        (
            Org("Larchmont Data, Inc.", "colocation"),
            Org("Fenwick Colo LLC", "backups"),
        ),
    ),
]

# No subservice organization is named: nothing, and no company taken from a sentence opener.
NOT_SUBSERVICE = [
    ("Brightwell does not use any subservice organizations.", ()),
    ("Brightwell Analytics provides monitoring of its subservice organizations.", ()),
    ("In addition, management reviews the report annually.", ()),
]


@pytest.mark.parametrize(
    ("text", "expected"), SUBSERVICE_FORMS + NOT_SUBSERVICE, ids=lambda v: str(v)[:70]
)
def test_subservice_sentence_forms(text: str, expected: tuple[SubserviceOrganization, ...]) -> None:
    document = build([f"## Subservice Organizations\n{text}\n\n## Other Heading\nMore text."])
    found, _ = read_subservice_organizations(
        document.pages, exclude=("Brightwell Analytics, Inc.",)
    )
    assert [(f.name, f.services, f.method) for f in found] == [
        (e.name, e.services, e.method) for e in expected
    ]
    for organization in found:
        assert organization.evidence is not None
        assert organization.evidence.page == 1
        assert organization.name.split()[0] in organization.evidence.text


# Outside a subservice heading: only a sentence that says "subservice" or leaves a company
# out of scope is read; a description's other tools are not subservice organizations.
ELSEWHERE = [
    (
        "The platform is built in Python. Brightwell uses Jira Software for ticketing.",
        (),
    ),
    # A subcontractor or a third-party service provider is named as a subservice
    # organization is; "supplied by" names one only in a passage about them.
    (
        "The service runs on servers supplied by Arcadia Holdings B.V. d/b/a Arcadia Cloud in "
        'data centres in Milan. Backups are copied to Sorvino Digitali S.r.l. ("Sorvino"), a '
        "subcontractor that provides off-site tape vaulting.",
        (
            Org("Arcadia Holdings B.V.", None),
            Org("Sorvino Digitali S.r.l. (Sorvino)", "provides off-site tape vaulting"),
        ),
    ),
    (
        'Brightwell uses a third-party service provider, Pendle Hosting Ltd ("Pendle"), for '
        "colocation.",
        # Read by the role-before-its-list form, which takes no services.
        (Org("Pendle Hosting Ltd (Pendle)", None),),
    ),
    ("The dashboards are supplied by Grafana Labs and alerts are sent by PagerDuty.", ()),
    ("Reports are provided by Management to the Board each quarter.", ()),
    (
        "Brightwell evaluates its software vendors, Monitoring Tools and Ticketing Systems, each "
        "year.",
        (),
    ),
    ("Our examination did not include the controls of User Entities.", ()),
    (
        'Brightwell uses Nimbus Compute, Inc. ("Nimbus"), a subservice organization, to provide '
        "cloud hosting services.",
        (Org("Nimbus Compute, Inc. (Nimbus)", "cloud hosting services"),),
    ),
    (
        "The Hosting Providers (Nimbus Compute and Tessera Cloud) are not included in the scope "
        "of this report.",
        (Org("Nimbus Compute", None, "carve-out"), Org("Tessera Cloud", None, "carve-out")),
    ),
    # A later sentence names the role the list was given: its method is every member's.
    (
        "The platform runs on infrastructure operated by the Hosting Providers (Nimbus Compute "
        "and Tessera Cloud). Nimbus Compute hosts the application. The examination did not "
        "extend to controls at the Hosting Providers; the description covers Brightwell's own.",
        (Org("Nimbus Compute", None, "carve-out"), Org("Tessera Cloud", None, "carve-out")),
    ),
    (
        "Brightwell's data center providers (Larchmont Data and Fenwick Colo) supply space and "
        "power. The physical controls of the data center providers are carved out of this report.",
        (Org("Larchmont Data", None, "carve-out"), Org("Fenwick Colo", None, "carve-out")),
    ),
    (
        "Brightwell depends on its Cloud Vendors (Nimbus Compute and Tessera Cloud). The "
        "relevant controls of the cloud vendors are included in the scope of this examination "
        "using the inclusive method.",
        (Org("Nimbus Compute", None, "inclusive"), Org("Tessera Cloud", None, "inclusive")),
    ),
    # A one-word role ("providers") is too common to stand for the list.
    (
        "Brightwell relies on its providers (Nimbus Compute and Tessera Cloud). Brightwell "
        "monitors them. Services of the providers are carved out.",
        (Org("Nimbus Compute"), Org("Tessera Cloud")),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ELSEWHERE, ids=lambda v: str(v)[:70])
def test_subservice_sentences_outside_the_heading(
    text: str, expected: tuple[SubserviceOrganization, ...]
) -> None:
    document = build([f"## System Overview\n{text}\n\n## Other Heading\nMore text."])
    found, _ = read_subservice_organizations(document.pages)
    assert found == expected


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


def test_cuecs_printed_beside_the_controls_of_each_criterion() -> None:
    document = build(
        [
            "## CC2.3: The entity communicates with external parties.\n"
            "## Complementary User Entity Controls:\n"
            "• Customers are responsible for keeping their support contacts up to date.\n\n"
            "C2.02 Commitments are communicated to customers. Compliance\n",
            "## CC6.1: The entity implements logical access security software.\n"
            "## Complementary User Entity Controls\n"
            "- Customers are responsible for configuring single sign-on for their tenant, "
            "in line with their own policies, and for reviewing the tenant's administrators "
            "each quarter.\n"
            "- Customers are responsible for keeping their support contacts up to date.\n\n"
            "C6.01 Access requires a unique account. IT Security\n"
            "## CC6.2: Prior to issuing credentials, the entity registers users.\n"
            "C6.03 Access is approved. IT Security\n"
            "## Complementary User Entity Controls:\n"
            "• Customers are responsible for removing departed users.\n",
        ]
    )
    assert read_cuecs_beside_controls(document.pages) == (
        "Customers are responsible for keeping their support contacts up to date.",
        "Customers are responsible for configuring single sign-on for their tenant, in line "
        "with their own policies, and for reviewing the tenant's administrators each quarter.",
        "Customers are responsible for removing departed users.",
    )


def test_no_cuecs_beside_controls_without_their_heading() -> None:
    document = build(
        [
            "## CC6.1: The entity implements logical access security software.\n"
            "• Customers are responsible for configuring single sign-on.\n"
            "C6.01 Access requires a unique account. IT Security\n"
            "## Complementary Subservice Organization Controls\n"
            "• AWS is responsible for physical security.\n",
        ]
    )
    assert read_cuecs_beside_controls(document.pages) == ()


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
    ("number", "column", "expected"),
    [
        ("CUEC #", "Description", CUECS),
        ("CUEC No.", "Description", CUECS),
        ("CUEC Ref", "Control Description", CUECS),
    ],
    ids=str,
)
def test_a_cuec_table_numbered_by_cuec_with_a_description_column(
    number: str, column: str, expected: tuple[str, ...]
) -> None:
    rows = [
        line("Complementary User Entity Controls", 72, bold=True, size=11),
        line(INTRO, 90),
        line(number, 120, x0=72, size=8),
        line(column, 120, x0=150, size=8),
        line("Related Control(s)", 120, x0=470, size=8),
    ]
    y = 134.0
    for n, text in enumerate(CUECS, start=1):
        # A word broken at a hyphen over two lines of the cell is one word again.
        cut = text.index(" ", 40)
        first, rest = f"{text[:cut]} multi-", f"factor {text[cut:].strip()}"
        rows += [
            line(f"CUEC-{n}", y, x0=72, size=8),
            line(first, y, x0=150, size=8),
            line(rest, y + 10, x0=150, size=8),
            line("RES-3", y, x0=470, size=8),
        ]
        y += 24
    page = Page(number=1, width=612, height=792, lines=tuple(_merge_same_top(rows)))
    found, _ = read_cuecs([page])
    joined = tuple(
        f"{t[: t.index(' ', 40)]} multi-factor {t[t.index(' ', 40) :].strip()}" for t in expected
    )
    assert found == joined


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


# Fresh CUEC layouts: headings in other words and in capitals, items that run together with no
# marker and no gap, "none are required" in other words.
CUEC_HEADINGS = [
    "COMPLEMENTARY CONTROLS AT USER ENTITIES",
    "Complementary User Entity Control Considerations",
    "4.3 User Entity Responsibilities",
    "Controls Expected to Be Implemented by User Entities",
    "COMPLEMENTARY CUSTOMER CONTROLS",
]


@pytest.mark.parametrize("heading", CUEC_HEADINGS, ids=str)
def test_cuec_headings(heading: str) -> None:
    items = "\n".join(f"• {c}" for c in CUECS)
    document = build([f"## {heading}\n{INTRO}\n{items}\n\n## Next\nx."])
    assert read_cuecs(document.pages) == (CUECS, ())


def test_cuec_items_that_run_together_are_split_where_they_open_alike() -> None:
    run = " ".join(CUECS)
    document = build([f"## Complementary User Entity Controls\n{INTRO}\n{run}\n\n## Next\nx."])
    assert read_cuecs(document.pages) == (CUECS, ())


@pytest.mark.parametrize(
    "statement",
    [
        "None.",
        "No complementary user entity controls are required for the system.",
        "Brightwell does not require any complementary user entity controls.",
        "User entity controls are not required to achieve the service commitments.",
        "Management has considered the matter and none are required.",
    ],
    ids=str,
)
def test_none_required_in_other_words(statement: str) -> None:
    document = build([f"## Complementary User Entity Controls\n{statement}\n\n## Next\nx."])
    assert read_cuecs(document.pages) == ((), ())


NIMBUS = SubserviceOrganization("Nimbus Compute, Inc. (Nimbus)", "hosting", "carve-out")
TESSERA = SubserviceOrganization("Tessera Cloud", "backups", "carve-out")
CSOC_TEXTS = (
    "Nimbus is responsible for restricting physical access to its data centers (CC6.4).",
    "Nimbus is responsible for environmental protections at its data centers (A1.2).",
)


def test_csocs_are_their_own_list_with_organization_and_criteria() -> None:
    items = "\n".join(f"• {c}" for c in CSOC_TEXTS)
    cuecs = "\n".join(f"• {c}" for c in CUECS)
    document = build(
        [
            '## Subservice Organizations\nBrightwell uses Nimbus Compute, Inc. ("Nimbus"), a '
            "subservice organization, to provide hosting.\n"
            f"Complementary subservice organization controls expected at Nimbus:\n{items}\n\n"
            f"## Complementary User Entity Controls\n{INTRO}\n{cuecs}\n\n## Next\nx."
        ]
    )
    csocs = read_csocs(document.pages, None, (NIMBUS, TESSERA))
    assert [c.text for c in csocs] == list(CSOC_TEXTS)
    assert {c.subservice_organization for c in csocs} == {NIMBUS.name}
    assert [c.criteria for c in csocs] == [("CC6.4",), ("A1.2",)]
    assert all(c.evidence is not None and c.evidence.page == 1 for c in csocs)
    assert read_cuecs(document.pages) == (CUECS, ())


def test_csocs_under_their_own_heading_name_their_organization_each() -> None:
    document = build(
        [
            "## Complementary Subservice Organization Controls\n"
            "• Nimbus is responsible for restricting physical access (CC6.4).\n"
            "• Tessera Cloud is responsible for encrypting backup media (CC6.7, C1.1).\n\n"
            f"## Complementary User Entity Controls\n{INTRO}\n"
            + "\n".join(f"• {c}" for c in CUECS)
            + "\n\n## Next\nx."
        ]
    )
    csocs = read_csocs(document.pages, None, (NIMBUS, TESSERA))
    assert [(c.subservice_organization, c.criteria) for c in csocs] == [
        (NIMBUS.name, ("CC6.4",)),
        (TESSERA.name, ("CC6.7", "C1.1")),
    ]
    assert read_cuecs(document.pages) == (CUECS, ())


def test_cuecs_introduced_by_a_sentence_without_a_heading() -> None:
    items = "\n".join(f"• {c}" for c in CUECS)
    intro = (
        "User entities are expected to implement the following complementary user entity controls:"
    )
    document = build(
        [f"## System Overview\nBrightwell runs a platform.\n{intro}\n{items}\n\n## Next\nx."]
    )
    assert read_cuecs(document.pages) == (CUECS, ())


def test_a_csoc_introduction_gives_no_cuecs() -> None:
    items = "\n".join(f"• {c}" for c in CSOC_TEXTS)
    intro = "Complementary subservice organization controls expected at Nimbus:"
    document = build([f"## System Overview\n{intro}\n{items}\n\n## Next\nx."])
    cuecs, warnings = read_cuecs(document.pages)
    assert cuecs == ()
    assert warnings


# ------------------------------------------------------------ property: lists of several names

FIRST = ("Nimbus", "Larchmont", "Fenwick", "Quarry", "Tessera", "Ostrander", "Cobalt", "Pinegate")
SECOND = ("Compute", "Data", "Colo", "Networks", "Cloud", "Systems", "Identity", "Mail")
ENDING = ("", ", Inc.", " LLC", " Corporation", ", Ltd.", " Incorporated")


@st.composite
def organizations(draw: st.DrawFn) -> list[tuple[str, str]]:
    """1-4 distinct organizations: ``(name as printed, alias or "")``."""
    firsts = draw(st.lists(st.sampled_from(FIRST), min_size=1, max_size=4, unique=True))
    out = []
    for first in firsts:
        name = f"{first} {draw(st.sampled_from(SECOND))}{draw(st.sampled_from(ENDING))}"
        alias = draw(st.sampled_from(("", first)))
        out.append((name, alias))
    return out


def _listed(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


@settings(deadline=None)
@given(
    orgs=organizations(),
    quote=st.sampled_from(('"', "“")),
    verb=st.sampled_from(("uses", "utilizes", "relies on", "has engaged")),
    link=st.sampled_from(("to provide", "for")),
    method=st.sampled_from(("carve-out", "inclusive")),
)
def test_every_name_of_a_list_is_its_own_organization(
    orgs: list[tuple[str, str]], quote: str, verb: str, link: str, method: str
) -> None:
    close = "”" if quote == "“" else '"'
    printed = [f"{n} ({quote}{a}{close})" if a else n for n, a in orgs]
    role = "a subservice organization" if len(orgs) == 1 else "subservice organizations"
    text = (
        f"Brightwell {verb} {_listed(printed)}, {role}, {link} hosting services. "
        f"They are presented using the {method} method."
    )
    document = build([f"## Subservice Organizations\n{text}\n\n## Other Heading\nMore text."])
    found, warnings = read_subservice_organizations(document.pages)
    assert [f.name for f in found] == [f"{n} ({a})" if a else n for n, a in orgs]
    assert {f.method for f in found} == {method}
    assert warnings == ()


def _cuec_table_page(number: int, rows: list[tuple[str, str]], *, heading: bool) -> Page:
    lines = []
    y = 72.0
    if heading:
        lines += [line("COMPLEMENTARY CONTROLS AT USER ENTITIES", y, bold=True, size=11)]
        lines += [line(INTRO, y + 18)]
        y += 48
    lines += [
        line("#", y, x0=72, size=8),
        line("Complementary User Entity Control", y, x0=100, size=8),
    ]
    y += 14
    for n, text in rows:
        lines += [line(n, y, x0=72, size=8), line(text, y, x0=100, size=8)]
        y += 14
    return Page(number=number, width=612, height=792, lines=tuple(_merge_same_top(lines)))


def test_cuec_table_rows_continue_on_the_next_page_under_a_repeated_header() -> None:
    first = _cuec_table_page(1, [("1", CUECS[0]), ("2", CUECS[1])], heading=True)
    second = _cuec_table_page(2, [("3", CUECS[2])], heading=False)
    assert read_cuecs([first, second]) == (CUECS, ())


# ------------------------------------------------- headings where tables are set small

SMALL_TABLE = [
    (
        "CC6.4 Nimbus is responsible for restricting physical access to its data centers.",
        {"size": 8.5},
    )
] * 14

# (the line above, the line, its size, bold, read as a heading) on a page whose smaller
# table text makes the prose look large enough for a heading. The line above is prose (more
# words than a heading has) unless it is itself a heading's first line.
PROSE = "The platform that Brightwell runs for its customers is hosted on infrastructure"
CARRIED_ON = [
    (f"{PROSE} operated by the Hosting Providers (Nimbus and", "Tessera). Nimbus hosts it."),
    (f"{PROSE}; the examination did not extend to controls operated by", "Brightwell personnel."),
    (f"{PROSE} and supports the service commitments of", "Brightwell Analytics"),
]
HEADINGS_STILL = [
    # A sentence ended above, a bold line, or a heading wrapped over two lines.
    (f"{PROSE} in North America and Europe.", "Service Commitments", 10.0, False),
    (f"{PROSE} and the following were in scope for", "Subservice Organizations", 10.0, True),
    ("Complementary Subservice Organization Controls and", "User Entity Controls", 13.0, False),
]


@pytest.mark.parametrize(("above", "text"), CARRIED_ON, ids=[c[1] for c in CARRIED_ON])
def test_a_line_carrying_on_a_sentence_is_no_heading(above: str, text: str) -> None:
    lines = [*SMALL_TABLE, above, text]
    read = passages([page(1, lines)])
    assert not any(p.heading for p in read)
    assert read[-1].text == f"{above} {text}"


@pytest.mark.parametrize(
    ("above", "text", "size", "bold"), HEADINGS_STILL, ids=[c[1] for c in HEADINGS_STILL]
)
def test_headings_after_prose_or_a_heading_stay_headings(
    above: str, text: str, size: float, bold: bool
) -> None:
    lines = [*SMALL_TABLE, (above, {"size": size}), (text, {"size": size, "bold": bold})]
    read = passages([page(1, lines)])
    assert any(p.heading and p.text == text for p in read)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        (
            "Tessaro uses two subservice organisations, listed in Attachment C. Their controls "
            "are excluded from the description (carve-out method) and our work did not extend "
            "to them.",
            "carve-out",
        ),
        (
            "The description includes the relevant controls of the subservice organizations "
            "(inclusive method).",
            "inclusive",
        ),
        # Said of one, not of them together: the next sentence is too far.
        (
            "Acme uses subservice organizations. Acme monitors them yearly. Controls at AWS "
            "are carved out.",
            None,
        ),
        # Both methods said: neither is said of all.
        (
            "Acme uses two subservice organizations. AWS is carved out. Okta is presented using "
            "the inclusive method.",
            None,
        ),
        ("In our opinion, the description presents the system fairly.", None),
    ],
    ids=lambda v: str(v)[:50],
)
def test_a_method_said_of_the_subservice_organizations_together(
    text: str, method: str | None
) -> None:
    document = build([f"## Scope\n{text}\n\n## Other Heading\nMore text."])
    assert collective_method(document.pages) == method
