"""An operator with staff status in the admin: its own units' realisations, nothing else."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import Indicator, PerangkatDaerah, Realization
from tests.indicators.test_write_paths import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def staff_operator(demo_plan):
    user = get_user_model().objects.get(username="operator.dinkes")
    user.is_staff = True
    user.save()
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def own_and_other(demo_plan):
    dinkes = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
    own = Realization.objects.filter(indicator__perangkat_daerah=dinkes, year=2021).first()
    other = Realization.objects.exclude(indicator__perangkat_daerah=dinkes).filter(year=2021)
    return own, other.first()


def test_the_rules_allow_an_operator_its_own_units_realisations_only(staff_operator, own_and_other):
    own, other = own_and_other
    assert staff_operator.has_perm("indicators.change_realization", own)
    assert staff_operator.has_perm("indicators.view_realization", own)
    assert not staff_operator.has_perm("indicators.change_realization", other)
    assert not staff_operator.has_perm("indicators.view_realization", other)
    assert not staff_operator.has_perm("indicators.delete_realization", own)
    official = get_user_model().objects.get(username="pimpinan")
    assert official.has_perm("indicators.view_realization", other)
    assert not official.has_perm("indicators.change_realization", other)


def test_a_staff_operator_lists_and_changes_only_its_own_units_realisations(
    client, staff_operator, own_and_other
):
    own, other = own_and_other
    client.force_login(staff_operator)
    listing = client.get(reverse("admin:indicators_realization_changelist"))
    assert listing.status_code == 200
    units = {r.indicator.perangkat_daerah_id for r in listing.context["cl"].result_list}
    assert units == {own.indicator.perangkat_daerah_id}

    url = reverse("admin:indicators_realization_change", args=[own.pk])
    data = form_data(client.get(url))
    data["value"] = "12,5"
    assert client.post(url, data).status_code == 302
    own.refresh_from_db()
    assert own.value == Decimal("12.5")

    before = other.value
    other_url = reverse("admin:indicators_realization_change", args=[other.pk])
    assert client.get(other_url).status_code == 302  # "does not exist": back to the index
    response = client.post(other_url, {**data, "indicator": other.indicator_id})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.value == before


def test_a_staff_operator_cannot_add_a_realisation_for_another_unit(
    client, staff_operator, demo_plan
):
    dinkes = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
    foreign = Indicator.objects.filter(plan=demo_plan).exclude(perangkat_daerah=dinkes).first()
    client.force_login(staff_operator)
    response = client.post(
        reverse("admin:indicators_realization_add"),
        {"indicator": foreign.pk, "year": 2022, "value": "1", "note": ""},
    )
    assert response.status_code == 200  # the indicator is not among its choices
    assert not Realization.objects.filter(indicator=foreign, year=2022).exists()


def test_every_other_admin_page_stays_closed_to_operators(client, staff_operator):
    client.force_login(staff_operator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    shown = {m["object_name"] for app in index.context["app_list"] for m in app["models"]}
    assert shown == {"Realization"}
    for model in admin.site._registry:
        if model._meta.app_label not in ("indicators", "budgets") or model is Realization:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 403, name
        obj = model.objects.first()
        if obj is not None:
            assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code in (302, 403)
    assert client.get("/admin/indicators/realization/export/").status_code == 403
