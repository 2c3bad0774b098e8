"""Indonesian first: the UI speaks Indonesian unless the user picked another language.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show most officials'
browsers (set to English) an English UI. Here only an explicit choice (the language cookie set by
the language switch) changes the language.
"""

from django.conf import settings
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
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
