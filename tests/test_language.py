import pytest

pytestmark = pytest.mark.django_db


def test_the_ui_is_indonesian_even_for_an_english_browser(client, planner):
    client.force_login(planner)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Indikator" in response.content.decode()


def test_the_language_switch_turns_it_english(client, planner):
    client.force_login(planner)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert switched.status_code == 302
    response = client.get("/admin/")
    assert response["Content-Language"] == "en"
    assert "Indicators" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, planner, settings):
    client.force_login(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/admin/")["Content-Language"] == "id"
