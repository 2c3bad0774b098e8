"""The dashboard's unit rows and chart data, written in Python, are what the template wrote."""

import json
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from core.charts import as_script
from indicators.queries import PerangkatDaerahCounts
from indicators.templatetags.dashboard_rows import unit_rows

# The loop the dashboard template had before the rows moved to Python.
TEMPLATE_ROWS = """{% load plan_format %}{% for unit in units %}
<tr>
  <td>{{ unit.code }}</td>
  <td><a href="{{ unit.link }}">{{ unit.name }}</a></td>
  <td class="num">{{ unit.total }}</td>
  <td class="num">{{ unit.achieved }}</td>
  <td class="num">{{ unit.not_achieved }}</td>
  <td class="num">{{ unit.no_data }}</td>
  <td class="num" data-sort="{{ unit.share_achieved|stringformat:'.4f' }}">{{ unit.share_achieved|percent }}</td>
  <td class="num">{{ unit.awaiting }}</td>
</tr>{% endfor %}"""


def units():
    made = [
        PerangkatDaerahCounts(
            code="1.02.01", name="Dinas Kesehatan & <Kota>", total=7, achieved=5, not_achieved=2
        ),
        PerangkatDaerahCounts(code='7.01.0"1', name="Kecamatan 'Bekasi'", total=3, no_data=3),
        PerangkatDaerahCounts(code="9.99.99", name="Tanpa indikator"),
    ]
    for number, unit in enumerate(made):
        unit.link = f"/perangkat-daerah/{unit.code}/?year=2021&level=program&n={number}"
        unit.awaiting = number
    return made


def squeezed(html):
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_the_templates_rows(language):
    with translation.override(language):
        expected = Template(TEMPLATE_ROWS).render(Context({"units": units()}))
        assert squeezed(unit_rows(units())) == squeezed(expected)
    assert "Dinas Kesehatan &amp; &lt;Kota&gt;" in unit_rows(units())


def test_the_chart_data_reads_back_and_cannot_close_its_script():
    figure = {"data": [{"name": "</script><b>x</b> & y", "x": [1.5]}]}
    script = as_script(figure, 'unit-chart-data"')
    body = re.fullmatch(
        r'<script id="unit-chart-data&quot;" type="application/json">(.*)</script>', script
    )
    assert body and "</script>" not in body.group(1) and "<" not in body.group(1)
    assert json.loads(body.group(1)) == figure
