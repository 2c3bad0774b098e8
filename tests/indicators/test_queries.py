"""The counting query: the pure rules applied indicator by indicator, in a fixed number of queries."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.formats import capaian_shown
from indicators import achievement
from indicators.models import Indicator, Plan, Realization, Target
from tests.factories import (
    IndicatorFactory,
    ObjectiveFactory,
    PerangkatDaerahFactory,
    PlanFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

values = st.decimals(min_value=-1000, max_value=10000, places=2, allow_nan=False)
small = st.decimals(min_value=-5, max_value=20, places=1, allow_nan=False)


@st.composite
def indicator_years(draw):
    """One indicator's direction, target and realisation for a year (either may be missing)."""
    direction = draw(st.sampled_from(list(achievement.Direction)))
    number = small if draw(st.booleans()) else values
    if direction == achievement.Direction.RANGE:
        low, high = sorted([draw(number), draw(number)])
        target = achievement.Target(low=low, high=high)
    elif direction == achievement.Direction.BINARY:
        target = achievement.Target(value=Decimal(draw(st.sampled_from([0, 1]))))
    else:
        target = achievement.Target(value=draw(number))
    if direction == achievement.Direction.BINARY:
        realization = draw(st.sampled_from([None, Decimal(0), Decimal(1)]))
    else:
        realization = draw(st.one_of(st.none(), number, st.just(target.value or target.low)))
    if draw(st.integers(0, 9)) == 0:
        target = None
    return direction, target, realization, draw(st.integers(0, 2))


def store(plan, units, cases, year=2021):
    programs = [
        ProgramFactory(objective=ObjectiveFactory(goal__mission__plan=plan), perangkat_daerah=u)
        for u in units
    ]
    expected = []
    for number, (direction, target, realization, unit_index) in enumerate(cases):
        indicator = IndicatorFactory(
            program=programs[unit_index], code=f"X.{number:03d}", direction=direction
        )
        if target is not None:
            Target.objects.create(
                indicator=indicator, year=year, value=target.value, low=target.low, high=target.high
            )
        if realization is not None:
            Realization.objects.create(indicator=indicator, year=year, value=realization)
        result = achievement.evaluate(
            direction,
            target,
            realization,
            lower_formula=plan.lower_formula,
            threshold=plan.achievement_threshold,
        )
        expected.append((indicator.code, units[unit_index].code, result))
    return expected


def verdict(result):
    """What a reader sees of a result: status, band and capaian as shown."""
    return result.status, result.band, capaian_shown(result.capaian, threshold=result.threshold)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cases=st.lists(indicator_years(), min_size=1, max_size=12),
    lower_formula=st.sampled_from(list(achievement.LowerFormula)),
    threshold=st.sampled_from([Decimal(100), Decimal(90), Decimal("75.5")]),
)
def test_counts_equal_the_pure_rules_for_every_direction(cases, lower_formula, threshold):
    with transaction.atomic():
        plan = PlanFactory(lower_formula=lower_formula, achievement_threshold=threshold)
        units = [PerangkatDaerahFactory(code=f"Q.0{i}") for i in range(3)]
        expected = store(plan, units, cases)

        summary = Indicator.objects.achievement_summary(plan, 2021, with_rows=True)

        assert [(r.code, r.perangkat_daerah_code, verdict(r.result)) for r in summary.rows] == [
            (code, unit, verdict(result)) for code, unit, result in expected
        ]
        assert summary.bands == Counter(result.band for *_, result in expected if result.band)
        statuses = Counter(result.status.value for _, _, result in expected)
        assert summary.counts.as_dict() == {
            "total": len(expected),
            "achieved": statuses["achieved"],
            "not_achieved": statuses["not_achieved"],
            "no_data": statuses["no_data"],
        }
        for unit in summary.by_perangkat_daerah:
            mine = Counter(r.status.value for _, code, r in expected if code == unit.code)
            assert (unit.total, unit.achieved, unit.not_achieved, unit.no_data) == (
                sum(mine.values()),
                mine["achieved"],
                mine["not_achieved"],
                mine["no_data"],
            )
        transaction.set_rollback(True)


def test_each_direction_is_counted_by_its_own_rule(plan):
    unit = PerangkatDaerahFactory(code="1.02.01")
    cases = [
        ("higher", achievement.Target(value=Decimal(100)), Decimal(100)),  # achieved
        ("higher", achievement.Target(value=Decimal(100)), Decimal("99.99")),  # not
        ("lower", achievement.Target(value=Decimal(10)), Decimal(10)),  # achieved
        ("lower", achievement.Target(value=Decimal(10)), Decimal(11)),  # not
        ("lower", achievement.Target(value=Decimal(0)), Decimal(0)),  # zero cases: achieved
        ("range", achievement.Target(low=Decimal(2), high=Decimal(4)), Decimal(4)),  # achieved
        ("range", achievement.Target(low=Decimal(2), high=Decimal(4)), Decimal("4.1")),  # not
        ("binary", achievement.Target(value=Decimal(1)), Decimal(1)),  # achieved
        ("binary", achievement.Target(value=Decimal(1)), Decimal(0)),  # not
        ("higher", achievement.Target(value=Decimal(5)), None),  # no data
    ]
    store(plan, [unit], [(d, t, r, 0) for d, t, r in cases])
    summary = Indicator.objects.achievement_summary(plan, 2021)
    assert summary.counts.as_dict() == {"total": 10, "achieved": 5, "not_achieved": 4, "no_data": 1}
    assert [pd.as_dict() for pd in summary.by_perangkat_daerah] == [
        {
            "code": "1.02.01",
            "name": unit.name,
            "total": 10,
            "achieved": 5,
            "not_achieved": 4,
            "no_data": 1,
        }
    ]


def test_the_plans_lower_formula_is_used(plan):
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan, direction="lower")
    TargetFactory(indicator=indicator, value=Decimal(10))
    RealizationFactory(indicator=indicator, value=Decimal(8))
    [row] = Indicator.objects.achievements(plan, 2021)
    assert row.result.capaian == Decimal(120)
    plan.lower_formula = Plan.LowerFormula.RATIO
    [row] = Indicator.objects.achievements(plan, 2021)
    assert row.result.capaian == Decimal(125)


def test_only_the_plan_year_and_level_asked_for_are_counted(plan):
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan)
    TargetFactory(indicator=indicator, year=2021)
    RealizationFactory(indicator=indicator, year=2020, value=Decimal(500))
    objective = indicator.program.objective
    sasaran = IndicatorFactory(
        level="sasaran",
        program=None,
        objective=objective,
        plan=plan,
        perangkat_daerah=indicator.perangkat_daerah,
    )
    TargetFactory(indicator=sasaran, year=2021)
    RealizationFactory(indicator=sasaran, year=2021)
    IndicatorFactory()  # another plan

    program_2021 = Indicator.objects.achievement_summary(plan, 2021)
    assert program_2021.counts.as_dict() == {
        "total": 1,
        "achieved": 0,
        "not_achieved": 0,
        "no_data": 1,
    }
    sasaran_2021 = Indicator.objects.achievement_summary(plan, 2021, level="sasaran")
    assert sasaran_2021.counts.as_dict() == {
        "total": 1,
        "achieved": 1,
        "not_achieved": 0,
        "no_data": 0,
    }


def test_a_perangkat_daerah_filter_narrows_every_number(plan):
    units = [PerangkatDaerahFactory(code=c) for c in ("1.01.01", "1.02.01")]
    store(
        plan,
        units,
        [("higher", achievement.Target(value=Decimal(1)), Decimal(1), i % 2) for i in range(5)],
    )
    summary = Indicator.objects.achievement_summary(plan, 2021, perangkat_daerah=units[1])
    assert summary.counts.total == 2
    assert [pd.code for pd in summary.by_perangkat_daerah] == ["1.02.01"]


@pytest.mark.parametrize("size", [3, 60])
def test_the_query_count_does_not_grow_with_the_data(plan, size, django_assert_num_queries):
    units = [PerangkatDaerahFactory(code=f"2.{i:02d}.01") for i in range(3)]
    store(
        plan,
        units,
        [("higher", achievement.Target(value=Decimal(10)), Decimal(i), i % 3) for i in range(size)],
    )
    with django_assert_num_queries(1):
        summary = Indicator.objects.achievement_summary(plan, 2021)
    assert summary.counts.total == size


def test_the_active_plan_is_the_marked_one_else_the_latest():
    assert Plan.objects.active() is None
    older = PlanFactory(start_year=2013, end_year=2018)
    newer = PlanFactory(start_year=2018, end_year=2023)
    assert Plan.objects.active() == newer
    older.is_active = True
    older.save()
    assert Plan.objects.active() == older


@pytest.fixture
def three_years(plan):
    """Indicators with values in 2019–2021 (some verified), of two levels."""
    unit = PerangkatDaerahFactory(code="3.01.01")
    program = ProgramFactory(objective__goal__mission__plan=plan, perangkat_daerah=unit)
    cases = [
        ("higher", {"value": Decimal(10)}, [Decimal(12), Decimal(9), None]),
        ("lower", {"value": Decimal(10)}, [Decimal(8), Decimal(11), Decimal(10)]),
        ("range", {"low": Decimal(2), "high": Decimal(4)}, [Decimal(3), Decimal(5), Decimal(1)]),
        ("binary", {"value": Decimal(1)}, [Decimal(1), Decimal(0), Decimal(1)]),
        (
            "higher",
            {"low": Decimal("69.1"), "high": Decimal("69.5")},
            [Decimal("69.2"), None, None],
        ),
    ]
    for number, (direction, target, values) in enumerate(cases):
        indicator = IndicatorFactory(program=program, direction=direction, code=f"Y.{number}")
        for year, value in zip((2019, 2020, 2021), values, strict=True):
            Target.objects.create(indicator=indicator, year=year, **target)
            if value is not None:
                status = "verified" if number % 2 else "draft"
                Realization.objects.create(
                    indicator=indicator, year=year, value=value, status=status
                )
    IndicatorFactory(
        level="sasaran",
        program=None,
        objective=program.objective,
        plan=plan,
        perangkat_daerah=unit,
    )
    return plan


@pytest.mark.parametrize("verified_only", [False, True])
def test_yearly_counts_equal_each_years_summary(
    three_years, verified_only, django_assert_num_queries
):
    plan = three_years
    with django_assert_num_queries(1):
        yearly = Indicator.objects.yearly_counts(plan, verified_only=verified_only)
    assert sorted(yearly) == list(plan.years)
    for year in plan.years:
        summary = Indicator.objects.achievement_summary(plan, year, verified_only=verified_only)
        assert yearly[year].as_dict() == summary.counts.as_dict(), year
    assert yearly[2019].as_dict() == (
        {"total": 5, "achieved": 2, "not_achieved": 0, "no_data": 3}
        if verified_only
        else {"total": 5, "achieved": 5, "not_achieved": 0, "no_data": 0}
    )


def test_over_years_equals_each_years_rows_in_one_query(three_years, django_assert_num_queries):
    plan = three_years
    indicators = Indicator.objects.filter(plan=plan, level="program")
    with django_assert_num_queries(1):
        by_indicator = indicators.over_years(plan)
    for year_index, year in enumerate(plan.years):
        for row in indicators.achievements(plan, year):
            same = by_indicator[row.id][year_index]
            assert (same.year, same.target, same.realization) == (year, row.target, row.realization)
            assert verdict(same.result) == verdict(row.result)


def test_yearly_counts_without_any_target_are_all_no_data(plan):
    IndicatorFactory(program__objective__goal__mission__plan=plan)
    IndicatorFactory(program__objective__goal__mission__plan=plan)
    yearly = Indicator.objects.yearly_counts(plan)
    assert {year: c.as_dict() for year, c in yearly.items()} == {
        year: {"total": 2, "achieved": 0, "not_achieved": 0, "no_data": 2} for year in plan.years
    }
