"""Time `import_workbook` on a big workbook against django-import-export's default path.

    DATABASE_URL=... .venv/bin/python bench/workbook_import.py [--indicators 4000]

Writes a workbook (``--indicators`` × 5 years, structure sheets plus ``Target YYYY`` /
``Realisasi YYYY`` columns on the Indikator sheet), then, each step in a fresh process so that
its peak memory (max RSS) is its own and Django's start-up is outside the timing:

1. ``read``: merely read every cell of the file with openpyxl in read-only mode (the yardstick);
2. ``fresh``: import it into a new empty plan ``bench-wb-N``;
3. ``unchanged``: import the same file again (must report zero changes);
4. ``default``: delete the plan's realisations and import the same realisation rows through a
   plain django-import-export ``ModelResource`` with default options (indicator by code).

It prints each step and the ratios fresh / read and unchanged / read of this run (the budgets:
≤ 2 and ≤ 1.5).

Needs a database of its own (it refuses when the bench plan exists). Nothing here runs in tests.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2019, 2024)
UNITS = 40


def setup_django():
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekasi_plan.settings")
    import django

    django.setup()


def generate(path, indicators, seed=20180101):
    """A workbook in the planners' wide layout, with the structure sheets it needs."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Perangkat Daerah")
    ws.append(["Kode", "Nama", "Singkatan", "Jenis"])
    for u in range(UNITS):
        ws.append([f"W.{u:02d}.01", f"Dinas Bench {u}", f"DB{u}", "dinas"])
    ws = workbook.create_sheet("Misi")
    ws.append(["Kode", "Uraian"])
    ws.append(["M1", "Misi bench"])
    ws = workbook.create_sheet("Tujuan")
    ws.append(["Kode", "Uraian", "Kode Misi"])
    ws.append(["T1", "Tujuan bench", "M1"])
    ws = workbook.create_sheet("Sasaran")
    ws.append(["Kode", "Uraian", "Kode Tujuan"])
    ws.append(["S1", "Sasaran bench", "T1"])
    programs = max(1, indicators // 20)
    ws = workbook.create_sheet("Program")
    ws.append(["Kode Program", "Nama Program", "Kode Sasaran", "Kode Perangkat Daerah"])
    for p in range(programs):
        ws.append([f"P.{p:04d}", f"Program bench {p}", "S1", f"W.{p % UNITS:02d}.01"])
    ws = workbook.create_sheet("Indikator")
    header = ["Kode Indikator", "Nama Indikator", "Satuan", "Arah", "Tingkat", "Kode Program"]
    header += ["Kode Perangkat Daerah", "Kondisi Awal", "Target Akhir"]
    header += [f"{kind} {year}" for year in YEARS for kind in ("Target", "Realisasi")]
    ws.append(header)
    for i in range(indicators):
        p = i % programs
        row = [f"IB.{i:05d}", f"Indikator bench {i}", "persen", "naik", "program", f"P.{p:04d}"]
        row += [f"W.{p % UNITS:02d}.01", 50, 80]
        for _year in YEARS:
            target = round(rng.uniform(50, 90), 2)
            realisation = round(target * rng.uniform(0.8, 1.2), 2)
            # Half the values as Indonesian text, as people type them.
            if rng.random() < 0.5:
                row += [target, realisation]
            else:
                row += [f"{target:.2f}".replace(".", ","), f"{realisation:.2f}".replace(".", ",")]
        ws.append(row)
    workbook.save(path)


def production_env():
    """Each step runs as production does: DEBUG=False (no query log, no debug cursor)."""
    import secrets

    return {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
    }


def peak_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(kind, path, plan_code):
    setup_django()
    from indicators.models import Indicator, Plan, Realization
    from workbooks.engine import import_workbook

    if kind == "read":
        from openpyxl import load_workbook

        started = time.perf_counter()
        workbook = load_workbook(path, read_only=True, data_only=True)
        cells = 0
        for ws in workbook.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(1 for value in row if value is not None)
        workbook.close()
        seconds = time.perf_counter() - started
        result = {"step": kind, "seconds": round(seconds, 3), "peak_mb": round(peak_mb())}
        print(json.dumps({**result, "cells": cells}))
        return
    if kind == "fresh":
        if Plan.objects.filter(code=plan_code).exists():
            sys.exit(f"{plan_code} exists already: use an empty database")
        plan = Plan.objects.create(
            code=plan_code, name=plan_code, start_year=2018, end_year=2023, visi="bench"
        )
    else:
        plan = Plan.objects.get(code=plan_code)
    if kind in ("fresh", "unchanged"):
        started = time.perf_counter()
        report = import_workbook(path, plan=plan)
        seconds = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        result = {"new": report.new, "changed": report.changed, "unchanged": report.unchanged}
    else:
        import tablib
        from import_export import fields, resources, widgets
        from openpyxl import load_workbook

        from core.numbers import parse_number

        class PlainRealizationResource(resources.ModelResource):
            indicator = fields.Field(
                attribute="indicator",
                column_name="indicator",
                widget=widgets.ForeignKeyWidget(Indicator, "code"),
            )

            class Meta:
                model = Realization
                import_id_fields = ["indicator", "year"]
                fields = ["indicator", "year", "value", "note"]

        dataset = tablib.Dataset(headers=["indicator", "year", "value", "note"])
        ws = load_workbook(path, read_only=True)["Indikator"]
        for row in ws.iter_rows(min_row=2, values_only=True):
            for n, year in enumerate(YEARS):
                dataset.append([row[0], year, parse_number(row[10 + 2 * n]), ""])
        Realization.objects.filter(indicator__plan=plan).delete()
        started = time.perf_counter()
        outcome = PlainRealizationResource().import_data(dataset, dry_run=False)
        seconds = time.perf_counter() - started
        assert not outcome.has_errors() and not outcome.has_validation_errors()
        result = {"rows": len(dataset)}
    print(
        json.dumps(
            {"step": kind, "seconds": round(seconds, 3), "peak_mb": round(peak_mb()), **result}
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=4000)
    parser.add_argument("--skip-default", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each step (the shared machine is noisy); the fastest counts",
    )
    parser.add_argument(
        "--step", choices=["read", "fresh", "unchanged", "default"], help=argparse.SUPPRESS
    )
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--plan-code", help=argparse.SUPPRESS)
    args = parser.parse_args()
    plan_code = f"bench-wb-{args.indicators}"
    if args.step:
        step(args.step, args.file, args.plan_code or plan_code)
        return
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.xlsx")
        generate(path, args.indicators)
        size = os.path.getsize(path) / 1024 / 1024
        print(f"workbook: {args.indicators} indicators × {len(YEARS)} years, {size:.1f} MB")
        results = {}
        steps = ["read", "fresh", "unchanged"] + ([] if args.skip_default else ["default"])
        runs = [(kind, n) for n in range(args.repeat) for kind in steps[:3]] + [
            (kind, 0) for kind in steps[3:]
        ]
        for kind, n in runs:
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--indicators",
                    str(args.indicators),
                    "--step",
                    kind,
                    "--plan-code",
                    f"{plan_code}-{n}",
                    "--file",
                    path,
                ],
                capture_output=True,
                text=True,
                env=production_env(),
            )
            if done.returncode:
                sys.exit(f"step {kind} failed:\n{done.stderr}")
            out = done.stdout.strip().splitlines()[-1]
            print(out)
            found = json.loads(out)
            if kind not in results or found["seconds"] < results[kind]["seconds"]:
                results[kind] = found
        print("fastest of each:", json.dumps(results))
        read = results["read"]["seconds"]
        for kind, budget in (("fresh", 2), ("unchanged", 1.5)):
            ratio = results[kind]["seconds"] / read
            verdict = "ok" if ratio <= budget else "OVER BUDGET"
            print(f"{kind} / read: {ratio:.2f}× (budget ≤ {budget}×) {verdict}")
        if "default" in results:
            ratio = results["default"]["seconds"] / results["fresh"]["seconds"]
            print(f"default django-import-export / import_workbook (fresh): {ratio:.1f}×")


if __name__ == "__main__":
    main()
