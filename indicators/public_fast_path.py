"""The public dashboard's busiest request answered early: an anonymous GET of the dashboard.

With the public page on, most requests are visitors reading ``/`` (with a year, level …). Their
page is the same for every visitor: no session, no CSRF token (a visitor's language switch is a
link), so the whole response, headers included, is kept in the read cache under the active
plan's data version (never stale: every write moves the version on) and served from here, ahead
of the rest of the middleware, at the cost of one query for the version.

Served only when it cannot differ from what the full stack would answer: a GET of a dashboard
address whose cookies are at most the CSRF and language ones (no session: not logged in), over
HTTPS where the settings redirect to it, for an allowed host. A response is kept only if it is a
200 that set no cookie and used no CSRF token. The key holds the address, the language, whether
the reader takes gzip, whether the request came over HTTPS and the day.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse

from core.language import LANGUAGE_PARAMETER, chosen_language

from . import read_cache

FAST_PATHS = {"/"}
KIND = "public-response"


def served_early(request):
    if not (settings.PUBLIC_DASHBOARD and settings.READ_CACHE) or request.method != "GET":
        return False
    if request.path not in FAST_PATHS or LANGUAGE_PARAMETER in request.GET:
        return False
    if not set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return not connection.in_atomic_block


def key_parts(request):
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    return (
        request.get_full_path(),
        chosen_language(request),
        "gzip" if gzip else "plain",
        "https" if request.is_secure() else "http",  # HSTS is sent over HTTPS only
        read_cache.day(),
    )


def keepable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
    )


class PublicDashboardFastPath:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not served_early(request):
            return self.get_response(request)
        active = read_cache.active_plan()  # the version first: what follows is as new or newer
        if active is None or request.GET.get("plan", active.code) != active.code:
            return self.get_response(request)
        key = read_cache.key_for(active, KIND, key_parts(request))
        kept = cache.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if keepable(request, response):
            cache.set(
                key,
                (response.status_code, list(response.items()), response.content),
                read_cache.TIMEOUT,
            )
        return response
