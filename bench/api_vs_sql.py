"""Time the achievement JSON API against one bare SQL aggregate (never part of the test suite).

    DATABASE_URL=... .venv/bin/python bench/api_vs_sql.py [--runs 15]

Run bench/generate.py on the same database first. The API is called through the Django test
client (``GET /api/v1/achievement?year=2021``) with the bench plan marked active for the run;
the previously active plan is restored afterwards. It is timed twice: with the read cache off
(every call counts afresh) and with a warm cache. The SQL computes the same counts per
perangkat daerah in one GROUP BY statement. All must give the same numbers.
"""

import argparse
import statistics
import sys
import time
import warnings

from generate import PLAN_CODE, setup_django

YEAR = 2021
WARM_UPS = 2

# Status per indicator: 1 achieved, 0 not achieved, NULL no data. The rules of
# indicators/achievement.py, written as comparisons without division (threshold t):
#   higher  T > 0: R / T × 100 ≥ t                 ⇔ R × 100 ≥ t × T
#           T = 0: R ≥ 0
#           T < 0: (1 + (R − T) / |T|) × 100 ≥ t   ⇔ (R − 2T) × 100 ≥ t × (−T)
#   lower   T > 0: (2T − R) / T × 100 ≥ t          ⇔ (2T − R) × 100 ≥ t × T
#           T = 0: R ≤ 0
#           T < 0: (1 + (T − R) / |T|) × 100 ≥ t   ⇔ −R × 100 ≥ t × (−T)
#   range   low ≤ R ≤ high (a single value is a band of width zero)
#   binary  R = T
# No target or no realisation for the year: no data.
# PostgreSQL compares the decimals exactly. SQLite stores them as floating point, which is exact
# for these comparisons at the default threshold 100 (they reduce to R ≥ T, R ≤ T, R = T) but may
# misjudge a value lying exactly on another threshold (8.37 × 100 < 90 × 9.3 in floating point).
STATUS_SQL = """
CASE
    WHEN r.value IS NULL OR t.id IS NULL THEN NULL
    WHEN i.direction = 'range' THEN
        CASE WHEN COALESCE(t.low, t.value) <= r.value AND r.value <= COALESCE(t.high, t.value)
        THEN 1 ELSE 0 END
    WHEN t.value IS NULL THEN NULL
    WHEN i.direction = 'binary' THEN CASE WHEN r.value = t.value THEN 1 ELSE 0 END
    WHEN i.direction = 'higher' THEN
        CASE
            WHEN t.value > 0 THEN CASE WHEN r.value * 100 >= th.v * t.value THEN 1 ELSE 0 END
            WHEN t.value = 0 THEN CASE WHEN r.value >= 0 THEN 1 ELSE 0 END
            ELSE CASE WHEN (r.value - 2 * t.value) * 100 >= th.v * -t.value THEN 1 ELSE 0 END
        END
    WHEN i.direction = 'lower' THEN
        CASE
            WHEN t.value > 0 THEN
                CASE WHEN (2 * t.value - r.value) * 100 >= th.v * t.value THEN 1 ELSE 0 END
            WHEN t.value = 0 THEN CASE WHEN r.value <= 0 THEN 1 ELSE 0 END
            ELSE CASE WHEN -r.value * 100 >= th.v * -t.value THEN 1 ELSE 0 END
        END
END
"""


def aggregate_sql(tables):
    return f"""
    SELECT pd.code,
           COUNT(*),
           SUM(CASE WHEN s.status = 1 THEN 1 ELSE 0 END),
           SUM(CASE WHEN s.status = 0 THEN 1 ELSE 0 END),
           SUM(CASE WHEN s.status IS NULL THEN 1 ELSE 0 END)
    FROM (
        SELECT i.perangkat_daerah_id AS unit_id, {STATUS_SQL} AS status
        FROM {tables["indicator"]} i
        CROSS JOIN (SELECT CAST(%s AS NUMERIC) AS v) th
        LEFT JOIN {tables["target"]} t ON t.indicator_id = i.id AND t.year = %s
        LEFT JOIN {tables["realization"]} r ON r.indicator_id = i.id AND r.year = %s
        WHERE i.plan_id = %s AND i.level = 'program'
    ) s
    JOIN {tables["unit"]} pd ON pd.id = s.unit_id
    GROUP BY pd.code
    ORDER BY pd.code
    """


def timed(functions, runs):
    """Each function's last result and its times in ms, taking turns so that a busy machine
    slows all of them alike."""
    results = {}
    for _ in range(WARM_UPS):
        for name, function in functions.items():
            results[name] = function()
    times = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            results[name] = function()
            times[name].append((time.perf_counter() - started) * 1000)
    return results, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    # WhiteNoise warns about the collected static files, which only production builds have.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    setup_django()
    from django.db import connection
    from django.test import Client, override_settings

    from indicators.models import Indicator, PerangkatDaerah, Plan, Realization, Target

    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        print(f"No plan {PLAN_CODE} in this database: run bench/generate.py first.")
        return 1
    if plan.lower_formula != Plan.LowerFormula.DIFFERENCE:
        print(f"The SQL implements the difference formula only; {PLAN_CODE} uses another.")
        return 1
    n_indicators = Indicator.objects.filter(plan=plan, level=Indicator.Level.PROGRAM).count()
    tables = {
        "indicator": Indicator._meta.db_table,
        "target": Target._meta.db_table,
        "realization": Realization._meta.db_table,
        "unit": PerangkatDaerah._meta.db_table,
    }
    sql = aggregate_sql(tables)
    params = [str(plan.achievement_threshold), YEAR, YEAR, plan.pk]

    def run_sql():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    client = Client()

    def run_api():
        response = client.get("/api/v1/achievement", {"year": YEAR})
        if response.status_code != 200:
            raise SystemExit(f"API answered {response.status_code}: {response.content[:200]!r}")
        return response

    def run_api_uncached():
        with override_settings(READ_CACHE=False):
            return run_api()

    def run_api_cached():
        with override_settings(READ_CACHE=True):
            return run_api()

    previous = Plan.objects.filter(is_active=True).exclude(pk=plan.pk).first()
    try:
        # .update() rather than .save(): no history records for a benchmark switch.
        if previous is not None:
            Plan.objects.filter(pk=previous.pk).update(is_active=False)
        Plan.objects.filter(pk=plan.pk).update(is_active=True)
        with override_settings(PUBLIC_DASHBOARD=True, DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            results, times = timed(
                {"api": run_api_uncached, "sql": run_sql, "cached": run_api_cached}, args.runs
            )
    finally:
        Plan.objects.filter(pk=plan.pk).update(is_active=plan.is_active)
        if previous is not None:
            Plan.objects.filter(pk=previous.pk).update(is_active=True)

    response, rows, cached = results["api"], results["sql"], results["cached"]
    api_times, sql_times, cached_times = times["api"], times["sql"], times["cached"]
    data = response.json()
    keys = ("total", "achieved", "not_achieved", "no_data")
    api_units = {u["code"]: tuple(u[k] for k in keys) for u in data["by_perangkat_daerah"]}
    sql_units = {code: tuple(int(n) for n in counts) for code, *counts in rows}
    api_totals = tuple(data[k] for k in keys)
    sql_totals = tuple(sum(counts[n] for counts in sql_units.values()) for n in range(4))
    matched = api_units == sql_units and api_totals == sql_totals and cached.json() == data

    api_median, sql_median = statistics.median(api_times), statistics.median(sql_times)
    cached_median = statistics.median(cached_times)
    print(f"database       {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"indicators     {n_indicators} (program level, plan {PLAN_CODE}, year {YEAR})")
    print(f"units          {len(api_units)}")
    print(f"runs           {args.runs} each, taking turns, after {WARM_UPS} warm-ups")
    print()
    print(f"{'':<16}{'median ms':>10}{'min ms':>10}")
    print(f"{'API, no cache':<16}{api_median:>10.1f}{min(api_times):>10.1f}")
    print(f"{'SQL aggregate':<16}{sql_median:>10.1f}{min(sql_times):>10.1f}")
    print(f"{'API, warm cache':<16}{cached_median:>10.2f}{min(cached_times):>10.2f}")
    print(f"{'ratio API/SQL':<16}{api_median / sql_median:>10.2f}  (no cache; target ≤ 2)")
    print()
    print("counts         " + " ".join(f"{k}={v}" for k, v in zip(keys, api_totals, strict=True)))
    if matched:
        print("check          SQL counts equal the API counts (totals and per unit, both runs)")
        return 0
    print(f"WARNING: SQL counts differ from the API: API {api_totals}, SQL {sql_totals}")
    for code in sorted(api_units.keys() | sql_units.keys()):
        if api_units.get(code) != sql_units.get(code):
            print(f"WARNING:   {code}: API {api_units.get(code)}, SQL {sql_units.get(code)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
