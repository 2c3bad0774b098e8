"""`load_demo` and `achievement_report`, run as the README says."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from indicators.models import (
    Indicator,
    Mission,
    PerangkatDaerah,
    Plan,
    Provenance,
    Realization,
    Target,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def report(*args):
    return json.loads(run("achievement_report", "--format", "json", *args))


def snapshot():
    models = [Plan, Mission, PerangkatDaerah, Indicator, Target, Realization]
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models}


class TestLoadDemo:
    def test_loads_the_plan_and_prints_a_login_that_works(self, client, settings):
        settings.DEBUG = True
        out = run("load_demo")
        assert "Demo login: username 'demo', password '" in out
        password = out.split("password '")[1].split("'")[0]
        assert client.login(username="demo", password=password)
        plan = Plan.objects.get()
        assert plan.name == "RPJMD Kota Bekasi 2018–2023 (perubahan)"
        assert (plan.start_year, plan.end_year, plan.is_active) == (2018, 2023, True)

    def test_a_second_run_neither_fails_nor_duplicates_nor_overwrites(self, settings):
        settings.DEBUG = True
        run("load_demo")
        realization = Realization.objects.filter(year=2021).first()
        realization.value += 1
        realization.save()
        before = snapshot()
        out = run("load_demo")
        assert "already present" in out
        assert snapshot() == before
        realization.refresh_from_db()
        assert Realization.objects.get(pk=realization.pk).value == realization.value
        assert get_user_model().objects.filter(username="demo").count() == 1

    def test_refuses_to_create_the_demo_login_in_production(self, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="never belong in a production database"):
            run("load_demo")
        assert not get_user_model().objects.exists()
        run("load_demo", "--no-user")
        assert not get_user_model().objects.exists()


class TestDemoData:
    @pytest.fixture
    def demo_plan(self, class_demo_plan):
        """The demo loaded once for the class; each test's writes are rolled back after it."""
        return class_demo_plan

    def test_has_the_real_visi_misi_and_perangkat_daerah(self, demo_plan):
        assert demo_plan.visi == "Bekasi Kota Cerdas, Kreatif, Maju, Sejahtera, dan Ihsan"
        misi = list(Mission.objects.filter(plan=demo_plan).order_by("number"))
        assert [m.number for m in misi] == [1, 2, 3, 4, 5]
        assert misi[0].text == "Meningkatkan kapasitas tata kelola pemerintahan yang baik"
        assert PerangkatDaerah.objects.count() == 44
        assert PerangkatDaerah.objects.filter(kind="kecamatan").count() == 12

    def test_has_270_program_indicators_spread_over_every_perangkat_daerah(self, demo_plan):
        program = Indicator.objects.filter(plan=demo_plan, level="program")
        assert program.count() == 270
        units = set(program.values_list("perangkat_daerah", flat=True))
        assert units == set(PerangkatDaerah.objects.values_list("id", flat=True))
        assert Target.objects.filter(indicator__in=program).count() == 270 * 5
        assert set(Realization.objects.values_list("year", flat=True)) == {2019, 2020, 2021}
        directions = set(program.values_list("direction", flat=True))
        assert directions == {"higher", "lower", "range", "binary"}

    def test_everything_made_up_says_so(self, demo_plan):
        made_up = Indicator.objects.filter(plan=demo_plan, level="program")
        assert made_up.exclude(provenance=Provenance.ILLUSTRATIVE).count() == 0
        # Anything claiming an official source names it.
        assert not Indicator.objects.filter(provenance=Provenance.OFFICIAL, source_url="").exists()
        assert not Mission.objects.filter(source_url="").exists()

    def test_macro_indicators_sit_at_tujuan_or_sasaran_level_with_real_values(self, demo_plan):
        ipm = Indicator.objects.get(plan=demo_plan, name__contains="IPM")
        assert ipm.level in {"tujuan", "sasaran"}
        assert ipm.baseline == Decimal("81.04")
        tpt = Indicator.objects.get(plan=demo_plan, name__contains="Pengangguran Terbuka")
        assert tpt.direction == "lower"
        values = dict(tpt.realizations.values_list("year", "value"))
        assert (values[2019], values[2020]) == (Decimal("8.30"), Decimal("10.68"))
        assert "kompas" in tpt.source_url.lower()


class TestAchievementReport:
    @pytest.fixture
    def demo_plan(self, class_demo_plan):
        """The demo loaded once for the class; each test's writes are rolled back after it."""
        return class_demo_plan

    def test_2021_on_the_demo_data_is_193_of_270(self, demo_plan):
        data = report("--year", "2021")
        assert set(data) == {
            "year",
            "total",
            "achieved",
            "not_achieved",
            "no_data",
            "by_perangkat_daerah",
        }
        assert (
            data["year"],
            data["total"],
            data["achieved"],
            data["not_achieved"],
            data["no_data"],
        ) == (
            2021,
            270,
            193,
            77,
            0,
        )
        rows = data["by_perangkat_daerah"]
        assert len(rows) == 44
        for key in ("total", "achieved", "not_achieved", "no_data"):
            assert sum(row[key] for row in rows) == data[key]
        assert set(rows[0]) == {"code", "name", "total", "achieved", "not_achieved", "no_data"}
        assert sum(1 for row in rows if row["not_achieved"]) > 10  # spread, not piled on one unit

    def test_indicators_list_each_result(self, demo_plan):
        data = report("--year", "2021", "--indicators")
        indicators = data["indicators"]
        assert len(indicators) == 270
        assert set(indicators[0]) == {
            "code",
            "name",
            "perangkat_daerah",
            "direction",
            "target",
            "realization",
            "capaian",
            "status",
            "band",
            "outlook",
        }
        assert sum(i["status"] == "achieved" for i in indicators) == 193
        outlooks = {"achieved", "on_track", "needs_effort", "worsening", "no_data"}
        assert {i["outlook"] for i in indicators} <= outlooks
        assert len({i["outlook"] for i in indicators}) > 1
        bands = {"Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"}
        assert {i["band"] for i in indicators} <= bands | {None}
        for i in indicators:
            if i["status"] == "achieved" and i["capaian"] is not None:
                assert i["capaian"] >= 100

    def test_narrows_to_one_perangkat_daerah_and_other_levels(self, demo_plan):
        unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
        data = report("--year", "2021", "--perangkat-daerah", unit.code)
        assert [row["code"] for row in data["by_perangkat_daerah"]] == [unit.code]
        assert (
            data["total"]
            == Indicator.objects.filter(level="program", perangkat_daerah=unit).count()
        )
        sasaran = report("--year", "2021", "--level", "sasaran")
        assert sasaran["total"] == Indicator.objects.filter(level="sasaran").count() > 0

    def test_prints_a_table_by_default(self, demo_plan):
        out = run("achievement_report", "--year", "2021")
        assert "193 of 270 achieved (71.5%)" in out
        assert "Dinas Kesehatan" in out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--year", "2030"], "outside the plan period"),
            (["--year", "2021", "--perangkat-daerah", "X.99"], "Unknown perangkat daerah"),
            (["--year", "2021", "--plan", "nope"], "Unknown plan"),
        ],
    )
    def test_bad_input_gets_a_clear_error(self, demo_plan, args, message):
        with pytest.raises(CommandError, match=message):
            run("achievement_report", *args)


def test_the_report_without_a_plan_says_so():
    with pytest.raises(CommandError, match="no plan"):
        run("achievement_report", "--year", "2021")
