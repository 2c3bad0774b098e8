"""The decorator of every read-only page (dashboard, drill-down, money and context pages).

Who may read them is decided once, in :func:`may_read_dashboard`.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.views.decorators.http import require_GET


def may_read_dashboard(user):
    return settings.PUBLIC_DASHBOARD or user.is_authenticated


def dashboard_page(view):
    """GET only; visitors who may not read the dashboard are sent to the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_dashboard(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return require_GET(wrapper)
