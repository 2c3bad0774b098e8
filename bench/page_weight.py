"""Weigh and time pages as production serves them (never part of the test suite).

    DATABASE_URL=sqlite:////tmp/weight.sqlite3 .venv/bin/python bench/page_weight.py [--runs 3]

Migrates the database and loads the demo data when it has no plan, collects the static files into
a temporary directory (hashed, compressed names: CompressedManifestStaticFilesStorage), and serves
the app with gunicorn (DEBUG=False, WhiteNoise, PUBLIC_DASHBOARD=True so no login is needed). Then
Chromium (Playwright, CHROMIUM_PATH or /usr/bin/chromium) opens each page:

- bytes on the wire (Chromium's encodedDataLength: compressed bodies plus headers) of a first load
  with an empty cache and of a repeat visit;
- the time from navigation start until every chart is drawn (charts.js marks each with "drawn"),
  or until the load event on a page without charts, unthrottled and on DevTools' "Fast 3G" profile
  (562.5 ms latency, 180,000 B/s down, 84,375 B/s up, set by Network.emulateNetworkConditions).

Prints the median of --runs runs per figure.
"""

import argparse
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("dashboard", "/?year=2021"),
    ("perangkat daerah", "/perangkat-daerah/1.02.01/?year=2021"),
    ("indicator", "/indikator/IP.065/"),
    ("funding", "/pendanaan/?year=2021"),
    ("calendar", "/kalender/?year=2022"),
]
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 180_000,
    "uploadThroughput": 84_375,
}
# Set on every page before its scripts run: the moment the last chart is drawn, or the load event.
READY_PROBE = """
window.__ready = new Promise(resolve => {
  const done = () => resolve(performance.now());
  const check = () => {
    const charts = document.querySelectorAll('[data-chart]');
    if (![...charts].some(chart => !chart.classList.contains('drawn'))) { done(); return true; }
    return false;
  };
  window.addEventListener('load', () => {
    if (!document.querySelector('[data-chart]')) { done(); return; }
    if (check()) return;
    new MutationObserver(check).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['class']});
  });
});
"""


def production_environment(static_root):
    environment = dict(os.environ)
    environment.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        PUBLIC_DASHBOARD="True",
        STATIC_ROOT=str(static_root),
    )
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return environment


def manage(environment, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url} within {timeout} s")


class Wire:
    def __init__(self, session):
        self.session = session
        self.received = {}
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        self.received[event["requestId"]] = event["encodedDataLength"]

    def visit(self, page, url):
        """(bytes on the wire, ms until ready) for one navigation."""
        self.received.clear()
        page.goto(url, wait_until="load")
        ready = page.evaluate("window.__ready")
        page.wait_for_load_state("networkidle")
        return sum(self.received.values()), ready


def measure(base, runs, chromium):
    from playwright.sync_api import sync_playwright

    figures = {name: {} for name, _ in PAGES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name, path in PAGES:
            rows = {"first": [], "repeat": [], "ready": [], "ready 3G": [], "repeat ready 3G": []}
            for _ in range(runs):
                for throttled in (False, True):
                    context = browser.new_context(viewport={"width": 390, "height": 844})
                    context.add_init_script(READY_PROBE)
                    page = context.new_page()
                    session = context.new_cdp_session(page)
                    wire = Wire(session)
                    if throttled:
                        session.send("Network.emulateNetworkConditions", FAST_3G)
                    size, ready = wire.visit(page, base + path)
                    again, ready_again = wire.visit(page, base + path)
                    if throttled:
                        rows["ready 3G"].append(ready)
                        rows["repeat ready 3G"].append(ready_again)
                    else:
                        rows["first"].append(size)
                        rows["repeat"].append(again)
                        rows["ready"].append(ready)
                    context.close()
            figures[name] = {key: statistics.median(values) for key, values in rows.items()}
        browser.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a database of its own (never db.sqlite3).")
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

    static_root = Path(tempfile.mkdtemp(prefix="page-weight-static-"))
    environment = production_environment(static_root)
    try:
        manage(environment, "migrate", "--noinput", "-v", "0")
        manage(environment, "load_demo", "--no-user")
        manage(environment, "collectstatic", "--noinput", "-v", "0")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [str(gunicorn), "bekasi_plan.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2", "--log-level", "warning"],
            cwd=ROOT,
            env=environment,
        )
        try:
            wait_until_up(base)
            figures = measure(base, options.runs, chromium)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"median of {options.runs} runs, 390 × 844, gunicorn (2 workers), DEBUG=False")
    print(
        f"{'page':<18}{'first load':>12}{'repeat':>10}{'ready':>9}{'Fast 3G':>10}{'3G repeat':>11}"
    )
    for name, row in figures.items():
        print(
            f"{name:<18}{row['first'] / 1000:>9.1f} KB{row['repeat'] / 1000:>7.1f} KB"
            f"{row['ready']:>6.0f} ms{row['ready 3G'] / 1000:>8.2f} s"
            f"{row['repeat ready 3G'] / 1000:>9.2f} s"
        )


if __name__ == "__main__":
    main()
