"""The plan data version: a counter per plan that every write to the plan's data bumps, in the
same transaction as the write.

Read results that are cached (the dashboard's and the API's) are keyed by ``(plan, version)``:
a reader reads the version before the data, so whatever it caches under a version was true at
that version, and a committed write has always moved the version on.

The bump is an ``UPDATE`` of the plan's one version row, so a writer holds that row's lock until
it commits, and writers of one plan (and the year-lock service) are ordered by it. Writers bump
*before* they write: on PostgreSQL (READ COMMITTED) a value written after waiting for a year
lock's transaction then sees that lock, and the database's lock trigger refuses the write.

Single-object saves and deletes of the tracked models bump through ``pre_save``/``pre_delete``
signals (the admin, forms, services, the shell); bulk writes (``bulk_create``, ``QuerySet.update``,
raw SQL: the workbook import, the demo loader) call :func:`bump` themselves, before writing.
Models whose rows are not tied to one plan (perangkat daerah, revenue) bump every plan.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

EVERY_PLAN = object()
_tracked = {}


def bump(plan_id=EVERY_PLAN):
    """Advance the data version of ``plan_id`` (of every plan when not given)."""
    from .models import PlanDataVersion

    versions = PlanDataVersion.objects.all()
    if plan_id is not EVERY_PLAN:
        if plan_id is None:
            return
        versions = versions.filter(plan_id=plan_id)
    if versions.update(version=F("version") + 1) or plan_id is EVERY_PLAN:
        return
    # The plan's first write: its row is made with the plan, but an older database may lack it.
    try:
        with transaction.atomic():
            PlanDataVersion.objects.create(plan_id=plan_id, version=1)
    except IntegrityError:
        PlanDataVersion.objects.filter(plan_id=plan_id).update(version=F("version") + 1)


def current(plan_id):
    """The committed data version of ``plan_id`` (0 before its first write)."""
    from .models import PlanDataVersion

    version = (
        PlanDataVersion.objects.filter(plan_id=plan_id).values_list("version", flat=True).first()
    )
    return version or 0


def track(model, plan_of=None):
    """Bump on every save and delete of ``model``; ``plan_of(instance)`` names the plan's id
    (``None``: the model is shared by every plan)."""
    _tracked[model] = plan_of
    uid = f"data-version-{model._meta.label_lower}"
    pre_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
    pre_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")


def track_m2m(through, plan_of=None):
    _tracked[through] = plan_of
    m2m_changed.connect(
        _m2m_changed, sender=through, dispatch_uid=f"data-version-{through._meta.label_lower}"
    )


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata: the fixture loader bumps once at the end, if at all
    plan_of = _tracked.get(sender)
    bump(EVERY_PLAN if plan_of is None else plan_of(instance))


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("pre_"):
        plan_of = _tracked.get(sender)
        bump(EVERY_PLAN if plan_of is None else plan_of(instance))


def _create_row(sender, instance, created, raw=False, **kwargs):
    from .models import PlanDataVersion

    if created and not raw:
        PlanDataVersion.objects.get_or_create(plan_id=instance.pk)


def connect():
    """Track the plan's own models (called once, from the app's ``ready``)."""
    from .models import (
        DevelopmentStage,
        Goal,
        Indicator,
        Mission,
        Objective,
        PerangkatDaerah,
        Plan,
        Program,
        QuarterlyRealization,
        Realization,
        ReportingDeadline,
        StrategicIssue,
        Target,
        YearLock,
    )

    post_save.connect(_create_row, sender=Plan, dispatch_uid="data-version-plan-row")
    track(Plan, lambda plan: plan.pk)
    for model in (Mission, Goal, Objective, Program, Indicator, StrategicIssue, DevelopmentStage):
        track(model, lambda obj: obj.plan_id)
    for model in (Target, Realization, QuarterlyRealization):
        track(model, lambda value: value.indicator.plan_id)
    track(ReportingDeadline, lambda deadline: deadline.plan_id)
    track(YearLock, lambda lock: lock.plan_id)
    track(PerangkatDaerah)
    track_m2m(PerangkatDaerah.operators.through)
