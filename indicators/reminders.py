"""Reminders a few days before a triwulan's due date, to the operators of the perangkat daerah
whose values for it are still missing (Django's email framework; the console backend unless
EMAIL_* is set). Each operator gets at most one reminder per due date
(:class:`~indicators.models.ReminderSent`), so running the command daily (cron, the worker) is
safe.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from . import completeness
from .models import PerangkatDaerah, ReminderSent, ReportingDeadline


@dataclass
class Reminder:
    deadline: ReportingDeadline
    recipient: object
    units: list = field(default_factory=list)  # [(unit, missing count)]

    @property
    def missing(self):
        return sum(count for _unit, count in self.units)


def due_soon(today, days):
    """Deadlines due from ``today`` to ``days`` days after it, of every plan."""
    return ReportingDeadline.objects.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
    ).select_related("plan")


def reminders(today, days):
    """The reminders to send now: one per operator (with an email address) and deadline, for
    the operator's units with values missing, leaving out those already sent."""
    found = []
    for deadline in due_soon(today, days).order_by("due_date", "plan_id"):
        lagging = {
            unit.id: unit.quarter(deadline.quarter).missing
            for unit in completeness.by_unit(
                deadline.plan, deadline.year, today=today, deadlines={deadline.quarter: deadline}
            )
            if unit.quarter(deadline.quarter).missing
        }
        if not lagging:
            continue
        sent = set(deadline.reminders.values_list("recipient_id", flat=True))
        by_user = {}
        units = PerangkatDaerah.objects.filter(id__in=lagging).prefetch_related("operators")
        for unit in units.order_by("code"):
            for user in unit.operators.all():
                if not user.is_active or not user.email or user.pk in sent:
                    continue
                reminder = by_user.setdefault(user.pk, Reminder(deadline, user))
                reminder.units.append((unit, lagging[unit.id]))
        found.extend(by_user.values())
    return found


def message(reminder):
    deadline = reminder.deadline
    context = {
        "reminder": reminder,
        "deadline": deadline,
        "numeral": deadline.get_quarter_display(),
        "due": formats.date_format(deadline.due_date, "DATE_FORMAT"),
        "link": f"{settings.SITE_URL}{reverse('realization_list')}?year={deadline.year}",
    }
    subject = _("Reminder: triwulan %(quarter)s %(year)s realisations are due on %(due)s") % {
        "quarter": context["numeral"],
        "year": deadline.year,
        "due": context["due"],
    }
    return subject, render_to_string("indicators/reminder_email.txt", context)


def send(reminder):
    """Mail one reminder and record it; False when another run recorded it first."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = message(reminder)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                deadline=reminder.deadline, recipient=reminder.recipient, missing=reminder.missing
            )
            send_mail(subject, body, None, [reminder.recipient.email])
    except IntegrityError:
        return False
    return True
