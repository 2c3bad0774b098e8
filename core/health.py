"""The health check: the load balancer's and the container's check, ``GET /healthz``.

It answers before host validation, HTTPS redirects, sessions and authentication (this middleware
is the first in the list), because load balancers call it by IP over plain HTTP, and because
under load it must stay cheap: one ``SELECT 1`` with its own short statement timeout
(``HEALTH_DATABASE_TIMEOUT``, seconds), no session, no user, no template. 200 when the database
answers, 503 when it does not or is too slow.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_answers():
    try:
        if connection.vendor == "postgresql":
            # SET LOCAL: the short timeout ends with this transaction, whatever the connection's
            # own (a persistent connection keeps the app's longer one for other requests).
            with transaction.atomic(), connection.cursor() as cursor:
                timeout_ms = int(settings.HEALTH_DATABASE_TIMEOUT * 1000)
                cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
                cursor.execute("SELECT 1")
                return cursor.fetchone() == (1,)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in (HEALTH_PATH, HEALTH_PATH + "/"):
            if request.method not in ("GET", "HEAD"):
                return JsonResponse({"status": "method not allowed"}, status=405)
            if database_answers():
                return JsonResponse({"status": "ok", "database": "ok"})
            return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        return self.get_response(request)
