"""A real browser for the admin tests: Playwright driving Debian's Chromium (never a downloaded build)."""

import contextlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ERP_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@contextlib.contextmanager
def chromium_page():
    """A fresh page of a headless Chromium; fails (never skips) when Chromium or Playwright is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium package "
            "(scripts/ensure-system-packages.sh --tests installs it; or set ERP_TEST_CHROMIUM).",
            pytrace=False,
        )
    from django.db import connections

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -r requirements-dev.txt", pytrace=False)
    with sync_playwright() as playwright:
        # While Playwright's sync API is open, its asyncio loop counts as running in this thread, and Django's
        # `connections` (an asgiref Local) then hands this thread a second set of connections, kept in a
        # context variable that outlives the block: the next test's block gets the same, still open, ones.
        # Closed on entry and exit, so the test's queries here reconnect with the settings of the moment
        # (test_day_one points "default" at an adopted database; a leftover connection still read the test
        # database: its browser test failed after any earlier browser test that queried in its block).
        connections.close_all()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()
            connections.close_all()
