"""Every page on an official's or an operator's phone (390 × 844, and 360 and 414 px wide): no
sideways scroll, what matters in view, charts without a mode bar; the same pages at 1366 px.

Screenshots go to test-results/screenshots/ (phone-*.png, desktop-*.png) to be looked at.
"""

import re

import pytest
from playwright.sync_api import expect

from demo import plan as demo

# The demo is loaded once for the module (these tests only read): ``demo_server``.
pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
OTHER_PHONES = (360, 414)

# (screenshot name, path, what must be on screen: selectors that must lie within the phone's width)
PAGES = [
    (
        "dashboard",
        "/?year=2021",
        [
            '#unit-table thead th:text-is("% tercapai")',
            "#unit-table tbody tr >> nth=0 >> td >> nth=6",
        ],
    ),
    (
        "perangkat-daerah",
        "/perangkat-daerah/1.02.01/?year=2021",
        [
            '#indicator-table tbody tr >> nth=0 >> td[data-label="Capaian"]',
            "#indicator-table tbody tr >> nth=0 >> td.status",
        ],
    ),
    (
        "indicator",
        "/indikator/IP.065/",
        ["#years-table tbody tr >> nth=1 >> td.status", "#indicator-chart"],
    ),
    ("range-indicator", "/indikator/IP.056/", ["#years-table tbody tr >> nth=1 >> td.status"]),
    (
        "operator-list",
        "/realisasi/?year=2022",
        ["#realization-table tbody tr >> nth=0 >> a.button"],
    ),
    ("operator-form", "/realisasi/IP.065/2022/", ["#id_value", "button[name=submit]"]),
    (
        "revenue",
        "/pendapatan/?year=2021",
        ['#revenue-table tbody tr >> nth=0 >> td[data-label="% terealisasi"]'],
    ),
    (
        "funding",
        "/pendanaan/?year=2021",
        ["#scheme-table tfoot", "#program-table tbody tr >> nth=0 >> td >> nth=6"],
    ),
    ("needs", "/pendanaan/kebutuhan/?year=2021", ["#needs-table tr.selected td.gap >> nth=0"]),
    ("strategic-issues", "/isu-strategis/", [".issue-card >> nth=0"]),
    ("stages", "/tahapan/", [".timeline-year >> nth=0"]),
    ("calendar", "/kalender/?year=2022", ["#calendar-table tbody tr >> nth=0 >> td.planned"]),
    (
        "verification",
        "/verifikasi/?year=2021&status=all&perangkat_daerah=1.02.01",
        [
            '#verification-table tbody tr >> nth=0 >> td[data-label="Status"]',
            '#verification-table tbody tr >> nth=0 >> td[data-label="Capaian"]',
        ],
    ),
    ("verification-submitted", "/verifikasi/?year=2022", [".bulk-actions, .card-empty"]),
    ("year-lock", "/verifikasi/kunci/?year=2022", ["#unverified-summary", "button.primary"]),
    ("audit", "/audit/", ["#audit-table tbody tr >> nth=0 >> td >> nth=0", ".pagination"]),
]


@pytest.fixture
def site(demo_server):
    return demo_server.url


def sideways(page):
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def outside_the_width(page, selector):
    """Why the element is not fully on a phone's screen across, or None when it is."""
    element = page.locator(selector).first
    if not element.is_visible():
        return "not visible"
    box = element.bounding_box()
    width = page.viewport_size["width"]
    if box["x"] < 0 or box["x"] + box["width"] > width + 0.5:
        return f"from {box['x']:.0f} to {box['x'] + box['width']:.0f} px of {width}"
    return None


def settle(page):
    """Wait until every chart of the page is drawn (charts.js marks each one)."""
    page.wait_for_load_state("load")
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        expect(charts.nth(index)).to_have_class(re.compile(r"\bdrawn\b"))


def log_in(page, base, username):
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()


def test_every_page_fits_a_phone_and_keeps_what_matters_in_view(site, page, screenshot):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/masuk/")
    problems = []
    if sideways(page) > 0:
        problems.append(f"login: {sideways(page)} px sideways")
    screenshot("phone-login")
    log_in(page, site, "perencana")

    for name, path, must_see in PAGES:
        page.set_viewport_size(PHONE)
        requests.clear()
        page.goto(site + path)
        settle(page)
        if (extra := sideways(page)) > 0:
            problems.append(f"{name}: {extra} px sideways at 390 px")
        for selector in must_see:
            if (why := outside_the_width(page, selector)) is not None:
                problems.append(f"{name}: {selector} {why}")
        if page.locator(".modebar").count():
            problems.append(f"{name}: a chart shows plotly's mode bar")
        has_charts = page.locator("[data-chart]").count() > 0
        loaded_plotly = any("plotly" in url for url in requests)
        if loaded_plotly != has_charts:
            problems.append(f"{name}: charts {has_charts}, plotly.js loaded {loaded_plotly}")
        screenshot(f"phone-{name}")

        for width in OTHER_PHONES:
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(300)  # charts follow the width after a short delay
            if (extra := sideways(page)) > 0:
                problems.append(f"{name}: {extra} px sideways at {width} px")
            for selector in must_see:
                if (why := outside_the_width(page, selector)) is not None:
                    problems.append(f"{name} at {width} px: {selector} {why}")

        page.set_viewport_size(DESKTOP)
        page.reload()
        settle(page)
        if (extra := sideways(page)) > 0:
            problems.append(f"{name}: {extra} px sideways at 1366 px")
        screenshot(f"desktop-{name}")

    assert problems == []


def test_tables_inside_their_cards(site, page):
    """Pendanaan's "Per skema" table stayed wider than the card that holds it."""
    log_in(page, site, "pimpinan")
    for width in (360, 390, 414, 900, 1024, 1200, 1366):
        size = {"width": width, "height": 800}
        page.set_viewport_size(size)
        page.goto(f"{site}/pendanaan/?year=2021")
        table = page.locator("#scheme-table").bounding_box()
        card = page.locator("#scheme-table").locator("xpath=ancestor::section[1]").bounding_box()
        assert table["x"] + table["width"] <= card["x"] + card["width"], size


def test_on_a_phone_the_operator_reaches_the_form_from_the_card(site, page):
    page.set_viewport_size(PHONE)
    log_in(page, site, "operator.dinkes")
    page.goto(f"{site}/realisasi/?year=2022")
    card = page.locator("#realization-table tbody tr").first
    expect(card.locator("a.button")).to_have_text("Isi")
    expect(card.locator('td[data-label="Target"]')).to_be_visible()
    card.locator("a.button").click()
    page.wait_for_url(re.compile(r"/realisasi/[^/]+/2022/$"))
    expect(page.locator("#id_value")).to_be_visible()


def test_the_band_chart_names_the_bands_range_in_its_tooltip(site, page):
    log_in(page, site, "pimpinan")
    page.goto(f"{site}/?year=2021")
    settle(page)
    trace = page.evaluate("document.getElementById('band-chart').data[0]")
    assert trace["customdata"] == ["≥ 91%", "76–<91%", "66–<76%", "51–<66%", "< 51%"]
    # The mouse reaches what is on screen: the chart first scrolls into view.
    page.locator("#band-chart").scroll_into_view_if_needed()
    box = page.locator("#band-chart .point").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # On a narrow chart the band's name is on two lines, in the tooltip too.
    expect(page.locator("#band-chart .hoverlayer")).to_contain_text(
        re.compile(r"Sangat\s*Tinggi \(≥ 91%\): 232")
    )


def test_the_indicator_chart_names_each_colour_of_its_bars(site, page):
    log_in(page, site, "pimpinan")
    page.goto(f"{site}/indikator/IP.065/")
    settle(page)
    legend = page.locator("#indicator-chart .legend")
    expect(legend).to_contain_text("realisasi: tercapai")
    expect(legend).to_contain_text("realisasi: belum tercapai")
    expect(legend).not_to_contain_text("realisasi: belum ada data")  # no bar, no entry


def test_every_trace_type_drawn_is_in_the_vendored_build(site, page):
    log_in(page, site, "pimpinan")
    for path in (
        "/?year=2021",
        "/indikator/IP.065/",
        "/indikator/IP.056/",
        "/pendapatan/",
        "/pendanaan/",
        "/pendanaan/kebutuhan/",
    ):
        page.goto(site + path)
        settle(page)
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('[data-chart]')].flatMap(element =>
                 JSON.parse(document.getElementById(element.dataset.chart).textContent).data
                   .map(trace => trace.type || 'scatter'))"""
        )
        available = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
        assert drawn and set(drawn) <= set(available), (path, drawn)
