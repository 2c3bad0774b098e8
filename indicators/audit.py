"""The audit trail for planners: every change to indicators, targets, realisations and year locks —
who, when, through which door, old → new — filterable, and exportable to xlsx.
"""

import io
from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from core.cells import escape_text
from core.formats import format_number

from . import roles
from .models import Indicator, PerangkatDaerah, Realization, Target, YearLock

ROWS_SHOWN = 500
ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass
class Change:
    when: datetime
    who: str
    door: str
    what: str
    indicator: str
    unit: str
    year: int | None
    action: str
    old: str
    new: str


class AuditFilter(forms.Form):
    user = forms.CharField(label=gettext_lazy("User"), required=False)
    perangkat_daerah = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat daerah"),
        queryset=PerangkatDaerah.objects.order_by("code"),
        required=False,
        to_field_name="code",
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _value(record, fields):
    if (
        "low" in fields
        and getattr(record, "value", None) is None
        and getattr(record, "low", None) is not None
    ):
        return f"{format_number(record.low)} – {format_number(record.high)}"
    parts = []
    for field in fields:
        value = getattr(record, field, None)
        if value is None or value == "":
            continue
        parts.append(format_number(value) if field == "value" else f"{field}: {value}")
    return "; ".join(parts)


def _changes(model, label, fields, criteria, related=(), indicator_of=lambda record: None):
    """History of ``model`` as changes, each with the value before it (one query)."""
    records = (
        model.history.filter(**criteria)
        .select_related("history_user", *related)
        .order_by("id", "history_date", "history_id")
    )
    previous = {}
    for record in records:
        indicator = indicator_of(record)
        before = previous.get(record.id, "")
        now = _value(record, fields) if record.history_type != "-" else ""
        previous[record.id] = now
        yield Change(
            when=record.history_date,
            who=record.history_user.username if record.history_user else "–",
            door=record.history_change_reason or "",
            what=str(label),
            indicator=indicator.code if indicator is not None else "",
            unit=str(indicator.perangkat_daerah) if indicator is not None else "",
            year=getattr(record, "year", None),
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            old=before,
            new=now,
        )


def audit_changes(*, user="", perangkat_daerah=None, date_from=None, date_to=None):
    """Every recorded change matching the filters, newest first.

    The database narrows by unit and end date only: the value before a change may have been set
    by another user or before the start date, so those two filters apply after "old" is known.
    """
    tz = timezone.get_current_timezone()
    value_criteria, indicator_criteria, lock_criteria = {}, {}, {}
    if date_to:
        end = timezone.make_aware(datetime.combine(date_to, time.max), tz)
        for criteria in (value_criteria, indicator_criteria, lock_criteria):
            criteria["history_date__lte"] = end
    if perangkat_daerah is not None:
        value_criteria["indicator__perangkat_daerah"] = perangkat_daerah
        indicator_criteria["perangkat_daerah"] = perangkat_daerah
        lock_criteria["id__in"] = []  # locks belong to the plan, not to a unit
    changes = [
        *_changes(
            Realization,
            _("realisation"),
            ["value", "status", "note"],
            value_criteria,
            ["indicator__perangkat_daerah"],
            lambda record: record.indicator,
        ),
        *_changes(
            Target,
            _("target"),
            ["value", "low", "high"],
            value_criteria,
            ["indicator__perangkat_daerah"],
            lambda record: record.indicator,
        ),
        *_changes(
            Indicator,
            _("indicator"),
            ["name", "unit", "direction", "baseline", "final_target"],
            indicator_criteria,
            ["perangkat_daerah"],
            lambda record: record,
        ),
        *_changes(YearLock, _("year lock"), ["year", "reason"], lock_criteria),
    ]
    if user:
        changes = [c for c in changes if c.who == user]
    if date_from:
        start = timezone.make_aware(datetime.combine(date_from, time.min), tz)
        changes = [c for c in changes if c.when >= start]
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


@require_GET
@login_required
def audit_list(request):
    if not roles.is_planner(request.user):
        raise PermissionDenied
    form = AuditFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    changes = audit_changes(
        user=filters.get("user", ""),
        perangkat_daerah=filters.get("perangkat_daerah"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(changes)
    context = {"form": form, "changes": changes[:ROWS_SHOWN], "total": len(changes)}
    return render(request, "indicators/audit.html", context)


def _xlsx(changes):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit"))
    sheet.append(
        [
            _("When"),
            _("Who"),
            _("Door"),
            _("What"),
            _("Indicator"),
            _("Perangkat daerah"),
            _("Year"),
            _("Action"),
            _("Old"),
            _("New"),
        ]
    )
    for c in changes:
        row = [
            timezone.localtime(c.when).replace(tzinfo=None),
            c.who,
            c.door,
            c.what,
            c.indicator,
            c.unit,
            c.year,
            c.action,
            c.old,
            c.new,
        ]
        sheet.append([escape_text(value) for value in row])  # no formula runs from the trail
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="audit.xlsx"'
    return response
