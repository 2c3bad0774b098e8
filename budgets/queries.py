"""Read paths over revenue and funding, each a fixed number of SQL queries whatever the data size.

Parents in the revenue tree are the sums of their children, computed here from the leaf values
(two queries: the accounts, the values), so a parent's figure is never stored or typed twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from core.json_numbers import number_as_json
from core.money import percent_of

from .models import BudgetStage, FundingScheme, ProgramFunding, RevenueAccount, RevenueValue

STAGE_ORDER = [BudgetStage.MURNI.value, BudgetStage.PERUBAHAN.value]


def _add(total, value):
    if value is None:
        return total
    return value if total is None else total + value


def code_key(code):
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))


@dataclass
class AccountLine:
    """One account of the tree in one year and stage; a parent's numbers are its children's sums."""

    id: int
    code: str
    name: str
    parent_id: int | None
    depth: int
    is_leaf: bool = True
    target: Decimal | None = None
    realization: Decimal | None = None
    illustrative: bool = False
    sources: list = field(default_factory=list)
    note: str = ""
    children: list = field(default_factory=list, repr=False)

    @property
    def percent(self):
        return percent_of(self.realization, self.target)

    def as_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "target": number_as_json(self.target),
            "realization": number_as_json(self.realization),
            "percent": number_as_json(self.percent),
        }


def _accounts():
    return list(RevenueAccount.objects.order_by("code").values_list("id", "code", "name", "parent"))


def _tree(accounts, values):
    """Flattened tree (parents before children, by code) with leaf values summed upwards."""
    lines = {
        pk: AccountLine(id=pk, code=code, name=name, parent_id=parent, depth=code.count("."))
        for pk, code, name, parent in accounts
    }
    for line in lines.values():
        if line.parent_id in lines:
            lines[line.parent_id].children.append(line)
            lines[line.parent_id].is_leaf = False
    for value in values:
        line = lines.get(value["account_id"])
        if line is None or not line.is_leaf:
            continue  # a parent never holds values (refused by RevenueValue.clean)
        line.target, line.realization, line.note = (
            value["target"],
            value["realization"],
            value["note"],
        )
        line.illustrative = value["provenance"] == RevenueValue.Provenance.ILLUSTRATIVE
        line.sources = [url.strip() for url in value["source_url"].split("|") if url.strip()]
    ordered = sorted(lines.values(), key=lambda line: code_key(line.code))
    for line in sorted(ordered, key=lambda line: -line.depth):
        line.children.sort(key=lambda child: code_key(child.code))
        for child in line.children:
            line.target = _add(line.target, child.target)
            line.realization = _add(line.realization, child.realization)
            line.illustrative = line.illustrative or child.illustrative
            for url in child.sources:
                if url not in line.sources:
                    line.sources.append(url)
    return ordered


VALUE_FIELDS = ("account_id", "year", "stage", "target", "realization", "provenance", "source_url")


def revenue_stages(year):
    """The budget stages with values in ``year``, in budget order."""
    stages = set(RevenueValue.objects.filter(year=year).values_list("stage", flat=True).distinct())
    return [stage for stage in STAGE_ORDER if stage in stages]


def default_stage(stages):
    """The latest stage of the year: perubahan once it exists, else murni."""
    return stages[-1] if stages else BudgetStage.MURNI.value


def revenue_tree(year, stage):
    """The account tree for one year and stage, flattened, parents included: two SQL queries."""
    values = RevenueValue.objects.filter(year=year, stage=stage).values(*VALUE_FIELDS, "note")
    return _tree(_accounts(), values)


@dataclass
class RevenueYear:
    year: int
    stage: str
    target: Decimal | None
    realization: Decimal | None

    @property
    def percent(self):
        return percent_of(self.realization, self.target)


def revenue_by_year(account_code=None):
    """Each year's figures of an account (default: the root, Pendapatan Daerah) at the year's
    latest stage: two SQL queries."""
    accounts = _accounts()
    values = list(RevenueValue.objects.values(*VALUE_FIELDS).order_by())
    by_year_stage = defaultdict(list)
    for value in values:
        by_year_stage[(value["year"], value["stage"])].append({**value, "note": ""})
    latest = {}
    for year, stage in sorted(by_year_stage, key=lambda k: (k[0], STAGE_ORDER.index(k[1]))):
        latest[year] = stage
    result = []
    for year, stage in sorted(latest.items()):
        tree = _tree(accounts, by_year_stage[(year, stage)])
        line = next(
            (line for line in tree if line.code == account_code),
            None if account_code else (tree[0] if tree else None),
        )
        if line is not None:
            result.append(RevenueYear(year, stage, line.target, line.realization))
    return result


@dataclass
class SchemeAmount:
    code: str
    name: str
    in_apbd: bool
    pagu: Decimal = Decimal(0)
    realization: Decimal | None = None

    @property
    def percent(self):
        return percent_of(self.realization, self.pagu)

    def as_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "in_apbd": self.in_apbd,
            "pagu": number_as_json(self.pagu),
            "realization": number_as_json(self.realization),
            "percent": number_as_json(self.percent),
        }


@dataclass
class Balance:
    """Needs (program pagu, by scheme) against revenue for one year: the mayor's question."""

    year: int
    schemes: list[SchemeAmount]
    revenue_stage: str | None = None
    revenue_target: Decimal | None = None
    revenue_realization: Decimal | None = None

    @property
    def needs(self):
        return sum((s.pagu for s in self.schemes), Decimal(0))

    @property
    def needs_realization(self):
        return sum((s.realization or 0 for s in self.schemes), Decimal(0))

    @property
    def apbd_needs(self):
        """What the city budget must fund: pagu under schemes that pass through the APBD."""
        return sum((s.pagu for s in self.schemes if s.in_apbd), Decimal(0))

    @property
    def apbd_spending(self):
        return sum((s.realization or 0 for s in self.schemes if s.in_apbd), Decimal(0))

    @property
    def gap(self):
        """Projected revenue minus APBD needs: negative is a shortfall to be financed."""
        if self.revenue_target is None or not self.needs:
            return None
        return self.revenue_target - self.apbd_needs

    @property
    def realized_gap(self):
        if self.revenue_realization is None or not self.needs_realization:
            return None
        return self.revenue_realization - self.apbd_spending

    @property
    def apbd_share(self):
        """Share of all needs funded through the APBD, in percent."""
        return percent_of(self.apbd_needs, self.needs)

    @property
    def revenue_coverage(self):
        """Projected revenue as a share of all needs, in percent."""
        return percent_of(self.revenue_target, self.needs)

    def as_dict(self):
        return {
            "year": self.year,
            "needs": {
                "total": number_as_json(self.needs),
                "apbd": number_as_json(self.apbd_needs),
                "realization": number_as_json(self.needs_realization),
                "by_scheme": [s.as_dict() for s in self.schemes],
            },
            "revenue": {
                "stage": self.revenue_stage,
                "target": number_as_json(self.revenue_target),
                "realization": number_as_json(self.revenue_realization),
            },
            "gap": number_as_json(self.gap),
            "realized_gap": number_as_json(self.realized_gap),
            "apbd_share": number_as_json(self.apbd_share),
        }


def balances(plan):
    """Needs against revenue for every year of ``plan``: three SQL queries."""
    schemes = list(FundingScheme.objects.values_list("id", "code", "name", "in_apbd"))
    funding = (
        ProgramFunding.objects.filter(program__plan=plan)
        .values("year", "scheme_id")
        .annotate(pagu=Sum("pagu"), realization=Sum("realization"))
        .order_by()
    )
    amounts = {(row["year"], row["scheme_id"]): row for row in funding}
    revenue = (
        RevenueValue.objects.filter(year__gte=plan.start_year, year__lte=plan.end_year)
        .values("year", "stage")
        .annotate(target=Sum("target"), realization=Sum("realization"))
        .order_by()
    )
    by_year = defaultdict(dict)
    for row in revenue:
        by_year[row["year"]][row["stage"]] = row
    result = []
    for year in plan.years:
        scheme_amounts = []
        for pk, code, name, in_apbd in schemes:
            row = amounts.get((year, pk))
            scheme_amounts.append(
                SchemeAmount(
                    code=code,
                    name=name,
                    in_apbd=in_apbd,
                    pagu=row["pagu"] if row else Decimal(0),
                    realization=row["realization"] if row else None,
                )
            )
        balance = Balance(year=year, schemes=scheme_amounts)
        stages = [s for s in STAGE_ORDER if by_year[year].get(s, {}).get("target") is not None]
        if stages:
            chosen = by_year[year][stages[-1]]
            balance.revenue_stage = stages[-1]
            balance.revenue_target = chosen["target"]
            balance.revenue_realization = chosen["realization"]
        result.append(balance)
    return result
