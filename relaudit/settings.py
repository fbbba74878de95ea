"""Settings for relaudit, driven by environment variables.

With no environment at all the app runs on an embedded default: SQLite, Celery tasks run
in-process, email printed to the console. A deployment sets DATABASE_URL,
CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS, SITE_ROOT and the EMAIL_* variables (README).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    word = value.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off"}:
        return False
    # A typo must not quietly switch a security setting off.
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """A secret from `<name>` or, as container platforms mount secrets, from the file that
    `<name>_FILE` names (its content, without the trailing newline). Not both."""
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return os.environ.get(name) or default
    if os.environ.get(name):
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {error}") from error


DEBUG = envbool("DEBUG", False)
# Only good for a developer's machine: `check --deploy` flags it, and production sets its own.
SECRET_KEY = envsecret("SECRET_KEY", "django-insecure-relaudit-development-only-key")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Absolute base of the links the app prints and emails (survey links, results links).
SITE_ROOT = os.environ.get("SITE_ROOT", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "relaudit",
    "surveys",
    "scoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # HTML is served compressed. Safe from BREACH here: the CSRF token in every form is
    # masked afresh per response, and pages echo nothing secret a visitor typed.
    "relaudit.compression.GZipMiddleware",
    "relaudit.middleware.SecurityHeadersMiddleware",
    "relaudit.middleware.RespondentRequestMiddleware",
    # Serves the collected static files in production; runserver serves them when DEBUG.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "relaudit.urls"
WSGI_APPLICATION = "relaudit.wsgi.application"

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
                "scoring.context_processors.thresholds",
                "surveys.context_processors.entry",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envsecret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'relaudit.sqlite3'}"),
        # Connections live a minute: opening one costs a PostgreSQL process per request.
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and envbool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Server-side binding lets psycopg prepare a query the fifth time a connection runs it,
    # so the survey lookup and the submission are planned once per connection, not once a
    # request (0.6 -> 0.2 ms a query here). Set false behind a pooler in transaction mode
    # (PgBouncer), which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Staff sessions end after a working day without activity (each request extends it).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "results_index"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Respondents never get a session: the only cookie they are sent is the CSRF token, which
# is random, is not tied to a person and is never stored with a response.
CSRF_FAILURE_VIEW = "relaudit.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
# Staff pages send a Referer only within the site; survey pages send none at all
# ("no-referrer", set by relaudit.middleware, which also explains how their POSTs pass
# the CSRF origin check under it).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def envnetworks(name: str) -> list[str]:
    """Comma-separated addresses or CIDR ranges, each checked now: a typo must not quietly
    trust every client's X-Forwarded-For, nor none."""
    networks = envlist(name, "")
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {network!r} is not an address or CIDR") from error
    return networks


# The proxies whose X-Forwarded-For is believed (relaudit.clientaddress): the nginx in front
# of gunicorn, say. A request from anywhere else is counted by its own address.
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")
# A comment is at most a few kilobytes; anything far larger is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Email: SMTP when EMAIL_HOST is set, the console otherwise (or any EMAIL_BACKEND given).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# Seconds an SMTP connection may take before the task gives up and retries later.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-email"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "relaudit <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administrator", address) for address in envlist("ADMINS", "")]

# Celery: with no broker the tasks run in-process, so one `make run` process does it all.
BROKER_URL_GIVEN = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not BROKER_URL_GIVEN)
# In-process, Celery still names a transport: the in-memory one, rather than a warning that
# it fell back to a localhost it never uses.
CELERY_BROKER_URL = BROKER_URL_GIVEN or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A submission must never wait on the broker: no publish retries, short socket timeouts.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "close-due-surveys": {
        "task": "scoring.tasks.surveys_close_due_task",
        "schedule": timedelta(seconds=envint("RELAUDIT_BEAT_SECONDS", 60)),
    },
    "outbox-flush": {
        "task": "surveys.tasks.outbox_flush_task",
        "schedule": timedelta(seconds=envint("RELAUDIT_BEAT_SECONDS", 60)),
    },
    # Comment suggestions and coded counts, after closes and once coding has been quiet.
    "coding-refresh": {
        "task": "scoring.tasks.coding_refresh_due_task",
        "schedule": timedelta(seconds=envint("RELAUDIT_BEAT_SECONDS", 60)),
    },
    # Prepared downloads (row-level data) are not kept past RELAUDIT_PREPARED_KEEP_HOURS.
    "prepared-files-expire": {
        "task": "scoring.tasks.prepared_files_expire_task",
        "schedule": timedelta(hours=1),
    },
    "reminders": {
        "task": "surveys.tasks.reminders_queue_task",
        "schedule": timedelta(minutes=15),
    },
    # Comments are deleted the day after a programme's retention date.
    "comments-retention": {
        "task": "surveys.tasks.comments_retention_apply_task",
        "schedule": timedelta(hours=1),
    },
}

# The cache holds throttle counters only. Redis when one is configured (CACHE_URL, else a
# redis:// broker URL), so every web process shares the counts; in-process otherwise.
CACHE_URL = os.environ.get("CACHE_URL") or (
    BROKER_URL_GIVEN if BROKER_URL_GIVEN.startswith("redis") else ""
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# bench/submit_load.py's floor view (one INSERT a request); never on in a deployment.
RELAUDIT_BENCH_FLOOR = envbool("RELAUDIT_BENCH_FLOOR", False)

# Results for a group of fewer respondents than this show a count bracket, never scores.
RELAUDIT_MIN_GROUP_SIZE = envint("RELAUDIT_MIN_GROUP_SIZE", 10)
# The programme's response file is streamed while its reader waits up to this many rows;
# above, a worker builds it into a file and a page links to it when it is ready.
RELAUDIT_EXPORT_IN_REQUEST_ROWS = envint("RELAUDIT_EXPORT_IN_REQUEST_ROWS", 50_000)
# The same for XLSX (the lower of the two applies), which takes about 20 times as long a
# row as CSV: 10,000 rows take some 12 s, well inside gunicorn's 30 s timeout.
RELAUDIT_XLSX_IN_REQUEST_ROWS = envint("RELAUDIT_XLSX_IN_REQUEST_ROWS", 10_000)
# Prepared files (row-level data) are deleted this many hours after they were asked for.
RELAUDIT_PREPARED_KEEP_HOURS = envint("RELAUDIT_PREPARED_KEEP_HOURS", 24)
# A file still being prepared after this long is taken as lost: asking again starts anew.
RELAUDIT_PREPARE_TIMEOUT_SECONDS = envint("RELAUDIT_PREPARE_TIMEOUT_SECONDS", 3600)
# Where workers put the files they prepare; never served directly (scoring.views.prepared
# checks who asks). Shared by the web and worker processes.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Late responses within this many seconds of each other cost one recomputation.
RELAUDIT_LATE_DEBOUNCE_SECONDS = envint("RELAUDIT_LATE_DEBOUNCE_SECONDS", 60)
# Quiet time after coding before a worker refreshes suggestions and released counts.
RELAUDIT_CODING_DEBOUNCE_SECONDS = envint("RELAUDIT_CODING_DEBOUNCE_SECONDS", 120)

# Logs carry no request metadata: no IP address, no user agent, and no error emails (which
# would include the request's headers). runserver's request lines name only method, path
# and status.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "no_respondents": {"()": "relaudit.logfilters.NoRespondentRequests"},
        "no_forbidden_tracebacks": {"()": "relaudit.logfilters.NoForbiddenTracebacks"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_respondents", "no_forbidden_tracebacks"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint warns about every screen-only CSS rule it skips in a PDF.
        "weasyprint": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # In-process tasks (make run) would print a line for every email sent; a worker's
        # log keeps them.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
