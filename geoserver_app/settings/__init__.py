"""Settings of the server, every value from the environment.

Profiles: ``PINGDING_PROFILE=development`` (the default: DEBUG on, a throwaway secret key, local PostGIS)
and ``PINGDING_PROFILE=production``, which refuses to start with DEBUG on or without a real
``DJANGO_SECRET_KEY``. ``DATABASE_URL`` selects the PostGIS database (``postgis://`` or ``postgres://``).
Every ``PINGDING_*`` setting is read from the environment through one table (``app_settings``: the project's own
and each app's ``DEFAULTS``), typed by its default; apps read them through their ``conf`` modules, so tests can
override them.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from web.cors import cors_settings

from .app_settings import app_values, project_values
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

PROFILE = env_str("PINGDING_PROFILE", "development")
if PROFILE not in {"development", "production"}:
    raise ImproperlyConfigured(f"PINGDING_PROFILE={PROFILE!r}: use 'development' or 'production'.")

_DEV_SECRET = "development-only-not-secret"
DEBUG = env_bool("DJANGO_DEBUG", PROFILE == "development")
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET if PROFILE == "development" else "")

if PROFILE == "production":
    if DEBUG:
        raise ImproperlyConfigured("PINGDING_PROFILE=production refuses DJANGO_DEBUG on; unset it or set it to 0.")
    if len(SECRET_KEY) < 32 or SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured(
            "PINGDING_PROFILE=production needs DJANGO_SECRET_KEY set to a random string of 32+ characters, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
# Links take the request's Host only, checked against ALLOWED_HOSTS; behind a proxy, set PINGDING_PUBLIC_URL instead
# of trusting X-Forwarded-Host/-Proto, which any client can send (web.public_url).
USE_X_FORWARDED_HOST = False
SECURE_PROXY_SSL_HEADER = None

_project = project_values(BASE_DIR)
globals().update(_project)
globals().update(app_values(BASE_DIR))
globals().update(cors_settings(_project["PINGDING_CORS_ORIGINS"]))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "corsheaders",
    "axes",
    "accounts",
    "apidocs",
    "layers",
    "cases",
    "tiles",
    "tiles.viewer",
    "maps",
    "seeds",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "layers.imports",
    "cases.patrols",
    "cases.worktime",
    "metrics",
]

MIDDLEWARE = [
    "web.metrics.MetricsMiddleware",  # first: it counts every answer, the JSON errors of the others included
    "geoserver_app.middleware.RequestLogMiddleware",
    "web.cors.ReadOnlyCorsMiddleware",
    "web.middleware.JsonErrorMiddleware",
    "web.dbrouter.ReadReplicaMiddleware",  # inside JsonErrorMiddleware: it sees a failed replica read first
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrincipalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a lockout that authentication flagged on the request
]
# /metrics (metrics/): the worker processes' values are files of this directory, summed at scrape time;
# prometheus_client reads the same variable when first imported. geoserver_app.server sets it and empties it at start.
PROMETHEUS_MULTIPROC_DIR = env_str("PROMETHEUS_MULTIPROC_DIR", "")

CSRF_FAILURE_VIEW = "geoserver_app.errors.csrf_failure"

# Sign-in: sessions for the browser (/accounts/login), API tokens for systems (accounts.middleware). django-axes
# refuses a username from one address after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", "accounts.backends.AccountBackend"]
LOGIN_URL = "/accounts/login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The job queue: django-tasks' database backend, in the same PostgreSQL (no broker to run). ``manage.py jobs_worker``
# takes the jobs; ``jobs.services.job_enqueue`` writes our Job row and the queue entry in one transaction.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "geoserver_app.urls"
WSGI_APPLICATION = "geoserver_app.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://pingding:pingding@127.0.0.1:5432/pingding"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        engine="django.contrib.gis.db.backends.postgis",
    )
}

# A streaming replica of the primary (scripts/replica.sh) for the reads of web.dbrouter; the test run mirrors it onto
# the test database (the live tests start servers with a real replica). Health checks: a stopped replica's
# persistent connection is found broken before use, and the reads fall back to the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True, engine="django.contrib.gis.db.backends.postgis",
    )
    DATABASES["replica"]["OPTIONS"] = {"application_name": "pingding-replica-read", "connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["web.dbrouter.ReadReplicaRouter"]

# pytest-django creates this database; a per-process name lets several test runs share one cluster.
DATABASES["default"]["TEST"] = {"NAME": env_str("PINGDING_TEST_DB_NAME", f"test_pingding_{os.getpid()}")}

# Debian 12 ships GDAL 3.6, which cannot block file and network access of spatial references. The server never
# hands a client's spatial reference to GDAL: CRSs come only from the table in spatial/crs.py.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "geoserver_app" / "static"]
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "pingding": {"handlers": ["console"], "level": _project["PINGDING_LOG_LEVEL"]},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}
