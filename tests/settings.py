"""Test settings: the project's settings with a per-run secret and a fast password hasher."""

import os
import secrets

# A developer's .env must not leak into the tests (or the manage.py processes they start).
os.environ["ERP_IGNORE_DOTENV"] = "1"
# Generated per run (and inherited by the `manage.py` subprocesses that tests start), never stored.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from erp.settings import *  # noqa: E402,F403
from erp.settings import PASSWORD_HASHERS as _PROJECT_HASHERS  # noqa: E402

# Fast for tests; the project's hashers stay available so stored hashes of every kind verify.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PROJECT_HASHERS]

# The test client speaks plain HTTP; tests of the HTTPS redirect turn it back on.
SECURE_SSL_REDIRECT = False

# Tests render admin pages without running collectstatic first: plain static storage.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
