"""An official's path through the dashboard, in a real browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

# The demo is loaded once for the module (these tests only read): ``demo_server``.
pytestmark = [pytest.mark.e2e]

PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="module")
def official(demo_server):
    official = get_user_model().objects.create_user("pimpinan.uji", password=PASSWORD)
    official.groups.add(Group.objects.get(name="Pimpinan"))  # a user without a role reads nothing


@pytest.fixture
def site(demo_server, official, page):
    """The demo data on the live server, a logged-in official, and a log of every request made."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{demo_server.url}/")
    page.fill("#id_username", "pimpinan.uji")
    page.fill("#id_password", PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()
    return demo_server.url, requests


def unit_bars(page):
    """The bars of the first trace (achieved) of the per-perangkat-daerah chart."""
    return page.locator("#unit-chart .barlayer .trace").first.locator(".point")


def test_an_official_reads_2021_and_drills_down_to_an_indicator(site, page, screenshot):
    base, requests = site
    expect(page.locator("#headline")).to_contain_text(re.compile(r"193\s+dari\s+270"))
    expect(page.locator("#headline")).to_contain_text("71,5%")
    expect(page.locator("#unit-chart.drawn")).to_be_visible()
    expect(page.locator("#band-chart.drawn")).to_be_visible()
    expect(unit_bars(page)).to_have_count(44)
    expect(page.locator("#unit-table tbody tr")).to_have_count(44)
    screenshot("dashboard-2021")

    page.select_option("select[name=year]", "2020")
    page.wait_for_url(re.compile(r"year=2020"))
    expect(page.locator("#headline")).to_contain_text(re.compile(r"168\s+dari\s+270"))
    page.select_option("select[name=year]", "2021")
    page.wait_for_url(re.compile(r"year=2021"))

    # A click on the most lagging unit's bar opens its indicators (the mouse reaches what is on
    # screen: the chart first scrolls into view).
    unit_bars(page).first.scroll_into_view_if_needed()
    box = unit_bars(page).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/perangkat-daerah/[^/]+/\?year=2021"))
    expect(page.locator("#indicator-table tbody tr").first).to_be_visible()
    screenshot("perangkat-daerah")

    page.locator("#indicator-table tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/indikator/"))
    expect(page.locator("#indicator-chart.drawn")).to_be_visible()
    # One line, the target (the other scatter traces are the legend's colour keys, without points).
    expect(page.locator("#indicator-chart .scatterlayer .trace .js-line")).to_have_count(1)
    expect(page.locator("#years-table tbody tr")).to_have_count(6)
    expect(page.locator("#history-table tbody tr").first).to_be_visible()
    screenshot("indicator")

    outside = [url for url in requests if not url.startswith((base, "data:", "blob:"))]
    assert outside == []


def test_the_table_sorts_and_the_page_switches_to_english(site, page, screenshot):
    first_cell = page.locator("#unit-table tbody tr td:nth-child(7)").first
    expect(page.locator("#unit-table th.sort-header").first).to_be_visible()  # script ready
    page.locator("#unit-table thead th", has_text="% tercapai").click()
    lowest = first_cell.inner_text()
    page.locator("#unit-table thead th", has_text="% tercapai").click()
    assert first_cell.inner_text() == "100,0%"
    assert lowest != "100,0%"

    page.get_by_role("button", name="EN").click()
    expect(page.locator("#headline")).to_contain_text(re.compile(r"193\s+of\s+270"))
    expect(page.locator("#headline")).to_contain_text("71.5%")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot("dashboard-english")


def test_the_dashboard_fits_a_phone(site, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#unit-chart.drawn")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot("dashboard-phone")
