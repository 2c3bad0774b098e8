"""Uploads between preview and confirm live in the default storage and are read through its API
only: with a storage that has no local paths (an S3 bucket, as STORAGE_URL sets it) the whole
upload → preview → confirm → cleanup still works."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from indicators.models import Indicator, Realization
from workbooks import uploads

pytestmark = pytest.mark.django_db


class ObjectStore(InMemoryStorage):
    """Files in memory and no ``path()``, as an S3 bucket (which has no local paths)."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        # Where the in-memory storage would ask for a local path: the name itself.
        return os.path.normpath(name)


@pytest.fixture(autouse=True)
def remote_like_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.ObjectStore"}}
    with pytest.raises(NotImplementedError):
        default_storage.path("x")


def test_an_upload_is_previewed_and_confirmed_without_local_paths(client, planner, demo_plan):
    client.force_login(planner)
    indicator = Indicator.objects.filter(plan=demo_plan, direction="higher").order_by("code")[0]
    workbook = Workbook()
    workbook.active.title = "Matriks"
    workbook.active.append(["Kode Indikator", "Realisasi 2021"])
    workbook.active.append([indicator.code, "4.321,5"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = client.post(
        reverse("workbooks:upload"), {"file": SimpleUploadedFile("isian.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    preview = client.get(response.url)
    token = preview.context["upload"].token
    assert preview.context["report"]["ok"]
    assert uploads.Upload.load(token).state["status"] == uploads.PREVIEWED
    client.post(reverse("workbooks:confirm", args=[token]))
    assert uploads.Upload.load(token).state["status"] == uploads.IMPORTED
    assert Realization.objects.get(indicator=indicator, year=2021).value == pytest.approx(4321.5)
    assert uploads.cleanup(now=timezone.now() + timedelta(days=2)) == 1
    assert uploads.Upload.load(token) is None
