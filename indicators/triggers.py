"""Invariants the database holds with triggers, because a CHECK constraint cannot see other tables.

* A target or realisation year lies within its plan's period (and a plan's period cannot shrink,
  nor an indicator move to another plan, past years that hold values).
* A locked year refuses every insert, update and delete of its targets and realisations, whatever
  the door (admin, import, operator page, shell).

On PostgreSQL the checks of targets and realisations are statement-level triggers reading the
statement's transition tables (``new_rows`` / ``old_rows``): one set query per statement instead
of a function call and two queries per row, which is what a workbook import of 40,000 values
paid for. They run after the statement and refuse it whole, with the same errors as before. The
period check runs on every insert and update (a row trigger ran it only when ``year`` or
``indicator_id`` changed): a stored row is always inside its period, since a plan's period
cannot shrink past its values, so the outcome is the same.

This module is the living definition; migrations never import it. A migration that installs or
changes the triggers freezes their SQL in ``indicators/migrations/_triggers_NNNN.py`` (per vendor,
with the statements that drop them, for a real reverse), and a test holds the newest snapshot
equal to what this module generates. SQLite rebuilds a table to alter it and refuses to rename a
table that a trigger names, so a migration that alters these tables starts by dropping the
triggers of the snapshot in force and ends by installing them again.
"""

VALUE_TABLES = ("indicators_target", "indicators_realization", "indicators_quarterlyrealization")
PERIOD_ERROR = "year_within_plan_period"
LOCK_ERROR = "year_locked"


def _outside_period_exists(plan_expr, start, end):
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} v JOIN indicators_indicator i ON i.id = v.indicator_id "
        f"WHERE {plan_expr} AND (v.year < {start} OR v.year > {end}))"
        for table in VALUE_TABLES
    )


def _in_period(ref):
    return (
        "EXISTS (SELECT 1 FROM indicators_indicator i JOIN indicators_plan p ON p.id = i.plan_id "
        f"WHERE i.id = {ref}.indicator_id AND {ref}.year BETWEEN p.start_year AND p.end_year)"
    )


def _locked(ref):
    return (
        "EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i "
        f"ON i.plan_id = l.plan_id WHERE i.id = {ref}.indicator_id AND l.year = {ref}.year)"
    )


def _sqlite_abort(name):
    return f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"


SQLITE_TRIGGERS = {}
for _table in VALUE_TABLES:
    SQLITE_TRIGGERS[f"{_table}_year_in_period_insert"] = (
        f"BEFORE INSERT ON {_table} WHEN NOT {_in_period('NEW')} {_sqlite_abort(PERIOD_ERROR)}"
    )
    SQLITE_TRIGGERS[f"{_table}_year_in_period_update"] = (
        f"BEFORE UPDATE OF year, indicator_id ON {_table} WHEN NOT {_in_period('NEW')} "
        f"{_sqlite_abort(PERIOD_ERROR)}"
    )
    SQLITE_TRIGGERS[f"{_table}_year_locked_insert"] = (
        f"BEFORE INSERT ON {_table} WHEN {_locked('NEW')} {_sqlite_abort(LOCK_ERROR)}"
    )
    SQLITE_TRIGGERS[f"{_table}_year_locked_update"] = (
        f"BEFORE UPDATE ON {_table} WHEN {_locked('NEW')} OR {_locked('OLD')} "
        f"{_sqlite_abort(LOCK_ERROR)}"
    )
    SQLITE_TRIGGERS[f"{_table}_year_locked_delete"] = (
        f"BEFORE DELETE ON {_table} WHEN {_locked('OLD')} {_sqlite_abort(LOCK_ERROR)}"
    )
SQLITE_TRIGGERS["indicators_plan_period_keeps_values"] = (
    "BEFORE UPDATE OF start_year, end_year ON indicators_plan WHEN "
    + _outside_period_exists("i.plan_id = NEW.id", "NEW.start_year", "NEW.end_year")
    + f" {_sqlite_abort(PERIOD_ERROR)}"
)
SQLITE_TRIGGERS["indicators_indicator_plan_keeps_values"] = (
    "BEFORE UPDATE OF plan_id ON indicators_indicator WHEN "
    + _outside_period_exists(
        "i.id = NEW.id",
        "(SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id)",
        "(SELECT end_year FROM indicators_plan WHERE id = NEW.plan_id)",
    )
    + f" {_sqlite_abort(PERIOD_ERROR)}"
)


def _outside_period(rows):
    return (
        f"EXISTS (SELECT 1 FROM {rows} v JOIN indicators_indicator i ON i.id = v.indicator_id "
        "JOIN indicators_plan p ON p.id = i.plan_id "
        "WHERE v.year < p.start_year OR v.year > p.end_year)"
    )


def _any_locked(rows):
    return (
        f"EXISTS (SELECT 1 FROM {rows} v JOIN indicators_indicator i ON i.id = v.indicator_id "
        "JOIN indicators_yearlock l ON l.plan_id = i.plan_id AND l.year = v.year)"
    )


def _pg_raise(name, message):
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation', CONSTRAINT = '{name}'"


PG_FUNCTIONS = {
    "indicators_values_inserted": f"""
        IF {_outside_period("new_rows")} THEN
            {_pg_raise(PERIOD_ERROR, "year outside the plan period")};
        END IF;
        IF {_any_locked("new_rows")} THEN {_pg_raise(LOCK_ERROR, "the year is locked")}; END IF;
        RETURN NULL;""",
    "indicators_values_updated": f"""
        IF {_outside_period("new_rows")} THEN
            {_pg_raise(PERIOD_ERROR, "year outside the plan period")};
        END IF;
        IF {_any_locked("new_rows")} OR {_any_locked("old_rows")} THEN
            {_pg_raise(LOCK_ERROR, "the year is locked")};
        END IF;
        RETURN NULL;""",
    "indicators_values_deleted": f"""
        IF {_any_locked("old_rows")} THEN {_pg_raise(LOCK_ERROR, "the year is locked")}; END IF;
        RETURN NULL;""",
    "indicators_plan_period_keeps_values": f"""
        IF {_outside_period_exists("i.plan_id = NEW.id", "NEW.start_year", "NEW.end_year")} THEN
            {_pg_raise(PERIOD_ERROR, "year outside the plan period")};
        END IF;
        RETURN NEW;""",
    "indicators_indicator_plan_keeps_values": f"""
        IF {
        _outside_period_exists(
            "i.id = NEW.id",
            "(SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id)",
            "(SELECT end_year FROM indicators_plan WHERE id = NEW.plan_id)",
        )
    } THEN
            {_pg_raise(PERIOD_ERROR, "year outside the plan period")};
        END IF;
        RETURN NEW;""",
}
# name → (table, when, function, level)
PG_TRIGGERS = {}
for _table in VALUE_TABLES:
    for _event, _function, _referencing in (
        ("INSERT", "indicators_values_inserted", "NEW TABLE AS new_rows"),
        ("UPDATE", "indicators_values_updated", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
        ("DELETE", "indicators_values_deleted", "OLD TABLE AS old_rows"),
    ):
        PG_TRIGGERS[f"{_table}_values_checked_{_event.lower()}"] = (
            _table,
            f"AFTER {_event}",
            _function,
            f"REFERENCING {_referencing} FOR EACH STATEMENT",
        )
PG_TRIGGERS["indicators_plan_period_keeps_values"] = (
    "indicators_plan",
    "BEFORE UPDATE OF start_year, end_year",
    "indicators_plan_period_keeps_values",
    "FOR EACH ROW",
)
PG_TRIGGERS["indicators_indicator_plan_keeps_values"] = (
    "indicators_indicator",
    "BEFORE UPDATE OF plan_id",
    "indicators_indicator_plan_keeps_values",
    "FOR EACH ROW",
)
# The row-level triggers these replaced, dropped wherever they are still installed.
PG_FORMER_TRIGGERS = {
    f"{table}_{name}": table for table in VALUE_TABLES for name in ("year_in_period", "year_locked")
}
PG_FORMER_FUNCTIONS = ["indicators_value_year_in_period", "indicators_refuse_locked_year"]


def remove(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, (table, *_rest) in PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for name, table in PG_FORMER_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for name in PG_FORMER_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def install(connection):
    """(Re)create every trigger; safe to run any number of times."""
    remove(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name, body in SQLITE_TRIGGERS.items():
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        elif connection.vendor == "postgresql":
            for name, body in PG_FUNCTIONS.items():
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                    f"AS $$ BEGIN {body} END $$"
                )
            for name, (table, when, function, level) in PG_TRIGGERS.items():
                cursor.execute(
                    f"CREATE TRIGGER {name} {when} ON {table} {level} EXECUTE FUNCTION {function}()"
                )


def installed(connection):
    """Names of this module's triggers that exist in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}
