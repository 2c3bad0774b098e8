"""Statements compiled once (core.statements): the same rows as the ORM's, read afresh each time."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from core import statements
from indicators.models import Indicator, Realization
from tests.factories import IndicatorFactory, PlanFactory, RealizationFactory

pytestmark = pytest.mark.django_db


def per_indicator(plan):
    return (
        Realization.objects.filter(indicator__plan=plan)
        .values_list("indicator__code")
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by("indicator__code")
        .values_list("indicator__code", "total", "count")
    )


def test_rows_equal_the_querysets_with_its_types():
    plan = PlanFactory()
    RealizationFactory(
        indicator=IndicatorFactory(program__objective__goal__mission__plan=plan, code="A"),
        value=Decimal("12.5"),
    )
    RealizationFactory(
        indicator=IndicatorFactory(program__objective__goal__mission__plan=plan, code="B"),
        value=Decimal("0.0001"),
    )
    key = ("test.per_indicator", plan.pk)
    rows = statements.rows(Realization, key, lambda: per_indicator(plan))
    assert (
        rows
        == list(per_indicator(plan))
        == [("A", Decimal("12.5"), 1), ("B", Decimal("0.0001"), 1)]
    )
    assert all(isinstance(total, Decimal) for _code, total, _count in rows)


def test_each_call_reads_the_database_again_without_building_the_queryset():
    plan = PlanFactory()
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan, code="A")
    key = ("test.per_indicator.fresh", plan.pk)
    built = []

    def build():
        built.append(1)
        return per_indicator(plan)

    assert statements.rows(Realization, key, build) == []
    RealizationFactory(indicator=indicator, value=Decimal(7))
    with CaptureQueriesContext(connection) as queries:
        assert statements.rows(Realization, key, build) == [("A", Decimal(7), 1)]
    assert len(queries) == 1
    assert len(built) == 1  # compiled the first time only


def test_a_key_names_what_the_sql_depends_on():
    first, second = PlanFactory(), PlanFactory()
    RealizationFactory(
        indicator=IndicatorFactory(program__objective__goal__mission__plan=first, code="A")
    )
    RealizationFactory(
        indicator=IndicatorFactory(program__objective__goal__mission__plan=second, code="B")
    )
    for plan, code in ((first, "A"), (second, "B")):
        rows = statements.rows(
            Realization, ("test.per_plan", plan.pk), lambda p=plan: per_indicator(p)
        )
        assert [row[0] for row in rows] == [code]


def test_a_query_that_can_match_nothing_gives_no_rows():
    rows = statements.rows(
        Indicator, ("test.nothing",), lambda: Indicator.objects.filter(pk__in=[]).values_list("pk")
    )
    assert rows == []


def test_the_shape_of_a_queryset_follows_its_filters():
    plan = PlanFactory()
    everything = Indicator.objects.all()
    assert statements.shape(everything) == statements.shape(Indicator.objects.all())
    assert statements.shape(everything) != statements.shape(everything.filter(plan=plan))
    assert statements.shape(everything.filter(pk__in=[])) == ("nothing",)


def test_the_managers_own_queryset_is_known_without_compiling_and_nothing_else_is():
    from tests.factories import IndicatorFactory

    plan = PlanFactory()
    mine = IndicatorFactory(program__objective__goal__mission__plan=plan)
    IndicatorFactory(program__objective__goal__mission__plan=plan)  # another unit's
    unit = mine.perangkat_daerah
    every = statements.shape(Indicator.objects.all())
    assert every == ("every row",) == statements.shape(Indicator.objects.get_queryset())
    chained = [
        Indicator.objects.filter(plan=plan),
        Indicator.objects.all().exclude(code="X"),
        Indicator.objects.all().order_by("code"),
        Indicator.objects.all()[:5],
        Indicator.objects.all().distinct(),
        unit.indicators.all(),
    ]
    shapes = [statements.shape(queryset) for queryset in chained]
    assert every not in shapes and len(set(shapes)) == len(shapes)
    # The unit's related manager counts the unit's indicators only, the model's manager all.
    year = plan.start_year + 1
    assert unit.indicators.achievement_summary(plan, year).counts.total == 1
    assert Indicator.objects.achievement_summary(plan, year).counts.total == 2


def test_a_changed_threshold_changes_the_summary_at_once():
    """The summary's SQL holds the plan's rule (threshold, lower formula): its key must too."""
    plan = PlanFactory(achievement_threshold=Decimal(100))
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan)
    indicator.targets.create(year=2021, value=Decimal(100))
    RealizationFactory(indicator=indicator, value=Decimal(95))
    assert Indicator.objects.achievement_summary(plan, 2021).counts.achieved == 0
    plan.achievement_threshold = Decimal(90)
    plan.save()
    assert Indicator.objects.achievement_summary(plan, 2021).counts.achieved == 1


def test_old_statements_make_way_for_new_ones(monkeypatch):
    monkeypatch.setattr(statements, "KEPT", 2)
    statements.forget()
    for number in range(4):
        statements.rows(
            Indicator, ("test.kept", number), lambda: Indicator.objects.values_list("pk")
        )
    assert statements.kept() == 2
    # The one used last stays; the other makes way for a new one.
    built = []
    statements.rows(Indicator, ("test.kept", 2), lambda: Indicator.objects.values_list("pk"))
    statements.rows(Indicator, ("test.kept", 4), lambda: Indicator.objects.values_list("pk"))
    statements.rows(
        Indicator, ("test.kept", 2), lambda: built.append(2) or Indicator.objects.values_list("pk")
    )
    assert built == []
    statements.rows(
        Indicator, ("test.kept", 3), lambda: built.append(3) or Indicator.objects.values_list("pk")
    )
    assert built == [3]
