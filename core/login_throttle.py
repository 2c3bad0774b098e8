"""Login throttling (django-axes): who is guessing, and what the locked-out visitor reads.

Failed logins are counted per user name *and* client address together: thirty guesses at one
account from one address lock that pair out until the cool-off ends, while the same person
elsewhere, or another account from the same office network, can still log in (a lockout is never
a way to shut an official out from anywhere).
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' gate before the real backends, for logins that come through an HTTP request.

    A login without a request (the test client's ``login()``, a shell or a management command)
    has no address to count and no password guesser behind it: it goes on to the next backend
    instead of failing with axes' "request required" error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The visitor's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies
    the address the outermost of them saw (counted from the right of ``X-Forwarded-For``, which
    the visitor cannot forge past a proxy that appends to it)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]


def lockout_message():
    minutes = max(1, round(get_cool_off().total_seconds() / 60))
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute.",
        "Too many failed login attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LockedOutForm(AuthenticationForm):
    """The login form as a locked-out visitor gets it back: the name kept, the password never
    echoed, and the lockout as its one error (no second password check is made)."""

    def __init__(self, request, username):
        super().__init__(request, data={"username": username, "password": ""})
        self.fields["password"].required = False

    def clean(self):
        raise ValidationError(lockout_message(), code="locked_out")


def lockout_response(request, original_response=None, credentials=None):
    """The same login page (the site's or the admin's) with the lockout as its error, status 429."""
    context = dict(getattr(original_response, "context_data", None) or {})
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context["form"] = LockedOutForm(request, username)
    context["lockout_message"] = lockout_message()
    template = getattr(original_response, "template_name", None) or "registration/login.html"
    return TemplateResponse(request, template, context, status=429).render()
