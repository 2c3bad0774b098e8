"""Read results (the dashboard's, the API's) cached so that they are never stale.

A result is cached under the plan's data version (:mod:`indicators.data_version`), which every
write to the plan's data moves on in the writing transaction. The version is read before the
data: what is cached under a version was true at that version or later, and once a write has
committed every reader reads a newer version, so its key, and the result, is new.

Only reads outside a transaction are cached. Inside one a reader could see its own uncommitted
write and its bumped version; were the transaction rolled back, the next writer would bump to
that same version again, and the result cached for it would describe data that never was.

The dashboard is also cached as a whole page, per reader (an anonymous visitor, or one user),
language and day (which units are late with their reports changes at midnight), with the page's
address in the key and its CSRF token left out: the token is written in for each request, so no
one is ever handed another's.

The cache is Django's (``CACHES``): local memory per process by default, Redis for several app
servers. ``READ_CACHE=False`` turns it off (the benches measure both).
"""

import hashlib
from dataclasses import dataclass
from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, router
from django.middleware.csrf import get_token
from django.utils import timezone

from core.kept_pages import KeptPage

from . import data_version
from .queries import ACTIVE_FIRST

KEY_PREFIX = "reads"
# Keys change with every write; the timeout only bounds how long unused results take memory.
TIMEOUT = 3600
_MISSING = object()
# Stands for the reader's CSRF token in a cached page (letters only: it survives HTML escaping).
CSRF_PLACEHOLDER = "csrftokenfortheonewhoreadsthispage"


class ActivePlan:
    """The active plan's row as read: its id and data version at once, the plan itself (a
    :class:`~indicators.models.Plan`, with ``data_version_number``) only when asked for."""

    def __init__(self, alias, row):
        self.alias, self.row = alias, row
        self.pk, self.data_version_number = row[0], row[-1] or 0

    @property
    def code(self):
        return self.row[_active_plan_reader(self.alias).names.index("code")]

    def plan(self):
        from .models import Plan

        reader = _active_plan_reader(self.alias)
        values = list(self.row)
        for index, converters in reader.converters.items():
            for converter in converters:
                values[index] = converter(
                    values[index], reader.columns[index], connections[self.alias]
                )
        plan = Plan.from_db(self.alias, reader.names, values[:-1])
        plan.data_version_number = self.data_version_number
        return plan


def active_plan():
    """The active plan (an :class:`ActivePlan`) or None: one query whose SQL is compiled once per
    database, so that a page served from the cache costs little more than that query."""
    from .models import Plan

    # The database the router reads the plan's data from (a replica, on the read-only pages):
    # the version and the data it keys must come from the same one.
    reading = connections[router.db_for_read(Plan)]
    reader = _active_plan_reader(reading.alias)
    with reading.cursor() as cursor:
        cursor.execute(reader.sql, reader.params)
        row = cursor.fetchone()
    return None if row is None else ActivePlan(reading.alias, row)


@dataclass(frozen=True)
class _Reader:
    sql: str
    params: tuple
    names: list
    columns: list
    converters: dict


@once
def _active_plan_reader(alias):
    """The SQL of the active plan's row (every field, then the data version) and what turns
    the database's values into the fields' (as the ORM would)."""
    from .models import Plan

    names = [field.attname for field in Plan._meta.concrete_fields]
    plans = Plan.objects.using(alias).with_data_version().order_by(*ACTIVE_FIRST)
    query = plans.values_list(*names, "data_version_number")[:1].query
    compiler = query.get_compiler(alias)
    sql, params = compiler.as_sql()
    columns = [expression for expression, _sql, _alias in compiler.select]
    converters = {
        index: functions
        for index, (functions, _expression) in compiler.get_converters(columns).items()
    }
    return _Reader(sql, tuple(params), names, columns, converters)


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


def day():
    """Today, for the key of a whole page: what is late (a due date passed) changes at midnight,
    with no write to move the data version."""
    return timezone.localdate().isoformat()


def page(request, plan, kind, render):
    """A page for ``plan`` as ``render(csrf_token)`` writes it (a string of HTML), cached per
    address, language and reader, and compressed once (:class:`core.kept_pages.KeptPage`); the
    reader's own CSRF token is written in afterwards."""
    user = request.user
    reader = f"user-{user.pk}" if user.is_authenticated else "anonymous"
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    kept = remember(
        plan,
        kind,
        (address, language, reader, day()),
        lambda: KeptPage(render(csrf_token=CSRF_PLACEHOLDER), CSRF_PLACEHOLDER),
    )
    # A page without a form (a visitor's) takes no token: it sets no CSRF cookie either.
    return kept.response(request, get_token(request) if kept.takes_secret else "")
