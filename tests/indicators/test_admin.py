"""The admin as planning staff use it: find an indicator, read its five years, change a value."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Realization
from tests.factories import IndicatorFactory, RealizationFactory, TargetFactory

pytestmark = pytest.mark.django_db

INDICATOR_MODELS = [m for m in admin.site._registry if m._meta.app_label == "indicators"]


@pytest.fixture
def indicator(plan):
    indicator = IndicatorFactory(
        program__objective__goal__mission__plan=plan, code="IP.001", name="Cakupan imunisasi"
    )
    for year in range(2019, 2024):
        TargetFactory(indicator=indicator, year=year, value=Decimal(100))
    for year, value in [(2019, 95), (2020, 80), (2021, 101)]:
        RealizationFactory(indicator=indicator, year=year, value=Decimal(value))
    return indicator


def form_data(response):
    """The POST data the change page would send back unchanged (main form and inlines)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize("model", INDICATOR_MODELS, ids=lambda m: m._meta.model_name)
def test_every_model_has_a_list_an_add_page_and_refuses_strangers(client, planner, outsider, model):
    url = reverse(f"admin:indicators_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 302  # not staff: to the login page
    client.force_login(planner)
    assert client.get(url).status_code == 200
    add = reverse(f"admin:indicators_{model._meta.model_name}_add")
    # import batches are made by imports only, reminders by send_reminders only
    expected = 403 if model._meta.model_name in ("importbatch", "remindersent") else 200
    assert client.get(add).status_code == expected


def test_a_planner_finds_an_indicator_by_code(client, planner, indicator):
    IndicatorFactory(program=indicator.program, code="IP.002", name="Angka kematian bayi")
    client.force_login(planner)
    response = client.get(reverse("admin:indicators_indicator_changelist"), {"q": "IP.001"})
    assert list(response.context["cl"].result_list) == [indicator]


def test_the_list_shows_the_years_achievement_and_filters_by_status(client, planner, indicator):
    missed = IndicatorFactory(program=indicator.program, code="IP.002")
    TargetFactory(indicator=missed, year=2021, value=Decimal(100))
    RealizationFactory(indicator=missed, year=2021, value=Decimal(50))
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_changelist")

    response = client.get(url, {"tahun": "2021"})
    content = response.content.decode()
    assert "101,00%" in content and "50,00%" in content

    achieved = client.get(url, {"tahun": "2021", "status": "achieved"})
    assert list(achieved.context["cl"].result_list) == [indicator]
    not_achieved = client.get(url, {"tahun": "2020", "status": "not_achieved"})
    assert list(not_achieved.context["cl"].result_list) == [indicator]  # 80 of 100 in 2020
    no_data = client.get(url, {"tahun": "2020", "status": "no_data"})
    assert list(no_data.context["cl"].result_list) == [missed]


@pytest.mark.parametrize("status", ["achieved", "not_achieved", "no_data"])
def test_the_status_filter_is_one_query_whatever_the_number_of_indicators(
    client, planner, indicator, status
):
    """The database judges the rows in the list's own query: no list of ids, no extra query
    per indicator, and the same number of queries for 2 indicators as for 42."""
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_changelist")

    def read():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"tahun": "2021", "status": status})
        assert response.status_code == 200
        return len(queries), list(response.context["cl"].result_list), queries

    def add(count, value):
        for _ in range(count):
            more = IndicatorFactory(program=indicator.program)
            TargetFactory(indicator=more, year=2021, value=Decimal(100))
            if value is not None:
                RealizationFactory(indicator=more, year=2021, value=Decimal(value))

    add(1, {"achieved": 120, "not_achieved": 20, "no_data": None}[status])
    small, shown, _ = read()
    assert len(shown) == 1 + (status == "achieved")
    add(20, 120)
    add(20, 20)
    add(20, None)
    large, shown, queries = read()
    assert large == small
    assert len(shown) == 21 + (status == "achieved")
    id_lists = [
        q["sql"] for q in queries.captured_queries if re.search(r"IN \((?!SELECT)", q["sql"])
    ]
    assert id_lists == []


def test_the_list_filters_by_perangkat_daerah_and_direction(client, planner, indicator):
    other = IndicatorFactory(direction=Indicator.Direction.LOWER)
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_changelist")
    by_unit = client.get(url, {"perangkat_daerah__id__exact": indicator.perangkat_daerah_id})
    assert list(by_unit.context["cl"].result_list) == [indicator]
    by_direction = client.get(url, {"direction__exact": "lower"})
    assert list(by_direction.context["cl"].result_list) == [other]


def test_the_indicator_page_shows_five_years_with_capaian_status_and_band(
    client, planner, indicator
):
    client.force_login(planner)
    response = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    content = response.content.decode()
    for shown in ["95,00%", "80,00%", "101,00%", "Sangat Tinggi", "Tinggi", "tercapai"]:
        assert shown in content, shown
    assert content.count('class="five-years"') == 1
    for year in range(2019, 2024):
        assert f"<td>{year}</td>" in content


def test_changing_a_realisation_is_saved_and_kept_in_history(client, planner, indicator):
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    realizations = Realization.objects.filter(indicator=indicator).order_by("year")
    index = [r.year for r in realizations].index(2020)
    data[f"realizations-{index}-value"] = "88.5"
    data[f"realizations-{index}-note"] = "Data final BPS"

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    realization = Realization.objects.get(indicator=indicator, year=2020)
    assert realization.value == Decimal("88.5")
    last = realization.history.latest("history_date")
    assert (last.value, last.history_user, last.history_type) == (Decimal("88.5"), planner, "~")
    assert last.prev_record.value == Decimal(80)

    history = client.get(reverse("admin:indicators_realization_history", args=[realization.pk]))
    assert history.status_code == 200
    assert "Data final BPS" in history.content.decode() or "88" in history.content.decode()


def test_a_realisation_outside_the_period_is_refused_with_a_message(client, planner, indicator):
    client.force_login(planner)
    response = client.post(
        reverse("admin:indicators_realization_add"),
        {"indicator": indicator.pk, "year": 2030, "value": "5", "note": ""},
    )
    assert response.status_code == 200
    assert "2018–2023" in response.content.decode()
    assert not Realization.objects.filter(year=2030).exists()


def test_deleting_an_indicator_with_values_is_refused_in_the_admin(client, planner, indicator):
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_delete", args=[indicator.pk])
    response = client.post(url, {"post": "yes"})
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert response.status_code == 200
