""" "Ajukan semua" and the verification screen's actions racing an edit, on PostgreSQL with real
concurrent transactions: an edit that commits while they wait makes them refuse, never act on a
value nobody looked at."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from indicators import services
from indicators.models import ImportBatch, Realization
from tests.factories import IndicatorFactory, PlanFactory
from tests.indicators.test_races import Writer, wait_until_waiting
from tests.workbooks import REALISASI_HEADER, build
from workbooks.engine import import_workbook

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="READ COMMITTED races are PostgreSQL's"
    ),
]


@pytest.fixture
def planner():
    return get_user_model().objects.create_user("perencana.ajukan", is_superuser=True)


@pytest.fixture
def indicators():
    plan = PlanFactory(is_active=True)
    first = IndicatorFactory(program__objective__goal__mission__plan=plan)
    return [first, IndicatorFactory(program=first.program)]


def uploaded(indicators, planner, tmp_path):
    rows = [[i.code, 2021, None, 10 + n, ""] for n, i in enumerate(indicators)]
    report = import_workbook(
        build(tmp_path / "r.xlsx", {"Realisasi": [REALISASI_HEADER, *rows]}),
        plan=indicators[0].plan,
        by=planner,
    )
    assert report.ok, report.errors
    return ImportBatch.objects.get(pk=report.batch_id)


def test_submit_all_waiting_on_an_edit_refuses_it_whole(indicators, planner, tmp_path):
    batch = uploaded(indicators, planner, tmp_path)
    with transaction.atomic():
        services.realization_record(
            indicator=indicators[1], year=2021, value=Decimal(99), by=planner
        )
        writer = Writer(lambda: services.realization_submit_imported(batch, by=planner))
        writer.start()
        wait_until_waiting(writer)
    writer.join(30)
    assert isinstance(writer.error, services.StaleEdit), repr(writer.error)
    assert indicators[1].code in writer.error.messages[0]
    assert not Realization.objects.filter(status="submitted").exists()


def test_verify_waiting_on_an_edit_is_refused(indicators, planner, tmp_path):
    batch = uploaded(indicators, planner, tmp_path)
    services.realization_submit_imported(batch, by=planner)
    realization = Realization.objects.get(indicator=indicators[0], year=2021)
    seen = services.realization_version(realization)
    with transaction.atomic():
        services.realization_record(
            indicator=indicators[0], year=2021, value=Decimal(50), by=planner, submit=True
        )
        writer = Writer(
            lambda: services.realization_verify(realization, by=planner, expected_version=seen)
        )
        writer.start()
        wait_until_waiting(writer)
    writer.join(30)
    assert isinstance(writer.error, ValidationError), repr(writer.error)
    realization.refresh_from_db()
    assert (realization.status, realization.value) == ("submitted", Decimal(50))


def test_submit_all_waiting_on_a_triwulan_edit_refuses_it_whole(indicators, planner, tmp_path):
    from indicators.models import QuarterlyRealization

    rows = [[i.code, 10 + n] for n, i in enumerate(indicators)]
    report = import_workbook(
        build(tmp_path / "tw.xlsx", {"Matriks": [["Kode Indikator", "Realisasi 2021 TW1"], *rows]}),
        plan=indicators[0].plan,
        by=planner,
    )
    assert report.ok, report.errors
    batch = ImportBatch.objects.get(pk=report.batch_id)
    with transaction.atomic():
        services.quarterly_realization_record(
            indicator=indicators[1], year=2021, quarter=1, value=Decimal(99), by=planner
        )
        writer = Writer(lambda: services.realization_submit_imported(batch, by=planner))
        writer.start()
        wait_until_waiting(writer)
    writer.join(30)
    assert isinstance(writer.error, services.StaleEdit), repr(writer.error)
    assert f"{indicators[1].code} 2021 TW I" in writer.error.messages[0]
    assert not QuarterlyRealization.objects.filter(status="submitted").exists()
    assert not Realization.objects.filter(status="submitted").exists()
