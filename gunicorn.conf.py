"""gunicorn's settings, read from the environment (the image runs ``gunicorn -c gunicorn.conf.py``).

| variable | default | meaning |
|---|---|---|
| `PORT` / `GUNICORN_BIND` | `8000` / `0.0.0.0:$PORT` | where to listen |
| `WEB_CONCURRENCY` | 2 × cores + 1 (at most 12) | worker processes |
| `GUNICORN_THREADS` | `1` | threads per worker (more than 1 uses the gthread worker) |
| `GUNICORN_TIMEOUT` | `30` | seconds a request may take before its worker is killed and restarted |
| `GUNICORN_GRACEFUL_TIMEOUT` | `30` | seconds a worker has to finish its requests on restart or shutdown |
| `GUNICORN_KEEPALIVE` | `5` | seconds a connection from the reverse proxy is kept open |
| `GUNICORN_MAX_REQUESTS`, `GUNICORN_MAX_REQUESTS_JITTER` | `1000`, `100` | a worker is replaced after that many requests (plus a random part, so they do not all restart at once) |
| `GUNICORN_PRELOAD` | `True` | load the app once before forking (less memory, a broken build fails at start) |
| `GUNICORN_ACCESS_LOG` | `-` | access log file (`-`: standard output; empty: none) |

The access log line carries the request id (``X-Request-ID``, set by core.request_id) and the
duration in milliseconds, so a slow request in the access log can be found in the app's log.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.getenv(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"Unexpected value {name}={value!r}, use a whole number") from None


def _bool(name, default):
    value = os.getenv(name, default)
    if value not in ("True", "False"):
        raise SystemExit(f"Unexpected value {name}={value!r}, use 'True' or 'False'")
    return value == "True"


bind = os.getenv("GUNICORN_BIND", f"0.0.0.0:{_int('PORT', 8000)}")
workers = _int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
preload_app = _bool("GUNICORN_PRELOAD", "True")

accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.getenv("LOG_LEVEL", "INFO").lower()
# time, client, request line, status, bytes, duration (ms), request id, user agent
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
# The reverse proxy's address is trusted for X-Forwarded-* (set FORWARDED_ALLOW_IPS to its address
# when it does not run on the same host or network namespace).
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Worker heartbeat files in memory, not on a container's overlay disk (a slow disk would make
# gunicorn think a busy worker hangs).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_fork(server, worker):
    # Connections opened while preloading must not be shared between forked workers.
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()
