"""A planner brings a printed table in the browser: upload → the understanding (columns, year
mapping, hierarchy, values, guesses) → adjust the year mapping and a flagged direction → confirm.
Tasks run at once (tests/conftest.py), so each step's page comes straight back."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from indicators.models import Indicator, Plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLE = Path(__file__).resolve().parents[1] / "workbooks" / "printed" / "surakarta_iku_esakip.xlsx"


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    get_user_model().objects.create_user(
        "perencana.tabel", password="rahasia-uji-123", is_staff=True, is_superuser=True
    )
    call_command("create_plan", "SOLO", "--name", "RPJMD Surakarta", "--period", "2021-2026")
    return live_server.url


@pytest.mark.parametrize("width", [1366, 390])
def test_upload_understand_adjust_confirm(site, page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "perencana.tabel")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("input[type=submit]")
    page.goto(f"{site}/admin/indicators/indicator/workbook/upload/")
    page.set_input_files("input[type=file]", str(TABLE))
    page.select_option("select[name=plan]", "SOLO")
    page.click("input[type=submit].default")

    understood = page.locator(".printed-table")
    expect(understood).to_be_visible(timeout=30_000)
    expect(understood).to_contain_text("Laju Inflasi")
    expect(understood.locator(".understood-tree")).to_contain_text("Terwujudnya masyarakat sehat")
    expect(understood.locator(".direction-flag")).to_be_visible()
    expect(page.locator("input[name='offset:IKU']")).to_have_value("2021")
    screenshot(f"printed-understood-{width}")
    # Wide tables scroll inside their own box (on a phone the columns are cards): the page itself
    # never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert not Indicator.objects.filter(plan__code="SOLO").exists()

    page.fill("input[name='offset:IKU']", "2020")
    inflation = understood.locator("tr.flagged select")
    inflation.select_option("lower")
    page.click("#adjust")
    expect(page.locator("input[name='offset:IKU']")).to_have_value("2020", timeout=30_000)
    expect(page.locator("tr.flagged select")).to_have_value("lower")
    screenshot(f"printed-adjusted-{width}")

    page.click("input[name=confirm]")
    expect(page.locator("#workbook-imported")).to_be_visible(timeout=30_000)
    plan = Plan.objects.get(code="SOLO")
    inflation = Indicator.objects.get(plan=plan, name="Laju Inflasi")
    assert inflation.direction == "lower"
    assert {t.year: t.value for t in inflation.targets.all()} == {
        2021: Decimal("2.19"),
        2022: Decimal("1.94"),
        2023: Decimal("2.13"),
    }
