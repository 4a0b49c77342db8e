"""Settings for Django's own test suite run with the project's apps (tests/conformance/run.py).

Django's runner sets INSTALLED_APPS, middleware, templates and URLs itself; this module gives it what
its own test settings give (two databases, `default` and `other`) plus what the project's apps read.
The database comes from ERP_CONFORMANCE_DATABASE_URL: SQLite (in memory, as Django's suite runs it)
or a MariaDB server, where the suite creates `test_<name>` and `test_<name>_other`.
"""

import os
import secrets

_url = os.environ.get("ERP_CONFORMANCE_DATABASE_URL", "sqlite://:memory:")
if _url.startswith("sqlite"):
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3"},
        "other": {"ENGINE": "django.db.backends.sqlite3"},
    }
else:
    # erp.settings reads the environment when imported: not a developer's .env, and a throwaway key.
    os.environ["ERP_IGNORE_DOTENV"] = "1"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from erp.settings import _database

    _default = _database(_url)
    _name = _default["NAME"]
    DATABASES = {
        "default": dict(_default, TEST=dict(_default["TEST"], NAME=f"test_{_name}")),
        "other": dict(_default, NAME=f"{_name}_other", TEST=dict(_default["TEST"], NAME=f"test_{_name}_other")),
    }

SECRET_KEY = "django_tests_secret_key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# The project runs with USE_TZ (its migration history stores aware datetimes).
USE_TZ = True

# What the project's apps read (their defaults; the first admin user gets a generated password).
MODULE_APPS = ["showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]
ERP_ADMIN_USERNAME = "admin"
ERP_ADMIN_EMAIL = ""
ERP_ADMIN_PASSWORD = ""
ERP_SAMPLE_DATA = True
ERP_MIGRATE_LOCK_TIMEOUT = 600
