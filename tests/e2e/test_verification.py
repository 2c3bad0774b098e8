"""The verification screen on a planner's phone (390 × 844) and desktop: the submitted values as
cards with their actions in view, a row verified from its card, a selection returned with a
reason, and messages that say what was done."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo import plan as demo
from indicators import services
from indicators.models import Indicator, PerangkatDaerah, Realization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def site(live_server):
    plan = demo.load_bekasi_demo().plan
    demo.ensure_demo_role_users(get_user_model())
    operator = get_user_model().objects.get(username="operator.dinkes")
    dinkes = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
    for number, indicator in enumerate(
        Indicator.objects.filter(plan=plan, perangkat_daerah=dinkes)
        .exclude(direction=Indicator.Direction.BINARY)
        .order_by("code")[:4]
    ):
        services.realization_record(
            indicator=indicator,
            year=2022,
            value=Decimal(30 + number),
            note="angka sementara dari puskesmas",
            faktor_pendorong="dukungan kader posyandu",
            faktor_penghambat="data terlambat masuk",
            tindak_lanjut="validasi bersama BPS",
            evidence_url="https://contoh.go.id/bukti.pdf",
            by=operator,
            submit=True,
        )
    return live_server.url


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def log_in(page, base, username):
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()


def within_width(page, locator):
    box = locator.bounding_box()
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= page.viewport_size["width"] + 0.5
    )


def test_a_planner_verifies_and_returns_on_a_phone(site, page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, site, "perencana")
    page.goto(f"{site}/verifikasi/?year=2022&perangkat_daerah=1.02.01")
    assert sideways(page) <= 0
    cards = page.locator("#verification-table tbody tr")
    expect(cards).to_have_count(4)
    first = cards.first
    for selector in (
        'td[data-label="Target"]',
        'td[data-label="Capaian"]',
        'td[data-label="Status"]',
        "button[name=verify_one]",
    ):
        assert within_width(page, first.locator(selector)), selector
    expect(first).to_contain_text("dukungan kader posyandu")
    expect(first.locator('a[href="https://contoh.go.id/bukti.pdf"]')).to_be_visible()
    screenshot("phone-verification-submitted-rows")

    first.locator("button[name=verify_one]").click()
    expect(page.locator(".message.success")).to_have_text(
        re.compile(r"1 realisasi Dinkes 2022 diverifikasi")
    )
    assert sideways(page) <= 0
    expect(page.locator("#verification-table tbody tr")).to_have_count(3)

    page.click("[data-select-all]")
    page.fill(".bulk-actions input[name=reason]", "bukti dukung belum lengkap")
    page.locator(".bulk-actions input[name=reason]").press("Enter")  # Enter does not submit
    assert Realization.objects.filter(year=2022, status="returned").count() == 0
    page.click(".bulk-actions button[value=return]")
    expect(page.locator(".message.success")).to_have_text(
        re.compile(r"3 realisasi Dinkes 2022 dikembalikan")
    )
    assert Realization.objects.filter(year=2022, status="returned").count() == 3
    assert Realization.objects.filter(year=2022, status="verified").count() == 1
    screenshot("phone-verification-done")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/verifikasi/?year=2022&status=all&perangkat_daerah=1.02.01")
    assert sideways(page) <= 0
    screenshot("desktop-verification-all")


def test_locking_the_year_lists_what_is_unverified_first(site, page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, site, "perencana")
    page.goto(f"{site}/verifikasi/?year=2022")
    page.click(".year-actions a.button")
    expect(page.locator("#unverified-summary")).to_contain_text("4 realisasi 2022 belum")
    assert sideways(page) <= 0
    screenshot("phone-year-lock-list")
    page.fill("#id_reason", "LKjIP 2022 diserahkan")
    page.click("button.primary")
    expect(page.locator(".year-actions")).to_contain_text("LKjIP 2022 diserahkan")
    page.click(".year-actions a.button")
    expect(page.locator("h1")).to_contain_text("2022")
    assert sideways(page) <= 0
    screenshot("phone-year-unlock")
    page.fill("#id_reason", "koreksi angka BPS")
    page.click("button.primary")
    expect(page.locator(".message.success")).to_contain_text("2022")
    expect(page.locator(".year-actions a.button")).to_contain_text("Kunci 2022")
