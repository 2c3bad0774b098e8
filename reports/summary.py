"""The one-page summary for the planning meeting (ringkasan), written from the data by its
template: the year's achievement in one sentence, the units that lag most, the indicators whose
capaian moved most since the year before, and the outlook to the plan's end. Four queries.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.outlook import OutlookStatus
from indicators.templatetags.plan_format import outlook_label

from .registry import EvaluationForm, register
from .table import Capaian, HeaderCell, Row, Table

LAGGARDS = 5
MOVERS = 5
AT_RISK_SHOWN = 10


def share(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Mover:
    code: str
    name: str
    unit: str
    before: Capaian
    after: Capaian

    @property
    def change(self):
        return self.after.shown - self.before.shown


@dataclass
class Meeting:
    """What the summary says, for its template and its workbook."""

    year: int
    counts: object
    share: Decimal | None
    laggards: list
    risers: list
    fallers: list
    outlooks: object
    end_year: int

    @property
    def on_course(self):
        """Indicators whose final target is met or will be (tercapai + akan tercapai)."""
        counts = self.outlooks.counts
        return counts.count(OutlookStatus.ACHIEVED) + counts.count(OutlookStatus.ON_TRACK)


def capaian_of(row):
    result = row.result
    if result.capaian is None:
        return None
    return Capaian(result.capaian, threshold=result.threshold, achieved=result.achieved)


def meeting(scope):
    plan, year = scope.plan, scope.year
    program = Indicator.objects.filter(level=Indicator.Level.PROGRAM)
    summary = program.achievement_summary(plan, year)
    units = [unit for unit in summary.by_perangkat_daerah if unit.total and unit.not_achieved]
    laggards = sorted(units, key=lambda u: (u.achieved / u.total, -u.not_achieved, u.code))
    movers = []
    if year - 1 >= plan.start_year:
        for before, after in program.over_years(plan, [year - 1, year]).values():
            first, second = capaian_of(before), capaian_of(after)
            if first is None or second is None:
                continue
            movers.append(
                Mover(
                    after.code,
                    after.name,
                    after.perangkat_daerah_abbreviation or after.perangkat_daerah_name,
                    first,
                    second,
                )
            )
    movers.sort(key=lambda m: (m.change, m.code))
    outlooks = program.outlook_summary(plan, year)
    return Meeting(
        year=year,
        counts=summary.counts,
        share=share(summary.counts.achieved, summary.counts.total),
        laggards=laggards[:LAGGARDS],
        risers=[m for m in reversed(movers) if m.change > 0][:MOVERS],
        fallers=[m for m in movers if m.change < 0][:MOVERS],
        outlooks=outlooks,
        end_year=plan.end_year,
    )


@register
class Summary(EvaluationForm):
    code = "ringkasan"
    whole_city = True
    template = "reports/_summary.html"

    @property
    def name(self):
        return _("Summary for the planning meeting")

    def parts(self, scope):
        facts = meeting(scope)
        return self.table_of(scope, facts), self.context_of(facts)

    def table(self, scope):
        return self.table_of(scope, meeting(scope))

    def table_of(self, scope, facts):
        c = facts.counts
        rows = [
            Row(
                heading=_("Achievement of the program indicators in %(year)s")
                % {"year": facts.year},
                level=1,
            ),
            Row(cells=[_("achieved"), c.achieved, share(c.achieved, c.total)]),
            Row(cells=[_("not achieved"), c.not_achieved, share(c.not_achieved, c.total)]),
            Row(cells=[_("no data"), c.no_data, share(c.no_data, c.total)]),
            Row(cells=[_("Total"), c.total, Decimal(100) if c.total else None]),
            Row(
                heading=_("Perangkat daerah lagging most (indicators, achieved, % achieved)"),
                level=1,
            ),
        ]
        rows += [
            Row(cells=[unit.name, unit.total, unit.achieved, share(unit.achieved, unit.total)])
            for unit in facts.laggards
        ]
        for title, movers in (
            (_("Capaian rose most since %(year)s (before, after)"), facts.risers),
            (_("Capaian fell most since %(year)s (before, after)"), facts.fallers),
        ):
            rows.append(Row(heading=title % {"year": facts.year - 1}, level=1))
            rows += [
                Row(cells=[f"{m.code} {m.name} ({m.unit})", None, m.before, m.after])
                for m in movers
            ]
        rows.append(
            Row(
                heading=_("Outlook to %(year)s (indicators, %% of all)") % {"year": facts.end_year},
                level=1,
            )
        )
        total = facts.outlooks.counts.total
        rows += [
            Row(cells=[outlook_label(status), count, share(count, total)])
            for status, count in facts.outlooks.counts.in_order()
        ]
        return Table(
            title=_("Summary of the evaluation, %(plan)s") % {"plan": scope.plan.name},
            subtitle=_("Year %(year)s") % {"year": facts.year},
            header=[
                [
                    HeaderCell(_("Subject")),
                    HeaderCell(_("Indicators")),
                    HeaderCell(_("Value")),
                    HeaderCell(_("%")),
                ]
            ],
            kinds=["wide-text", "number", "number", "number"],
            rows=rows,
            frozen_columns=1,
        )

    def context_of(self, facts):
        return {
            "meeting": facts,
            "at_risk": facts.outlooks.at_risk[:AT_RISK_SHOWN],
            "at_risk_count": len(facts.outlooks.at_risk),
            "movers_sections": [
                (_("Capaian rose most since %(year)s") % {"year": facts.year - 1}, facts.risers),
                (_("Capaian fell most since %(year)s") % {"year": facts.year - 1}, facts.fallers),
            ],
        }
