"""After loading the demo data, PostgreSQL's planner knows how many rows its tables hold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo import plan as demo
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's (ANALYZE)"
)
def test_the_demo_loader_leaves_fresh_planner_statistics():
    with CaptureQueriesContext(connection) as queries:
        plan = demo.load_bekasi_demo().plan
    assert any(q["sql"] == 'ANALYZE "indicators_indicator"' for q in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [["indicators_indicator", "indicators_realization"]],
        )
        estimated = dict(cursor.fetchall())
    assert estimated["indicators_indicator"] == Indicator.objects.filter(plan=plan).count()
    assert estimated["indicators_realization"] >= 800  # three years of some 270 indicators


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's (ANALYZE)"
)
def test_a_big_import_leaves_fresh_planner_statistics(tmp_path):
    from django.core.management import call_command

    from indicators.models import Plan
    from workbooks.engine import import_workbook
    from workbooks.exports import write_plan

    demo.load_bekasi_demo()
    path = tmp_path / "rencana.xlsx"
    with path.open("wb") as handle:
        write_plan(Plan.objects.get(code=demo.PLAN_CODE), handle)
    call_command("create_plan", "SALINAN", "--name", "Salinan RPJMD", "--period", "2018-2023")
    copy = Plan.objects.get(code="SALINAN")
    with CaptureQueriesContext(connection) as queries:
        report = import_workbook(str(path), plan=copy)
    assert report.ok and report.new >= 1000, report.as_dict()
    analyzed = {q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")}
    assert 'ANALYZE "indicators_indicator"' in analyzed
    assert 'ANALYZE "indicators_historicalindicator"' in analyzed
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'indicators_indicator'")
        (estimated,) = cursor.fetchone()
    # Both plans' indicators: the demo loader's ANALYZE had counted one plan's.
    assert estimated == Indicator.objects.count() > Indicator.objects.filter(plan=copy).count()


def test_a_small_import_leaves_the_statistics_to_autovacuum(tmp_path):
    from openpyxl import load_workbook

    from indicators.models import PerangkatDaerah
    from workbooks.engine import import_workbook
    from workbooks.exports import write_realization_sheet

    plan = demo.load_bekasi_demo().plan
    unit = PerangkatDaerah.objects.filter(indicators__plan=plan).order_by("code").first()
    path = tmp_path / "pd.xlsx"
    with path.open("wb") as handle:
        write_realization_sheet(plan, unit, 2022, handle)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[5]]
    column = header.index("Realisasi 2022") + 1
    for row in range(6, sheet.max_row + 1):
        sheet.cell(row, column).value = 1
    workbook.save(path)
    with CaptureQueriesContext(connection) as queries:
        report = import_workbook(str(path), plan=plan)
    assert report.ok and report.written and 0 < report.new + report.changed < 1000
    assert not [q for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
