"""The report pages and the outlook on a phone (390 px) and at 1366 px: no sideways page scroll
(wide tables scroll inside their own box), the table's box within the screen, and the print
view in landscape. Screenshots: test-results/screenshots/{phone,desktop}-report-*.png."""

import pytest
from playwright.sync_api import expect

from .test_phone import DESKTOP, PHONE, log_in, settle, sideways

# The demo is loaded once for the module (these tests only read): ``demo_server``.
pytestmark = [pytest.mark.e2e]

PAGES = [
    ("report-list", "/laporan/"),
    ("report-e79", "/laporan/e79/?year=2021&triwulan=2"),
    ("report-e78", "/laporan/e78/?year=2021"),
    ("report-tc27", "/laporan/tc27/?year=2021"),
    ("report-ringkasan", "/laporan/ringkasan/?year=2021"),
]


@pytest.fixture
def site(demo_server):
    return demo_server.url


def test_report_pages_fit_a_phone_and_a_desktop(site, page, screenshot):
    log_in(page, site, "perencana")
    problems = []
    for name, path in PAGES:
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            page.goto(site + path)
            page.wait_for_load_state("load")
            if (extra := sideways(page)) > 0:
                problems.append(f"{name}: {extra} px sideways at {size['width']} px")
            boxes = page.locator(".report-scroll, .table-wrap")
            box = boxes.first.bounding_box() if boxes.count() else None
            if box and box["x"] + box["width"] > size["width"] + 0.5:
                problems.append(f"{name}: the table's box ends at {box['x'] + box['width']:.0f} px")
            screenshot(f"{label}-{name}")
    assert problems == []


def test_a_wide_report_scrolls_inside_its_box(site, page):
    log_in(page, site, "pimpinan")
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/laporan/e78/?year=2021")
    scroll = page.locator(".report-scroll")
    inner = scroll.evaluate("box => box.scrollWidth - box.clientWidth")
    assert inner > 500  # the form is much wider than the phone: it scrolls in its box
    assert sideways(page) <= 0


def test_printed_the_menu_and_choices_are_left_out(site, page, screenshot):
    log_in(page, site, "perencana")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/laporan/ringkasan/?year=2021")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-choice")).to_be_hidden()
    expect(page.locator("#summary-lead")).to_contain_text("193 dari 270 indikator program")
    screenshot("print-report-ringkasan")


def test_the_dashboard_shows_the_outlook_and_the_at_risk_list(site, page, screenshot):
    log_in(page, site, "pimpinan")
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(f"{site}/?year=2021")
        settle(page)
        section = page.locator("#outlook")
        expect(section).to_contain_text("Proyeksi capaian hingga 2023")
        page.locator("#at-risk summary").click()
        expect(page.locator("#at-risk-table tbody tr").first).to_be_visible()
        assert sideways(page) <= 0, size
        screenshot(f"{label}-dashboard-outlook")


def test_the_pdf_is_made_then_offered_on_a_phone(site, page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(page, site, "perencana")
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/laporan/e79/?year=2021&perangkat_daerah=1.02.01")
    page.click("#report-pdf")  # the worker makes it (in tests: at once, inside the request)
    expect(page.locator("#prepared-pdf-title")).to_contain_text("sudah siap")
    assert sideways(page) <= 0
    screenshot("phone-report-pdf-ready")
    with page.expect_download() as download:
        page.click("#prepared-pdf-download")
    path = download.value.path()
    assert download.value.suggested_filename.startswith("e79-2021")
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
