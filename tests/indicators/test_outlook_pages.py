"""The outlook on the pages: the indicator page, the dashboard's counts per perangkat daerah and
misi with its at-risk list, all from one query whatever the data size."""

import pytest

from indicators.models import Indicator
from indicators.outlook import OutlookStatus


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


class TestOnTheDemo:
    def test_the_dashboard_counts_the_outlook_and_lists_the_indicators_at_risk(
        self, client, planner, demo_plan
    ):
        client.force_login(planner)
        response = client.get("/", {"year": 2021})
        outlooks = response.context["outlooks"]
        rows = Indicator.objects.filter(level="program").outlooks(demo_plan, 2021)
        assert outlooks.counts.total == 270 == len(rows)
        expected = {status: sum(r.status is status for r in rows) for status in OutlookStatus}
        assert {s: outlooks.counts.count(s) for s in OutlookStatus} == expected
        assert sum(unit.total for unit in outlooks.by_perangkat_daerah) == 270
        assert sum(group.total for group in outlooks.by_mission) == 270
        at_risk = outlooks.at_risk
        assert len(at_risk) == expected["needs_effort"] + expected["worsening"] > 0
        html = response.content.decode()
        assert 'id="at-risk-table"' in html
        for row in at_risk[:5]:
            assert f"/indikator/{row.code}/?year=2021" in html
        assert "perlu usaha keras" in html and "akan tercapai" in html

    def test_the_indicator_page_shows_the_same_outlook(self, client, planner, demo_plan):
        client.force_login(planner)
        response = client.get("/", {"year": 2021})
        row = response.context["outlooks"].at_risk[0]
        page = client.get(f"/indikator/{row.code}/", {"year": 2021})
        assert page.context["outlook"].status is row.status
        assert 'id="outlook"' in page.content.decode()


@pytest.mark.parametrize("level", [choice for choice, _label in Indicator.Level.choices])
def test_at_each_level_the_outlook_finds_every_indicators_misi_by_that_levels_way(
    demo_plan, level, django_assert_num_queries
):
    indicators = Indicator.objects.filter(plan=demo_plan, level=level)
    expected = {}
    for indicator in indicators.select_related(
        "program__objective__goal", "objective__goal", "goal"
    ):
        objective = indicator.program.objective if indicator.program else indicator.objective
        goal = objective.goal if objective else indicator.goal
        expected[indicator.code] = goal.mission_id
    assert expected and None not in expected.values()
    with django_assert_num_queries(1):
        one_way = indicators.outlooks(demo_plan, 2021, level=level)
    any_way = indicators.outlooks(demo_plan, 2021)
    assert {row.code: row.mission_id for row in one_way} == expected
    assert [(row.code, row.mission_id, row.status) for row in any_way] == [
        (row.code, row.mission_id, row.status) for row in one_way
    ]
