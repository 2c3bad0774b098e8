"""``create_plan`` and the admin's add form: an empty plan from its period (START = tahun 0)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from indicators.models import Plan

pytestmark = pytest.mark.django_db


def test_create_plan_makes_an_empty_plan_with_the_baseline_year_as_start(capsys):
    call_command("create_plan", "RPJMD-JABAR", "--name", "RPJMD Jabar", "--period", "2018-2023")
    plan = Plan.objects.get(code="RPJMD-JABAR")
    assert (plan.start_year, plan.end_year, plan.name) == (2018, 2023, "RPJMD Jabar")
    assert plan.visi == "RPJMD Jabar"
    assert not plan.mission_set.exists()
    assert "RPJMD-JABAR" in capsys.readouterr().out


def test_create_plan_keeps_a_given_visi():
    call_command("create_plan", "RPD", "--name", "RPD", "--period", "2023-2026", "--visi", "Maju")
    assert Plan.objects.get(code="RPD").visi == "Maju"


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2018-2019", "3 sampai 8 tahun"),
        ("2018-2030", "3 sampai 8 tahun"),
        ("2023-2018", "berakhir sebelum"),
        ("2018", "AWAL-AKHIR"),
        ("1990-1995", "antara 2000 dan 2100"),
    ],
)
def test_create_plan_refuses_a_bad_period_in_indonesian(period, words):
    with translation.override("id"), pytest.raises(CommandError) as raised:
        call_command("create_plan", "X", "--name", "X", "--period", period)
    assert raised.value.returncode == 1
    assert words in str(raised.value)
    assert not Plan.objects.filter(code="X").exists()


def test_create_plan_refuses_a_code_taken():
    call_command("create_plan", "A", "--name", "A", "--period", "2018-2023")
    with translation.override("id"), pytest.raises(CommandError) as raised:
        call_command("create_plan", "A", "--name", "B", "--period", "2019-2024")
    assert "sudah ada" in str(raised.value)
    assert Plan.objects.get(code="A").name == "A"


def test_admin_add_form_refuses_a_period_of_ten_years(client, planner):
    client.force_login(planner)
    data = {
        "code": "R10",
        "name": "Sepuluh",
        "start_year": 2018,
        "end_year": 2028,
        "visi": "v",
        "lower_formula": "difference",
        "achievement_threshold": "100",
        "revision_number": 0,
    }
    response = client.post(reverse("admin:indicators_plan_add"), data)
    assert response.status_code == 200
    assert not Plan.objects.filter(code="R10").exists()
    data["end_year"] = 2023
    response = client.post(reverse("admin:indicators_plan_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Plan.objects.get(code="R10").end_year == 2023
