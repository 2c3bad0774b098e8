"""The demo's triwulan values and reporting calendar (illustrative, and marked so in each note).

2021: every indicator with a 2021 realisation measured through the year gets triwulan I–IV
values that roll up exactly to that realisation by its calculation type (cumulative: parts that
sum to it; last: a path ending on it; average: values whose mean is it), so the year value is
unchanged (``source = quarters``) and 2021 stays 193 of 270 achieved. Indicators measured once a
year by BPS keep their year value entered directly, as an annual measurement does.
2022 has no year values in the demo (the plan's data stop at the January 2022 evaluation of
2021), so it gets no triwulan values either: any would make year values by the roll-up.
The calendar: each triwulan due on the 15th of the month after it (triwulan IV: 15 January).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from indicators import achievement
from indicators.models import (
    Indicator,
    QuarterlyRealization,
    Realization,
    ReportingDeadline,
)

from .files import HISTORY_REASON

NOTE = "Ilustrasi: nilai triwulan dibuat untuk demo."
FOUR = Decimal("0.0001")
CUMULATIVE_SHARES = (Decimal("0.2"), Decimal("0.25"), Decimal("0.25"))  # the rest in TW IV
DUE = {1: (0, 4), 2: (0, 7), 3: (0, 10), 4: (1, 1)}  # (years after, month), on the 15th
CALENDAR_YEARS = (2021, 2022, 2023)


def quarter_values(year_value, previous, calculation_type, direction):
    """Four triwulan values that roll up exactly to ``year_value``."""
    value = Decimal(year_value)
    if direction == Indicator.Direction.BINARY:
        return [value] * 4
    if calculation_type == Indicator.CalculationType.CUMULATIVE:
        parts = [(value * share).quantize(FOUR) for share in CUMULATIVE_SHARES]
        return [*parts, value - sum(parts)]
    if calculation_type == Indicator.CalculationType.AVERAGE:
        low, high = (
            (value * Decimal("0.98")).quantize(FOUR),
            (value * Decimal("0.99")).quantize(FOUR),
        )
        return [low, 2 * value - low, high, 2 * value - high]
    start = Decimal(previous) if previous is not None else value
    return [(start + (value - start) * step / 4).quantize(FOUR) for step in (1, 2, 3)] + [value]


def load_triwulan_demo(plan, rows, by_code):
    """Triwulan values (2021, 2022) and the reporting calendar of the demo ``plan``."""
    entries, rolled_up = [], []
    for row in rows:
        indicator = by_code[row["code"]]
        year_value = row["realisasi_2021"]
        if not year_value or "BPS" in row["data_source"]:
            continue
        values = quarter_values(
            year_value,
            row["realisasi_2020"] or None,
            indicator.calculation_type,
            indicator.direction,
        )
        assert achievement.yearly_value(values, indicator.calculation_type) == Decimal(year_value)
        rolled_up.append(indicator.pk)
        entries.extend(_entries(indicator, 2021, values, NOTE))
    bulk_create_with_history(entries, QuarterlyRealization, default_change_reason=HISTORY_REASON)
    Realization.objects.filter(indicator_id__in=rolled_up, year=2021).update(
        source=Realization.Source.QUARTERS
    )
    Realization.history.filter(indicator_id__in=rolled_up, year=2021).update(
        source=Realization.Source.QUARTERS
    )
    bulk_create_with_history(
        [
            ReportingDeadline(
                plan=plan,
                year=year,
                quarter=quarter,
                due_date=datetime.date(year + after, month, 15),
                note="Ilustrasi: batas waktu pelaporan triwulan untuk demo.",
            )
            for year in CALENDAR_YEARS
            for quarter, (after, month) in DUE.items()
        ],
        ReportingDeadline,
        default_change_reason=HISTORY_REASON,
    )


def _entries(indicator, year, values, note):
    return [
        QuarterlyRealization(
            indicator=indicator,
            year=year,
            quarter=quarter,
            value=value,
            note=note,
            status=Realization.Status.VERIFIED,
            verified_value=value,
        )
        for quarter, value in enumerate(values, start=1)
    ]
