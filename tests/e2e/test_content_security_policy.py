"""The Content-Security-Policy is sent, and every page, charts included, works under it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

PASSWORD = "rahasia-uji-123"

# The demo is loaded once for the module (these tests only read): ``demo_server``.
pytestmark = [pytest.mark.e2e]

# Recorded inside the page before any of its own scripts run (an init script is not subject to
# the page's policy): every violation the browser reports, as the event carries it.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


@pytest.fixture(scope="module")
def superuser(demo_server):
    get_user_model().objects.create_user(
        "perencana.csp", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def planner_site(demo_server, superuser, page):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused to" in message.text else None,
    )
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(f"{demo_server.url}/masuk/")
    page.fill("#id_username", "perencana.csp")
    page.fill("#id_password", PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()
    return demo_server.url, refused


def violations(page, refused):
    return refused + page.evaluate("window.__violations || []")


def test_the_policy_header_is_sent(planner_site, page):
    base, _ = planner_site
    response = page.goto(f"{base}/?year=2021")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'self'" in policy
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_the_dashboards_charts_draw_without_a_violation(planner_site, page):
    base, refused = planner_site
    page.goto(f"{base}/?year=2021")
    for chart in ("#unit-chart", "#band-chart"):
        expect(page.locator(f"{chart}.drawn")).to_be_visible()
        expect(page.locator(f"{chart} svg.main-svg .barlayer .point").first).to_be_attached()
    # The filters still send themselves (the handler now lives in a static file).
    page.select_option("select[name=year]", "2020")
    page.wait_for_url(re.compile(r"year=2020"))
    expect(page.locator("#unit-chart svg.main-svg .barlayer .point").first).to_be_attached()
    assert violations(page, refused) == []


@pytest.mark.parametrize(
    "path, drawn",
    [
        ("/perangkat-daerah/{unit}/?year=2021", None),
        ("/indikator/{indicator}/?year=2021", "#indicator-chart"),
        ("/pendapatan/?year=2021", "#accounts-chart"),
        ("/pendanaan/?year=2021", "#mix-chart"),
        ("/pendanaan/kebutuhan/?year=2021", "#needs-chart"),
        ("/isu-strategis/", None),
        ("/tahapan/", None),
        ("/kalender/", None),
        ("/realisasi/", None),
        ("/audit/", None),
        ("/admin/", None),
        ("/admin/indicators/indicator/", None),
        ("/admin/indicators/indicator/add/", None),
        ("/admin/indicators/indicator/workbook/upload/", None),
        ("/admin/indicators/realization/export/", None),
        ("/admin/indicators/indicator/{indicator_pk}/history/", None),
        ("/admin/indicators/indicator/{indicator_pk}/change/", None),
    ],
)
def test_a_page_works_under_the_policy(planner_site, page, path, drawn):
    from indicators.models import Indicator, PerangkatDaerah

    base, refused = planner_site
    indicator = Indicator.objects.order_by("code").first()
    unit = PerangkatDaerah.objects.order_by("code").first()
    response = page.goto(
        base + path.format(unit=unit.code, indicator=indicator.code, indicator_pk=indicator.pk)
    )
    assert response.status == 200
    assert "content-security-policy" in response.headers
    if drawn:
        expect(page.locator(f"{drawn} svg.main-svg").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert violations(page, refused) == []
