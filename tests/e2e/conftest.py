"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Where no Chromium is installed (a newcomer's laptop) these tests are skipped with the reason;
under CI (CI=true) a missing browser fails the run instead.
"""

import os
import shutil
import threading
import weakref
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.signals import connection_created

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# The database settings' name before pytest-django points them at the test database.
DATABASE_NAME = settings.DATABASES["default"]["NAME"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Django keeps a thread's connections in context variables (asgiref's Local). In a run with
# browser tests the main thread was seen with two connection objects, the first (opened while
# the database was set up) no longer the one its code reads, and open until the process ended:
# PostgreSQL then refused to drop the test database ("being accessed by other users"). Every
# connection the main thread opens is noted here and closed before the database goes.
_MAIN_THREAD_CONNECTIONS = weakref.WeakSet()


def _noted(sender, connection, **kwargs):
    if threading.current_thread() is threading.main_thread():
        _MAIN_THREAD_CONNECTIONS.add(connection)


connection_created.connect(_noted, dispatch_uid="e2e-main-thread-connections")


@pytest.fixture(scope="session", autouse=True)
def _main_thread_connections_closed(django_db_setup):
    """Torn down before ``django_db_setup`` (which it needs), that is before the database goes."""
    yield
    for connection in list(_MAIN_THREAD_CONNECTIONS):
        connection.close()


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but no Chromium at {CHROMIUM}: browser tests cannot run")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt install chromium to run them)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """The demo data (with its role users) loaded once for a module of browser tests that only read,
    on a live server of the module's own; the database is emptied again after the module's last test.

    pytest-django's ``live_server`` makes every test transactional: the database is flushed after
    each test, so each would load the demo again (seconds a test). A module that uses this fixture
    instead must not write plan data, and its tests carry no ``django_db`` mark."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    from demo import plan as demo

    with django_db_blocker.unblock():
        # pytest-django sets up the test database only for a run with a test marked for it; a run
        # of such modules alone has none, so the database is set up here.
        own_database = None
        if connection.settings_dict["NAME"] == DATABASE_NAME:
            own_database = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        demo.load_bekasi_demo()
        demo.ensure_demo_role_users(get_user_model())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False)
            if own_database is not None:
                teardown_databases(own_database, verbosity=0)
