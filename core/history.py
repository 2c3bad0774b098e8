"""The admin's history pages in the user's language: field names and choice labels, numbers as
on screen (``94,5``), "–" for none, instead of ``status: verified → draft`` and ``None``."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .formats import format_number

NONE_SHOWN = "–"


class ReadableHistory(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        return shown_value(field, value)


def shown_value(field, value):
    """A stored value as a user reads it."""
    if value is None or value == "":
        return NONE_SHOWN
    if isinstance(value, list):
        return [shown_value(field, item) for item in value] or NONE_SHOWN
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | float) or isinstance(field, models.DecimalField):
        return format_number(value)
    if isinstance(field, models.FileField):
        return str(value) or NONE_SHOWN
    return value


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model admin with history: its history page speaks the user's language."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)
