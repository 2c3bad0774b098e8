"""The completeness page (kelengkapan pelaporan): per perangkat daerah and triwulan, the share of
its indicators reported and verified against the reporting calendar; planners and officials
only (operators see their own on the operator's page)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import completeness, roles
from .models import Plan


def may_read_completeness(user):
    return user.is_active and (roles.is_planner(user) or user.has_perm(roles.READ_EVERY_UNIT))


@require_GET
@login_required
def completeness_page(request):
    if not may_read_completeness(request.user):
        raise PermissionDenied
    plan = Plan.objects.active()
    if plan is None:
        raise Http404(_("No plan has been entered yet."))
    year = plan.year_or_default(request.GET.get("year"))
    today = timezone.localdate()
    deadlines = completeness.deadlines_of(plan, year)
    units = completeness.by_unit(plan, year, today=today, deadlines=deadlines)
    context = {
        "plan": plan,
        "year": year,
        "today": today,
        "deadlines": [deadlines.get(q) for q in completeness.QUARTERS],
        "numerals": [completeness.quarters.ROMAN[q] for q in completeness.QUARTERS],
        "units": units,
        "overdue": [unit for unit in units if unit.overdue],
    }
    return render(request, "indicators/completeness.html", context)
