"""The outlook on an indicator page and on the dashboard, on small plans made here."""

from decimal import Decimal

import pytest

from tests.factories import IndicatorFactory, ProgramFactory, RealizationFactory, TargetFactory


def make(plan, *, baseline, final, values, direction="higher", program=None, code=None):
    program = program or ProgramFactory(objective__goal__mission__plan=plan)
    indicator = IndicatorFactory(
        program=program,
        direction=direction,
        baseline=Decimal(baseline),
        final_target=Decimal(final),
        **({"code": code} if code else {}),
    )
    for year, value in values.items():
        TargetFactory(indicator=indicator, year=year, value=Decimal(final))
        RealizationFactory(indicator=indicator, year=year, value=Decimal(value))
    return indicator


def test_an_indicator_page_reads_each_status_in_indonesian(client, planner, plan):
    client.force_login(planner)
    cases = {
        "tercapai": {2021: 210},
        "akan tercapai": {2021: 160},
        "perlu usaha keras": {2021: 120},
        "memburuk": {2021: 90},
        "belum ada data": {},
    }
    for label, values in cases.items():
        indicator = make(plan, baseline=100, final=200, values=values)
        html = client.get(f"/indikator/{indicator.code}/").content.decode()
        outlook_part = html.split('id="outlook"')[1].split("</dd>")[0]
        assert label in outlook_part, label


@pytest.mark.parametrize("size", [3, 30])
def test_the_outlook_adds_one_query_to_the_dashboard_whatever_the_size(
    client, planner, plan, size, django_assert_num_queries
):
    program = ProgramFactory(objective__goal__mission__plan=plan)
    for number in range(size):
        make(plan, baseline=100, final=200, values={2019: 110, 2021: 100 + number}, program=program)
    client.force_login(planner)
    # the dashboard's queries (tests/indicators/test_dashboard_sizes.py), the outlook's among them
    with django_assert_num_queries(9):
        response = client.get("/", {"year": 2021})
    assert response.context["outlooks"].counts.total == size
