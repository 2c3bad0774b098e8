from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from indicators import demo
from tests.factories import PlanFactory


@pytest.fixture
def plan(db):
    return PlanFactory(is_active=True)


@pytest.fixture
def demo_plan(db):
    """The Kota Bekasi demo data, as `make run` loads it."""
    return demo.load_bekasi_demo().plan


@contextmanager
def demo_world_for_module(django_db_blocker):
    """Load the demo data once for a whole test module, in a transaction rolled back at its end.

    Each test still runs in its own transaction (a savepoint inside this one), so what a test
    writes is undone before the next. Use it only in modules whose every test wants the demo data.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        plan = demo.load_bekasi_demo().plan
        demo.ensure_demo_role_users(get_user_model())
        yield plan
        transaction.set_rollback(True)


@pytest.fixture
def planner(db):
    """Planning staff (Bapelitbangda): every right on plan data."""
    return get_user_model().objects.create_user(
        "perencana.uji", password="rahasia-uji-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def outsider(db):
    """A logged-in user with no role."""
    return get_user_model().objects.create_user("tamu", password="rahasia-uji-123")
