"""/healthz on its own port (HEALTH_PORT), answered by a thread beside the app's workers."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from bekasi_plan import health_server

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(port, path="/healthz", method="GET", timeout=5):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def listener():
    port = free_port()
    server = health_server.start("127.0.0.1", port)
    yield port
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_the_health_port_answers_the_check_and_nothing_else(listener):
    assert ask(listener) == (200, b'{"status": "ok", "database": "ok"}')
    assert ask(listener, "/healthz/")[0] == 200
    assert ask(listener, method="HEAD") == (200, b"")
    assert ask(listener, "/")[0] == 404
    assert ask(listener, "/admin/")[0] == 404


@pytest.mark.django_db(transaction=True)
def test_the_health_port_answers_503_when_the_database_does_not(listener):
    with mock.patch.object(health_server, "database_answers", return_value=False):
        status, body = ask(listener)
    assert status == 503 and b"unavailable" in body


def test_every_gunicorn_worker_serves_the_health_port(tmp_path):
    app_port, health_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/health.sqlite3",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "HEALTH_PORT": str(health_port),
        "HEALTH_HOST": "127.0.0.1",
        "GUNICORN_ACCESS_LOG": "",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "bekasi_plan.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline, answers = time.monotonic() + 30, []
        while time.monotonic() < deadline and len(answers) < 5:
            try:
                answers.append(ask(health_port))
            except OSError:
                time.sleep(0.2)
        assert answers and all(status == 200 for status, _body in answers), answers
        assert ask(app_port)[0] == 200  # the app's own port answers it as before
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    # The listener goes with the workers.
    with pytest.raises(OSError):
        ask(health_port, timeout=1)
