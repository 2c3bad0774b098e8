"""Workbook doors outside the admin: the downloads for logged-in readers, and the operator's
upload of its own units' realisation sheet (realisations only, all or nothing).

An operator's sheet is small (one unit, one year) and is read in the request; the limits of
:mod:`workbooks.limits` hold it to that, whatever the file says.
"""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators import roles, services
from indicators.models import PerangkatDaerah, Plan
from indicators.operator_views import back_to_list, entry_page
from indicators.views import active_plan

from .admin_views import export_response, realization_response, template_response
from .engine import WorkbookUnreadable, import_workbook

# The template and a unit's realisation sheet are for every role; the whole plan (``export``)
# for planners and officials only; a user without a role gets none.
READERS = {"template": roles.READ_DASHBOARD, "realisasi": roles.READ_DASHBOARD}


@login_required
@require_GET
def workbook_download(request, kind):
    """The template, the whole plan, or a realisation sheet (``?year=&perangkat_daerah=``)."""
    if not request.user.has_perm(READERS.get(kind, roles.READ_EVERY_UNIT)):
        raise PermissionDenied
    plan = active_plan()
    operator_only = roles.is_operator(request.user) and not roles.is_planner(request.user)
    if kind == "template":
        return template_response(plan)
    if kind == "export":
        if operator_only:
            raise PermissionDenied  # an operator works on its own units' sheet only
        return export_response(plan)
    if kind != "realisasi":
        raise Http404(_("Unknown workbook."))
    year = plan.year_or_default(request.GET.get("year"))
    unit = None
    if code := request.GET.get("perangkat_daerah"):
        unit = PerangkatDaerah.objects.filter(code=code).first()
        if unit is None:
            raise Http404(_("Unknown perangkat daerah code."))
    if operator_only:
        own = roles.operated_unit_ids(request.user)
        if unit is None and len(own) == 1:
            unit = PerangkatDaerah.objects.get(pk=next(iter(own)))
        if unit is None or unit.pk not in own:
            raise PermissionDenied
    return realization_response(plan, unit, year)


@require_POST
@entry_page
def realization_upload(request):
    """An operator's realisation workbook: other units' rows and any target are errors."""
    plan = Plan.objects.active()
    upload = request.FILES.get("workbook")
    if plan is None or upload is None:
        messages.error(request, _("Choose a workbook (.xlsx) to upload."))
        return back_to_list(request)
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        messages.error(
            request, _("The file is larger than %(limit)s MB.") % {"limit": settings.MAX_UPLOAD_MB}
        )
        return back_to_list(request)
    only_units = None if roles.is_planner(request.user) else roles.operated_unit_ids(request.user)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            report = import_workbook(
                handle.name,
                plan=plan,
                by=request.user,
                reason=upload.name[:80],
                only_units=only_units,
                door=services.DOOR_OPERATOR_PAGE,
            )
        except WorkbookUnreadable as error:
            messages.error(request, str(error))
            return back_to_list(request)
    if not report.ok:
        return render(
            request,
            "indicators/operator_upload_errors.html",
            {"report": report, "name": upload.name},
        )
    messages.success(
        request,
        _("%(name)s imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
        % {"name": upload.name, **report.totals()},
    )
    return back_to_list(request)
