"""Read paths over the plan: QuerySet methods, each a fixed number of SQL queries.

Achievement is judged by the database: :mod:`indicators.achievement_sql` writes the rules of
:mod:`indicators.achievement` as one expression (a property test holds the two equal), and counts
are grouped queries. Python only folds the grouped rows (at most units × statuses × bands).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from core import statements
from core.json_numbers import capaian_as_json, number_as_json, target_as_json

from . import achievement, outlook
from .achievement_sql import AchievementExpression, Columns

# The plan shown by default: the one marked active, else the most recent.
ACTIVE_FIRST = ("-is_active", "-start_year", "-revision_number")


class PlanQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def active(self):
        """The plan shown by default: the one marked active, else the most recent; or None."""
        return self.order_by(*ACTIVE_FIRST).first()

    def with_data_version(self):
        """Read each plan's data version with the plan itself (``data_version_number``), so a
        cached read knows its key without a query of its own (see :mod:`read_cache`)."""
        return self.annotate(data_version_number=Coalesce("data_version__version", 0))


class PlanScopedQuerySet(models.QuerySet):
    def get_by_natural_key(self, code, plan_code):
        return self.get(code=code, plan__code=plan_code)


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator in one year, with its target, realisation and achievement."""

    id: int
    code: str
    name: str
    unit: str
    direction: str
    perangkat_daerah_id: int
    perangkat_daerah_code: str
    perangkat_daerah_name: str
    perangkat_daerah_abbreviation: str
    target: achievement.Target | None
    realization: Decimal | None
    result: achievement.Achievement
    year: int

    @property
    def direction_label(self):
        from .models import Indicator

        return Indicator.Direction(self.direction).label

    def as_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "perangkat_daerah": self.perangkat_daerah_code,
            "direction": self.direction,
            "target": target_as_json(self.target),
            "realization": number_as_json(self.realization),
            "capaian": capaian_as_json(self.result.capaian, threshold=self.result.threshold),
            "status": self.result.status.value,
            "band": self.result.band.value if self.result.band else None,
        }


@dataclass
class Counts:
    total: int = 0
    achieved: int = 0
    not_achieved: int = 0
    no_data: int = 0
    realized: int = 0  # of the total, those with a realisation in the year (coverage)

    @property
    def share_achieved(self):
        """Achieved as a percentage of all indicators counted; None when there are none."""
        return Decimal(100) * self.achieved / self.total if self.total else None

    def add(self, status, count=1):
        """Count ``count`` indicators of ``status`` (an ``achievement.Status`` or its value)."""
        self.total += count
        name = achievement.Status(status).value
        setattr(self, name, getattr(self, name) + count)

    def as_dict(self):
        return {
            "total": self.total,
            "achieved": self.achieved,
            "not_achieved": self.not_achieved,
            "no_data": self.no_data,
        }


@dataclass
class PerangkatDaerahCounts(Counts):
    code: str = ""
    name: str = ""
    abbreviation: str = ""

    @property
    def label(self):
        return self.abbreviation or self.name

    def as_dict(self):
        return {"code": self.code, "name": self.name, **super().as_dict()}


@dataclass
class AchievementSummary:
    year: int
    level: str
    counts: Counts = field(default_factory=Counts)
    by_perangkat_daerah: list[PerangkatDaerahCounts] = field(default_factory=list)
    bands: Counter = field(default_factory=Counter)
    rows: list[IndicatorYear] = field(default_factory=list)

    def as_dict(self, *, with_indicators=False):
        """The JSON shape of DESIGN.md contract 5 (plus the indicator list when asked for)."""
        data = {
            "year": self.year,
            **self.counts.as_dict(),
            "by_perangkat_daerah": [pd.as_dict() for pd in self.by_perangkat_daerah],
        }
        if with_indicators:
            data["indicators"] = [row.as_dict() for row in self.rows]
        return data


UNIT_FIELDS = (
    "perangkat_daerah_id",
    "perangkat_daerah__code",
    "perangkat_daerah__name",
    "perangkat_daerah__abbreviation",
)
ROW_FIELDS = ("id", "code", "name", "unit", "direction", *UNIT_FIELDS)
YEAR_FIELDS = ("id", "value", "low", "high")


def _pk(instance):
    return None if instance is None else instance.pk


def judged(plan, status, capaian, band):
    """The database's verdict on one indicator-year as an :class:`achievement.Achievement`."""
    return achievement.Achievement(
        capaian=capaian,
        status=achievement.Status(status),
        band=achievement.Band(band) if band else None,
        threshold=Decimal(plan.achievement_threshold),
    )


def rule_target(target_id, value, low, high):
    if target_id is None:
        return None
    return achievement.Target(value=value, low=low, high=high)


class IndicatorQuerySet(PlanScopedQuerySet):
    def at_level(self, level):
        return self.filter(level=level)

    def with_year(self, year, verified_only=False, prefix="year_"):
        """Join the year's target and realisation (left joins: either may be missing).

        With ``verified_only`` a realisation not yet verified counts as missing. ``prefix``
        names the two joins (``year_target``, ``year_realization``).
        """
        realized = Q(realizations__year=year)
        if verified_only:
            realized &= Q(realizations__status="verified")
        return self.alias(
            **{
                f"{prefix}target": FilteredRelation("targets", condition=Q(targets__year=year)),
                f"{prefix}realization": FilteredRelation("realizations", condition=realized),
            }
        )

    def with_achievement(self, plan, *, prefix="achievement_", columns=None):
        """Annotate ``achievement_status``, ``achievement_capaian`` and ``achievement_band``
        by ``plan``'s rules (after :meth:`with_year`, whose joins the expression reads)."""
        expression = AchievementExpression.for_plan(plan, columns)
        return self.annotate(**expression.annotations(prefix))

    def achievements(self, plan, year, verified_only=False):
        """Every indicator of ``plan`` with its achievement in ``year``: one SQL query."""
        rows = (
            self.filter(plan=plan)
            .with_year(year, verified_only)
            .with_achievement(plan)
            .order_by("code")
            .values_list(
                *ROW_FIELDS,
                *(f"year_target__{name}" for name in YEAR_FIELDS),
                "year_realization__value",
                "achievement_status",
                "achievement_capaian",
                "achievement_band",
            )
        )
        result = []
        for row in rows:
            head, tail = row[: len(ROW_FIELDS)], row[len(ROW_FIELDS) :]
            *target, realization, status, capaian, band = tail
            result.append(
                IndicatorYear(
                    *head,
                    rule_target(*target),
                    realization,
                    judged(plan, status, capaian, band),
                    year,
                )
            )
        return result

    def over_years(self, plan, years=None, verified_only=False):
        """Each indicator's :class:`IndicatorYear` for every year of ``years`` (the plan's
        period by default), keyed by indicator id: one SQL query, one row per indicator."""
        years = list(plan.years if years is None else years)
        queryset = self.filter(plan=plan)
        selected = []
        for year in years:
            prefix = f"y{year}_"
            columns = Columns(
                realization=f"{prefix}realization__value",
                target_id=f"{prefix}target__id",
                target_value=f"{prefix}target__value",
                target_low=f"{prefix}target__low",
                target_high=f"{prefix}target__high",
            )
            queryset = queryset.with_year(year, verified_only, prefix=prefix).with_achievement(
                plan, prefix=prefix, columns=columns
            )
            selected += [
                *(f"{prefix}target__{name}" for name in YEAR_FIELDS),
                f"{prefix}realization__value",
                f"{prefix}status",
                f"{prefix}capaian",
                f"{prefix}band",
            ]
        result = {}
        width = len(YEAR_FIELDS) + 4
        for row in queryset.order_by("code").values_list(*ROW_FIELDS, *selected):
            head, tail = row[: len(ROW_FIELDS)], row[len(ROW_FIELDS) :]
            result[head[0]] = [
                IndicatorYear(
                    *head,
                    rule_target(*part[: len(YEAR_FIELDS)]),
                    part[len(YEAR_FIELDS)],
                    judged(plan, *part[len(YEAR_FIELDS) + 1 :]),
                    year,
                )
                for year, part in zip(
                    years,
                    (tail[i : i + width] for i in range(0, len(tail), width)),
                    strict=True,
                )
            ]
        return result

    def outlooks(self, plan, as_of, verified_only=False, level=None):
        """Every indicator's :class:`IndicatorOutlook` as of ``as_of``: one SQL query.

        ``level``: the level every one of these indicators is at, when the caller narrowed them
        to one (the query then joins only that level's way up to its misi)."""
        return indicator_outlooks(self, plan, as_of, verified_only, level)

    def outlook_summary(
        self,
        plan,
        as_of,
        level="program",
        perangkat_daerah=None,
        mission=None,
        missions=None,
        verified_only=False,
    ):
        """:class:`OutlookSummary` of a plan's indicators as of ``as_of``: one SQL query (and
        one more for the misi texts unless ``missions``, {id: (number, text)}, is given)."""
        from .models import Mission

        rows = self.narrowed(level, perangkat_daerah, mission).outlooks(
            plan, as_of, verified_only, level
        )
        if missions is None:
            missions = {
                pk: (number, text)
                for pk, number, text in Mission.objects.filter(plan=plan).values_list(
                    "id", "number", "text"
                )
            }
        return OutlookSummary.of(as_of, rows, missions)

    def under_mission(self, mission):
        """Indicators that serve ``mission``, whatever their level."""
        return self.filter(
            Q(program__objective__goal__mission=mission)
            | Q(objective__goal__mission=mission)
            | Q(goal__mission=mission)
        )

    def narrowed(self, level="program", perangkat_daerah=None, mission=None):
        indicators = self.at_level(level)
        if perangkat_daerah is not None:
            indicators = indicators.filter(perangkat_daerah=perangkat_daerah)
        if mission is not None:
            indicators = indicators.under_mission(mission)
        return indicators

    def achievement_summary(
        self,
        plan,
        year,
        level="program",
        perangkat_daerah=None,
        mission=None,
        verified_only=False,
        *,
        with_rows=False,
    ):
        """Counts for a plan, year and level, in total, per perangkat daerah and per band: one
        grouped SQL query (and one more for the indicator rows, ``with_rows``).

        ``perangkat_daerah`` (a PerangkatDaerah) and ``mission`` (a Mission) narrow everything.
        """

        def grouped():
            expression = AchievementExpression.for_plan(plan)
            # Grouped by status as well as band: the database judges each row once (three
            # filtered counts would evaluate the expression three times).
            return (
                self.narrowed(level, perangkat_daerah, mission)
                .filter(plan=plan)
                .with_year(year, verified_only)
                .values(
                    *UNIT_FIELDS,
                    status=expression.status,
                    band=expression.band,
                    realized=ExpressionWrapper(
                        Q(year_realization__id__isnull=False), output_field=BooleanField()
                    ),
                )
                .annotate(count=Count("id"))
                .order_by()
                .values_list(*UNIT_FIELDS, "status", "band", "realized", "count")
            )

        # The SQL is compiled once per shape (core.statements): it depends on this queryset's
        # own filters, the plan's rule (its lower formula and threshold) and what was asked.
        groups = statements.rows(
            self.model,
            (
                "achievement_summary",
                statements.shape(self),
                plan.pk,
                plan.lower_formula,
                str(plan.achievement_threshold),
                year,
                level,
                _pk(perangkat_daerah),
                _pk(mission),
                bool(verified_only),
            ),
            grouped,
        )
        summary = AchievementSummary(year=year, level=level)
        units = {}
        for unit_id, code, name, abbreviation, status, band, realized, count in groups:
            unit = units.get(unit_id)
            if unit is None:
                unit = units[unit_id] = PerangkatDaerahCounts(
                    code=code, name=name, abbreviation=abbreviation
                )
            for counts in (unit, summary.counts):
                counts.add(status, count)
                if realized:
                    counts.realized += count
            if band:
                summary.bands[achievement.Band(band)] += count
        summary.by_perangkat_daerah = sorted(units.values(), key=lambda unit: unit.code)
        if with_rows:
            summary.rows = self.narrowed(level, perangkat_daerah, mission).achievements(
                plan, year, verified_only
            )
        return summary

    def yearly_counts(self, plan, level="program", verified_only=False):
        """:class:`Counts` of every year of the plan's period (``{year: Counts}``): one grouped
        query over the targets (an indicator-year without a target is "no data"), with the
        number of indicators beside each year."""
        from .models import Target

        realized = Q(indicator__realizations__year=F("year"))
        if verified_only:
            realized &= Q(indicator__realizations__status="verified")
        expression = AchievementExpression.for_plan(
            plan,
            Columns(
                direction="indicator__direction",
                realization="year_realization__value",
                target_id="id",
                target_value="value",
                target_low="low",
                target_high="high",
            ),
        )
        indicators = self.filter(plan=plan).at_level(level)
        number = indicators.order_by().values("plan_id").annotate(n=Count("id")).values("n")
        per_year = (
            Target.objects.filter(indicator__in=indicators, year__in=list(plan.years))
            .alias(
                year_realization=FilteredRelation("indicator__realizations", condition=realized),
                status=expression.status,
            )
            .values("year")
            .annotate(
                achieved=Count("id", filter=Q(status=achievement.Status.ACHIEVED.value)),
                not_achieved=Count("id", filter=Q(status=achievement.Status.NOT_ACHIEVED.value)),
                total=Subquery(number, output_field=models.IntegerField()),
            )
            .order_by()
        )
        rows = list(per_year)
        # Without a single target the plan's indicators are all "no data": count them apart.
        total = rows[0]["total"] if rows else indicators.count()
        result = {year: Counts(total=total, no_data=total) for year in plan.years}
        for row in rows:
            counts = result[row["year"]]
            counts.achieved, counts.not_achieved = row["achieved"], row["not_achieved"]
            counts.no_data = total - row["achieved"] - row["not_achieved"]
        return result


@dataclass(frozen=True)
class IndicatorOutlook:
    """One indicator's :class:`outlook.Outlook` with what pages show beside it."""

    id: int
    code: str
    name: str
    perangkat_daerah_code: str
    perangkat_daerah_name: str
    perangkat_daerah_abbreviation: str
    mission_id: int | None
    outlook: object

    @property
    def status(self):
        return self.outlook.status


@dataclass
class OutlookCounts:
    """Indicators per outlook status (``{status: count}``) of one group (all, a unit, a misi)."""

    key: object = None
    label: str = ""
    code: str = ""
    counts: Counter = field(default_factory=Counter)

    def add(self, status):
        self.counts[status] += 1

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def at_risk(self):
        return sum(self.counts[status] for status in outlook.AT_RISK)

    def count(self, status):
        return self.counts[outlook.OutlookStatus(status)]

    def in_order(self):
        """(status, count) for every status, in the order pages show them."""
        return [(status, self.counts[status]) for status in outlook.OutlookStatus]


@dataclass
class OutlookSummary:
    """The outlook of a set of indicators: in total, per perangkat daerah and per misi, and the
    indicators at risk (needs effort or worsening), worsening first."""

    year: int
    rows: list[IndicatorOutlook] = field(default_factory=list)
    counts: OutlookCounts = field(default_factory=OutlookCounts)
    by_perangkat_daerah: list[OutlookCounts] = field(default_factory=list)
    by_mission: list[OutlookCounts] = field(default_factory=list)

    @property
    def at_risk(self):
        order = {outlook.OutlookStatus.WORSENING: 0, outlook.OutlookStatus.NEEDS_EFFORT: 1}
        risky = [row for row in self.rows if row.outlook.at_risk]
        return sorted(
            risky, key=lambda row: (order[row.status], row.perangkat_daerah_code, row.code)
        )

    def by_code(self):
        return {row.code: row for row in self.rows}

    @classmethod
    def of(cls, year, rows, missions):
        """Fold indicator outlooks into counts (``missions``: {id: (number, text)})."""
        summary = cls(year=year, rows=rows)
        units, by_mission = {}, {}
        for row in rows:
            summary.counts.add(row.status)
            unit = units.get(row.perangkat_daerah_code)
            if unit is None:
                unit = units[row.perangkat_daerah_code] = OutlookCounts(
                    key=row.perangkat_daerah_code,
                    code=row.perangkat_daerah_code,
                    label=row.perangkat_daerah_abbreviation or row.perangkat_daerah_name,
                )
            unit.add(row.status)
            if row.mission_id is not None:
                group = by_mission.get(row.mission_id)
                if group is None:
                    number, text = missions.get(row.mission_id, (None, ""))
                    group = by_mission[row.mission_id] = OutlookCounts(
                        key=number, code=str(number), label=text
                    )
                group.add(row.status)
        summary.by_perangkat_daerah = sorted(units.values(), key=lambda unit: unit.code)
        summary.by_mission = sorted(
            by_mission.values(), key=lambda group: (group.key is None, group.key or 0)
        )
        return summary


# An indicator's way up to its misi, per level: the constraint indicator_parent_matches_level
# gives it the one parent of its level and no other.
MISSION_OF_LEVEL = {
    "program": "program__objective__goal__mission_id",
    "sasaran": "objective__goal__mission_id",
    "tujuan": "goal__mission_id",
}


def _mission_of_indicator(level=None):
    """The misi id of an indicator at ``level``, or at any level when not given. One level's way
    is three joins instead of six: planning the other three cost PostgreSQL 2 ms of the
    dashboard's outlook query on a new connection."""
    if level in MISSION_OF_LEVEL:
        return F(MISSION_OF_LEVEL[level])
    return Coalesce(*MISSION_OF_LEVEL.values())


def indicator_outlooks(indicators, plan, as_of, verified_only=False, level=None):
    """Each indicator's outlook as of ``as_of`` (its latest realisation up to that year): one SQL
    query, one row per indicator (its latest realisation by two correlated subqueries), judged by
    :func:`outlook.project_latest`. ``level``: the level all ``indicators`` are at, if one."""

    def latest():
        realizations = indicators.model._meta.get_field("realizations").related_model
        known = realizations.objects.filter(
            indicator=OuterRef("pk"), year__lte=as_of, value__isnull=False
        )
        if verified_only:
            known = known.filter(status="verified")
        known = known.order_by("-year")
        return (
            indicators.filter(plan=plan)
            .annotate(
                mission=_mission_of_indicator(level),
                latest_year=Subquery(known.values("year")[:1]),
                latest_value=Subquery(known.values("value")[:1]),
            )
            .order_by("code")
            .values_list(
                "id",
                "code",
                "name",
                "perangkat_daerah__code",
                "perangkat_daerah__name",
                "perangkat_daerah__abbreviation",
                "mission",
                "direction",
                "baseline",
                "final_target",
                "final_target_low",
                "final_target_high",
                "latest_year",
                "latest_value",
            )
        )

    # The SQL depends on the indicators' own filters and what was asked (core.statements).
    rows = statements.rows(
        indicators.model,
        (
            "indicator_outlooks",
            statements.shape(indicators),
            plan.pk,
            as_of,
            bool(verified_only),
            level,
        ),
        latest,
    )
    # The plan's rules as the judge takes them, once for all its indicators.
    judged = partial(
        outlook.project_latest,
        start_year=plan.start_year,
        end_year=plan.end_year,
        lower_formula=achievement.member(achievement.LowerFormula, plan.lower_formula),
        threshold=Decimal(plan.achievement_threshold),
    )
    target = achievement.Target
    return [
        IndicatorOutlook(
            *head,
            judged(
                direction,
                baseline,
                None if value is None and low is None else target(value, low, high),
                None if realization is None else (year, realization),
            ),
        )
        for *head, direction, baseline, value, low, high, year, realization in rows
    ]
