"""The admin's look (issue 14, item 1): Django's own admin under one project stylesheet, erp/theme.css, in light and
dark. In a real browser, the landing page, a module list, a record's page and the gate screen take the colours the
stylesheet names for each theme (chosen with the header's toggle, kept in localStorage, or "auto" following the
system), the project's own stylesheets follow (status badges), and no page breaks the Content-Security-Policy.
Screenshots: var/screenshots/theme-*.png.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from sales.models import SalesOrder
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import log_in, make_user
from tests.security.test_csp_browser import REPORT_VIOLATIONS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
LIGHT_BLOCK = ':root,\nhtml[data-theme="light"] {'
DARK_BLOCK = 'html[data-theme="dark"] {'

SEEN = """() => {
  const sheet = Array.from(document.styleSheets).some(s => (s.href || '').endsWith('/erp/theme.css'));
  const badge = document.querySelector('.status-badge');
  return {
    theme: document.documentElement.dataset.theme,
    sheet: sheet,
    header: getComputedStyle(document.querySelector('#header')).backgroundColor,
    body: getComputedStyle(document.body).backgroundColor,
    badge: badge ? getComputedStyle(badge).backgroundColor : null,
  };
}"""


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def theme_value(block: str, name: str) -> str:
    """A colour the stylesheet gives a custom property in one of its blocks, as the browser reports it (rgb())."""
    css = Path(finders.find("erp/theme.css")).read_text()
    body = css[css.index(block):]
    body = body[:body.index("}")]
    hex_value = re.search(rf"{re.escape(name)}:\s*#([0-9a-fA-F]{{6}});", body).group(1)
    red, green, blue = (int(hex_value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def test_light_and_dark_themes_apply_under_the_content_security_policy(live_server, browser_env):
    Seeder(plan=Plan.for_scale(60, date(2026, 3, 14)), seed=7).run()
    password = make_user("theme-root", superuser=True, email="theme@example.com")
    order = SalesOrder.objects.order_by("pk").first()
    pages = {
        "landing": reverse("admin:index"),
        "list": reverse("admin:sales_salesorder_changelist"),
        "form": reverse("admin:sales_salesorder_change", args=[order.pk]),
    }
    expected = {
        "light": {"header": theme_value(LIGHT_BLOCK, "--header-bg"), "body": theme_value(LIGHT_BLOCK, "--body-bg")},
        "dark": {"header": theme_value(DARK_BLOCK, "--header-bg"), "body": theme_value(DARK_BLOCK, "--body-bg")},
    }
    assert expected["light"]["header"] != expected["dark"]["header"]
    assert expected["light"]["body"] != expected["dark"]["body"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    violations: list[str] = []
    with chromium_page() as page:
        page.emulate_media(color_scheme="light")
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", lambda message: violations.append(f"{page.url}: {message.text}") if (
            "Content Security Policy" in message.text or message.text.startswith("CSP violation")) else None)
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, live_server.url, "theme-root", password)

        # The header's toggle: auto (the system is light here) -> dark -> light, kept in localStorage.
        page.evaluate("localStorage.removeItem('theme')")
        page.goto(live_server.url + pages["landing"])
        seen = page.evaluate(SEEN)
        assert seen["theme"] == "auto" and seen["sheet"], seen
        assert seen["header"] == expected["light"]["header"], seen
        page.click("#user-tools .theme-toggle")
        seen = page.evaluate(SEEN)
        assert seen["theme"] == "dark" and seen["header"] == expected["dark"]["header"], seen
        assert page.evaluate("localStorage.getItem('theme')") == "dark"
        page.click("#user-tools .theme-toggle")
        seen = page.evaluate(SEEN)
        assert seen["theme"] == "light" and seen["header"] == expected["light"]["header"], seen

        # "auto" on a system set to dark takes the dark colours.
        page.evaluate("localStorage.setItem('theme', 'auto')")
        page.emulate_media(color_scheme="dark")
        page.goto(live_server.url + pages["list"])
        seen = page.evaluate(SEEN)
        assert seen["theme"] == "auto" and seen["header"] == expected["dark"]["header"], seen
        assert seen["body"] == expected["dark"]["body"], seen
        page.emulate_media(color_scheme="light")

        # Each page in each theme, chosen as the toggle keeps it (localStorage).
        badges = {}
        for theme in ("light", "dark"):
            page.evaluate(f"localStorage.setItem('theme', '{theme}')")
            for name, path in pages.items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, (path, response.status)
                page.wait_for_load_state("load")
                seen = page.evaluate(SEEN)
                assert seen["theme"] == theme and seen["sheet"], (name, seen)
                assert seen["header"] == expected[theme]["header"], (theme, name, seen)
                assert seen["body"] == expected[theme]["body"], (theme, name, seen)
                if name == "list":
                    assert seen["badge"], "the sales order list shows status badges"
                    badges[theme] = seen["badge"]
                page.screenshot(path=str(SCREENSHOTS / f"theme-{theme}-{name}.png"))
        # The project's stylesheets take the theme's colours too (lists.css's badges).
        assert badges["light"] != badges["dark"], badges

        # The gate screen at a phone's width, in both themes.
        page.set_viewport_size({"width": 390, "height": 844})
        for theme in ("light", "dark"):
            page.evaluate(f"localStorage.setItem('theme', '{theme}')")
            page.goto(live_server.url + "/admin/gate-screen/")
            seen = page.evaluate(SEEN)
            assert seen["header"] == expected[theme]["header"], (theme, seen)
            page.screenshot(path=str(SCREENSHOTS / f"theme-{theme}-gate-screen.png"), full_page=True)

    assert not violations, violations
