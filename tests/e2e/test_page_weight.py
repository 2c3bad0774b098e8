"""The dashboard's weight on the wire in production: static files built by collectstatic
(hashed and compressed by WhiteNoise's storage), served by WhiteNoise with DEBUG=False, pages
compressed by Django. First load ≤ 600 KB, a repeat visit ≤ 60 KB (DESIGN.md's budget).

bench/page_weight.py measures the same under gunicorn, with the ready time on a throttled link.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from demo import plan as demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST_LOAD_BUDGET = 600_000  # bytes on the wire, headers included
REPEAT_BUDGET = 60_000


@pytest.fixture
def production_site(tmp_path):
    """The demo on a server that serves static files as production does: no test static handler."""
    demo.load_bekasi_demo()
    demo.ensure_demo_role_users(get_user_model())
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(DEBUG=False, STATIC_ROOT=tmp_path / "static", STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        shared = {
            c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()
        }
        # The WSGI handler as gunicorn runs it: WhiteNoise is its first static file server.
        thread = LiveServerThread("localhost", lambda app: app, connections_override=shared)
        thread.daemon = True
        for connection in shared.values():
            connection.inc_thread_sharing()
        thread.start()
        thread.is_ready.wait()
        try:
            if thread.error:
                raise thread.error
            yield f"http://localhost:{thread.port}"
        finally:
            thread.terminate()
            for connection in shared.values():
                connection.dec_thread_sharing()


class Wire:
    """Bytes received per response, as Chromium counts them (compressed body plus headers)."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.urls, self.received, self.statuses = {}, {}, {}
        self.session.on("Network.responseReceived", self._response)
        self.session.on("Network.loadingFinished", self._finished)

    def _response(self, event):
        self.urls[event["requestId"]] = event["response"]["url"]
        self.statuses[event["requestId"]] = event["response"]["status"]

    def _finished(self, event):
        self.received[event["requestId"]] = event["encodedDataLength"]

    def reset(self):
        self.urls.clear(), self.received.clear(), self.statuses.clear()

    def total(self):
        # Only responses that began after the last reset: a request of the page before (still
        # finishing when the count restarted) is not this load's weight.
        return sum(size for request, size in self.received.items() if request in self.urls)

    def by_url(self):
        return {self.urls[r]: size for r, size in self.received.items() if r in self.urls}


def load_dashboard(page, base):
    page.goto(f"{base}/?year=2021")
    expect(page.locator("#unit-chart.drawn")).to_be_visible()
    expect(page.locator("#band-chart.drawn")).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_the_dashboard_weighs_at_most_600_kb_and_60_kb_on_a_repeat_visit(production_site, page):
    page.goto(f"{production_site}/masuk/")
    page.fill("#id_username", "pimpinan")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    expect(page.locator("#headline")).to_be_visible()
    # The dashboard the login lands on finishes loading before the count starts.
    page.wait_for_load_state("networkidle")

    wire = Wire(page)
    wire.session.send("Network.clearBrowserCache")
    wire.reset()
    load_dashboard(page, production_site)
    first = wire.total()
    sizes = wire.by_url()
    assert all(status == 200 for status in wire.statuses.values()), wire.statuses
    plotly = [url for url in sizes if "/static/vendor/plotly/plotly-basic.min." in url]
    assert len(plotly) == 1  # the hashed name, served compressed
    assert 300_000 < sizes[plotly[0]] < 420_000

    wire.reset()
    load_dashboard(page, production_site)
    repeat = wire.total()

    print(f"\ndashboard on the wire: first load {first} bytes, repeat {repeat} bytes")
    assert first <= FIRST_LOAD_BUDGET, sorted(sizes.items(), key=lambda item: -item[1])[:4]
    assert repeat <= REPEAT_BUDGET, wire.by_url()
    # A repeat visit fetches the page only: every static file comes from the browser's cache.
    fetched = [url for url, size in wire.by_url().items() if "/static/" in url and size > 0]
    assert fetched == []
