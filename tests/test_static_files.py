"""What a page costs on the wire: plotly.js only where a chart is drawn, the vendored basic build
rather than the full bundle, and pages compressed."""

import gzip
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "vendor/plotly/plotly-basic.min.js"
CHART_PAGES = ["/", "/indikator/IP.065/", "/pendapatan/", "/pendanaan/", "/pendanaan/kebutuhan/"]
PAGES_WITHOUT_CHARTS = [
    "/perangkat-daerah/1.02.01/",
    "/realisasi/",
    "/realisasi/IP.065/2022/",
    "/isu-strategis/",
    "/tahapan/",
    "/kalender/",
]


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def operator(demo_plan):
    return get_user_model().objects.get(username="perencana")


def test_the_vendored_bundle_is_the_one_served_with_its_version_and_licence():
    found = Path(finders.find(PLOTLY))
    assert found == ROOT / "static" / PLOTLY
    assert found.read_text()[:60].startswith("/**\n* plotly.js (basic - minified) v3.")
    assert "MIT" in (found.parent / "LICENSE").read_text()
    assert "version: 3." in (found.parent / "VERSION").read_text()
    assert finders.find("vendor/plotly.min.js") is None  # the full 4.6 MB bundle is gone


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHART_PAGES)
def test_chart_pages_load_the_basic_build(client, operator, url):
    client.force_login(operator)
    content = client.get(url).content.decode()
    assert 'data-chart="' in content
    assert f'src="/static/{PLOTLY}"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES_WITHOUT_CHARTS + ["/masuk/"])
def test_pages_without_charts_load_no_plotly(client, operator, url):
    if url != "/masuk/":
        client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert "plotly" not in response.content.decode()


@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_accept_it(client, operator):
    client.force_login(operator)
    plain = client.get("/").content
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode().count("<tr") == plain.decode().count("<tr")
    assert len(response.content) * 4 < len(plain)
