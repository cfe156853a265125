"""Settings for KKR Monitor, read from environment variables (see README, "Konfiguration").

Development defaults are safe to run on a laptop; production (`KKR_DEBUG=0`, the default unless
`make run` has made a development key in var/) requires `KKR_SECRET_KEY` and `KKR_ALLOWED_HOSTS`,
and turns on secure cookies and HSTS.
"""

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from kkrmonitor.env import ConfigError, env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = env_path("KKR_DATA_DIR", PROJECT_DIR / "var")
# Development only: a random key kept beside the database (var/ is gitignored), made by the first
# start with KKR_DEBUG=1 (`make run`). Where KKR_SECRET_KEY is set it is neither made nor read.
DEV_SECRET_KEY_FILE = DATA_DIR / "dev-secret-key"

# Debugging is off unless KKR_DEBUG says otherwise, except in a checkout where `make run` has made
# the development key and no KKR_SECRET_KEY is given: there `kkr …` works as the README prints
# it. A server has KKR_SECRET_KEY (docs/deploy.md), so this never turns debugging on there, and
# without a key and without the development file start-up is refused.
DEBUG = env_bool("KKR_DEBUG", not env_str("KKR_SECRET_KEY") and DEV_SECRET_KEY_FILE.is_file())


def _secret_key() -> str:
    key = env_str("KKR_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ConfigError("KKR_SECRET_KEY must be set when KKR_DEBUG is off "
                          "(on a development machine: run `make run` once, or set KKR_DEBUG=1)")
    path = DEV_SECRET_KEY_FILE
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("KKR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("KKR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the OpenAPI page's scripts from our own static files (no CDN)
    "kkrmonitor.accounts",
    "kkrmonitor.programme",
    "kkrmonitor.meetings",
    "kkrmonitor.indicators",
    "kkrmonitor.joint",
    "kkrmonitor.registers",
    "kkrmonitor.demo",
    "kkrmonitor.ops",
    "kkrmonitor.reports",
    "kkrmonitor.pagecache",
    "django_tasks",
    "django_tasks_db",
    "kkrmonitor.search",
    "kkrmonitor.owners",
    "kkrmonitor.notifications",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "kkrmonitor.web.server_timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kkrmonitor.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kkrmonitor.pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kkrmonitor.urls"
WSGI_APPLICATION = "kkrmonitor.wsgi.application"

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
                "kkrmonitor.programme.context_processors.site",
                # `access` (kkrmonitor.access.Access, lazy): what the user may see and change.
                "kkrmonitor.accounts.views.access_context",
                "kkrmonitor.demo.context_processors.demo",  # banner while synthetic data exist
                "kkrmonitor.owners.context_processors.work_queue_count",  # header, lazy
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'kkrmonitor.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("KKR_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE transactions take the write lock
    # up front, so concurrent writers wait (busy timeout) instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"].pop("CONN_HEALTH_CHECKS", None)

# Public pages for anonymous visitors are kept in each worker's memory for this many seconds
# and dropped the moment anything is written (kkrmonitor/pagecache). 0 turns the cache off.
KKR_PAGE_CACHE_SECONDS = env_int("KKR_PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
if KKR_PAGE_CACHE_SECONDS < 0:
    raise ConfigError(f"KKR_PAGE_CACHE_SECONDS={KKR_PAGE_CACHE_SECONDS} must be 0 or more")
# While one request renders a page that a write has dropped, other visitors get its previous copy
# if that was rendered at most this many seconds ago (else they wait for the new one). 0: never.
KKR_PAGE_CACHE_STALE_SECONDS = env_int("KKR_PAGE_CACHE_STALE_SECONDS", 5)
if KKR_PAGE_CACHE_STALE_SECONDS < 0:
    raise ConfigError(
        f"KKR_PAGE_CACHE_STALE_SECONDS={KKR_PAGE_CACHE_STALE_SECONDS} must be 0 or more")
# Files, so the workers of one server share what each has rendered (after a write, each page is
# rendered once per server, not once per worker). With KKR_CACHE_URL (redis://host:port/db) the
# pages, their stale copies and render locks live in Redis instead, shared by every app server
# behind one load balancer (docs/deploy.md).
KKR_CACHE_URL = env_str("KKR_CACHE_URL", "")
if KKR_CACHE_URL and not KKR_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigError(f"KKR_CACHE_URL={KKR_CACHE_URL} must start with redis://, rediss:// or "
                      "unix://")
_pages_cache: dict[str, Any] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": KKR_CACHE_URL,
     "KEY_PREFIX": "kkr-pages"}
    if KKR_CACHE_URL else
    {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
     "LOCATION": env_path("KKR_PAGE_CACHE_DIR", DATA_DIR / "page-cache"),
     "OPTIONS": {"MAX_ENTRIES": env_int("KKR_PAGE_CACHE_ENTRIES", 2000)}})
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": _pages_cache,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env_path("KKR_STATIC_ROOT", PROJECT_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the app's static folders when no collectstatic has run (tests, make run).
WHITENOISE_USE_FINDERS = env_bool("KKR_STATIC_FROM_FINDERS", True)

EMAIL_BACKEND = env_str("KKR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KKR_FROM_EMAIL", "kkr-monitor@localhost")
# For the SMTP back end: the mail server and, if it wants them, credentials (STARTTLS on by
# default when a user name is given).
EMAIL_HOST = env_str("KKR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KKR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KKR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("KKR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KKR_EMAIL_USE_TLS", bool(EMAIL_HOST_USER))
EMAIL_TIMEOUT = 20

# The site's address as people reach it, for the links in e-mails (kkr send_notifications).
KKR_SITE_URL = env_str("KKR_SITE_URL", "")

# An initiative not confirmed for this many days is flagged as needing an update.
KKR_STALE_AFTER_DAYS = env_int("KKR_STALE_AFTER_DAYS", 90)

# Statistics Denmark's StatBank API, where indicators are fetched from (the weekly timer, the
# "Hent nu" button and `kkr fetch_indicators`); a StatBank-compatible server for tests.
KKR_STATBANK_URL = env_str("KKR_STATBANK_URL", "https://api.statbank.dk/v1")

# Background jobs ("Hent nu"): django-tasks with its database backend; `kkr db_worker` runs
# them (started by `make run`, and by deploy/kkr-worker.service on a server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Meetings' attachments (the official agendas and minutes and their enclosures), one file per
# content, named by its SHA-256; included in `kkr backup`.
KKR_MEDIA_DIR = env_path("KKR_MEDIA_DIR", DATA_DIR / "media")

# The council whose current programme the front page shows.
KKR_DEFAULT_COUNCIL = env_str("KKR_DEFAULT_COUNCIL", "kkr-hovedstaden")

# The secretariat's contact, shown in the accessibility statement and the privacy notice; unset,
# those pages say the contact is not yet given (never a made-up address). KKR_WAS_URL: the
# statement published in Digitaliseringsstyrelsen's WAS-Tool (was.digst.dk/…), where /was leads.
KKR_CONTACT_EMAIL = env_str("KKR_CONTACT_EMAIL", "")
KKR_CONTACT_PHONE = env_str("KKR_CONTACT_PHONE", "")
KKR_WAS_URL = env_str("KKR_WAS_URL", "")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("KKR_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("KKR_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("KKR_SSL_REDIRECT", True)
    # Monitoring may ask gunicorn directly over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^helbred/$"]
    SECURE_HSTS_SECONDS = env_int("KKR_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusals": {"()": "kkrmonitor.web.log_filters.ExpectedRefusalFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KKR_LOG_LEVEL", "INFO")},
    # A 403 is logged as one warning line, without the PermissionDenied's stack trace.
    "loggers": {"django.request": {"filters": ["expected_refusals"]}},
}

# --- Accounts (kkrmonitor.accounts): log-in, log-out and log-in throttling --------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # members go to /rediger/ (accounts.views.login_view)
LOGOUT_REDIRECT_URL = "home"

# Refuse log-ins (HTTP 429, password not checked) once an e-mail address has this many failed
# attempts within KKR_LOGIN_LOCKOUT_MINUTES, or one client address has
# KKR_LOGIN_MAX_ATTEMPTS_PER_IP. The per-address limit is higher because a municipality's
# staff often share one public address. Attempts are counted in the database (LoginAttempt),
# so every gunicorn worker sees the same count.
KKR_LOGIN_MAX_ATTEMPTS = env_int("KKR_LOGIN_MAX_ATTEMPTS", 5)
KKR_LOGIN_MAX_ATTEMPTS_PER_IP = env_int("KKR_LOGIN_MAX_ATTEMPTS_PER_IP", 20)
KKR_LOGIN_LOCKOUT_MINUTES = env_int("KKR_LOGIN_LOCKOUT_MINUTES", 15)
# How many reverse proxies in front of the app append to X-Forwarded-For. 0: the client address
# is REMOTE_ADDR. Behind one proxy (nginx) set 1, or every visitor shares the proxy's address.
KKR_TRUSTED_PROXIES = env_int("KKR_TRUSTED_PROXIES", 0)
for _name in ("KKR_LOGIN_MAX_ATTEMPTS", "KKR_LOGIN_MAX_ATTEMPTS_PER_IP",
              "KKR_LOGIN_LOCKOUT_MINUTES"):
    if globals()[_name] < 1:
        raise ConfigError(f"{_name}={globals()[_name]} must be 1 or more")
if KKR_TRUSTED_PROXIES < 0:
    raise ConfigError(f"KKR_TRUSTED_PROXIES={KKR_TRUSTED_PROXIES} must be 0 or more")
