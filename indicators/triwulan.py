"""Reading an indicator's triwulan values beside its year values, for the pages that show both
(indicator page, operator's form): which year value holds and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

from core import quarters

from . import achievement
from .models import QuarterlyRealization, Realization


@dataclass
class YearOfQuarters:
    year: int
    values: dict = field(default_factory=dict)  # {1–4: QuarterlyRealization}
    realization: Realization | None = None
    roll_up: object = None

    @property
    def cells(self):
        return [(quarters.ROMAN[q], q, self.values.get(q)) for q in quarters.ROMAN]

    @property
    def direct(self):
        return self.realization is not None and self.realization.source == "direct"

    @property
    def differs(self):
        """A year value entered directly that is not the roll-up of the triwulan values: it
        wins, and the pages say so."""
        return self.direct and self.roll_up is not None and self.roll_up != self.realization.value


def years_of(indicator, years, verified_only=False):
    """[YearOfQuarters] for ``years`` (two queries); with ``verified_only``, of verified values
    only (what a visitor of the public page may read when the plan publishes no others)."""
    by_year = {year: YearOfQuarters(year) for year in years}
    entries = QuarterlyRealization.objects.filter(indicator=indicator, year__in=list(years))
    realizations = Realization.objects.filter(indicator=indicator, year__in=list(years))
    if verified_only:
        entries = entries.filter(status=QuarterlyRealization.Status.VERIFIED)
        realizations = realizations.filter(status=Realization.Status.VERIFIED)
    for entry in entries:
        by_year[entry.year].values[entry.quarter] = entry
    for realization in realizations:
        by_year[realization.year].realization = realization
    for row in by_year.values():
        ordered = [row.values[q].value for q in sorted(row.values)]
        row.roll_up = achievement.yearly_value(ordered, indicator.calculation_type)
    return [by_year[year] for year in years]
