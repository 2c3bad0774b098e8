"""The Kota Bekasi demo data: RPJMD 2018–2023 (perubahan), read from ``fixtures/bekasi/*.csv``.

Real public facts (visi, misi, perangkat daerah, macro values) carry their sources; everything
made up for the demo says so in its ``provenance`` column. Loading is all-or-nothing and
happens once: a plan that is already there is left as it is, so users' changes survive.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core import planner_statistics
from indicators import data_version
from indicators.models import (
    Goal,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Plan,
    Program,
    Provenance,
    Realization,
    Target,
)

from .files import HISTORY_REASON, read_rows
from .money import load_budget_demo
from .triwulan import load_triwulan_demo

PLAN_CODE = "rpjmd-bekasi-2018-2023-perubahan"
TARGET_YEARS = range(2019, 2024)
REALIZATION_YEARS = range(2019, 2022)
RANGE_PATTERN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)\s*$")

# As on the cover of the RPJMD 2018–2023 (Rancangan Akhir); source in fixtures/bekasi/README.md.
VISI = "Bekasi Kota Cerdas, Kreatif, Maju, Sejahtera, dan Ihsan"

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "bekasi-demo-2021"


@dataclass
class LoadResult:
    plan: Plan
    created: bool


def _decimal(text):
    text = (text or "").strip()
    return Decimal(text) if text else None


def _target_fields(text, direction):
    text = (text or "").strip()
    if not text:
        return None
    if direction == Indicator.Direction.RANGE:
        match = RANGE_PATTERN.match(text)
        if match is None:
            raise ValueError(f"A range target is written low-high, not {text!r}")
        return {"low": Decimal(match[1]), "high": Decimal(match[2])}
    return {"value": Decimal(text)}


def _bulk(model, objects):
    return bulk_create_with_history(objects, model, default_change_reason=HISTORY_REASON)


@transaction.atomic
def load_bekasi_demo():
    """Load the demo plan unless it is there already; returns the plan and whether it was made."""
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is not None:
        return LoadResult(plan=plan, created=False)

    units = {unit.code: unit for unit in PerangkatDaerah.objects.all()}
    new_units = [
        PerangkatDaerah(
            code=row["code"],
            name=row["name"],
            abbreviation=row["abbreviation"],
            kind=row["kind"],
            source_url=row["source_url"],
        )
        for row in read_rows("perangkat_daerah.csv")
        if row["code"] not in units
    ]
    _bulk(PerangkatDaerah, new_units)
    units = {unit.code: unit for unit in PerangkatDaerah.objects.all()}

    plan = Plan(
        code=PLAN_CODE,
        name="RPJMD Kota Bekasi 2018–2023 (perubahan)",
        start_year=2018,
        end_year=2023,
        perda_reference="Perda Kota Bekasi tentang Perubahan RPJMD Kota Bekasi Tahun 2018–2023",
        revision_number=1,
        revision_label="Perubahan RPJMD 2018–2023",
        visi=VISI,
        is_active=not Plan.objects.filter(is_active=True).exists(),
    )
    plan.full_clean()
    plan._change_reason = HISTORY_REASON
    plan.save()

    _bulk(
        Mission,
        [
            Mission(
                plan=plan,
                code=row["code"],
                number=int(row["number"]),
                text=row["text"],
                source_url=row["source_url"],
            )
            for row in read_rows("misi.csv")
        ],
    )
    missions = {m.code: m for m in Mission.objects.filter(plan=plan)}
    goals = _scoped(plan, Goal, "tujuan.csv", "mission", missions, "misi_code")
    objectives = _scoped(plan, Objective, "sasaran.csv", "goal", goals, "tujuan_code")

    _bulk(
        Program,
        [
            Program(
                plan=plan,
                code=row["code"],
                nomenclature_code=row["nomenclature_code"],
                name=row["name"],
                objective=objectives[row["sasaran_code"]],
                perangkat_daerah=units[row["perangkat_daerah_code"]],
                kind=row["kind"],
                provenance=row["provenance"],
                source_url=row["source_url"],
            )
            for row in read_rows("program.csv")
        ],
    )
    programs = {p.code: p for p in Program.objects.filter(plan=plan)}
    parents = {"program": ("program", programs), "sasaran": ("objective", objectives)}
    parents["tujuan"] = ("goal", goals)

    rows = read_rows("indikator.csv")
    indicators = []
    for row in rows:
        parent_field, parent_by_code = parents[row["level"]]
        indicators.append(
            Indicator(
                plan=plan,
                code=row["code"],
                level=row["level"],
                name=row["name"],
                unit=row["unit"],
                direction=row["direction"],
                calculation_type=row["calculation_type"] or Indicator.CalculationType.LAST,
                perangkat_daerah=units[row["perangkat_daerah_code"]],
                baseline=_decimal(row["baseline"]),
                final_target=_decimal(row["final_target"]),
                definition=row["definition"],
                data_source=row["data_source"],
                provenance=row["provenance"] or Provenance.ILLUSTRATIVE,
                source_url=row["source_url"],
                **{parent_field: parent_by_code[row["parent_code"]]},
            )
        )
    _bulk(Indicator, indicators)
    by_code = {i.code: i for i in Indicator.objects.filter(plan=plan).select_related("plan")}

    targets, realizations = [], []
    for row in rows:
        indicator = by_code[row["code"]]
        for year in TARGET_YEARS:
            fields = _target_fields(row[f"target_{year}"], indicator.direction)
            if fields is not None:
                targets.append(Target(indicator=indicator, year=year, **fields))
        for year in REALIZATION_YEARS:
            value = _decimal(row[f"realisasi_{year}"])
            if value is not None:
                # A row with real values says in its note which ones and where from.
                # Evaluated at the January 2022 meeting: verified.
                realizations.append(
                    Realization(
                        indicator=indicator,
                        year=year,
                        value=value,
                        note=row["note"],
                        status=Realization.Status.VERIFIED,
                        verified_value=value,
                    )
                )
    for value in (*targets, *realizations):
        # The same checks as full_clean, without a query per value: the new plan has no locks.
        value.clean_fields(exclude=["indicator"])  # the indicator was just made
        value.check_year(plan, locked_years=set())
        value.check_value()
    _bulk(Target, targets)
    _bulk(Realization, realizations)
    load_triwulan_demo(plan, rows, by_code)  # triwulan values 2021–2022, reporting calendar
    load_budget_demo(plan)  # revenue, funding, issues, stages, calendar
    data_version.bump(data_version.EVERY_PLAN)  # bulk writes send no signals
    planner_statistics.refresh(
        *apps.get_app_config("indicators").get_models(),
        *apps.get_app_config("budgets").get_models(),
    )
    return LoadResult(plan=plan, created=True)


def _scoped(plan, model, filename, parent_field, parents, parent_column):
    _bulk(
        model,
        [
            model(
                plan=plan,
                code=row["code"],
                text=row["text"],
                provenance=row["provenance"],
                source_url=row["source_url"],
                **{parent_field: parents[row[parent_column]]},
            )
            for row in read_rows(filename)
        ],
    )
    return {obj.code: obj for obj in model.objects.filter(plan=plan)}


def ensure_demo_user(user_model):
    """The demo login: a planner with every right. Returns (user, created)."""
    return _demo_user(user_model, DEMO_USERNAME, is_staff=True, is_superuser=True)


# One demo user per role (username, role, perangkat daerah operated, staff).
DEMO_ROLE_USERS = [
    ("perencana", "Perencana", None, True),
    ("operator.dinkes", "Operator perangkat daerah", "Dinas Kesehatan", False),
    ("operator.disdik", "Operator perangkat daerah", "Dinas Pendidikan", False),
    ("pimpinan", "Pimpinan", None, False),
]


def ensure_demo_role_users(user_model):
    """A planner, an operator of Dinas Kesehatan, an operator of another unit and an official."""
    from django.contrib.auth.models import Group

    users = []
    for username, role, unit_name, staff in DEMO_ROLE_USERS:
        user, _created = _demo_user(user_model, username, is_staff=staff, is_superuser=False)
        user.groups.set([Group.objects.get(name=role)])
        if unit_name:
            unit = PerangkatDaerah.objects.get(name=unit_name)
            unit.operators.add(user)
        users.append((user, role, unit_name))
    return users


def _demo_user(user_model, username, *, is_staff, is_superuser):
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"is_staff": is_staff, "is_superuser": is_superuser}
    )
    wanted = (True, is_staff, is_superuser)
    if (
        created
        or not user.check_password(DEMO_PASSWORD)
        or (
            user.is_active,
            user.is_staff,
            user.is_superuser,
        )
        != wanted
    ):
        user.set_password(DEMO_PASSWORD)
        user.is_active, user.is_staff, user.is_superuser = wanted
        user.save()
    return user, created
