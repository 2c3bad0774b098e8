"""The public page in a real browser: a visitor, not logged in, reads the dashboard and the open
data under the Content-Security-Policy; its controls write permalinks. At 1366 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from demo import plan as demo

from .test_content_security_policy import WATCH_VIOLATIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor_site(live_server, page, settings):
    settings.PUBLIC_DASHBOARD = True
    plan = demo.load_bekasi_demo().plan
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused to" in message.text else None,
    )
    page.add_init_script(WATCH_VIOLATIONS)
    return live_server.url, plan, refused


def violations(page, refused):
    return refused + page.evaluate("window.__violations || []")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_visitor_reads_the_dashboard_and_its_controls_write_permalinks(
    visitor_site, page, screenshot, width
):
    base, plan, refused = visitor_site
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/")
    expect(page.locator("#headline")).to_contain_text(re.compile(r"193\s+dari\s+270"))
    expect(page.locator("#unit-chart svg.main-svg .barlayer .point").first).to_be_attached()
    expect(page.locator("a[href^='/masuk/']")).to_be_visible()  # a visitor, not logged in
    screenshot(f"public-dashboard-{width}")
    page.select_option("select[name=year]", "2020")
    page.wait_for_url(re.compile(rf"year=2020.*plan={plan.code}"))
    page.select_option("select[name=level]", "sasaran")
    page.wait_for_url(re.compile(rf"year=2020.*level=sasaran.*plan={plan.code}"))
    permalink = page.url
    page.goto(permalink)
    expect(page.locator("select[name=level]")).to_have_value("sasaran")
    expect(page.locator("select[name=year]")).to_have_value("2020")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page, refused) == []


def test_a_visitor_finds_the_open_data_and_downloads_a_file(visitor_site, page, screenshot):
    base, plan, refused = visitor_site
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/")
    page.click("nav a[href='/data/']")
    expect(page.locator("h1")).to_have_text("Data terbuka")
    screenshot("public-open-data-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    link = page.locator(f"a[href='/data/{plan.code}/2021/indikator.csv']")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as handle:
        first, second = handle.readline(), handle.readline()
    assert first.startswith('"Lisensi: CC BY 4.0') and second.startswith(
        "Rencana,Tahun,Kode Indikator"
    )
    assert violations(page, refused) == []
