import pytest
from django.contrib.auth import get_user_model

from indicators.models import PerangkatDaerah


@pytest.fixture
def demo_plan(module_demo_plan):
    """Every module here reads the demo: loaded once a module, each test's writes rolled back."""
    return module_demo_plan


@pytest.fixture
def people(demo_plan):
    users = {u.username: u for u in get_user_model().objects.all()}
    return {
        "planner": users["perencana"],
        "operator": users["operator.dinkes"],
        "official": users["pimpinan"],
    }


@pytest.fixture
def dinkes(demo_plan):
    return PerangkatDaerah.objects.get(name="Dinas Kesehatan")
