"""Two app servers on one PostgreSQL database behave as one (the scale-out of the README).

Two gunicorn instances on two loopback ports and one task worker, all three separate processes
on the test database, with the database cache (``CACHE_BACKEND=db``) as their shared cache and
one media folder as their shared storage:

* a login made through the first is valid on the second (sessions in the database);
* a realisation changed through the second is counted by the first on its next request (the
  cached dashboard result of the first is not served stale);
* a workbook upload previewed through the first is confirmed through the second, and imported.

PostgreSQL only: SQLite's test database lives in the test process's memory, where no other
process can reach it.
"""

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from openpyxl import Workbook

from core import numbers
from demo import plan as demo
from indicators.models import Realization, Target

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: other processes cannot reach SQLite's in-memory test database "
        "(runs in the PostgreSQL leg of .ci/run)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "dua-server-satu-db-2021"
YEAR = 2021


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "postgres")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def environment(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_BACKEND": "db",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "True",
        "SECRET_KEY": "two-app-servers-share-this-secret-key-0123456789-abcdefghij",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    return env


class Processes:
    def __init__(self, env, logs):
        self.env, self.logs, self.running = env, logs, []

    def start(self, name, *command):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115  (closed in stop)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.running.append((process, log))
        return process

    def app_server(self, name):
        port = free_port()
        self.start(
            name,
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "bekasi_plan.wsgi:application",
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return base
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not start: {(self.logs / f'{name}.log').read_text()}")

    def stop(self):
        for process, _log in self.running:
            process.send_signal(signal.SIGTERM)
        for process, log in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@pytest.fixture
def processes(environment, tmp_path):
    running = Processes(environment, tmp_path)
    yield running
    running.stop()


class Browser:
    """One browser: one cookie jar, whichever server it talks to (cookies ignore the port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, url, fields, files=None):
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if files:
            boundary = uuid.uuid4().hex
            body = BytesIO()
            for name, value in fields.items():
                body.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for name, (filename, content) in files.items():
                body.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                )
                body.write(content + b"\r\n")
            body.write(f"--{boundary}--\r\n".encode())
            data, kind = body.getvalue(), f"multipart/form-data; boundary={boundary}"
        else:
            data, kind = (
                urllib.parse.urlencode(fields).encode(),
                "application/x-www-form-urlencoded",
            )
        request = urllib.request.Request(url, data=data, headers={"Content-Type": kind})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def json(self, url):
        return json.loads(self.get(url)[1])


def not_achieved_indicators(plan, count):
    """Program indicators that rise, with a target and a realisation below it in YEAR."""
    found = []
    targets = Target.objects.filter(
        indicator__plan=plan,
        indicator__level="program",
        indicator__direction="higher",
        year=YEAR,
        value__gt=0,
    ).select_related("indicator")
    for target in targets.order_by("indicator__code"):
        realization = Realization.objects.filter(indicator=target.indicator, year=YEAR).first()
        if realization and realization.value < target.value:
            found.append((target.indicator, target.value))
        if len(found) == count:
            return found
    raise AssertionError("the demo data has too few unachieved rising indicators")


def wait_for_status(browser, url, wanted, seconds=40):
    deadline = time.monotonic() + seconds
    state = {}
    while time.monotonic() < deadline:
        state = browser.json(url)
        if state["status"] in wanted:
            return state["status"]
        time.sleep(0.3)
    raise AssertionError(f"upload stuck at {state}")


def test_two_app_servers_on_one_database_behave_as_one(processes):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: other processes cannot reach SQLite's in-memory test database"
        )
    plan = demo.load_bekasi_demo().plan
    plan.count_verified_only = False
    plan.save()
    # Hashed as the app servers (production settings, other processes) check it, not with the
    # suite's cheap hasher.
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        get_user_model().objects.create_user(
            "perencana.dua", password=PASSWORD, is_staff=True, is_superuser=True
        )
    (by_form, form_target), (by_upload, upload_target) = not_achieved_indicators(plan, 2)

    first = processes.app_server("first")
    second = processes.app_server("second")
    processes.start("worker", sys.executable, "manage.py", "db_worker", "--interval", "0.2")
    api = f"/api/v1/achievement?year={YEAR}&verified=0"

    # A login made through the first is valid on the second.
    browser = Browser()
    browser.get(f"{first}/masuk/")
    landed, _page = browser.post(
        f"{first}/masuk/", {"username": "perencana.dua", "password": PASSWORD}
    )
    assert "/masuk/" not in landed, "the login was refused"
    landed, page = browser.get(f"{second}/")
    assert urllib.parse.urlsplit(landed).path == "/", f"the second server sent {landed}"
    assert 'action="/keluar/"' in page, "the second server does not know the login"
    before = browser.json(f"{first}{api}")  # cached by the first from here on
    assert browser.json(f"{first}{api}") == before

    # A realisation changed through the second is counted by the first on its next request.
    edit = f"{second}/realisasi/{by_form.code}/{YEAR}/"
    _url, form = browser.get(edit)
    version = form.split('name="version" value="', 1)[1].split('"', 1)[0]
    browser.post(
        edit, {"value": numbers.format_input(form_target * 2), "note": "", "version": version}
    )
    assert Realization.objects.get(indicator=by_form, year=YEAR).value == form_target * 2
    after_form = browser.json(f"{first}{api}")
    assert after_form["achieved"] == before["achieved"] + 1

    # An upload previewed through the first is confirmed through the second.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Realisasi"
    sheet.append(["Kode Indikator", "Tahun", "Target", "Realisasi", "Keterangan"])
    sheet.append([by_upload.code, YEAR, None, float(upload_target * 3), "dua server"])
    content = BytesIO()
    workbook.save(content)
    uploads = f"{first}/admin/indicators/indicator/workbook/upload/"
    browser.get(uploads)
    status_url, _page = browser.post(
        uploads, {}, files={"file": ("realisasi-2021.xlsx", content.getvalue())}
    )
    token = urllib.parse.urlsplit(status_url).path.rstrip("/").rsplit("/", 1)[1]
    admin = "/admin/indicators/indicator/workbook"
    assert (
        wait_for_status(browser, f"{first}{admin}/{token}/progress/", {"previewed", "failed"})
        == "previewed"
    )
    browser.post(f"{second}{admin}/{token}/confirm/", {})
    assert (
        wait_for_status(browser, f"{second}{admin}/{token}/progress/", {"imported", "failed"})
        == "imported"
    )
    assert Realization.objects.get(indicator=by_upload, year=YEAR).value == Decimal(
        upload_target * 3
    )
    assert browser.json(f"{first}{api}")["achieved"] == before["achieved"] + 2
