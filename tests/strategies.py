"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from soc2parse import (
    Category,
    ControlException,
    ControlTest,
    Evidence,
    Framework,
    Opinion,
    OpinionKind,
    Period,
    Report,
    ReportType,
    SampleRatio,
    Section,
    SectionKind,
    SubserviceOrganization,
)

texts = st.text(max_size=40)
short_texts = st.text(max_size=12)
pages = st.integers(min_value=1, max_value=500)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
criteria = st.tuples(*[st.sampled_from(["CC6.1", "CC8.1", "A1.2", "C1.1", "PI1.3", "P4.2"])] * 2)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    end = draw(dates)
    if draw(st.booleans()):
        return Period(None, end)
    return Period(end - timedelta(days=draw(st.integers(0, 800))), end)


@st.composite
def ratios(draw: st.DrawFn) -> SampleRatio:
    total = draw(st.integers(1, 5000))
    return SampleRatio(draw(st.integers(0, total)), total, draw(short_texts))


evidence = st.builds(Evidence, page=pages, text=texts)
opinions = st.builds(
    Opinion,
    kind=st.sampled_from(OpinionKind),
    basis=st.none() | texts,
    evidence=st.none() | evidence,
)
controls = st.builds(
    ControlTest,
    control_id=short_texts,
    criteria=criteria,
    description=texts,
    tests=texts,
    result=texts,
    has_exception=st.booleans(),
    pages=st.tuples(pages),
)
exceptions = st.builds(
    ControlException,
    control_id=short_texts,
    criteria=criteria,
    description=texts,
    finding=texts,
    ratios=st.lists(ratios(), max_size=3).map(tuple),
    management_response=st.none() | texts,
    evidence=evidence,
)


@st.composite
def sections(draw: st.DrawFn) -> Section:
    first = draw(pages)
    return Section(
        kind=draw(st.sampled_from(SectionKind)),
        title=draw(texts),
        first_page=first,
        last_page=first + draw(st.integers(0, 50)),
    )


reports = st.builds(
    Report,
    source=st.none() | texts,
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    page_count=st.integers(1, 500),
    framework=st.sampled_from(Framework),
    report_type=st.sampled_from(ReportType),
    service_organization=st.none() | texts,
    service_auditor=st.none() | texts,
    period=st.none() | periods(),
    report_date=st.none() | dates,
    categories=st.lists(st.sampled_from(Category), unique=True).map(tuple),
    opinion=opinions,
    controls=st.lists(controls, max_size=3).map(tuple),
    exceptions=st.lists(exceptions, max_size=3).map(tuple),
    subservice_organizations=st.lists(
        st.builds(
            SubserviceOrganization,
            name=texts,
            services=st.none() | texts,
            method=st.sampled_from([None, "carve-out", "inclusive"]),
        ),
        max_size=3,
    ).map(tuple),
    cuecs=st.lists(texts, max_size=3).map(tuple),
    sections=st.lists(sections(), max_size=4).map(tuple),
    warnings=st.lists(texts, max_size=3).map(tuple),
)
