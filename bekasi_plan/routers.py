"""The read replica (``DATABASE_REPLICA_URL``): which reads may go there.

Only the read-only pages named in ``REPLICA_VIEWS`` (the dashboard, its drill-downs, the APIs and
the reports), asked with GET or HEAD, read from the replica, and only while nothing forces the
primary:

* a write: once a request writes (or opens a transaction on the primary), every later read of that
  request stays on the primary — it must see its own write;
* a browser that wrote a moment ago: every response to a request that wrote, or that was not a
  GET/HEAD, sets a short cookie (``REPLICA_STICKY_SECONDS``), and while the browser sends it back
  its requests read from the primary, so the page shown after saving shows what was saved even
  when the replica lags behind;
* everything outside such a request (commands, the task worker, the shell, the admin) uses the
  primary.

Which database a request reads is decided per request (a context variable, so threads and async
tasks do not share it); the router asks it for every query.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
STICKY_COOKIE = "rpjmd_primary"
SAFE_METHODS = ("GET", "HEAD")

# Per request: whether its reads may go to the replica, and whether it has written.
_replica_allowed = ContextVar("replica_allowed", default=False)
_wrote = ContextVar("wrote", default=False)


@contextmanager
def request_scope():
    """One request's routing state: the replica not allowed (yet), nothing written."""
    allowed, wrote = _replica_allowed.set(False), _wrote.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(allowed)
        _wrote.reset(wrote)


def allow_replica():
    """This request's reads may use the replica (until it writes)."""
    _replica_allowed.set(True)


def has_written():
    return _wrote.get()


def reads_from_replica():
    """Whether a read now goes to the replica."""
    if not _replica_allowed.get() or _wrote.get():
        return False
    # A transaction on the primary (opened by the view) reads what it writes.
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryAfterWriteMiddleware:
    """Decides per request whether its reads may use the replica, and keeps a browser on the
    primary for a few seconds after it wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            request.replica_candidate = (
                request.method in SAFE_METHODS and STICKY_COOKIE not in request.COOKIES
            )
            response = self.get_response(request)
            if has_written() or request.method not in SAFE_METHODS:
                response.set_cookie(
                    STICKY_COOKIE,
                    "1",
                    max_age=settings.REPLICA_STICKY_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.replica_candidate and match and match.view_name in settings.REPLICA_VIEWS:
            allow_replica()
