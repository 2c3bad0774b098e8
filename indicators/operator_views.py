"""The operator's page: a perangkat daerah enters, submits and uploads its own realisations.

Operators work a few dozen indicators a year, mostly from a phone or a shared office PC, so they
get one plain page rather than the admin. Every view checks the role on the server (roles.py).
"""

from datetime import timedelta
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import numbers

from . import completeness, roles, services, triwulan
from .models import ImportBatch, Indicator, PerangkatDaerah, Plan, QuarterlyRealization, Realization

# "Ajukan semua" is offered for the user's uploads of the last day, the newest few.
UPLOADS_OFFERED_FOR = timedelta(days=1)
RECENT_UPLOADS = 5

EVIDENCE_SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}


def units_of(user):
    """The perangkat daerah whose realisations ``user`` may enter (all of them for planners)."""
    if roles.is_planner(user):
        return PerangkatDaerah.objects.all()
    if user.has_perm("indicators.change_realization"):
        return PerangkatDaerah.objects.filter(id__in=roles.operated_unit_ids(user))
    return PerangkatDaerah.objects.none()


def entry_page(view):
    """Logged in, and entering realisations for at least one unit; 403 otherwise."""

    @login_required
    def wrapper(request, *args, **kwargs):
        if not units_of(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _plan_and_year(request, year=None):
    plan = Plan.objects.active()
    if plan is None:
        raise Http404(_("No plan has been entered yet."))
    return plan, plan.year_or_default(year if year is not None else request.GET.get("year"))


@require_GET
@entry_page
def realization_list(request):
    plan, year = _plan_and_year(request)
    units = units_of(request.user)
    chosen = request.GET.get("perangkat_daerah")
    if chosen:
        units = units.filter(code=chosen)
    indicators = (
        Indicator.objects.filter(plan=plan, perangkat_daerah__in=units)
        .select_related("perangkat_daerah")
        .order_by("perangkat_daerah__code", "code")
    )
    rows = {row.id: row for row in indicators.achievements(plan, year)}
    stored = {
        r.indicator_id: r for r in Realization.objects.filter(indicator__in=indicators, year=year)
    }
    items = [(indicator, rows[indicator.id], stored.get(indicator.id)) for indicator in indicators]
    reported = {}
    for indicator_id, quarter in QuarterlyRealization.objects.filter(
        indicator__in=indicators, year=year
    ).values_list("indicator_id", "quarter"):
        reported.setdefault(indicator_id, set()).add(quarter)
    for indicator, _row, _realization in items:
        indicator.quarters_reported = [
            (numeral, quarter in reported.get(indicator.id, ()))
            for quarter, numeral in completeness.quarters.ROMAN.items()
        ]
    context = {
        "plan": plan,
        "year": year,
        "items": items,
        "locked": plan.is_locked(year),
        "units": units_of(request.user).order_by("code"),
        "chosen": chosen or "",
        "awaiting": sum(1 for *_, r in items if r and r.status == Realization.Status.SUBMITTED),
        "due": due_now(plan, units),
        "uploads": uploads_to_submit(request.user),
    }
    return render(request, "indicators/operator_list.html", context)


def due_now(plan, units):
    """What is due now for ``units``: the next due triwulan and its missing indicators, and any
    earlier due date of that year passed with values still missing (three queries at most)."""
    today = timezone.localdate()
    deadline = completeness.next_due(plan, today)
    if deadline is None:
        return None
    missing = list(completeness.missing_indicators(deadline, units))
    late = [
        count
        for unit in completeness.by_unit(plan, deadline.year, today=today, units=units)
        for count in unit.overdue
        if count.quarter != deadline.quarter
    ]
    return {
        "deadline": deadline,
        "days": (deadline.due_date - today).days,
        "late_days": (today - deadline.due_date).days,
        "missing": missing,
        "late": late,
    }


def back_to_list(request):
    """The operator's list, on the year the form was sent from (``year`` of the POST)."""
    year = request.POST.get("year", "")
    url = reverse("realization_list")
    return redirect(f"{url}?year={year}" if year.isdigit() and len(year) == 4 else url)


def units_and_years(realizations):
    """ "Dinkes 2022" (or "Dinkes, Disdik 2021, 2022"): whose values of which years."""
    units = sorted({str(r.indicator.perangkat_daerah) for r in realizations})
    years = sorted({r.year for r in realizations})
    return f"{', '.join(units)} {', '.join(str(y) for y in years)}".strip()


def uploads_to_submit(user):
    """The user's realisation uploads of the last day (newest first, at most
    ``RECENT_UPLOADS``) that changed values not submitted yet, each with ``to_submit``: how many.
    Each is offered "ajukan semua" on its own, from any session or device."""
    batches = ImportBatch.objects.filter(
        imported_by=user,
        door=services.DOOR_OPERATOR_PAGE,
        created_at__gte=timezone.now() - UPLOADS_OFFERED_FOR,
    ).order_by("-created_at", "-pk")[:RECENT_UPLOADS]
    batches = list(batches)
    waiting = services.waiting_of_imports(
        batches, [Realization.Status.DRAFT, Realization.Status.RETURNED]
    )
    offered = []
    for batch in batches:
        batch.to_submit = waiting[batch.pk]
        if batch.to_submit:
            offered.append(batch)
    return offered


@require_POST
@entry_page
def realization_submit_upload(request):
    """ "Ajukan semua": submit every value the user's upload changed, in one transaction."""
    batch = ImportBatch.objects.filter(pk=request.POST.get("batch")).first()
    if batch is None or batch.imported_by_id != request.user.pk:
        raise Http404(_("No such upload."))
    try:
        submitted = services.realization_submit_imported(batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d realisation %(what)s submitted for verification.",
                "%(count)d realisations %(what)s submitted for verification.",
                len(submitted),
            )
            % {"count": len(submitted), "what": units_and_years(submitted)},
        )
    return back_to_list(request)


class RealizationForm(forms.Form):
    value = forms.CharField(
        label=gettext_lazy("Realisation"),
        help_text=gettext_lazy("A number; Indonesian format is fine (1.234,56 or 85,5 %)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    faktor_pendorong = forms.CharField(
        label=gettext_lazy("Supporting factors (faktor pendorong)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    faktor_penghambat = forms.CharField(
        label=gettext_lazy("Inhibiting factors (faktor penghambat)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tindak_lanjut = forms.CharField(
        label=gettext_lazy("Follow-up (tindak lanjut)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (bukti dukung): PDF, image or xlsx"), required=False
    )
    evidence_url = forms.URLField(
        label=gettext_lazy("Evidence link"), required=False, assume_scheme="https"
    )
    # The version of the realisation the form was opened on: a save over a later change is
    # refused (services.StaleEdit) instead of silently replacing it.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        if indicator.direction == Indicator.Direction.BINARY:
            self.fields["value"].widget.attrs["inputmode"] = "text"
            self.fields["value"].help_text = gettext_lazy("ya or tidak (1 or 0).")

    def clean_value(self):
        raw = self.cleaned_data["value"]
        try:
            if self.indicator.direction == Indicator.Direction.BINARY:
                value = numbers.parse_yes_no(raw)
            else:
                value = numbers.parse_number(raw)
        except numbers.NumberError as error:
            raise ValidationError(str(error)) from None
        if value is None:
            raise ValidationError(_("Give a value."))
        return value

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return upload
        limit = settings.EVIDENCE_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_MB}
            )
        extension = Path(upload.name).suffix.lower().lstrip(".")
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in EVIDENCE_SIGNATURES.get(extension, ())):
            raise ValidationError(
                _("Evidence must be a PDF, PNG, JPEG or xlsx file whose content matches its name.")
            )
        return upload


def _indicator_for(request, code):
    plan = Plan.objects.active()
    indicator = (
        Indicator.objects.filter(plan=plan, code=code).select_related("perangkat_daerah").first()
        if plan
        else None
    )
    # Another unit's indicator is answered like a missing one: nothing to learn by guessing.
    if (
        indicator is None
        or not units_of(request.user).filter(pk=indicator.perangkat_daerah_id).exists()
    ):
        raise Http404(_("Unknown indicator code."))
    return plan, indicator


@require_http_methods(["GET", "POST"])
@entry_page
def realization_edit(request, code, year):
    plan, indicator = _indicator_for(request, code)
    if year not in plan.years:
        raise Http404(_("The year lies outside the plan period."))
    realization = Realization.objects.filter(indicator=indicator, year=year).first()
    locked = plan.is_locked(year)
    initial = {"version": services.realization_version(realization)}
    if realization is not None:
        initial.update(
            {
                field: getattr(realization, field)
                for field in (
                    "note",
                    "faktor_pendorong",
                    "faktor_penghambat",
                    "tindak_lanjut",
                    "evidence_url",
                )
            }
        )
        initial["value"] = numbers.format_input(realization.value)
    form = RealizationForm(
        request.POST or None, request.FILES or None, indicator=indicator, initial=initial
    )
    if request.method == "POST":
        if locked:
            raise PermissionDenied(_("%(year)s is locked.") % {"year": year})
        if form.is_valid():
            data = form.cleaned_data
            details = {
                key: data[key]
                for key in (
                    "faktor_pendorong",
                    "faktor_penghambat",
                    "tindak_lanjut",
                    "evidence_url",
                )
            }
            if data["evidence"]:
                details["evidence"] = data["evidence"]
            submit = "submit" in request.POST
            saved = _saved(
                form,
                lambda: services.realization_record(
                    indicator=indicator,
                    year=year,
                    value=data["value"],
                    note=data["note"],
                    by=request.user,
                    door=services.DOOR_OPERATOR_PAGE,
                    check_role=True,
                    submit=submit,
                    expected_version=data["version"],
                    **details,
                ),
                Realization.objects.filter(indicator=indicator, year=year),
            )
            if saved is not None:
                _say_saved(request, saved, submit)
                if saved.back_to_draft:
                    messages.warning(
                        request,
                        _("The value had been verified; it now waits for verification again."),
                    )
                return redirect(f"{reverse('realization_list')}?year={year}")
    context = {
        "plan": plan,
        "indicator": indicator,
        "year": year,
        "realization": realization,
        "form": form,
        "locked": locked,
        "target": indicator.targets.filter(year=year).first(),
        "quarters": triwulan.years_of(indicator, [year])[0],
    }
    return render(request, "indicators/operator_form.html", context)


def _saved(form, record, stored):
    """``record()``'s saved value, or None when it refused: a stale edit (the value changed since
    the form was read) or a value the rules refuse. Then the form keeps what the user typed and
    says why; after a stale edit it carries the stored value's version (``stored``, a queryset of
    it), so the next save, once the user has checked, replaces the change."""
    try:
        return record()
    except services.StaleEdit as error:
        form.data = form.data.copy()
        form.data["version"] = services.realization_version(stored.first())
        form.add_error(None, error)
    except ValidationError as error:
        form.add_error(None, error)
    return None


def _say_saved(request, saved, submit):
    if submit and saved.status == Realization.Status.SUBMITTED:
        messages.success(request, _("Saved and submitted for verification."))
    else:
        messages.success(request, _("Saved as a draft."))


class QuarterForm(RealizationForm):
    """A triwulan value: the value and its note (faktor pendorong and penghambat, tindak lanjut
    and evidence belong to the year, on the year's form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "faktor_pendorong",
            "faktor_penghambat",
            "tindak_lanjut",
            "evidence",
            "evidence_url",
        ):
            del self.fields[name]


@require_http_methods(["GET", "POST"])
@entry_page
def quarter_edit(request, code, year, quarter):
    plan, indicator = _indicator_for(request, code)
    if year not in plan.years or quarter not in QuarterlyRealization.Quarter.values:
        raise Http404(_("The year lies outside the plan period."))
    entry = QuarterlyRealization.objects.filter(
        indicator=indicator, year=year, quarter=quarter
    ).first()
    locked = plan.is_locked(year)
    initial = {"version": services.realization_version(entry)}
    if entry is not None:
        initial.update(note=entry.note, value=numbers.format_input(entry.value))
    form = QuarterForm(request.POST or None, indicator=indicator, initial=initial)
    if request.method == "POST":
        if locked:
            raise PermissionDenied(_("%(year)s is locked.") % {"year": year})
        if form.is_valid():
            data = form.cleaned_data
            submit = "submit" in request.POST
            saved = _saved(
                form,
                lambda: services.quarterly_realization_record(
                    indicator=indicator,
                    year=year,
                    quarter=quarter,
                    value=data["value"],
                    note=data["note"],
                    by=request.user,
                    door=services.DOOR_OPERATOR_PAGE,
                    check_role=True,
                    submit=submit,
                    expected_version=data["version"],
                ),
                QuarterlyRealization.objects.filter(
                    indicator=indicator, year=year, quarter=quarter
                ),
            )
            if saved is not None:
                _say_saved(request, saved, submit)
                year_value = saved.year_realization
                if year_value is not None and year_value.source == Realization.Source.DIRECT:
                    messages.warning(
                        request,
                        _(
                            "The year value entered directly (%(value)s) still counts for the "
                            "year; the triwulan roll-up is shown beside it."
                        )
                        % {"value": numbers.format_input(year_value.value)},
                    )
                return redirect(reverse("realization_edit", args=[indicator.code, year]))
    context = {
        "plan": plan,
        "indicator": indicator,
        "year": year,
        "quarter": quarter,
        "numeral": QuarterlyRealization.Quarter(quarter).label,
        "entry": entry,
        "form": form,
        "locked": locked,
        "target": indicator.targets.filter(year=year).first(),
    }
    return render(request, "indicators/operator_quarter_form.html", context)


@require_POST
@entry_page
def use_quarters(request, code, year):
    """Let the triwulan roll-up replace the year value entered directly."""
    plan, indicator = _indicator_for(request, code)
    if year not in plan.years:
        raise Http404(_("The year lies outside the plan period."))
    try:
        services.realization_use_quarters(
            indicator=indicator,
            year=year,
            by=request.user,
            door=services.DOOR_OPERATOR_PAGE,
            check_role=True,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The year value is now the roll-up of the triwulan values."))
    return redirect(reverse("realization_edit", args=[indicator.code, year]))


@require_GET
@login_required
def evidence(request, pk):
    """A realisation's evidence file, only for those who may see that realisation."""
    realization = Realization.objects.select_related("indicator").filter(pk=pk).first()
    if (
        realization is None
        or not realization.evidence
        or not roles.may_see_realization(request.user, realization)
    ):
        raise Http404(_("No such evidence."))
    response = FileResponse(
        realization.evidence.open("rb"),
        as_attachment=True,
        filename=Path(realization.evidence.name).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
