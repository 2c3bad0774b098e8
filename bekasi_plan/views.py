from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from indicators.models import Indicator, Plan


def home(request):
    """The plan's achievement at a glance (the full dashboard builds on this)."""
    if not (settings.PUBLIC_DASHBOARD or request.user.is_authenticated):
        return redirect_to_login(request.get_full_path())
    plan = Plan.objects.active()
    context = {"plan": plan}
    if plan is not None:
        years = list(plan.years)
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = None
        if year not in years:
            year = plan.latest_realized_year() or plan.start_year
        summary = Indicator.objects.achievement_summary(plan, year)
        context.update(years=years, year=year, summary=summary)
    return render(request, "home.html", context)
