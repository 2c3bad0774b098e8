"""The admin's "Unggah workbook" pages: upload → progress → preview of every value → confirm
→ progress → result, and the workbook downloads.

The upload request only stores the file (after the cheap checks of its zip directory) and
queues the dry run; the page then shows the progress until the preview is there, and confirm
queues the import. No request reads or writes a workbook itself, so none runs longer than a
moment, whatever the file. Only staff who may change indicators reach these pages; an upload's
pages answer only the user who uploaded it.
"""

from __future__ import annotations

from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from indicators.models import Indicator, PerangkatDaerah, Plan

from . import exports, tasks, uploads
from .xlsx import WorkbookFile, WorkbookUnreadable

PAGE_SIZE = 100


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    plan = forms.ModelChoiceField(
        Plan.objects.all(),
        label=gettext_lazy("plan"),
        required=False,
        to_field_name="code",
        help_text=gettext_lazy(
            "Empty: the active plan. A printed table goes into the plan of its "
            "period (create it first: Plans → Add)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the largest accepted is %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": settings.MAX_UPLOAD_MB}
            )
        try:
            WorkbookFile.check_zip(upload)
        except WorkbookUnreadable as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.seek(0)
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


def guarded(view):
    """An admin page for staff who may import; 403 for other staff."""

    def wrapper(request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return admin.site.admin_view(wrapper)


def workbook_response(write, filename, *args):
    buffer = BytesIO()
    write(*args, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_response(plan):
    name = f"template-{slugify(plan.code) if plan else 'rpjmd'}.xlsx"
    return workbook_response(exports.write_template, name, plan)


def export_response(plan):
    return workbook_response(exports.write_plan, f"{slugify(plan.code)}.xlsx", plan)


def realization_file_name(unit, year):
    """``realisasi-DINKES-2022.xlsx``: the unit's abbreviation (else its code) and the year."""
    label = slugify(unit.abbreviation or unit.code).upper() if unit else "SEMUA"
    return f"realisasi-{label or 'PD'}-{year}.xlsx"


def realization_response(plan, unit, year):
    name = realization_file_name(unit, year)
    return workbook_response(exports.write_realization_sheet, name, plan, unit, year)


def active_plan():
    plan = Plan.objects.active()
    if plan is None:
        raise Http404(_("No plan has been entered yet."))
    return plan


def context(request, plan=None, **extra):
    found = {
        **admin.site.each_context(request),
        "opts": Indicator._meta,
        "title": _("Upload workbook"),
        "plan": plan,
        "max_upload_mb": settings.MAX_UPLOAD_MB,
        **extra,
    }
    if plan is not None:
        found["sheet_form"] = RealizationSheetForm(plan=plan)
    return found


def own_upload(request, token):
    upload = uploads.Upload.load(token)
    if upload is None or not upload.belongs_to(request.user):
        raise Http404(_("No such upload (uploads are kept for a day)."))
    return upload


def upload(request):
    plan = Plan.objects.active()
    form = UploadForm(request.POST or None, request.FILES or None, initial={"plan": plan})
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"] or active_plan()
        stored = uploads.Upload.create(form.cleaned_data["file"], user=request.user, plan=plan)
        tasks.preview_upload.enqueue(stored.token)
        return redirect("workbooks:status", stored.token)
    return TemplateResponse(
        request, "admin/workbooks/upload.html", context(request, plan, form=form)
    )


@require_GET
def status(request, token):
    # No query of plan data here: the page refreshes while the worker writes (the plan's name
    # is in the upload's state).
    upload = own_upload(request, token)
    state = upload.state
    extra = {"upload": upload, "state": state, "progress": progress_of(state)}
    if state["status"] in uploads.RUNNING:
        return TemplateResponse(request, "admin/workbooks/progress.html", context(request, **extra))
    if state["status"] == uploads.PREVIEWED:
        sheet = request.GET.get("sheet") or ""
        only_changed = request.GET.get("only") == "changed"
        page = Paginator(list(upload.changes(sheet=sheet, only_changed=only_changed)), PAGE_SIZE)
        extra.update(
            role_choices=ROLE_CHOICES,
            direction_choices=DIRECTION_CHOICES,
            report=state["report"],
            page=page.get_page(request.GET.get("page")),
            sheet=sheet,
            only_changed=only_changed,
        )
        return TemplateResponse(request, "admin/workbooks/preview.html", context(request, **extra))
    if state["status"] == uploads.IMPORTED:
        extra["result"] = state["result"]
        return TemplateResponse(request, "admin/workbooks/result.html", context(request, **extra))
    extra["form"] = UploadForm()
    return TemplateResponse(request, "admin/workbooks/failed.html", context(request, **extra))


def progress_of(state):
    """The progress bar's value (0–100) and its words."""
    progress = state.get("progress") or {}
    total = progress.get("sheets_total") or 0
    done = progress.get("sheets_done") or 0
    percent = int(100 * done / total) if total else 0
    if progress.get("phase") == "write":
        percent = 95
    return {"percent": percent, **progress}


@require_GET
def progress_json(request, token):
    upload = own_upload(request, token)
    return JsonResponse({"status": upload.state["status"], **progress_of(upload.state)})


@require_POST
def confirm(request, token):
    upload = own_upload(request, token)
    report = upload.state.get("report") or {}
    if upload.state["status"] != uploads.PREVIEWED or not report.get("ok"):
        messages.error(request, _("This upload cannot be imported; upload the file again."))
        return redirect("workbooks:status", token)
    upload.save(status=uploads.IMPORTING, progress={"phase": "read"}, changed_meanwhile=False)
    tasks.import_upload.enqueue(token)
    return redirect("workbooks:status", token)


ROLE_CHOICES = [
    ("indicator", gettext_lazy("indicator")),
    ("unit", gettext_lazy("unit (satuan)")),
    ("code", gettext_lazy("code / number")),
    ("perangkat_daerah", gettext_lazy("perangkat daerah")),
    ("direction", gettext_lazy("direction")),
    ("calculation", gettext_lazy("calculation type")),
    ("baseline", gettext_lazy("baseline (kondisi awal)")),
    ("final", gettext_lazy("final target (kondisi akhir)")),
    ("final_money", gettext_lazy("final Rp")),
    ("target", gettext_lazy("target of a year")),
    ("realisation", gettext_lazy("realisation of a year")),
    ("capaian", gettext_lazy("printed capaian of a year")),
    ("money", gettext_lazy("Rp of a year")),
    ("hierarchy", gettext_lazy("hierarchy (misi / tujuan / sasaran / program)")),
    ("definition", gettext_lazy("definition")),
    ("data_source", gettext_lazy("data source")),
    ("ignore", gettext_lazy("not read")),
]
DIRECTION_CHOICES = [
    ("higher", gettext_lazy("higher is better (naik)")),
    ("lower", gettext_lazy("lower is better (turun)")),
    ("range", gettext_lazy("within a range (rentang)")),
    ("binary", gettext_lazy("yes/no (ya/tidak)")),
]


def chosen(request, understood):
    """A planner's choices for one printed table, from the understanding page's form: only what
    differs from what the reader found (so the reader's next guesses still apply)."""
    sheet = understood["sheet"]
    choices = {"columns": {}, "directions": {}}
    roles = {value for value, _label in ROLE_CHOICES}
    for column in understood["columns"]:
        letter = column["letter"]
        role = request.POST.get(f"role:{sheet}:{letter}")
        year = (request.POST.get(f"year:{sheet}:{letter}") or "").strip()
        picked = {}
        if role in roles and role != column["role"]:
            picked["role"] = role
        if year.isdigit() and len(year) == 4 and int(year) != (column["year"] or 0):
            picked["year"] = int(year)
        if picked:
            choices["columns"][letter] = picked
    offset = (request.POST.get(f"offset:{sheet}") or "").strip()
    if offset.isdigit() and int(offset) != understood["offset"]:
        choices["offset"] = int(offset)
    directions = {value for value, _label in DIRECTION_CHOICES}
    for item in understood["indicators"]:
        direction = request.POST.get(f"direction:{sheet}:{item['code']}")
        if direction in directions and direction != item["direction"]:
            choices["directions"][item["code"]] = direction
    previous = (understood.get("choices") or {}).copy()
    previous.setdefault("columns", {}).update(choices["columns"])
    previous.setdefault("directions", {}).update(choices["directions"])
    if "offset" in choices:
        previous["offset"] = choices["offset"]
    return previous


@require_POST
def adjust(request, token):
    """The understanding page's choices: saved with the upload, and the preview made again."""
    upload = own_upload(request, token)
    report = upload.state.get("report") or {}
    if upload.state["status"] != uploads.PREVIEWED or not report.get("understood"):
        messages.error(request, _("This upload cannot be adjusted; upload the file again."))
        return redirect("workbooks:status", token)
    choices = dict(upload.state.get("choices") or {})
    for understood in report["understood"]:
        choices[understood["sheet"]] = chosen(request, understood)
    upload.save(status=uploads.QUEUED, choices=choices, progress={"phase": "read"})
    tasks.preview_upload.enqueue(token)
    return redirect("workbooks:status", token)


@require_POST
def cancel(request, token):
    upload = own_upload(request, token)
    if upload.state["status"] == uploads.IMPORTING:
        messages.error(request, _("The import is running; it cannot be cancelled now."))
        return redirect("workbooks:status", token)
    upload.delete()
    messages.info(request, _("Nothing was imported."))
    return redirect("admin:indicators_indicator_changelist")


@require_GET
def changes_xlsx(request, token):
    upload = own_upload(request, token)
    report = upload.state.get("report") or {}
    only_changed = request.GET.get("only") == "changed"
    return workbook_response(
        exports.write_changes,
        f"perubahan-{slugify(upload.state['file_name'])}.xlsx",
        upload.changes(only_changed=only_changed),
        report.get("errors", []),
    )


@require_GET
def template(request):
    return template_response(Plan.objects.active())


@require_GET
def export(request):
    return export_response(active_plan())


@require_GET
def realization(request):
    plan = active_plan()
    form = RealizationSheetForm(request.GET, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Choose a perangkat daerah and a year."))
        return redirect("workbooks:upload")
    return realization_response(
        plan, form.cleaned_data["perangkat_daerah"], form.cleaned_data["year"]
    )


def changelist_url():
    return reverse("admin:indicators_indicator_changelist")
