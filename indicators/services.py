"""Writes to targets, realisations and year locks: validated, in one transaction, with the author
and the door (admin, operator page, import …) in history.

The admin, the operator page, the workbook import and the management commands all write through
these functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles
from .models import Realization, Target, YearLock

DOOR_ADMIN = "admin"
DOOR_OPERATOR_PAGE = "halaman operator"
DOOR_SHELL = "perintah"


def _save(instance, *, by, door):
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance._change_reason = door
    instance.save()
    return instance


def _mark_edited(realization):
    """An edit of a verified (or returned) value sends it back to draft; says whether it did."""
    if realization.status == Realization.Status.VERIFIED:
        realization.status = Realization.Status.DRAFT
        return True
    if realization.status == Realization.Status.RETURNED:
        realization.status = Realization.Status.DRAFT
    return False


@transaction.atomic
def realization_record(
    *, indicator, year, value, note=None, by=None, door=DOOR_SHELL, check_role=False, **details
):
    """Create or update the realisation of ``indicator`` in ``year``.

    ``note=None`` keeps the stored note; ``details`` may set faktor_pendorong, faktor_penghambat,
    tindak_lanjut, evidence, evidence_url. Raises ``ValidationError`` for a locked year, a year
    outside the plan's period or a value the indicator cannot take; ``PermissionDenied`` when
    ``check_role`` and ``by`` may not enter this unit's realisations.
    """
    if check_role:
        roles.check_may_enter(by, indicator)
    realization = (
        Realization.objects.select_for_update().filter(indicator=indicator, year=year).first()
    )
    if realization is None:
        realization = Realization(indicator=indicator, year=year)
    if realization.value != value and realization.pk is not None:
        _mark_edited(realization)
    realization.value = value
    if note is not None:
        realization.note = note
    for field, detail in details.items():
        setattr(realization, field, detail)
    return _save(realization, by=by, door=door)


@transaction.atomic
def target_record(*, indicator, year, value=None, low=None, high=None, by=None, door=DOOR_SHELL):
    """Create or update the target of ``indicator`` in ``year`` (a value, or a band for range)."""
    target = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None:
        target = Target(indicator=indicator, year=year)
    target.value, target.low, target.high = value, low, high
    return _save(target, by=by, door=door)


def save_yearly_value(instance, *, by=None, door=DOOR_ADMIN):
    """Save a target or realisation edited in a form (the admin's door) the same way.

    Returns True when a verified realisation went back to draft because its value changed.
    """
    back_to_draft = False
    with transaction.atomic():
        if isinstance(instance, Realization) and instance.pk is not None:
            stored = Realization.objects.select_for_update().get(pk=instance.pk)
            if stored.value != instance.value:
                instance.status = stored.status
                back_to_draft = _mark_edited(instance)
        _save(instance, by=by, door=door)
    return back_to_draft


@transaction.atomic
def realization_submit(realization, *, by, door=DOOR_OPERATOR_PAGE):
    """Draft (or returned) → submitted, by the unit's operator or a planner."""
    roles.check_may_enter(by, realization.indicator)
    if realization.status not in (Realization.Status.DRAFT, Realization.Status.RETURNED):
        raise ValidationError(_("Only a draft or returned realisation can be submitted."))
    realization.status = Realization.Status.SUBMITTED
    realization.return_reason = ""
    return _save(realization, by=by, door=door)


@transaction.atomic
def realization_verify(realization, *, by, door=DOOR_ADMIN):
    """Submitted → verified, by a planner; remembers the value that was verified."""
    if not roles.is_planner(by):
        raise PermissionDenied
    if realization.status != Realization.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted realisation can be verified."))
    realization.status = Realization.Status.VERIFIED
    realization.verified_value = realization.value
    realization.verified_by = by
    realization.verified_at = timezone.now()
    return _save(realization, by=by, door=door)


@transaction.atomic
def realization_return(realization, *, by, reason, door=DOOR_ADMIN):
    """Submitted → returned to the operator with a reason, by a planner."""
    if not roles.is_planner(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the realisation is returned."))
    if realization.status != Realization.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted realisation can be returned."))
    realization.status = Realization.Status.RETURNED
    realization.return_reason = reason.strip()
    return _save(realization, by=by, door=door)


@transaction.atomic
def year_lock(*, plan, year, reason, by, door=DOOR_ADMIN):
    """Close a year of the plan: no door can change its targets or realisations afterwards."""
    if not roles.is_planner(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the year is locked."))
    lock = YearLock(plan=plan, year=year, reason=reason.strip(), locked_by=by)
    return _save(lock, by=by, door=door)


@transaction.atomic
def year_unlock(lock, *, by, reason="", door=DOOR_ADMIN):
    """Open a locked year again; the unlocking is kept in the lock's history."""
    if not roles.is_planner(by):
        raise PermissionDenied
    lock._history_user = by
    lock._change_reason = f"{door}: {reason}".strip(": ")
    lock.delete()
