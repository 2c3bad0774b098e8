"""The demo's triwulan values and reporting calendar: illustrative and marked so, rolling up
exactly to the year values, with 2021 still 193 of 270 achieved."""

import datetime

import pytest

from indicators import achievement, completeness
from indicators.models import Indicator, QuarterlyRealization, Realization, ReportingDeadline


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


pytestmark = pytest.mark.django_db


def test_2021_stays_193_of_270_with_its_year_values_rolled_up(demo_plan):
    summary = Indicator.objects.achievement_summary(demo_plan, 2021)
    assert (summary.counts.achieved, summary.counts.total) == (193, 270)
    assert demo_plan.default_year() == 2021
    rolled = Realization.objects.filter(indicator__plan=demo_plan, source="quarters")
    assert rolled.filter(year=2021).count() > 250
    periods = {}
    for indicator_id, year, value in (
        QuarterlyRealization.objects.filter(indicator__plan=demo_plan)
        .order_by("indicator_id", "year", "quarter")
        .values_list("indicator_id", "year", "value")
    ):
        periods.setdefault((indicator_id, year), []).append(value)
    for realization in rolled.select_related("indicator"):
        values = periods[(realization.indicator_id, realization.year)]
        rule = achievement.yearly_value(values, realization.indicator.calculation_type)
        assert rule == realization.value, realization.indicator.code


def test_every_triwulan_value_says_it_is_illustrative(demo_plan):
    entries = QuarterlyRealization.objects.filter(indicator__plan=demo_plan)
    assert set(entries.values_list("year", flat=True)) == {2021}
    assert not Realization.objects.filter(indicator__plan=demo_plan, year=2022).exists()
    assert not entries.exclude(note__startswith="Ilustrasi").exists()
    # annual measurements (BPS) keep their year value entered directly
    direct = Realization.objects.filter(indicator__plan=demo_plan, year=2021, source="direct")
    assert direct.filter(indicator__data_source__contains="BPS").exists()
    assert not entries.filter(indicator__data_source__contains="BPS", year=2021).exists()


def test_the_demo_calendar_and_completeness(demo_plan):
    deadlines = ReportingDeadline.objects.filter(plan=demo_plan)
    assert deadlines.filter(year=2021).count() == 4
    assert deadlines.get(year=2021, quarter=4).due_date == datetime.date(2022, 1, 15)
    units = completeness.by_unit(demo_plan, 2021, today=datetime.date(2022, 2, 1))
    reported = sum(unit.quarter(1).reported for unit in units)
    total = sum(unit.total for unit in units)
    assert total == 287 and reported == 284  # three indicators have no 2021 value
    late = completeness.overdue_units(demo_plan, 2021, today=datetime.date(2022, 2, 1))
    assert sorted(unit.code for unit in late) == ["4.01.01", "5.01.01", "5.02.01"]
