"""Read results (the dashboard's, the API's) cached so that they are never stale.

A result is cached under the plan's data version (:mod:`indicators.data_version`), which every
write to the plan's data moves on in the writing transaction. The version is read before the
data: what is cached under a version was true at that version or later, and once a write has
committed every reader reads a newer version, so its key, and the result, is new.

Only reads outside a transaction are cached. Inside one a reader could see its own uncommitted
write and its bumped version; were the transaction rolled back, the next writer would bump to
that same version again, and the result cached for it would describe data that never was.

The cache is Django's (``CACHES``): local memory per process by default, Redis for several app
servers. ``READ_CACHE=False`` turns it off (the benches measure both).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from . import data_version

KEY_PREFIX = "reads"
# Keys change with every write; the timeout only bounds how long unused results take memory.
TIMEOUT = 24 * 3600
_MISSING = object()


def version_of(plan):
    """The plan's data version: the one read with the plan (``with_data_version``), else now."""
    number = getattr(plan, "data_version_number", None)
    return data_version.current(plan.pk) if number is None else number


def key_for(plan, kind, parts):
    """The cache key of one result: its kind, the plan and its version, and what was asked."""
    asked = ":".join("-" if part is None else str(part) for part in parts)
    return f"{KEY_PREFIX}:{kind}:{plan.pk}:{version_of(plan)}:{asked}"


def remember(plan, kind, parts, compute):
    """``compute()``'s result for ``plan`` and what was asked (``parts``), cached."""
    if not settings.READ_CACHE or connection.in_atomic_block:
        return compute()
    key = key_for(plan, kind, parts)
    result = cache.get(key, _MISSING)
    if result is _MISSING:
        result = compute()
        cache.set(key, result, TIMEOUT)
    return result
