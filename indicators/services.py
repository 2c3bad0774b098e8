"""Writes to targets and realisations: validated, in one transaction, with the author in history.

The admin, the workbook import and the management commands all write through these functions.
"""

from django.db import transaction

from .models import Realization, Target


def _save(instance, *, by):
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance.save()
    return instance


@transaction.atomic
def realization_record(*, indicator, year, value, note=None, by=None):
    """Create or update the realisation of ``indicator`` in ``year``.

    ``note=None`` keeps the stored note. Raises ``ValidationError`` for a year outside the plan's
    period or a value the indicator cannot take (e.g. 0.5 for a yes/no indicator).
    """
    realization = (
        Realization.objects.select_for_update().filter(indicator=indicator, year=year).first()
    )
    if realization is None:
        realization = Realization(indicator=indicator, year=year)
    realization.value = value
    if note is not None:
        realization.note = note
    return _save(realization, by=by)


@transaction.atomic
def target_record(*, indicator, year, value=None, low=None, high=None, by=None):
    """Create or update the target of ``indicator`` in ``year`` (a value, or a band for range)."""
    target = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None:
        target = Target(indicator=indicator, year=year)
    target.value, target.low, target.high = value, low, high
    return _save(target, by=by)


def save_yearly_value(instance, *, by=None):
    """Save a target or realisation edited in a form (the admin's door) the same way."""
    with transaction.atomic():
        return _save(instance, by=by)
