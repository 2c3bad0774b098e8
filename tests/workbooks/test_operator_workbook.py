"""The operator's workbook (one perangkat daerah, one year): what it shows, what it locks, and
its round trip: download, fill in values and factors, upload, "ajukan semua"."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import services
from indicators.models import Indicator, Realization, Target, YearLock

pytestmark = pytest.mark.django_db

YEAR = 2022
HEADER_ROW = 5


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


def download(client, user, year=YEAR, **params):
    client.force_login(user)
    response = client.get(
        reverse("workbook_download", args=["realisasi"]), {"year": year, **params}
    )
    assert response.status_code == 200
    return response


def upload(client, user, content, name="realisasi.xlsx"):
    client.force_login(user)
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(reverse("realization_upload"), {"workbook": handle}, follow=True)


def columns(ws):
    return {cell.value: cell.column for cell in ws[HEADER_ROW] if cell.value}


def data_rows(ws):
    return range(HEADER_ROW + 1, ws.max_row + 1)


def fill(content, values):
    """The workbook with {code: {header: value}} written into its rows."""
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook.worksheets[0]
    at = columns(ws)
    for number in data_rows(ws):
        code = ws.cell(row=number, column=at["Kode Indikator"]).value
        for header, value in values.get(code, {}).items():
            ws.cell(row=number, column=at[header], value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def numeric_codes(dinkes, plan):
    return list(
        Indicator.objects.filter(plan=plan, perangkat_daerah=dinkes)
        .exclude(direction=Indicator.Direction.BINARY)
        .order_by("code")
        .values_list("code", flat=True)
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


class TestTheSheet:
    def test_named_for_the_unit_and_year_with_title_and_petunjuk(self, client, people, dinkes):
        response = download(client, people["operator"])
        assert (
            f"realisasi-{dinkes.abbreviation.upper()}-{YEAR}.xlsx"
            in (response["Content-Disposition"])
        )
        workbook = load_workbook(io.BytesIO(response.content))
        ws = workbook.worksheets[0]
        assert dinkes.name in ws["A1"].value and str(YEAR) in ws["A1"].value
        assert dinkes.indicators.first().plan.name in ws["A2"].value
        assert "Petunjuk" in workbook.sheetnames
        guide = " ".join(str(c.value) for c in workbook["Petunjuk"]["A"] if c.value)
        assert "Ajukan semua" in guide and "Faktor Pendorong" in guide
        headers = list(columns(ws))
        assert headers[:6] == [
            "Kode Indikator",
            "Nama Indikator",
            "Satuan",
            "Arah",
            f"Target {YEAR}",
            f"Realisasi {YEAR}",
        ]
        for header in ("Keterangan", "Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut"):
            assert header in headers
        assert ws.max_row - HEADER_ROW == dinkes.indicators.count()

    def test_header_frozen_codes_and_targets_locked_values_validated(self, client, people):
        ws = load_workbook(io.BytesIO(download(client, people["operator"]).content)).worksheets[0]
        at = columns(ws)
        assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
        assert ws.protection.sheet and not ws.protection.password
        first = HEADER_ROW + 1
        assert ws.cell(row=first, column=at["Kode Indikator"]).protection.locked
        assert ws.cell(row=first, column=at[f"Target {YEAR}"]).protection.locked
        for header in (f"Realisasi {YEAR}", "Keterangan", "Faktor Penghambat"):
            assert not ws.cell(row=first, column=at[header]).protection.locked, header
        value_letter = ws.cell(row=first, column=at[f"Realisasi {YEAR}"]).column_letter
        kinds = {
            validation.type
            for validation in ws.data_validations.dataValidation
            if f"{value_letter}{first}" in validation.sqref
        }
        assert kinds & {"decimal", "list"}
        assert ws.column_dimensions["B"].width >= 40  # the indicator's name is not cut

    def test_an_operator_cannot_download_another_units_sheet(self, client, people, dinkes):
        client.force_login(people["other_operator"])
        response = client.get(
            reverse("workbook_download", args=["realisasi"]),
            {"year": YEAR, "perangkat_daerah": dinkes.code},
        )
        assert response.status_code == 403


class TestRoundTrip:
    def test_fill_upload_submit_all_then_unchanged_reupload(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        codes = numeric_codes(dinkes, demo_plan)[:3]
        values = {
            code: {
                f"Realisasi {YEAR}": 50 + number,
                "Keterangan": f"catatan {number}",
                "Faktor Pendorong": f"dukungan {number}",
                "Faktor Penghambat": f"hambatan {number}",
                "Tindak Lanjut": f"rencana {number}",
            }
            for number, code in enumerate(codes)
        }
        filled = fill(download(client, operator).content, values)
        response = upload(client, operator, filled)
        assert response.status_code == 200
        stored = Realization.objects.filter(indicator__code__in=codes, year=YEAR)
        assert stored.count() == 3
        for realization in stored:
            number = codes.index(realization.indicator.code)
            assert realization.value == 50 + number
            assert realization.note == f"catatan {number}"
            assert realization.faktor_pendorong == f"dukungan {number}"
            assert realization.faktor_penghambat == f"hambatan {number}"
            assert realization.tindak_lanjut == f"rencana {number}"
            assert realization.status == Realization.Status.DRAFT
        page = response.content.decode()
        assert reverse("realization_submit_upload") in page

        batch = response.context["uploads"][0]
        response = client.post(
            reverse("realization_submit_upload"), {"batch": batch.pk}, follow=True
        )
        assert any("3 realisasi" in message for message in messages_of(response))
        assert set(stored.values_list("status", flat=True)) == {Realization.Status.SUBMITTED}
        assert response.context["uploads"] == []  # nothing left to submit

        # The same file again, and the sheet downloaded now, change nothing.
        history = Realization.history.count()
        for content in (filled, download(client, operator).content):
            response = upload(client, operator, content)
            assert any("0 baru, 0 berubah" in m for m in messages_of(response)), messages_of(
                response
            )
            assert response.context["uploads"] == []
        assert Realization.history.count() == history
        assert set(stored.values_list("status", flat=True)) == {Realization.Status.SUBMITTED}

    def test_a_value_changed_after_the_upload_stops_submit_all(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        codes = numeric_codes(dinkes, demo_plan)[:2]
        filled = fill(
            download(client, operator).content,
            {code: {f"Realisasi {YEAR}": 11} for code in codes},
        )
        batch = upload(client, operator, filled).context["uploads"][0]
        changed = Realization.objects.get(indicator__code=codes[0], year=YEAR)
        services.realization_record(
            indicator=changed.indicator, year=YEAR, value=Decimal(12), by=people["planner"]
        )
        response = client.post(
            reverse("realization_submit_upload"), {"batch": batch.pk}, follow=True
        )
        assert any(codes[0] in message for message in messages_of(response))
        assert not Realization.objects.filter(
            indicator__code__in=codes, year=YEAR, status=Realization.Status.SUBMITTED
        ).exists()

    def test_only_the_uploader_submits_an_upload(self, client, people, dinkes, demo_plan):
        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        filled = fill(download(client, operator).content, {code: {f"Realisasi {YEAR}": 7}})
        batch = upload(client, operator, filled).context["uploads"][0]
        for user in (people["other_operator"], people["planner"]):
            client.force_login(user)
            response = client.post(reverse("realization_submit_upload"), {"batch": batch.pk})
            assert response.status_code == 404
        assert Realization.objects.get(indicator__code=code, year=YEAR).status == "draft"
        client.force_login(operator)
        assert client.get(reverse("realization_submit_upload")).status_code == 405

    def test_targets_and_other_units_rows_are_refused_whole(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        target = Target.objects.filter(indicator__code=code, year=YEAR).first()
        before = (target.value, target.low, target.high) if target else None
        filled = fill(
            download(client, operator).content,
            {code: {f"Target {YEAR}": 999, f"Realisasi {YEAR}": 5, "Faktor Pendorong": "x"}},
        )
        response = upload(client, operator, filled)
        assert "target" in response.content.decode().lower()
        assert not Realization.objects.filter(indicator__code=code, year=YEAR).exists()
        target = Target.objects.filter(indicator__code=code, year=YEAR).first()
        assert ((target.value, target.low, target.high) if target else None) == before

        # Dinkes' sheet uploaded by the operator of another unit: every row refused.
        filled = fill(download(client, operator).content, {code: {f"Realisasi {YEAR}": 5}})
        response = upload(client, people["other_operator"], filled)
        assert "bukan" in response.content.decode() or "not to your" in response.content.decode()
        assert not Realization.objects.filter(indicator__code=code, year=YEAR).exists()

    def test_a_locked_year_is_refused(self, client, people, dinkes, demo_plan):
        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        filled = fill(download(client, operator).content, {code: {"Faktor Penghambat": "x"}})
        filled_value = fill(filled, {code: {f"Realisasi {YEAR}": 9}})
        batch = upload(client, operator, filled_value).context["uploads"][0]
        services.year_lock(plan=demo_plan, year=YEAR, reason="LKjIP", by=people["planner"])
        response = client.post(
            reverse("realization_submit_upload"), {"batch": batch.pk}, follow=True
        )
        assert any("LKjIP" in message for message in messages_of(response))
        assert Realization.objects.get(indicator__code=code, year=YEAR).status == "draft"
        response = upload(client, operator, fill(filled_value, {code: {f"Realisasi {YEAR}": 10}}))
        assert "LKjIP" in response.content.decode()
        assert Realization.objects.get(indicator__code=code, year=YEAR).value == 9
        YearLock.objects.filter(plan=demo_plan, year=YEAR).delete()

    def test_a_note_without_any_value_is_an_error_at_its_cell(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        filled = fill(download(client, operator).content, {code: {"Tindak Lanjut": "nanti"}})
        response = upload(client, operator, filled)
        assert "Tindak Lanjut" in response.content.decode()
        assert not Realization.objects.filter(indicator__code=code, year=YEAR).exists()


def test_a_matrix_of_several_years_keeps_its_keterangan_column_unread(demo_plan, tmp_path):
    """The planners' matrix (several Realisasi YYYY columns) often carries a Keterangan column
    about the row: it is not the note of any one year's realisation, and is left alone."""
    from tests.workbooks import build
    from workbooks.engine import import_workbook

    realization = Realization.objects.filter(indicator__plan=demo_plan, year=2021, note="").first()
    code = realization.indicator.code
    path = build(
        tmp_path / "wide.xlsx",
        {
            "Capaian": [
                ["Kode Indikator", "Realisasi 2021", "Realisasi 2022", "Keterangan"],
                [code, float(realization.value), None, "sumber: BPS"],
            ]
        },
    )
    report = import_workbook(path, plan=demo_plan)
    assert report.ok and report.new == report.changed == 0
    realization.refresh_from_db()
    assert realization.note == ""


def test_title_lines_above_the_header_are_skipped_in_any_sheet(demo_plan, tmp_path):
    from tests.workbooks import build
    from workbooks.engine import import_workbook

    indicator = Indicator.objects.filter(plan=demo_plan, realizations__year=2021).first()
    path = build(
        tmp_path / "titled.xlsx",
        {
            "Capaian": [
                ["Capaian indikator 2021"],
                ["Kota Bekasi"],
                [],
                ["Kode Indikator", "Realisasi 2021"],
                [indicator.code, float(indicator.realizations.get(year=2021).value)],
            ]
        },
    )
    report = import_workbook(path, plan=demo_plan, dry_run=True)
    assert report.ok and report.unchanged == 1 and report.new == report.changed == 0


QUARTER_HEADERS = [f"Realisasi {YEAR} TW{quarter}" for quarter in range(1, 5)]


class TestTriwulan:
    """The operator's sheet carries the year's four triwulan: filled in like the year value,
    read back, rolled up into the year, and submitted by "ajukan semua"."""

    def test_four_triwulan_columns_after_the_year_value_filled_in_and_validated(
        self, client, people, dinkes, demo_plan
    ):
        indicator = (
            Indicator.objects.filter(plan=demo_plan, perangkat_daerah=dinkes)
            .exclude(direction=Indicator.Direction.BINARY)
            .order_by("code")
            .first()
        )
        services.quarterly_realization_record(
            indicator=indicator, year=YEAR, quarter=2, value=Decimal("41.5"), by=people["planner"]
        )
        ws = load_workbook(io.BytesIO(download(client, people["operator"]).content)).worksheets[0]
        headers = list(columns(ws))
        year_at = headers.index(f"Realisasi {YEAR}")
        assert headers[year_at + 1 : year_at + 5] == QUARTER_HEADERS
        at = columns(ws)
        row = next(
            n for n in data_rows(ws) if ws.cell(n, at["Kode Indikator"]).value == indicator.code
        )
        assert [ws.cell(row, at[h]).value for h in QUARTER_HEADERS] == [None, 41.5, None, None]
        for header in QUARTER_HEADERS:
            cell = ws.cell(row, at[header])
            assert not cell.protection.locked, header
            assert any(
                cell.coordinate in validation.sqref
                for validation in ws.data_validations.dataValidation
            ), header

    def test_filled_triwulan_values_are_stored_rolled_up_and_submitted_all(
        self, client, people, dinkes, demo_plan
    ):
        from indicators.models import QuarterlyRealization

        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        indicator = Indicator.objects.get(plan=demo_plan, code=code)
        Indicator.objects.filter(pk=indicator.pk).update(
            calculation_type=Indicator.CalculationType.CUMULATIVE
        )
        Realization.objects.filter(indicator=indicator, year=YEAR).delete()
        filled = fill(
            download(client, operator).content,
            {code: {QUARTER_HEADERS[0]: 10, QUARTER_HEADERS[1]: "12,5", f"Realisasi {YEAR}": None}},
        )
        response = upload(client, operator, filled)
        quarterly = QuarterlyRealization.objects.filter(indicator=indicator, year=YEAR)
        assert dict(quarterly.values_list("quarter", "value")) == {
            1: Decimal(10),
            2: Decimal("12.5"),
        }
        assert set(quarterly.values_list("status", flat=True)) == {"draft"}
        year = Realization.objects.get(indicator=indicator, year=YEAR)
        assert year.value == Decimal("22.5")  # cumulative: the sum of the triwulan
        assert year.source == Realization.Source.QUARTERS

        batch = response.context["uploads"][0]
        assert batch.to_submit == 3  # two triwulan and the year they roll up into
        response = client.post(
            reverse("realization_submit_upload"), {"batch": batch.pk}, follow=True
        )
        assert set(quarterly.values_list("status", flat=True)) == {"submitted"}
        year.refresh_from_db()
        assert year.status == Realization.Status.SUBMITTED
        assert response.context["uploads"] == []

    def test_a_triwulan_value_changed_after_the_upload_stops_submit_all(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        indicator = Indicator.objects.get(plan=demo_plan, code=code)
        filled = fill(download(client, operator).content, {code: {QUARTER_HEADERS[2]: 33}})
        batch = upload(client, operator, filled).context["uploads"][0]
        services.quarterly_realization_record(
            indicator=indicator, year=YEAR, quarter=3, value=Decimal(34), by=people["planner"]
        )
        response = client.post(
            reverse("realization_submit_upload"), {"batch": batch.pk}, follow=True
        )
        assert any(f"{code} {YEAR} TW III" in m for m in messages_of(response)), messages_of(
            response
        )
        assert not indicator.quarterly_realizations.filter(status="submitted").exists()

    def test_another_units_triwulan_values_are_refused_whole(
        self, client, people, dinkes, demo_plan
    ):
        operator = people["operator"]
        other = (
            Indicator.objects.filter(plan=demo_plan)
            .exclude(perangkat_daerah=dinkes)
            .exclude(direction=Indicator.Direction.BINARY)
            .order_by("code")
            .first()
        )
        workbook = load_workbook(io.BytesIO(download(client, operator).content))
        ws = workbook.worksheets[0]
        at = columns(ws)
        row = ws.max_row + 1
        ws.cell(row, at["Kode Indikator"], value=other.code)
        ws.cell(row, at[QUARTER_HEADERS[0]], value=5)
        out = io.BytesIO()
        workbook.save(out)
        before = other.quarterly_realizations.count()
        response = upload(client, operator, out.getvalue())
        assert "operator_upload_errors" in [t.name.split("/")[-1][:-5] for t in response.templates]
        assert other.quarterly_realizations.count() == before


class TestSubmitAllPerUpload:
    def test_each_recent_upload_is_offered_on_its_own_in_any_session(
        self, client, people, dinkes, demo_plan
    ):
        from django.test import Client

        operator = people["operator"]
        first, second = numeric_codes(dinkes, demo_plan)[:2]
        sheet = download(client, operator).content
        upload(client, operator, fill(sheet, {first: {f"Realisasi {YEAR}": 21}}), name="satu.xlsx")
        response = upload(
            client, operator, fill(sheet, {second: {f"Realisasi {YEAR}": 22}}), name="dua.xlsx"
        )
        offered = response.context["uploads"]
        assert [b.file_name for b in offered] == ["dua.xlsx", "satu.xlsx"]  # newest first
        assert [b.to_submit for b in offered] == [1, 1]

        # Another session (the operator's phone, the next morning) offers the same.
        phone = Client()
        phone.force_login(operator)
        page = phone.get(reverse("realization_list"), {"year": YEAR})
        assert [b.pk for b in page.context["uploads"]] == [b.pk for b in offered]

        response = phone.post(
            reverse("realization_submit_upload"), {"batch": offered[1].pk}, follow=True
        )
        assert Realization.objects.get(indicator__code=first, year=YEAR).status == "submitted"
        assert Realization.objects.get(indicator__code=second, year=YEAR).status == "draft"
        assert [b.file_name for b in response.context["uploads"]] == ["dua.xlsx"]

        # Nobody else is offered them.
        client.force_login(people["other_operator"])
        assert client.get(reverse("realization_list"), {"year": YEAR}).context["uploads"] == []

    def test_the_page_counts_every_recent_upload_in_the_same_queries(
        self, client, people, dinkes, demo_plan
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        operator = people["operator"]
        codes = numeric_codes(dinkes, demo_plan)[:3]
        sheet = download(client, operator).content

        def page_queries():
            with CaptureQueriesContext(connection) as queries:
                page = client.get(reverse("realization_list"), {"year": YEAR})
            return len(queries), [b.to_submit for b in page.context["uploads"]]

        upload(client, operator, fill(sheet, {codes[0]: {f"Realisasi {YEAR}": 31}}))
        one, offered = page_queries()
        assert offered == [1]
        both = {code: {f"Realisasi {YEAR}": 32} for code in codes[1:]}
        upload(client, operator, fill(sheet, both))
        upload(client, operator, fill(sheet, {codes[0]: {f"Realisasi {YEAR}": 33}}))
        three, offered = page_queries()
        # Newest first: the last upload changed one value, the one before two; the first
        # upload's value was changed again by the last, still a draft, so it is offered too.
        assert offered == [1, 2, 1]
        assert three == one

    def test_an_upload_older_than_a_day_is_no_longer_offered(
        self, client, people, dinkes, demo_plan
    ):
        from datetime import timedelta

        from django.utils import timezone

        from indicators.models import ImportBatch

        operator = people["operator"]
        code = numeric_codes(dinkes, demo_plan)[0]
        response = upload(
            client,
            operator,
            fill(download(client, operator).content, {code: {f"Realisasi {YEAR}": 9}}),
        )
        batch = response.context["uploads"][0]
        ImportBatch.objects.filter(pk=batch.pk).update(
            created_at=timezone.now() - timedelta(hours=25)
        )
        assert client.get(reverse("realization_list"), {"year": YEAR}).context["uploads"] == []
