"""The admin's "Unggah workbook" pages (upload → progress → preview of values → confirm) and the
workbook downloads, as planning staff use them. Tasks run at once here (tests/conftest.py)."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import Indicator, Realization
from indicators.resources import RealizationResource
from tests.office import convert, needs
from workbooks.engine import import_workbook

pytestmark = pytest.mark.django_db

UPLOAD = reverse("workbooks:upload")


def xlsx(rows, title="Matriks"):
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("isian.xlsx", buffer.getvalue())


@pytest.fixture
def demo_plan(module_demo_plan):
    """The demo loaded once for the module; each test's writes are rolled back after it."""
    return module_demo_plan


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_without_rights(db):
    user = get_user_model().objects.create_user("staf", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_indicator"))
    return user


def upload(client, file):
    """Upload ``file``; returns the page the upload leads to (the preview, tasks being immediate)."""
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response.url)


def token_of(page):
    return page.context["upload"].token


def headline(client, year=2021):
    return client.get("/", {"year": year}).context["summary"].counts


def test_upload_preview_confirm_and_the_dashboard_changes(client, planner, demo_plan):
    client.force_login(planner)
    assert UPLOAD in client.get(reverse("admin:index")).content.decode()
    page = client.get(reverse("admin:indicators_indicator_changelist"))
    assert UPLOAD in page.content.decode()
    before = headline(client)
    lagging = [
        row.code
        for row in Indicator.objects.filter(
            plan=demo_plan, level="program", direction="higher"
        ).achievements(demo_plan, 2021)
        if row.result.status == "not_achieved"
    ]
    assert lagging, "the demo data has lagging 'higher' indicators in 2021"
    rows = [["Kode Indikator", "Realisasi 2021"]] + [[code, "1.000.000"] for code in lagging]
    preview = upload(client, xlsx(rows))
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report["ok"] and report["changed"] == len(lagging) and report["new"] == 0
    text = preview.content.decode()
    assert lagging[0] in text and "1.000.000" in text  # the values themselves, Indonesian
    assert headline(client) == before  # the preview wrote nothing
    confirm = client.post(reverse("workbooks:confirm", args=[token_of(preview)]))
    assert confirm.status_code == 302
    result = client.get(confirm.url)
    assert "workbook-imported" in result.content.decode()
    after = headline(client)
    assert after.achieved == before.achieved + len(lagging)
    realization = Realization.objects.get(indicator__code=lagging[0], year=2021)
    assert realization.history.latest().history_user == planner


def test_a_bad_file_shows_every_error_and_writes_nothing(client, planner, demo_plan):
    client.force_login(planner)
    code = Indicator.objects.filter(plan=demo_plan, direction="higher").first().code
    rows = [["Kode Indikator", "Realisasi 2021"], [code, "banyak"], ["NOPE", 1]]
    response = upload(client, xlsx(rows))
    errors = [str_error(e) for e in response.context["report"]["errors"]]
    assert "Matriks!2: Realisasi 2021: bukan angka: 'banyak'" in errors
    assert "Matriks!3: Kode Indikator: kode indikator NOPE tidak dikenal" in errors
    assert "Konfirmasi" not in response.content.decode()
    confirm = client.post(reverse("workbooks:confirm", args=[token_of(response)]))
    assert (
        not Realization.objects.filter(value=1)
        .exclude(indicator__code=code)
        .filter(indicator__code="NOPE")
        .exists()
    )
    assert confirm.status_code == 302
    # A file that is not a workbook is refused at once, in the request.
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.status_code == 200
    assert "bukan workbook Excel (.xlsx)" in response.content.decode()


def str_error(error):
    return f"{error['sheet']}!{error['row']}: {error['column']}: {error['message']}"


def test_an_upload_answers_only_its_uploader_and_confirm_needs_post(
    client, planner, demo_plan, django_user_model
):
    client.force_login(planner)
    code = Indicator.objects.filter(plan=demo_plan, direction="higher").first().code
    token = token_of(upload(client, xlsx([["Kode Indikator", "Realisasi 2023"], [code, 5]])))
    url = reverse("workbooks:confirm", args=[token])
    assert client.get(url).status_code == 405
    assert client.post(reverse("workbooks:confirm", args=["guessed" * 3])).status_code == 404
    other = django_user_model.objects.create_user("lain", is_staff=True, is_superuser=True)
    client.force_login(other)
    assert client.get(reverse("workbooks:status", args=[token])).status_code == 404
    assert client.post(url).status_code == 404
    assert not Realization.objects.filter(indicator__code=code, year=2023).exists()


def test_only_staff_who_may_change_indicators_upload(
    client, outsider, staff_without_rights, demo_plan
):
    assert client.get(UPLOAD).status_code == 302
    client.force_login(outsider)
    assert client.get(UPLOAD).status_code == 302
    client.force_login(staff_without_rights)
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("workbooks:export")).status_code == 403


HEADER_ROW = 5  # the realisation sheet's header, after its title lines


def test_admin_downloads(client, planner, demo_plan):
    client.force_login(planner)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    for name in ("template", "export"):
        response = client.get(reverse(f"workbooks:{name}"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    unit = Indicator.objects.filter(plan=demo_plan).first().perangkat_daerah
    response = client.get(
        reverse("workbooks:realization"),
        {"perangkat_daerah": unit.code, "year": 2021},
    )
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[4:6] == ["Target 2021", "Realisasi 2021"]


def test_dashboard_links_to_workbooks_for_readers(client, planner, official, demo_plan):
    client.force_login(official)
    page = client.get("/").content.decode()
    url = reverse("workbook_download", args=["export"])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert "Realisasi" in load_workbook(io.BytesIO(response.content)).sheetnames
    response = client.get(reverse("workbook_download", args=["realisasi"]), {"year": 2021})
    assert response.status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_single_model_export_writes_indonesian_headers_and_numbers(demo_plan):
    """The admin's single-model export (its import is not offered: values come in by workbook)."""
    indicator = Indicator.objects.filter(plan=demo_plan, direction="higher").first()
    Realization.objects.create(indicator=indicator, year=2023, value=Decimal("1234.5"), note="x")
    exported = RealizationResource().export(Realization.objects.filter(year=2023, note="x"))
    row = exported.dict[0]
    assert (row["Kode Indikator"], row["Tahun"], row["Realisasi"]) == (
        indicator.code,
        "2023",
        "1.234,5",
    )


@needs("soffice")
def test_a_template_filled_and_saved_in_libreoffice_imports(client, planner, demo_plan, tmp_path):
    """Download the template, fill it with formulas, save it the way users do, upload it."""
    client.force_login(planner)
    template = client.get(reverse("workbooks:template")).content
    workbook = load_workbook(io.BytesIO(template))
    program = Indicator.objects.filter(plan=demo_plan, level="program").first().program
    workbook["Perangkat Daerah"].append(["9.99.01", "Dinas Uji", "DU", "dinas"])
    ws = workbook["Indikator"]
    headers = [c.value for c in ws[1]]
    row = ["IK.9.001", "Indikator uji", "persen", "naik", "program", program.code]
    row += [None, None, "9.99.01", 50, 75]
    ws.append(row + [None] * (len(headers) - len(row)))
    ws.cell(row=2, column=headers.index("Realisasi 2021") + 1, value="=50+5.5")
    ws.cell(row=2, column=headers.index("Target 2022") + 1, value="=SUM(60,5)")
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    # openpyxl saves formulas without results: the reader asks for the file to be saved first.
    report = import_workbook(str(filled), plan=demo_plan, dry_run=True)
    assert not report.ok and "buka berkas di program spreadsheet" in str(report.errors[0])
    out = convert(filled, "xlsx", tmp_path / "saved", profile=tmp_path / "lo-profile")
    with open(out, "rb") as handle:
        preview = upload(client, SimpleUploadedFile("filled.xlsx", handle.read()))
    report = preview.context["report"]
    assert report["ok"], report["errors"]
    client.post(reverse("workbooks:confirm", args=[token_of(preview)]))
    indicator = Indicator.objects.get(plan=demo_plan, code="IK.9.001")
    assert indicator.perangkat_daerah.code == "9.99.01"
    assert indicator.targets.get(year=2022).value == 65
    assert indicator.realizations.get(year=2021).value == Decimal("55.5")


def test_uploads_not_confirmed_are_removed_after_a_day(client, planner, demo_plan):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from workbooks import uploads

    client.force_login(planner)
    code = Indicator.objects.filter(plan=demo_plan, direction="higher").first().code
    token = token_of(upload(client, xlsx([["Kode Indikator", "Realisasi 2023"], [code, 5]])))
    assert uploads.cleanup() == 0  # a fresh upload stays
    assert uploads.cleanup(now=timezone.now() + timedelta(hours=25)) == 1
    assert uploads.Upload.load(token) is None
    assert client.get(reverse("workbooks:status", args=[token])).status_code == 404
    call_command("cleanup_workbook_uploads", stdout=io.StringIO())


def test_preview_filters_pages_and_downloads_the_changes(client, planner, demo_plan):
    client.force_login(planner)
    stored = Realization.objects.filter(indicator__plan=demo_plan, year=2021).select_related(
        "indicator"
    )[:3]
    rows = [["Kode Indikator", "Realisasi 2021", "Realisasi 2023"]]
    rows += [[r.indicator.code, "12.345,5", 7] for r in stored]
    preview = upload(client, xlsx(rows))
    token = token_of(preview)
    assert preview.context["page"].paginator.count == 6  # 3 changed, 3 new
    status = reverse("workbooks:status", args=[token])
    only = client.get(status, {"only": "changed"})
    changed = list(only.context["page"])
    assert len(changed) == 3 and all(row[5] is not None for row in changed)
    assert changed[0][6] == "12.345,5"
    response = client.get(reverse("workbooks:changes", args=[token]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Lembar", "Baris", "Kode", "Tahun", "Isian", "Lama", "Baru")
    assert len(values) == 1 + 6


def test_confirm_after_the_data_changed_shows_the_new_preview(client, planner, demo_plan):
    client.force_login(planner)
    realization = Realization.objects.filter(indicator__plan=demo_plan, year=2021).first()
    code = realization.indicator.code
    preview = upload(client, xlsx([["Kode Indikator", "Realisasi 2021"], [code, 99]]))
    token = token_of(preview)
    realization.value = Decimal(98)
    realization.save()  # an operator's edit between preview and confirm
    response = client.post(reverse("workbooks:confirm", args=[token]))
    page = client.get(response.url)
    assert "workbook-changed-meanwhile" in page.content.decode()
    realization.refresh_from_db()
    assert realization.value == 98  # nothing was imported
    assert list(page.context["page"])[0][5] == "98"  # the new preview: 98 → 99
    client.post(reverse("workbooks:confirm", args=[token]))
    realization.refresh_from_db()
    assert realization.value == 99
