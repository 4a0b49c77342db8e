"""The Content-Security-Policy in a real browser: every admin page of the project (each model's list, add
form, a change form and its history, the landing page, the login, two-factor, password and lockout pages)
and the admin's widgets work under it. Chromium reports each violation (a blocked script, style, image,
frame or form target); the test fails on any, and proves first that it sees one when there is one.
"""

import secrets
import time

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from erp.admin_toolkit.documents import documents_for
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.support import make_rows
from tests.admin_toolkit.test_browser import app_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Chromium logs "Refused to ... because it violates the following Content Security Policy directive"; the
# event listener (installed before any page script, outside the policy) reports the same from the DOM.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', e =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
                + ' at ' + e.sourceFile + ':' + e.lineNumber));
"""


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Walk:
    """A page that records CSP violations and failed page loads while it visits URLs."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.violations: list[str] = []
        self.visited: list[str] = []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(f"{self.page.url}: {text}")

    def visit(self, path: str, *, expect: int = 200):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == expect, (path, response and response.status)
        self.page.wait_for_load_state("load")
        self.visited.append(path)


def admin_urls(rows: dict) -> list[str]:
    """Each registered model's changelist and add form, and a change form and history where a row exists."""
    by_model = {type(obj): obj for obj in rows.values()}
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_FakeRequest()):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = by_model.get(model) or model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            try:
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
            except NoReverseMatch:
                pass
    return urls


class _FakeRequest:
    """Enough of a request for has_add_permission() of a superuser."""

    class user:  # noqa: N801
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args, **kwargs):
            return True


def test_every_page_and_widget_works_under_the_content_security_policy(live_server, browser_env):
    base = live_server.url
    password = secrets.token_urlsafe(16)
    user = User.objects.create_superuser("csp-root", "root@example.com", password)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    rows = make_rows()
    with chromium_page() as page:
        walk = Walk(page, base)

        # The check sees a violation when there is one: the login page served with an inline script added.
        def with_inline_script(route):
            response = route.fetch()
            body = response.text().replace("</body>", "<script>document.title = 'ran';</script></body>")
            route.fulfill(response=response, body=body)

        page.route("**/admin/login/?probe=1", with_inline_script)
        walk.visit("/admin/login/?probe=1")
        assert page.title() != "ran" and walk.violations and "script-src" in walk.violations[0]
        page.unroute("**/admin/login/?probe=1")
        walk.violations.clear()

        # Logged out: the login page, a failed login, then the password and the second factor.
        walk.visit("/admin/login/")
        page.fill("#id_username", "csp-root")
        page.fill("#id_password", "wrong-" + password)
        page.click("input[type=submit]")
        page.wait_for_selector(".errornote")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_selector("#two-factor-verify")
        page.fill("#id_code", app_code(device))
        with page.expect_navigation():  # the verify page has #user-tools too
            page.click("#two-factor-verify input[type=submit]")
        page.wait_for_selector("#user-tools")

        for path in admin_urls(rows) + ["/admin/two-factor/", "/admin/password_change/",
                                        f"/admin/hr/employee/{rows['employee'].pk}/auditlog/"]:
            walk.visit(path)
        # The printed documents of the rows that have one, and the gate screen's pages (a QR code and charts
        # are drawn inline as SVG; no inline script or style).
        for obj in rows.values():
            opts = obj._meta
            for document in documents_for(type(obj)):
                walk.visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_document", args=[obj.pk, document.key]))
        for path in ["/admin/gate-screen/", "/admin/gate-screen/?q=a", "/admin/gate-screen/guests/",
                     "/admin/gate-screen/pass/?code=GP-1-00000000"]:
            walk.visit(path)

        # Widgets that build their own markup: the date picker, the autocomplete, the filter sidebar, the
        # related-object popup, and the changelist's select-all and actions (the calendar link is a button on 6.x).
        walk.visit(reverse("admin:hr_employee_add"))
        link = page.locator(".field-joining_date .datetimeshortcuts :is(a, button)[id^=calendarlink]")
        number = link.get_attribute("id").removeprefix("calendarlink")
        link.click()
        page.wait_for_selector(f"#calendarbox{number}", state="visible")
        page.click(f"#calendarbox{number} .calendar-cancel a")
        walk.visit(reverse("admin:sales_salesorder_add"))
        page.click(".field-showroom_product .select2-selection")
        page.fill(".select2-search__field", "Tractor")
        page.wait_for_selector(".select2-results__option:has-text('Tractor T1')")
        page.keyboard.press("Escape")
        for model in ("sales_salesorder", "hr_employee", "hr_leave", "dispatch_dispatchrequest", "fleet_transportjob"):
            walk.visit(reverse(f"admin:{model}_add"))
            if page.locator("a.add-related").count():
                break
        with page.expect_popup() as popup:
            page.locator("a.add-related").first.click()
        popup.value.wait_for_load_state("load")
        assert "_popup=1" in popup.value.url
        popup.value.close()
        walk.visit(reverse("admin:sales_salesorder_changelist"))
        page.click("#action-toggle")
        page.select_option("select[name=action]", index=1)
        walk.visit(reverse("admin:auth_user_change", args=[user.pk]))
        walk.visit(reverse("admin:auth_group_add"))
        page.fill("#id_permissions_input", "employee")  # the two-box permissions widget
        time.sleep(0.2)

        # Logging out, and the lockout page after repeated failures.
        with page.expect_navigation():
            page.click("#logout-form button")
        page.wait_for_selector("#content")
        walk.visit("/admin/login/")
        for attempt in range(5):
            page.fill("#id_username", "csp-root")
            page.fill("#id_password", f"wrong-{attempt}")
            with page.expect_navigation():
                page.click("input[type=submit]")
        assert "Login locked" in page.content()

    assert len(walk.visited) > 60
    assert walk.violations == [], "\n".join(walk.violations)
