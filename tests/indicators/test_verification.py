"""The planners' verification screen: who may use it, what it shows, what its actions do and
refuse; locking a year after the list of what is unverified, and unlocking it with a reason."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Realization, YearLock

pytestmark = pytest.mark.django_db

YEAR = 2022


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def submitted(demo_plan, dinkes, people):
    """Three submitted 2022 realisations of Dinkes, with note, factors and an evidence link."""
    indicators = Indicator.objects.filter(plan=demo_plan, perangkat_daerah=dinkes).exclude(
        direction=Indicator.Direction.BINARY
    )[:3]
    found = []
    for number, indicator in enumerate(indicators):
        found.append(
            services.realization_record(
                indicator=indicator,
                year=YEAR,
                value=Decimal(40 + number),
                note=f"catatan {number}",
                faktor_pendorong=f"dukungan {number}",
                faktor_penghambat=f"hambatan {number}",
                tindak_lanjut=f"rencana {number}",
                evidence_url=f"https://contoh.go.id/bukti/{number}",
                by=people["operator"],
                submit=True,
            )
        )
    return found


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and "/masuk/" in response["Location"]
    )


def versions(realizations):
    return {f"seen_{r.pk}": services.realization_version(r) for r in realizations}


def page(client, **params):
    return client.get(reverse("verification"), {"year": YEAR, **params})


@pytest.mark.parametrize("role", ["anonymous", "operator", "other_operator", "official"])
def test_only_planners_reach_the_screen_and_its_actions(client, people, role, submitted):
    as_user(client, people[role])
    for url in ("verification", "year_lock", "year_unlock"):
        assert refused(client.get(reverse(url), {"year": YEAR})), (role, url)
    for url, data in (
        ("verification_act", {"verify_one": submitted[0].pk, **versions(submitted)}),
        ("year_lock", {"year": YEAR, "reason": "tutup"}),
    ):
        assert refused(client.post(reverse(url), data)), (role, url)
    assert Realization.objects.get(pk=submitted[0].pk).status == "submitted"
    assert not YearLock.objects.filter(year=YEAR).exists()


def test_the_planner_sees_target_capaian_status_note_factors_and_evidence(
    client, people, submitted, dinkes
):
    response = page(as_user(client, people["planner"]), perangkat_daerah=dinkes.code)
    assert response.status_code == 200
    content = response.content.decode()
    for realization in submitted:
        assert realization.indicator.code in content
        assert realization.faktor_pendorong in content
        assert realization.faktor_penghambat in content
        assert realization.tindak_lanjut in content
        assert realization.note in content
        assert realization.evidence_url in content
    rows = dict(response.context["rows"])
    for realization, row in response.context["rows"]:
        assert row is not None and row.realization == realization.value
    assert "%" in content  # capaian, as the dashboard writes it
    assert all(r.version for r in rows)


def test_verify_a_selection_says_what_was_done(client, people, submitted, dinkes):
    as_user(client, people["planner"])
    response = client.post(
        reverse("verification_act"),
        {"action": "verify", "selected": [r.pk for r in submitted], "year": YEAR}
        | versions(submitted),
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert f"3 realisasi {dinkes} {YEAR} diverifikasi." in shown, shown
    assert set(
        Realization.objects.filter(pk__in=[r.pk for r in submitted]).values_list(
            "status", flat=True
        )
    ) == {"verified"}


def test_one_row_returned_with_its_reason(client, people, submitted):
    as_user(client, people["planner"])
    one = submitted[1]
    response = client.post(
        reverse("verification_act"),
        {"return_one": one.pk, f"reason_{one.pk}": "bukti kurang", "year": YEAR}
        | versions(submitted),
        follow=True,
    )
    assert any("dikembalikan" in str(m) for m in response.context["messages"])
    one.refresh_from_db()
    assert (one.status, one.return_reason) == ("returned", "bukti kurang")
    assert Realization.objects.get(pk=submitted[0].pk).status == "submitted"


def test_returning_without_a_reason_does_nothing(client, people, submitted):
    as_user(client, people["planner"])
    response = client.post(
        reverse("verification_act"),
        {"action": "return", "selected": [r.pk for r in submitted], "reason": " ", "year": YEAR}
        | versions(submitted),
        follow=True,
    )
    assert any("Tidak ada yang dilakukan" in str(m) for m in response.context["messages"])
    assert not Realization.objects.filter(status="returned").exists()


def test_a_value_edited_after_the_page_loaded_is_not_verified_blindly(client, people, submitted):
    as_user(client, people["planner"])
    seen = versions(submitted)
    changed = submitted[2]
    services.realization_record(
        indicator=changed.indicator,
        year=YEAR,
        value=Decimal(99),
        by=people["operator"],
        submit=True,
    )
    response = client.post(
        reverse("verification_act"),
        {"action": "verify", "selected": [r.pk for r in submitted], "year": YEAR} | seen,
        follow=True,
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert changed.indicator.code in shown
    # One transaction: nothing of the selection is verified.
    assert not Realization.objects.filter(status="verified", year=YEAR).exists()


def test_get_is_refused_on_the_action(client, people):
    as_user(client, people["planner"])
    assert client.get(reverse("verification_act")).status_code == 405


def test_locking_lists_the_unverified_first_then_locks_with_a_reason(
    client, people, submitted, demo_plan
):
    as_user(client, people["planner"])
    response = client.get(reverse("year_lock"), {"year": YEAR})
    content = response.content.decode()
    assert len(response.context["unverified"]) >= 3
    for realization in submitted:
        assert realization.indicator.code in content
    assert not YearLock.objects.filter(plan=demo_plan, year=YEAR).exists()  # a GET locks nothing

    response = client.post(reverse("year_lock"), {"year": YEAR, "reason": ""})
    assert response.status_code == 200 and not YearLock.objects.filter(year=YEAR).exists()

    client.post(reverse("year_lock"), {"year": YEAR, "reason": "LKjIP 2022 selesai"})
    lock = YearLock.objects.get(plan=demo_plan, year=YEAR)
    assert lock.reason == "LKjIP 2022 selesai" and lock.locked_by == people["planner"]

    response = client.get(reverse("year_unlock"), {"year": YEAR})
    assert "LKjIP 2022 selesai" in response.content.decode()
    client.post(reverse("year_unlock"), {"year": YEAR, "reason": ""})
    assert YearLock.objects.filter(year=YEAR).exists()  # unlocking needs a reason
    client.post(reverse("year_unlock"), {"year": YEAR, "reason": "koreksi data BPS"})
    assert not YearLock.objects.filter(year=YEAR).exists()
    record = YearLock.history.filter(id=lock.pk, history_type="-").get()
    assert "koreksi data BPS" in record.history_change_reason
    assert record.history_user == people["planner"]


def test_the_admin_sends_unlocking_to_its_own_page(client, people, demo_plan):
    lock = services.year_lock(plan=demo_plan, year=YEAR, reason="tutup", by=people["planner"])
    as_user(client, people["planner"])
    listing = client.get(reverse("admin:indicators_yearlock_changelist")).content.decode()
    assert f"{reverse('year_unlock')}?lock={lock.pk}" in listing
    assert "delete_selected" not in listing
    response = client.get(reverse("year_unlock"), {"lock": lock.pk})
    assert response.status_code == 200 and "tutup" in response.content.decode()
    client.post(reverse("year_unlock"), {"lock": lock.pk, "reason": "salah kunci"})
    assert not YearLock.objects.filter(pk=lock.pk).exists()


def test_the_screen_runs_the_same_queries_for_few_rows_and_many(
    client, people, submitted, demo_plan
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_user(client, people["planner"])
    with CaptureQueriesContext(connection) as few:
        page(client)
    for indicator in Indicator.objects.filter(plan=demo_plan).exclude(
        direction=Indicator.Direction.BINARY
    )[10:40]:
        services.realization_record(
            indicator=indicator, year=YEAR, value=Decimal(5), by=people["planner"], submit=True
        )
    with CaptureQueriesContext(connection) as many:
        response = page(client)
    assert len(response.context["rows"]) > len(submitted) + 20
    assert len(many) == len(few)


def test_the_admins_lock_form_warns_of_what_is_unverified(client, people, submitted):
    as_user(client, people["planner"])
    response = client.get(reverse("admin:indicators_yearlock_add"))
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"{YEAR} belum diverifikasi" in m and reverse("year_lock") in m for m in shown), (
        shown
    )
