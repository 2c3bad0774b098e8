"""The operator's and the planner's main paths, in a real browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo import plan as demo
from indicators.models import Realization, YearLock

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    demo.load_bekasi_demo()
    demo.ensure_demo_role_users(get_user_model())
    yield live_server.url
    # A locked year refuses every delete, the test database's own clean-up included.
    YearLock.objects.all().delete()


def log_in(page, base, username):
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()


def test_operator_enters_and_submits_a_2022_realisation(site, page, screenshot):
    log_in(page, site, "operator.dinkes")
    page.click("nav a[href='/realisasi/']")
    page.select_option("select[name=year]", "2022")
    page.wait_for_url(re.compile(r"year=2022"))
    rows = page.locator("#realization-table tbody tr")
    expect(rows.first).to_be_visible()
    screenshot("operator-list")
    code = rows.first.locator("td").first.inner_text()
    rows.first.locator("a").click()
    page.fill("#id_value", "87,5")
    page.fill("#id_note", "Data triwulan IV")
    screenshot("operator-form")
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r"/realisasi/\?year=2022"))
    expect(
        page.locator("#realization-table tbody tr").first.locator(".verification.submitted")
    ).to_be_visible()
    realization = Realization.objects.get(indicator__code=code, year=2022)
    assert (str(realization.value), realization.status) == ("87.5000", "submitted")

    # Another unit's indicator, typed into the address bar, is not there.
    other = Realization.objects.exclude(indicator__perangkat_daerah__name="Dinas Kesehatan").first()
    response = page.goto(f"{site}/realisasi/{other.indicator.code}/2022/")
    assert response.status == 404


def test_planner_verifies_and_locks_a_year(site, page, screenshot):
    operator = get_user_model().objects.get(username="operator.dinkes")
    realization = Realization.objects.filter(
        indicator__perangkat_daerah__name="Dinas Kesehatan", year=2021
    ).first()
    from indicators import services

    realization = services.realization_record(
        indicator=realization.indicator, year=2022, value=realization.value, by=operator
    )
    services.realization_submit(realization, by=operator)

    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "perencana")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site}/admin/indicators/realization/?status__exact=submitted")
    page.check(f"input[name=_selected_action][value='{realization.pk}']")
    page.select_option("select[name=action]", "verify")
    page.click("button[name=index]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    realization.refresh_from_db()
    assert realization.status == "verified"
    screenshot("planner-verified")

    page.goto(f"{site}/admin/indicators/yearlock/add/")
    page.select_option("select[name=plan]", index=1)
    page.fill("input[name=year]", "2021")
    page.fill("textarea[name=reason]", "Evaluasi RKPD 2021 selesai")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert YearLock.objects.filter(year=2021).exists()
    screenshot("planner-locked")
