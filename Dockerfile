# Production image: gunicorn serving the app (gunicorn.conf.py, settings from the environment),
# static files by WhiteNoise. Run with at least SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS set;
# `manage.py migrate` (and, with CACHE_BACKEND=db, `manage.py createcachetable`) on each release.
# The same image runs the task worker: `python manage.py db_worker` (see compose.yaml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=False \
    MEDIA_ROOT=/data/media

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exact versions from the lock file, every download checked against its hash (`make lock`).
COPY requirements.lock ./
RUN pip install --upgrade pip && pip install --require-hashes --no-deps -r requirements.lock
COPY . .

# Build-time only key: the running container must be given its own SECRET_KEY.
RUN SECRET_KEY=build-only-key-not-used-at-run-time-0123456789abcdefghijklmnop \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore .venv \
    && useradd --create-home --uid 10001 app \
    && mkdir -p /data/media \
    && chown -R app:app /app /data/media

USER app
EXPOSE 8000
VOLUME ["/data/media"]
# /healthz answers within HEALTH_DATABASE_TIMEOUT (2 s) once connected, DATABASE_CONNECT_TIMEOUT
# (5 s) when the database does not accept connections: 8 s leaves room for both.
HEALTHCHECK --interval=30s --timeout=8s --start-period=20s --retries=3 \
    CMD python -c "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.getenv('PORT', '8000'), timeout=7).status == 200 else 1)"
CMD ["gunicorn", "-c", "gunicorn.conf.py", "bekasi_plan.wsgi:application"]
