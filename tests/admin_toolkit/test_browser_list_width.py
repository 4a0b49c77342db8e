"""Every module list fits a 1366 px screen with the sidebar open (issue 14, item 4): measured in a real
browser over a small demo data set, the page does not scroll sideways and its status column is on screen."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import log_in, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTH = 1366
MODULE_MODELS = sorted((model for model in admin.site._registry if model._meta.app_label in settings.MODULE_APPS),
                       key=lambda model: model._meta.label)


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


MEASURE = """() => {
  const results = document.querySelector('#changelist .results') || document.querySelector('#result_list');
  const badge = document.querySelector('#result_list .status-badge');
  return {
    page: document.documentElement.scrollWidth,
    results: results ? [results.scrollWidth, results.clientWidth] : null,
    sidebar: !!document.querySelector('#nav-sidebar') && document.querySelector('#nav-sidebar').offsetWidth > 0,
    badgeRight: badge ? badge.getBoundingClientRect().right : null,
    columns: Array.from(document.querySelectorAll('#result_list thead th')).map(
      th => [th.textContent.trim(), Math.round(th.getBoundingClientRect().width)]),
  };
}"""


def test_every_module_list_fits_1366_px_with_the_sidebar_open(live_server, browser_env):
    Seeder(plan=Plan.for_scale(60, date(2026, 3, 14)), seed=7).run()
    password = make_user("width-root", superuser=True, email="width@example.com")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    overflowing = {}
    with chromium_page() as page:
        page.set_viewport_size({"width": WIDTH, "height": 900})
        log_in(page, live_server.url, "width-root", password)
        for model in MODULE_MODELS:
            opts = model._meta
            page.goto(live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            page.wait_for_selector("#changelist")
            seen = page.evaluate(MEASURE)
            assert seen["sidebar"], opts.label
            if seen["page"] > WIDTH or (seen["results"] and seen["results"][0] > seen["results"][1] + 1) or (
                    seen["badgeRight"] is not None and seen["badgeRight"] > WIDTH):
                overflowing[opts.label] = seen
            if opts.label == "sales.SalesOrder":
                page.screenshot(path=str(SCREENSHOTS / "list-sales-orders-1366.png"))
    for label, seen in sorted(overflowing.items()):
        print("OVERFLOW", label, seen)
    assert not overflowing, sorted(overflowing)
