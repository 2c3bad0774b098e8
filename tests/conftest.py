import pytest
from django.contrib.auth import get_user_model

from indicators import demo
from tests.factories import PlanFactory


@pytest.fixture
def plan(db):
    return PlanFactory(is_active=True)


@pytest.fixture
def demo_plan(db):
    """The Kota Bekasi demo data, as `make run` loads it."""
    return demo.load_bekasi_demo().plan


@pytest.fixture
def planner(db):
    """Planning staff (Bapelitbangda): every right on plan data."""
    return get_user_model().objects.create_user(
        "perencana", password="rahasia-uji-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def outsider(db):
    """A logged-in user with no role."""
    return get_user_model().objects.create_user("tamu", password="rahasia-uji-123")
