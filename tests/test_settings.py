"""Settings come from the environment and refuse unsafe or unreadable values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def check(env, *args):
    ignored = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests set the last
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = check({"DEBUG": "False", "ALLOWED_HOSTS": "plan.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = check({"DEBUG": "False", "SECRET_KEY": "short", "ALLOWED_HOSTS": "x.org"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize("value", ["yes", "1", "true"])
def test_a_boolean_setting_refuses_anything_but_true_or_false(value):
    result = check({"DEBUG": value})
    assert result.returncode != 0
    assert f"Unexpected value DEBUG='{value}'" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = check(
        {
            "DEBUG": "False",
            "SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "plan.example.org",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_defaults_use_sqlite_in_indonesian_and_jakarta_time(settings):
    from django.conf import settings as live

    assert live.LANGUAGE_CODE == "id"
    assert [code for code, _ in live.LANGUAGES] == ["id", "en"]
    assert live.TIME_ZONE == "Asia/Jakarta"


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAX_UPLOAD_MB", "abc"), ("EVIDENCE_MAX_MB", "2.5"), ("CONN_MAX_AGE", "-1")],
)
def test_a_numeric_setting_refuses_what_is_not_a_whole_number(name, value):
    result = check({name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Unexpected value {name}='{value}'" in result.stderr
    assert "ValueError" not in result.stderr


PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "plan.example.org",
}


def production_setting(name, env=()):
    code = f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(PRODUCTION, **dict(env))
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_preload_is_off_unless_asked_for_and_its_seconds_come_from_the_environment():
    assert production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("SECURE_HSTS_PRELOAD", {"SECURE_HSTS_PRELOAD": "True"}) == "True"
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("SECURE_HSTS_SECONDS", {"SECURE_HSTS_SECONDS": "600"}) == "600"


def test_deploy_check_is_clean_with_preload_asked_for_too():
    result = check(
        {**PRODUCTION, "SECURE_HSTS_PRELOAD": "True"}, "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
