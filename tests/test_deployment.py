"""The deployment's environment read into settings, request ids, and the log line."""

import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import path

from bekasi_plan import deployment
from bekasi_plan import urls as project_urls
from core import request_id


def test_admins_are_read_as_names_and_addresses():
    assert deployment.admins_from("Tim TI <ti@bekasikota.go.id>, ops@example.go.id") == [
        ("Tim TI", "ti@bekasikota.go.id"),
        ("ops@example.go.id", "ops@example.go.id"),
    ]
    assert deployment.admins_from("") == []
    with pytest.raises(ImproperlyConfigured):
        deployment.admins_from("nobody")


def test_media_stay_on_the_local_disk_without_a_storage_setting():
    assert deployment.media_storage("", {}) == deployment.FILE_SYSTEM


def test_a_storage_url_gives_a_private_s3_storage():
    storage = deployment.media_storage(
        "s3://bukti/rpjmd?endpoint_url=http://minio:9000&region_name=ap-southeast-3", {}
    )
    assert storage["BACKEND"] == deployment.S3
    assert storage["OPTIONS"] == {
        "bucket_name": "bukti",
        "location": "rpjmd",
        "endpoint_url": "http://minio:9000",
        "region_name": "ap-southeast-3",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    bucket_only = deployment.media_storage("", {"AWS_STORAGE_BUCKET_NAME": "bukti"})
    assert bucket_only["OPTIONS"]["bucket_name"] == "bukti"


@pytest.mark.parametrize("url", ["http://bucket", "s3://", "s3://b?acl=public-read"])
def test_a_wrong_storage_url_stops_the_app(url):
    with pytest.raises(ImproperlyConfigured):
        deployment.media_storage(url, {})


def test_sentry_without_its_package_says_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_sentry(name, *args, **kwargs):
        if name == "sentry_sdk":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sentry)
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk"):
        deployment.sentry_init("https://key@sentry.example.org/1", {})


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced():
    assert request_id.request_id_from("abc-123") == "abc-123"
    replaced = request_id.request_id_from('x" injected=1')
    assert replaced != 'x" injected=1' and len(replaced) == 32
    assert len(request_id.request_id_from(None)) == 32


@pytest.mark.django_db
def test_every_response_carries_its_request_id(client):
    response = client.get("/masuk/", HTTP_X_REQUEST_ID="lb-42")
    assert response["X-Request-ID"] == "lb-42"
    first, second = client.get("/masuk/"), client.get("/masuk/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_log_lines_carry_time_level_logger_and_request_id():
    from django.conf import settings

    formatter = logging.Formatter(settings.LOGGING["formatters"]["line"]["format"])
    record = logging.LogRecord("indicators.services", logging.WARNING, __file__, 1, "hi", (), None)
    token = request_id.current.set("req-7")
    try:
        request_id.RequestIdFilter().filter(record)
    finally:
        request_id.current.reset(token)
    line = formatter.format(record)
    assert line.endswith(" WARNING indicators.services [req-7] hi")
    assert line[:4].isdigit()


def boom(request):
    raise RuntimeError("the disk is full")


urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]


@pytest.mark.django_db
def test_a_server_error_is_mailed_to_the_admins_with_its_request_id(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Tim TI", "ti@bekasikota.go.id")]
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_X_REQUEST_ID="lb-500")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-500"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ti@bekasikota.go.id"]
    assert message.subject.startswith("[RPJMD] ERROR")
    assert "the disk is full" in message.body
