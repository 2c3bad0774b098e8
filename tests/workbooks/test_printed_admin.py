"""The admin's flow for a printed table: upload → the understanding → adjust (a column's role,
the year mapping, a flagged direction) → confirm; the choices are saved with the import batch
and offered again for the next file of the same shape. Tasks run at once here."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators.models import ImportBatch, Indicator, Plan

pytestmark = pytest.mark.django_db

UPLOAD = reverse("workbooks:upload")
SOLO = Path(__file__).parent / "printed" / "surakarta_iku_esakip.xlsx"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def solo_plan(db):
    call_command("create_plan", "SOLO", "--name", "RPJMD Surakarta", "--period", "2021-2026")
    return Plan.objects.get(code="SOLO")


def upload(client, plan, path=SOLO):
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "plan": plan.code}
    )
    assert response.status_code == 302, response.content.decode()[:800]
    return client.get(response.url)


def adjust(client, page, **fields):
    token = page.context["upload"].token
    response = client.post(reverse("workbooks:adjust", args=[token]), fields)
    assert response.status_code == 302
    return client.get(response.url)


def test_the_understanding_is_shown_before_anything_is_written(client, planner, solo_plan):
    client.force_login(planner)
    page = upload(client, solo_plan)
    html = page.content.decode()
    (found,) = page.context["report"]["understood"]
    assert found["header_rows"] == "3–6"
    assert {c["letter"]: c["role"] for c in found["columns"]}["B"] == "indicator"
    assert "Terwujudnya masyarakat sehat dan tangguh" in html  # the tree
    assert "Laju Inflasi" in html and "direction-flag" in html  # a flagged direction
    assert "Tahun 1" in html
    assert not Indicator.objects.filter(plan=solo_plan).exists()


def test_adjust_then_confirm_writes_the_choices_and_offers_them_again(client, planner, solo_plan):
    client.force_login(planner)
    page = upload(client, solo_plan)
    (found,) = page.context["report"]["understood"]
    inflation = next(i for i in found["indicators"] if i["name"] == "Laju Inflasi")
    page = adjust(
        client,
        page,
        **{
            "offset:IKU": "2020",  # Tahun 1 = 2021
            f"direction:IKU:{inflation['code']}": "lower",
            "role:IKU:H": "data_source",
            "role:IKU:C": "definition",
        },
    )
    (found,) = page.context["report"]["understood"]
    assert found["offset"] == 2020
    assert {c["letter"]: c["role"] for c in found["columns"]}["C"] == "definition"
    assert next(i for i in found["indicators"] if i["code"] == inflation["code"])["direction"] == (
        "lower"
    )
    token = page.context["upload"].token
    response = client.post(reverse("workbooks:confirm", args=[token]))
    assert response.status_code == 302
    stored = Indicator.objects.get(plan=solo_plan, code=inflation["code"])
    assert stored.direction == "lower"
    assert {t.year: t.value for t in stored.targets.all()} == {
        2021: Decimal("2.19"),
        2022: Decimal("1.94"),
        2023: Decimal("2.13"),
    }
    assert "Indikator ini dipilih" in stored.definition
    batch = ImportBatch.objects.get(plan=solo_plan)
    assert batch.shape == found["signature"]
    assert batch.choices[found["signature"]]["offset"] == 2020
    # The next file of the same shape, into another plan: the same choices are offered.
    call_command("create_plan", "SOLO2", "--name", "RPJMD Surakarta 2", "--period", "2020-2025")
    again = upload(client, Plan.objects.get(code="SOLO2"))
    (found,) = again.context["report"]["understood"]
    assert found["choices_from"] == batch.pk and found["offset"] == 2020
    assert "choices-offered" in again.content.decode()


def test_an_upload_of_a_table_not_understood_says_why(client, planner, solo_plan, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nama", "Jabatan"])
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    client.force_login(planner)
    page = upload(client, solo_plan, path)
    assert "tidak ada kolom indikator" in page.content.decode()


def test_adjust_is_for_planners_only(client, solo_plan, planner):
    client.force_login(planner)
    page = upload(client, solo_plan)
    token = page.context["upload"].token
    staff = get_user_model().objects.create_user("staf", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_indicator"))
    client.force_login(staff)
    response = client.post(reverse("workbooks:adjust", args=[token]), {"offset:IKU": "2019"})
    assert response.status_code == 403
    other = get_user_model().objects.create_user(
        "lain", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(other)
    response = client.post(reverse("workbooks:adjust", args=[token]), {"offset:IKU": "2019"})
    assert response.status_code == 404
    assert client.get(reverse("workbooks:adjust", args=[token])).status_code in (404, 405)
