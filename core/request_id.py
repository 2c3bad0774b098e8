"""Every request has an id: the one the reverse proxy sent in ``X-Request-ID`` (when it looks like
an id), or a new one. It is sent back in the response's ``X-Request-ID``, printed in gunicorn's
access log and on every log line written while the request is served, so one request can be
followed from the proxy's log through the access log to the app's log and an error mail.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# What a proxy may hand on: letters, digits and a few separators, at most 100 characters (no
# spaces or quotes: the id is written into log lines as it is).
_ACCEPTED = re.compile(r"[A-Za-z0-9._:@+=-]{1,100}")

current = ContextVar("request_id", default="-")


def request_id_from(value):
    """The id to use for a request whose ``X-Request-ID`` header is ``value`` (or missing)."""
    if value and _ACCEPTED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record ("-" outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True
