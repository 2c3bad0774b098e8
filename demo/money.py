"""The Kota Bekasi demo data for money and context: revenue, program funding, strategic issues,
development stages and the planning calendar, read from ``fixtures/bekasi/*.csv``.

Called at the end of :func:`demo.plan.load_bekasi_demo`, in its transaction. Each part is
loaded once: a part that already has rows is left alone, so users' changes survive.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from budgets import reference
from budgets.models import (
    FundingScheme,
    PlanningStage,
    ProgramFunding,
    RevenueAccount,
    RevenueValue,
)
from indicators.models import DevelopmentStage, Indicator, Objective, Program, StrategicIssue

from .files import HISTORY_REASON, read_rows


def _bulk(model, objects):
    return bulk_create_with_history(objects, model, default_change_reason=HISTORY_REASON)


def _money(text):
    text = (text or "").strip()
    return Decimal(text) if text else None


def _date(text):
    text = (text or "").strip()
    return datetime.date.fromisoformat(text) if text else None


@transaction.atomic
def load_budget_demo(plan):
    reference.fill(RevenueAccount, FundingScheme)
    load_revenue()
    load_funding(plan)
    load_strategic_issues(plan)
    load_development_stages(plan)
    load_calendar(plan)


def load_revenue():
    if RevenueValue.objects.exists():
        return
    accounts = {a.code: a for a in RevenueAccount.objects.all()}
    values = [
        RevenueValue(
            account=accounts[row["account_code"]],
            year=int(row["year"]),
            stage=row["stage"],
            target=_money(row["target"]),
            realization=_money(row["realization"]),
            provenance=row["provenance"],
            source_url=row["source_url"],
            note=row["note"],
        )
        for row in read_rows("pendapatan.csv")
    ]
    leaves_only = {a.parent_id for a in accounts.values()}
    for value in values:
        if value.account.pk in leaves_only:
            raise ValueError(f"pendapatan.csv: {value.account.code} is not a leaf account")
    _bulk(RevenueValue, values)


def load_funding(plan):
    if ProgramFunding.objects.filter(program__plan=plan).exists():
        return
    programs = {p.code: p for p in Program.objects.filter(plan=plan)}
    schemes = {s.code: s for s in FundingScheme.objects.all()}
    _bulk(
        ProgramFunding,
        [
            ProgramFunding(
                program=programs[row["program_code"]],
                year=int(row["year"]),
                scheme=schemes[row["scheme"]],
                pagu=Decimal(row["pagu"]),
                realization=_money(row["realization"]),
                provenance=row["provenance"],
            )
            for row in read_rows("pendanaan.csv")
        ],
    )


def load_strategic_issues(plan):
    if StrategicIssue.objects.filter(plan=plan).exists():
        return
    objectives = {o.code: o for o in Objective.objects.filter(plan=plan)}
    programs = {p.code: p for p in Program.objects.filter(plan=plan)}
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    for row in read_rows("isu_strategis.csv"):
        issue = StrategicIssue(
            plan=plan,
            kind=row["kind"],
            year=int(row["year"]) if row["year"] else None,
            text=row["text"],
            provenance=row["provenance"],
            source_url=row["source_url"],
            note=row["note"],
        )
        issue.full_clean()
        issue._change_reason = HISTORY_REASON
        issue.save()
        issue.objectives.set(objectives[c] for c in row["objective_codes"].split())
        issue.programs.set(programs[c] for c in row["program_codes"].split())
        issue.indicators.set(indicators[c] for c in row["indicator_codes"].split())


def load_development_stages(plan):
    if DevelopmentStage.objects.filter(plan=plan).exists():
        return
    stages = [
        DevelopmentStage(
            plan=plan,
            year=int(row["year"]),
            rkpd_theme=row["rkpd_theme"],
            priorities=row["priorities"],
            provenance=row["provenance"],
            source_url=row["source_url"],
            note=row["note"],
        )
        for row in read_rows("tahapan.csv")
    ]
    for stage in stages:
        stage.full_clean(validate_unique=False, validate_constraints=False)
    _bulk(DevelopmentStage, stages)


def load_calendar(plan):
    if PlanningStage.objects.filter(plan=plan).exists():
        return
    stages = [
        PlanningStage(
            plan=plan,
            year=int(row["year"]),
            order=int(row["order"]),
            name=row["name"],
            planned_start=_date(row["planned_start"]),
            planned_end=_date(row["planned_end"]),
            actual_start=_date(row["actual_start"]),
            actual_end=_date(row["actual_end"]),
            status=row["status"],
            provenance=row["provenance"],
            source_url=row["source_url"],
            note=row["note"],
        )
        for row in read_rows("kalender.csv")
    ]
    for stage in stages:
        stage.full_clean(validate_unique=False, validate_constraints=False)
    _bulk(PlanningStage, stages)
