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
    "workbooks",
    "demo",
]

# Background tasks (workbook uploads): the database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Object permissions (django-rules, indicators/permissions.py) before the role's model permissions.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The dashboard's and the API's results are cached under the plan's data version, which every
# write moves on (indicators/read_cache.py): never stale. Local memory per process by default
# (at most 1,000 entries, the largest a dashboard page of some 40 KB); with REDIS_URL
# (redis://…) one Redis serves every app server (Django's backend; it needs the redis client
# package installed). READ_CACHE=False computes every read afresh.
READ_CACHE = envbool("READ_CACHE", "True")
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rpjmd-reads",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    )
}

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
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
