"""How fast ``/healthz`` answers while the dashboard is under load (never part of the test suite).

    .venv/bin/python bench/health_under_load.py [--seconds 15] [--database-url URL]

Sets up a database of its own with the demo data as ``serve.py`` does, then for each way of
serving starts gunicorn from ``gunicorn.conf.py`` (2 workers, ``DEBUG=False``, read cache off, so
every dashboard request computes its page), loads the public dashboard with wrk (2 threads × 16
connections) and meanwhile asks ``/healthz`` once every 0.2 s from one more connection, as a load
balancer does: on the app's port (sync workers; threaded workers), and on ``HEALTH_PORT``. Prints the health check's p50, p95 and slowest answer and how many took longer
than the load balancer's timeout (8 s, the image's HEALTHCHECK), beside the dashboard's
requests per second.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import PYTHON, REPO_ROOT, base_environment, fetch, free_port, prepare  # noqa: E402

WAYS = {
    "2 sync workers": {"WEB_CONCURRENCY": "2"},
    "2 workers x 4 threads": {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"},
    # the health check on its own port, answered by a thread in each worker
    "2 sync + HEALTH_PORT": {"WEB_CONCURRENCY": "2", "HEALTH_PORT": "probe"},
}
LB_TIMEOUT = 8.0


def serving(env, port):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "bekasi_plan.wsgi:application"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": ""},
        cwd=REPO_ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def measure(env, seconds):
    port = free_port()
    health = port
    if env.get("HEALTH_PORT") == "probe":
        health = free_port()
        env = {**env, "HEALTH_PORT": str(health), "HEALTH_HOST": "127.0.0.1"}
    process = serving(env, port)
    try:
        fetch(port, "/?year=2021")  # warm-up
        load = subprocess.Popen(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "30s",
             f"http://127.0.0.1:{port}/?year=2021"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1)  # the queue fills
        probes, stop = [], time.monotonic() + seconds - 2

        def probe():
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    ok = fetch(health, "/healthz")[0] == 200
                except OSError:
                    ok = False
                probes.append((time.perf_counter() - started, ok))
                time.sleep(0.2)

        prober = threading.Thread(target=probe)
        prober.start()
        prober.join()
        out = load.communicate()[0]
        rps = float(next(line.split()[1] for line in out.splitlines() if "Requests/sec" in line))
    finally:
        process.terminate()
        process.wait(timeout=30)
    times = sorted(seconds for seconds, _ok in probes)
    failed = sum(1 for _seconds, ok in probes if not ok)
    return {
        "probes": len(times),
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95)],
        "max": times[-1],
        "over": sum(1 for t in times if t > LB_TIMEOUT) + failed,
        "rps": rps,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--database-url", help="an empty database of its own (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rpjmd-health-") as work:
        database_url = args.database_url or f"sqlite:///{work}/health.sqlite3"
        env = base_environment(database_url, Path(work) / "static")
        env.update(PUBLIC_DASHBOARD="True", READ_CACHE="False")
        print(f"setting up {database_url.split('@')[-1]} with the demo data …", flush=True)
        prepare(env)
        print(
            f"/healthz every 0.2 s while wrk loads the dashboard (16 connections), {args.seconds} s\n"
        )
        print(f"{'serving':<24}{'probes':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
              f"{'> 8 s':>7}{'dashboard req/s':>17}")  # fmt: skip
        for name, extra in WAYS.items():
            r = measure({**env, **extra}, args.seconds)
            print(f"{name:<24}{r['probes']:>7}{r['p50'] * 1000:>9.1f}{r['p95'] * 1000:>9.1f}"
                  f"{r['max'] * 1000:>9.1f}{r['over']:>7}{r['rps']:>17.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
