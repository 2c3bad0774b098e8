"""Writes to targets, realisations and year locks: validated, in one transaction, with the author
and the door (admin, operator page, import …) in history.

The admin, the operator page, the workbook import and the management commands all write through
these functions. Each one, in its transaction:

1. bumps the plan's data version first (:func:`indicators.data_version.bump`): that ``UPDATE``
   takes the plan's version row lock, which every writer of the plan and the year-lock service
   take first too. So a write and a concurrent year lock are ordered: on PostgreSQL (READ
   COMMITTED) a write that waited for a lock's transaction sees the committed lock when it checks,
   and two first entries of one indicator-year never both insert;
2. locks the row it changes (``select_for_update``) and checks its state there, not on an
   instance loaded earlier;
3. saves only what changed (a value left as it was is not written: the database's lock triggers
   refuse every write to a locked year, the application only a real change).
"""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import quarters

from . import achievement, data_version, roles, triggers
from .models import ImportBatch, QuarterlyRealization, Realization, Target, YearLock

# The values an operator enters and submits: a year's realisation and a triwulan's.
REALIZATION_MODELS = (Realization, QuarterlyRealization)

DOOR_ADMIN = "admin"
DOOR_OPERATOR_PAGE = "halaman operator"
DOOR_SHELL = "perintah"
DOOR_VERIFICATION = "halaman verifikasi"

REALIZATION_DETAILS = (
    "faktor_pendorong",
    "faktor_penghambat",
    "tindak_lanjut",
    "evidence",
    "evidence_url",
)


class StaleEdit(ValidationError):
    """The value changed since the form (or list) was opened; the message says by whom and when."""


def realization_version(realization):
    """A token that changes with every save of ``realization`` (its latest history record; 0 for
    none): a form carries it from the moment it was opened to the save."""
    if realization is None or realization.pk is None:
        return 0
    latest = (
        type(realization)
        .history.filter(id=realization.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return latest or 0


def _check_version(realization, expected):
    if expected is None or realization_version(realization) == expected:
        return
    record = (
        type(realization)
        .history.filter(id=realization.pk)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    who = (record.history_user.get_username() if record.history_user else None) or _("someone")
    when = formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    raise StaleEdit(
        _(
            "Changed by %(user)s at %(time)s since you opened it (now: %(value)s). Your input is "
            "kept: check it and save again to replace that change."
        )
        % {"user": who, "time": when, "value": formats.localize(realization.value)},
        code="stale",
    )


def _translate_integrity_error(error, instance):
    """The database refused the write: say why as the application would have."""
    if not hasattr(instance, "indicator_id"):
        return None
    text = str(error)
    if triggers.LOCK_ERROR in text:
        lock = YearLock.objects.filter(plan_id=instance.indicator.plan_id, year=instance.year)
        lock = lock.first()
        if lock is not None:
            return ValidationError(lock.refusal(instance._meta.verbose_name), code="year_locked")
    if "once_per_year" in text or "unique" in text.lower():
        return ValidationError(
            _(
                "%(what)s %(year)s was entered by someone else at the same moment: reload the "
                "page and check it."
            )
            % {"what": instance._meta.verbose_name, "year": instance.year},
            code="concurrent",
        )
    return None


def _save(instance, *, by, door, update_fields=None):
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance._change_reason = door
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        translated = _translate_integrity_error(error, instance)
        if translated is None:
            raise
        raise translated from error
    return instance


def _mark_edited(realization):
    """A changed value waits for verification again: verified, submitted or returned → draft.

    Says whether a verified value went back to draft (the door tells the user so).
    """
    was_verified = realization.status == Realization.Status.VERIFIED
    realization.status = Realization.Status.DRAFT
    return was_verified


def _submit(realization):
    if realization.status in (Realization.Status.DRAFT, Realization.Status.RETURNED):
        realization.status = Realization.Status.SUBMITTED
        realization.return_reason = ""


def _lock_row(model, pk):
    return model.objects.select_for_update().select_related("indicator__plan").get(pk=pk)


@transaction.atomic
def realization_record(
    *,
    indicator,
    year,
    value,
    note=None,
    by=None,
    door=DOOR_SHELL,
    check_role=False,
    submit=False,
    expected_version=None,
    **details,
):
    """Create or update the realisation of ``indicator`` in ``year``.

    ``note=None`` keeps the stored note; ``details`` may set faktor_pendorong, faktor_penghambat,
    tindak_lanjut, evidence, evidence_url. ``submit`` also submits it for verification, in the
    same transaction. ``expected_version`` (from :func:`realization_version` when the form was
    opened) refuses with :class:`StaleEdit` a save over a change made since.

    Raises ``ValidationError`` for a locked year, a year outside the plan's period or a value the
    indicator cannot take; ``PermissionDenied`` when ``check_role`` and ``by`` may not enter this
    unit's realisations. Sets ``back_to_draft`` on the result when a verified value went back to
    draft.
    """
    if check_role:
        roles.check_may_enter(by, indicator)
    data_version.bump(indicator.plan_id)
    stored = Realization.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if stored is not None:
        _check_version(stored, expected_version)
    elif expected_version:
        raise ValidationError(_("The realisation was deleted since you opened it."), code="stale")
    original = copy.copy(stored)
    realization = stored or Realization(indicator=indicator, year=year)
    if stored is not None:
        realization.indicator = indicator  # the caller's instance, with its plan loaded
    back_to_draft = False
    if stored is not None and stored.value != value:
        back_to_draft = _mark_edited(realization)
        realization.source = Realization.Source.DIRECT  # a year value typed in wins
    realization.value = value
    if note is not None:
        realization.note = note
    for field, detail in details.items():
        if field not in REALIZATION_DETAILS:
            raise TypeError(f"realization_record() got an unexpected keyword argument {field!r}")
        setattr(realization, field, detail)
    if submit:
        _submit(realization)
    if original is not None and not realization.changed_fields(original):
        realization.back_to_draft = False
        return realization  # nothing to write (and a locked year's unchanged value passes)
    _save(realization, by=by, door=door)
    realization.back_to_draft = back_to_draft
    return realization


@transaction.atomic
def target_record(*, indicator, year, value=None, low=None, high=None, by=None, door=DOOR_SHELL):
    """Create or update the target of ``indicator`` in ``year`` (a value, or a band for range)."""
    data_version.bump(indicator.plan_id)
    target = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None:
        target = Target(indicator=indicator, year=year)
    elif (target.value, target.low, target.high) == (value, low, high):
        return target
    target.value, target.low, target.high = value, low, high
    return _save(target, by=by, door=door)


def save_yearly_value(instance, *, by=None, door=DOOR_ADMIN):
    """Save a target or realisation edited in a form (the admin's door) the same way.

    Nothing is written when nothing changed. Returns True when a verified realisation went back
    to draft because its value changed.
    """
    back_to_draft = False
    with transaction.atomic():
        data_version.bump(instance.indicator.plan_id)
        stored = None
        if instance.pk is not None:
            stored = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
        if stored is not None and not instance.changed_fields(stored):
            return False
        if isinstance(instance, Realization) and stored is not None:
            instance.status = stored.status
            if stored.value != instance.value:
                back_to_draft = _mark_edited(instance)
                if stored.source == instance.source == Realization.Source.QUARTERS:
                    instance.source = Realization.Source.DIRECT  # a year value typed in wins
        if isinstance(instance, Realization) and instance.source == Realization.Source.QUARTERS:
            rolled = quarterly_roll_up_value(instance.indicator, instance.year)
            if rolled is None:
                raise ValidationError(
                    {"source": _("There are no triwulan values to roll up for this year.")}
                )
            if instance.value != rolled:
                back_to_draft = _mark_edited(instance) or back_to_draft
            instance.value = rolled
        _save(instance, by=by, door=door)
    return back_to_draft


def check_may_delete(instance):
    """Refuse to delete a locked year's target or realisation, with the lock's message, and a
    year value rolled up from triwulan values (deleting those removes it)."""
    lock = YearLock.objects.filter(plan_id=instance.indicator.plan_id, year=instance.year).first()
    if lock is not None:
        raise ValidationError(
            lock.refusal(instance._meta.verbose_name, deleting=True), code="year_locked"
        )
    if (
        isinstance(instance, Realization)
        and instance.source == Realization.Source.QUARTERS
        and QuarterlyRealization.objects.filter(
            indicator_id=instance.indicator_id, year=instance.year
        ).exists()
    ):
        raise ValidationError(
            _(
                "This year value is the roll-up of its triwulan values: delete those to remove "
                "it, or type another year value."
            ),
            code="rolled_up",
        )


def _delete(instance, *, by, door):
    """Delete ``instance`` with its history's user and door; the lock trigger's refusal becomes
    the lock's message."""
    if by is not None:
        instance._history_user = by
    instance._change_reason = door
    try:
        with transaction.atomic():
            instance.delete()
    except IntegrityError as error:
        translated = _translate_integrity_error(error, instance)
        if translated is None:
            raise
        raise translated from error


@transaction.atomic
def yearly_value_delete(instance, *, by=None, door=DOOR_ADMIN):
    """Delete a target or realisation; refused for a locked year.

    A year value rolled up from triwulan values is not deleted on its own (the triwulan values
    would give it again): deleting those removes it. Deleting a year value entered directly
    lets the roll-up of the year's triwulan values, if any, take its place.
    """
    data_version.bump(instance.indicator.plan_id)
    check_may_delete(instance)
    rolled_up = isinstance(instance, Realization) and (
        quarterly_roll_up_value(instance.indicator, instance.year) is not None
    )
    _delete(instance, by=by, door=door)
    if rolled_up:
        _roll_up(instance.indicator, instance.year, by=by, door=door)


@transaction.atomic
def realization_submit(realization, *, by, door=DOOR_OPERATOR_PAGE):
    """Draft (or returned) → submitted, by the unit's operator or a planner.

    This and the two below take a year's realisation or a triwulan's (``QuarterlyRealization``:
    the same states, its own row)."""
    roles.check_may_enter(by, realization.indicator)
    data_version.bump(realization.indicator.plan_id)
    realization = _lock_row(type(realization), realization.pk)
    if realization.status not in (Realization.Status.DRAFT, Realization.Status.RETURNED):
        raise ValidationError(_("Only a draft or returned realisation can be submitted."))
    _submit(realization)
    return _save(realization, by=by, door=door, update_fields=["status", "return_reason"])


def realizations_of_import(batch, model=Realization):
    """{realisation id: version} of the year realisations (or, with ``model``
    ``QuarterlyRealization``, the triwulan ones) that ``batch`` (an ImportBatch) wrote, the
    version being the history row of that write."""
    written = _written_by(batch)
    if written is None:
        return {}
    return dict(model.history.filter(written).values_list("id", "history_id"))


def _written_by(batch):
    """The history rows an upload wrote (they carry its reason, which names its batch), as a
    filter; None for an import that recorded no reason."""
    reason = (batch.summary or {}).get("history_reason")
    if not reason:
        return None
    return Q(history_change_reason=reason, history_date__gte=batch.created_at)


def waiting_of_imports(batches, statuses):
    """{batch id: how many of the realisations, of a year or of a triwulan, each upload in
    ``batches`` wrote are now in one of ``statuses``}: one grouped query per kind of value,
    whatever the number of uploads (each upload's history rows carry its own reason, which
    names its batch)."""
    reasons = {batch.summary["history_reason"]: batch for batch in batches if _written_by(batch)}
    counts = dict.fromkeys((batch.pk for batch in batches), 0)
    if not reasons:
        return counts
    written = Q()
    for batch in reasons.values():
        written |= _written_by(batch)
    for model in REALIZATION_MODELS:
        rows = (
            model.history.filter(written, id__in=model.objects.filter(status__in=statuses))
            .values("history_change_reason")
            .annotate(count=Count("id", distinct=True))
            .order_by()
            .values_list("history_change_reason", "count")
        )
        for reason, count in rows:
            counts[reasons[reason].pk] += count
    return counts


def _named(realization):
    """ "IP.001 2022", or "IP.001 2022 TW II" for a triwulan value."""
    quarter = getattr(realization, "quarter", None)
    named = f"{realization.indicator.code} {realization.year}"
    return f"{named} TW {quarters.ROMAN[quarter]}" if quarter else named


@transaction.atomic
def realization_submit_imported(batch, *, by, door=DOOR_OPERATOR_PAGE):
    """Submit for verification every realisation, of a year or of a triwulan, that the upload
    ``batch`` changed, in one transaction: refused whole (:class:`StaleEdit`) when one of them
    changed since the upload, and for a locked year. Only the uploader may. Returns the
    realisations submitted (values already submitted, or verified since, are left as they are)."""
    if not isinstance(batch, ImportBatch) or batch.imported_by_id != getattr(by, "pk", None):
        raise PermissionDenied
    versions = {model: realizations_of_import(batch, model) for model in REALIZATION_MODELS}
    if not any(versions.values()):
        return []
    data_version.bump(batch.plan_id)
    rows = []
    for model, of_model in versions.items():
        found = list(
            model.objects.select_for_update()
            .select_related("indicator__plan", "indicator__perangkat_daerah")
            .filter(pk__in=of_model)
            .order_by("pk")
        )
        if len(found) != len(of_model):
            raise ValidationError(_("A value of this upload was deleted since; upload it again."))
        rows += found
    changed = []
    for realization in rows:
        roles.check_may_enter(by, realization.indicator)
        if realization_version(realization) != versions[type(realization)][realization.pk]:
            changed.append(_named(realization))
    if changed:
        raise StaleEdit(
            _(
                "Changed since the upload: %(values)s. Nothing was submitted: check them, or "
                "upload the file again."
            )
            % {"values": ", ".join(changed)},
            code="stale",
        )
    submitted = []
    for realization in rows:
        if realization.status not in (Realization.Status.DRAFT, Realization.Status.RETURNED):
            continue
        lock = YearLock.objects.filter(plan_id=batch.plan_id, year=realization.year).first()
        if lock is not None:
            raise ValidationError(lock.refusal(realization._meta.verbose_name), code="year_locked")
        _submit(realization)
        _save(realization, by=by, door=door, update_fields=["status", "return_reason"])
        submitted.append(realization)
    return submitted


@transaction.atomic
def realization_verify(realization, *, by, door=DOOR_ADMIN, expected_version=None):
    """Submitted → verified, by a planner; remembers the value that was verified.

    ``expected_version`` (what the planner's list showed) refuses to verify a value changed since.
    """
    if not roles.is_planner(by):
        raise PermissionDenied
    data_version.bump(realization.indicator.plan_id)
    realization = _lock_row(type(realization), realization.pk)
    if realization.status != Realization.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted realisation can be verified."))
    _check_version(realization, expected_version)
    realization.status = Realization.Status.VERIFIED
    realization.verified_value = realization.value
    realization.verified_by = by
    realization.verified_at = timezone.now()
    return _save(
        realization,
        by=by,
        door=door,
        update_fields=["status", "verified_value", "verified_by", "verified_at"],
    )


@transaction.atomic
def realization_return(realization, *, by, reason, door=DOOR_ADMIN, expected_version=None):
    """Submitted → returned to the operator with a reason, by a planner."""
    if not roles.is_planner(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the realisation is returned."))
    data_version.bump(realization.indicator.plan_id)
    realization = _lock_row(type(realization), realization.pk)
    if realization.status != Realization.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted realisation can be returned."))
    _check_version(realization, expected_version)
    realization.status = Realization.Status.RETURNED
    realization.return_reason = reason.strip()
    return _save(realization, by=by, door=door, update_fields=["status", "return_reason"])


@transaction.atomic
def year_lock(*, plan, year, reason, by, door=DOOR_ADMIN):
    """Close a year of the plan: no door can change its targets or realisations afterwards.

    The version bump comes first: a write of this plan in progress holds that row until it
    commits, so it commits before the lock; a write that comes later waits and then sees the lock.
    """
    if not roles.is_planner(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the year is locked."))
    data_version.bump(plan.pk)
    lock = YearLock(plan=plan, year=year, reason=reason.strip(), locked_by=by)
    return _save(lock, by=by, door=door)


@transaction.atomic
def year_unlock(lock, *, by, reason="", door=DOOR_ADMIN):
    """Open a locked year again; the unlocking is kept in the lock's history."""
    if not roles.is_planner(by):
        raise PermissionDenied
    data_version.bump(lock.plan_id)
    lock._history_user = by
    lock._change_reason = f"{door}: {reason}".strip(": ")
    lock.delete()


# -- triwulan (quarterly) realisations ----------------------------------------------------------


def quarterly_roll_up_value(indicator, year):
    """The year value the stored triwulan values of ``indicator`` give (None: there are none),
    by its calculation type (``achievement.yearly_value``)."""
    values = (
        QuarterlyRealization.objects.filter(indicator=indicator, year=year)
        .order_by("quarter")
        .values_list("value", flat=True)
    )
    return achievement.yearly_value(list(values), indicator.calculation_type)


def _roll_up(indicator, year, *, by, door):
    """Bring the year's realisation in line with its triwulan values, in the caller's
    transaction (the plan's version row already locked).

    A year value entered directly (``source = direct``) wins and is left as it is: pages show
    the roll-up beside it. Otherwise the year value is the roll-up (``source = quarters``),
    created, changed (back to draft when it differs) or deleted when no triwulan value is left.
    Returns the year's realisation (None when there is none).
    """
    stored = Realization.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if stored is not None and stored.source == Realization.Source.DIRECT:
        return stored
    rolled = quarterly_roll_up_value(indicator, year)
    if rolled is None:
        if stored is not None:
            stored._history_user = by
            stored._change_reason = door
            stored.delete()
        return None
    realization = stored or Realization(
        indicator=indicator, year=year, source=Realization.Source.QUARTERS
    )
    realization.indicator = indicator
    if stored is not None and stored.value == rolled:
        return stored
    if stored is not None:
        _mark_edited(realization)
    realization.value = rolled
    return _save(realization, by=by, door=door)


@transaction.atomic
def quarterly_realization_record(
    *,
    indicator,
    year,
    quarter,
    value,
    note=None,
    by=None,
    door=DOOR_SHELL,
    check_role=False,
    submit=False,
    expected_version=None,
):
    """Create or update the realisation of triwulan ``quarter`` (1–4) of ``indicator`` in
    ``year``, and roll the year value up from the triwulan values (unless a year value was
    entered directly: that one wins).

    The same checks as :func:`realization_record`: the role (``check_role``), the version the
    form was opened on, the year lock and the plan period (the model's ``full_clean`` and the
    database's triggers). Sets ``year_realization`` on the result (the year's realisation after
    the roll-up) and ``back_to_draft`` when a verified value went back to draft.
    """
    if check_role:
        roles.check_may_enter(by, indicator)
    if quarter not in QuarterlyRealization.Quarter.values:
        raise ValidationError({"quarter": _("A triwulan is I, II, III or IV.")})
    data_version.bump(indicator.plan_id)
    stored = (
        QuarterlyRealization.objects.select_for_update()
        .filter(indicator=indicator, year=year, quarter=quarter)
        .first()
    )
    if stored is not None:
        _check_version(stored, expected_version)
    elif expected_version:
        raise ValidationError(_("The realisation was deleted since you opened it."), code="stale")
    original = copy.copy(stored)
    entry = stored or QuarterlyRealization(indicator=indicator, year=year, quarter=quarter)
    entry.indicator = indicator
    back_to_draft = False
    if stored is not None and stored.value != value:
        back_to_draft = _mark_edited(entry)
    entry.value = value
    if note is not None:
        entry.note = note
    if submit:
        _submit(entry)
    if original is None or entry.changed_fields(original):
        _save(entry, by=by, door=door)
    entry.back_to_draft = back_to_draft
    entry.year_realization = _roll_up(indicator, year, by=by, door=door)
    return entry


@transaction.atomic
def quarterly_realization_delete(entry, *, by=None, door=DOOR_ADMIN):
    """Delete a triwulan value (refused for a locked year) and roll the year up again."""
    indicator = entry.indicator
    data_version.bump(indicator.plan_id)
    check_may_delete(entry)
    _delete(entry, by=by, door=door)
    return _roll_up(indicator, entry.year, by=by, door=door)


@transaction.atomic
def realization_use_quarters(*, indicator, year, by=None, door=DOOR_SHELL, check_role=False):
    """Let the triwulan roll-up replace a year value entered directly (``source`` → quarters).

    Refused when the year has no triwulan values (there would be nothing to show).
    """
    if check_role:
        roles.check_may_enter(by, indicator)
    data_version.bump(indicator.plan_id)
    stored = Realization.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if quarterly_roll_up_value(indicator, year) is None:
        raise ValidationError(_("There are no triwulan values to roll up for this year."))
    if stored is not None and stored.source == Realization.Source.DIRECT:
        stored.indicator = indicator
        stored.source = Realization.Source.QUARTERS
        rolled = quarterly_roll_up_value(indicator, year)
        if stored.value != rolled:
            _mark_edited(stored)
        stored.value = rolled
        _save(stored, by=by, door=door)
        return stored
    return _roll_up(indicator, year, by=by, door=door)
