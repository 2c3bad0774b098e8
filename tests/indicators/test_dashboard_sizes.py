"""The dashboard and the API without the demo data: no plan yet, and query counts at two sizes."""

import pytest

from indicators.models import Indicator
from tests.factories import (
    IndicatorFactory,
    PerangkatDaerahFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_without_a_plan_the_dashboard_says_so(client, planner):
    client.force_login(planner)
    assert "Belum ada rencana" in client.get("/").content.decode()


def test_without_a_plan_the_api_is_404_json(client, planner):
    client.force_login(planner)
    response = client.get("/api/v1/achievement", {"year": 2021})
    assert response.status_code == 404
    assert response.json()["error"]


def fill(plan, count):
    units = [PerangkatDaerahFactory(code=f"Z.{i:02d}.01") for i in range(4)]
    for number in range(count):
        program = (
            ProgramFactory(objective__goal__mission__plan=plan, perangkat_daerah=units[number % 4])
            if number < 4
            else Indicator.objects.filter(perangkat_daerah=units[number % 4]).first().program
        )
        indicator = IndicatorFactory(
            program=program, direction=["higher", "lower", "binary"][number % 3]
        )
        TargetFactory(indicator=indicator, value=1)
        if number % 5:
            RealizationFactory(indicator=indicator, value=number % 2)


@pytest.mark.parametrize("size", [4, 80])
def test_the_dashboard_and_api_query_count_does_not_grow(
    client, planner, plan, size, django_assert_num_queries
):
    fill(plan, size)
    client.force_login(planner)
    # session + user, plan, missions, the one counting query, awaiting verification, illustrative,
    # the year's reporting deadlines (none passed: no completeness query), the outlook's one query
    with django_assert_num_queries(9):
        assert client.get("/", {"year": 2021}).status_code == 200
    # session + user, plan, the one counting query
    with django_assert_num_queries(4):
        assert client.get("/api/v1/achievement", {"year": 2021}).json()["total"] == size


@pytest.mark.parametrize("size", [4, 80])
def test_late_units_cost_one_query_more_whatever_the_size(
    client, planner, plan, size, django_assert_num_queries
):
    import datetime

    from indicators.models import ReportingDeadline

    fill(plan, size)
    ReportingDeadline.objects.create(
        plan=plan, year=2021, quarter=1, due_date=datetime.date(2021, 4, 15)
    )
    client.force_login(planner)
    # as above, and the one grouped completeness query
    with django_assert_num_queries(10):
        response = client.get("/", {"year": 2021})
    assert 'class="late-units"' in response.content.decode()
