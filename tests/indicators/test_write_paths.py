"""What is typed is what is stored, locks refuse only real changes, and verification cannot be
bypassed: the operator page, the admin (forms, inlines, actions, deletes) and the services."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Realization, Target, YearLock
from tests.factories import IndicatorFactory, PerangkatDaerahFactory
from tests.indicators.test_admin import form_data as page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(db):
    return PerangkatDaerahFactory(code="1.02.01", name="Dinas Kesehatan")


@pytest.fixture
def indicator(plan, unit):
    indicator = IndicatorFactory(
        program__objective__goal__mission__plan=plan,
        program__perangkat_daerah=unit,
        code="IP.065",
    )
    for year in (2020, 2021, 2022):
        services.target_record(indicator=indicator, year=year, value=Decimal(100))
    services.realization_record(indicator=indicator, year=2021, value=Decimal(90))
    return indicator


@pytest.fixture
def operator(unit):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("operator.uji", password="rahasia-uji-123")
    user.groups.add(Group.objects.get(name="Operator perangkat daerah"))
    unit.operators.add(user)
    return user


def lock(plan, year, planner):
    return services.year_lock(plan=plan, year=year, reason="Evaluasi RKPD selesai", by=planner)


def shown_value(html, name):
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def form_data(response):
    """What the admin page would send back unchanged (without its empty file inputs)."""
    return {k: v for k, v in page_data(response).items() if not hasattr(v, "field")}


def page_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# -- finding 1: the operator form ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [("2,725", "2.725"), ("74.250", "74250")])
def test_the_operator_form_reads_back_what_it_shows(client, operator, indicator, typed, stored):
    """Type, save, reopen, save again with only the note changed: the value stays the same."""
    client.force_login(operator)
    url = reverse("realization_edit", args=[indicator.code, 2022])
    assert client.post(url, {"value": typed, "note": "pertama"}).status_code == 302
    assert Realization.objects.get(indicator=indicator, year=2022).value == Decimal(stored)

    page = client.get(url).content.decode()
    shown = shown_value(page, "value")
    assert shown == typed.replace("74.250", "74.250")
    assert 'inputmode="decimal"' in re.search(r'<input[^>]*name="value"[^>]*>', page).group(0)
    version = shown_value(page, "version")
    response = client.post(url, {"value": shown, "note": "kedua", "version": version})
    assert response.status_code == 302
    realization = Realization.objects.get(indicator=indicator, year=2022)
    assert (realization.value, realization.note) == (Decimal(stored), "kedua")


# -- finding 2: admin number fields -------------------------------------------------------------


def test_the_admin_accepts_indonesian_numbers_and_shows_them_back(client, planner, indicator):
    client.force_login(planner)
    realization = Realization.objects.get(indicator=indicator, year=2021)
    url = reverse("admin:indicators_realization_change", args=[realization.pk])
    data = form_data(client.get(url))
    data["value"] = "1.234,56"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    realization.refresh_from_db()
    assert realization.value == Decimal("1234.56")
    page = client.get(url).content.decode()
    assert shown_value(page, "value") == "1.234,56"

    target = Target.objects.get(indicator=indicator, year=2022)
    url = reverse("admin:indicators_target_change", args=[target.pk])
    data = form_data(client.get(url))
    data["value"] = "94,5"
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("94.5")
    assert shown_value(client.get(url).content.decode(), "value") == "94,5"
    listing = client.get(reverse("admin:indicators_target_changelist")).content.decode()
    assert "94,5" in listing and "94.5000" not in listing and "94,5000" not in listing


def test_a_range_target_keeps_its_low_and_high_fields_in_the_admin(client, planner, indicator):
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    index = [t.year for t in indicator.targets.order_by("year")].index(2022)
    data[f"targets-{index}-value"] = ""
    data[f"targets-{index}-low"] = "2,5"
    data[f"targets-{index}-high"] = "4"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    target = Target.objects.get(indicator=indicator, year=2022)
    assert (target.value, target.low, target.high) == (None, Decimal("2.5"), Decimal(4))


def test_the_money_admin_reads_rupiah(client, planner):
    from budgets.models import RevenueAccount, RevenueValue

    account = RevenueAccount.objects.filter(children__isnull=True).first()
    client.force_login(planner)
    response = client.post(
        reverse("admin:budgets_revenuevalue_add"),
        {
            "account": account.pk,
            "year": 2021,
            "stage": "murni",
            "target": "Rp 1.500.000",
            "realization": "1.234,56",
            "provenance": "official",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    value = RevenueValue.objects.get(account=account, year=2021, stage="murni")
    assert (value.target, value.realization) == (Decimal(1500000), Decimal("1234.56"))
    refused = client.post(
        reverse("admin:budgets_revenuevalue_change", args=[value.pk]),
        {
            **form_data(client.get(reverse("admin:budgets_revenuevalue_change", args=[value.pk]))),
            "target": "-5",
        },
    )
    assert refused.status_code == 200
    assert "negatif" in refused.content.decode()


# -- finding 3: a locked year refuses only real changes -----------------------------------------


def test_with_a_year_locked_the_indicator_page_saves_other_years_and_the_definition(
    client, planner, indicator
):
    lock(indicator.plan, 2021, planner)
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    index = [t.year for t in indicator.targets.order_by("year")].index(2022)
    data[f"targets-{index}-value"] = "94,5"
    data["definition"] = "Persentase balita yang diimunisasi lengkap"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    indicator.refresh_from_db()
    assert indicator.definition.startswith("Persentase")
    assert Target.objects.get(indicator=indicator, year=2022).value == Decimal("94.5")
    assert Target.objects.get(indicator=indicator, year=2021).value == Decimal(100)


def test_a_real_change_to_a_locked_year_names_the_field_and_the_lock(client, planner, indicator):
    lock(indicator.plan, 2021, planner)
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    index = [t.year for t in indicator.targets.order_by("year")].index(2021)
    data[f"targets-{index}-value"] = "50"
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Target 2021 tidak dapat diubah" in content
    assert "Evaluasi RKPD selesai" in content
    assert Target.objects.get(indicator=indicator, year=2021).value == Decimal(100)


def test_the_services_pass_an_unchanged_locked_value_and_refuse_a_changed_one(planner, indicator):
    lock(indicator.plan, 2021, planner)
    services.realization_record(indicator=indicator, year=2021, value=Decimal("90.0000"))
    services.target_record(indicator=indicator, year=2021, value=Decimal(100))
    with pytest.raises(ValidationError) as error:
        services.realization_record(indicator=indicator, year=2021, value=Decimal(91))
    assert "2021" in error.value.messages[0] and "terkunci" in error.value.messages[0]
    assert Realization.objects.get(indicator=indicator, year=2021).value == Decimal(90)


# -- finding 16: deleting a locked year's value -------------------------------------------------


def test_deleting_a_locked_years_target_in_the_admin_is_refused_with_the_locks_message(
    client, planner, indicator
):
    lock(indicator.plan, 2021, planner)
    target = Target.objects.get(indicator=indicator, year=2021)
    client.force_login(planner)

    response = client.post(
        reverse("admin:indicators_target_delete", args=[target.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert any("tidak dapat dihapus" in m for m in page_messages(response))

    response = client.post(
        reverse("admin:indicators_target_changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert any("tidak dapat dihapus" in m for m in page_messages(response))

    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    index = [t.year for t in indicator.targets.order_by("year")].index(2021)
    data[f"targets-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()

    assert Target.objects.filter(pk=target.pk).exists()
    unlocked = Target.objects.get(indicator=indicator, year=2022)
    client.post(reverse("admin:indicators_target_delete", args=[unlocked.pk]), {"post": "yes"})
    assert not Target.objects.filter(pk=unlocked.pk).exists()


# -- finding 4: verification cannot be bypassed or overwritten ----------------------------------


def test_verify_refuses_a_value_changed_after_the_planner_loaded_the_list(
    client, planner, operator, indicator
):
    realization = services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), by=operator, submit=True
    )
    client.force_login(planner)
    changelist = reverse("admin:indicators_realization_changelist")
    seen = shown_value(client.get(changelist).content.decode(), f"seen_{realization.pk}")

    services.realization_record(  # the operator's edit, between the list and "verify"
        indicator=indicator, year=2022, value=Decimal(99), by=operator, submit=True
    )
    response = client.post(
        changelist,
        {"action": "verify", "_selected_action": [realization.pk], f"seen_{realization.pk}": seen},
    )
    assert any("operator.uji" in m for m in page_messages(response))
    realization.refresh_from_db()
    assert (realization.status, realization.verified_value) == ("submitted", None)


def test_verify_saves_only_its_fields_and_checks_the_state_it_finds(planner, operator, indicator):
    loaded = services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), by=operator, submit=True
    )
    stored = Realization.objects.get(pk=loaded.pk)
    stored.note = "catatan operator"
    stored.save()
    services.realization_verify(loaded, by=planner)  # ``loaded`` still holds the old note
    stored.refresh_from_db()
    assert (stored.status, stored.note, stored.verified_value) == (
        "verified",
        "catatan operator",
        Decimal(10),
    )
    with pytest.raises(ValidationError):
        services.realization_verify(loaded, by=planner)  # ``loaded`` still says "submitted"
    with pytest.raises(ValidationError):
        services.realization_submit(loaded, by=operator)


def test_save_and_submit_of_a_submitted_value_is_one_write(client, operator, indicator):
    client.force_login(operator)
    url = reverse("realization_edit", args=[indicator.code, 2022])
    client.post(url, {"value": "10", "submit": "1"})
    realization = Realization.objects.get(indicator=indicator, year=2022)
    assert realization.status == "submitted"
    response = client.post(url, {"value": "12", "submit": "1"})
    assert response.status_code == 302
    realization.refresh_from_db()
    assert (realization.value, realization.status) == (Decimal(12), "submitted")
    assert [h.status for h in realization.history.order_by("history_id")] == [
        "submitted",
        "submitted",
    ]


def test_the_operator_form_refuses_a_stale_save_and_keeps_the_input(
    client, planner, operator, indicator
):
    client.force_login(operator)
    url = reverse("realization_edit", args=[indicator.code, 2021])
    version = shown_value(client.get(url).content.decode(), "version")
    services.realization_record(
        indicator=indicator, year=2021, value=Decimal(95), note="revisi", by=planner
    )
    response = client.post(url, {"value": "80,5", "note": "input saya", "version": version})
    assert response.status_code == 200
    content = response.content.decode()
    assert "perencana.uji" in content
    assert shown_value(content, "value") == "80,5" and "input saya" in content
    assert Realization.objects.get(indicator=indicator, year=2021).value == Decimal(95)

    again = shown_value(content, "version")
    response = client.post(url, {"value": "80,5", "note": "input saya", "version": again})
    assert response.status_code == 302
    assert Realization.objects.get(indicator=indicator, year=2021).value == Decimal("80.5")


@pytest.mark.parametrize("door", ["operator page", "admin inline", "admin form"])
def test_every_door_that_changes_a_verified_value_makes_it_a_draft(
    client, planner, operator, indicator, door
):
    realization = services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), by=operator, submit=True
    )
    services.realization_verify(realization, by=planner)
    if door == "operator page":
        client.force_login(operator)
        client.post(reverse("realization_edit", args=[indicator.code, 2022]), {"value": "11"})
    elif door == "admin inline":
        client.force_login(planner)
        url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
        data = form_data(client.get(url))
        index = [r.year for r in indicator.realizations.order_by("year")].index(2022)
        data[f"realizations-{index}-value"] = "11"
        assert client.post(url, data).status_code == 302
    else:
        client.force_login(planner)
        url = reverse("admin:indicators_realization_change", args=[realization.pk])
        data = form_data(client.get(url))
        data["value"] = "11"
        assert client.post(url, data).status_code == 302
    realization.refresh_from_db()
    assert (realization.value, realization.status) == (Decimal(11), "draft")
    assert realization.changed_since_verification


def test_the_year_lock_admin_goes_through_the_service(client, planner, indicator):
    client.force_login(planner)
    response = client.post(
        reverse("admin:indicators_yearlock_add"),
        {"plan": indicator.plan_id, "year": 2022, "reason": "Evaluasi"},
    )
    assert response.status_code == 302
    assert YearLock.objects.get(year=2022).locked_by == planner


# -- finding 6: history in Indonesian -----------------------------------------------------------


def test_the_admin_history_speaks_indonesian(client, planner, operator, indicator):
    realization = services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), by=operator, submit=True
    )
    services.realization_verify(realization, by=planner)
    services.realization_record(indicator=indicator, year=2022, value=Decimal("10.5"), by=operator)
    client.force_login(planner)
    page = client.get(reverse("admin:indicators_realization_history", args=[realization.pk]))
    content = re.sub(r"\s+", " ", page.content.decode().replace("&nbsp;&rarr;&nbsp;&nbsp;", " → "))
    assert "terverifikasi → draf" in content
    assert "Status verifikasi" in content
    assert "10,5" in content
    for english in ("Changes", "None", "verified", "10.5000"):
        assert english not in content, english


def test_the_indicator_page_history_shows_states_in_indonesian(
    client, planner, operator, indicator
):
    services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), by=operator, submit=True
    )
    client.force_login(planner)
    content = client.get(reverse("indicator", args=[indicator.code])).content.decode()
    assert "diajukan" in content and "submitted" not in content
