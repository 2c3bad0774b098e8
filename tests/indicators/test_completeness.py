"""The reporting calendar: completeness per perangkat daerah and triwulan (one grouped query),
overdue units, and the reminder mails (once per operator and due date)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from indicators import completeness, services
from indicators.models import QuarterlyRealization, ReminderSent, ReportingDeadline
from tests.factories import IndicatorFactory, PerangkatDaerahFactory

pytestmark = pytest.mark.django_db
DUE = datetime.date(2022, 4, 15)


@pytest.fixture
def world(plan, planner):
    health = PerangkatDaerahFactory(code="1.02.01", name="Dinas Kesehatan", abbreviation="Dinkes")
    roads = PerangkatDaerahFactory(code="1.03.01", name="Dinas PUPR", abbreviation="PUPR")
    first = IndicatorFactory(
        program__objective__goal__mission__plan=plan, program__perangkat_daerah=health
    )
    second = IndicatorFactory(program=first.program)
    third = IndicatorFactory(
        program__objective=first.program.objective, program__perangkat_daerah=roads
    )
    # Dinkes: one triwulan I value (verified), one annual value entered directly
    entry = services.quarterly_realization_record(
        indicator=first, year=2022, quarter=1, value=Decimal(5), by=planner, submit=True
    )
    services.realization_record(indicator=second, year=2022, value=Decimal(70))
    QuarterlyRealization.objects.filter(pk=entry.pk).update(status="verified")
    # values of another year do not count
    services.quarterly_realization_record(indicator=third, year=2021, quarter=1, value=Decimal(1))
    for quarter, month in ((1, 4), (2, 7), (3, 10)):
        ReportingDeadline.objects.create(
            plan=plan, year=2022, quarter=quarter, due_date=datetime.date(2022, month, 15)
        )
    return plan, health, roads, (first, second, third)


def test_completeness_per_unit_and_triwulan(world, django_assert_num_queries):
    plan, health, roads, _indicators = world
    with django_assert_num_queries(2):
        units = completeness.by_unit(plan, 2022, today=datetime.date(2022, 7, 20))
    assert [u.code for u in units] == ["1.02.01", "1.03.01"]
    dinkes, pupr = units
    assert [(q.reported, q.verified, q.total) for q in dinkes.quarters] == [
        (2, 1, 2),
        (1, 0, 2),
        (1, 0, 2),
        (1, 0, 2),
    ]
    assert [q.reported for q in pupr.quarters] == [0, 0, 0, 0]
    # due dates passed: TW I (15 April) and TW II (15 July); TW III not yet; TW IV has none
    assert [q.overdue for q in dinkes.quarters] == [False, True, False, False]
    assert [q.overdue for q in pupr.quarters] == [True, True, False, False]
    assert [u.code for u in completeness.overdue_units(plan, 2022, today=DUE)] == []
    assert len(completeness.overdue_units(plan, 2022, today=DUE + datetime.timedelta(1))) == 1


def test_the_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    plan, health, _roads, (first, *_rest) = world
    for number in range(30):
        indicator = IndicatorFactory(program=first.program)
        services.quarterly_realization_record(
            indicator=indicator, year=2022, quarter=1 + number % 4, value=Decimal(number)
        )
    with django_assert_num_queries(1):
        units = completeness.by_unit(plan, 2022, today=DUE, deadlines={})
    assert units[0].total == 32


def test_the_deadlines_are_the_stored_ones_read_afresh_on_every_call(
    world, django_assert_num_queries
):
    plan, *_rest = world
    completeness.deadlines_of(plan, 2022)  # its SQL compiled here (core.statements)
    ReportingDeadline.objects.create(plan=plan, year=2022, quarter=4, due_date=DUE)
    ReportingDeadline.objects.filter(plan=plan, year=2022, quarter=1).update(
        due_date=datetime.date(2022, 4, 20)
    )
    with django_assert_num_queries(1):
        found = completeness.deadlines_of(plan, 2022)
    stored = {d.quarter: d for d in ReportingDeadline.objects.filter(plan=plan, year=2022)}
    assert found == stored  # the same rows (model instances compare by primary key) …
    assert {q: d.due_date for q, d in found.items()} == {
        1: datetime.date(2022, 4, 20),
        2: datetime.date(2022, 7, 15),
        3: datetime.date(2022, 10, 15),
        4: DUE,
    }  # … with their values as stored now
    assert found[1].plan == plan and found[1]._state.adding is False
    assert completeness.deadlines_of(plan, 2021) == {}


def test_next_due_and_what_is_missing(world):
    plan, health, _roads, (first, second, _third) = world
    assert completeness.next_due(plan, datetime.date(2022, 5, 1)).quarter == 2
    assert completeness.next_due(plan, datetime.date(2023, 1, 1)).quarter == 3  # latest past
    deadline = completeness.next_due(plan, datetime.date(2022, 5, 1))
    assert list(completeness.missing_indicators(deadline, [health])) == [first]


@pytest.fixture
def operators(world):
    plan, health, roads, _indicators = world
    group = Group.objects.get(name="Operator perangkat daerah")
    users = {}
    for name, unit in (("op.dinkes", health), ("op.pupr", roads)):
        user = get_user_model().objects.create_user(name, email=f"{name}@bekasikota.go.id")
        user.groups.add(group)
        unit.operators.add(user)
        users[name] = user
    get_user_model().objects.create_user("op.nomail").groups.add(group)
    health.operators.add(get_user_model().objects.get(username="op.nomail"))
    return users


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_go_once_to_operators_with_missing_values(world, operators):
    on = ("--today", "2022-07-13")  # TW II is due on 15 July
    out = run("--dry-run", *on)
    assert "2 reminder(s) would be sent" in out
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    out = run("--days", "3", *on)
    assert "2 reminder(s) sent" in out
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"op.dinkes@bekasikota.go.id", "op.pupr@bekasikota.go.id"}
    dinkes = by_address["op.dinkes@bekasikota.go.id"]
    assert "II" in dinkes.subject and "2022" in dinkes.subject
    assert "Dinas Kesehatan" in dinkes.body and "1 indikator" in dinkes.body
    assert "/realisasi/?year=2022" in dinkes.body
    assert "Dinas PUPR" not in dinkes.body
    # the next day's run sends nothing again
    assert "0 reminder(s) sent" in run("--today", "2022-07-14")
    assert len(mail.outbox) == 2


def test_no_reminder_outside_the_window_or_when_complete(world, operators):
    plan, health, roads, (first, second, third) = world
    on = ("--today", "2022-07-05")  # ten days before
    assert "0 reminder(s) sent" in run(*on)
    assert "would be sent" in run("--dry-run", "--days", "10", *on)
    for indicator in (first, third):
        services.quarterly_realization_record(
            indicator=indicator, year=2022, quarter=2, value=Decimal(1)
        )
    assert "0 reminder(s) sent" in run("--days", "10", *on)
    assert mail.outbox == []
