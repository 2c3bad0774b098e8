"""Triwulan writes that race, on PostgreSQL with real concurrent transactions: the year value
rolled up afterwards counts every triwulan committed, and a racing year lock refuses cleanly."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from indicators import services
from indicators.models import QuarterlyRealization, Realization
from tests.factories import IndicatorFactory, PlanFactory
from tests.indicators.test_races import Writer, wait_until_waiting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="READ COMMITTED races are PostgreSQL's"
    ),
]


@pytest.fixture
def cumulative():
    plan = PlanFactory(is_active=True)
    return IndicatorFactory(
        program__objective__goal__mission__plan=plan, calculation_type="cumulative"
    )


@pytest.fixture
def planner():
    return get_user_model().objects.create_user("perencana.triwulan", is_superuser=True)


def record(indicator, quarter, value):
    return lambda: services.quarterly_realization_record(
        indicator=indicator, year=2021, quarter=quarter, value=Decimal(value)
    )


def test_triwulan_values_entered_at_once_all_count_in_the_year(cumulative):
    with transaction.atomic():
        record(cumulative, 1, 10)()
        writers = [Writer(record(cumulative, 2, 20)), Writer(record(cumulative, 3, 30))]
        for writer in writers:
            writer.start()
        wait_until_waiting(*writers)
    for writer in writers:
        writer.join(30)
        assert writer.error is None, repr(writer.error)
    assert QuarterlyRealization.objects.filter(indicator=cumulative).count() == 3
    assert Realization.objects.get(indicator=cumulative, year=2021).value == Decimal(60)


def test_a_triwulan_value_racing_a_year_lock_is_refused_and_writes_nothing(cumulative, planner):
    with transaction.atomic():
        services.year_lock(plan=cumulative.plan, year=2021, reason="Evaluasi", by=planner)
        writer = Writer(record(cumulative, 1, 10))
        writer.start()
        wait_until_waiting(writer)
    writer.join(30)
    assert isinstance(writer.error, ValidationError), repr(writer.error)
    assert not QuarterlyRealization.objects.exists()
    assert not Realization.objects.filter(indicator=cumulative).exists()
