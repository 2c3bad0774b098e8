"""The lock and period triggers as migration 0008 installs them, frozen here: later changes to
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
 'CREATE TRIGGER indicators_quarterlyrealization_year_in_period_insert BEFORE INSERT ON '
 'indicators_quarterlyrealization WHEN NOT EXISTS (SELECT 1 FROM indicators_indicator i JOIN '
 'indicators_plan p ON p.id = i.plan_id WHERE i.id = NEW.indicator_id AND NEW.year BETWEEN '
 "p.start_year AND p.end_year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: "
 "year_within_plan_period'); END",
 'CREATE TRIGGER indicators_quarterlyrealization_year_in_period_update BEFORE UPDATE OF year, '
 'indicator_id ON indicators_quarterlyrealization WHEN NOT EXISTS (SELECT 1 FROM '
 'indicators_indicator i JOIN indicators_plan p ON p.id = i.plan_id WHERE i.id = '
 'NEW.indicator_id AND NEW.year BETWEEN p.start_year AND p.end_year) BEGIN SELECT RAISE(ABORT, '
 "'CHECK constraint failed: year_within_plan_period'); END",
 'CREATE TRIGGER indicators_quarterlyrealization_year_locked_insert BEFORE INSERT ON '
 'indicators_quarterlyrealization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = NEW.indicator_id AND l.year = '
 "NEW.year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_quarterlyrealization_year_locked_update BEFORE UPDATE ON '
 'indicators_quarterlyrealization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = NEW.indicator_id AND l.year = '
 'NEW.year) OR EXISTS (SELECT 1 FROM indicators_yearlock l JOIN indicators_indicator i ON '
 'i.plan_id = l.plan_id WHERE i.id = OLD.indicator_id AND l.year = OLD.year) BEGIN SELECT '
 "RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_quarterlyrealization_year_locked_delete BEFORE DELETE ON '
 'indicators_quarterlyrealization WHEN EXISTS (SELECT 1 FROM indicators_yearlock l JOIN '
 'indicators_indicator i ON i.plan_id = l.plan_id WHERE i.id = OLD.indicator_id AND l.year = '
 "OLD.year) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: year_locked'); END",
 'CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year ON '
 'indicators_plan WHEN EXISTS (SELECT 1 FROM indicators_target v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_realization v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_quarterlyrealization v JOIN '
 'indicators_indicator i ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < '
 "NEW.start_year OR v.year > NEW.end_year)) BEGIN SELECT RAISE(ABORT, 'CHECK constraint "
 "failed: year_within_plan_period'); END",
 'CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id ON '
 'indicators_indicator WHEN EXISTS (SELECT 1 FROM indicators_target v JOIN '
 'indicators_indicator i ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < (SELECT '
 'start_year FROM indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year FROM '
 'indicators_plan WHERE id = NEW.plan_id))) OR EXISTS (SELECT 1 FROM indicators_realization v '
 'JOIN indicators_indicator i ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < '
 '(SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year '
 'FROM indicators_plan WHERE id = NEW.plan_id))) OR EXISTS (SELECT 1 FROM '
 'indicators_quarterlyrealization v JOIN indicators_indicator i ON i.id = v.indicator_id WHERE '
 'i.id = NEW.id AND (v.year < (SELECT start_year FROM indicators_plan WHERE id = NEW.plan_id) '
 'OR v.year > (SELECT end_year FROM indicators_plan WHERE id = NEW.plan_id))) BEGIN SELECT '
 "RAISE(ABORT, 'CHECK constraint failed: year_within_plan_period'); END"]
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
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_in_period_insert',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_in_period_update',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_locked_insert',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_locked_update',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_locked_delete',
 'DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values',
 'DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values']

POSTGRESQL_CREATE = ['CREATE OR REPLACE FUNCTION indicators_values_inserted() RETURNS trigger LANGUAGE plpgsql AS '
 '$$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM new_rows v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id JOIN indicators_plan p ON p.id = i.plan_id WHERE v.year < p.start_year OR '
 'v.year > p.end_year) THEN\n'
 "            RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = "
 "'check_violation', CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        IF EXISTS (SELECT 1 FROM new_rows v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id JOIN indicators_yearlock l ON l.plan_id = i.plan_id AND l.year = v.year) THEN '
 "RAISE EXCEPTION 'the year is locked' USING ERRCODE = 'check_violation', CONSTRAINT = "
 "'year_locked'; END IF;\n"
 '        RETURN NULL; END $$',
 'CREATE OR REPLACE FUNCTION indicators_values_updated() RETURNS trigger LANGUAGE plpgsql AS '
 '$$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM new_rows v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id JOIN indicators_plan p ON p.id = i.plan_id WHERE v.year < p.start_year OR '
 'v.year > p.end_year) THEN\n'
 "            RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = "
 "'check_violation', CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        IF EXISTS (SELECT 1 FROM new_rows v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id JOIN indicators_yearlock l ON l.plan_id = i.plan_id AND l.year = v.year) OR '
 'EXISTS (SELECT 1 FROM old_rows v JOIN indicators_indicator i ON i.id = v.indicator_id JOIN '
 'indicators_yearlock l ON l.plan_id = i.plan_id AND l.year = v.year) THEN\n'
 "            RAISE EXCEPTION 'the year is locked' USING ERRCODE = 'check_violation', "
 "CONSTRAINT = 'year_locked';\n"
 '        END IF;\n'
 '        RETURN NULL; END $$',
 'CREATE OR REPLACE FUNCTION indicators_values_deleted() RETURNS trigger LANGUAGE plpgsql AS '
 '$$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM old_rows v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id JOIN indicators_yearlock l ON l.plan_id = i.plan_id AND l.year = v.year) THEN '
 "RAISE EXCEPTION 'the year is locked' USING ERRCODE = 'check_violation', CONSTRAINT = "
 "'year_locked'; END IF;\n"
 '        RETURN NULL; END $$',
 'CREATE OR REPLACE FUNCTION indicators_plan_period_keeps_values() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ BEGIN \n'
 '        IF EXISTS (SELECT 1 FROM indicators_target v JOIN indicators_indicator i ON i.id = '
 'v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_realization v JOIN indicators_indicator i '
 'ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < NEW.start_year OR v.year > '
 'NEW.end_year)) OR EXISTS (SELECT 1 FROM indicators_quarterlyrealization v JOIN '
 'indicators_indicator i ON i.id = v.indicator_id WHERE i.plan_id = NEW.id AND (v.year < '
 'NEW.start_year OR v.year > NEW.end_year)) THEN\n'
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
 'WHERE id = NEW.plan_id))) OR EXISTS (SELECT 1 FROM indicators_quarterlyrealization v JOIN '
 'indicators_indicator i ON i.id = v.indicator_id WHERE i.id = NEW.id AND (v.year < (SELECT '
 'start_year FROM indicators_plan WHERE id = NEW.plan_id) OR v.year > (SELECT end_year FROM '
 'indicators_plan WHERE id = NEW.plan_id))) THEN\n'
 "            RAISE EXCEPTION 'year outside the plan period' USING ERRCODE = "
 "'check_violation', CONSTRAINT = 'year_within_plan_period';\n"
 '        END IF;\n'
 '        RETURN NEW; END $$',
 'CREATE TRIGGER indicators_target_values_checked_insert AFTER INSERT ON indicators_target '
 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'indicators_values_inserted()',
 'CREATE TRIGGER indicators_target_values_checked_update AFTER UPDATE ON indicators_target '
 'REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'indicators_values_updated()',
 'CREATE TRIGGER indicators_target_values_checked_delete AFTER DELETE ON indicators_target '
 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'indicators_values_deleted()',
 'CREATE TRIGGER indicators_realization_values_checked_insert AFTER INSERT ON '
 'indicators_realization REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'indicators_values_inserted()',
 'CREATE TRIGGER indicators_realization_values_checked_update AFTER UPDATE ON '
 'indicators_realization REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH '
 'STATEMENT EXECUTE FUNCTION indicators_values_updated()',
 'CREATE TRIGGER indicators_realization_values_checked_delete AFTER DELETE ON '
 'indicators_realization REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'indicators_values_deleted()',
 'CREATE TRIGGER indicators_quarterlyrealization_values_checked_insert AFTER INSERT ON '
 'indicators_quarterlyrealization REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
 'FUNCTION indicators_values_inserted()',
 'CREATE TRIGGER indicators_quarterlyrealization_values_checked_update AFTER UPDATE ON '
 'indicators_quarterlyrealization REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR '
 'EACH STATEMENT EXECUTE FUNCTION indicators_values_updated()',
 'CREATE TRIGGER indicators_quarterlyrealization_values_checked_delete AFTER DELETE ON '
 'indicators_quarterlyrealization REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
 'FUNCTION indicators_values_deleted()',
 'CREATE TRIGGER indicators_plan_period_keeps_values BEFORE UPDATE OF start_year, end_year ON '
 'indicators_plan FOR EACH ROW EXECUTE FUNCTION indicators_plan_period_keeps_values()',
 'CREATE TRIGGER indicators_indicator_plan_keeps_values BEFORE UPDATE OF plan_id ON '
 'indicators_indicator FOR EACH ROW EXECUTE FUNCTION indicators_indicator_plan_keeps_values()']
POSTGRESQL_DROP = ['DROP TRIGGER IF EXISTS indicators_target_values_checked_insert ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_target_values_checked_update ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_target_values_checked_delete ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_realization_values_checked_insert ON '
 'indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_realization_values_checked_update ON '
 'indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_realization_values_checked_delete ON '
 'indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_values_checked_insert ON '
 'indicators_quarterlyrealization',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_values_checked_update ON '
 'indicators_quarterlyrealization',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_values_checked_delete ON '
 'indicators_quarterlyrealization',
 'DROP TRIGGER IF EXISTS indicators_plan_period_keeps_values ON indicators_plan',
 'DROP TRIGGER IF EXISTS indicators_indicator_plan_keeps_values ON indicators_indicator',
 'DROP TRIGGER IF EXISTS indicators_target_year_in_period ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_target_year_locked ON indicators_target',
 'DROP TRIGGER IF EXISTS indicators_realization_year_in_period ON indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_realization_year_locked ON indicators_realization',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_in_period ON '
 'indicators_quarterlyrealization',
 'DROP TRIGGER IF EXISTS indicators_quarterlyrealization_year_locked ON '
 'indicators_quarterlyrealization',
 'DROP FUNCTION IF EXISTS indicators_value_year_in_period()',
 'DROP FUNCTION IF EXISTS indicators_refuse_locked_year()']


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor.upper()
    _run(schema_editor, globals().get(f"{vendor}_DROP", []) + globals().get(f"{vendor}_CREATE", []))


def remove(apps, schema_editor):
    _run(schema_editor, globals().get(f"{schema_editor.connection.vendor.upper()}_DROP", []))

