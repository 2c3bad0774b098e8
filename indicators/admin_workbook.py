"""The admin's "Unggah workbook" page (upload → preview → confirm) and the workbook downloads.

The upload is kept in the default file storage between preview and confirm (so any app server
behind the load balancer can finish it when the storage is shared), under a random name that
only the uploader's session knows. Only staff who may change indicators reach these pages.
"""

import os
import secrets
from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from .models import PerangkatDaerah, Plan
from .workbook_read import WorkbookUnreadable, import_workbook
from .workbook_write import CONTENT_TYPE, write_plan, write_realization_sheet, write_template

SESSION_KEY = "workbook_uploads"
UPLOAD_DIR = "workbook-uploads"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the largest accepted is %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": settings.MAX_UPLOAD_MB}
            )
        return upload


class RealizationSheetForm(forms.Form):
    perangkat_daerah = forms.ModelChoiceField(
        PerangkatDaerah.objects.all(), label=gettext_lazy("perangkat daerah"), to_field_name="code"
    )
    year = forms.TypedChoiceField(label=gettext_lazy("year"), coerce=int)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in plan.years]
        self.fields["perangkat_daerah"].queryset = PerangkatDaerah.objects.filter(
            indicators__plan=plan
        ).distinct()


def may_import(user):
    return user.is_active and user.is_staff and user.has_perm("indicators.change_indicator")


def workbook_response(write, filename, *args):
    buffer = BytesIO()
    write(*args, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_response(plan):
    name = f"template-{slugify(plan.code) if plan else 'rpjmd'}.xlsx"
    return workbook_response(write_template, name, plan)


def export_response(plan):
    return workbook_response(write_plan, f"{slugify(plan.code)}.xlsx", plan)


def realization_response(plan, unit, year):
    name = f"realisasi-{slugify(unit.code) if unit else 'semua'}-{year}.xlsx"
    return workbook_response(write_realization_sheet, name, plan, unit, year)


def _plan_or_404():
    plan = Plan.objects.active()
    if plan is None:
        from django.http import Http404

        raise Http404(_("No plan has been entered yet."))
    return plan


def _uploads(request):
    return request.session.setdefault(SESSION_KEY, {})


def _forget(request, token):
    name = _uploads(request).pop(token, None)
    request.session.modified = True
    if name:
        default_storage.delete(name)


def urls(model_admin):
    site = model_admin.admin_site

    def guarded(view):
        def wrapper(request, *args, **kwargs):
            if not may_import(request.user):
                raise PermissionDenied
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path("workbook/upload/", guarded(upload), name="indicators_workbook_upload"),
        path("workbook/confirm/", guarded(confirm), name="indicators_workbook_confirm"),
        path("workbook/template/", guarded(template), name="indicators_workbook_template"),
        path("workbook/export/", guarded(export), name="indicators_workbook_export"),
        path("workbook/realisasi/", guarded(realization), name="indicators_workbook_realization"),
    ]


def _context(request, model_admin, plan, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Upload workbook"),
        "plan": plan,
        "max_upload_mb": settings.MAX_UPLOAD_MB,
        "sheet_form": RealizationSheetForm(plan=plan),
        **extra,
    }


def upload(request, model_admin):
    plan = _plan_or_404()
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        token = secrets.token_urlsafe(16)
        name = default_storage.save(f"{UPLOAD_DIR}/{token}.xlsx", upload_file)
        try:
            report = import_workbook(default_storage.path(name), plan=plan, dry_run=True)
        except WorkbookUnreadable as exc:
            default_storage.delete(name)
            form.add_error("file", str(exc))
        else:
            if not report.ok:
                default_storage.delete(name)
                return TemplateResponse(
                    request,
                    "admin/indicators/workbook_preview.html",
                    _context(request, model_admin, plan, report=report, form=UploadForm()),
                )
            _uploads(request)[token] = name
            request.session.modified = True
            return TemplateResponse(
                request,
                "admin/indicators/workbook_preview.html",
                _context(
                    request,
                    model_admin,
                    plan,
                    report=report,
                    token=token,
                    filename=os.path.basename(upload_file.name),
                ),
            )
    return TemplateResponse(
        request,
        "admin/indicators/workbook_upload.html",
        _context(request, model_admin, plan, form=form),
    )


@require_POST
def confirm(request, model_admin):
    plan = _plan_or_404()
    token = request.POST.get("token", "")
    name = _uploads(request).get(token)
    changelist = reverse("admin:indicators_indicator_changelist")
    if not name or not default_storage.exists(name):
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("admin:indicators_workbook_upload")
    if "cancel" in request.POST:
        _forget(request, token)
        messages.info(request, _("Nothing was imported."))
        return redirect(changelist)
    try:
        report = import_workbook(
            default_storage.path(name),
            plan=plan,
            by=request.user,
            reason=_("Workbook upload: %s") % request.POST.get("filename", "")[:80],
            door="admin",
        )
    except WorkbookUnreadable as exc:
        _forget(request, token)
        messages.error(request, str(exc))
        return redirect("admin:indicators_workbook_upload")
    _forget(request, token)
    if not report.ok:
        # The data changed between preview and confirm: show what is wrong now.
        return TemplateResponse(
            request,
            "admin/indicators/workbook_preview.html",
            _context(request, model_admin, plan, report=report, form=UploadForm()),
        )
    messages.success(
        request,
        _("Workbook imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
        % {"new": report.new, "changed": report.changed, "unchanged": report.unchanged},
    )
    return redirect(changelist)


@require_GET
def template(request, model_admin):
    return template_response(Plan.objects.active())


@require_GET
def export(request, model_admin):
    return export_response(_plan_or_404())


@require_GET
def realization(request, model_admin):
    plan = _plan_or_404()
    form = RealizationSheetForm(request.GET, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Choose a perangkat daerah and a year."))
        return redirect("admin:indicators_workbook_upload")
    return realization_response(
        plan, form.cleaned_data["perangkat_daerah"], form.cleaned_data["year"]
    )
