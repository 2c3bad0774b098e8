"""Settings for the RPJMD achievement tracker.

Every setting comes from the environment (see README): the same code runs on a laptop, in CI and in
production. Defaults are safe for local use; production sets ``DEBUG=False`` and a real ``SECRET_KEY``.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bekasi_plan.deployment import admins_from, media_storage, replica_database, sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent

_INSECURE_KEY = "insecure-local-development-key-do-not-use-in-production"


def envbool(name, default):
    """Read a True/False variable; refuse anything else rather than guess."""
    value = os.getenv(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}, use 'True' or 'False'")
    return value == "True"


def envint(name, default, *, minimum=0):
    """Read a whole-number variable; refuse anything else (``abc``, ``2.5``, below ``minimum``)."""
    value = os.getenv(name, str(default)).strip()
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}, use a whole number (e.g. {default})"
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}, use at least {minimum}")
    return number


env = environ.Env()

DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=False")
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Whether visitors who are not logged in may read the dashboard (read by the dashboard views).
PUBLIC_DASHBOARD = envbool("PUBLIC_DASHBOARD", "False")
# Largest workbook accepted for import, in megabytes.
MAX_UPLOAD_MB = envint("MAX_UPLOAD_MB", 20, minimum=1)
# Largest evidence file (bukti dukung) attached to a realisation, in megabytes.
EVIDENCE_MAX_MB = envint("EVIDENCE_MAX_MB", 10, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "indicators",
    "budgets",
    "reports",
    "workbooks",
    "demo",
]

# Background tasks (workbook uploads): the database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages over a weak link: the dashboard's HTML shrinks from 58 KB to 7 KB. WhiteNoise above
    # serves static files already compressed; Django's GZip masks each response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "bekasi_plan.urls"
WSGI_APPLICATION = "bekasi_plan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.pages.public_dashboard",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 0)
# Seconds to wait for the database to accept a connection, and for one statement to finish: a
# database that accepts connections but never answers must not hold a worker (or /healthz) until
# gunicorn kills it.
DATABASE_CONNECT_TIMEOUT = envint("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
DATABASE_STATEMENT_TIMEOUT = envint("DATABASE_STATEMENT_TIMEOUT", 60, minimum=1)
# Seconds /healthz waits for the database's answer before reporting 503 (core/health.py).
HEALTH_DATABASE_TIMEOUT = envint("HEALTH_DATABASE_TIMEOUT", 2, minimum=1)
# Seconds an SQLite writer waits for the one before it (under gunicorn's 30 s worker timeout).
SQLITE_BUSY_TIMEOUT = envint("SQLITE_BUSY_TIMEOUT", 20, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing at once with "database is locked": WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock when a transaction starts (a read-then-write
    # transaction cannot deadlock against another), and the busy timeout is how long a writer waits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}")
# A read replica (DATABASE_REPLICA_URL): the dashboard's, the API's and the reports' reads go
# there; writes, reads inside a write transaction and a session's reads for a few seconds after its
# write stay on the primary (bekasi_plan/routers.py).
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "")
# Seconds after a write during which the same browser reads from the primary (replication lag).
REPLICA_STICKY_SECONDS = envint("REPLICA_STICKY_SECONDS", 5)
# The views (URL names) whose GET reads may use the replica: the read-only pages and the APIs.
REPLICA_VIEWS = env.list(
    "REPLICA_VIEWS",
    default=[
        "home",
        "perangkat_daerah",
        "indicator",
        "api_achievement",
        "revenue",
        "funding",
        "needs",
        "strategic_issues",
        "development_stages",
        "calendar",
        "api_revenue",
        "api_funding",
        "report_list",
        "report",
        "completeness",
        "open_data",
        "open_data_file",
    ],
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_database(env.db_url_config(DATABASE_REPLICA_URL), DATABASES)
    DATABASE_ROUTERS = ["bekasi_plan.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("core.request_id.RequestIdMiddleware") + 1,
        "bekasi_plan.routers.PrimaryAfterWriteMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Object permissions (django-rules, indicators/permissions.py) before the role's model permissions
# (Django's ModelBackend, its user and permission reads compiled once: core/auth_backend.py).
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "core.auth_backend.ModelBackend",
]

# The dashboard's and the API's results are cached under the plan's data version, which every
# write moves on (indicators/read_cache.py): never stale. Local memory per process by default
# (at most 1,000 entries, the largest a dashboard page of some 40 KB); with REDIS_URL
# (redis://…) one Redis serves every app server (Django's backend with the redis client);
# CACHE_BACKEND=db keeps it in a table of the database (`manage.py createcachetable` after
# migrate), shared by every app server without another service. READ_CACHE=False computes every
# read afresh.
READ_CACHE = envbool("READ_CACHE", "True")
REDIS_URL = os.getenv("REDIS_URL", "")
CACHE_BACKEND = os.getenv("CACHE_BACKEND", "redis" if REDIS_URL else "locmem")
CACHE_TABLE = "rpjmd_cache"
if CACHE_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE_BACKEND=redis needs REDIS_URL (redis://host:6379/0)")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif CACHE_BACKEND == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rpjmd-reads",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"Unexpected value CACHE_BACKEND={CACHE_BACKEND!r}, use 'locmem', 'db' or 'redis'"
    )

# Sessions in the database: a login made through one app server is valid on every other. Django's
# database engine, its lookup of a session compiled once (core/sessions.py).
SESSION_ENGINE = "core.sessions"

# Mail (the triwulan reminders: manage.py send_reminders). The console backend by default: mails
# are printed, none leaves the machine. For real mail set EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL, DEFAULT_FROM_EMAIL, or EMAIL_URL in one
# (below, beside the error mail). SITE_URL (e.g.
# https://rpjmd.example.go.id) makes the links in a mail absolute.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "rpjmd@localhost")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days before a triwulan's due date that send_reminders mails operators with missing values.
REMINDER_DAYS = envint("REMINDER_DAYS", 3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media (evidence, uploaded workbooks between preview and confirm): the local disk (MEDIA_ROOT), or
# any S3-compatible store when STORAGE_URL=s3://BUCKET[/PREFIX][?endpoint_url=…&region_name=…]
# or AWS_STORAGE_BUCKET_NAME is set (django-storages; credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY). Files stay private: read through the app, never by a public address.
STORAGE_URL = os.getenv("STORAGE_URL", "")
STORAGES = {
    "default": media_storage(STORAGE_URL, os.environ),
    "staticfiles": {
        # Hashed, compressed names in production; plain names where the test server must find them.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-import-export: only planning staff may import single models through the admin.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
    # Preloading puts the domain (and, with subdomains, every host under it) in the browsers'
    # built-in HTTPS-only lists for months, beyond this app's reach to undo: only on request.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    if not SECURE_HSTS_PRELOAD:
        # The deploy check's warning that the site cannot join the preload list: by choice.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Errors: every unhandled error of a request is mailed to ADMINS ("Name <address>, …") when
# DEBUG=False; mail goes out through EMAIL_URL (smtp+tls://user:password@host:587 for STARTTLS,
# smtps:// for TLS: see django-environ), from SERVER_EMAIL. With SENTRY_DSN set (and sentry-sdk
# installed, which the lock file does not hold), errors also go to Sentry.
ADMINS = admins_from(os.getenv("ADMINS", ""))
MANAGERS = ADMINS
SERVER_EMAIL = os.getenv("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.getenv("EMAIL_URL"):
    globals().update(env.email_url("EMAIL_URL"))
EMAIL_SUBJECT_PREFIX = "[RPJMD] "
SENTRY_DSN = os.getenv("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_init(SENTRY_DSN, os.environ)

# One line per record: time, level, logger, the request's id (core/request_id.py), the message.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # WeasyPrint (report PDFs) tells every layout step at INFO.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}


# --- Login throttling (django-axes) -------------------------------------------------------------
# Failed logins are counted per user name and client address together (core/login_throttle.py):
# LOGIN_FAILURE_LIMIT failures lock that pair out for LOGIN_COOLOFF_MINUTES; the login page and the
# admin login then say so in Indonesian (status 429). Behind reverse proxies, TRUSTED_PROXY_COUNT
# says how many of them append to X-Forwarded-For (0: the address is REMOTE_ADDR).
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS.insert(0, "core.login_throttle.LoginThrottleBackend")
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner in every command; lockouts are still logged
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.login_throttle.client_address"
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# --- Content-Security-Policy (django-csp) -------------------------------------------------------
# Scripts only from our own static files (chart data travels as JSON blocks, no inline code or
# event handlers); no plugins, no framing, no foreign <base>. Styles too only from files: plotly's
# rules come as its own plotly.css (templates/_chart_scripts.html), and the one third-party admin
# template with inline code or styles is overridden (templates/admin/import_export/export.html).
# Scripts setting element.style (plotly, the admin's widgets) are not inline styles to the policy.
# The vendored plotly.js-basic bundle compiles no code at run time: no 'unsafe-eval'.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

# --- The public page and open data -------------------------------------------------------------
# PUBLIC_DASHBOARD (above) opens the dashboard, drill-down, indicator, money and context pages and
# /data/ to visitors. The licence every open-data file carries (its first line, or "lisensi").
OPEN_DATA_LICENCE = os.getenv(
    "OPEN_DATA_LICENCE",
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.id): "
    "sebutkan sumbernya, Pemerintah Kota Bekasi",
)
# Visitors switch the language with a link (core/language.py), so their pages hold no CSRF token;
# the dashboard's address then answers them from the read cache ahead of the other middleware.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("core.language.language_links")
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.health.HealthCheckMiddleware") + 1,
    "indicators.public_fast_path.PublicDashboardFastPath",
)
