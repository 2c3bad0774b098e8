"""The indicator page's baseline year (tahun 0): it shows the baseline, not "no data"."""

import re

import pytest

from indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


def baseline_row(content, year):
    row = re.search(rf"<th scope=\"row\">{year}</th>(.*?)</tr>", content, re.S)
    return row.group(1)


def test_the_baseline_year_shows_the_baseline(client, planner, demo_plan):
    indicator = (
        Indicator.objects.filter(plan=demo_plan, baseline__isnull=False)
        .exclude(realizations__year=demo_plan.start_year)
        .first()
    )
    client.force_login(planner)
    response = client.get(f"/indikator/{indicator.code}/")
    row = baseline_row(response.content.decode(), demo_plan.start_year)
    assert "kondisi awal" in row
    assert "belum ada data" not in row
    shown = re.sub(r"<[^>]+>", " ", row)
    from django.utils import translation

    from core.formats import format_number

    with translation.override("id"):
        assert format_number(indicator.baseline) in shown
    chart = response.context["chart"]
    bars = [t for t in chart["data"] if t["type"] == "bar"]
    baseline = [t for t in bars if t["x"] == [str(demo_plan.start_year)]]
    assert baseline and baseline[0]["y"] == [float(indicator.baseline)]
    assert chart["layout"]["barmode"] == "overlay"
    # The other years keep their own status.
    later = baseline_row(response.content.decode(), demo_plan.start_year + 3)
    assert "kondisi awal" not in later
