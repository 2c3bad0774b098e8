"""``/laporan/``: the evaluation forms per year (and triwulan), each a page that prints and
downloads as xlsx and PDF.

Who reads them: planners (Bapelitbangda) and officials (Pimpinan) every report of every unit; an
operator the reports of its own perangkat daerah only (another unit's is answered like a missing
one; the city-wide meeting summary is refused); visitors never, even with the public dashboard.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators import roles
from indicators.models import PerangkatDaerah, QuarterlyRealization
from indicators.views import active_plan

from . import documents, prepared, registry, tasks, xlsx
from .reads import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("html", "xlsx", "pdf")


def readers_only(view):
    """Visitors go to the login page, users without a role get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.has_perm(roles.READ_DASHBOARD)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def report_page(view):
    """GET only, for readers (:func:`readers_only`)."""
    return require_GET(readers_only(view))


def may_read_every_unit(user):
    return roles.is_planner(user) or user.has_perm(roles.READ_EVERY_UNIT)


def own_units(user):
    """The units an operator reads reports of (refused when there are none)."""
    ids = roles.operated_unit_ids(user)
    if not ids:
        raise PermissionDenied
    return list(PerangkatDaerah.objects.filter(pk__in=ids).order_by("code"))


def read_scope(request, plan, form):
    """The plan, year, triwulan and units the request asks for, as far as the reader may."""
    user = request.user
    every_unit = may_read_every_unit(user)
    if form.whole_city and not every_unit:
        raise PermissionDenied
    years = list(range(plan.start_year + 1, plan.end_year + 1))
    year = plan.year_or_default(request.GET.get("year"))
    if year not in years:
        year = years[-1] if year > years[-1] else years[0]
    quarter = None
    if form.quarterly and request.GET.get("triwulan") in {"1", "2", "3", "4"}:
        quarter = int(request.GET["triwulan"])
    units = []
    code = request.GET.get("perangkat_daerah")
    if code and not form.whole_city:
        unit = PerangkatDaerah.objects.filter(code=code).first()
        if unit is None or not roles.may_read_unit(user, unit.pk):
            raise Http404(_("Unknown perangkat daerah code."))
        units = [unit]
    elif not every_unit:
        units = own_units(user)
    return Scope(plan=plan, year=year, quarter=quarter, units=units)


def download(document, output):
    if output == "xlsx":
        content, content_type = xlsx.workbook_bytes(document.table), XLSX
    else:
        content, content_type = documents.pdf_bytes(document), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    name = document.form.file_name(document.scope, output)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@report_page
def report(request, code):
    form = registry.get(code)
    if form is None:
        raise Http404(_("Unknown report."))
    output = request.GET.get("format", "html")
    if output not in FORMATS:
        return HttpResponseBadRequest(_("The format must be html, xlsx or pdf."))
    plan = active_plan()
    scope = read_scope(request, plan, form)
    document = documents.build(form, scope)
    if output != "html":
        return download(document, output)
    every_unit = may_read_every_unit(request.user)
    query = {"year": scope.year}
    if scope.quarter:
        query["triwulan"] = scope.quarter
    if len(scope.units) == 1 and (every_unit or request.GET.get("perangkat_daerah")):
        query["perangkat_daerah"] = scope.units[0].code
    context = {
        "form": form,
        "scope": scope,
        "table": document.table,
        "body": documents.body_html(document),
        "years": scope.plan_years,
        "quarters": QuarterlyRealization.Quarter.choices,
        "query": urlencode(query),
        "may_read_all": every_unit,
        "unit_choices": []
        if form.whole_city
        else (
            list(PerangkatDaerah.objects.filter(indicators__plan=plan).distinct().order_by("code"))
            if every_unit
            else own_units(request.user)
        ),
    }
    return render(request, "reports/page.html", context)


@require_POST
@readers_only
def report_pdf(request, code):
    """Ask the worker for the report's PDF (the scope as the page reads it from the address) and
    open the page of that PDF, which shows it being made and then offers it."""
    form = registry.get(code)
    if form is None:
        raise Http404(_("Unknown report."))
    scope = read_scope(request, active_plan(), form)
    back = reverse("report", args=[form.code])
    if request.GET:
        back += "?" + request.GET.urlencode()
    try:
        job, new = prepared.PreparedPdf.ask(
            form, scope, user=request.user, file_name=form.file_name(scope, "pdf"), back=back
        )
    except prepared.TooManyOnTheirWay as waiting:
        context = {"jobs": [job.state | {"token": job.token} for job in waiting.jobs], "back": back}
        return render(request, "reports/too_many_pdfs.html", context, status=429)
    if new:
        tasks.prepare_pdf.enqueue(job.token)
    return redirect("prepared_pdf", token=job.token)


def own_pdf(request, token):
    """The prepared PDF ``token`` of the user asking; any other is answered like a missing one."""
    job = prepared.PreparedPdf.load(token)
    if job is None or not job.belongs_to(request.user):
        raise Http404(_("No such PDF."))
    return job


@report_page
def prepared_pdf(request, token):
    job = own_pdf(request, token)
    context = {"job": job, "state": job.state, "running": job.state["status"] in prepared.RUNNING}
    return render(request, "reports/prepared.html", context)


@report_page
def prepared_pdf_file(request, token):
    job = own_pdf(request, token)
    if job.state["status"] != prepared.READY:
        raise Http404(_("The PDF is not ready."))
    return FileResponse(
        job.open(),
        as_attachment=True,
        filename=job.state["file_name"],
        content_type="application/pdf",
    )


@report_page
def report_list(request):
    plan = active_plan()
    every_unit = may_read_every_unit(request.user)
    units = [] if every_unit else own_units(request.user)
    forms = [form for form in registry.all_forms() if every_unit or not form.whole_city]
    listing = []
    for year in reversed(range(plan.start_year + 1, plan.end_year + 1)):
        entries = []
        for form in forms:
            link = reverse("report", args=[form.code])
            links = [(_("year"), f"{link}?year={year}")]
            if form.quarterly:
                links += [
                    (
                        _("TW %(quarter)s") % {"quarter": label},
                        f"{link}?year={year}&triwulan={number}",
                    )
                    for number, label in QuarterlyRealization.Quarter.choices
                ]
            entries.append((form, links))
        listing.append((year, entries))
    context = {
        "plan": plan,
        "listing": listing,
        "unit_names": ", ".join(unit.name for unit in units),
    }
    return render(request, "reports/index.html", context)
