"""Fresh planner statistics after a bulk load, as a database in use has them.

PostgreSQL's planner judges joins by each table's statistics, which autovacuum gathers a while
after rows arrive. Right after a bulk load (the demo data into an empty database, or a workbook
import of a whole plan: :mod:`workbooks.engine`) it believes the tables empty and picks nested
loops that take a dashboard query from 6 ms to 60 ms, until autovacuum's next round. ``ANALYZE``
of the tables written, in the loading transaction (it sees that transaction's rows), spares the
first readers that. Other databases need nothing.
"""

from django.db import connections, router


def refresh(*models):
    """``ANALYZE`` the tables of ``models`` on PostgreSQL."""
    by_alias = {}
    for model in models:
        by_alias.setdefault(router.db_for_write(model), []).append(model._meta.db_table)
    for alias, tables in by_alias.items():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            for table in dict.fromkeys(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
