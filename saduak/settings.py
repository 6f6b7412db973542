"""Settings for Saduak, read from environment variables (see docs/configuration.md).

Defaults suit a developer's machine: SQLite, DEBUG on, mail printed to the console.
Production sets SADUAK_ENV=production, which turns on every HTTPS and cookie guard
that `manage.py check --deploy` asks for.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("SADUAK_ENV", "development") == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when SADUAK_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "thaicalendar",
    "audit",
    "registry",
    "accounts",
    "standards",
    "maintenance",
    "certification",
    "survey",
    "notices",
    "correspondence",
    "downloads",
    "campaigns",
    "oversight",
    "demo",
    "saduak",
]

MIDDLEWARE = [
    # First, so that the static files WhiteNoise answers carry the headers too.
    "saduak.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "saduak.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SignedInSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "saduak.urls"
WSGI_APPLICATION = "saduak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "saduak" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saduak.navigation.navigation",
            ],
            "builtins": ["thaicalendar.templatetags.thaidate"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'saduak.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it, so one the server
        # dropped (a restart, a failover) is replaced instead of failing the request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the web process read while a background import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Values go apart from the statement (server-side binding), so that PostgreSQL plans
    # once what a connection runs again and again: psycopg prepares a statement at its
    # `prepare_threshold`th run, the citizen's insert and the intake's statements
    # (survey/statements.py) among them. DB_PREPARED=false prepares nothing, behind a
    # connection pooler that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=5 if env_bool("DB_PREPARED", True) else None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (accounts/throttle.py): this many failures within the
# window lock the username, and separately the network address, until it passes.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20"))
LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))

# How many proxies in front of the web processes append to X-Forwarded-For
# (saduak/network.py). None (not set) behaves as 0, the connection's own address; a
# system check warns in production until it is set, since behind a load balancer 0
# would count every person under the balancer's address.
TRUSTED_PROXY_COUNT: int | None = (
    int(os.environ["TRUSTED_PROXY_COUNT"]) if os.environ.get("TRUSTED_PROXY_COUNT") else None
)

# Idle timeout: the session cookie is renewed on each request and dies after this
# many idle seconds (shared office computers in town halls).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime: a session ends this many hours after its sign-in, however busy
# (accounts/sessions.py).
SESSION_LIFETIME_HOURS = int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Outside production, serve straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Saduak <no-reply@saduak.local>")
# The address people reach the system at, for the links in e-mails (which leave the
# request that knows the host).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A failed e-mail is tried again this many times in all, the wait doubling from
# EMAIL_RETRY_SECONDS, before its notice is marked failed (notices/sending.py).
EMAIL_ATTEMPTS = int(os.environ.get("EMAIL_ATTEMPTS", "4"))
EMAIL_RETRY_SECONDS = int(os.environ.get("EMAIL_RETRY_SECONDS", "60"))

# Background work: Django's tasks API (the django-tasks backport) with the database as
# the queue (django-tasks-db), so no other service is needed. `manage.py work` runs a
# worker; any number may run, on any machine that reaches the database.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Files prepared in the background (downloads/): removed this many days after they are
# ready, by `manage.py forget_downloads`, by the worker when it starts, and when
# someone opens an old download.
DOWNLOADS_KEEP_DAYS = int(os.environ.get("DOWNLOADS_KEEP_DAYS", "7"))

# Days after a round's period ends until its report is due (DOMAIN.md §4: Thai budget
# reporting is due 15 days after a quarter). OPS PMO may override per fiscal year later.
ROUND_DEADLINE_DAYS = int(os.environ.get("ROUND_DEADLINE_DAYS", "15"))

# The department whose provincial offices supervise local governments by default in
# the LAO register import (DOMAIN.md §5: DLA and its Provincial Offices).
LAO_DEPARTMENT_CODE = os.environ.get("LAO_DEPARTMENT_CODE", "DLA")

# Citizen survey (survey/protection.py, survey/statistics.py). An answer is suspect when
# it came faster than this many seconds after the page, or when one device or network
# sends more than the given number within the window; a repeat of the same answers
# from one device within the window is suppressed.
SURVEY_MIN_SECONDS = int(os.environ.get("SURVEY_MIN_SECONDS", "8"))
SURVEY_PER_DEVICE = int(os.environ.get("SURVEY_PER_DEVICE", "3"))
# Generous per network: citizens on the centre's own Wi-Fi, or behind a mobile
# operator's shared address, all come from one network address.
SURVEY_PER_NETWORK = int(os.environ.get("SURVEY_PER_NETWORK", "120"))
SURVEY_WINDOW_MINUTES = int(os.environ.get("SURVEY_WINDOW_MINUTES", "60"))
# The hashed device and network address are forgotten after this many days: the
# questionnaire's PDPA notice (survey/data/core-v1.yaml) promises at most 30.
SURVEY_SENDER_DAYS = 30
# Margin of error for the sample-size check (Taro Yamane), set by OPS PMO.
SURVEY_MARGIN = float(os.environ.get("SURVEY_MARGIN", "0.05"))

# Campaign surveys (campaigns/). A group of answers smaller than this is shown only as
# "too few answers", so that no small unit's answers can be singled out (a campaign may
# raise it). A staff answer's hashed device and network address are forgotten after
# CAMPAIGN_SIGHTING_DAYS, as the staff page's notice promises.
CAMPAIGN_MIN_GROUP = int(os.environ.get("CAMPAIGN_MIN_GROUP", "5"))
CAMPAIGN_SIGHTING_DAYS = 30
# A staff answer is suspect past this many answers from one network address within an
# hour (campaigns/protection.py): generous, a town hall's staff share one address.
CAMPAIGN_PER_NETWORK = int(os.environ.get("CAMPAIGN_PER_NETWORK", "100"))

# The letters' emblem (a small picture printed about 3 cm high): at most this many bytes.
EMBLEM_MAX_BYTES = int(os.environ.get("EMBLEM_MAX_BYTES", str(2 * 1024 * 1024)))
# Evidence attached to maintenance reports: at most this many bytes per file.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))

# Every file users send is read and checked by saduak/uploads.py within these limits
# (docs/architecture.md, "Files users send"). Imports (the LAO register, survey answers,
# the standard's workbook) may be this large:
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
# A sheet is read cell by cell and refused at the first limit reached: filled rows,
# the column of a filled cell, and cells written in the file (empty ones included).
UPLOAD_MAX_ROWS = int(os.environ.get("UPLOAD_MAX_ROWS", "20000"))
UPLOAD_MAX_COLUMNS = int(os.environ.get("UPLOAD_MAX_COLUMNS", "300"))
UPLOAD_MAX_CELLS = int(os.environ.get("UPLOAD_MAX_CELLS", "1000000"))
# ZIP-based files (xlsx, docx, pptx, OpenDocument): parts, and bytes once inflated.
UPLOAD_MAX_ZIP_ENTRIES = int(os.environ.get("UPLOAD_MAX_ZIP_ENTRIES", "5000"))
UPLOAD_MAX_UNZIPPED_BYTES = int(os.environ.get("UPLOAD_MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024)))
# A workbook's parts that are read whole (its list of sheets, its styles).
UPLOAD_MAX_XML_PART_BYTES = int(os.environ.get("UPLOAD_MAX_XML_PART_BYTES", str(4 * 1024 * 1024)))

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Certification (docs/certification.md). A certificate's number: {year} is the fiscal
# year (BE) of the decision, {number} its running number within that year, issued
# without gaps or repeats. It appears in the address of the certificate's public
# verification page, so it holds no "/".
CERTIFICATE_NUMBER_PATTERN = os.environ.get(
    "CERTIFICATE_NUMBER_PATTERN", "GECC-{year}-{number:04d}"
)
# How long a certificate is valid, in years, where the call's standard says nothing else.
CERTIFICATE_YEARS = int(os.environ.get("CERTIFICATE_YEARS", "3"))
# A certificate goes "under watch", and OPS PMO is offered its suspension, when its
# centre has missed or had rejected this many maintenance rounds in a row.
CERTIFICATE_WATCH_AFTER_ROUNDS = int(os.environ.get("CERTIFICATE_WATCH_AFTER_ROUNDS", "2"))

# Recipients of a letter delivered per transaction by the background worker
# (correspondence/delivery.py): a worker stopped in the middle loses at most one chunk,
# which the next run does again.
LETTER_DELIVERY_CHUNK = int(os.environ.get("LETTER_DELIVERY_CHUNK", "1000"))
