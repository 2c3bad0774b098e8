"""The lock and period triggers: migrations install frozen SQL; the newest snapshot is what
indicators/triggers.py generates, and it is what the test database holds."""

from importlib import import_module

import pytest
from django.db import connection

from indicators import triggers

NEWEST = import_module("indicators.migrations._triggers_0008")


class Recorder:
    """A connection that records the SQL the trigger module would run."""

    def __init__(self, vendor):
        self.vendor, self.statements = vendor, []

    def cursor(self):
        recorder = self

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, sql, params=None):
                recorder.statements.append(sql)

        return Cursor()


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_the_newest_snapshot_is_what_the_module_generates(vendor):
    # Change indicators/triggers.py, and this fails until a migration freezes the new SQL.
    dropped, everything = Recorder(vendor), Recorder(vendor)
    triggers.remove(dropped)
    triggers.install(everything)
    assert dropped.statements == getattr(NEWEST, f"{vendor.upper()}_DROP")
    assert everything.statements[len(dropped.statements) :] == getattr(
        NEWEST, f"{vendor.upper()}_CREATE"
    )


@pytest.mark.django_db
def test_the_migrated_database_holds_the_newest_triggers():
    creates = getattr(NEWEST, f"{connection.vendor.upper()}_CREATE")
    wanted = {sql.split()[2] for sql in creates if sql.startswith("CREATE TRIGGER")}
    assert wanted
    assert wanted <= triggers.installed(connection)
    assert any("quarterlyrealization" in name for name in wanted)
