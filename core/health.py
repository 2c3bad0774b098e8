"""The health check answers before host validation, HTTPS redirects and sessions.

Load balancers and the container's health check call it by IP over plain HTTP, so it must not depend
on ``ALLOWED_HOSTS`` or on ``SECURE_SSL_REDIRECT``.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_answers():
    try:
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
