"""/data/: every plan year's indicators as CSV, XLSX and JSON, with a licence and stable URLs."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from indicators import services
from indicators.models import Indicator, Realization
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(settings):
    settings.PUBLIC_DASHBOARD = True


@pytest.fixture
def small_plan(db):
    """Four indicators of 2021: achieved (capaian 107,8061 → 107.81), a lower one with a range
    target, one without a realisation, and one whose name would run as a formula."""
    plan = PlanFactory(code="uji", is_active=True)
    program = ProgramFactory(objective__goal__mission__plan=plan)
    achieved = IndicatorFactory(program=program, code="A.1", name='Cakupan, "layanan"; uji')
    TargetFactory(indicator=achieved, year=2021, value=Decimal("80.25"))
    RealizationFactory(
        indicator=achieved,
        year=2021,
        value=Decimal("86.5169"),
        status=Realization.Status.VERIFIED,
    )
    lower = IndicatorFactory(program=program, code="A.2", direction=Indicator.Direction.LOWER)
    TargetFactory(indicator=lower, year=2021, value=None, low=Decimal("3.6"), high=Decimal("4.4"))
    RealizationFactory(
        indicator=lower, year=2021, value=Decimal("5"), status=Realization.Status.DRAFT
    )
    empty = IndicatorFactory(program=program, code="A.3")
    TargetFactory(indicator=empty, year=2021, value=Decimal(10))
    IndicatorFactory(program=program, code="A.4", name="=HYPERLINK(1)")
    return plan


def rows_of_csv(content):
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    return lines[0], lines[1], lines[2:]


def test_csv_has_the_licence_indonesian_headings_and_quoted_values(client, public, small_plan):
    response = client.get("/data/uji/2021/indikator.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "indikator-uji-2021.csv" in response["Content-Disposition"]
    licence, headings, rows = rows_of_csv(response.content)
    assert licence[0].startswith("Lisensi: CC BY 4.0")
    assert headings[:4] == ["Rencana", "Tahun", "Kode Indikator", "Nama Indikator"]
    assert "Capaian (%)" in headings and "Realisasi" in headings and "Status" in headings
    by_code = {row[2]: dict(zip(headings, row, strict=True)) for row in rows}
    assert list(by_code) == ["A.1", "A.2", "A.3", "A.4"]
    first = by_code["A.1"]
    assert first["Nama Indikator"] == 'Cakupan, "layanan"; uji'  # quoted, read back whole
    assert first["Target"] == "80.25"
    assert first["Realisasi"] == "86.5169"
    assert first["Capaian (%)"] == "107.81"  # half-up to two decimals, as printed
    assert first["Status"] == "tercapai"
    assert first["Verifikasi"] == "terverifikasi"
    second = by_code["A.2"]
    assert (second["Target"], second["Target Bawah"], second["Target Atas"]) == ("", "3.6", "4.4")
    assert second["Status"] == "belum tercapai"
    assert second["Verifikasi"] == "draf"
    assert by_code["A.3"]["Status"] == "belum ada data"
    assert by_code["A.3"]["Realisasi"] == "" and by_code["A.3"]["Capaian (%)"] == ""
    assert by_code["A.4"]["Nama Indikator"] == "'=HYPERLINK(1)"  # never run as a formula


def test_json_numbers_are_numbers_and_carry_the_licence(client, public, small_plan, settings):
    settings.OPEN_DATA_LICENCE = "CC BY 4.0 — Kota Uji"
    body = client.get("/data/uji/2021/indikator.json").json()
    assert body["lisensi"] == "CC BY 4.0 — Kota Uji"
    assert body["tahun"] == 2021 and body["rencana"]["kode"] == "uji"
    first = body["indikator"][0]
    assert first["capaian"] == 107.81 and isinstance(first["capaian"], float)
    assert first["target"] == 80.25 and first["realisasi"] == 86.5169
    assert first["status"] == "tercapai"
    assert first["tahun_dikunci"] is False
    assert body["indikator"][1]["target_bawah"] == 3.6
    assert body["indikator"][2]["realisasi"] is None


def test_xlsx_has_the_licence_row_headings_and_numeric_cells(client, public, small_plan):
    response = client.get("/data/uji/2021/indikator.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Lisensi: CC BY 4.0")
    headings = rows[1]
    first = dict(zip(headings, rows[2], strict=True))
    assert first["Capaian (%)"] == pytest.approx(107.81)
    assert isinstance(first["Realisasi"], float)
    assert first["Tahun"] == 2021
    assert len(rows) == 2 + 4


def test_a_plan_counting_verified_values_only_publishes_only_those(client, public, small_plan):
    small_plan.count_verified_only = True
    small_plan.save()
    body = client.get("/data/uji/2021/indikator.json").json()
    assert body["hanya_terverifikasi"] is True
    by_code = {row["kode_indikator"]: row for row in body["indikator"]}
    assert by_code["A.1"]["realisasi"] == 86.5169  # verified: published
    assert by_code["A.2"]["realisasi"] is None  # a draft: left out
    assert by_code["A.2"]["status"] == "belum ada data"
    assert by_code["A.2"]["status_verifikasi"] is None


def test_a_locked_year_says_so(client, public, small_plan):
    planner = get_user_model().objects.create_user("p", is_superuser=True, is_staff=True)
    services.year_lock(plan=small_plan, year=2021, reason="final", by=planner)
    body = client.get("/data/uji/2021/indikator.json").json()
    assert all(row["tahun_dikunci"] is True for row in body["indikator"])
    _licence, headings, rows = rows_of_csv(client.get("/data/uji/2021/indikator.csv").content)
    assert {dict(zip(headings, row, strict=True))["Tahun Dikunci"] for row in rows} == {"ya"}


def test_a_change_is_published_at_once(client, public, small_plan):
    assert client.get("/data/uji/2021/indikator.json").json()["indikator"][2]["realisasi"] is None
    indicator = Indicator.objects.get(code="A.3")
    planner = get_user_model().objects.create_user("p", is_superuser=True, is_staff=True)
    services.realization_record(indicator=indicator, year=2021, value=Decimal(12), by=planner)
    assert client.get("/data/uji/2021/indikator.json").json()["indikator"][2]["realisasi"] == 12


@pytest.mark.parametrize(
    "url",
    [
        "/data/uji/2030/indikator.csv",
        "/data/nope/2021/indikator.csv",
        "/data/uji/2021/indikator.pdf",
    ],
)
def test_unknown_files_are_404(client, public, small_plan, url):
    assert client.get(url).status_code == 404


def test_the_index_lists_every_plan_year_in_every_format(client, public, small_plan):
    other = PlanFactory(code="lama", start_year=2013, end_year=2018)
    page = client.get("/data/").content.decode()
    for plan in (small_plan, other):
        for year in plan.years:
            for extension in ("csv", "xlsx", "json"):
                assert f'href="/data/{plan.code}/{year}/indikator.{extension}"' in page
    assert "CC BY 4.0" in page


def test_demo_2021_publishes_193_achieved_program_indicators(client, public, demo_plan):
    body = client.get(f"/data/{demo_plan.code}/2021/indikator.json").json()
    program = [row for row in body["indikator"] if row["tingkat"] == "program"]
    assert len(program) == 270
    assert sum(row["status"] == "tercapai" for row in program) == 193
    assert sum(row["status"] == "belum tercapai" for row in program) == 77


class TestWhoReads:
    def test_visitors_are_sent_to_the_login_without_the_public_page(self, client, small_plan):
        for url in ("/data/", "/data/uji/2021/indikator.csv"):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/masuk/?next=")

    def test_officials_read_it_logged_in(self, client, official, small_plan):
        client.force_login(official)
        assert client.get("/data/").status_code == 200
        assert client.get("/data/uji/2021/indikator.csv").status_code == 200

    def test_a_user_without_a_role_does_not(self, client, outsider, small_plan):
        client.force_login(outsider)
        assert client.get("/data/uji/2021/indikator.csv").status_code == 403

    def test_it_is_read_only(self, client, public, small_plan):
        assert client.post("/data/uji/2021/indikator.csv").status_code == 405
