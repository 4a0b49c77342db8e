"""Test settings plus the test-only apps named in ERP_TEST_EXTRA_APPS (comma-separated labels)."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS as _BASE_APPS

INSTALLED_APPS = [
    *_BASE_APPS,
    *(f"tests.migration_apps.{label}" for label in os.environ.get("ERP_TEST_EXTRA_APPS", "").split(",") if label),
]

# app=module,... : another migrations module for a test app (a broken graph, conflicting leaves).
MIGRATION_MODULES = dict(
    item.split("=", 1) for item in os.environ.get("ERP_TEST_MIGRATION_MODULES", "").split(",") if item
)
