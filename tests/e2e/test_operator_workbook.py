"""The operator's workbook on a phone (390 × 844): download the unit's sheet, fill it in,
upload it, "Ajukan semua" — in a real browser, with every page inside the screen's width."""

import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo import plan as demo
from indicators.models import Realization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_ROW = 5


@pytest.fixture
def site(live_server):
    demo.load_bekasi_demo()
    demo.ensure_demo_role_users(get_user_model())
    return live_server.url


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_download_fill_upload_and_submit_all_on_a_phone(site, page, screenshot, tmp_path):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/masuk/")
    page.fill("#id_username", "operator.dinkes")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    page.goto(f"{site}/realisasi/?year=2022")
    with page.expect_download() as info:
        page.click(".upload a")
    download = info.value
    assert download.suggested_filename == "realisasi-DINKES-2022.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    at = {cell.value: cell.column for cell in ws[HEADER_ROW] if cell.value}
    filled = []
    for number in range(HEADER_ROW + 1, HEADER_ROW + 4):
        if "ya-tidak" in str(ws.cell(row=number, column=at["Arah"]).value):
            continue
        ws.cell(row=number, column=at["Realisasi 2022"], value=12.5)
        ws.cell(row=number, column=at["Faktor Pendorong"], value="kader aktif")
        ws.cell(row=number, column=at["Tindak Lanjut"], value="pendampingan")
        filled.append(ws.cell(row=number, column=at["Kode Indikator"]).value)
    workbook.save(path)

    # A changed target first: the whole file is refused, each error named, on the phone's width.
    wrong = tmp_path / "salah.xlsx"
    ws.cell(row=HEADER_ROW + 1, column=at["Target 2022"], value=999)
    workbook.save(wrong)
    page.set_input_files("input[name=workbook]", str(wrong))
    page.click(".upload button[type=submit]")
    expect(page.locator("body")).to_contain_text("Target 2022")
    assert sideways(page) <= 0
    screenshot("phone-operator-upload-refused")
    assert not Realization.objects.filter(indicator__code__in=filled, year=2022).exists()
    page.goto(f"{site}/realisasi/?year=2022")

    page.set_input_files("input[name=workbook]", str(path))
    page.click(".upload button[type=submit]")
    expect(page.locator("select[name=year]")).to_have_value("2022")  # back on the sheet's year
    banner = page.locator("form.submit-all")
    expect(banner).to_contain_text(f"{len(filled)} nilai")
    assert sideways(page) <= 0
    screenshot("phone-operator-after-upload")
    banner.locator("button").click()
    expect(page.locator(".message.success").last).to_have_text(
        re.compile(rf"{len(filled)} realisasi Dinkes 2022 diajukan untuk verifikasi")
    )
    assert page.locator("form.submit-all").count() == 0
    stored = Realization.objects.filter(indicator__code__in=filled, year=2022)
    assert {(r.status, r.faktor_pendorong, r.tindak_lanjut) for r in stored} == {
        ("submitted", "kader aktif", "pendampingan")
    }
    assert sideways(page) <= 0
    screenshot("phone-operator-submitted-all")
