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
