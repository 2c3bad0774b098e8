"""A target or realisation year must lie within its plan's period.

A CHECK constraint cannot look at another table, so the database holds this invariant with
triggers (SQLite and PostgreSQL, the two databases the project runs on). They also refuse to
shrink a plan's period, or to move an indicator to another plan, past years that hold values.
"""

from django.db import migrations

VALUE_TABLES = ("indicators_target", "indicators_realization")


def _outside_period_exists(plan_expr, start, end):
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} v JOIN indicators_indicator i ON i.id = v.indicator_id "
        f"WHERE {plan_expr} AND (v.year < {start} OR v.year > {end}))"
        for table in VALUE_TABLES
    )


def sqlite_statements():
    for table in VALUE_TABLES:
        for event in ("INSERT", "UPDATE OF year, indicator_id"):
            suffix = "insert" if event == "INSERT" else "update"
            yield f"""
            CREATE TRIGGER {table}_year_in_period_{suffix} BEFORE {event} ON {table}
            WHEN NOT EXISTS (
                SELECT 1 FROM indicators_indicator i JOIN indicators_plan p ON p.id = i.plan_id
                WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN p.start_year AND p.end_year)
            BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_within_plan_period'); END
            """
    yield f"""
    CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year
    ON indicators_plan
    WHEN {_outside_period_exists("i.plan_id = NEW.id", "NEW.start_year", "NEW.end_year")}
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_within_plan_period'); END
    """
    yield f"""
    CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id
    ON indicators_indicator
    WHEN {
        _outside_period_exists(
            "i.id = NEW.id",
            "(SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id)",
            "(SELECT end_year FROM indicators_plan WHERE id = NEW.plan_id)",
        )
    }
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_within_plan_period'); END
    """


SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {t}_year_in_period_{s}" for t in VALUE_TABLES for s in ("insert", "update")),
    "DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values",
    "DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values",
]

PG_RAISE = (
    "RAISE EXCEPTION 'year outside the plan period' "
    "USING ERRCODE = 'check_violation', CONSTRAINT = 'year_within_plan_period'"
)


def postgresql_statements():
    yield f"""
    CREATE OR REPLACE FUNCTION indicators_value_year_in_period() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM indicators_indicator i JOIN indicators_plan p ON p.id = i.plan_id
            WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN p.start_year AND p.end_year
        ) THEN {PG_RAISE}; END IF;
        RETURN NEW;
    END $$
    """
    for table in VALUE_TABLES:
        yield f"""
        CREATE TRIGGER {table}_year_in_period BEFORE INSERT OR UPDATE OF year, indicator_id
        ON {table} FOR EACH ROW EXECUTE FUNCTION indicators_value_year_in_period()
        """
    yield f"""
    CREATE OR REPLACE FUNCTION indicators_plan_period_keeps_values() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF {_outside_period_exists("i.plan_id = NEW.id", "NEW.start_year", "NEW.end_year")}
        THEN {PG_RAISE}; END IF;
        RETURN NEW;
    END $$
    """
    yield """
    CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year
    ON indicators_plan FOR EACH ROW EXECUTE FUNCTION indicators_plan_period_keeps_values()
    """
    yield f"""
    CREATE OR REPLACE FUNCTION indicators_indicator_plan_keeps_values() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE first_year integer; last_year integer;
    BEGIN
        SELECT start_year, end_year INTO first_year, last_year
        FROM indicators_plan WHERE id = NEW.plan_id;
        IF {_outside_period_exists("i.id = NEW.id", "first_year", "last_year")}
        THEN {PG_RAISE}; END IF;
        RETURN NEW;
    END $$
    """
    yield """
    CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id
    ON indicators_indicator FOR EACH ROW EXECUTE FUNCTION indicators_indicator_plan_keeps_values()
    """


POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS {t}_year_in_period ON {t}" for t in VALUE_TABLES),
    "DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values ON indicators_plan",
    "DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values ON indicators_indicator",
    "DROP FUNCTION IF EXISTS indicators_value_year_in_period()",
    "DROP FUNCTION IF EXISTS indicators_plan_period_keeps_values()",
    "DROP FUNCTION IF EXISTS indicators_indicator_plan_keeps_values()",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, sqlite_statements())
    elif vendor == "postgresql":
        _run(schema_editor, postgresql_statements())


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
