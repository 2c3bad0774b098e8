"""Creating an empty plan: RPJMD, RPD or Renstra, from its period.

A period is written ``START-END`` where START is the baseline year (tahun 0, the year of the
kondisi awal) and END the last year of targets: a plan of N years has END = START + N, with N
from 3 (an RPD) to 8. Printed tables count their years from START: "Tahun 1" is START + 1.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import FIRST_YEAR, LAST_YEAR, Plan

MIN_YEARS, MAX_YEARS = 3, 8
PERIOD = re.compile(r"^\s*(\d{4})\s*(?:-|–|—|/|s\.?d\.?|sampai)\s*(\d{4})\s*$", re.IGNORECASE)


def parse_period(text):
    """(start, end) from ``2018-2023``; ValidationError (Indonesian first) otherwise."""
    match = PERIOD.match(str(text or ""))
    if match is None:
        raise ValidationError(
            _(
                "The period is written START-END with four-digit years, e.g. 2018-2023; got %(value)r."
            )
            % {"value": text}
        )
    start, end = int(match[1]), int(match[2])
    check_period(start, end)
    return start, end


def check_period(start, end):
    """A plan runs 3 to 8 years after its baseline year, within the years the app accepts."""
    if not (FIRST_YEAR <= start <= LAST_YEAR and FIRST_YEAR <= end <= LAST_YEAR):
        raise ValidationError(
            _("The years of a period lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if end <= start:
        raise ValidationError(
            _("The period %(start)s-%(end)s ends before it starts.") % {"start": start, "end": end}
        )
    years = end - start
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError(
            _(
                "A plan runs %(min)s to %(max)s years after its baseline year; "
                "%(start)s-%(end)s is %(years)s years."
            )
            % {"min": MIN_YEARS, "max": MAX_YEARS, "start": start, "end": end, "years": years}
        )


@transaction.atomic
def plan_create(*, code, name, start, end, visi="", by=None):
    """A new, empty plan; ValidationError for a taken code or a bad period."""
    check_period(start, end)
    if Plan.objects.filter(code=code).exists():
        raise ValidationError(_("A plan with code %(code)s already exists.") % {"code": code})
    plan = Plan(
        code=code,
        name=name,
        start_year=start,
        end_year=end,
        visi=visi or name,
        is_active=not Plan.objects.filter(is_active=True).exists(),
    )
    plan.full_clean()
    if by is not None:
        plan._history_user = by
    plan.save()
    return plan
