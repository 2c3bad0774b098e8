"""Indonesian first: the UI speaks Indonesian unless the user picked another language.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show most officials'
browsers (set to English) an English UI. Here only an explicit choice (the language cookie set by
the language switch) changes the language. The switch is Django's ``set_language`` (POST) for
logged-in users, and a plain link (``?lang=en``) for visitors of the public page.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request):
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        switched = switched_language(request)
        if switched is not None:
            return switched
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


LANGUAGE_PARAMETER = "lang"


def without_language(request):
    """The address asked for, without its ``lang`` parameter."""
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    encoded = query.urlencode()
    return request.path + ("?" + encoded if encoded else "")


def language_links(request):
    """Template context: the language switch as plain links (``?lang=en``) for visitors who are
    not logged in; a page with no form needs no CSRF token, and so can be shared from a cache.
    Logged-in users keep the POST form of Django's ``set_language``."""
    base = without_language(request)
    joiner = "&" if "?" in base else "?"
    return {
        "language_links": [
            (code, name, f"{base}{joiner}{LANGUAGE_PARAMETER}={code}")
            for code, name in settings.LANGUAGES
        ]
    }


def switched_language(request):
    """A GET with ``?lang=CODE`` (a known language): back to the same address without it, with
    the language cookie set as Django's ``set_language`` sets it; else None."""
    code = request.GET.get(LANGUAGE_PARAMETER)
    if request.method != "GET" or code not in dict(settings.LANGUAGES):
        return None
    response = HttpResponseRedirect(without_language(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
