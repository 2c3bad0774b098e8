"""The read cache in a service every app server shares: Redis (REDIS_URL) and the database
(CACHE_BACKEND=db). The API's result is kept there under the plan's data version, and a write
moves the version on, so the next read, from any server, computes afresh.

These tests commit (the cache serves reads outside a transaction only, as in production). The
Redis one needs a Redis server (TEST_REDIS_URL, by default db 15 on 127.0.0.1:6379); .ci/run starts one.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import data_version
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)

# A database of its own (the tests empty it), never the app's REDIS_URL.
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


def redis_answers():
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def api_reads(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/achievement?year=2021")
    assert response.status_code == 200
    return response.json(), len(queries)


def cached_then_recomputed(client, official, plan):
    client.force_login(official)
    first, computing = api_reads(client)
    again, cached = api_reads(client)
    assert again == first
    assert cached < computing, "the second read was not served from the cache"
    data_version.bump(plan.pk)
    _after, recomputing = api_reads(client)
    assert recomputing == computing, "a write must make the next read compute afresh"


@pytest.fixture
def plan(settings):
    settings.READ_CACHE = True
    return PlanFactory(is_active=True)


def test_the_database_cache_is_shared_through_a_table(settings, client, official, plan):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.CACHE_TABLE,
        }
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()
    cached_then_recomputed(client, official, plan)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.CACHE_TABLE}")
        assert cursor.fetchone()[0] > 0


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis server answers at {REDIS_URL}")
def test_redis_holds_the_cache_when_redis_url_is_set(settings, client, official, plan):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    cache.clear()
    cached_then_recomputed(client, official, plan)
    import redis

    assert redis.Redis.from_url(REDIS_URL).dbsize() > 0
    cache.clear()
