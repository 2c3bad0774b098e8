"""Triwulan realisations through the services: the year value rolls up by the indicator's
calculation type, a year value entered directly wins (and says so), locks and roles hold."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import services
from indicators.models import Indicator, QuarterlyRealization, Realization
from tests.factories import IndicatorFactory, PerangkatDaerahFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(db):
    return PerangkatDaerahFactory(code="1.02.01", name="Dinas Kesehatan")


def make_indicator(plan, unit, calculation_type, code="IP.100"):
    return IndicatorFactory(
        program__objective__goal__mission__plan=plan,
        program__perangkat_daerah=unit,
        code=code,
        calculation_type=calculation_type,
    )


def record_quarters(indicator, values, year=2021, **kwargs):
    entry = None
    for quarter, value in enumerate(values, start=1):
        if value is not None:
            entry = services.quarterly_realization_record(
                indicator=indicator, year=year, quarter=quarter, value=Decimal(value), **kwargs
            )
    return entry


@pytest.mark.parametrize(
    ("calculation_type", "values", "year_value"),
    [
        (Indicator.CalculationType.CUMULATIVE, ["10", "20", "30", "40"], Decimal(100)),
        (Indicator.CalculationType.LAST, ["10", "20", "35", "30"], Decimal(30)),
        (Indicator.CalculationType.AVERAGE, ["10", "20", "30", "40"], Decimal(25)),
        (Indicator.CalculationType.CUMULATIVE, ["10", "20", None, None], Decimal(30)),
        (Indicator.CalculationType.LAST, ["10", "20", None, None], Decimal(20)),
        (Indicator.CalculationType.AVERAGE, ["1", "2", "2", None], Decimal("1.6667")),
    ],
)
def test_the_year_value_rolls_up_by_the_calculation_type(
    plan, unit, calculation_type, values, year_value
):
    indicator = make_indicator(plan, unit, calculation_type)
    entry = record_quarters(indicator, values)
    year = Realization.objects.get(indicator=indicator, year=2021)
    assert year.value == year_value
    assert year.source == Realization.Source.QUARTERS
    assert entry.year_realization == year
    assert year.history.count() >= 1


def test_a_changed_triwulan_value_changes_the_year_and_sends_it_back_to_draft(plan, unit, planner):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10", "20"])
    year = Realization.objects.get(indicator=indicator, year=2021)
    services.realization_submit(year, by=planner)
    services.realization_verify(year, by=planner)
    services.quarterly_realization_record(
        indicator=indicator, year=2021, quarter=2, value=Decimal(25), by=planner
    )
    year.refresh_from_db()
    assert year.value == Decimal(35)
    assert year.status == Realization.Status.DRAFT
    assert QuarterlyRealization.history.filter(quarter=2).count() == 2


def test_a_year_value_entered_directly_wins_over_the_roll_up(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    services.realization_record(indicator=indicator, year=2021, value=Decimal(73))
    record_quarters(indicator, ["10", "20"])
    year = Realization.objects.get(indicator=indicator, year=2021)
    assert (year.value, year.source) == (Decimal(73), Realization.Source.DIRECT)
    assert services.quarterly_roll_up_value(indicator, 2021) == Decimal(30)
    services.realization_use_quarters(indicator=indicator, year=2021)
    year.refresh_from_db()
    assert (year.value, year.source) == (Decimal(30), Realization.Source.QUARTERS)


def test_typing_a_year_value_over_a_roll_up_makes_it_direct(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10", "20"])
    services.realization_record(indicator=indicator, year=2021, value=Decimal(31))
    year = Realization.objects.get(indicator=indicator, year=2021)
    assert (year.value, year.source) == (Decimal(31), Realization.Source.DIRECT)
    record_quarters(indicator, [None, None, "5"])
    year.refresh_from_db()
    assert year.value == Decimal(31)


def test_admin_form_save_keeps_one_year_value(plan, unit, planner):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10", "20"])
    year = Realization.objects.get(indicator=indicator, year=2021)
    year.value = Decimal(50)
    services.save_yearly_value(year, by=planner)
    year.refresh_from_db()
    assert (year.value, year.source) == (Decimal(50), Realization.Source.DIRECT)
    year.source = Realization.Source.QUARTERS
    services.save_yearly_value(year, by=planner)
    year.refresh_from_db()
    assert (year.value, year.source) == (Decimal(30), Realization.Source.QUARTERS)


def test_deleting_the_last_triwulan_value_deletes_the_rolled_up_year(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10", "20"])
    for entry in QuarterlyRealization.objects.filter(indicator=indicator).order_by("quarter"):
        services.quarterly_realization_delete(entry)
    assert not Realization.objects.filter(indicator=indicator, year=2021).exists()


def test_a_locked_year_refuses_triwulan_values(plan, unit, planner):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10"])
    services.year_lock(plan=plan, year=2021, reason="Evaluasi selesai", by=planner)
    with pytest.raises(ValidationError) as refused:
        record_quarters(indicator, [None, "20"])
    assert "year_locked" in str(refused.value.error_dict["__all__"][0].code)
    with pytest.raises(ValidationError) as refused:
        services.quarterly_realization_delete(QuarterlyRealization.objects.get())
    assert refused.value.code == "year_locked"
    # an unchanged value passes
    record_quarters(indicator, ["10"])
    assert Realization.objects.get(indicator=indicator).value == Decimal(10)


def test_a_year_outside_the_period_and_a_bad_binary_value_are_refused(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.LAST)
    with pytest.raises(ValidationError):
        record_quarters(indicator, ["10"], year=2030)
    indicator.direction = Indicator.Direction.BINARY
    indicator.save()
    with pytest.raises(ValidationError):
        record_quarters(indicator, ["2"])
    assert not QuarterlyRealization.objects.exists()


def test_only_the_units_operator_may_enter_its_triwulan_values(plan, unit):
    from django.contrib.auth.models import Group

    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    other = get_user_model().objects.create_user("operator.lain", password="rahasia-uji-123")
    other.groups.add(Group.objects.get(name="Operator perangkat daerah"))
    PerangkatDaerahFactory(code="2.01.01").operators.add(other)
    with pytest.raises(PermissionDenied):
        record_quarters(indicator, ["10"], by=other, check_role=True)
    unit.operators.add(other)
    other = get_user_model().objects.get(pk=other.pk)
    record_quarters(indicator, ["10"], by=other, check_role=True)
    assert QuarterlyRealization.objects.get().history.first().history_user == other


def test_a_stale_triwulan_form_is_refused(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    entry = record_quarters(indicator, ["10"])
    opened = services.realization_version(entry)
    record_quarters(indicator, ["11"])
    with pytest.raises(services.StaleEdit):
        services.quarterly_realization_record(
            indicator=indicator, year=2021, quarter=1, value=Decimal(12), expected_version=opened
        )


def test_the_calculation_type_cannot_change_under_triwulan_values(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10"])
    indicator.calculation_type = Indicator.CalculationType.AVERAGE
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "calculation_type" in refused.value.error_dict


def test_a_triwulan_value_is_submitted_verified_and_returned_like_a_year_value(plan, unit, planner):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    entry = record_quarters(indicator, ["10"])
    services.realization_submit(entry, by=planner)
    verified = services.realization_verify(entry, by=planner)
    assert (verified.status, verified.verified_value) == ("verified", Decimal(10))
    entry = record_quarters(indicator, [None, "5"])
    services.realization_submit(entry, by=planner)
    returned = services.realization_return(entry, by=planner, reason="Bukti belum ada")
    assert returned.status == "returned"
    assert QuarterlyRealization.objects.get(quarter=1).status == "verified"


def test_deleting_a_year_value_never_leaves_triwulan_values_without_their_year(plan, unit):
    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    record_quarters(indicator, ["10", "20"])
    rolled = Realization.objects.get(indicator=indicator, year=2021)
    with pytest.raises(ValidationError):
        services.yearly_value_delete(rolled)
    services.realization_record(indicator=indicator, year=2021, value=Decimal(99))
    services.yearly_value_delete(Realization.objects.get(indicator=indicator, year=2021))
    year = Realization.objects.get(indicator=indicator, year=2021)
    assert (year.value, year.source) == (Decimal(30), Realization.Source.QUARTERS)


def test_the_admin_refuses_a_roll_up_without_triwulan_values(client, plan, unit, planner):
    from django.urls import reverse

    from tests.indicators.test_admin import form_data

    indicator = make_indicator(plan, unit, Indicator.CalculationType.CUMULATIVE)
    year = services.realization_record(indicator=indicator, year=2021, value=Decimal(5))
    client.force_login(planner)
    url = reverse("admin:indicators_realization_change", args=[year.pk])
    data = form_data(client.get(url))
    data.pop("evidence", None)
    data["source"] = "quarters"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Belum ada realisasi triwulan" in response.content.decode()
    record_quarters(indicator, ["2", "2"])
    assert client.post(url, data).status_code == 302
    year.refresh_from_db()
    assert (year.value, year.source) == (Decimal(4), "quarters")
