"""Fill a database with a large made-up plan for benchmarks (never part of the test suite).

    DATABASE_URL=... .venv/bin/python bench/generate.py [--indicators 20000] [--units 50]

Creates the plan ``bench-2018-2023`` (period 2018–2023, default rules) with program indicators
spread over ``--units`` perangkat daerah, targets for 2019–2023 and realisations for the years
given by ``--realized-years`` (default 2019–2021). A few percent of the indicators lack a
realisation in the last realised year, so that year has "no data" indicators. Values come from
a fixed seed, so every run produces the same data. Nothing else in the database is changed:
when the bench plan already exists the script says so and stops.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PLAN_CODE = "bench-2018-2023"
START_YEAR, END_YEAR = 2018, 2023
TARGET_YEARS = range(2019, 2024)
SEED = 20180101
BATCH = 2000
INDICATORS_PER_PROGRAM = 20
MISSIONS, GOALS_PER_MISSION, OBJECTIVES_PER_GOAL = 5, 2, 2
# Share of each direction, roughly as in a real RPJMD.
DIRECTIONS = (("higher", 0.75), ("lower", 0.17), ("range", 0.04), ("binary", 0.04))
MISSING_SHARE = 0.03  # indicators with no realisation in the last realised year


def setup_django():
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekasi_plan.settings")
    import django

    django.setup()


def parse_years(text):
    """``2019-2021`` or ``2019,2020,2021``, each year within the target years."""
    years = set()
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        years.update(range(int(first), int(last or first) + 1))
    if not years or not years <= set(TARGET_YEARS):
        raise argparse.ArgumentTypeError(
            f"realised years must lie within {TARGET_YEARS[0]}–{TARGET_YEARS[-1]}"
        )
    return sorted(years)


def q(value, places=2):
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def yearly_values(rng, direction, realized_years):
    """Targets (year → dict of value/low/high) and realisations (year → Decimal)."""
    targets, realizations = {}, {}
    if direction == "binary":
        for year in TARGET_YEARS:
            targets[year] = {"value": Decimal(1) if rng.random() < 0.95 else Decimal(0)}
        for year in realized_years:
            hit = rng.random() < 0.85
            value = targets[year]["value"]
            realizations[year] = value if hit else 1 - value
        return targets, realizations
    if direction == "range":
        low = q(rng.uniform(1, 5), 1)
        high = low + q(rng.uniform(0.5, 3), 1)
        for year in TARGET_YEARS:
            targets[year] = {"low": low, "high": high}
        for year in realized_years:
            realizations[year] = q(rng.uniform(float(low) - 1, float(high) + 1))
        return targets, realizations
    kind = rng.random()
    if kind < 0.01:
        start, step = Decimal(0), Decimal(0)  # "zero cases" style targets (T = 0)
    elif kind < 0.5:
        start = q(rng.uniform(5, 90))  # a percentage
        step = q(rng.uniform(0, 2)) * (1 if direction == "higher" else -1)
        step = max(step, -start / 6)
    else:
        start = Decimal(rng.randint(10, 5000))  # a count
        step = Decimal(rng.randint(0, 200)) * (1 if direction == "higher" else -1)
        step = max(step, -start / 6)
    for n, year in enumerate(TARGET_YEARS):
        targets[year] = {"value": q(start + step * n)}
    for year in realized_years:
        target = targets[year]["value"]
        roll = rng.random()
        if roll < 0.25:
            value = target  # exactly on target: common in real reports
        elif target == 0:
            value = Decimal(0) if roll < 0.6 else q(rng.uniform(0, 5))
        else:
            value = q(target * Decimal(rng.uniform(0.8, 1.2)))
        realizations[year] = max(value, Decimal(0))
    return targets, realizations


def generate(n_indicators, n_units, realized_years):
    from django.db import connection, transaction

    from indicators.models import (
        Goal,
        Indicator,
        Mission,
        Objective,
        PerangkatDaerah,
        Plan,
        Program,
        Realization,
        Target,
    )

    illustrative = Indicator.Provenance.ILLUSTRATIVE
    rng = random.Random(SEED)
    directions = [d for d, _ in DIRECTIONS]
    weights = [w for _, w in DIRECTIONS]

    with transaction.atomic():
        plan = Plan.objects.create(
            code=PLAN_CODE,
            name="Bench RPJMD 2018–2023",
            start_year=START_YEAR,
            end_year=END_YEAR,
            visi="A made-up plan for benchmarks.",
        )
        unit_codes = [f"B.{i // 10 + 1:02d}.{i % 10 + 1:02d}" for i in range(n_units)]
        PerangkatDaerah.objects.bulk_create(
            [
                PerangkatDaerah(code=code, name=f"Bench unit {code}", kind="dinas")
                for code in unit_codes
            ],
            batch_size=BATCH,
            ignore_conflicts=True,  # units are shared between plans: reuse any that exist
        )
        units = list(PerangkatDaerah.objects.filter(code__in=unit_codes).order_by("code"))

        Mission.objects.bulk_create(
            [
                Mission(
                    plan=plan, code=f"M{m}", number=m, text=f"Misi {m}", provenance=illustrative
                )
                for m in range(1, MISSIONS + 1)
            ]
        )
        missions = list(Mission.objects.filter(plan=plan).order_by("number"))
        Goal.objects.bulk_create(
            [
                Goal(
                    plan=plan,
                    mission=mission,
                    code=f"{mission.code}.T{g}",
                    text="Tujuan",
                    provenance=illustrative,
                )
                for mission in missions
                for g in range(1, GOALS_PER_MISSION + 1)
            ]
        )
        goals = list(Goal.objects.filter(plan=plan).order_by("code"))
        Objective.objects.bulk_create(
            [
                Objective(
                    plan=plan,
                    goal=goal,
                    code=f"{goal.code}.S{s}",
                    text="Sasaran",
                    provenance=illustrative,
                )
                for goal in goals
                for s in range(1, OBJECTIVES_PER_GOAL + 1)
            ]
        )
        objectives = list(Objective.objects.filter(plan=plan).order_by("code"))

        n_programs = max(len(units), -(-n_indicators // INDICATORS_PER_PROGRAM))
        Program.objects.bulk_create(
            [
                Program(
                    plan=plan,
                    code=f"P.{p + 1:05d}",
                    name=f"Program {p + 1}",
                    objective=objectives[p % len(objectives)],
                    perangkat_daerah=units[p % len(units)],
                    provenance=illustrative,
                )
                for p in range(n_programs)
            ],
            batch_size=BATCH,
        )
        programs = list(Program.objects.filter(plan=plan).order_by("code"))

        Indicator.objects.bulk_create(
            [
                Indicator(
                    plan=plan,
                    code=f"IK.{i + 1:06d}",
                    name=f"Indikator {i + 1}",
                    unit="%",
                    level=Indicator.Level.PROGRAM,
                    program=programs[i % n_programs],
                    perangkat_daerah_id=programs[i % n_programs].perangkat_daerah_id,
                    direction=rng.choices(directions, weights)[0],
                    provenance=illustrative,
                )
                for i in range(n_indicators)
            ],
            batch_size=BATCH,
        )
        indicators = Indicator.objects.filter(plan=plan).order_by("code")

        targets, realizations = [], []
        last_year = realized_years[-1]
        for pk, direction in indicators.values_list("id", "direction"):
            years = realized_years
            if rng.random() < MISSING_SHARE:
                years = [y for y in realized_years if y != last_year]
            yearly_targets, yearly_realizations = yearly_values(rng, direction, years)
            targets += [Target(indicator_id=pk, year=y, **v) for y, v in yearly_targets.items()]
            realizations += [
                Realization(indicator_id=pk, year=y, value=v)
                for y, v in yearly_realizations.items()
            ]
        Target.objects.bulk_create(targets, batch_size=BATCH)
        Realization.objects.bulk_create(realizations, batch_size=BATCH)
    # Fresh planner statistics, as a database in use has: without them PostgreSQL misjudges
    # the joins over the new rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument(
        "--realized-years",
        type=parse_years,
        default=parse_years("2019-2021"),
        help="years with realisations, e.g. 2019-2021 or 2019,2021 (default 2019-2021)",
    )
    args = parser.parse_args()
    if args.indicators < 1 or not 1 <= args.units <= 990:
        parser.error("--indicators must be positive and --units between 1 and 990")

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from indicators.models import Indicator, Plan, Realization, Target

    call_command("migrate", verbosity=0)
    if Plan.objects.filter(code=PLAN_CODE).exists():
        print(f"Plan {PLAN_CODE} already exists in this database: nothing changed.")
        return 0

    started = time.perf_counter()
    plan = generate(args.indicators, args.units, args.realized_years)
    elapsed = time.perf_counter() - started

    print(f"database     {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"generated    {elapsed:.1f} s")
    print(f"plan         {plan.code}")
    print(
        f"units        {Indicator.objects.filter(plan=plan).values('perangkat_daerah').distinct().count()}"
    )
    print(f"indicators   {Indicator.objects.filter(plan=plan).count()}")
    print(f"targets      {Target.objects.filter(indicator__plan=plan).count()}")
    print(f"realisations {Realization.objects.filter(indicator__plan=plan).count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
