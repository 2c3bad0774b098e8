"""/laporan/: who reads which report (per role, on the server), the pages and their downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Indicator, PerangkatDaerah

FORMS = ["e79", "e78", "tc27", "ringkasan"]


@pytest.fixture
def disdik(demo_plan):
    return PerangkatDaerah.objects.get(name="Dinas Pendidikan")


def url(code, **query):
    from urllib.parse import urlencode

    return f"{reverse('report', args=[code])}?{urlencode({'year': 2021, **query})}"


def codes_in(response):
    return [row.key for row in response.context["table"].data_rows]


class TestWhoReads:
    @pytest.mark.parametrize("path", ["/laporan/", *(url(code) for code in FORMS)])
    def test_visitors_are_sent_to_log_in_even_with_the_public_dashboard(
        self, client, demo_plan, settings, path
    ):
        settings.PUBLIC_DASHBOARD = True
        response = client.get(path)
        assert response.status_code == 302 and "/masuk/" in response["Location"]
        response = client.get(path + "&format=xlsx" if "?" in path else path)
        assert response.status_code == 302

    @pytest.mark.parametrize("path", ["/laporan/", *(url(code) for code in FORMS)])
    def test_a_user_without_a_role_is_refused(self, client, outsider, demo_plan, path):
        client.force_login(outsider)
        assert client.get(path).status_code == 403

    @pytest.mark.parametrize("role", ["planner", "official"])
    @pytest.mark.parametrize("code", FORMS)
    def test_planners_and_officials_read_every_report_of_every_unit(
        self, client, people, role, code
    ):
        client.force_login(people[role])
        response = client.get(url(code))
        assert response.status_code == 200
        if code != "ringkasan":
            assert len(codes_in(response)) == 270

    @pytest.mark.parametrize("code", ["e79", "e78", "tc27"])
    def test_an_operator_reads_its_own_units_reports_only(self, client, people, dinkes, code):
        client.force_login(people["operator"])
        own = set(
            Indicator.objects.filter(level="program", perangkat_daerah=dinkes).values_list(
                "code", flat=True
            )
        )
        response = client.get(url(code))
        assert response.status_code == 200
        assert set(codes_in(response)) == own
        response = client.get(url(code, perangkat_daerah=dinkes.code))
        assert set(codes_in(response)) == own
        workbook = client.get(url(code, format="xlsx"))
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        found = {
            c.value for c in sheet["B"] if isinstance(c.value, str) and c.value.startswith("IP.")
        }
        assert found == own

    @pytest.mark.parametrize("output", ["html", "xlsx"])
    def test_an_operator_asking_for_another_unit_gets_404(self, client, people, disdik, output):
        client.force_login(people["operator"])
        response = client.get(url("e79", perangkat_daerah=disdik.code, format=output))
        assert response.status_code == 404

    def test_an_operator_cannot_read_the_city_wide_summary(self, client, people):
        client.force_login(people["operator"])
        assert client.get(url("ringkasan")).status_code == 403
        assert client.get(url("ringkasan", format="pdf")).status_code == 403
        listing = client.get("/laporan/").content.decode()
        assert reverse("report", args=["ringkasan"]) not in listing
        assert reverse("report", args=["e79"]) in listing

    def test_reports_are_read_only(self, client, people):
        client.force_login(people["planner"])
        assert client.post(url("e79")).status_code == 405
        assert client.post("/laporan/").status_code == 405


class TestPages:
    def test_the_list_gives_each_year_and_triwulan(self, client, people):
        client.force_login(people["planner"])
        html = client.get("/laporan/").content.decode()
        for year in range(2019, 2024):
            assert f"?year={year}&amp;triwulan=4" in html
        for code in FORMS:
            assert reverse("report", args=[code]) in html
        assert "Laporan evaluasi" in html

    def test_a_page_offers_downloads_and_prints_landscape(self, client, people):
        client.force_login(people["planner"])
        html = client.get(url("e79", triwulan=2)).content.decode()
        # The xlsx at once; the PDF asked of the worker, for the same choices.
        assert "format=xlsx" in html and reverse("report_pdf", args=["e79"]) + "?" in html
        assert "size: A3 landscape" in html
        assert "css/report.css" in html
        assert "Realisasi sampai dengan triwulan II" in html

    def test_downloads_are_named_and_typed(self, client, people):
        client.force_login(people["planner"])
        response = client.get(url("tc27", format="xlsx"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert 'filename="tc27-2021.xlsx"' in response["Content-Disposition"]
        response = client.get(url("ringkasan", format="pdf"))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    def test_bad_choices(self, client, people):
        client.force_login(people["planner"])
        assert client.get("/laporan/e99/").status_code == 404
        assert client.get(url("e79", format="docx")).status_code == 400
        assert client.get(url("e79", perangkat_daerah="X.99")).status_code == 404
        fallback = client.get(f"{reverse('report', args=['e78'])}?year=abc&triwulan=9")
        assert fallback.status_code == 200
        assert fallback.context["scope"].quarter is None

    @pytest.mark.parametrize("code", FORMS)
    def test_the_page_query_count_does_not_grow_with_the_indicators(
        self, client, people, dinkes, code
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(people["planner"])
        counts = []
        for query in ({"perangkat_daerah": dinkes.code}, {}):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(code, **query)).status_code == 200
            counts.append(len(captured))
        # One unit's dozen indicators or all 270: the same queries (one more for the unit).
        assert counts[0] - (0 if code == "ringkasan" else 1) == counts[1] <= 14
