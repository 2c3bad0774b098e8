"""gunicorn.conf.py reads the environment, as gunicorn itself loads it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READ = (
    "import sys; from gunicorn.app.wsgiapp import WSGIApplication\n"
    "sys.argv = ['gunicorn', '-c', 'gunicorn.conf.py', 'bekasi_plan.wsgi:application']\n"
    "app = WSGIApplication(); c = app.cfg\n"
    "print(c.workers, c.threads, c.worker_class_str, c.timeout, c.graceful_timeout, "
    "c.max_requests, c.max_requests_jitter, c.preload_app, c.bind, c.access_log_format)\n"
)


def read_config(**environ):
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.pop("WEB_CONCURRENCY", None)
    env.pop("PORT", None)
    env.update(environ)
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result


def test_defaults_come_from_the_cores():
    result = read_config()
    assert result.returncode == 0, result.stderr
    workers, threads, worker_class, timeout, graceful, max_requests, jitter, preload, bind, log = (
        result.stdout.split(" ", 9)
    )
    assert int(workers) == min(os.cpu_count() * 2 + 1, 12)
    assert (threads, worker_class, timeout, graceful) == ("1", "sync", "30", "30")
    assert (max_requests, jitter, preload) == ("1000", "100", "True")
    assert bind == "['0.0.0.0:8000']"
    assert "%(M)sms" in log and "{x-request-id}o" in log


def test_every_setting_is_read_from_the_environment():
    result = read_config(
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="90",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        GUNICORN_PRELOAD="False",
        PORT="9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ")[:9] == [
        "3", "4", "gthread", "90", "20", "500", "50", "False", "['0.0.0.0:9000']"
    ]  # fmt: skip


@pytest.mark.parametrize("name, value", [("GUNICORN_TIMEOUT", "lama"), ("GUNICORN_PRELOAD", "ya")])
def test_a_wrong_value_stops_gunicorn_with_its_name(name, value):
    result = read_config(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr + result.stdout
