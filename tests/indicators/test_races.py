"""Writes that race, on PostgreSQL with real concurrent transactions (READ COMMITTED).

Each test holds one transaction open on the main thread's connection, starts writers on other
threads (each with its own connection), waits until PostgreSQL reports them waiting for a lock,
then commits, and checks what the writers did. SQLite serialises writers itself (see
``tests/test_database.py``), so these run on PostgreSQL only.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from indicators import services
from indicators.models import Realization, YearLock
from tests.factories import IndicatorFactory, PlanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="READ COMMITTED races are PostgreSQL's"
    ),
]


@pytest.fixture
def indicator():
    plan = PlanFactory(is_active=True)
    return IndicatorFactory(program__objective__goal__mission__plan=plan)


@pytest.fixture
def planner():
    return get_user_model().objects.create_user("perencana.balapan", is_superuser=True)


class Writer(threading.Thread):
    """Runs ``work`` on its own connection; keeps what it returned or raised."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.result, self.error = work, None, None

    def run(self):
        try:
            self.result = self.work()
        except Exception as error:  # noqa: BLE001  (the test inspects whatever was raised)
            self.error = error
        finally:
            connections.close_all()


def wait_until_waiting(*threads, timeout=20):
    """Until every one of ``threads`` waits for a lock in PostgreSQL (never a fixed sleep)."""
    count = len(threads)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(not thread.is_alive() for thread in threads):
            errors = [repr(thread.error) for thread in threads]
            raise AssertionError(f"a writer ended without waiting for the lock: {errors}")
        with connection.cursor() as cursor:
            # Inside a transaction the statistics views keep their first snapshot: drop it.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} writer(s) never came to wait for a lock")


def test_a_write_that_races_an_uncommitted_lock_is_refused_with_the_locks_message(
    indicator, planner
):
    """The lock's transaction is open (the trigger's EXISTS cannot see it yet) when a write
    starts: the write waits, then sees the committed lock and is refused cleanly, not with a
    database error."""
    with transaction.atomic():
        services.year_lock(plan=indicator.plan, year=2021, reason="Evaluasi", by=planner)
        writer = Writer(
            lambda: services.realization_record(indicator=indicator, year=2021, value=Decimal(5))
        )
        writer.start()
        wait_until_waiting(writer)
    writer.join(30)
    assert isinstance(writer.error, ValidationError), repr(writer.error)
    assert "2021" in writer.error.messages[0]
    assert not Realization.objects.filter(indicator=indicator, year=2021).exists()


def test_a_lock_that_races_an_uncommitted_write_comes_after_it(indicator, planner):
    """A write in progress when a planner locks the year commits first; the lock follows."""
    with transaction.atomic():
        services.realization_record(indicator=indicator, year=2021, value=Decimal(5))
        locker = Writer(
            lambda: services.year_lock(
                plan=indicator.plan, year=2021, reason="Evaluasi", by=planner
            )
        )
        locker.start()
        wait_until_waiting(locker)
        assert not YearLock.objects.exists()
    locker.join(30)
    assert locker.error is None, repr(locker.error)
    assert Realization.objects.get(indicator=indicator, year=2021).value == Decimal(5)
    assert YearLock.objects.filter(year=2021).exists()
    with pytest.raises(ValidationError):
        services.realization_record(indicator=indicator, year=2021, value=Decimal(6))


def test_two_simultaneous_first_entries_of_one_indicator_year_never_fail(indicator):
    """Both writers find no realisation yet; neither ends in an IntegrityError: the later one
    updates what the first created."""
    with transaction.atomic():
        services.target_record(indicator=indicator, year=2019, value=Decimal(1))  # holds the plan
        writers = [
            Writer(
                lambda value=value: services.realization_record(
                    indicator=indicator, year=2022, value=Decimal(value)
                )
            )
            for value in (7, 8)
        ]
        for writer in writers:
            writer.start()
        wait_until_waiting(*writers)
    for writer in writers:
        writer.join(30)
        assert writer.error is None, repr(writer.error)
    realization = Realization.objects.get(indicator=indicator, year=2022)
    assert realization.value in (Decimal(7), Decimal(8))
    assert realization.history.count() == 2


def test_verify_waits_for_an_operators_edit_and_then_refuses_it(indicator, planner):
    """The planner verifies while the operator's edit is uncommitted: verify waits for the row,
    then finds the edited (draft) value and refuses instead of marking it verified."""
    realization = services.realization_record(
        indicator=indicator, year=2022, value=Decimal(10), submit=True
    )
    with transaction.atomic():
        services.realization_record(indicator=indicator, year=2022, value=Decimal(99))
        verifier = Writer(lambda: services.realization_verify(realization, by=planner))
        verifier.start()
        wait_until_waiting(verifier)
    verifier.join(30)
    assert isinstance(verifier.error, ValidationError), repr(verifier.error)
    realization.refresh_from_db()
    assert (realization.value, realization.status, realization.verified_value) == (
        Decimal(99),
        "draft",
        None,
    )
