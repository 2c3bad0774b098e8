"""Serve the demo under gunicorn and load it (never part of the test suite).

    .venv/bin/python bench/serve.py [--seconds 10] [--rounds 1] [--database-url URL] [--logged-in]

Sets up a database of its own (a temporary SQLite file unless ``--database-url`` names an empty
one) with the demo data, collects the static files to a temporary directory, then for the read
cache off and on in turn starts gunicorn (2 sync workers, ``DEBUG=False``, a throwaway
``SECRET_KEY``) on a loopback port, loads ``/healthz``, a trivial view (the redirect of ``/favicon.ico``:
the floor of any view behind the middleware), the dashboard and the API for a bounded
time each (wrk, 2 threads × 8 connections, when installed; else a Python client) and stops it.
Prints requests per second, p50/p99 latency and errors per path, and each path's requests per
second as a share of ``/healthz``'s in the same run. ``--rounds N`` loads every path in turn N
times and reports the medians, each share taken against the same round's ``/healthz``: on a
machine whose speed drifts (two runs minutes apart here differed by a fifth) one round can
mislead.

By default the dashboard is public for the run (``PUBLIC_DASHBOARD=True``: no session to read);
``--logged-in`` reads it as a logged-in official instead (a session and a user per request).
Requests carry a CSRF cookie, as a returning browser's do. ``--conn-max-age`` sets the app's
``CONN_MAX_AGE`` (persistent database connections; 0, a connection per request, by default).
"""

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PATHS = {
    "/healthz": "/healthz",
    # The least a view costs here: a redirect through every middleware and the URL resolver
    # (/healthz answers from the first middleware, before any of that).
    "a redirect": "/favicon.ico",
    "dashboard": "/?year=2021",
    "API": "/api/v1/achievement?year=2021",
}
EXPECTED = {"a redirect": 301}
TARGETS = {False: 0.25, True: 0.60}  # the dashboard's share of /healthz, cache off / on


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment(database_url, static_root):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="serve_settings",
        BENCH_STATIC_ROOT=str(static_root),
        PYTHONPATH=os.pathsep.join([str(REPO_ROOT / "bench"), str(REPO_ROOT)]),
        # gunicorn reads the checkout's gunicorn.conf.py; of its production settings the bench
        # turns off the access log (a line per request to this terminal) and the restart of a
        # worker every 1,000 requests (which empties its local-memory cache mid-run).
        GUNICORN_ACCESS_LOG="",
        GUNICORN_MAX_REQUESTS="0",
        WEB_CONCURRENCY="2",
    )
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [PYTHON, str(REPO_ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare(env):
    """Migrate, load the demo data, collect the static files."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--no-user")
    manage(env, "collectstatic", "--noinput")


def session_cookie(env, username="bench.pimpinan"):
    """A logged-in session of an official (role Pimpinan), made directly in the database."""
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.auth.models import Group\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from indicators import roles\n"
        f"user, _ = get_user_model().objects.get_or_create(username={username!r})\n"
        "user.groups.set([Group.objects.get(name=roles.OFFICIAL)])\n"
        "session = SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'core.auth_backend.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(session.session_key)\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True, cwd=REPO_ROOT
    )
    return f"sessionid={out.stdout.strip().splitlines()[-1]}"


@contextlib.contextmanager
def gunicorn(env, port, workers=2, timeout=30):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "bekasi_plan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            str(timeout),
        ],
        env=env,
        cwd=REPO_ROOT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _body, _first = fetch(port, "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(port, path, cookie=None):
    """(status, body, seconds to the first byte of the response)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        first = time.perf_counter() - started
        return response.status, response.read(), first
    finally:
        connection.close()


def load_wrk(port, path, seconds, cookie):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {
        share: _milliseconds(re.search(rf"^\s+{share}%\s+([\d.]+\w+)", out, re.M).group(1))
        for share in ("50", "99")
    }
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return rps, latency["50"], latency["99"], errors


def _milliseconds(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load_python(port, path, seconds, cookie, connections=8):
    """The same bounded load from Python threads (when wrk is not installed)."""
    times, errors = [], [0]
    stop = time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, _body, _first = fetch(port, path, cookie)
                ok = status == 200
            except OSError:
                ok = False
            times.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return len(times) / seconds, statistics.median(times), p99, errors[0]


def measure(env, seconds, cookie, *, cached, rounds=1):
    """{path name: [(req/s, p50, p99, errors) per round]}: every path is loaded in turn, ``rounds``
    times over, so that each round's share of /healthz compares loads minutes apart at most."""
    env = {**env, "READ_CACHE": str(cached)}
    port = free_port()
    load = load_wrk if shutil.which("wrk") else load_python
    results = {name: [] for name in PATHS}
    with gunicorn(env, port):
        for name, path in PATHS.items():
            status, body, _first = fetch(port, path, cookie)
            if status != EXPECTED.get(name, 200):
                raise SystemExit(f"{name} answered {status}: {body[:200]!r}")
            load(port, path, max(1, seconds // 5), cookie)  # warm-up: imports, caches
        for _round in range(rounds):
            for name, path in PATHS.items():
                results[name].append(load(port, path, seconds, cookie))
    return results


def report(results, cached):
    """Print the table (the median of the rounds) and return whether the target is met: the
    median of the rounds' dashboard shares, each against the same round's /healthz."""
    rounds = len(results["/healthz"])
    shares = {
        name: [run[0] / healthz[0] for run, healthz in zip(runs, results["/healthz"], strict=True)]
        for name, runs in results.items()
    }
    print(
        f"read cache {'on' if cached else 'off'}"
        + (f", median of {rounds} rounds" if rounds > 1 else "")
    )
    print(f"  {'path':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'of /healthz':>13}")
    for name, runs in results.items():
        rps, p50, p99 = (statistics.median(run[i] for run in runs) for i in range(3))
        errors = sum(run[3] for run in runs)
        share = f"{statistics.median(shares[name]):.0%}"
        print(f"  {name:<12}{rps:>9.1f}{p50:>9.2f}{p99:>9.2f}{errors:>8}{share:>13}")
    dashboard = statistics.median(shares["dashboard"])
    if rounds > 1:
        print(
            "  dashboard's share per round: " + ", ".join(f"{s:.0%}" for s in shares["dashboard"])
        )
    verdict = "meets" if dashboard >= TARGETS[cached] else "MISSES"
    print(
        f"  dashboard at {dashboard:.0%} of /healthz: {verdict} the target ≥ {TARGETS[cached]:.0%}"
    )
    print()
    return dashboard >= TARGETS[cached] and not any(
        run[3] for runs in results.values() for run in runs
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load per path (default 10)")
    parser.add_argument("--database-url", help="an empty database of its own (default: SQLite)")
    parser.add_argument("--logged-in", action="store_true", help="read as a logged-in official")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="load every path in turn this many times and report the medians (default 1)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="CONN_MAX_AGE of the app (default 0: a database connection per request)",
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.seconds < 1:
        parser.error("--rounds and --seconds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="rpjmd-serve-") as work:
        database_url = args.database_url or f"sqlite:///{work}/serve.sqlite3"
        env = base_environment(database_url, Path(work) / "static")
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
        print(f"setting up {database_url.split('@')[-1]} with the demo data …", flush=True)
        prepare(env)
        # A returning browser sends the CSRF cookie it was given (a new one costs a new secret).
        cookie = f"csrftoken={secrets.token_hex(16)}"
        if args.logged_in:
            cookie += "; " + session_cookie(env)
        else:
            env["PUBLIC_DASHBOARD"] = "True"
        tool = "wrk 2 threads × 8 connections" if shutil.which("wrk") else "Python, 8 threads"
        print(f"gunicorn 2 sync workers, DEBUG=False, CONN_MAX_AGE={args.conn_max_age}; {tool}; "
              f"{args.seconds} s per path; {'logged in' if args.logged_in else 'public dashboard'}\n")  # fmt: skip
        ok = True
        for cached in (False, True):
            results = measure(env, args.seconds, cookie, cached=cached, rounds=args.rounds)
            ok &= report(results, cached)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
