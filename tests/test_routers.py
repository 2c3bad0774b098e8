"""The read replica (DATABASE_REPLICA_URL): read-only pages read from it; writes, reads inside a
write, and a browser's requests for a few seconds after it wrote stay on the primary.

The replica here is a second connection to the test database (``TEST: MIRROR``, as settings.py
configures it): which connection a query went through is what the tests look at.
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext

from bekasi_plan import routers

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A ``replica`` alias on the test database, as DATABASE_REPLICA_URL would make it."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[routers.REPLICA] = {**primary, "TEST": {"MIRROR": DEFAULT_DB_ALIAS}}
    yield
    with django_db_blocker.unblock():
        connections[routers.REPLICA].close()
    del connections[routers.REPLICA]
    del connections.settings[routers.REPLICA]


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = ["bekasi_plan.routers.ReplicaRouter"]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:2],
        "bekasi_plan.routers.PrimaryAfterWriteMiddleware",
        *settings.MIDDLEWARE[2:],
    ]
    settings.REPLICA_STICKY_SECONDS = 5


@pytest.fixture
def reader(client, planner, plan):
    client.force_login(planner)
    return client


def queries_on_each(client, *args, method="get", **kwargs):
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[routers.REPLICA]) as replica,
    ):
        response = getattr(client, method)(*args, **kwargs)
    return response, len(primary), len(replica)


def test_the_dashboard_and_the_api_read_from_the_replica(routed, reader, plan):
    response, on_primary, on_replica = queries_on_each(reader, "/")
    assert response.status_code == 200
    assert on_replica > 0
    assert on_primary == 0
    response, on_primary, on_replica = queries_on_each(reader, "/api/v1/achievement?year=2021")
    assert response.status_code in (200, 400)
    assert on_replica > 0
    assert on_primary == 0


def test_pages_that_write_read_from_the_primary(routed, reader):
    response, _on_primary, on_replica = queries_on_each(reader, "/realisasi/")
    assert response.status_code in (200, 403)
    assert on_replica == 0


def test_after_a_write_the_browser_reads_from_the_primary_for_a_while(routed, reader):
    response, on_primary, on_replica = queries_on_each(
        reader, "/i18n/setlang/", method="post", data={"language": "id", "next": "/"}
    )
    assert routers.STICKY_COOKIE in response.cookies
    assert response.cookies[routers.STICKY_COOKIE]["max-age"] == 5
    assert on_replica == 0
    response, on_primary, on_replica = queries_on_each(reader, "/")
    assert response.status_code == 200
    assert on_replica == 0
    assert on_primary > 0
    # Once the cookie has expired, the dashboard reads from the replica again.
    del reader.cookies[routers.STICKY_COOKIE]
    _response, _on_primary, on_replica = queries_on_each(reader, "/")
    assert on_replica > 0


def test_a_read_after_a_write_in_the_same_request_stays_on_the_primary(routed):
    router = routers.ReplicaRouter()
    with routers.request_scope():
        routers.allow_replica()
        assert router.db_for_read(None) == routers.REPLICA
        with transaction.atomic():
            assert router.db_for_read(None) == DEFAULT_DB_ALIAS
        assert router.db_for_read(None) == routers.REPLICA
        assert router.db_for_write(None) == DEFAULT_DB_ALIAS
        assert router.db_for_read(None) == DEFAULT_DB_ALIAS


def test_outside_a_request_everything_uses_the_primary(routed):
    assert routers.ReplicaRouter().db_for_read(None) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only():
    router = routers.ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "indicators")
    assert not router.allow_migrate(routers.REPLICA, "indicators")


def test_every_replica_view_is_a_url_name_of_the_project():
    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    from django.conf import settings

    known = set(names(get_resolver().url_patterns))
    assert set(settings.REPLICA_VIEWS) - known == set()
    assert {"home", "report", "open_data_file"} <= set(settings.REPLICA_VIEWS)
