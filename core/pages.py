"""The decorator of every read-only page (dashboard, drill-down, money and context pages).

Who may read a page is decided once, in :func:`may_read_dashboard`: with the public dashboard on,
everyone; else a logged-in user holding the permission the page names (``"app.codename"``: the
apps name their permissions, ``core`` only checks them). A user without a role holds none.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_GET


def may_read_dashboard(user, permission):
    if settings.PUBLIC_DASHBOARD:
        return True
    return user.is_authenticated and user.is_active and user.has_perm(permission)


def dashboard_page(permission):
    """GET only; visitors are sent to the login page, users without ``permission`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may_read_dashboard(request.user, permission):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_GET(wrapper)

    return decorator


def public_dashboard(request):
    """Template context: whether visitors read the pages (the menu shows them all then)."""
    return {"public_dashboard": settings.PUBLIC_DASHBOARD}
