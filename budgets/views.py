"""Money and context pages: revenue, funding, needs against revenue, strategic issues, development
stages and the planning calendar; and the revenue and funding JSON API.

Who reads each page is :func:`core.pages.may_read_dashboard` with the permission it names
(:mod:`indicators.roles`): planners and officials, not operators; everything is read-only.
"""

from collections import defaultdict
from decimal import Decimal

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.money import percent_of
from core.pages import dashboard_page, may_read_dashboard
from indicators import achievement, roles
from indicators.models import (
    FIRST_YEAR,
    LAST_YEAR,
    DevelopmentStage,
    Indicator,
    Plan,
    StrategicIssue,
)
from indicators.views import active_plan

from . import charts, queries
from .models import BudgetStage, PlanningStage, ProgramFunding, RevenueValue


def _year_from(request, choices, default):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    return year if year in choices else default


@dashboard_page(roles.READ_REVENUE)
def revenue(request):
    years = sorted(set(RevenueValue.objects.values_list("year", flat=True).distinct()))
    realized = set(
        RevenueValue.objects.filter(realization__isnull=False)
        .values_list("year", flat=True)
        .distinct()
    )
    default_year = max(realized) if realized else (years[-1] if years else None)
    year = _year_from(request, years, default_year)
    context = {"years": years, "year": year}
    if year is None:
        return render(request, "budgets/revenue.html", context)
    stages = queries.revenue_stages(year)
    stage = request.GET.get("tahap")
    if stage not in stages:
        stage = queries.default_stage(stages)
    lines = queries.revenue_tree(year, stage)
    by_code = {line.code: line for line in lines}
    selected = by_code.get(request.GET.get("akun")) or (lines[0] if lines else None)

    def link(code=None, **changes):
        params = {"year": year, "tahap": stage, "akun": code or selected.code, **changes}
        return f"{reverse('revenue')}?{urlencode(params)}"

    if selected is not None:
        subtree = [
            line
            for line in lines
            if line.code == selected.code or line.code.startswith(f"{selected.code}.")
        ]
        for line in lines:
            line.link = link(line.code)
        for line in subtree:
            line.indent = line.depth - selected.depth
        path = []
        parent = selected
        ids = {line.id: line for line in lines}
        while parent is not None:
            path.insert(0, parent)
            parent = ids.get(parent.parent_id)
        context.update(
            selected=selected,
            subtree=subtree,
            path=path,
            accounts_chart=charts.revenue_accounts_chart(
                selected.children or [selected], lambda line: link(line.code)
            ),
            years_chart=charts.revenue_years_chart(queries.revenue_by_year(selected.code)),
        )
    context.update(
        stage=stage,
        budget_stages=[(s, BudgetStage(s).label) for s in stages],
        stage_label=BudgetStage(stage).label,
        illustrative=any(line.illustrative for line in lines),
    )
    return render(request, "budgets/revenue.html", context)


def _funding_year(request, plan, balances):
    with_spending = [b.year for b in balances if b.needs_realization]
    with_needs = [b.year for b in balances if b.needs]
    default = (with_spending or with_needs or [plan.start_year])[-1]
    return _year_from(request, list(plan.years), default)


@dashboard_page(roles.READ_FUNDING)
def funding(request):
    plan = active_plan(request)
    balances = queries.balances(plan)
    year = _funding_year(request, plan, balances)
    balance = next(b for b in balances if b.year == year)
    rows = (
        ProgramFunding.objects.filter(program__plan=plan, year=year)
        .values_list(
            "program__code",
            "program__name",
            "program__perangkat_daerah__abbreviation",
            "scheme__name",
            "pagu",
            "realization",
            "provenance",
        )
        .order_by("program__code")
    )
    programs = {}
    for code, name, unit, scheme, pagu, realization, provenance in rows:
        item = programs.setdefault(
            code,
            {
                "code": code,
                "name": name,
                "unit": unit,
                "schemes": [],
                "pagu": Decimal(0),
                "realization": None,
                "illustrative": False,
            },
        )
        item["schemes"].append(scheme)
        item["pagu"] += pagu
        if realization is not None:
            item["realization"] = (item["realization"] or 0) + realization
        item["illustrative"] |= provenance == ProgramFunding.Provenance.ILLUSTRATIVE
    for item in programs.values():
        item["percent"] = percent_of(item["realization"], item["pagu"])
    context = {
        "plan": plan,
        "year": year,
        "years": list(plan.years),
        "balance": balance,
        "programs": list(programs.values()),
        "illustrative": any(p["illustrative"] for p in programs.values()),
        "mix_chart": charts.funding_mix_chart(balances),
    }
    return render(request, "budgets/funding.html", context)


@dashboard_page(roles.READ_FUNDING)
def needs(request):
    plan = active_plan(request)
    balances = queries.balances(plan)
    year = _funding_year(request, plan, balances)
    context = {
        "plan": plan,
        "year": year,
        "years": list(plan.years),
        "balance": next(b for b in balances if b.year == year),
        "balances": balances,
        "needs_chart": charts.needs_chart(balances),
    }
    return render(request, "budgets/needs.html", context)


@dashboard_page(roles.READ_STRATEGIC_ISSUES)
def strategic_issues(request):
    plan = active_plan(request)
    year = plan.default_year()
    issues = list(
        StrategicIssue.objects.filter(plan=plan).prefetch_related(
            "objectives", "programs", "indicators"
        )
    )
    objective_ids = {o.pk for issue in issues for o in issue.objectives.all()}
    program_ids = {p.pk for issue in issues for p in issue.programs.all()}
    indicator_ids = {i.pk for issue in issues for i in issue.indicators.all()}
    # Every indicator an issue concerns, directly or through its objectives and programs: one query.
    related = (
        Indicator.objects.filter(pk__in=indicator_ids)
        | Indicator.objects.filter(program_id__in=program_ids)
        | Indicator.objects.filter(objective_id__in=objective_ids)
    )
    rows = {row.id: row for row in related.achievements(plan, year)}
    parents = dict(related.values_list("id", "program_id")) if program_ids else {}
    objective_of = dict(related.values_list("id", "objective_id")) if objective_ids else {}
    by_program, by_objective = defaultdict(list), defaultdict(list)
    for pk, row in rows.items():
        if parents.get(pk):
            by_program[parents[pk]].append(row)
        if objective_of.get(pk):
            by_objective[objective_of[pk]].append(row)

    def counts(items):
        achieved = sum(1 for r in items if r.result.status == achievement.Status.ACHIEVED)
        return {"achieved": achieved, "total": len(items)}

    kinds = []
    for kind, label in StrategicIssue.Kind.choices:
        entries = []
        for issue in issues:
            if issue.kind != kind:
                continue
            entries.append(
                {
                    "issue": issue,
                    "sources": [u.strip() for u in issue.source_url.split("|") if u.strip()],
                    "objectives": [(o, counts(by_objective[o.pk])) for o in issue.objectives.all()],
                    "programs": [(p, counts(by_program[p.pk])) for p in issue.programs.all()],
                    "indicators": [rows[i.pk] for i in issue.indicators.all() if i.pk in rows],
                }
            )
        if entries:
            kinds.append((kind, label, entries))
    context = {"plan": plan, "year": year, "kinds": kinds}
    return render(request, "budgets/strategic_issues.html", context)


@dashboard_page(roles.READ_DEVELOPMENT_STAGES)
def development_stages(request):
    plan = active_plan(request)
    stages = {s.year: s for s in DevelopmentStage.objects.filter(plan=plan)}
    yearly = Indicator.objects.yearly_counts(plan)
    timeline = []
    for year in plan.years:
        counts = yearly[year]
        stage = stages.get(year)
        timeline.append(
            {
                "year": year,
                "stage": stage,
                "sources": [u.strip() for u in stage.source_url.split("|") if u.strip()]
                if stage
                else [],
                "counts": counts if counts.achieved or counts.not_achieved else None,
            }
        )
    return render(request, "budgets/development_stages.html", {"plan": plan, "timeline": timeline})


@dashboard_page(roles.READ_CALENDAR)
def calendar(request):
    plan = active_plan(request)
    years = sorted(
        set(PlanningStage.objects.filter(plan=plan).values_list("year", flat=True).distinct())
    )
    today = timezone.localdate()
    default = today.year if today.year in years else (years[-1] if years else None)
    year = _year_from(request, years, default)
    stages = list(PlanningStage.objects.filter(plan=plan, year=year).order_by("order"))
    current = next(
        (s for s in stages if s.status == PlanningStage.Status.IN_PROGRESS),
        next((s for s in stages if s.status != PlanningStage.Status.DONE), None),
    )
    for stage in stages:
        stage.overdue = stage.is_overdue(today)
        stage.current = stage is current
        stage.sources = [u.strip() for u in stage.source_url.split("|") if u.strip()]
    context = {
        "plan": plan,
        "year": year,
        "years": years,
        "stages": stages,
        "current": current,
        "overdue": sum(1 for s in stages if s.overdue),
        "today": today,
    }
    return render(request, "budgets/calendar.html", context)


# ---- JSON API ----------------------------------------------------------------------------


def _api_year(request, permission):
    """(year, plan, None) or (None, None, error response); never raises."""
    if not may_read_dashboard(request.user, permission):
        return None, None, JsonResponse({"error": _("Log in to read the data.")}, status=403)
    plan = Plan.objects.active()
    first, last = (plan.start_year, plan.end_year) if plan else (FIRST_YEAR, LAST_YEAR)
    raw = request.GET.get("year", "")
    if not raw:
        return None, plan, _bad_request(_("The year parameter is required, e.g. ?year=2021."))
    try:
        year = int(raw)
    except ValueError:
        return None, plan, _bad_request(_("The year must be a whole number, e.g. ?year=2021."))
    if not first <= year <= last:
        return (
            None,
            plan,
            _bad_request(
                _("The year must lie within the plan period %(start)s–%(end)s.")
                % {"start": first, "end": last}
            ),
        )
    return year, plan, None


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)


@require_GET
def api_revenue(request):
    """``GET /api/v1/revenue?year=YYYY[&stage=murni|perubahan]``: the account tree, flattened."""
    year, _plan, error = _api_year(request, roles.READ_REVENUE)
    if error:
        return error
    stages = queries.revenue_stages(year)
    stage = request.GET.get("stage")
    if stage is None:
        stage = queries.default_stage(stages)
    elif stage not in BudgetStage.values:
        return _bad_request(
            _("The stage must be one of: %(stages)s.") % {"stages": ", ".join(BudgetStage.values)}
        )
    lines = queries.revenue_tree(year, stage)
    data = {"year": year, "stage": stage, "accounts": [line.as_dict() for line in lines]}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_funding(request):
    """``GET /api/v1/funding?year=YYYY``: needs by scheme, revenue and the gap."""
    year, plan, error = _api_year(request, roles.READ_FUNDING)
    if error:
        return error
    if plan is None:
        return JsonResponse({"error": _("No plan has been entered yet.")}, status=404)
    balance = next(b for b in queries.balances(plan) if b.year == year)
    return JsonResponse(balance.as_dict(), json_dumps_params={"ensure_ascii": False})
