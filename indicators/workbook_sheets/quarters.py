"""Triwulan values in the yearly-values readers: reading one cell, and rolling the year values up
again from the triwulan values once they are written (a year value entered directly wins)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import numbers, quarters

from .. import achievement
from ..models import Indicator, QuarterlyRealization, Realization

QUARTER_TWICE = _(
    "the realisation of %(code)s for %(year)s triwulan %(quarter)s is given twice in this file "
    "(first at %(first)s)"
)
QUARTER_TARGET = _("a target is given per year: leave Target empty on a triwulan row")
DIRECT, QUARTERS = Realization.Source.DIRECT.value, Realization.Source.QUARTERS.value


class QuarterValues:
    """What a values reader does with triwulan cells (``self.quarters``, ``self.sheet``,
    ``self.context`` are the reader's)."""

    def measured(self, number, row, header, indicator):
        """(given, value) of a realisation cell: (False, None) when the row has no such cell,
        (True, None) after its error is recorded, else (True, the number; 1/0 for ya/tidak)."""
        if header not in row:
            return False, None
        parse = (
            numbers.parse_yes_no
            if indicator.direction == Indicator.Direction.BINARY
            else numbers.parse_number
        )
        return True, self.sheet.parsed(number, row, header, parse)

    def quarter(self, number, row, header, indicator, year, quarter, note=None, note_header=None):
        given, value = self.measured(number, row, header, indicator)
        if given and value is None:
            return
        if value is None and note is None:
            return
        if self.context.once(
            ("triwulan", indicator.code, year, quarter),
            self.sheet,
            number,
            header,
            QUARTER_TWICE,
            code=indicator.code,
            year=year,
            quarter=quarters.ROMAN[quarter],
        ):
            self.quarters.append(
                (indicator, year, quarter, value, note, number, header, note_header)
            )

    def roll_up(self, batch, affected):
        """The year values of ``affected`` (indicator id, year) rolled up again from their
        triwulan values as now written, by each indicator's calculation type; a year value
        entered directly (``source = direct``) wins and is kept."""
        ids = {pk for pk, _year in affected}
        years = {year for _pk, year in affected}
        types = dict(Indicator.objects.filter(pk__in=ids).values_list("pk", "calculation_type"))
        periods = {}
        for pk, year, value in (
            QuarterlyRealization.objects.filter(indicator_id__in=ids, year__in=years)
            .order_by("indicator_id", "year", "quarter")
            .values_list("indicator_id", "year", "value")
        ):
            periods.setdefault((pk, year), []).append(value)
        stored = {
            (pk, year): (value, status, source)
            for pk, year, value, status, source in Realization.objects.filter(
                indicator_id__in=ids, year__in=years
            ).values_list("indicator_id", "year", "value", "status", "source")
        }
        rows = []
        for key in sorted(affected):
            old = stored.get(key)
            rolled = achievement.yearly_value(periods.get(key, []), types[key[0]])
            if rolled is None or (old is not None and old[2] == DIRECT):
                continue
            if old is None:
                rows.append((True, (*key, rolled, Realization.Status.DRAFT.value, QUARTERS)))
            elif old[0] != rolled:
                status = old[1] if old[1] == Realization.Status.SUBMITTED else "draft"
                rows.append((False, (*key, rolled, status, QUARTERS)))
        batch.save(
            Realization,
            rows,
            conflict=("indicator", "year"),
            update=("value", "status", "source"),
            columns=("indicator_id", "year", "value", "status", "source"),
        )
