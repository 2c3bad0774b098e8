"""The admin's background upload under gunicorn: every request returns at once.

    DATABASE_URL=... .venv/bin/python bench/workbook_upload.py [--indicators 4000] [--port 8765]

Migrates the (empty, own) database, makes an active plan and a planner login, writes the
benchmark workbook (``workbook_import.generate``), then serves the app with gunicorn (2 workers,
``DEBUG=False``) and a ``db_worker`` beside it, and drives the admin over HTTP on 127.0.0.1 only:
log in, upload, poll the progress page until the preview lists the values, confirm, poll until
the result. Prints how long each kind of request took (the longest) and how long the preview and
the import took in the background. Stops both processes at the end. Never run by the tests.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workbook_import  # noqa: E402  (the generator of the benchmark workbook)

REPO_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-" + secrets.token_urlsafe(8)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser: cookies (secure ones too, on loopback), forms, timings."""

    def __init__(self, port):
        self.port, self.cookies, self.timings = port, {}, {}

    def request(self, kind, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        seconds = time.perf_counter() - started
        self.timings.setdefault(kind, []).append(seconds)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _eq, cookie = pair.partition("=")
                self.cookies[key.strip()] = cookie.strip()
        return response.status, response.getheader("Location"), text

    def form(self, kind, path, fields, page):
        found = CSRF.search(page)
        if found is None:
            sys.exit(f"no form on the page before {path}:\n{page[:1000]}")
        token = found[1]
        body = "&".join(
            f"{k}={v}" for k, v in {**fields, "csrfmiddlewaretoken": token}.items()
        ).encode()
        return self.request(
            kind, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def upload(self, kind, path, field, filename, data, page):
        token = CSRF.search(page)[1]
        boundary = "----bench" + secrets.token_hex(8)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{token}\r\n--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            kind, "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def prepare(indicators):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekasi_plan.settings")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from indicators.models import Plan

    call_command("migrate", verbosity=0)
    code = f"bench-upload-{indicators}"
    if Plan.objects.filter(code=code).exists():
        sys.exit(f"{code} exists already: use an empty database")
    Plan.objects.update(is_active=False)
    Plan.objects.create(
        code=code, name=code, start_year=2018, end_year=2023, visi="bench", is_active=True
    )
    user, _created = get_user_model().objects.get_or_create(username="bench-planner")
    user.is_staff = user.is_superuser = True
    user.set_password(PASSWORD)
    user.save()


def wait_for(browser, path, marker, kind, limit=600):
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        status, _location, page = browser.request(kind, "GET", path)
        if marker in page:
            return time.perf_counter() - started, page
        if (
            'id="workbook-failed"' in page
            or 'class="errorlist"' in page
            and "workbook-progress" not in page
        ):
            sys.exit(f"the upload failed:\n{page[:2000]}")
        time.sleep(0.5)
    sys.exit(f"{marker} did not appear within {limit} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=4000)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    prepare(args.indicators)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        workbook_import.generate(str(path), args.indicators)
        env = {
            **workbook_import.production_env(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "MEDIA_ROOT": str(Path(folder) / "media"),
        }
        # DEBUG=False serves hashed static files: collect them first (into STATIC_ROOT).
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
        bin_dir = Path(sys.executable).parent
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "bekasi_plan.wsgi",
                "-w",
                "2",
                "--timeout",
                "30",
                "-b",
                f"127.0.0.1:{args.port}",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            browser = Browser(args.port)
            for _attempt in range(300):
                try:
                    status, _l, page = browser.request("login page", "GET", "/admin/login/")
                    break
                except OSError:
                    time.sleep(0.1)
            browser.timings.pop("login page", None)  # the first, while gunicorn starts
            browser.form(
                "login",
                "/admin/login/",
                {"username": "bench-planner", "password": PASSWORD, "next": "/admin/"},
                page,
            )
            base = "/admin/indicators/indicator/workbook/"
            _s, _l, page = browser.request("upload page", "GET", base + "upload/")
            status, location, _page = browser.upload(
                "upload (POST)", base + "upload/", "file", "bench.xlsx", path.read_bytes(), page
            )
            if status != 302:
                sys.exit(f"upload answered {status}")
            status_path = location.replace(f"http://127.0.0.1:{args.port}", "")
            preview, page = wait_for(browser, status_path, 'id="workbook-changes"', "progress poll")
            browser.form("confirm (POST)", status_path + "confirm/", {"confirm": "1"}, page)
            imported, page = wait_for(
                browser, status_path, 'id="workbook-imported"', "progress poll"
            )
            result = {
                "indicators": args.indicators,
                "preview_seconds": round(preview, 2),
                "import_seconds": round(imported, 2),
                "requests": {
                    kind: {"count": len(times), "longest_seconds": round(max(times), 3)}
                    for kind, times in browser.timings.items()
                },
            }
            print(json.dumps(result, indent=2))
            longest = max(max(times) for times in browser.timings.values())
            print(f"longest request: {longest:.3f} s")
        finally:
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
