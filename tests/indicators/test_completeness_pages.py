"""The triwulan pages: the completeness page (planners and officials only), the late units on
the dashboard, the operator's "what is due now" and triwulan form, and the admin's inline."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from indicators import services
from indicators.models import QuarterlyRealization, Realization, ReportingDeadline
from tests.factories import IndicatorFactory, PerangkatDaerahFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(plan):
    health = PerangkatDaerahFactory(code="1.02.01", name="Dinas Kesehatan", abbreviation="Dinkes")
    roads = PerangkatDaerahFactory(code="1.03.01", name="Dinas PUPR", abbreviation="PUPR")
    first = IndicatorFactory(
        program__objective__goal__mission__plan=plan,
        program__perangkat_daerah=health,
        code="IK.KES.1",
        calculation_type="cumulative",
    )
    IndicatorFactory(
        program__objective=first.program.objective, program__perangkat_daerah=roads, code="IK.PU.1"
    )
    services.quarterly_realization_record(indicator=first, year=2021, quarter=1, value=Decimal(4))
    ReportingDeadline.objects.create(
        plan=plan, year=2021, quarter=1, due_date=datetime.date(2021, 4, 15)
    )
    return plan, health, roads, first


def make_operator(unit, name="operator.dinkes"):
    user = get_user_model().objects.create_user(name, password="rahasia-uji-123")
    user.groups.add(Group.objects.get(name="Operator perangkat daerah"))
    unit.operators.add(user)
    return user


def test_the_completeness_page_by_role(client, world, planner, official, outsider):
    plan, health, _roads, _first = world
    operator = make_operator(health)
    response = client.get("/kelengkapan/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    for user, status in ((planner, 200), (official, 200), (operator, 403), (outsider, 403)):
        client.force_login(user)
        assert client.get("/kelengkapan/", {"year": 2021}).status_code == status, user
    assert client.post("/kelengkapan/").status_code in (403, 405)
    client.force_login(official)
    html = client.get("/kelengkapan/", {"year": 2021}).content.decode()
    assert "Kelengkapan pelaporan" in html
    assert "1/1 dilaporkan (100,0%)" in html  # Dinkes TW I
    assert "terlambat: 1 belum diisi" in html  # PUPR TW I
    assert "15 April 2021" in html


def test_the_dashboard_flags_late_units(client, world, planner):
    client.force_login(planner)
    html = client.get("/", {"year": 2021}).content.decode()
    assert 'class="late-units"' in html
    block = html[html.index('class="late-units"') :]
    block = block[: block.index("</section>")]
    assert "PUPR" in block and "Dinkes" not in block
    assert 'PUPR</a>: TW I · <span class="nowrap">1 belum diisi' in " ".join(block.split())
    assert reverse("completeness") in block
    assert 'class="late-units"' not in client.get("/", {"year": 2022}).content.decode()


def test_the_operator_page_opens_on_what_is_due(client, world):
    plan, health, roads, first = world
    today = timezone.localdate()
    ReportingDeadline.objects.create(
        plan=plan, year=2023, quarter=2, due_date=today + datetime.timedelta(days=5)
    )
    client.force_login(make_operator(health))
    html = " ".join(client.get("/realisasi/", {"year": 2021}).content.decode().split())
    assert "Saatnya melapor: triwulan II 2023" in html
    assert "5 hari lagi" in html
    assert "IK.KES.1" in html and "IK.PU.1" not in html
    assert reverse("quarter_edit", args=["IK.KES.1", 2023, 2]) in html


def test_an_operator_enters_a_triwulan_value_and_the_year_rolls_up(client, world):
    plan, health, roads, first = world
    client.force_login(make_operator(health))
    url = reverse("quarter_edit", args=["IK.KES.1", 2021, 2])
    assert client.get(url).status_code == 200
    response = client.post(url, {"value": "6,5", "note": "TW II", "version": 0, "submit": "1"})
    assert response.status_code == 302
    entry = QuarterlyRealization.objects.get(indicator=first, year=2021, quarter=2)
    assert (entry.value, entry.status) == (Decimal("6.5"), "submitted")
    year = Realization.objects.get(indicator=first, year=2021)
    assert (year.value, year.source) == (Decimal("10.5"), "quarters")
    html = client.get(reverse("realization_edit", args=["IK.KES.1", 2021])).content.decode()
    assert "Nilai tahunan adalah hasil rekap ini." in html
    # another unit's indicator is not found; a GET does not write
    assert client.get(reverse("quarter_edit", args=["IK.PU.1", 2021, 1])).status_code == 404
    assert (
        client.post(reverse("quarter_edit", args=["IK.PU.1", 2021, 1]), {"value": "1"}).status_code
        == 404
    )
    assert client.get(reverse("use_quarters", args=["IK.KES.1", 2021])).status_code == 405


def test_a_direct_year_value_is_shown_as_winning_and_can_give_way(client, world):
    plan, health, roads, first = world
    client.force_login(make_operator(health))
    services.realization_record(indicator=first, year=2021, value=Decimal(9))
    html = " ".join(
        client.get(reverse("realization_edit", args=["IK.KES.1", 2021])).content.decode().split()
    )
    assert "Nilai tahunan yang diisi langsung (9) yang berlaku" in html
    response = client.post(reverse("use_quarters", args=["IK.KES.1", 2021]))
    assert response.status_code == 302
    year = Realization.objects.get(indicator=first, year=2021)
    assert (year.value, year.source) == (Decimal(4), "quarters")


def test_a_locked_year_refuses_the_triwulan_form(client, world, planner):
    plan, health, roads, first = world
    services.year_lock(plan=plan, year=2021, reason="Selesai", by=planner)
    client.force_login(make_operator(health))
    url = reverse("quarter_edit", args=["IK.KES.1", 2021, 2])
    assert client.post(url, {"value": "1", "version": 0}).status_code == 403
    assert not QuarterlyRealization.objects.filter(quarter=2).exists()


def test_the_admin_inline_records_triwulan_values_through_the_service(client, world, planner):
    from tests.indicators.test_admin import form_data

    plan, health, roads, first = world
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[first.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page)
    prefix = "quarterly_realizations"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-year": "2021",
            f"{prefix}-{total}-quarter": "3",
            f"{prefix}-{total}-value": "5",
            f"{prefix}-{total}-note": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    year = Realization.objects.get(indicator=first, year=2021)
    assert (year.value, year.source) == (Decimal(9), "quarters")
    record = QuarterlyRealization.history.filter(quarter=3).first()
    assert record.history_user == planner


def test_the_indicator_page_shows_the_triwulan_values_and_which_year_value_holds(
    client, world, planner
):
    plan, health, roads, first = world
    client.force_login(planner)
    url = reverse("indicator", args=["IK.KES.1"])
    html = client.get(url).content.decode()
    assert 'id="triwulan-table"' in html and "kumulatif" in html.lower()
    services.realization_record(indicator=first, year=2021, value=Decimal(9))
    html = client.get(url).content.decode()
    table = html[
        html.index('id="triwulan-table"') : html.index(
            "</table>", html.index('id="triwulan-table"')
        )
    ]
    assert "diisi langsung; nilai ini mengalahkan hasil rekap" in table
