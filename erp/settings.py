"""Settings for the ERP: one module, driven by environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional (`make run` creates one for development); the environment wins over it.
# Tests set ERP_IGNORE_DOTENV so a developer's .env cannot leak into them.
if (BASE_DIR / ".env").is_file() and not env.bool("ERP_IGNORE_DOTENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)



def _env_flag(name: str, default: bool) -> bool:
    """A true/false variable; anything else is refused (a typo must not silently turn protection off)."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={env.str(name)!r} is not a boolean: use true or false.")


def _env_int(name: str, default: int, *, minimum: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} is too small: the minimum is {minimum}.")
    return value


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return raw


DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment or in .env (a long random string, "
            "e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`); "
            "for development, `make run` creates a .env with one."
        )
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The module apps come after `erp`, whose management commands (e.g. `migrate`) take precedence.
MODULE_APPS = [
    "showroom",
    "sales",
    "hr",
    "purchasing",
    "dispatch",
    "fleet",
    "guestlist",
    "gate",
]

INSTALLED_APPS = [
    "erp.apps.ErpConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "auditlog",
    *MODULE_APPS,
]

MIDDLEWARE = [
    # First: load balancers' probes are answered before host checks, HTTPS redirects and sessions.
    "erp.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files from the app server itself (compressed, cache-forever names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Request-scoped "pinned to the primary database" flag for read replicas.
    "erp.db_router.PrimaryPinningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: records the request's user as the actor of every audited change.
    "erp.admin_toolkit.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "erp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The admin toolkit's templates (landing page, export links, workflow forms) override Django's admin ones.
        "DIRS": [BASE_DIR / "erp" / "admin_toolkit" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The landing page's "needs attention" tag lives in the admin toolkit, which is not an app.
            "libraries": {"erp_landing": "erp.admin_toolkit.landing"},
        },
    },
]

WSGI_APPLICATION = "erp.wsgi.application"


# ---------------------------------------------------------------- database
SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "SQLite",
    "django.db.backends.mysql": "MySQL/MariaDB",
}


def _database(url: str) -> dict:
    """Parse DATABASE_URL, refusing anything we do not support with a clear message."""
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # environ raises a mix of KeyError/ValueError/ImproperlyConfigured
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} is not understood ({exc}). Use sqlite:///path/to/file.sqlite3 "
            "or mysql://user:password@host:3306/name."
        ) from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} names an unsupported database ({engine}). "
            "Use sqlite:///path/to/file.sqlite3 or mysql://user:password@host:3306/name."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database.")
    if engine == "django.db.backends.mysql":
        config.setdefault("OPTIONS", {}).update(
            {
                "charset": "utf8mb4",
                # Strict mode: refuse bad data instead of silently truncating it.
                "init_command": "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
                "connect_timeout": 10,
            }
        )
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
        if env.str("TEST_DATABASE_NAME", default=""):
            config["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
    else:
        name = Path(config["NAME"])
        if not name.is_absolute() and str(name) != ":memory:":
            config["NAME"] = str(BASE_DIR / name)
        config.setdefault("OPTIONS", {})["timeout"] = 30
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    return config


DATABASE_URL = env.str("DATABASE_URL", default="sqlite:///db.sqlite3")
DATABASES = {"default": _database(DATABASE_URL)}

# Read replicas (comma-separated URLs): list pages and reports read from them, writes and the reads
# after a write go to the primary (erp/db_router.py, docs/scaling.md).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _replica = _database(_url)
    # In tests a replica is the test database itself, not a second one to create.
    _replica["TEST"] = {**_replica.get("TEST", {}), "MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["erp.db_router.PrimaryReplicaRouter"]
# After a write, the same browser reads from the primary for this long (replication lag).
ERP_REPLICA_PIN_SECONDS = env.int("ERP_REPLICA_PIN_SECONDS", default=5)

# Primary keys stay INT AUTO_INCREMENT, as in the legacy schema: changing key types would
# rewrite every table and foreign key of an adopted database.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"


# ---------------------------------------------------------------- auth
# Argon2 for new passwords; the others verify existing hashes, which are upgraded at login. The
# werkzeug hashers verify passwords of users imported from a legacy database (erp/legacy/hashers.py).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "erp.legacy.hashers.WerkzeugPBKDF2PasswordHasher",
    "erp.legacy.hashers.WerkzeugScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"

# django-axes first: it refuses a locked-out (username, address) pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Per account AND address: a guessing client locks only itself out of that account, and cannot lock a
# colleague out of the admin from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "erp/lockout.html"


# ---------------------------------------------------------------- HTTPS and browser protections
# On by default whenever DEBUG is false; each can be overridden (see .env.example).
_PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", _PRODUCTION)
SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", _PRODUCTION)
CSRF_COOKIE_SECURE = _env_flag("CSRF_COOKIE_SECURE", _PRODUCTION)
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31_536_000 if _PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", _PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = _env_flag("SECURE_CONTENT_TYPE_NOSNIFF", True)
X_FRAME_OPTIONS = _env_choice("X_FRAME_OPTIONS", "DENY", ("DENY", "SAMEORIGIN"))
SECURE_REFERRER_POLICY = _env_choice(
    "SECURE_REFERRER_POLICY",
    "same-origin",
    ("no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin",
     "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"),
)
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto for "is this HTTPS", and its
# X-Forwarded-For for the client's address (login lockouts are per address). Only when the proxy is the
# sole way in: a client reaching the application directly could forge both headers.
BEHIND_PROXY = _env_flag("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
AXES_CLIENT_IP_CALLABLE = "erp.core.client_address.client_ip" if BEHIND_PROXY else None


# ---------------------------------------------------------------- i18n, static
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production, hashed and compressed copies made by `collectstatic` (WhiteNoise serves them
    # with far-future cache headers); in development, the files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# ---------------------------------------------------------------- ERP
# Bootstrap data migrations read these (see README, "Configuration").
ERP_ADMIN_USERNAME = env.str("ERP_ADMIN_USERNAME", default="admin")
ERP_ADMIN_EMAIL = env.str("ERP_ADMIN_EMAIL", default="")
# Without it, the first migrate generates a random password and prints it once.
ERP_ADMIN_PASSWORD = env.str("ERP_ADMIN_PASSWORD", default="")
ERP_SAMPLE_DATA = env.bool("ERP_SAMPLE_DATA", default=True)
# Changelists that stay cheap on tables of millions of rows (erp/admin_toolkit/changelist.py); false gives Django's
# stock admin behaviour, for comparison (bench/admin_bench.py).
ERP_ADMIN_TUNING = env.bool("ERP_ADMIN_TUNING", default=True)

# ---------------------------------------------------------------- history (django-auditlog)
# Every model of the module apps is audited (one LogEntry table, no per-model tables): who changed
# which field from what to what, and when. Biometric and photo blobs are left out of the log.
# Bulk QuerySet.update()/delete() sends no signals and is NOT logged: services that must leave a
# trail save row by row.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    *MODULE_APPS,
    {"model": "hr.employee", "exclude_fields": ["photo", "face_encoding"]},
    {"model": "gate.gateuser", "exclude_fields": ["photo", "face_encoding"]},
)

# Migration safety (README, "Operating migrations"): how long a second `migrate` waits for the
# first, and the row count above which a table COPY is flagged by `migrate_preview`.
ERP_MIGRATE_LOCK_TIMEOUT = env.float("ERP_MIGRATE_LOCK_TIMEOUT", default=600)
ERP_MIGRATE_COPY_WARN_ROWS = env.int("ERP_MIGRATE_COPY_WARN_ROWS", default=100_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
