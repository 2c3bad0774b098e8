"""The audit trail read as planners read it: old → new from the whole history, filters, pages of
50 with the total, every row in the export, values written the Indonesian way."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators import audit, services
from indicators.models import Realization, Target, YearLock
from tests.factories import IndicatorFactory, PerangkatDaerahFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(planner):
    make = get_user_model().objects.create_user
    return {"planner": planner, "ana": make("ana"), "budi": make("budi")}


@pytest.fixture
def indicator(plan):
    unit = PerangkatDaerahFactory(code="1.02.01", name="Dinas Kesehatan", abbreviation="Dinkes")
    program = ProgramFactory(objective__goal__mission__plan=plan, perangkat_daerah=unit)
    return IndicatorFactory(program=program, code="IP.001")


def trail(client, people, **params):
    client.force_login(people["planner"])
    response = client.get(reverse("audit"), params)
    assert response.status_code == 200
    return response


def record(indicator, value, by, **kwargs):
    return services.realization_record(
        indicator=indicator, year=2021, value=Decimal(value), by=by, **kwargs
    )


def dated(model, when, **criteria):
    """Move the matching history rows to ``when`` (as if written then)."""
    model.history.filter(**criteria).update(history_date=when)


def test_old_comes_from_the_whole_history_whoever_wrote_it_and_whenever(client, people, indicator):
    record(indicator, "5", people["ana"])
    record(indicator, "7", people["budi"])
    dated(Realization, timezone.now() - datetime.timedelta(days=30), history_user=people["ana"])

    today = timezone.localdate().isoformat()
    [change] = trail(client, people, user="budi", date_from=today).context["changes"]
    assert (change.who, change.action, change.old.split(";")[0], change.new.split(";")[0]) == (
        "budi",
        "berubah",
        "5",
        "7",
    )
    [first] = trail(client, people, user="ana").context["changes"]
    assert (first.action, first.old) == ("dibuat", "–")


def test_values_are_written_the_indonesian_way(client, people, indicator):
    record(indicator, "1234.5", people["ana"], note="Data BPS")
    realization = Realization.objects.get(indicator=indicator, year=2021)
    services.realization_submit(realization, by=people["planner"])
    services.realization_verify(realization, by=people["planner"])
    services.target_record(indicator=indicator, year=2021, low=Decimal(10), high=Decimal("20.5"))
    target = Target.objects.get(indicator=indicator, year=2021)
    target._change_reason = services.DOOR_ADMIN
    target.delete()

    changes = trail(client, people).context["changes"]
    verified = next(c for c in changes if c.new.endswith("terverifikasi; keterangan: Data BPS"))
    assert verified.new == "1.234,5; status verifikasi: terverifikasi; keterangan: Data BPS"
    assert verified.old == "1.234,5; status verifikasi: diajukan; keterangan: Data BPS"
    deleted, made = (c for c in changes if c.what == "target")
    assert (deleted.action, deleted.old, deleted.new) == ("dihapus", "10 – 20,5", "–")
    assert (made.action, made.old, made.new) == ("dibuat", "–", "10 – 20,5")
    [created] = [c for c in changes if c.what == "indikator"]
    assert "arah: naik (semakin tinggi semakin baik)" in created.new
    assert created.unit == "Dinkes" and created.indicator == "IP.001"


def test_year_locks_are_in_the_trail_but_belong_to_no_unit(client, people, indicator, plan):
    YearLock.objects.create(plan=plan, year=2019, reason="Tutup buku", locked_by=people["planner"])
    [lock] = [c for c in trail(client, people).context["changes"] if c.what == "kunci tahun"]
    assert (lock.year, lock.new, lock.unit) == (2019, "tahun: 2019; alasan: Tutup buku", "")
    by_unit = trail(client, people, perangkat_daerah="1.02.01").context["changes"]
    assert by_unit and all(c.what != "kunci tahun" for c in by_unit)


def many_changes(indicator, people, count):
    for n in range(count):
        record(indicator, str(n), people["ana"] if n % 2 else people["budi"])


def test_pages_of_50_newest_first_with_the_total(client, people, indicator):
    many_changes(indicator, people, 119)  # and the indicator's own creation: 120
    first = trail(client, people)
    assert first.context["total"] == 120
    pages = [first, trail(client, people, page=2), trail(client, people, page=3)]
    shown = [c for page in pages for c in page.context["changes"]]
    assert [len(page.context["changes"]) for page in pages] == [50, 50, 20]
    assert [c.when for c in shown] == sorted((c.when for c in shown), reverse=True)
    # the last page is counted from the oldest end: together the pages hold each change once
    assert len({(c.what, c.when) for c in shown}) == 120
    assert shown[0].new.startswith("118") and shown[-1].what == "indikator"
    assert "Perubahan 1–50 dari 120" in first.content.decode()
    assert '<option value="" selected>Semua perangkat daerah</option>' in first.content.decode()
    filtered = trail(client, people, user="ana")
    assert filtered.context["total"] == 59
    assert "user=ana&amp;page=2" in filtered.content.decode()


@pytest.mark.parametrize("filters", [{}, {"user": "ana"}])
def test_every_page_from_either_end_is_the_export_order(people, indicator, plan, filters):
    # Changes of four kinds, their dates interleaved and some on the same moment: each page is
    # found among each history's own first rows, the export reads the whole trail in one pass.
    other = IndicatorFactory(program=indicator.program, code="IP.002")
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(37):
        by = people["ana"] if n % 3 else people["budi"]
        services.realization_record(indicator=indicator, year=2021, value=Decimal(n), by=by)
        services.target_record(indicator=other, year=2022, value=Decimal(n), by=by)
        dated(Realization, start + datetime.timedelta(hours=n), value=Decimal(n))
        dated(Target, start + datetime.timedelta(hours=n // 2), value=Decimal(n))  # ties
    services.year_lock(plan=plan, year=2021, reason="tutup buku", by=people["planner"])
    whole = [
        (c.what, c.when, c.old, c.new) for b in audit.AuditTrail(**filters).batches() for c in b
    ]
    trail = audit.AuditTrail(**filters)
    assert trail.count() == len(whole) > 2 * 13
    for size in (13, 50):
        paged = []
        for start_at in range(0, len(whole), size):  # late pages are counted from the oldest end
            paged += [(c.what, c.when, c.old, c.new) for c in trail[start_at : start_at + size]]
        assert paged == whole


@pytest.mark.parametrize("count", [3, 119])
def test_a_page_is_a_fixed_number_of_queries(client, people, indicator, count):
    many_changes(indicator, people, count)
    services.target_record(indicator=indicator, year=2021, value=Decimal(100))
    indicator.name = "Cakupan imunisasi dasar"
    indicator.save()  # the newest page holds changes of three kinds, whatever the count
    client.force_login(people["planner"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("audit"))
    assert {c.what for c in response.context["changes"]} == {"indikator", "realisasi", "target"}
    # session, user, the unit choices, the count, the page, one query per kind on the page
    assert len(queries) == 8, [q["sql"][:60] for q in queries.captured_queries]


def test_the_export_has_every_row_in_batches(client, people, indicator, monkeypatch):
    monkeypatch.setattr(audit, "EXPORT_BATCH", 7)
    many_changes(indicator, people, 40)
    same_moment = timezone.now()
    dated(Realization, same_moment)  # ties on the date: the keyset still takes each row once
    response = trail(client, people, format="xlsx")
    assert response.streaming
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 1 + 41
    assert sorted(row[9] for row in rows[1:] if row[3] == "realisasi") == sorted(
        audit.shown(audit.BY_KIND["realization"], r) for r in Realization.history.all()
    )
    assert rows[1][0] >= rows[-1][0]
