"""The reporting calendar and how complete each perangkat daerah's triwulan reporting is.

Each triwulan has a due date per plan and year (:class:`~indicators.models.ReportingDeadline`,
set by planners). For a triwulan, an indicator counts as **reported** when it has a value for
that triwulan, or a year value entered directly (an annual measurement, such as BPS's IPM,
answers for every triwulan of its year); as **verified** when that value is verified. A unit is
**overdue** for a triwulan whose due date has passed while some of its indicators are not
reported. The counts of every unit and triwulan of a year come from one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q

from core import quarters, statements

from .models import Indicator, QuarterlyRealization, Realization, ReportingDeadline

QUARTERS = tuple(quarters.ROMAN)


@dataclass
class QuarterCount:
    quarter: int
    total: int
    reported: int
    verified: int
    deadline: ReportingDeadline | None = None
    overdue: bool = False

    @property
    def numeral(self):
        return quarters.ROMAN[self.quarter]

    @property
    def missing(self):
        return self.total - self.reported

    @property
    def share_reported(self):
        """Reported as a percentage of the unit's indicators; None when it has none."""
        return Decimal(100) * self.reported / self.total if self.total else None

    @property
    def share_verified(self):
        return Decimal(100) * self.verified / self.total if self.total else None


@dataclass
class UnitCompleteness:
    id: int
    code: str
    name: str
    abbreviation: str
    total: int
    quarters: list = field(default_factory=list)

    def __str__(self):
        return self.abbreviation or self.name

    @property
    def overdue(self):
        return [count for count in self.quarters if count.overdue]

    def quarter(self, number):
        return self.quarters[number - 1]


def deadlines_of(plan, year):
    """{triwulan: deadline} of ``plan`` in ``year`` (one query, compiled once per plan and year:
    the dashboard asks on every request)."""
    fields = [field.attname for field in ReportingDeadline._meta.concrete_fields]
    statement = statements.statement(
        ReportingDeadline,
        ("completeness.deadlines", plan.pk, year),
        lambda: ReportingDeadline.objects.filter(plan=plan, year=year).values_list(*fields),
    )
    found = (ReportingDeadline.from_db(statement.alias, fields, row) for row in statement.rows())
    return {deadline.quarter: deadline for deadline in found}


def by_unit(plan, year, *, today, units=None, deadlines=None):
    """[UnitCompleteness] of every perangkat daerah with indicators in ``plan`` (or of
    ``units``), for the four triwulan of ``year``, sorted by code: one grouped query (plus one
    for the deadlines when not given)."""
    if deadlines is None:
        deadlines = deadlines_of(plan, year)
    if units is None:
        # Every unit: the SQL depends on the plan and year only, compiled once (core.statements).
        rows = statements.rows(
            Indicator, ("completeness.by_unit", plan.pk, year), lambda: _counts(plan, year)
        )
    else:
        rows = _counts(plan, year, units)
    result = []
    for unit_id, code, name, abbreviation, total, *counts in rows:
        unit = UnitCompleteness(
            id=unit_id, code=code, name=name, abbreviation=abbreviation, total=total
        )
        for quarter, reported, verified in zip(QUARTERS, counts[0::2], counts[1::2], strict=True):
            count = QuarterCount(
                quarter=quarter,
                total=total,
                reported=reported,
                verified=verified,
                deadline=deadlines.get(quarter),
            )
            count.overdue = bool(
                count.deadline is not None and count.deadline.due_date < today and count.missing
            )
            unit.quarters.append(count)
        result.append(unit)
    return result


UNIT_COLUMNS = (
    "perangkat_daerah_id",
    "perangkat_daerah__code",
    "perangkat_daerah__name",
    "perangkat_daerah__abbreviation",
    "total",
    *(f"{kind}_{quarter}" for quarter in QUARTERS for kind in ("reported", "verified")),
)


def _counts(plan, year, units=None):
    """The grouped query of :func:`by_unit`: a row per unit, its columns ``UNIT_COLUMNS``."""
    indicators = Indicator.objects.filter(plan=plan)
    if units is not None:
        indicators = indicators.filter(perangkat_daerah__in=units)
    # One join per triwulan and one for the year value, each on a unique key (an indicator has at
    # most one value per year, and per year and triwulan): one row per indicator, plain counts.
    direct = Q(year_value__id__isnull=False)
    direct_verified = Q(direct, year_value__status=Realization.Status.VERIFIED)
    joins = {
        "year_value": FilteredRelation(
            "realizations",
            condition=Q(realizations__year=year, realizations__source=Realization.Source.DIRECT),
        )
    }
    counts = {}
    for quarter in QUARTERS:
        joined = f"triwulan_{quarter}"
        joins[joined] = FilteredRelation(
            "quarterly_realizations",
            condition=Q(quarterly_realizations__year=year, quarterly_realizations__quarter=quarter),
        )
        given = Q(**{f"{joined}__id__isnull": False})
        verified = Q(**{f"{joined}__status": QuarterlyRealization.Status.VERIFIED})
        counts[f"reported_{quarter}"] = Count("id", filter=given | direct)
        counts[f"verified_{quarter}"] = Count("id", filter=verified | direct_verified)
    return (
        indicators.annotate(**joins)
        .values(*UNIT_COLUMNS[:4])
        .annotate(total=Count("id"), **counts)
        .order_by("perangkat_daerah__code")
        .values_list(*UNIT_COLUMNS)
    )


def next_due(plan, today):
    """The deadline due next (on or after ``today``), else the latest one past; None without a
    calendar."""
    upcoming = (
        ReportingDeadline.objects.filter(plan=plan, due_date__gte=today)
        .order_by("due_date")
        .first()
    )
    if upcoming is not None:
        return upcoming
    return ReportingDeadline.objects.filter(plan=plan).order_by("-due_date").first()


def missing_indicators(deadline, units):
    """The indicators of ``units`` not reported for ``deadline``'s triwulan, by code."""
    return (
        Indicator.objects.filter(plan=deadline.plan, perangkat_daerah__in=units)
        .exclude(
            quarterly_realizations__year=deadline.year,
            quarterly_realizations__quarter=deadline.quarter,
        )
        .exclude(realizations__year=deadline.year, realizations__source=Realization.Source.DIRECT)
        .select_related("perangkat_daerah")
        .order_by("perangkat_daerah__code", "code")
    )


def overdue_units(plan, year, *, today):
    """The units overdue for some triwulan of ``year``: one query when no due date of the year
    has passed, two otherwise."""
    deadlines = deadlines_of(plan, year)
    if not any(deadline.due_date < today for deadline in deadlines.values()):
        return []
    return [unit for unit in by_unit(plan, year, today=today, deadlines=deadlines) if unit.overdue]
