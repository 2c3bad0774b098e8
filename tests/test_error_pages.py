"""403, 404 and 500 in the site's layout and in Indonesian, as production (DEBUG=False) shows them."""

import pytest
from django.test import RequestFactory
from django.views import defaults


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.django_db
def test_not_found_is_in_the_sites_layout_in_indonesian(client, production, planner):
    client.force_login(planner)
    response = client.get("/indikator/TIDAK.ADA/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Halaman tidak ditemukan" in content
    assert 'class="site-header"' in content
    assert "Not Found" not in content


@pytest.mark.django_db
def test_forbidden_is_in_the_sites_layout_in_indonesian(client, production, outsider):
    client.force_login(outsider)
    response = client.get("/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Tidak diizinkan" in content and 'class="site-header"' in content
    assert "403 Forbidden" not in content


def test_server_error_needs_neither_the_database_nor_the_request_context(production):
    """No database here (the test has no access to it): the page renders all the same."""
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Terjadi kesalahan" in content and 'class="site-header"' in content
