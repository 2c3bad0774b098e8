"""Table T-C.27 (Permendagri 86/2017): indikasi rencana program prioritas yang disertai
kebutuhan pendanaan.

By misi / tujuan / sasaran / program: each program indicator with its kondisi awal, the target
and the program's pagu (Rp) for every year 1 … N, and the kondisi akhir (the final target, and
the pagu over the period). The plan's table: the year only names the file. Three queries.
"""

from django.utils.translation import gettext as _

from . import reads
from .e78 import total
from .registry import EvaluationForm, hierarchy_rows, register, target_cell, unit_label
from .table import HeaderCell, Money, Table


@register
class TC27(EvaluationForm):
    code = "tc27"

    @property
    def name(self):
        return _("T-C.27 Priority programs with their funding needs")

    def table(self, scope):
        plan = scope.plan
        plan_years = scope.plan_years
        indicators = reads.program_indicators(scope)
        years = reads.years_of(scope, plan_years)
        funding = reads.funding_of(scope)

        def cells(number, indicator, first_of_program):
            pagus = [funding.get((indicator.program_id, y), (None, None))[0] for y in plan_years]
            row = [number, indicator.code, indicator.name, indicator.unit, indicator.baseline]
            for item, pagu in zip(years[indicator.pk], pagus, strict=True):
                row += [target_cell(item.target), Money(pagu) if first_of_program else None]
            row += [
                target_cell(indicator.final_target_rule),
                Money(total(pagus)) if first_of_program else None,
                unit_label(indicator),
            ]
            return row

        top = [
            HeaderCell(_("No."), rowspan=2),
            HeaderCell(_("Code"), rowspan=2),
            HeaderCell(_("Program performance indicator"), rowspan=2),
            HeaderCell(_("Unit"), rowspan=2),
            HeaderCell(_("Baseline (%(year)s)") % {"year": plan.start_year}, rowspan=2),
        ]
        bottom = []
        for number, each in enumerate(plan_years, 1):
            top.append(
                HeaderCell(
                    _("Year %(number)s (%(year)s)") % {"number": number, "year": each}, colspan=2
                )
            )
            bottom += [HeaderCell(_("Target")), HeaderCell(_("Rp"))]
        top += [
            HeaderCell(
                _("Condition at the end of the RPJMD (%(year)s)") % {"year": plan.end_year},
                colspan=2,
            ),
            HeaderCell(_("Perangkat daerah"), rowspan=2),
        ]
        bottom += [HeaderCell(_("Target")), HeaderCell(_("Rp"))]
        kinds = ["number", "code", "wide-text", "text", "number"]
        kinds += ["number", "money"] * len(plan_years) + ["number", "money", "text"]
        return Table(
            title=_("Table T-C.27: priority programs with their funding needs, %(plan)s")
            % {"plan": plan.name},
            subtitle=_("Period %(start)s–%(end)s")
            % {"start": plan.start_year, "end": plan.end_year},
            header=[top, bottom],
            kinds=kinds,
            rows=hierarchy_rows(indicators, cells),
            frozen_columns=3,
            page_size="A3",
        )
