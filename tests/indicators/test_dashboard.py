"""The dashboard, its drill-down pages and the JSON API, read as officials and scripts read them."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import Indicator, PerangkatDaerah, QuarterlyRealization

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(module_demo_plan):
    """Every test here reads the demo data: load it once for the module."""
    return module_demo_plan


PAGES = ["/", "/perangkat-daerah/1.02.01/", "/indikator/IP.001/"]


def report_json(*args):
    out = StringIO()
    call_command("achievement_report", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


class TestWhoMayRead:
    @pytest.mark.parametrize("url", PAGES)
    def test_pages_ask_visitors_to_log_in(self, client, demo_plan, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")

    def test_the_api_refuses_visitors_with_json(self, client, demo_plan):
        response = client.get("/api/v1/achievement", {"year": 2021})
        assert response.status_code == 403
        assert "error" in response.json()

    @pytest.mark.parametrize("url", [*PAGES, "/api/v1/achievement?year=2021"])
    def test_everything_is_public_when_switched_on(self, client, demo_plan, settings, url):
        settings.PUBLIC_DASHBOARD = True
        assert client.get(url).status_code == 200

    @pytest.mark.parametrize("url", [*PAGES, "/api/v1/achievement?year=2021"])
    def test_officials_read_them(self, client, official, demo_plan, url):
        client.force_login(official)
        assert client.get(url).status_code == 200

    @pytest.mark.parametrize("url", [*PAGES, "/api/v1/achievement?year=2021"])
    def test_a_user_without_a_role_reads_nothing(self, client, outsider, demo_plan, url):
        client.force_login(outsider)
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("url", [*PAGES, "/api/v1/achievement?year=2021"])
    def test_they_are_read_only(self, client, planner, demo_plan, url):
        client.force_login(planner)
        assert client.post(url).status_code == 405


class TestDashboard:
    def test_shows_193_of_270_for_2021_by_default(self, client, planner, demo_plan):
        client.force_login(planner)
        response = client.get("/")
        assert response.context["view"].year == 2021
        content = response.content.decode()
        assert '<span class="big">193</span> dari <span class="big">270</span>' in content
        assert "(71,5%)" in content
        assert "belum tercapai: <strong>77</strong>" in content

    def test_numbers_agree_with_the_report(self, client, planner, demo_plan):
        client.force_login(planner)
        response = client.get("/", {"year": 2021})
        report = report_json("--year", "2021")
        table = {
            u.code: (u.total, u.achieved, u.not_achieved, u.no_data)
            for u in response.context["units"]
        }
        assert table == {
            r["code"]: (r["total"], r["achieved"], r["not_achieved"], r["no_data"])
            for r in report["by_perangkat_daerah"]
        }

    def test_the_unit_chart_has_one_bar_per_unit_laggards_first_and_links(
        self, client, planner, demo_plan
    ):
        client.force_login(planner)
        response = client.get("/")
        chart = response.context["unit_chart"]
        achieved, not_achieved, no_data = chart["data"]
        assert len(achieved["y"]) == 44
        shares = [
            a / (a + n + d)
            for a, n, d in zip(achieved["x"], not_achieved["x"], no_data["x"], strict=True)
        ]
        assert shares == sorted(shares)
        first_link = achieved["customdata"][0][0]
        assert first_link.startswith("/perangkat-daerah/") and "year=2021" in first_link
        assert response.context["band_chart"]["data"][0]["x"] == [
            "Sangat Tinggi",
            "Tinggi",
            "Sedang",
            "Rendah",
            "Sangat Rendah",
        ]
        assert 'id="unit-chart-data"' in response.content.decode()

    def test_the_choices_live_in_the_url(self, client, planner, demo_plan):
        client.force_login(planner)
        response = client.get("/", {"year": 2020, "level": "sasaran", "misi": "M4"})
        view = response.context["view"]
        assert (view.year, view.level, view.mission.code) == (2020, "sasaran", "M4")
        expected = report_json("--year", "2020", "--level", "sasaran")
        counts = response.context["summary"].counts
        assert 0 < counts.total < expected["total"]
        api = client.get("/api/v1/achievement", {"year": 2020, "level": "sasaran", "misi": "M4"})
        assert counts.as_dict() == {k: api.json()[k] for k in counts.as_dict()}

    def test_a_misi_filter_counts_only_that_misis_indicators(self, client, planner, demo_plan):
        client.force_login(planner)
        totals = [
            client.get("/", {"year": 2021, "misi": f"M{n}"}).context["summary"].counts.total
            for n in range(1, 6)
        ]
        assert sum(totals) == 270
        assert all(totals)

    @pytest.mark.parametrize(
        "query", [{"year": "abc"}, {"year": "1999"}, {"level": "x"}, {"misi": "M9"}]
    )
    def test_bad_choices_fall_back_to_defaults(self, client, planner, demo_plan, query):
        client.force_login(planner)
        response = client.get("/", query)
        assert response.status_code == 200
        assert response.context["summary"].counts.total in (270, 287 - 270)

    def test_english_uses_english_words_and_numbers(self, client, planner, demo_plan):
        client.force_login(planner)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        content = client.get("/").content.decode()
        assert '<span class="big">193</span> of <span class="big">270</span>' in content
        assert "(71.5%)" in content


class TestDrillDown:
    def test_a_units_page_lists_its_indicators_with_their_results(self, client, planner, demo_plan):
        client.force_login(planner)
        unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
        response = client.get(f"/perangkat-daerah/{unit.code}/", {"year": 2021})
        rows = response.context["summary"].rows
        assert len(rows) == Indicator.objects.filter(level="program", perangkat_daerah=unit).count()
        content = response.content.decode()
        for row in rows:
            # A permalink: the indicator's page of this plan, back to this year.
            link = f'href="/indikator/{row.code}/?year=2021&amp;level=program&amp;plan={demo_plan.code}"'
            assert link in content
        assert "Sangat Tinggi" in content and "tercapai" in content

    def test_an_unknown_unit_or_indicator_is_404(self, client, planner, demo_plan):
        client.force_login(planner)
        assert client.get("/perangkat-daerah/X.99/").status_code == 404
        assert client.get("/indikator/NOPE/").status_code == 404

    def test_an_indicators_page_shows_five_years_a_chart_with_the_target_and_history(
        self, client, planner, demo_plan
    ):
        client.force_login(planner)
        response = client.get("/indikator/IP.001/")
        years = response.context["years"]
        assert [y.year for y in years] == list(range(2018, 2024))
        chart = response.context["chart"]
        names = [trace["name"] for trace in chart["data"]]
        # The baseline year (2018) has no realisation: its bar is the baseline.
        assert names == ["target", "realisasi", "kondisi awal"]
        assert chart["data"][0]["y"][1:] == [float(y.target.value) for y in years[1:]]
        # the indicator, its targets and its realisations; its triwulan values (the demo's four of
        # 2021) are in their own table on the page
        assert QuarterlyRealization.objects.filter(indicator__code="IP.001").count() == 4
        assert len(response.context["history"]) == 1 + 5 + 3

    def test_a_range_indicator_draws_its_band(self, client, planner, demo_plan):
        client.force_login(planner)
        code = Indicator.objects.filter(direction="range").values_list("code", flat=True).first()
        chart = client.get(f"/indikator/{code}/").context["chart"]
        assert [trace.get("fill") for trace in chart["data"][:2]] == [None, "tonexty"]


class TestBandsBesideAchieved:
    def test_the_band_table_gives_each_bands_range_and_says_bands_are_not_achieved(
        self, client, planner, demo_plan
    ):
        client.force_login(planner)
        content = client.get("/", {"year": 2021}).content.decode()
        for band, shown in [
            ("Sangat Tinggi", "≥ 91%"),
            ("Tinggi", "76–&lt;91%"),
            ("Sedang", "66–&lt;76%"),
            ("Rendah", "51–&lt;66%"),
            ("Sangat Rendah", "&lt; 51%"),
        ]:
            assert f'<tr data-band="{band}" data-range="{shown}">' in content
        assert (
            "predikat tidak sama dengan tercapai, yang memerlukan capaian sekurang-kurangnya 100%"
            in content
        )


class TestSortKeys:
    def test_sort_keys_are_plain_numbers_whatever_the_language(self, client, planner, demo_plan):
        # A localised key ("100,7058") was read by the sorter as 100.
        client.force_login(planner)
        unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
        for language in ("id", "en"):
            client.cookies["django_language"] = language
            content = client.get(f"/perangkat-daerah/{unit.code}/", {"year": 2021}).content
            keys = re.findall(r'data-sort="([^"]*)"', content.decode())
            assert len(keys) >= 3 * 16
            assert all(re.fullmatch(r"-?\d+(\.\d+)?|", key) for key in keys), keys
            assert any("." in key for key in keys)


class TestApi:
    def test_equals_the_report(self, client, planner, demo_plan):
        client.force_login(planner)
        for args in (["--year", "2021"], ["--year", "2019", "--level", "tujuan"]):
            params = {"year": args[1]}
            if len(args) > 2:
                params["level"] = args[3]
            assert client.get("/api/v1/achievement", params).json() == report_json(*args)

    def test_2021_is_193_of_270(self, client, planner, demo_plan):
        client.force_login(planner)
        data = client.get("/api/v1/achievement", {"year": 2021}).json()
        assert (data["total"], data["achieved"], data["not_achieved"], data["no_data"]) == (
            270,
            193,
            77,
            0,
        )

    def test_narrows_to_one_unit(self, client, planner, demo_plan):
        client.force_login(planner)
        data = client.get(
            "/api/v1/achievement", {"year": 2021, "perangkat_daerah": "1.02.01"}
        ).json()
        assert [r["code"] for r in data["by_perangkat_daerah"]] == ["1.02.01"]
        assert data == report_json("--year", "2021", "--perangkat-daerah", "1.02.01")

    @pytest.mark.parametrize(
        ("query", "status"),
        [
            ({}, 400),
            ({"year": ""}, 400),
            ({"year": "dua ribu"}, 400),
            ({"year": "2021.5"}, 400),
            ({"year": "2030"}, 400),
            ({"year": "2021", "level": "kegiatan"}, 400),
            ({"year": "2021", "perangkat_daerah": "X.99"}, 404),
            ({"year": "2021", "misi": "M9"}, 404),
        ],
    )
    def test_bad_input_gets_a_json_error_never_a_500(
        self, client, planner, demo_plan, query, status
    ):
        client.force_login(planner)
        response = client.get("/api/v1/achievement", query)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]
