"""The dashboard's unit rows and chart data, written in Python, are what the template wrote."""

import json
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from core.charts import as_script
from indicators import outlook
from indicators.queries import IndicatorOutlook, OutlookCounts, PerangkatDaerahCounts
from indicators.templatetags.dashboard_rows import at_risk_rows, outlook_rows, unit_rows

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


# The outlook tables' loops the dashboard template had before their rows moved to Python.
TEMPLATE_OUTLOOK_ROWS = {
    "mission": """{% load i18n %}{% for group in groups %}<tr><th scope="row" title="{{ group.label }}">{% blocktranslate with number=group.code %}Misi {{ number }}{% endblocktranslate %}</th>{% for status, count in group.in_order %}<td class="num">{{ count }}</td>{% endfor %}<td class="num"><strong>{{ group.at_risk }}</strong></td></tr>{% endfor %}""",
    "unit": """{% for group in groups %}<tr><th scope="row">{{ group.label }}</th>{% for status, count in group.in_order %}<td class="num">{{ count }}</td>{% endfor %}<td class="num"><strong>{{ group.at_risk }}</strong></td></tr>{% endfor %}""",
}
TEMPLATE_AT_RISK_ROWS = """{% load plan_format %}{% for row in rows %}<tr>
          <td><a href="{{ prefix }}{{ row.code|urlencode }}/?year={{ year }}">{{ row.code }}</a> {{ row.name }}</td>
          <td>{{ row.perangkat_daerah_abbreviation|default:row.perangkat_daerah_name }}</td>
          <td class="outlook {{ row.status|css_name }}"><span aria-hidden="true">{{ row.status|outlook_icon }}</span> {{ row.status|outlook_label }}</td>
          <td class="num">{{ row.outlook.ratio|ratio }}</td></tr>{% endfor %}"""


def outlook_groups():
    Status = outlook.OutlookStatus
    first = OutlookCounts(key=1, code="1", label='Tata kelola "baik" & <bersih>')
    for status in (Status.ACHIEVED, Status.WORSENING, Status.WORSENING, Status.NEEDS_EFFORT):
        first.add(status)
    second = OutlookCounts(key=2, code="2", label="Prasarana kota")
    second.add(Status.ON_TRACK)
    return [first, second, OutlookCounts(key=None, code="None", label="")]


def at_risk():
    Status = outlook.OutlookStatus
    return [
        IndicatorOutlook(
            1,
            "1.02.01.1 a/b",
            "Angka <kematian> & bayi",
            "1.02.01",
            "Dinkes",
            "",
            4,
            outlook.Outlook(Status.WORSENING, ratio=outlook.Decimal("-0.4251")),
        ),
        IndicatorOutlook(
            2,
            "2.01",
            "Panjang jalan",
            "1.03.01",
            "Dinas Bina Marga",
            "DBMSDA",
            None,
            outlook.Outlook(Status.NEEDS_EFFORT, ratio=outlook.Decimal("0.875")),
        ),
        IndicatorOutlook(
            3,
            "3.01",
            "Sekolah",
            "1.01.01",
            "Disdik",
            "Disdik",
            1,
            outlook.Outlook(Status.NEEDS_EFFORT),
        ),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("per", ["mission", "unit"])
def test_the_outlook_rows_are_the_templates_rows(language, per):
    with translation.override(language):
        expected = Template(TEMPLATE_OUTLOOK_ROWS[per]).render(
            Context({"groups": outlook_groups()})
        )
        assert squeezed(outlook_rows(outlook_groups(), per=per)) == squeezed(expected)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_at_risk_rows_are_the_templates_rows(language):
    context = {"rows": at_risk(), "prefix": "/indikator/", "year": 2021}
    with translation.override(language):
        expected = Template(TEMPLATE_AT_RISK_ROWS).render(Context(context))
        written = at_risk_rows(at_risk(), "/indikator/", 2021)
        assert squeezed(written) == squeezed(expected)
    assert "Angka &lt;kematian&gt; &amp; bayi" in written
    assert 'href="/indikator/1.02.01.1%20a/b/?year=2021"' in written
