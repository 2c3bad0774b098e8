"""Reading the deployment's environment into settings: error mail recipients, the media storage,
the read replica and the optional Sentry hook. Plain functions, so that settings.py stays a list
of settings and each rule here can be tested alone.
"""

from email.utils import getaddresses
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"
# STORAGE_URL's query may set these options of django-storages' S3 storage.
S3_URL_OPTIONS = {
    "endpoint_url",
    "region_name",
    "custom_domain",
    "addressing_style",
    "signature_version",
}


def admins_from(value):
    """``ADMINS="Ops <ops@example.go.id>, dev@example.go.id"`` → [("Ops", "ops@…"), ("dev@…", …)]."""
    admins = []
    for name, address in getaddresses([value]):
        if not address:
            continue
        if "@" not in address:
            raise ImproperlyConfigured(f"ADMINS: {address!r} is not an e-mail address")
        admins.append((name or address, address))
    return admins


def media_storage(storage_url, environ):
    """The default storage: S3 when ``STORAGE_URL`` (``s3://bucket/prefix?endpoint_url=…``) or
    ``AWS_STORAGE_BUCKET_NAME`` is given, the local disk (``MEDIA_ROOT``) otherwise."""
    options = {}
    if storage_url:
        parts = urlsplit(storage_url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(
                f"Unexpected value STORAGE_URL={storage_url!r}, use s3://BUCKET[/PREFIX][?endpoint_url=…]"
            )
        options["bucket_name"] = parts.netloc
        if parts.path.strip("/"):
            options["location"] = parts.path.strip("/")
        for key, value in parse_qsl(parts.query):
            if key not in S3_URL_OPTIONS:
                raise ImproperlyConfigured(
                    f"STORAGE_URL: unknown option {key!r}; use {', '.join(sorted(S3_URL_OPTIONS))}"
                )
            options[key] = value
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options["bucket_name"] = environ["AWS_STORAGE_BUCKET_NAME"]
    else:
        return dict(FILE_SYSTEM)
    # Evidence is private: no public ACL, addresses signed, a file of the same name never replaced.
    options.update({"default_acl": None, "querystring_auth": True, "file_overwrite": False})
    return {"BACKEND": S3, "OPTIONS": options}


def replica_database(replica, databases):
    """The replica's settings: its own address, the primary's options (timeouts, pooling); in
    tests the same database as the primary (``TEST: MIRROR``)."""
    primary = databases["default"]
    if replica["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must use the same engine as DATABASE_URL")
    replica.setdefault("CONN_MAX_AGE", primary.get("CONN_MAX_AGE", 0))
    options = dict(primary.get("OPTIONS", {}))
    options.update(replica.get("OPTIONS", {}))
    replica["OPTIONS"] = options
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def sentry_init(dsn, environ):
    """Send errors to Sentry. sentry-sdk is not in the lock file: install it in the image to use."""
    try:
        import sentry_sdk
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed (pip install 'sentry-sdk>=2,<3')"
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
