"""What the evaluation forms read: each read one SQL query, whatever the number of indicators.

A form asks for the parts it needs (:class:`Scope` says which plan, year, triwulan and units);
achievement comes from the database expression of :mod:`indicators.achievement_sql` through
``over_years``, the triwulan roll-up and the outlook from the pure rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from budgets.models import ProgramFunding
from indicators.models import Indicator, QuarterlyRealization, Realization

PROGRAM = Indicator.Level.PROGRAM


@dataclass
class Scope:
    """Which part of which plan a report covers."""

    plan: object
    year: int
    quarter: int | None = None  # triwulan 1–4, None for the whole year
    units: list = field(default_factory=list)  # PerangkatDaerah; empty for every unit

    @property
    def plan_years(self):
        """Tahun 1 … N: the years after the baseline year (tahun 0)."""
        return list(range(self.plan.start_year + 1, self.plan.end_year + 1))

    def indicators(self):
        queryset = Indicator.objects.filter(plan=self.plan, level=PROGRAM)
        if self.units:
            queryset = queryset.filter(perangkat_daerah__in=[unit.pk for unit in self.units])
        return queryset


def program_indicators(scope):
    """The program indicators in the order printed tables list them (misi, tujuan, sasaran,
    program, indicator), each with its program, sasaran, tujuan, misi and unit: one query."""
    return list(
        scope.indicators()
        .select_related(
            "perangkat_daerah",
            "program__objective__goal__mission",
            "program__perangkat_daerah",
        )
        .order_by(
            "program__objective__goal__mission__number",
            "program__objective__goal__code",
            "program__objective__code",
            "program__code",
            "code",
        )
    )


def years_of(scope, years):
    """{indicator id: [IndicatorYear, …]} for ``years``: one query (achievement in SQL)."""
    return scope.indicators().over_years(scope.plan, years)


def quarters_of(scope):
    """{indicator id: {triwulan: value}} of the scope's year: one query."""
    rows = QuarterlyRealization.objects.filter(
        indicator__in=scope.indicators(), year=scope.year
    ).values_list("indicator_id", "quarter", "value")
    result = defaultdict(dict)
    for indicator_id, quarter, value in rows:
        result[indicator_id][quarter] = value
    return result


def explanations_of(scope):
    """{indicator id: (faktor pendorong, faktor penghambat, tindak lanjut)} of the year: one
    query."""
    rows = Realization.objects.filter(
        indicator__in=scope.indicators(), year=scope.year
    ).values_list("indicator_id", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
    return {indicator_id: tuple(texts) for indicator_id, *texts in rows}


def funding_of(scope):
    """{(program id, year): (pagu, realisation)} summed over the funding schemes: one query."""
    funding = ProgramFunding.objects.filter(program__plan=scope.plan)
    if scope.units:
        funding = funding.filter(program__in=scope.indicators().values("program_id"))
    rows = (
        funding.values("program_id", "year")
        .annotate(pagu=Sum("pagu"), realization=Sum("realization"))
        .order_by()
    )
    return {(row["program_id"], row["year"]): (row["pagu"], row["realization"]) for row in rows}
