"""The session, the user and their permissions read by compiled statements (core.sessions,
core.auth_backend): what Django's own engine and backend read, in fewer queries."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import statements
from core.auth_backend import ModelBackend
from core.sessions import SessionStore

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_a_session_written_by_djangos_engine_reads_back_the_same():
    written = DjangoSessionStore()
    written.update({"_auth_user_id": "7", "note": "Capaian ≥ 100 %", "year": 2021})
    written.create()
    with CaptureQueriesContext(connection) as queries:
        read = SessionStore(written.session_key)
        assert dict(read.items()) == dict(DjangoSessionStore(written.session_key).items())
    assert dict(read.items()) == {"_auth_user_id": "7", "note": "Capaian ≥ 100 %", "year": 2021}
    assert read.session_key == written.session_key
    assert len(queries) == 2  # ours, then Django's for the comparison


def test_an_expired_or_unknown_session_is_none_as_with_django():
    written = DjangoSessionStore()
    written["year"] = 2021
    written.create()
    Session.objects.filter(pk=written.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (written.session_key, "x" * 32):
        ours, djangos = SessionStore(key), DjangoSessionStore(key)
        assert dict(ours.items()) == dict(djangos.items()) == {}
        assert ours.session_key is djangos.session_key is None
    # A key stood in for: two sessions, each reads its own.
    other = DjangoSessionStore()
    other["year"] = 2022
    other.create()
    Session.objects.filter(pk=written.session_key).update(
        expire_date=timezone.now() + timedelta(days=1)
    )
    assert SessionStore(written.session_key)["year"] == 2021
    assert SessionStore(other.session_key)["year"] == 2022


def test_a_session_saved_by_ours_is_one_djangos_reads():
    ours = SessionStore()
    ours["year"] = 2023
    ours.create()
    ours["misi"] = 2
    ours.save()
    assert dict(DjangoSessionStore(ours.session_key).items()) == {"year": 2023, "misi": 2}


@pytest.fixture
def people():
    can = Permission.objects.get(codename="view_indicator")
    verify = Permission.objects.get(codename="change_group")
    lock = Permission.objects.get(codename="add_user")
    readers = Group.objects.create(name="test readers")
    readers.permissions.set([can])
    checkers = Group.objects.create(name="test checkers")
    checkers.permissions.set([can, verify])
    made = {
        "groups": User.objects.create_user("groups"),
        "own": User.objects.create_user("own"),
        "both": User.objects.create_user("both"),
        "none": User.objects.create_user("none"),
        "inactive": User.objects.create_user("inactive", is_active=False),
        "superuser": User.objects.create_superuser("superuser"),
    }
    made["groups"].groups.set([readers, checkers])
    made["own"].user_permissions.set([lock])
    made["both"].groups.set([checkers])
    made["both"].user_permissions.set([lock, verify])
    made["inactive"].groups.set([checkers])
    return made


def test_every_permission_djangos_backend_finds_and_no_other(people):
    for name, user in people.items():
        expected = DjangoModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
        fresh = User.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            found = ModelBackend().get_all_permissions(fresh)
            again = ModelBackend().get_all_permissions(fresh)
        assert again is found or name == "inactive"  # kept on the user (none for the inactive)
        assert found == expected, name
        # One statement; none for the inactive; a superuser's every permission, Django's two.
        assert len(queries) == {"inactive": 0, "superuser": 2}.get(name, 1), name
        # Django's backend, asked next, reads what ours kept instead of reading again.
        with CaptureQueriesContext(connection) as queries:
            assert DjangoModelBackend().get_all_permissions(fresh) == expected
        assert len(queries) == 0
    assert ModelBackend().get_all_permissions(people["both"]) == {
        "indicators.view_indicator",
        "auth.change_group",
        "auth.add_user",
    }
    assert ModelBackend().has_perm(people["groups"], "auth.change_group")
    assert not ModelBackend().has_perm(people["own"], "auth.change_group")
    assert (
        len(ModelBackend().get_all_permissions(people["superuser"])) == Permission.objects.count()
    )


def test_the_user_read_is_the_one_djangos_backend_reads(people):
    for name, user in people.items():
        with CaptureQueriesContext(connection) as queries:
            ours = ModelBackend().get_user(str(user.pk))  # the session keeps the key as text
        theirs = DjangoModelBackend().get_user(user.pk)
        assert len(queries) == 1
        if name == "inactive":
            assert ours is theirs is None
            continue
        assert type(ours) is User
        for field in User._meta.concrete_fields:
            assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
        assert ours._state.db == theirs._state.db and not ours._state.adding
    assert ModelBackend().get_user(people["both"].pk + 1000) is None


def test_a_stand_in_the_sql_does_not_take_is_refused():
    found = statements.statement(
        User, ("test.no stand-in",), lambda: User.objects.values_list("pk")
    )
    with pytest.raises(ValueError, match="no parameter"):
        found.rows_with(1, -5)


def test_a_logged_in_page_reads_session_user_and_permissions_in_three_queries(client, people):
    client.force_login(people["groups"])
    client.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    tables = [query["sql"].split(" FROM ")[1].split()[0] for query in queries.captured_queries]
    assert tables[:3] == ['"django_session"', '"auth_user"', '"auth_permission"']
    assert sum(table == '"auth_permission"' for table in tables) == 1
