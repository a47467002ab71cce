# syntax=docker/dockerfile:1
#
# Targets:
#   web (default)  the application: gunicorn, and with another command the
#                  worker, the scheduler and the migrations (docker-compose.yml)
#   proxy          nginx with the static files collected by this same build,
#                  so static files never lag behind the code that uses them

FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/srv/media \
    WEB_CONCURRENCY=3

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# Dependencies in their own layer, rebuilt only when pyproject.toml changes.
# The project declares no packages (the code runs from /app), so installing
# it installs exactly its dependencies.
COPY pyproject.toml /tmp/build/
RUN pip install /tmp/build && rm -rf /tmp/build

RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home buurtpunt

WORKDIR /app
COPY . .

# The settings must import to collect static files and compile messages.
# These values exist for this step only; nothing connects to the database.
RUN export SECRET_KEY=build-only-placeholder-never-used-at-runtime-0123456789 \
        ALLOWED_HOSTS=build.invalid \
        DATABASE_URL=postgres://build@build.invalid:5432/build \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && if find . -name '*.po' -path '*/LC_MESSAGES/*' | grep -q .; then \
           python manage.py compilemessages --verbosity 0; \
       fi

# The code stays owned by root; the app writes only uploaded media.
RUN mkdir -p /srv/media && chown buurtpunt:buurtpunt /srv/media

USER buurtpunt
EXPOSE 8000

# Sync workers with one thread each: the process-per-request model that
# core/postgresql_backend/base.py relies on. WEB_CONCURRENCY sets their number.
# No control socket: compose manages the processes, and $HOME is not writable.
CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "sync", \
     "--threads", "1", \
     "--no-control-socket", \
     "--timeout", "60", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-"]


FROM nginx:1.28-alpine AS proxy

COPY --from=app /app/var/static /srv/static


# The last stage is what `docker build .` produces: the application.
FROM app AS web
