"""Figures are plain JSON in plotly.js's shape, drawn as plotly's own figures were."""

import json
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import translation

from core.charts import TEMPLATE, as_float, figure
from indicators import achievement, charts
from indicators.queries import IndicatorYear, PerangkatDaerahCounts


def units():
    return [
        PerangkatDaerahCounts(
            code="1.02.01",
            name="Dinas Kesehatan",
            abbreviation="Dinkes",
            total=4,
            achieved=1,
            not_achieved=3,
        ),
        PerangkatDaerahCounts(code="1.01.01", name="Dinas Pendidikan", total=2, achieved=2),
    ]


def years():
    rows = []
    for year, target, realization in (
        (2020, Decimal(10), Decimal("9.5")),
        (2021, Decimal(10), None),
    ):
        rule = achievement.Target(value=target)
        rows.append(
            IndicatorYear(
                id=1,
                code="IP.001",
                name="Cakupan",
                unit="persen",
                direction="higher",
                perangkat_daerah_id=1,
                perangkat_daerah_code="1.02.01",
                perangkat_daerah_name="Dinas Kesehatan",
                perangkat_daerah_abbreviation="Dinkes",
                target=rule,
                realization=realization,
                result=achievement.evaluate("higher", rule, realization),
                year=year,
            )
        )
    return rows


def figures():
    return {
        "units": charts.perangkat_daerah_chart(units(), lambda unit: f"/pd/{unit.code}/"),
        "bands": charts.band_chart(Counter({achievement.Band.TINGGI: 3})),
        "indicator": charts.indicator_chart(years(), "persen"),
    }


@pytest.mark.parametrize("name", ["units", "bands", "indicator"])
def test_a_figure_is_plain_json_with_the_house_template(name):
    built = figures()[name]
    assert json.loads(json.dumps(built)) == built
    assert built["layout"]["template"] is TEMPLATE
    assert all(trace["type"] in TEMPLATE["data"] for trace in built["data"])


def test_numbers_use_the_languages_separators():
    with translation.override("id"):
        assert figure([])["layout"]["separators"] == ",."
    with translation.override("en"):
        assert figure([])["layout"]["separators"] == ".,"


def test_the_unit_chart_puts_the_laggard_on_top_and_links_each_bar():
    achieved, not_achieved, no_data = figures()["units"]["data"]
    assert achieved["y"] == ["Dinkes", "Dinas Pendidikan"]
    assert (achieved["x"], not_achieved["x"], no_data["x"]) == ([1, 2], [3, 0], [0, 0])
    assert achieved["customdata"][0] == ["/pd/1.02.01/", "Dinas Kesehatan"]


def test_a_missing_value_is_a_gap_not_a_zero():
    target, realized = figures()["indicator"]["data"]
    assert target["y"] == [10.0, 10.0]
    assert realized["y"] == [9.5, None]
    assert as_float(None) is None


@pytest.mark.parametrize("name", ["units", "bands", "indicator"])
def test_plotly_reads_each_figure_as_it_is(name):
    """While the plotly package is installed, its validating model accepts every property and
    gives back the same figure (with its full default template, of which ours is the part that
    bar and line charts use)."""
    go = pytest.importorskip("plotly.graph_objects")
    built = figures()[name]
    parsed = json.loads(go.Figure(built).to_json())
    template = parsed["layout"].pop("template")
    ours = {**built, "layout": {k: v for k, v in built["layout"].items() if k != "template"}}
    assert parsed == json.loads(json.dumps(ours))
    for kind, defaults in TEMPLATE["data"].items():
        assert template["data"][kind] == defaults
    for key, value in TEMPLATE["layout"].items():
        assert template["layout"][key] == value
