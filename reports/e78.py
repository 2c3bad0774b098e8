"""Form E.78 (Permendagri 86/2017): evaluasi terhadap hasil RPJMD, through the RKPDs.

Per program indicator: capaian awal (kondisi awal), the RPJMD's final target (K, and Rp: the
program's pagu over the period), per year (tahun 1 … N) the target and realisation (K and Rp)
and tingkat capaian, and the capaian kinerja akhir so far (the latest realisation up to the year
of the report) with its ratio to the final target (%), by the achievement rule. Three queries.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators import achievement
from indicators.outlook import latest

from . import reads
from .registry import (
    EvaluationForm,
    capaian_cell,
    hierarchy_rows,
    register,
    target_cell,
    unit_label,
)
from .table import HeaderCell, Money, Table


def total(amounts):
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


@register
class E78(EvaluationForm):
    code = "e78"

    @property
    def name(self):
        return _("E.78 Evaluation of the RPJMD's results")

    def table(self, scope):
        plan, year = scope.plan, scope.year
        plan_years = scope.plan_years
        indicators = reads.program_indicators(scope)
        years = reads.years_of(scope, plan_years)
        funding = reads.funding_of(scope)

        def cells(number, indicator, first_of_program):
            per_year = years[indicator.pk]
            final = indicator.final_target_rule
            money = [funding.get((indicator.program_id, y), (None, None)) for y in plan_years]
            row = [
                number,
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.baseline,
                target_cell(final),
                Money(total(pagu for pagu, _spent in money)) if first_of_program else None,
            ]
            for item, (pagu, spent) in zip(per_year, money, strict=True):
                realized = item.year <= year
                row += [
                    target_cell(item.target),
                    Money(pagu) if first_of_program else None,
                    item.realization if realized else None,
                    Money(spent) if first_of_program and realized else None,
                    capaian_cell(item.result) if realized else None,
                ]
            so_far = latest(((item.year, item.realization) for item in per_year), as_of=year)
            ratio = None
            if so_far is not None and final is not None:
                ratio = capaian_cell(
                    achievement.evaluate(
                        indicator.direction,
                        final,
                        so_far[1],
                        lower_formula=plan.lower_formula,
                        threshold=plan.achievement_threshold,
                    )
                )
            row += [so_far[1] if so_far else None, ratio, unit_label(indicator)]
            return row

        top = [
            HeaderCell(_("No."), rowspan=3),
            HeaderCell(_("Code"), rowspan=3),
            HeaderCell(_("Program performance indicator"), rowspan=3),
            HeaderCell(_("Unit"), rowspan=3),
            HeaderCell(_("Capaian awal (%(year)s)") % {"year": plan.start_year}, rowspan=3),
            HeaderCell(
                _("RPJMD final target (%(year)s)") % {"year": plan.end_year}, colspan=2, rowspan=2
            ),
        ]
        middle, bottom = [], [HeaderCell(_("K")), HeaderCell(_("Rp"))]
        for number, each in enumerate(plan_years, 1):
            top.append(
                HeaderCell(
                    _("Year %(number)s (%(year)s)") % {"number": number, "year": each}, colspan=5
                )
            )
            middle += [
                HeaderCell(_("Target"), colspan=2),
                HeaderCell(_("Realisation"), colspan=2),
                HeaderCell(_("Tingkat capaian (%)"), rowspan=2),
            ]
            bottom += [
                HeaderCell(_("K")),
                HeaderCell(_("Rp")),
                HeaderCell(_("K")),
                HeaderCell(_("Rp")),
            ]
        top += [
            HeaderCell(
                _("Final performance up to %(year)s") % {"year": year}, colspan=2, rowspan=2
            ),
            HeaderCell(_("Perangkat daerah"), rowspan=3),
        ]
        bottom += [HeaderCell(_("K")), HeaderCell(_("Ratio to the final target (%)"))]
        kinds = ["number", "code", "wide-text", "text", "number", "number", "money"]
        kinds += ["number", "money", "number", "money", "capaian"] * len(plan_years)
        kinds += ["number", "capaian", "text"]
        return Table(
            title=_("Table E.78: evaluation of the results of the RPJMD, %(plan)s")
            % {"plan": plan.name},
            subtitle=_("Through the RKPD of %(year)s") % {"year": year},
            header=[top, middle, bottom],
            kinds=kinds,
            rows=hierarchy_rows(indicators, cells),
            frozen_columns=3,
            page_size="A3",
        )
