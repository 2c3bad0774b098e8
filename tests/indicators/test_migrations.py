"""Migrations are history: ``migrate`` on an up-to-date database changes nothing (no DDL, no
trigger reinstalled, no role permission rewritten), the roles are set once by a migration and
reset on demand, and the whole history migrates down to zero and up again on both databases."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from indicators import roles, triggers
from tests.conftest import ROLES_AFTER_FLUSH, roles_again

pytestmark = pytest.mark.django_db(transaction=True)

DDL = re.compile(r"^\s*(CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def migrate_as_deployed():
    """``migrate`` with only the project's own handlers (the suite's flush helper set aside)."""
    post_migrate.disconnect(dispatch_uid=ROLES_AFTER_FLUSH)
    yield
    post_migrate.connect(roles_again, dispatch_uid=ROLES_AFTER_FLUSH)


def migrate(*args):
    call_command("migrate", *args, interactive=False, verbosity=0, stdout=StringIO())


def test_migrate_on_an_up_to_date_database_executes_no_ddl_and_no_write(migrate_as_deployed):
    with CaptureQueriesContext(connection) as executed:
        migrate()
    statements = [query["sql"] for query in executed.captured_queries]
    assert statements, "migrate ran no SQL at all: the capture is not working"
    assert [sql for sql in statements if DDL.match(sql)] == []
    assert [sql for sql in statements if WRITE.match(sql)] == []


def test_a_role_changed_in_the_admin_stays_changed_after_migrate(migrate_as_deployed):
    official = Group.objects.get(name=roles.OFFICIAL)
    kept = official.permissions.count()
    official.permissions.remove(Permission.objects.get(codename="view_revenuevalue"))
    migrate()
    assert official.permissions.count() == kept - 1
    assert not official.permissions.filter(codename="view_revenuevalue").exists()


def test_reset_roles_puts_the_definition_back(migrate_as_deployed):
    official = Group.objects.get(name=roles.OFFICIAL)
    wanted = set(official.permissions.values_list("codename", flat=True))
    official.permissions.clear()
    Group.objects.filter(name=roles.OPERATOR).delete()
    out = StringIO()
    call_command("reset_roles", stdout=out)
    assert set(official.permissions.values_list("codename", flat=True)) == wanted
    operator = Group.objects.get(name=roles.OPERATOR)
    assert set(operator.permissions.values_list("codename", flat=True)) == {
        codename for _app, codename in roles.OPERATOR_PERMISSIONS
    }
    assert roles.OPERATOR in out.getvalue()


def test_the_migrated_roles_are_the_definition():
    """Migration 0010 froze the roles as indicators.roles defines them today: a change to the
    definition needs a new migration (and this test says so)."""
    frozen = {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }
    for group in Group.objects.all():
        group.permissions.clear()
    roles.ensure_groups(Group, Permission)
    defined = {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }
    assert frozen == defined
    assert frozen[roles.PLANNER] > frozen[roles.OFFICIAL] > set()


def test_the_history_migrates_down_to_zero_and_up_again(migrate_as_deployed):
    migrate("indicators", "zero")
    tables = connection.introspection.table_names()
    assert "indicators_indicator" not in tables
    assert "budgets_revenuevalue" not in tables
    assert not triggers.installed(connection)
    migrate()
    assert "indicators_indicator" in connection.introspection.table_names()
    assert triggers.installed(connection)
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.PLANNER,
        roles.OFFICIAL,
        roles.OPERATOR,
    }
    assert (
        Group.objects.get(name=roles.OFFICIAL)
        .permissions.filter(codename="view_every_unit")
        .exists()
    )
