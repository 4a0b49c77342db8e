"""Settings for the ERP: one module, driven by environment variables (see .env.example)."""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; the environment always wins over it.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in development a generated key kept in a local file."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required when DEBUG is false: set SECRET_KEY in the "
            "environment (a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    # Development only: generate once, keep next to the project, never committed (.gitignore).
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


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
    "auditlog",
    *MODULE_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: records the request's user as the actor of every audited change.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "erp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "erp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The landing page's "needs attention" tag lives in erp/dashboard.py, not in a templatetags package.
            "libraries": {"erp_dashboard": "erp.dashboard"},
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

# Primary keys stay INT AUTO_INCREMENT, as in the legacy schema: changing key types would
# rewrite every table and foreign key of an adopted database.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"


# ---------------------------------------------------------------- auth
# Argon2 for new passwords; the others verify existing hashes, which are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"


# ---------------------------------------------------------------- i18n, static
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


# ---------------------------------------------------------------- ERP
# Bootstrap data migrations read these (see README, "Configuration").
ERP_ADMIN_USERNAME = env.str("ERP_ADMIN_USERNAME", default="admin")
ERP_ADMIN_EMAIL = env.str("ERP_ADMIN_EMAIL", default="")
# Without it, the first migrate generates a random password and prints it once.
ERP_ADMIN_PASSWORD = env.str("ERP_ADMIN_PASSWORD", default="")
ERP_SAMPLE_DATA = env.bool("ERP_SAMPLE_DATA", default=True)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
