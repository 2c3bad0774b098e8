from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_ignores_host_validation_for_load_balancers(client, settings):
    settings.ALLOWED_HOSTS = ["plan.example.org"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
