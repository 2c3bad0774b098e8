"""Rules of the plan's data at every door: a direction cannot change under existing values,
codes follow the one code rule, and the default year is the reporting year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, PerangkatDaerah, Realization
from tests.factories import IndicatorFactory, PerangkatDaerahFactory, RealizationFactory
from tests.indicators.test_write_paths import form_data

pytestmark = pytest.mark.django_db


# -- finding 5: direction -----------------------------------------------------------------------


def test_a_direction_change_under_existing_targets_is_refused(plan):
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan)
    services.target_record(indicator=indicator, year=2021, value=Decimal(50))
    indicator.direction = Indicator.Direction.RANGE
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "direction" in error.value.message_dict
    assert "hapus" in error.value.message_dict["direction"][0].lower()


def test_a_direction_change_is_refused_in_the_admin_and_allowed_without_values(
    client, planner, plan
):
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan)
    RealizationFactory(indicator=indicator, year=2021, value=Decimal(60))
    client.force_login(planner)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(client.get(url))
    data["direction"] = "lower"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "arah" in response.content.decode().lower()
    indicator.refresh_from_db()
    assert indicator.direction == "higher"

    empty = IndicatorFactory(program=indicator.program)
    empty.direction = Indicator.Direction.LOWER
    empty.full_clean()
    empty.save()


# -- finding 12: codes --------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["IP/999", "ІР.065", "IP.065\u200b", "IP 065", "../x"])
def test_a_code_that_breaks_urls_or_looks_like_another_is_refused(plan, code):
    indicator = IndicatorFactory.build(
        program=IndicatorFactory(program__objective__goal__mission__plan=plan).program,
        plan=plan,
        code=code,
    )
    indicator.perangkat_daerah = indicator.program.perangkat_daerah
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "code" in error.value.message_dict
    unit = PerangkatDaerah(code=code, name="Dinas", kind="dinas")
    with pytest.raises(ValidationError):
        unit.full_clean()


def test_codes_are_normalised_on_save(plan):
    indicator = IndicatorFactory(program__objective__goal__mission__plan=plan, code="  IP.065 ")
    indicator.refresh_from_db()
    assert indicator.code == "IP.065"
    unit = PerangkatDaerahFactory(code=" 1.02.01\t")
    unit.refresh_from_db()
    assert unit.code == "1.02.01"


def test_the_admin_refuses_a_code_with_a_slash(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("admin:indicators_perangkatdaerah_add"),
        {"code": "9/9", "name": "X", "kind": "dinas"},
    )
    assert response.status_code == 200
    assert not PerangkatDaerah.objects.filter(code="9/9").exists()


def test_no_page_fails_on_a_code_stored_before_the_rule(client, planner, plan):
    """Codes made before the rule (an old import) with a '/' must not take pages down."""
    unit = PerangkatDaerahFactory()
    PerangkatDaerah.objects.filter(pk=unit.pk).update(code="9/9")
    indicator = IndicatorFactory(
        program__objective__goal__mission__plan=plan, program__perangkat_daerah=unit
    )
    Indicator.objects.filter(pk=indicator.pk).update(code="IP/999")
    services.realization_record(
        indicator=Indicator.objects.get(pk=indicator.pk), year=2021, value=Decimal(1)
    )
    client.force_login(planner)
    for url in [
        "/",
        "/audit/",
        "/realisasi/?year=2021",
        "/perangkat-daerah/9/9/",
        "/indikator/IP/999/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/realisasi/IP/999/2021/").status_code == 200


# -- finding 8: the reporting year --------------------------------------------------------------


@pytest.fixture
def ten_indicators(plan):
    first = IndicatorFactory(program__objective__goal__mission__plan=plan)
    indicators = [first] + [IndicatorFactory(program=first.program) for _ in range(9)]
    for indicator in indicators:
        RealizationFactory(indicator=indicator, year=2021, value=Decimal(1))
    RealizationFactory(indicator=indicators[0], year=2022, value=Decimal(1))
    return indicators


def test_the_default_year_is_the_latest_with_half_of_the_indicators_covered(plan, ten_indicators):
    assert plan.year_or_default(None) == 2021  # 2022 has one value of ten
    for indicator in ten_indicators[1:5]:
        RealizationFactory(indicator=indicator, year=2022, value=Decimal(1))
    assert plan.year_or_default(None) == 2022  # five of ten


def test_a_reporting_year_set_on_the_plan_is_the_default_everywhere(
    client, planner, plan, ten_indicators
):
    plan.reporting_year = 2020
    plan.full_clean()
    plan.save()
    assert plan.year_or_default("abc") == 2020
    assert plan.year_or_default("2022") == 2022
    client.force_login(planner)
    assert client.get("/").context["view"].year == 2020
    plan.reporting_year = 2030
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_the_dashboard_shows_the_years_coverage_beside_the_headline(
    client, planner, plan, ten_indicators
):
    client.force_login(planner)
    content = client.get("/?year=2022").content.decode()
    assert "data 2022: 1 dari 10 indikator" in content
    assert Realization.objects.filter(year=2022).count() == 1
