"""Form E.79 (Permendagri 86/2017): evaluasi terhadap hasil RKPD, per triwulan.

Per program indicator: the year's target, realisasi triwulan I–IV, the total (the year's value;
up to triwulan N < IV, the roll-up of triwulan I…N by the indicator's calculation type), tingkat
capaian, the program's pagu and realisation (Rp), faktor pendorong and penghambat, tindak lanjut
and the responsible perangkat daerah. Five queries whatever the number of indicators.
"""

from django.utils.translation import gettext as _

from indicators import achievement

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

QUARTERS = ("I", "II", "III", "IV")


@register
class E79(EvaluationForm):
    code = "e79"
    quarterly = True

    @property
    def name(self):
        return _("E.79 Evaluation of the RKPD's results")

    def table(self, scope):
        plan, year, last = scope.plan, scope.year, scope.quarter or 4
        indicators = reads.program_indicators(scope)
        years = reads.years_of(scope, [year])
        quarters = reads.quarters_of(scope)
        explanations = reads.explanations_of(scope)
        funding = reads.funding_of(scope)

        def cells(number, indicator, first_of_program):
            (this_year,) = years[indicator.pk]
            values = quarters.get(indicator.pk, {})
            shown = [values.get(q) if q <= last else None for q in range(1, 5)]
            if scope.quarter and scope.quarter < 4:
                total = achievement.yearly_value(shown[:last], indicator.calculation_type)
                result = achievement.evaluate(
                    indicator.direction,
                    this_year.target,
                    total,
                    lower_formula=plan.lower_formula,
                    threshold=plan.achievement_threshold,
                )
            else:
                # The whole year (or up to triwulan IV): the year's value as the app holds it,
                # the roll-up of the triwulan or a year value entered directly, which wins.
                total, result = this_year.realization, this_year.result
            pagu, spent = funding.get((indicator.program_id, year), (None, None))
            pendorong, penghambat, tindak_lanjut = explanations.get(indicator.pk, ("", "", ""))
            return [
                number,
                indicator.code,
                indicator.name,
                indicator.unit,
                target_cell(this_year.target),
                *shown,
                total,
                capaian_cell(result),
                Money(pagu) if first_of_program else None,
                Money(spent) if first_of_program else None,
                pendorong,
                penghambat,
                tindak_lanjut,
                unit_label(indicator),
            ]

        total_label = (
            _("Realisation up to triwulan %(quarter)s") % {"quarter": QUARTERS[last - 1]}
            if scope.quarter
            else _("Realisation %(year)s") % {"year": year}
        )
        header = [
            [
                HeaderCell(_("No."), rowspan=2),
                HeaderCell(_("Code"), rowspan=2),
                HeaderCell(_("Program performance indicator"), rowspan=2),
                HeaderCell(_("Unit"), rowspan=2),
                HeaderCell(_("Target %(year)s") % {"year": year}, rowspan=2),
                HeaderCell(_("Realisation per triwulan"), colspan=4),
                HeaderCell(total_label, rowspan=2),
                HeaderCell(_("Tingkat capaian (%)"), rowspan=2),
                HeaderCell(_("Program budget (Rp)"), colspan=2),
                HeaderCell(_("Supporting factors"), rowspan=2),
                HeaderCell(_("Inhibiting factors"), rowspan=2),
                HeaderCell(_("Follow-up"), rowspan=2),
                HeaderCell(_("Perangkat daerah"), rowspan=2),
            ],
            [
                *(HeaderCell(q) for q in QUARTERS),
                HeaderCell(_("Pagu")),
                HeaderCell(_("Realisation")),
            ],
        ]
        kinds = [
            "number",
            "code",
            "wide-text",
            "text",
            "number",
            *["number"] * 4,
            "number",
            "capaian",
            "money",
            "money",
            "wide-text",
            "wide-text",
            "wide-text",
            "text",
        ]
        subtitle = _("Year %(year)s") % {"year": year}
        if scope.quarter:
            subtitle += " · " + _("triwulan %(quarter)s") % {"quarter": QUARTERS[last - 1]}
        return Table(
            title=_("Table E.79: evaluation of the results of the RKPD, %(plan)s")
            % {"plan": plan.name},
            subtitle=subtitle,
            header=header,
            kinds=kinds,
            rows=hierarchy_rows(indicators, cells),
            frozen_columns=3,
            page_size="A3",
        )
