"""The planners' verification screen: per perangkat daerah and year, the realisations waiting
for verification with what a planner judges them by (target, capaian, note, factors, evidence),
verified or returned per row or for a selection; and the year's lock, which first lists what is
still unverified, and its unlocking, with a reason.

Every action goes through :mod:`indicators.services` with the version each row had when the
page was loaded, so a value edited meanwhile is refused, not verified blindly. A selection is
one transaction: all of it is done, or none.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import roles, services
from .models import Indicator, PerangkatDaerah, Plan, Realization, YearLock

SHOWN = {
    "submitted": [Realization.Status.SUBMITTED],
    "open": [Realization.Status.DRAFT, Realization.Status.SUBMITTED, Realization.Status.RETURNED],
    "all": list(Realization.Status),
}
UNVERIFIED = SHOWN["open"]
# The unlocking's reason is kept as the history row's change reason (100 characters).
UNLOCK_REASON_LENGTH = 80


def planner_page(view):
    """Bapelitbangda only: 403 for every other role (the login page for no one logged in)."""

    @login_required
    def wrapper(request, *args, **kwargs):
        if not roles.is_planner(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def plan_and_year(request):
    plan = Plan.objects.active()
    if plan is None:
        raise Http404(_("No plan has been entered yet."))
    data = request.POST if request.method == "POST" else request.GET
    return plan, plan.year_or_default(data.get("year"))


def chosen_unit(request):
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("perangkat_daerah") or ""
    if not code:
        return None
    unit = PerangkatDaerah.objects.filter(code=code).first()
    if unit is None:
        raise Http404(_("Unknown perangkat daerah code."))
    return unit


def with_versions(realizations):
    """Each realisation with ``version``, the token services check (its latest history row)."""
    latest = (
        Realization.history.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
        .values("latest")
    )
    return realizations.annotate(version=Subquery(latest))


def page_address(year, unit, shown):
    query = {"year": year, "status": shown}
    if unit is not None:
        query["perangkat_daerah"] = unit.code
    return f"{reverse('verification')}?{urlencode(query)}"


@require_GET
@planner_page
def verification_list(request):
    plan, year = plan_and_year(request)
    unit = chosen_unit(request)
    shown = request.GET.get("status") if request.GET.get("status") in SHOWN else "submitted"
    realizations = (
        Realization.objects.filter(indicator__plan=plan, year=year, status__in=SHOWN[shown])
        .select_related("indicator__perangkat_daerah")
        .order_by("indicator__perangkat_daerah__code", "indicator__code")
    )
    if unit is not None:
        realizations = realizations.filter(indicator__perangkat_daerah=unit)
    realizations = list(with_versions(realizations))
    judged = {
        row.id: row
        for row in Indicator.objects.filter(
            pk__in=[r.indicator_id for r in realizations]
        ).achievements(plan, year)
    }
    waiting = (
        Realization.objects.filter(
            indicator__plan=plan, year=year, status=Realization.Status.SUBMITTED
        )
        .values("indicator__perangkat_daerah__code")
        .annotate(count=Count("id"))
    )
    waiting = {row["indicator__perangkat_daerah__code"]: row["count"] for row in waiting}
    units = PerangkatDaerah.objects.filter(indicators__plan=plan).distinct().order_by("code")
    context = {
        "plan": plan,
        "year": year,
        "unit": unit,
        "units": [(u, waiting.get(u.code, 0)) for u in units],
        "shown": shown,
        "rows": [(r, judged.get(r.indicator_id)) for r in realizations],
        "submitted_count": sum(r.status == Realization.Status.SUBMITTED for r in realizations),
        "lock": YearLock.objects.filter(plan=plan, year=year).first(),
        "here": page_address(year, unit, shown),
        "return_form": ReasonForm(),
    }
    return render(request, "indicators/verification.html", context)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def seen_version(request, pk):
    try:
        return int(request.POST.get(f"seen_{pk}", ""))
    except ValueError:
        return None


def described(realizations):
    """ "Dinkes 2022": whose values, of which year."""
    units = sorted({str(r.indicator.perangkat_daerah) for r in realizations})
    years = sorted({r.year for r in realizations})
    return f"{', '.join(units)} {', '.join(str(y) for y in years)}".strip()


def verified_message(realizations):
    """ "12 realisasi Dinkes 2022 diverifikasi."."""
    return ngettext(
        "%(count)d realisation %(what)s verified.",
        "%(count)d realisations %(what)s verified.",
        len(realizations),
    ) % {"count": len(realizations), "what": described(realizations)}


def returned_message(realizations):
    return ngettext(
        "%(count)d realisation %(what)s returned to its perangkat daerah.",
        "%(count)d realisations %(what)s returned to their perangkat daerah.",
        len(realizations),
    ) % {"count": len(realizations), "what": described(realizations)}


@require_POST
@planner_page
def verification_act(request):
    """Verify or return one row (``verify_one`` / ``return_one``) or the selected rows
    (``selected``, with ``action``): all of them or none."""
    plan, year = plan_and_year(request)
    post = request.POST
    if post.get("verify_one") or post.get("return_one"):
        action = "verify" if post.get("verify_one") else "return"
        chosen = [post.get("verify_one") or post.get("return_one")]
        reason = post.get(f"reason_{chosen[0]}", "")
    else:
        action, chosen, reason = (
            post.get("action"),
            post.getlist("selected"),
            post.get("reason", ""),
        )
    if action not in ("verify", "return"):
        raise Http404(_("Unknown action."))
    ids = [int(pk) for pk in chosen if pk.isdigit()]
    back = post.get("next") or page_address(year, None, "submitted")
    if not back.startswith(reverse("verification")):
        back = reverse("verification")
    realizations = list(
        Realization.objects.filter(pk__in=ids, indicator__plan=plan)
        .select_related("indicator__plan", "indicator__perangkat_daerah")
        .order_by("pk")
    )
    if not realizations:
        messages.error(request, _("Choose at least one realisation."))
        return redirect(back)
    try:
        with transaction.atomic():
            for realization in realizations:
                try:
                    if action == "verify":
                        services.realization_verify(
                            realization,
                            by=request.user,
                            door=services.DOOR_VERIFICATION,
                            expected_version=seen_version(request, realization.pk),
                        )
                    else:
                        services.realization_return(
                            realization,
                            by=request.user,
                            reason=reason,
                            door=services.DOOR_VERIFICATION,
                            expected_version=seen_version(request, realization.pk),
                        )
                except ValidationError as error:
                    raise ValidationError(
                        f"{realization.indicator.code} {realization.year}: "
                        + " ".join(error.messages)
                    ) from error
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was done. %(problem)s") % {"problem": " ".join(error.messages)},
        )
        return redirect(back)
    text = (verified_message if action == "verify" else returned_message)(realizations)
    messages.success(request, text)
    return redirect(back)


@require_http_methods(["GET", "POST"])
@planner_page
def year_lock(request):
    """Lock a year: first the list of what is still unverified, then the lock with a reason."""
    plan, year = plan_and_year(request)
    lock = YearLock.objects.filter(plan=plan, year=year).first()
    form = ReasonForm(request.POST or None)
    form.fields["reason"].required = True
    if request.method == "POST" and lock is None and form.is_valid():
        try:
            services.year_lock(
                plan=plan,
                year=year,
                reason=form.cleaned_data["reason"],
                by=request.user,
                door=services.DOOR_VERIFICATION,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(year)s is locked.") % {"year": year})
            return redirect(page_address(year, None, "submitted"))
    unverified = (
        Realization.objects.filter(indicator__plan=plan, year=year, status__in=UNVERIFIED)
        .select_related("indicator__perangkat_daerah")
        .order_by("indicator__perangkat_daerah__code", "indicator__code")
    )
    no_data = Indicator.objects.filter(plan=plan).exclude(realizations__year=year).count()
    context = {
        "plan": plan,
        "year": year,
        "lock": lock,
        "form": form,
        "unverified": list(unverified),
        "no_data": no_data,
        "by_status": {
            status: sum(1 for r in unverified if r.status == status) for status in UNVERIFIED
        },
    }
    return render(request, "indicators/year_lock.html", context)


@require_http_methods(["GET", "POST"])
@planner_page
def year_unlock(request):
    """Open a locked year again, with a reason kept in the lock's history."""
    data = request.POST if request.method == "POST" else request.GET
    if str(data.get("lock", "")).isdigit():  # from the admin's list of locks, of any plan
        lock = YearLock.objects.select_related("plan").filter(pk=data["lock"]).first()
        if lock is None:
            raise Http404(_("No such lock."))
        plan, year = lock.plan, lock.year
    else:
        plan, year = plan_and_year(request)
        lock = YearLock.objects.filter(plan=plan, year=year).first()
    if lock is None:
        messages.info(request, _("%(year)s is not locked.") % {"year": year})
        return redirect(page_address(year, None, "submitted"))
    form = ReasonForm(request.POST or None)
    form.fields["reason"].required = True
    if request.method == "POST" and form.is_valid():
        services.year_unlock(
            lock,
            by=request.user,
            reason=form.cleaned_data["reason"][:UNLOCK_REASON_LENGTH],
            door=services.DOOR_VERIFICATION,
        )
        messages.success(request, _("%(year)s is unlocked.") % {"year": year})
        return redirect(page_address(year, None, "submitted"))
    return render(
        request,
        "indicators/year_unlock.html",
        {"plan": plan, "year": year, "lock": lock, "form": form},
    )
