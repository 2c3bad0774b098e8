"""The database settings: writers queue on SQLite, and a database that never answers is given up
on in seconds (so /healthz answers 503 instead of hanging until the worker is killed)."""

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections, transaction

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A second alias on an SQLite file, configured like the default database (a test database
    lives in memory, where two connections cannot share it)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings: PostgreSQL queues writers by itself")
    alias = "concurrent_file"
    connections.settings[alias] = {**connection.settings_dict, "NAME": str(tmp_path / "db.sqlite3")}
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, thread INTEGER, n INTEGER)")
            cursor.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_sqlite_writers_queue_instead_of_failing_with_database_is_locked(file_database):
    """200 read-then-write saves from 8 threads, as 8 gunicorn workers' requests would make."""
    errors = []
    start = threading.Barrier(8)

    def work(thread):
        try:
            start.wait()
            for _ in range(25):
                with (
                    transaction.atomic(using=file_database),
                    connections[file_database].cursor() as cursor,
                ):
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    (n,) = cursor.fetchone()
                    cursor.execute("INSERT INTO saves (thread, n) VALUES (%s, %s)", [thread, n])
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (200,)
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT n) FROM saves")
        assert cursor.fetchone() == (200, 200)  # no lost update: each save saw the one before
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_health_answers_503_when_the_database_accepts_but_never_answers(silent_server):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{silent_server}/never",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    script = (
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, r.json()['database'])"
    )
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=30,  # gunicorn's worker timeout: later than this, a worker is killed (500)
        )
    except subprocess.TimeoutExpired:
        pytest.fail("/healthz did not answer before the worker timeout")
    assert result.stdout.split() == ["503", "unavailable"], result.stderr[-2000:]
