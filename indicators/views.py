"""The achievement dashboard, its drill-down pages and the JSON API.

Who may read them is decided in one place, :func:`core.pages.may_read_dashboard`, with the
permission of :mod:`indicators.roles` each page names; an operator reads only its own units'
perangkat daerah and indicator pages (:func:`indicators.roles.may_read_unit`).
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import statements
from core.pages import dashboard_page, may_read_dashboard

from . import achievement, charts, completeness, outlook, read_cache, roles, triwulan
from .models import (
    Indicator,
    Mission,
    PerangkatDaerah,
    Plan,
    Realization,
    Target,
)

LEVELS = [level.value for level in Indicator.Level]
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted in a path


@dataclass
class View:
    """What the reader chose (all of it in the URL, so a shared link shows the same view)."""

    plan: Plan
    year: int
    level: str
    mission: Mission | None
    missions: list
    verified_only: bool = False

    def query(self, **changes):
        params = {"year": self.year, "level": self.level}
        if self.mission is not None:
            params["misi"] = self.mission.code
        if self.verified_only != self.plan.count_verified_only:
            params["verified"] = int(self.verified_only)
        params["plan"] = self.plan.code
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v is not None})

    def link(self, name, *args, **changes):
        return f"{reverse(name, args=args)}?{self.query(**changes)}"

    def unit_links(self, codes):
        """Each unit's drill-down link in this view: {code: link}, with one ``reverse`` for
        them all (a dashboard shows some fifty units)."""
        prefix = reverse("perangkat_daerah", args=["-"]).removesuffix("-/")
        query = self.query()
        return {code: f"{prefix}{quote(code, safe=URL_SAFE)}/?{query}" for code in codes}


def read_view(request, plan):
    """The view from the URL; anything unreadable falls back to its default."""
    year = plan.year_or_default(request.GET.get("year"))
    level = request.GET.get("level")
    if level not in LEVELS:
        level = Indicator.Level.PROGRAM.value
    missions = read_cache.remember(
        plan, "missions", (), lambda: list(Mission.objects.filter(plan=plan).order_by("number"))
    )
    code = request.GET.get("misi")
    mission = next((m for m in missions if m.code == code), None)
    return View(
        plan=plan,
        year=year,
        level=level,
        mission=mission,
        missions=missions,
        verified_only=read_verified_only(request, plan),
    )


def read_verified_only(request, plan):
    """``?verified=1`` counts verified values only, ``0`` all; the plan's setting by default.

    A visitor of the public page (not logged in) reads only what is published: where the plan
    counts verified values only, values not yet verified stay unseen whatever the address asks.
    """
    if plan.count_verified_only and not request.user.is_authenticated:
        return True
    return {"1": True, "0": False}.get(request.GET.get("verified"), plan.count_verified_only)


def active_plan(request=None):
    """The plan the address names (``?plan=CODE``: a link keeps showing that plan when another
    becomes the active one), else the active plan; 404 for an unknown code or no plan at all."""
    code = request.GET.get("plan") if request is not None else None
    if code:
        plan = Plan.objects.with_data_version().filter(code=code).first()
        if plan is None:
            raise Http404(_("Unknown plan code."))
        return plan
    plan = Plan.objects.active()
    if plan is None:
        raise Http404(_("No plan has been entered yet."))
    return plan


def dashboard_numbers(plan, view):
    """What the dashboard counts: the summary (with how many indicators have a realisation in the
    year shown), values awaiting verification per unit, and whether any indicator is illustrative
    (three queries), and the outlook to the plan's end as of the year shown (one more)."""
    summary = Indicator.objects.achievement_summary(
        plan, view.year, level=view.level, mission=view.mission, verified_only=view.verified_only
    )
    # Both compiled once per plan, level and year (core.statements): the rows are read afresh.
    awaiting = dict(
        statements.rows(
            Realization,
            ("dashboard.awaiting", plan.pk, view.level, view.year),
            lambda: (
                Realization.objects.filter(
                    indicator__plan=plan,
                    indicator__level=view.level,
                    year=view.year,
                    status=Realization.Status.SUBMITTED,
                )
                .values_list("indicator__perangkat_daerah__code")
                .annotate(count=Count("id"))
                .order_by()
                .values_list("indicator__perangkat_daerah__code", "count")
            ),
        )
    )
    illustrative = bool(
        statements.rows(
            Indicator,
            ("dashboard.illustrative", plan.pk),
            lambda: (
                Indicator.objects.filter(plan=plan, provenance=Indicator.Provenance.ILLUSTRATIVE)
                .order_by()
                .values_list("pk")[:1]
            ),
        )
    )
    outlooks = Indicator.objects.outlook_summary(
        plan,
        view.year,
        level=view.level,
        mission=view.mission,
        missions={m.pk: (m.number, m.text) for m in view.missions},
        verified_only=view.verified_only,
    )
    return summary, awaiting, illustrative, outlooks


@dashboard_page(roles.READ_DASHBOARD)
def dashboard(request):
    if request.GET.get("plan"):
        chosen = active_plan(request)
        return read_cache.page(
            request,
            chosen,
            "dashboard-page",
            lambda **extra: dashboard_html(request, chosen, **extra),
        )
    active = read_cache.active_plan()
    if active is None:
        return render(request, "indicators/dashboard.html", {"plan": None})
    return read_cache.page(
        request,
        active,
        "dashboard-page",
        lambda **extra: dashboard_html(request, active.plan(), **extra),
    )


def dashboard_html(request, plan, **extra):
    """The dashboard page as HTML (``extra`` for the template, e.g. a stand-in CSRF token)."""
    view = read_view(request, plan)
    summary, awaiting, illustrative, outlooks = read_cache.remember(
        plan,
        "dashboard",
        (view.year, view.level, view.mission.pk if view.mission else None, view.verified_only),
        lambda: dashboard_numbers(plan, view),
    )
    today = timezone.localdate()
    late = read_cache.remember(
        plan,
        "late-units",
        (view.year, today.isoformat()),
        lambda: completeness.overdue_units(plan, view.year, today=today),
    )
    late_links = view.unit_links(unit.code for unit in late)
    for unit in late:
        unit.link = late_links[unit.code]
    units = summary.by_perangkat_daerah
    links = view.unit_links(unit.code for unit in units)
    for unit in units:
        unit.link = links[unit.code]
        unit.awaiting = awaiting.get(unit.code, 0)
    context = {
        "plan": plan,
        "view": view,
        "summary": summary,
        "units": units,
        "bands": [(band, summary.bands.get(band, 0)) for band in achievement.Band],
        "unit_chart": charts.perangkat_daerah_chart(units, lambda u: u.link),
        "band_chart": charts.band_chart(summary.bands),
        "levels": Indicator.Level.choices,
        "awaiting": sum(awaiting.values()),
        # How many of the counted indicators have a realisation in the year shown.
        "coverage": summary.counts.realized,
        "illustrative": illustrative,
        "late": late,
        "outlooks": outlooks,
        "indicator_prefix": reverse("indicator", args=["-"]).removesuffix("-/"),
        **extra,
    }
    return render_to_string("indicators/dashboard.html", context, request=request)


@dashboard_page(roles.READ_DASHBOARD)
def perangkat_daerah(request, code):
    plan = active_plan(request)
    unit = PerangkatDaerah.objects.filter(code=code).first()
    # Another unit's page is answered like a missing one for an operator.
    if unit is None or not roles.may_read_unit(request.user, unit.pk):
        raise Http404(_("Unknown perangkat daerah code."))
    view = read_view(request, plan)
    summary = Indicator.objects.achievement_summary(
        plan,
        view.year,
        level=view.level,
        perangkat_daerah=unit,
        mission=view.mission,
        verified_only=view.verified_only,
        with_rows=True,
    )
    context = {
        "plan": plan,
        "view": view,
        "unit": unit,
        "summary": summary,
        "levels": Indicator.Level.choices,
    }
    return render(request, "indicators/perangkat_daerah.html", context)


@dashboard_page(roles.READ_DASHBOARD)
def indicator(request, code):
    plan = active_plan(request)
    item = (
        Indicator.objects.filter(plan=plan, code=code)
        .select_related("perangkat_daerah", "program", "objective", "goal")
        .first()
    )
    if item is None or not roles.may_read_unit(request.user, item.perangkat_daerah_id):
        raise Http404(_("Unknown indicator code."))
    # The values the dashboard counts: a visitor reads only published ones (read_verified_only).
    verified_only = read_verified_only(request, plan)
    years = Indicator.objects.filter(pk=item.pk).over_years(plan, verified_only=verified_only)[
        item.pk
    ]
    as_of = request.GET.get("year", "")
    as_of = int(as_of) if as_of.isdigit() and int(as_of) in plan.years else None
    prospect = outlook.project(
        item.direction,
        item.baseline,
        item.final_target_rule,
        [(row.year, row.realization) for row in years],
        start_year=plan.start_year,
        end_year=plan.end_year,
        as_of=as_of,
        lower_formula=plan.lower_formula,
        threshold=plan.achievement_threshold,
    )
    # Who changed what is for the plan's own people: a visitor of the public page reads values.
    history = _history(item) if request.user.is_authenticated else None
    quarters = [
        row
        for row in triwulan.years_of(item, list(plan.years), verified_only=verified_only)
        if row.values
    ]
    context = {
        "plan": plan,
        "indicator": item,
        "years": years,
        "quarters": quarters,
        "verified_only": verified_only,
        "outlook": prospect,
        "history": history,
        "chart": charts.indicator_chart(
            years, item.unit, baseline=item.baseline, baseline_year=plan.start_year
        ),
        "back": reverse("perangkat_daerah", args=[item.perangkat_daerah.code])
        + "?"
        + urlencode({"year": plan.year_or_default(request.GET.get("year")), "plan": plan.code}),
    }
    return render(request, "indicators/indicator.html", context)


def _history(item):
    """Every recorded change of the indicator, its targets and its realisations, newest first."""
    records = []
    for kind, manager in (
        (_("indicator"), item.history),
        (_("target"), Target.history.filter(indicator_id=item.pk)),
        (_("realisation"), Realization.history.filter(indicator_id=item.pk)),
    ):
        for record in manager.select_related("history_user").order_by("-history_date")[:200]:
            records.append((kind, record))
    records.sort(key=lambda pair: pair[1].history_date, reverse=True)
    return records


@require_GET
def api_achievement(request):
    """``GET /api/v1/achievement?year=YYYY[&level=…][&perangkat_daerah=CODE][&misi=CODE]``."""
    if not may_read_dashboard(request.user, roles.READ_DASHBOARD):
        return JsonResponse({"error": _("Log in to read the achievement data.")}, status=403)
    active = read_cache.active_plan()
    if active is None:
        return JsonResponse({"error": _("No plan has been entered yet.")}, status=404)
    plan = active.plan()
    raw_year = request.GET.get("year", "")
    if not raw_year:
        return _bad_request(_("The year parameter is required, e.g. ?year=2021."))
    try:
        year = int(raw_year)
    except ValueError:
        return _bad_request(_("The year must be a whole number, e.g. ?year=2021."))
    if year not in plan.years:
        return _bad_request(
            _("The year must lie within the plan period %(start)s–%(end)s.")
            % {"start": plan.start_year, "end": plan.end_year}
        )
    level = request.GET.get("level", Indicator.Level.PROGRAM.value)
    if level not in LEVELS:
        return _bad_request(
            _("The level must be one of: %(levels)s.") % {"levels": ", ".join(LEVELS)}
        )
    unit = None
    if code := request.GET.get("perangkat_daerah"):
        unit = PerangkatDaerah.objects.filter(code=code).first()
        if unit is None:
            return JsonResponse(
                {"error": _("Unknown perangkat daerah code: %s") % code}, status=404
            )
    mission = None
    if code := request.GET.get("misi"):
        mission = Mission.objects.filter(plan=plan, code=code).first()
        if mission is None:
            return JsonResponse({"error": _("Unknown misi code: %s") % code}, status=404)
    verified_only = read_verified_only(request, plan)

    def answer():
        summary = Indicator.objects.achievement_summary(
            plan,
            year,
            level=level,
            perangkat_daerah=unit,
            mission=mission,
            verified_only=verified_only,
        )
        return json.dumps(summary.as_dict(), ensure_ascii=False)

    body = read_cache.remember(
        plan,
        "api-achievement",
        (year, level, unit.pk if unit else None, mission.pk if mission else None, verified_only),
        answer,
    )
    return HttpResponse(body, content_type="application/json")


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)
