"""Every page's address is a permalink: year, plan, level and filters in the query string."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, Plan, QuarterlyRealization, Realization
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def public(settings):
    settings.PUBLIC_DASHBOARD = True


@pytest.fixture
def newer_plan(demo_plan):
    """A new RPJMD becomes the active one: links to the old one must keep showing the old one."""
    Plan.objects.update(is_active=False)
    plan = PlanFactory(code="rpjmd-baru", start_year=2024, end_year=2029, is_active=True)
    program = ProgramFactory(objective__goal__mission__plan=plan)
    indicator = IndicatorFactory(program=program, code="BARU.1")
    TargetFactory(indicator=indicator, year=2025, value=Decimal(10))
    RealizationFactory(indicator=indicator, year=2025, value=Decimal(12))
    return plan


def test_the_dashboards_links_and_controls_carry_the_plan(client, public, demo_plan):
    content = client.get("/", {"year": 2021}).content.decode()
    assert f'<input type="hidden" name="plan" value="{demo_plan.code}">' in content
    assert f"?year=2021&amp;level=program&amp;plan={demo_plan.code}" in content  # drill-down links


def test_a_link_to_an_older_plan_shows_that_plan_after_a_new_one_is_active(
    client, public, demo_plan, newer_plan
):
    old = client.get("/", {"year": 2021, "plan": demo_plan.code})
    assert old.status_code == 200
    assert '<span class="big">193</span> dari <span class="big">270</span>' in old.content.decode()
    new = client.get("/").content.decode()
    assert "193</span> dari" not in new
    assert f'name="plan" value="{newer_plan.code}"' in new


def test_the_drill_down_and_indicator_pages_read_the_plan_from_the_address(
    client, public, demo_plan, newer_plan
):
    from indicators.models import Indicator

    indicator = Indicator.objects.filter(plan=demo_plan, level="program").order_by("code").first()
    page = client.get(f"/indikator/{indicator.code}/", {"plan": demo_plan.code, "year": 2021})
    assert page.status_code == 200
    assert page.context["plan"] == demo_plan
    assert f"plan={demo_plan.code}" in page.context["back"]
    # Without the plan the active (new) one is read, which has no such indicator.
    assert client.get(f"/indikator/{indicator.code}/").status_code == 404
    unit = client.get(
        f"/perangkat-daerah/{indicator.perangkat_daerah.code}/",
        {"plan": demo_plan.code, "year": 2021},
    )
    assert unit.status_code == 200 and unit.context["plan"] == demo_plan


def test_an_unknown_plan_is_404(client, public, demo_plan):
    for url in ("/", "/perangkat-daerah/x/", "/pendanaan/"):
        assert client.get(url, {"plan": "tidak-ada"}).status_code == 404


def test_the_money_pages_keep_the_plan_in_their_form(client, public, demo_plan):
    content = client.get("/pendanaan/", {"year": 2021}).content.decode()
    assert f'<input type="hidden" name="plan" value="{demo_plan.code}">' in content


class TestVisitorsReadPublishedValuesOnly:
    @pytest.fixture
    def verified_only_plan(self, demo_plan):
        Realization.objects.filter(indicator__plan=demo_plan, year=2021).update(
            status=Realization.Status.DRAFT
        )
        demo_plan.count_verified_only = True
        demo_plan.save()
        return demo_plan

    def test_a_visitor_cannot_ask_for_unverified_values(self, client, public, verified_only_plan):
        page = client.get("/", {"year": 2021, "verified": 0})
        assert page.context["summary"].counts.achieved == 0  # nothing verified: nothing counted
        assert 'name="verified"' not in page.content.decode()
        api = client.get("/api/v1/achievement", {"year": 2021, "verified": 0}).json()
        assert api["achieved"] == 0 and api["no_data"] == api["total"]

    def test_the_indicator_page_shows_a_visitor_verified_values_only(
        self, client, public, verified_only_plan
    ):
        indicator = Indicator.objects.filter(
            plan=verified_only_plan, quarterly_realizations__year=2021
        ).first()
        QuarterlyRealization.objects.filter(indicator=indicator, year=2021).update(
            status=QuarterlyRealization.Status.DRAFT
        )
        draft = Realization.objects.get(indicator=indicator, year=2021)
        verified = Realization.objects.get(indicator=indicator, year=2020)
        verified.status = Realization.Status.VERIFIED
        verified.save()
        page = client.get(f"/indikator/{indicator.code}/", {"year": 2021, "verified": 0})
        years = {row.year: row for row in page.context["years"]}
        assert years[2021].realization is None  # the draft is not published
        assert years[2020].realization == verified.value
        assert all(row.year != 2021 for row in page.context["quarters"])
        assert 'id="verified-note"' in page.content.decode()
        bars = [trace for trace in page.context["chart"]["data"] if trace["type"] == "bar"]
        drawn = {x: y for trace in bars for x, y in zip(trace["x"], trace["y"], strict=True) if y}
        assert "2021" not in drawn and drawn["2020"] == float(verified.value)
        assert draft.value is not None

    def test_the_indicator_page_shows_an_official_every_value_when_asked(
        self, client, official, verified_only_plan
    ):
        indicator = Indicator.objects.filter(
            plan=verified_only_plan, quarterly_realizations__year=2021
        ).first()
        client.force_login(official)
        page = client.get(f"/indikator/{indicator.code}/", {"year": 2021, "verified": 0})
        years = {row.year: row for row in page.context["years"]}
        assert (
            years[2021].realization == Realization.objects.get(indicator=indicator, year=2021).value
        )
        assert any(row.year == 2021 for row in page.context["quarters"])
        assert 'id="verified-note"' not in page.content.decode()

    def test_a_logged_in_official_still_can(self, client, official, verified_only_plan):
        client.force_login(official)
        api = client.get("/api/v1/achievement", {"year": 2021, "verified": 0}).json()
        assert api["achieved"] == 193
