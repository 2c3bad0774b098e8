"""Who may do what: the three roles and the one place that answers for views, admin and imports.

* Perencana (Bapelitbangda planning staff): everything on plan data; verify; lock and unlock years;
  import.
* Operator perangkat daerah: the realisations (value, note, evidence, factors, follow-up) of the
  indicators of its own units, in unlocked years; nothing else.
* Pimpinan (officials, DPRD): read dashboards, reports and exports.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied

PLANNER = "Perencana"
OPERATOR = "Operator perangkat daerah"
OFFICIAL = "Pimpinan"

OPERATOR_PERMISSIONS = [
    ("indicators", "view_indicator"),
    ("indicators", "view_target"),
    ("indicators", "view_realization"),
    ("indicators", "add_realization"),
    ("indicators", "change_realization"),
    ("indicators", "view_perangkatdaerah"),
]
PLAN_APPS = ["indicators", "budgets"]

# What a page needs (core.pages.dashboard_page checks it by name). Every role reads the dashboard;
# only planners and officials read every unit's pages, money and context, and the whole plan.
READ_DASHBOARD = "indicators.view_indicator"
READ_EVERY_UNIT = "indicators.view_every_unit"
READ_REVENUE = "budgets.view_revenuevalue"
READ_FUNDING = "budgets.view_programfunding"
READ_CALENDAR = "budgets.view_planningstage"
READ_STRATEGIC_ISSUES = "indicators.view_strategicissue"
READ_DEVELOPMENT_STAGES = "indicators.view_developmentstage"


def ensure_groups(group_model, permission_model):
    """Create the three groups with their permissions as defined here (idempotent).

    Used by ``manage.py reset_roles`` (and the test suite), never by ``migrate``: a migration that
    changes what a role may do sets the permissions itself, with the definition of its day.
    """
    plan_data = permission_model.objects.filter(content_type__app_label__in=PLAN_APPS)
    planner, _ = group_model.objects.get_or_create(name=PLANNER)
    planner.permissions.set(plan_data)
    official, _ = group_model.objects.get_or_create(name=OFFICIAL)
    official.permissions.set(plan_data.filter(codename__startswith="view_"))
    operator, _ = group_model.objects.get_or_create(name=OPERATOR)
    operator.permissions.set(
        plan_data.filter(
            content_type__app_label="indicators",
            codename__in=[codename for _app, codename in OPERATOR_PERMISSIONS],
        )
    )
    return planner, operator, official


def is_planner(user):
    return user.is_active and (user.is_superuser or user.has_perm("indicators.verify_realization"))


def operated_unit_ids(user):
    """The perangkat daerah whose realisations ``user`` enters (empty for everyone else)."""
    if not user.is_authenticated or user.pk is None:
        return set()
    cached = getattr(user, "_operated_unit_ids", None)
    if cached is None:
        cached = set(user.operated_units.values_list("id", flat=True))
        user._operated_unit_ids = cached
    return cached


def is_operator(user):
    return user.is_authenticated and bool(operated_unit_ids(user))


def is_operator_only(user):
    """An operator who is neither a planner nor reads every unit (an official)."""
    return not is_planner(user) and is_operator(user) and not user.has_perm(READ_EVERY_UNIT)


def may_read_unit(user, unit_id):
    """Whether ``user`` reads the pages of perangkat daerah ``unit_id``: everyone with the public
    dashboard on; planners and officials every unit; an operator its own units only."""
    if settings.PUBLIC_DASHBOARD:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if is_planner(user) or user.has_perm(READ_EVERY_UNIT):
        return True
    return user.has_perm(READ_DASHBOARD) and unit_id in operated_unit_ids(user)


def may_enter_realizations(user, unit_id):
    """Planners for every unit; an operator for its own units."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_planner(user):
        return True
    return user.has_perm("indicators.change_realization") and unit_id in operated_unit_ids(user)


def check_may_enter(user, indicator):
    if not may_enter_realizations(user, indicator.perangkat_daerah_id):
        raise PermissionDenied


def may_see_realization(user, realization):
    """Who may read a realisation's details and evidence: planners, officials, its operators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_planner(user) or (user.has_perm("indicators.view_realization") and not is_operator(user)):
        return True
    return realization.indicator.perangkat_daerah_id in operated_unit_ids(user)
