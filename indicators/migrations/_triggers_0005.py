"""The lock and period triggers as migration 0005 installs them, frozen here: later changes to
``indicators/triggers.py`` never reach a migration that already ran. Plain SQL per vendor; see
``indicators/triggers.py`` for what they hold and why."""

SQLITE_CREATE = ['CREATE TRIGGER indicators_target_year_in_period_insert BEFORE INSERT ON indicators_target '
 'WHEN NOT EXISTS (SELECT 1 FROM indicators_indicator i JOIN indicators_plan p ON p.id = '
 'i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN p.start_year AND p.end_year) '
 "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_within_plan_period'); END",
 'CREATE TRIGGER indicators_target_year_in_period_update BEFORE UPDATE OF year, indicator_id '
 'ON indicators_target WHEN NOT EXISTS (SELECT 1 FROM indicators_indicator i JOIN '
 'indicators_plan p ON p.id = i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN '
 "p.start_year AND p.end_year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_within_plan_period'); END",
 'CREATE TRIGGER indicators_target_year_locked_insert BEFORE INSERT ON indicators_target WHEN '
 'EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i ON i.plan_id = '
 'l.plan_id WHERE i.id = NEW.indicator_id AND l.year = NEW.year) BEGIN SELECT RAISE(ABORT, '
 "'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_target_year_locked_update BEFORE UPDATE ON indicators_target WHEN '
 'EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i ON i.plan_id = '
 'l.plan_id WHERE i.id = NEW.indicator_id AND l.year = NEW.year) OR EXISTS (SELECT 1 FROM '
 'indicators_yearlock l JOIN indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = '
 "OLD.indicator_id AND l.year = OLD.year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_locked'); END",
 'CREATE TRIGGER indicators_target_year_locked_delete BEFORE DELETE ON indicators_target WHEN '
 'EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i ON i.plan_id = '
 'l.plan_id WHERE i.id = OLD.indicator_id AND l.year = OLD.year) BEGIN SELECT RAISE(ABORT, '
 "'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_realization_year_in_period_insert BEFORE INSERT ON '
 'indicators_realization WHEN NOT EXISTS (SELECT 1 FROM indicators_indicator i JOIN '
 'indicators_plan p ON p.id = i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN '
 "p.start_year AND p.end_year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_within_plan_period'); END",
 'CREATE TRIGGER indicators_realization_year_in_period_update BEFORE UPDATE OF year, '
 'indicator_id ON indicators_realization WHEN NOT EXISTS (SELECT 1 FROM indicators_indicator i '
 'JOIN indicators_plan p ON p.id = i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year '
 "BETWEEN p.start_year AND p.end_year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_within_plan_period'); END",
 'CREATE TRIGGER indicators_realization_year_locked_insert BEFORE INSERT ON '
 'indicators_realization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = NEW.indicator_id AND l.year = '
 "NEW.year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_realization_year_locked_update BEFORE UPDATE ON '
 'indicators_realization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = NEW.indicator_id AND l.year = '
 'NEW.year) OR EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i ON '
 'i.plan_id = l.plan_id WHERE i.id = OLD.indicator_id AND l.year = OLD.year) BEGIN SELECT '
 "RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_realization_year_locked_delete BEFORE DELETE ON '
 'indicators_realization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = OLD.indicator_id AND l.year = '
 "OLD.year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year ON '
 'indicators_plan WHEN EXISTS (SELECT 1 FROM indicators_target v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_realization v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 "NEW.end_year)) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_within_plan_period'); END",
 'CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id ON '
 'indicators_indicator WHEN EXISTS (SELECT 1 FROM indicators_target v JOIN '
 'indicators_indicator i ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < (SELECT '
 'start_year FROM indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year FROM '
 'indicators_plan WHERE id = NEW.plan_id))) OR EXISTS (SELECT 1 FROM indicators_realization v '
 'JOIN indicators_indicator i ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < '
 '(SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year '
 "FROM indicators_plan WHERE id = NEW.plan_id))) BEGIN SELECT RAISE(ABORT, 'CHECK constraint "
 "failed: year_within_plan_period'); END"]
SQLITE_DROP = ['DROP TRIGGER IF EXISTS indicators_target_year_in_period_insert',
 'DROP TRIGGER IF EXISTS indicators_target_year_in_period_update',
 'DROP TRIGGER IF EXISTS indicators_target_year_locked_insert',
 'DROP TRIGGER IF EXISTS indicators_target_year_locked_update',
 'DROP TRIGGER IF EXISTS indicators_target_year_locked_delete',
 'DROP TRIGGER IF EXISTS indicators_realization_year_in_period_insert',
 'DROP TRIGGER IF EXISTS indicators_realization_year_in_period_update',
 'DROP TRIGGER IF EXISTS indicators_realization_year_locked_insert',
 'DROP TRIGGER IF EXISTS indicators_realization_year_locked_update',
 'DROP TRIGGER IF EXISTS indicators_realization_year_locked_delete',
 'DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values',
 'DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values']

POSTGRESQL_CREATE = ['CREATE OR REPLACE FUNCTION indicators_value_year_in_period() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ BEGIN \n'
 '        IF NOT EXISTS (SELECT 1 FROM indicators_indicator i JOIN indicators_plan p ON p.id = '
 'i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN p.start_year AND p.end_year) '
 "THEN RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = 'check_violation', "
 "CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        RETURN NEW; END $$',
 'CREATE OR REPLACE FUNCTION indicators_refuse_locked_year() RETURNS trigger LANGUAGE plpgsql '
 'AS $$ BEGIN \n'
 "        IF (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM indicators_yearlock l "
 'JOIN indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = NEW.indicator_id AND '
 'l.year = NEW.year))\n'
 "           OR (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM indicators_yearlock l "
 'JOIN indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = OLD.indicator_id AND '
 'l.year = OLD.year)) THEN\n'
 "            RAISE EXCEPTION 'the year is locked' USING ERRCODE = 'check_violation', "
 "CONSTRAINT = 'year_locked';\n"
 '        END IF;\n'
 "        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
 '        RETURN NEW; END $$',
 'CREATE OR REPLACE FUNCTION indicators_plan_period_keeps_values() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM indicators_target v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_realization v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) THEN\n'
 "            RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = "
 "'check_violation', CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        RETURN NEW; END $$',
 'CREATE OR REPLACE FUNCTION indicators_indicator_plan_keeps_values() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM indicators_target v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id WHERE i.id = NEW.id AND (v.year < (SELECT start_year FROM indicators_plan '
 'WHERE id = NEW.plan_id) OR v.year > (SELECT end_year FROM indicators_plan WHERE id = '
 'NEW.plan_id))) OR EXISTS (SELECT 1 FROM indicators_realization v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < (SELECT start_year FROM '
 'indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year FROM indicators_plan '
 'WHERE id = NEW.plan_id))) THEN\n'
 "            RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = "
 "'check_violation', CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        RETURN NEW; END $$',
 'CREATE TRIGGER indicators_target_year_in_period BEFORE INSERT OR UPDATE OF year, '
 'indicator_id ON indicators_target FOR EACH ROW EXECUTE FUNCTION '
 'indicators_value_year_in_period()',
 'CREATE TRIGGER indicators_target_year_locked BEFORE INSERT OR UPDATE OR DELETE ON '
 'indicators_target FOR EACH ROW EXECUTE FUNCTION indicators_refuse_locked_year()',
 'CREATE TRIGGER indicators_realization_year_in_period BEFORE INSERT OR UPDATE OF year, '
 'indicator_id ON indicators_realization FOR EACH ROW EXECUTE FUNCTION '
 'indicators_value_year_in_period()',
 'CREATE TRIGGER indicators_realization_year_locked BEFORE INSERT OR UPDATE OR DELETE ON '
 'indicators_realization FOR EACH ROW EXECUTE FUNCTION indicators_refuse_locked_year()',
 'CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year ON '
 'indicators_plan FOR EACH ROW EXECUTE FUNCTION indicators_plan_period_keeps_values()',
 'CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id ON '
 'indicators_indicator FOR EACH ROW EXECUTE FUNCTION indicators_indicator_plan_keeps_values()']
POSTGRESQL_DROP = ['DROP TRIGGER IF EXISTS indicators_target_year_in_period ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_target_year_locked ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_realization_year_in_period ON indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_realization_year_locked ON indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values ON indicators_plan',
 'DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values ON indicators_indicator']


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor.upper()
    _run(schema_editor, globals().get(f"{vendor}_DROP", []) + globals().get(f"{vendor}_CREATE", []))


def remove(apps, schema_editor):
    _run(schema_editor, globals().get(f"{schema_editor.connection.vendor.upper()}_DROP", []))

