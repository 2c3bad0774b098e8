"""The money and context pages and their API, read as officials and scripts read them."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import PlanningStage, RevenueAccount, RevenueValue
from tests.budgets.factories import RevenueValueFactory, account

pytestmark = pytest.mark.django_db

PAGES = ["/pendapatan/", "/pendanaan/", "/pendanaan/kebutuhan/", "/isu-strategis/", "/tahapan/"]
PAGES += ["/kalender/"]
APIS = ["/api/v1/revenue?year=2021", "/api/v1/funding?year=2021"]


class TestWhoMayRead:
    @pytest.mark.parametrize("url", PAGES)
    def test_pages_ask_visitors_to_log_in(self, client, plan, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")

    @pytest.mark.parametrize("url", APIS)
    def test_the_api_refuses_visitors_with_json(self, client, plan, url):
        response = client.get(url)
        assert response.status_code == 403
        assert "error" in response.json()

    @pytest.mark.parametrize("url", PAGES + APIS)
    def test_officials_read_them_even_without_data(self, client, official, plan, url):
        client.force_login(official)
        assert client.get(url).status_code == 200

    @pytest.mark.parametrize("url", PAGES)
    def test_a_user_without_a_role_reads_nothing(self, client, outsider, plan, url):
        client.force_login(outsider)
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("url", PAGES + APIS)
    def test_they_are_read_only(self, client, official, plan, url):
        client.force_login(official)
        assert client.post(url).status_code == 405

    @pytest.mark.parametrize("url", PAGES + APIS)
    def test_public_when_switched_on(self, client, plan, settings, url):
        settings.PUBLIC_DASHBOARD = True
        assert client.get(url).status_code == 200

    def test_every_concept_is_in_the_navigation(self, client, official, plan):
        client.force_login(official)
        content = client.get("/pendapatan/").content.decode()
        for url in [
            "/",
            "/pendapatan/",
            "/pendanaan/",
            "/isu-strategis/",
            "/tahapan/",
            "/kalender/",
        ]:
            assert f'href="{url}"' in content
        assert 'href="/pendanaan/kebutuhan/?year=' in client.get("/pendanaan/").content.decode()


class TestBadYears:
    @pytest.mark.parametrize("api", ["/api/v1/revenue", "/api/v1/funding"])
    @pytest.mark.parametrize("query", [{}, {"year": "abc"}, {"year": "1999"}, {"year": "20x1"}])
    def test_get_400_json(self, client, official, plan, api, query):
        client.force_login(official)
        response = client.get(api, query)
        assert response.status_code == 400
        assert "error" in response.json()

    def test_an_unknown_stage_gets_400(self, client, official, plan):
        client.force_login(official)
        response = client.get("/api/v1/revenue", {"year": 2021, "stage": "x"})
        assert response.status_code == 400

    def test_pages_fall_back_to_a_default_year(self, client, official, demo_plan):
        client.force_login(official)
        for url in PAGES:
            for query in [{"year": "abc"}, {"year": "1999"}, {"akun": "9.9"}, {"tahap": "x"}]:
                assert client.get(url, query).status_code == 200


class TestApiEqualsPages:
    @pytest.fixture
    def demo_plan(self, class_demo_plan):
        """The demo loaded once for the class; each test's writes are rolled back after it."""
        return class_demo_plan

    def test_revenue(self, client, official, demo_plan):
        client.force_login(official)
        page = client.get("/pendapatan/", {"year": 2021, "tahap": "murni"})
        api = client.get("/api/v1/revenue", {"year": 2021, "stage": "murni"}).json()
        assert api["stage"] == "murni"
        shown = {line.code: line.as_dict() for line in page.context["subtree"]}
        assert shown == {row["code"]: row for row in api["accounts"]}
        assert api["accounts"][0]["target"] == 5909045828498
        content = page.content.decode()
        assert "Rp\u00a05.909.045.828.498" in content  # never wrapped away from "Rp"
        assert "rotasi.co.id" in content  # the source is shown

    def test_revenue_defaults_to_the_latest_stage(self, client, official, demo_plan):
        client.force_login(official)
        api = client.get("/api/v1/revenue", {"year": 2021}).json()
        page = client.get("/pendapatan/", {"year": 2021})
        assert api["stage"] == page.context["stage"] == "perubahan"
        assert api["accounts"][0]["percent"] == float(page.context["selected"].percent)

    def test_drilling_down_shows_the_subtree(self, client, official, demo_plan):
        client.force_login(official)
        page = client.get("/pendapatan/", {"year": 2020, "tahap": "murni", "akun": "4.1"})
        assert [line.code for line in page.context["subtree"]] == [
            "4.1",
            "4.1.01",
            "4.1.02",
            "4.1.03",
            "4.1.04",
        ]
        assert [line.code for line in page.context["path"]] == ["4", "4.1"]
        links = page.context["accounts_chart"]["data"][0]["customdata"]
        assert all(link == "" for link, _ in links)  # leaves: nothing below to open

    def test_funding_and_needs(self, client, official, demo_plan):
        client.force_login(official)
        api = client.get("/api/v1/funding", {"year": 2021}).json()
        for url in ["/pendanaan/", "/pendanaan/kebutuhan/"]:
            page = client.get(url, {"year": 2021})
            assert page.context["balance"].as_dict() == api
        assert api["gap"] == api["revenue"]["target"] - api["needs"]["apbd"]
        needs = client.get("/pendanaan/kebutuhan/")
        assert [b.year for b in needs.context["balances"]] == list(range(2018, 2024))


class TestContextPages:
    @pytest.fixture
    def demo_plan(self, class_demo_plan):
        """The demo loaded once for the class; each test's writes are rolled back after it."""
        return class_demo_plan

    def test_issues_show_achievement_beside_them(self, client, official, demo_plan):
        client.force_login(official)
        page = client.get("/isu-strategis/")
        kinds = {kind: entries for kind, _label, entries in page.context["kinds"]}
        assert len(kinds["permasalahan"]) >= 6 and len(kinds["fokus"]) == 3
        ipm = next(e for e in kinds["permasalahan"] if "IPM" in e["issue"].text)
        assert "IT.01" in [row.code for row in ipm["indicators"]]
        assert "suararepubliknews.com" in page.content.decode()

    def test_stages_timeline_has_every_plan_year_and_themes(self, client, official, demo_plan):
        client.force_login(official)
        timeline = client.get("/tahapan/").context["timeline"]
        assert [item["year"] for item in timeline] == list(range(2018, 2024))
        by_year = {item["year"]: item for item in timeline}
        assert by_year[2023]["stage"].rkpd_theme == "Konsolidasi Ketercapaian Hasil Pembangunan"
        assert (by_year[2021]["counts"].achieved, by_year[2021]["counts"].total) == (193, 270)

    def test_calendar_highlights_the_current_stage_and_flags_overdue(
        self, client, official, demo_plan
    ):
        client.force_login(official)
        page = client.get("/kalender/", {"year": 2022})
        current = page.context["current"]
        assert current.status != PlanningStage.Status.DONE
        assert all(s.status == "done" for s in page.context["stages"] if s.order < current.order)
        assert page.context["overdue"] == sum(1 for s in page.context["stages"] if s.overdue)
        assert 'aria-current="step"' in page.content.decode()

    def test_overdue_is_a_passed_planned_end_while_not_done(self):
        import datetime

        stage = PlanningStage(
            planned_start=datetime.date(2022, 5, 1), planned_end=datetime.date(2022, 6, 30)
        )
        assert stage.is_overdue(datetime.date(2022, 7, 1))
        assert not stage.is_overdue(datetime.date(2022, 6, 30))
        stage.status = PlanningStage.Status.DONE
        assert not stage.is_overdue(datetime.date(2023, 1, 1))


def test_revenue_api_query_count_does_not_grow_with_data(client, official, plan):
    client.force_login(official)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/revenue", {"year": 2021}).status_code == 200
        return len(queries)

    RevenueValueFactory(account=account("4.1.01"))
    small = count()
    parent = account("4.3.03")
    for n in range(1, 30):
        leaf = RevenueAccount.objects.create(code=f"4.1.04.{n:02d}", name=f"Lain {n}", parent=None)
        leaf.parent = account("4.1.04")
        leaf.save()
        RevenueValueFactory(account=leaf, target=Decimal(n))
    RevenueValueFactory(account=parent, stage="perubahan")
    assert count() == small


class TestAdmin:
    MODELS = [
        "budgets_revenueaccount",
        "budgets_revenuevalue",
        "budgets_fundingscheme",
        "budgets_programfunding",
        "budgets_planningstage",
        "indicators_strategicissue",
        "indicators_developmentstage",
    ]

    @pytest.mark.parametrize("name", MODELS)
    def test_planners_edit_strangers_do_not(self, client, planner, official, name):
        url = reverse(f"admin:{name}_changelist")
        assert client.get(url).status_code == 302
        client.force_login(official)
        assert client.get(url).status_code == 302
        client.force_login(planner)
        assert client.get(url).status_code == 200
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200

    def test_an_official_with_view_rights_reads_but_cannot_add(self, client):
        official = get_user_model().objects.create_user("pimpinan", is_staff=True)
        official.user_permissions.add(Permission.objects.get(codename="view_revenuevalue"))
        client.force_login(official)
        assert client.get(reverse("admin:budgets_revenuevalue_changelist")).status_code == 200
        assert client.get(reverse("admin:budgets_revenuevalue_add")).status_code == 403

    def test_a_planner_cannot_put_a_value_on_a_parent_account(self, client, planner):
        client.force_login(planner)
        response = client.post(
            reverse("admin:budgets_revenuevalue_add"),
            {
                "account": account("4.1").pk,
                "year": 2021,
                "stage": "murni",
                "target": "100",
                "provenance": "official",
            },
        )
        assert response.status_code == 200
        assert "account" in response.context["adminform"].form.errors
        assert not RevenueValue.objects.exists()
