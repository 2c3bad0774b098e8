"""Read paths over the plan: QuerySet methods, each a fixed number of SQL queries.

Achievement is never re-implemented here: rows are read in one query with the year's target and
realisation beside each indicator, and :func:`indicators.achievement.evaluate` judges each one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import FilteredRelation, Q

from core.json_numbers import capaian_as_json, number_as_json, target_as_json

from . import achievement


class PlanQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def active(self):
        """The plan shown by default: the one marked active, else the most recent; or None."""
        return self.order_by("-is_active", "-start_year", "-revision_number").first()


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

    @property
    def share_achieved(self):
        """Achieved as a percentage of all indicators counted; None when there are none."""
        return Decimal(100) * self.achieved / self.total if self.total else None

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


class IndicatorQuerySet(PlanScopedQuerySet):
    def at_level(self, level):
        return self.filter(level=level)

    def with_year(self, year, verified_only=False):
        """Join the year's target and realisation (left joins: either may be missing).

        With ``verified_only`` a realisation not yet verified counts as missing.
        """
        realized = Q(realizations__year=year)
        if verified_only:
            realized &= Q(realizations__status="verified")
        return self.annotate(
            year_target=FilteredRelation("targets", condition=Q(targets__year=year)),
            year_realization=FilteredRelation("realizations", condition=realized),
        )

    def achievements(self, plan, year, verified_only=False):
        """Every indicator of ``plan`` with its achievement in ``year``: one SQL query."""
        rows = (
            self.filter(plan=plan)
            .with_year(year, verified_only)
            .order_by("code")
            .values_list(
                "id",
                "code",
                "name",
                "unit",
                "direction",
                "perangkat_daerah_id",
                "perangkat_daerah__code",
                "perangkat_daerah__name",
                "perangkat_daerah__abbreviation",
                "year_target__id",
                "year_target__value",
                "year_target__low",
                "year_target__high",
                "year_realization__value",
            )
        )
        result = []
        for *head, target_id, value, low, high, realization in rows:
            target = (
                achievement.Target(value=value, low=low, high=high)
                if target_id is not None
                else None
            )
            judged = achievement.evaluate(
                head[4],
                target,
                realization,
                lower_formula=plan.lower_formula,
                threshold=plan.achievement_threshold,
            )
            result.append(IndicatorYear(*head, target, realization, judged, year))
        return result

    def under_mission(self, mission):
        """Indicators that serve ``mission``, whatever their level."""
        return self.filter(
            Q(program__objective__goal__mission=mission)
            | Q(objective__goal__mission=mission)
            | Q(goal__mission=mission)
        )

    def achievement_summary(
        self, plan, year, level="program", perangkat_daerah=None, mission=None, verified_only=False
    ):
        """Counts for a plan, year and level, in total and per perangkat daerah: one SQL query.

        ``perangkat_daerah`` (a PerangkatDaerah) and ``mission`` (a Mission) narrow everything.
        """
        indicators = self.at_level(level)
        if perangkat_daerah is not None:
            indicators = indicators.filter(perangkat_daerah=perangkat_daerah)
        if mission is not None:
            indicators = indicators.under_mission(mission)
        summary = AchievementSummary(year=year, level=level)
        summary.rows = indicators.achievements(plan, year, verified_only)
        by_unit_status = Counter(
            (row.perangkat_daerah_id, row.result.status) for row in summary.rows
        )
        summary.bands = Counter(row.result.band for row in summary.rows if row.result.band)
        units = {}
        for row in summary.rows:
            if row.perangkat_daerah_id not in units:
                units[row.perangkat_daerah_id] = PerangkatDaerahCounts(
                    code=row.perangkat_daerah_code,
                    name=row.perangkat_daerah_name,
                    abbreviation=row.perangkat_daerah_abbreviation,
                )
        for (unit_id, status), count in by_unit_status.items():
            for counts in (units[unit_id], summary.counts):
                counts.total += count
                setattr(counts, status.value, getattr(counts, status.value) + count)
        summary.by_perangkat_daerah = sorted(units.values(), key=lambda unit: unit.code)
        return summary
