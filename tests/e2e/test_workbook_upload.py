"""A planner's workbook upload in a real browser, with the real background worker: the upload
returns at once, the page shows the progress, then a preview listing the values; confirm
imports them."""

import contextlib
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from openpyxl import Workbook
from playwright.sync_api import expect

from demo import plan as demo
from indicators.models import Indicator, Realization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# On SQLite's shared in-memory test database one connection's write fails another's read at
# once ("database table is locked") where a database file would make the reader wait: the
# worker polls for tasks in an EXCLUSIVE transaction five times a second, and a page request
# that began reading in that moment failed (CI saw the confirm's progress page answer 500).
# There the worker and the live server take turns: one request or one worker step at a time.
TURNS = threading.Lock()


def taking_turns(app):
    def application(environ, start_response):
        with TURNS:
            return app(environ, start_response)

    return application


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.load_bekasi_demo()
    demo.ensure_demo_role_users(get_user_model())
    server = live_server.thread.httpd
    app = server.get_app()
    if connection.vendor == "sqlite":
        server.set_app(taking_turns(app))
    yield live_server.url
    server.set_app(app)


class WorkerThread:
    """The database worker (``manage.py db_worker``) in a thread, started when the test says.

    The test database on SQLite is in memory, where two connections writing one table at once
    fail at once instead of waiting: the worker is stopped while the test itself queues a task,
    and on SQLite each of its steps (the poll for a task, the task) waits its turn with the live
    server's requests.
    """

    def __init__(self, monkeypatch):
        self.runner = self.thread = None
        if connection.vendor == "sqlite":
            from django_tasks_db.management.commands import db_worker

            exclusive = db_worker.exclusive_transaction

            @contextlib.contextmanager
            def in_turn(using=None):
                with TURNS, exclusive(using):
                    yield

            monkeypatch.setattr(db_worker, "exclusive_transaction", in_turn)
            monkeypatch.setattr(db_worker.Worker, "run_task", in_turns(db_worker.Worker.run_task))

    def start(self):
        from django_tasks_db.management.commands.db_worker import Worker

        self.runner = Worker(
            queue_names=["default"],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e-worker",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self.run, args=(self.runner,), daemon=True)
        self.thread.start()

    @staticmethod
    def run(runner):
        from django.db import OperationalError, connections

        try:
            while runner.running:
                try:
                    runner.run()
                except OperationalError as error:  # the in-memory database's "table is locked"
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.1)
        finally:
            # The thread's own connection: left open, PostgreSQL's test database could not be
            # dropped at the end of the run ("being accessed by other users").
            connections.close_all()

    def stop(self):
        if self.runner is not None:
            self.runner.running = False
            self.thread.join(timeout=30)
            self.runner = None


def in_turns(run_task):
    def run_in_turn(self, task):
        with TURNS:
            return run_task(self, task)

    return run_in_turn


@pytest.fixture
def worker(monkeypatch):
    thread = WorkerThread(monkeypatch)
    yield thread
    thread.stop()


def test_upload_shows_progress_then_the_values_and_confirm_imports_them(
    site, page, worker, screenshot, tmp_path
):
    codes = list(
        Indicator.objects.filter(level="program", direction="higher")
        .order_by("code")
        .values_list("code", flat=True)[:150]
    )
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Matriks"
    ws.append(["Kode Indikator", "Realisasi 2023"])
    for number, code in enumerate(codes):
        ws.append([code, f"{1000 + number},5"])
    path = tmp_path / "isian-2023.xlsx"
    workbook.save(path)

    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "perencana")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site}/admin/indicators/indicator/workbook/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.click("input[type=submit].default")
    expect(page.locator("#workbook-progress")).to_be_visible()
    # The upload request only stores and queues: nothing is read before the worker runs.
    expect(page.locator("#workbook-changes")).to_have_count(0)
    screenshot("workbook-progress")

    worker.start()
    expect(page.locator("#workbook-changes")).to_be_visible(timeout=30_000)
    rows = page.locator("#workbook-changes tbody tr")
    expect(rows).to_have_count(100)  # the first page of 150 new values
    expect(rows.first).to_contain_text(codes[0])
    expect(rows.first).to_contain_text("1.000,5")  # Indonesian, as typed
    expect(page.locator(".paginator")).to_contain_text("150")
    # The worker stopped before the test reads: on SQLite's shared in-memory test database a
    # worker's write (claiming its next task) locks the tables and the read fails at once.
    worker.stop()
    assert not Realization.objects.filter(year=2023, indicator__code__in=codes).exists()
    screenshot("workbook-preview")

    page.click("input[name=confirm]")
    expect(page.locator("#workbook-progress")).to_be_visible()
    worker.start()
    expect(page.locator("#workbook-imported")).to_be_visible(timeout=30_000)
    screenshot("workbook-imported")
    worker.stop()
    stored = Realization.objects.filter(year=2023, indicator__code__in=codes)
    assert stored.count() == len(codes)
    first = stored.get(indicator__code=codes[0])
    assert str(first.value) == "1000.5000"
    assert first.history.get().history_user.username == "perencana"
