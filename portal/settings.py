"""The portal's one settings module: every value comes from the environment, with embedded defaults.

Unset, the portal runs offline on one machine: SQLite, an in-memory channel layer,
embedded Chroma and the extractive answer composer. Each production part is
switched on by its variable (see the table in README.md).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = Path(env_str("PORTAL_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Applicants' data (database, uploads, indexes) is readable by the portal's own user only
# (a folder owned by someone else, e.g. a mounted volume, keeps the mode its owner gave it).
if DATA_DIR.stat().st_uid == os.getuid():
    DATA_DIR.chmod(0o700)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("PORTAL_PRODUCTION", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when PORTAL_PRODUCTION is on")
    # A per-install key kept in the data folder: stable across restarts, never committed.
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _key_file.write_text(get_random_secret_key(), encoding="utf-8")
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

# Where applicants reach the portal: the base of links in e-mails (e-mail confirmation).
PUBLIC_URL = env_url("PUBLIC_URL", schemes=("http", "https")) or f"http://127.0.0.1:{env_int('PORT', 8000)}"
# The TLS proxy's addresses (IPs or networks): only their X-Forwarded-For/-Proto are believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
HOST = env_str("HOST", "127.0.0.1")
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
# ASGI worker processes behind one socket (`manage.py serve`); more than one needs REDIS_URL.
WEB_WORKERS = env_int("WEB_WORKERS", 1, minimum=1, maximum=64)
# Load the embedder and tokenisers when a web process starts (`manage.py serve` turns it on), so
# that its first question does not wait for them.
WARM_UP_AT_START = env_bool("WARM_UP_AT_START", False)
# Seconds a client has to send a request's headers (slow-header clients are dropped after it).
HTTP_HEADER_TIMEOUT_SECONDS = env_int("HTTP_HEADER_TIMEOUT_SECONDS", 10, minimum=1, maximum=300)
# Seconds an idle connection is kept open between requests; behind a proxy, more than its idle timeout.
WEB_KEEP_ALIVE_SECONDS = env_int("WEB_KEEP_ALIVE_SECONDS", 5, minimum=1, maximum=600)

# Production hardening: on when PORTAL_PRODUCTION=1 (docker-compose sets it).
PRODUCTION = env_bool("PORTAL_PRODUCTION", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# The container's own healthcheck speaks plain HTTP on loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Private pages are never cached (portal/middleware/headers.py); paths, language prefix included.
PRIVATE_PATH_PATTERNS = [
    r"^/[\w-]+/enquiries/(status|confirm|insurer)/",
    r"^/[\w-]+/admin/",
    r"^/api/",
]
# No inline script anywhere: every script is a static file. WebSockets go to the same host.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
    if PRODUCTION
    else "",
)
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" if PRODUCTION else "",
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_tasks",
    "portal.vendor_apps.TasksDatabaseConfig",  # django_tasks_db, with a translated name
    "portal",
    "knowledge",
    "chat",
    "crossborder",
    "portal.vendor_apps.AxesConfig",  # axes, with a translated name
    # Serves Swagger UI and ReDoc from its own static files, never from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a body: a too-large JSON body is a 413 JSON answer, not a traceback.
    "portal.middleware.body_limit.JsonBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.headers.SecurityHeadersMiddleware",
    # Any refusal under /api/ (405 from require_POST or ninja, an unknown address) as JSON.
    "portal.middleware.api_errors.JsonApiErrorsMiddleware",
    "portal.middleware.throttle.ThrottleMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.operator",
            ],
        },
    },
]

_database_url = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "portal.sqlite3"),
            # WAL lets the web server read while the worker writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A pool of PostgreSQL connections per process (psycopg_pool): what Django advises under ASGI instead
# of persistent connections. `manage.py serve` turns it on for its web processes, which otherwise open
# a new connection for every request; 0 (the default) means no pool.
DB_POOL_SIZE = env_int("DB_POOL_SIZE", 0, minimum=0, maximum=100)
if DB_POOL_SIZE and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_SIZE,
        "timeout": 10,
    }
if env_str("TEST_DATABASE_NAME") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Lets several test runs share one PostgreSQL server without clashing (SQLite's test
    # database is in memory, private to its run already).
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 times reads out after 5 s by default, exactly channels_redis's 5 s
            # blocking pop: without a longer socket timeout idle consumers crash at random.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": env_str("REDIS_PREFIX", "portal"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("REDIS_PREFIX", "portal"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Durable background work: tasks are rows in the main database, run by `manage.py db_worker`.
# Indexing has its own queue and worker: a slow document never delays a lead's delivery.
INDEXING_QUEUE = "indexing"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", INDEXING_QUEUE]}}

# Knowledge base
CHROMA_URL = env_url("CHROMA_URL", schemes=("http", "https"))
CHROMA_DIR = DATA_DIR / "chroma"
CHROMA_COLLECTION = env_str("CHROMA_COLLECTION", "plan_chunks")
EMBEDDINGS_BASE_URL = env_url("EMBEDDINGS_BASE_URL", schemes=("http", "https"))
EMBEDDINGS_MODEL = env_str("EMBEDDINGS_MODEL", "text-embedding-3-small")
EMBEDDINGS_API_KEY = env_str("EMBEDDINGS_API_KEY")
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# The folder of the shared question sets (eval-dev, eval-dev-b, eval-dev-c) that `evaluate --cv`,
# `fit_answering` and `fit_understanding` fold by default. Unset: ../shared beside the checkout
# (a worktree sits one level further down); a copy elsewhere must name it.
_SHARED_BESIDE = next(
    (p / "shared" for p in BASE_DIR.parents if (p / "shared" / "eval-dev").is_dir()),
    BASE_DIR.parent / "shared",
)
EVAL_SHARED_DIR = Path(env_str("PORTAL_EVAL_SHARED_DIR", str(_SHARED_BESIDE))).resolve()

# Answering: an OpenAI-compatible endpoint switches on LLM-composed answers.
OPENAI_BASE_URL = env_url("OPENAI_BASE_URL", schemes=("http", "https"))
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
LLM_MODEL = env_str("LLM_MODEL", "gpt-4o-mini")
LLM_TIMEOUT_SECONDS = env_float("LLM_TIMEOUT_SECONDS", 20.0, minimum=0.1)
CHAT_MAX_MESSAGE_CHARS = env_int("CHAT_MAX_MESSAGE_CHARS", 2000, minimum=10)
# Messages a minute; 0 switches a limit off. Frames are kept this long for clients that reconnect.
CHAT_RATE_PER_CONNECTION = env_int("CHAT_RATE_PER_CONNECTION", 20, minimum=0)
CHAT_RATE_PER_IP = env_int("CHAT_RATE_PER_IP", 120, minimum=0)
# Other origins whose pages may open the chat WebSocket (the portal's own always may), with scheme and port.
CHAT_ALLOWED_ORIGINS = env_list("CHAT_ALLOWED_ORIGINS", [])
# Open chat WebSockets one client IP may hold (per web process); 0 switches the cap off.
CHAT_MAX_CONNECTIONS_PER_IP = env_int("CHAT_MAX_CONNECTIONS_PER_IP", 20, minimum=0)
CHAT_REPLAY_SECONDS = env_int("CHAT_REPLAY_SECONDS", 3600, minimum=10)
# Threads per web process that answer WebSocket questions, each keeping its database connection
# (portal.dbthread): one answer's wait for the vector store overlaps another's work. On 2 shared
# cores, 2 answered 39/s at saturation (1: 30/s, 4: 41/s) while 4 lengthened the tail at 10/s.
CHAT_DB_THREADS = env_int("CHAT_DB_THREADS", 2, minimum=1, maximum=32)
# Worker processes per web process that compose offline answers (chat.answer_pool), so answers use
# more than the one core a process's GIL allows; 0 answers on the database threads. Needs CHROMA_URL
# (embedded Chroma is one process's): `manage.py serve` sets both.
CHAT_ANSWER_PROCESSES = env_int("CHAT_ANSWER_PROCESSES", 0, minimum=0, maximum=32)
# Offline answers kept per web process for reuse while every input is equal (chat.answer_memo):
# the question, language, earlier questions, the rows answers read, the day, the answer model.
# 0 switches it off.
CHAT_ANSWER_MEMO = env_int("CHAT_ANSWER_MEMO", 1024, minimum=0)

# Lead delivery
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10.0, minimum=0.1)
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", not PRODUCTION)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_BACKOFF_SECONDS = env_float("WEBHOOK_BACKOFF_SECONDS", 30.0, minimum=0.0)
WEBHOOK_BACKOFF_MAX_SECONDS = env_float("WEBHOOK_BACKOFF_MAX_SECONDS", 3600.0, minimum=0.0)
LEAD_ACK_HOURS = env_float("LEAD_ACK_HOURS", 24.0, minimum=0.0)
LEAD_DEDUP_DAYS = env_int("LEAD_DEDUP_DAYS", 30, minimum=0)
ENQUIRY_RETENTION_DAYS = env_int("ENQUIRY_RETENTION_DAYS", 730, minimum=1)
# An insurer's quote document: a PDF or an image, at most this size.
QUOTE_DOCUMENT_MAX_BYTES = env_int("QUOTE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# Retention (crossborder/retention.py, run daily by the scheduler): see README "What is kept".
CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 90, minimum=1)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 2555, minimum=1)
WITHDRAWAL_NOTICE_DAYS = env_int("WITHDRAWAL_NOTICE_DAYS", 365, minimum=1)
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 14, minimum=1)
RETENTION_INTERVAL_SECONDS = env_int("RETENTION_INTERVAL_SECONDS", 86400, minimum=60)
SWEEP_INTERVAL_SECONDS = env_float("SWEEP_INTERVAL_SECONDS", 60.0, minimum=1.0)
# The periodic jobs `manage.py run_scheduler` runs (crossborder/scheduler.py): name → (function, seconds).
# Every WORKER_HEARTBEAT_SECONDS the scheduler puts a no-op task on each queue; /healthz fails a
# queue whose oldest waiting task has waited longer than its stall limit (a dead or hung worker).
# Indexing may legitimately be busy with one large document for minutes.
WORKER_HEARTBEAT_SECONDS = env_float("WORKER_HEARTBEAT_SECONDS", 10.0, minimum=1.0)
WORKER_STALL_SECONDS = {
    "default": env_float("WORKER_STALL_SECONDS", 30.0, minimum=1.0),
    INDEXING_QUEUE: env_float("INDEXING_STALL_SECONDS", 600.0, minimum=1.0),
}
SCHEDULED_JOBS: dict[str, tuple[str, float]] = {
    "worker_heartbeat": ("portal.health.send_heartbeats", WORKER_HEARTBEAT_SECONDS),
    "sweep": ("crossborder.outbox.resume_stalled", SWEEP_INTERVAL_SECONDS),
    "reassign": ("crossborder.services.reassign_overdue", SWEEP_INTERVAL_SECONDS),
    "retention": ("crossborder.retention.purge_all", RETENTION_INTERVAL_SECONDS),
}
# R11's screen; empty means the list bundled in crossborder/data/sanctions.yaml.
SANCTIONS_FILE = env_str("SANCTIONS_FILE", "")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@gba-cover.example")
# Staff alerts (a spike in the lead rate) go to these addresses through the e-mail backend.
ADMINS = [("Portal staff", a) for a in env_list("STAFF_ALERT_EMAILS", [])]
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # the sender of staff alerts (Django's default is root@localhost)

# Throttles on what creates things (portal/middleware/throttle.py): for a POST to the named URL,
# (key, limit, window seconds) with key ip | session | email. Well above one applicant's use.
THROTTLES_ENABLED = env_bool("THROTTLES", True)
_HOUR, _DAY = 3600, 86400
THROTTLES: dict[str, list[tuple[str, int, int]]] = {
    "enquiry-api": [("ip", 30, _HOUR), ("email", 6, _HOUR), ("email", 20, _DAY)],
    "enquiry-create": [("ip", 30, _HOUR), ("session", 12, _HOUR), ("email", 6, _HOUR), ("email", 20, _DAY)],
    "enquiry-create:preview": [("ip", 200, _HOUR), ("session", 60, _HOUR)],
    "enquiry-step": [("ip", 200, _HOUR), ("session", 60, _HOUR)],  # the form's steps, before sending
    "enquiry-matches-api": [("ip", 200, _HOUR)],
    "chat-session": [("ip", 60, _HOUR)],
    "chat-conversations": [("ip", 60, _HOUR)],
    "insurer-login": [("ip", 30, 900)],
    "admin:login": [("ip", 30, 900)],
}
# A JSON client past this many enquiries from one IP in an hour solves a proof of work per request.
THROTTLE_POW_URLS = frozenset({"enquiry-api"})
THROTTLE_POW_AFTER = env_int("THROTTLE_POW_AFTER", 5, minimum=0)
THROTTLE_POW_BITS = env_int("THROTTLE_POW_BITS", 16, minimum=1, maximum=32)
# A field people never see (hidden in the form); a bot that fills every field gets a 400.
HONEYPOT_FIELD = "website"
HONEYPOT_URLS = frozenset({"enquiry-api", "enquiry-create", "enquiry-step"})
# A staff alert when more leads than this are created within the window (a bot, a leak, a campaign).
LEAD_SPIKE_THRESHOLD = env_int("LEAD_SPIKE_THRESHOLD", 60, minimum=1)
LEAD_SPIKE_WINDOW_SECONDS = env_int("LEAD_SPIKE_WINDOW_SECONDS", 600, minimum=60)

# Sign-in lockout (django-axes): 5 failures for one username from one IP lock it for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The lockout as a page of the site (layout, the visitor's language), not axes' bare English text.
AXES_LOCKOUT_CALLABLE = "portal.views.sign_in_locked"

# The operator's identity, shown on every page (domain brief §8, "Always").
OPERATOR_NAME = env_str("OPERATOR_NAME", "GBA Cover Portal (demo operator)")
OPERATOR_LICENCE = env_str("OPERATOR_LICENCE", "Demo only: not a licensed insurance intermediary")
OPERATOR_PAID_BY_INSURERS = env_bool("OPERATOR_PAID_BY_INSURERS", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Hong_Kong"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Access and error logs name paths: status/confirmation tokens, query strings and bearer
    # tokens are redacted first (portal/logfilters.py).
    "filters": {
        "redact": {"()": "portal.logfilters.RedactSecrets"},
        "quiet_heartbeats": {"()": "portal.logfilters.QuietHeartbeats"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # uvicorn's access log goes through the root handler (and its filter), not its own.
        "uvicorn.access": {"handlers": ["console"], "propagate": False},
        # Each task's started/finished lines, but not the heartbeat's (portal/health.py).
        "django_tasks": {"filters": ["quiet_heartbeats"]},
        # chromadb's HTTP client logs every request to a Chroma server at INFO: a line per query.
        "httpx": {"level": "WARNING"},
    },
}
