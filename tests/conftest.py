import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_migrate
from django.test import override_settings

from demo import plan as demo
from indicators.models import PerangkatDaerah, Plan
from tests.factories import PlanFactory


def roles_again(sender, using, **kwargs):
    """After a flush (the end of every transactional test), the role groups as migration 0010 made
    them. Runs for the last app's signal, once every app's permissions exist again."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from indicators import roles

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        roles.ensure_groups(Group, Permission)


ROLES_AFTER_FLUSH = "tests-roles-after-flush"


@pytest.fixture(scope="session", autouse=True)
def roles_after_flush():
    """``migrate`` no longer sets the roles (a migration did, once); a flush empties their table."""
    post_migrate.connect(roles_again, dispatch_uid=ROLES_AFTER_FLUSH)
    yield
    post_migrate.disconnect(dispatch_uid=ROLES_AFTER_FLUSH)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Passwords hashed cheaply in tests, as Django advises: PBKDF2's million rounds take 0.56 s a
    password on these machines, and the demo's role users, the logins of the browser tests and the
    permission matrix hash hundreds (production keeps the default hashers)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background tasks (workbook previews and imports) run at once, inside the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a flushed test database reuses ids and versions."""
    cache.clear()


@pytest.fixture
def plan(db):
    return PlanFactory(is_active=True)


@pytest.fixture
def demo_plan(db):
    """The Kota Bekasi demo data, as `make run` loads it."""
    return demo.load_bekasi_demo().plan


@pytest.fixture(scope="module")
def module_demo_world(django_db_setup, django_db_blocker):
    """The demo data (and demo users) loaded once for a whole test module, rolled back at its end.

    Each test still runs in its own transaction (a savepoint inside this one), so what a test
    writes is undone before the next. A module whose every test wants the demo data opts in by
    overriding ``demo_plan`` with ``module_demo_plan``.
    """
    yield from demo_world_rolled_back(django_db_blocker)


@pytest.fixture
def module_demo_plan(module_demo_world, db):
    return Plan.objects.get(pk=module_demo_world.pk)


@pytest.fixture(scope="class")
def class_demo_world(django_db_setup, django_db_blocker):
    """As ``module_demo_world``, for one test class (its module's other tests go without)."""
    yield from demo_world_rolled_back(django_db_blocker)


@pytest.fixture
def class_demo_plan(class_demo_world, db):
    return Plan.objects.get(pk=class_demo_world.pk)


def demo_world_rolled_back(django_db_blocker):
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
def official(db):
    """An official (Pimpinan): reads every page, the API and the exports; changes nothing."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("pimpinan.uji", password="rahasia-uji-123")
    user.groups.add(Group.objects.get(name="Pimpinan"))
    return user


@pytest.fixture
def outsider(db):
    """A logged-in user with no role."""
    return get_user_model().objects.create_user("tamu", password="rahasia-uji-123")


@pytest.fixture
def people(demo_plan):
    """The demo users by role: a planner, two operators (Dinkes, Disdik), an official, and a
    visitor who is not logged in (None)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    return {
        "anonymous": None,
        "planner": users["perencana"],
        "operator": users["operator.dinkes"],
        "other_operator": users["operator.disdik"],
        "official": users["pimpinan"],
    }


@pytest.fixture
def dinkes(demo_plan):
    """The demo's Dinas Kesehatan (the unit of the operator among ``people``)."""
    return PerangkatDaerah.objects.get(name="Dinas Kesehatan")
