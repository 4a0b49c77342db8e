"""The admin in a real browser against a live server: log in through the login page, then a day's work.

Chromium is Debian's (tests/admin_toolkit/browser.py); a missing browser fails the test, it never skips.
"""

import base64
import datetime
import secrets
import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dispatch.models import DispatchRequest, GatePass
from hr.models import Employee, Leave
from sales.models import SalesOrder
from showroom.models import ShowroomProduct
from tests.admin_toolkit.browser import chromium_page

# The live server answers from another thread, so the data must be committed (and is flushed after).
# Earlier transactional tests may have flushed the bootstrap rows too: users get their permissions
# here, not through the module groups.
# A real browser against a live server: not in `make test-fast`.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def browser_env(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def make_user(username: str, *, perms=(), email: str = "", superuser: bool = False) -> str:
    """A user with a random password (returned); a superuser also gets an enrolled authenticator app."""
    password = secrets.token_urlsafe(16)
    if superuser:
        user = User.objects.create_superuser(username, email, password)
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        return password
    user = User.objects.create_user(username, email, password, is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return password


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Through the login page, and the second step with the app's current code where the account has one."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # Each submit is awaited as a navigation: the page it leaves has the same header (#site-name), so a wait
    # for an element alone may be satisfied by the old page.
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    if "/two-factor/verify/" in page.url:
        page.fill("#id_code", app_code(TOTPDevice.objects.get(user__username=username, confirmed=True)))
        with page.expect_navigation():
            page.click("#two-factor-verify input[type=submit]")
        page.wait_for_selector("#site-name")
        assert "/two-factor/" not in page.url, page.url


def app_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows for the device (RFC 6238), one the device has not seen yet."""
    return totp_code(device.bin_key, at=max(time.time(), (device.last_t + 1) * device.step + 1))


def totp_code(key: bytes, at: float | None = None) -> str:
    totp = TOTP(key)
    totp.time = at or time.time()
    return f"{totp.token():06d}"


def run_action(page, changelist_url: str, pk: int, action: str) -> str:
    """Select one row on a changelist, run an admin action on it, return the success message."""
    page.goto(changelist_url)
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")
    message = page.wait_for_selector(".messagelist li")
    assert "success" in (message.get_attribute("class") or ""), message.inner_text()
    return message.inner_text()


def attention_count(page, base_url: str, key: str) -> int:
    page.goto(f"{base_url}/admin/")
    return int(page.inner_text(f"a.attention-count[data-key={key}]"))


def test_add_a_product_see_its_history_and_export_the_filtered_list(live_server, browser_env):
    password = make_user("browser-root", superuser=True, email="root@example.com")
    with chromium_page() as page:
        log_in(page, live_server.url, "browser-root", password)
        assert page.locator("#attention-module").is_visible()

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/add/")
        page.fill("#id_name", "Tiller X9 🚜")
        page.fill("#id_category", "tiller")
        page.fill("#id_sale_price", "85000.00")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        product = ShowroomProduct.objects.get(name="Tiller X9 🚜")

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/{product.pk}/change/")
        page.click("a.historylink")
        page.wait_for_selector("text=browser-root")

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/?q=X9")
        with page.expect_download() as download:
            page.click("a.export-link:has-text('CSV')")
        with open(download.value.path(), encoding="utf-8-sig") as exported:
            lines = exported.read().splitlines()
        assert len(lines) == 2 and lines[1].startswith("Tiller X9 🚜,Tiller,85000.00")  # as the list shows it


def test_sell_dispatch_gate_pass_and_two_step_leave_approval(live_server, browser_env):
    base = live_server.url
    product = ShowroomProduct.objects.create(name="Tractor T-450", category="tractor",
                                             sale_price=Decimal("650000.00"))
    clerk_password = make_user("desk-clerk", superuser=True, email="desk@example.com")
    with chromium_page() as page:
        # Sell: the order form picks the product through the admin's autocomplete.
        log_in(page, base, "desk-clerk", clerk_password)
        page.goto(f"{base}/admin/sales/salesorder/add/")
        page.click(".field-showroom_product .select2-selection")
        page.fill(".select2-search__field", "T-450")
        page.click(".select2-results__option:has-text('Tractor T-450')")
        page.fill("#id_customer_name", "Asha Farms")
        page.fill("#id_customer_contact", "+91 90000 12345")
        page.fill("#id_customer_address", "Plot 7, Mandya")
        page.select_option("#id_payment_method", "cash")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        order = SalesOrder.objects.get(showroom_product=product)
        assert order.final_amount == Decimal("650000.00")

        run_action(page, f"{base}/admin/sales/salesorder/", order.pk, "confirm_orders")
        order.refresh_from_db()
        assert order.order_status == "confirmed"
        assert attention_count(page, base, "awaiting_dispatch") == 1

        # Dispatch, from the order's own page.
        page.goto(f"{base}/admin/sales/salesorder/{order.pk}/change/")
        with page.expect_navigation():
            page.click(".step-button:text-is('Dispatch part…')")  # the dispatch form, for a choice of quantity
        assert page.input_value("#id_order_number") == order.order_number
        page.select_option("#id_delivery_type", "self")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        dispatch = DispatchRequest.objects.get(sales_order=order)
        assert attention_count(page, base, "awaiting_dispatch") == 0

        # Gate pass: issued from the dispatch list, verified and released at the gate.
        run_action(page, f"{base}/admin/dispatch/dispatchrequest/", dispatch.pk, "issue_gate_passes")
        gate_pass = GatePass.objects.get(dispatch_request=dispatch)
        run_action(page, f"{base}/admin/dispatch/gatepass/", gate_pass.pk, "verify_passes")
        run_action(page, f"{base}/admin/dispatch/gatepass/", gate_pass.pk, "release_passes")
        gate_pass.refresh_from_db()
        assert gate_pass.status == "released"

        # Leave: the employee's manager approves (step 1), then HR (step 2), each logged in as themselves.
        today = datetime.date.today()
        manager = Employee.objects.create(
            employee_id="E-M-1", first_name="Mohan", last_name="Rao", email="mohan@example.com",
            department="Assembly", designation="Supervisor", joining_date=today, salary=Decimal("50000.00"))
        worker = Employee.objects.create(
            employee_id="E-W-1", first_name="Lata", last_name="Das", email="lata@example.com",
            department="Assembly", designation="Fitter", joining_date=today, salary=Decimal("30000.00"),
            manager=manager)
        leave = Leave.objects.create(employee=worker, leave_type="CASUAL", start_date=today + datetime.timedelta(7),
                                     end_date=today + datetime.timedelta(8), days_requested=Decimal("2.0"))
        manager_password = make_user("mohan", email="mohan@example.com",
                                     perms=["hr.view_leave", "hr.change_leave"])
        hr_password = make_user("hr-officer", email="hr@example.com", perms=["hr.view_leave", "hr.change_leave"])
        manager.user = User.objects.get(username="mohan")  # the explicit link (e-mails are never matched)
        manager.save()

        log_in(page, base, "mohan", manager_password)
        assert attention_count(page, base, "awaiting_approval") == 1
        run_action(page, f"{base}/admin/hr/leave/", leave.pk, "manager_approve")
        leave.refresh_from_db()
        assert leave.status == "MANAGER_APPROVED" and leave.manager_approved_by == manager

        log_in(page, base, "hr-officer", hr_password)
        run_action(page, f"{base}/admin/hr/leave/", leave.pk, "hr_approve")
        leave.refresh_from_db()
        assert leave.status == "APPROVED" and leave.approved_by.username == "hr-officer"
        assert attention_count(page, base, "awaiting_approval") == 0

        # Each step is in the records' history, with who did it.
        page.goto(f"{base}/admin/hr/leave/{leave.pk}/history/")
        page.wait_for_selector("text=hr-officer")
        assert page.locator("text=mohan").count() >= 1


def test_two_factor_enrolment_at_first_login_then_a_backup_code(live_server, browser_env):
    base = live_server.url
    password = secrets.token_urlsafe(16)
    User.objects.create_superuser("new-boss", "boss@example.com", password)
    with chromium_page() as page:
        page.goto(f"{base}/admin/hr/employee/")
        page.fill("#id_username", "new-boss")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        # First login: enrolment, with a QR code and the key typed into the "app" (computed here, RFC 6238).
        page.wait_for_selector("#two-factor-setup")
        assert page.locator(".two-factor-qr svg").is_visible()
        key = base64.b32decode(page.inner_text("#two-factor-key").replace(" ", ""))
        page.fill("#id_code", "000000" if totp_code(key) != "000000" else "111111")
        with page.expect_navigation():
            page.click("#two-factor-setup input[type=submit]")
        assert "not valid" in page.inner_text(".errorlist")
        time.sleep(1.1)  # a wrong code makes the next try wait a second
        page.fill("#id_code", totp_code(key))
        with page.expect_navigation():
            page.click("#two-factor-setup input[type=submit]")
        page.wait_for_selector("#backup-codes li")
        codes = [code.strip() for code in page.locator("#backup-codes li").all_inner_texts()]
        assert len(codes) == 10
        page.click("#two-factor-continue")
        page.wait_for_selector("#changelist")
        assert page.url.endswith("/admin/hr/employee/")

        # Next login, phone left at home: a backup code.
        page.context.clear_cookies()
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "new-boss")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_selector("#two-factor-verify")
        page.fill("#id_code", codes[3])
        page.click("#two-factor-verify input[type=submit]")
        page.wait_for_selector(".messagelist .warning")
        assert "9 of them are left" in page.inner_text(".messagelist")
        assert page.url.endswith("/admin/")
