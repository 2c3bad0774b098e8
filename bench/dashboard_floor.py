"""How much of the dashboard's cost is its SQL alone (never part of the test suite).

    .venv/bin/python bench/dashboard_floor.py [--runs 200] [--database-url URL]

Sets up a database of its own with the demo data as bench/serve.py does (a temporary SQLite file
unless ``--database-url`` names an empty one), records the statements the public dashboard
``/?year=2021`` runs with the read cache off, then times, each on a new connection as under
gunicorn with ``CONN_MAX_AGE=0``:

* ``SELECT 1`` (what ``/healthz`` asks of the database),
* the dashboard's own statements and nothing else (no Python but the driver's),
* the whole dashboard request and the whole ``/healthz`` request through Django's WSGI handler.

It prints the trimmed mean of each and the shares: the statements alone set a ceiling on the
dashboard's share of ``/healthz``'s requests per second that no work in Python can pass.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from serve import PYTHON, REPO_ROOT, base_environment, prepare

MEASURE = r"""
import io, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

RUNS = int(sys.argv[1])
handler = WSGIHandler()


def call(path):
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_COOKIE": "csrftoken=" + "a" * 32,
    }
    answer = {}
    body = b"".join(handler(environ, lambda status, headers, exc=None: answer.update(s=status)))
    assert answer["s"].startswith("200"), answer["s"]
    return body


def timed(work):
    for _ in range(20):
        work()
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    cut = RUNS // 10
    kept = seconds[cut : RUNS - cut]
    return sum(kept) / len(kept) * 1000


with CaptureQueriesContext(connection) as captured:
    call("/?year=2021")
statements = [query["sql"] for query in captured.captured_queries]


def run(sqls):
    connections.close_all()
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            cursor.fetchall()


select_1 = timed(lambda: run(["SELECT 1"]))
sql_only = timed(lambda: run(statements))
healthz = timed(lambda: call("/healthz"))
dashboard = timed(lambda: call("/?year=2021"))
print(f"{connection.vendor}, {RUNS} runs each, a new connection each time (trimmed mean)")
print(f"  new connection + SELECT 1                        {select_1:7.2f} ms")
print(f"  new connection + the dashboard's {len(statements)} statements     {sql_only:7.2f} ms")
print(f"  /healthz, whole request                          {healthz:7.2f} ms")
print(f"  dashboard, whole request                         {dashboard:7.2f} ms")
print(f"  ceiling set by the statements alone: {select_1 / sql_only:.0%} of /healthz "
      f"(the budget is 25 %); today's request: {healthz / dashboard:.0%}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs of each (default 200)")
    parser.add_argument("--database-url", help="an empty database of its own (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rpjmd-floor-") as work:
        database_url = args.database_url or f"sqlite:///{work}/floor.sqlite3"
        env = base_environment(database_url, Path(work) / "static")
        env.update(PUBLIC_DASHBOARD="True", READ_CACHE="False", CONN_MAX_AGE="0")
        print(f"setting up {database_url.split('@')[-1]} with the demo data …", flush=True)
        prepare(env)
        subprocess.run([PYTHON, "-c", MEASURE, str(args.runs)], env=env, cwd=REPO_ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
