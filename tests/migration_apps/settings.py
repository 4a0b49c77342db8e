"""Test settings plus the test-only apps named in ERP_TEST_EXTRA_APPS (comma-separated labels)."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS as _BASE_APPS

INSTALLED_APPS = [
    *_BASE_APPS,
    *(f"tests.migration_apps.{label}" for label in os.environ.get("ERP_TEST_EXTRA_APPS", "").split(",") if label),
]
