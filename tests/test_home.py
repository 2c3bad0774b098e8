import pytest

pytestmark = pytest.mark.django_db


def test_home_asks_for_a_login(client, demo_plan):
    response = client.get("/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_home_is_public_only_when_switched_on(client, demo_plan, settings):
    settings.PUBLIC_DASHBOARD = True
    assert client.get("/").status_code == 200


def test_home_shows_the_latest_year_with_data(client, planner, demo_plan):
    client.force_login(planner)
    response = client.get("/")
    assert response.context["year"] == 2021
    content = response.content.decode()
    assert "193" in content and "270" in content
    assert response.context["summary"].counts.achieved == 193


def test_home_survives_a_bad_year(client, planner, demo_plan):
    client.force_login(planner)
    assert client.get("/", {"year": "abc"}).context["year"] == 2021
    assert client.get("/", {"year": "2020"}).context["year"] == 2020
