"""Clicks a clerk needs, counted in a real browser: the transported sale from order to delivery and the
two-step leave approval, once with the list actions (tick a row, pick the action, Go) and once with the
buttons on the record's page (erp/admin_toolkit/record_steps.py). Both runs in one test, printed side by side.

What counts as a click: every mouse click (a button, a link, a row's checkbox, opening the product or vehicle
picker and choosing in it, choosing in a drop-down) and every page reached through the menu (counted as the
one click on the sidebar or the landing page that reaches it). Typing into a text field is not a click; the
fields typed are counted apart, and are the same in both runs. Logging in is not counted.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from dispatch.models import DispatchRequest, GatePass
from fleet.models import TransportJob
from hr.models import Employee, Leave
from sales.models import SalesOrder
from showroom.models import ShowroomProduct
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import log_in, make_user
from tests.fleet import factories as fleet_factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Counted:
    """The page, with each click counted (see the module's docstring for what counts)."""

    def __init__(self, page, base: str):
        self.page, self.base, self.clicks, self.typed = page, base, 0, 0

    def menu(self, path: str) -> None:
        self.clicks += 1
        self.page.goto(self.base + path)

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def submit(self, selector: str) -> None:
        """A click that loads the next page, awaited as a navigation: the page it leaves may show a message
        (the one of the step before), which a bare wait for ".messagelist li" would take for the new one's."""
        with self.page.expect_navigation():
            self.click(selector)

    def choose(self, selector: str, value: str) -> None:
        self.clicks += 1
        self.page.select_option(selector, value)

    def type(self, selector: str, text: str) -> None:
        self.typed += 1
        self.page.fill(selector, text)

    def pick(self, field: str, search: str, option: str) -> None:
        """An autocomplete: open it (1), type the search (typed), choose the option (1)."""
        self.click(f".field-{field} .select2-selection")
        self.typed += 1
        self.page.fill(".select2-search__field", search)
        self.click(f".select2-results__option:has-text('{option}')")

    def succeeded(self) -> str:
        message = self.page.wait_for_selector(".messagelist li")
        assert "success" in (message.get_attribute("class") or ""), message.inner_text()
        return message.inner_text()

    def step(self, label: str) -> None:
        """A step button on the record's page."""
        self.submit(f".step-button:text-is('{label}')")
        self.succeeded()

    def list_action(self, path: str, pk: int, action: str) -> None:
        """The way without record buttons: to the list, tick the row, pick the action, Go."""
        self.menu(path)
        self.click(f"input[name=_selected_action][value='{pk}']")
        self.choose("select[name=action]", action)
        self.submit("button[name=index]")


def sell(c: Counted, product: str, customer: str) -> SalesOrder:
    c.menu("/admin/sales/salesorder/add/")
    c.pick("showroom_product", product, product)
    c.type("#id_customer_name", customer)
    c.type("#id_customer_contact", "+91 90000 12345")
    c.type("#id_customer_address", "Plot 7, Mandya")
    c.type("#id_destination", "Mandya")
    # The live total, from the product's sale price (sales/static/sales/order_total.js).
    c.page.wait_for_function("() => document.getElementById('order-live-total').textContent.includes('650000.00')")
    c.type("#id_discount_amount", "5000")
    assert c.page.inner_text("#order-live-total").endswith("final amount after the discount: 645000.00")
    c.choose("#id_payment_method", "cash")
    c.submit("input[name=_save]")
    c.succeeded()
    order = SalesOrder.objects.get(customer_name=customer)
    assert order.final_amount == Decimal("645000.00")  # as the live total said
    return order


def transported_sale_with_list_actions(c: Counted, product: str, vehicle: str) -> int:
    order = sell(c, product, "Before Farms")
    c.list_action("/admin/sales/salesorder/", order.pk, "confirm_orders")
    c.succeeded()
    c.list_action("/admin/sales/salesorder/", order.pk, "dispatch_order")  # opens the dispatch form
    c.choose("#id_delivery_type", "transport")
    c.submit("input[name=_save]")
    c.succeeded()
    dispatch = DispatchRequest.objects.get(sales_order=order)
    c.list_action("/admin/dispatch/dispatchrequest/", dispatch.pk, "request_transport")
    c.succeeded()
    job = TransportJob.objects.get(dispatch_request=dispatch)
    c.list_action("/admin/fleet/transportjob/", job.pk, "assign_vehicle")  # opens the assignment form
    c.pick("vehicle", vehicle, vehicle)
    c.submit("input[name=_save]")
    c.succeeded()
    c.list_action("/admin/dispatch/dispatchrequest/", dispatch.pk, "issue_gate_passes")
    c.succeeded()
    gate_pass = GatePass.objects.get(dispatch_request=dispatch)
    for action in ("verify_passes", "release_passes"):
        c.list_action("/admin/dispatch/gatepass/", gate_pass.pk, action)
        c.succeeded()
    for action in ("start_jobs", "deliver_jobs"):
        c.list_action("/admin/fleet/transportjob/", job.pk, action)
        c.succeeded()
    return order.pk


def transported_sale_with_record_buttons(c: Counted, product: str, vehicle: str) -> int:
    order = sell(c, product, "After Farms")  # lands on the order's page
    c.step("Confirm")
    c.page.screenshot(path=str(SCREENSHOTS / "record-steps-order-confirmed.png"), full_page=True)
    c.step("Dispatch by transport")  # lands on the dispatch's page
    c.submit(".step-button:text-is('Request transport')")  # lands on the new job's assignment form
    c.pick("vehicle", vehicle, vehicle)
    c.submit("input[name=_and_gate_pass]")  # "Assign and issue gate pass": lands on the gate pass
    c.succeeded()
    c.page.screenshot(path=str(SCREENSHOTS / "record-steps-gate-pass.png"), full_page=True)
    c.step("Verify")
    c.step("Release (goods leave)")  # back on the transport job's page
    c.step("Start (in transit)")
    c.step("Deliver")
    c.page.screenshot(path=str(SCREENSHOTS / "record-steps-job-delivered.png"), full_page=True)
    return order.pk


def leave_with_list_actions(c: Counted, base, leave, users) -> None:
    for (username, password), action in zip(users, ("manager_approve", "hr_approve"), strict=True):
        log_in(c.page, base, username, password)
        c.list_action("/admin/hr/leave/", leave.pk, action)
        c.succeeded()


def leave_with_record_buttons(c: Counted, base, leave, users) -> None:
    for (username, password), label in zip(users, ("Approve (manager)", "Approve (HR)"), strict=True):
        log_in(c.page, base, username, password)
        c.menu("/admin/hr/leave/")
        c.submit(f"#result_list a[href*='/hr/leave/{leave.pk}/change/']")
        c.step(label)


def test_clicks_for_a_transported_sale_and_a_leave_approval_before_and_after(live_server, browser_env):
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("Tractor Before", "Tractor After"):
        ShowroomProduct.objects.create(name=name, category="tractor", sale_price=Decimal("650000.00"))
    for number in ("KA01AA0001", "KA01AA0002"):
        fleet_factories.vehicle(vehicle_number=number, driver_employee=fleet_factories.driver())
    password = make_user("desk-clerk", superuser=True, email="desk@example.com")

    today = datetime.date.today()
    manager = Employee.objects.create(
        employee_id="E-M-1", first_name="Mohan", last_name="Rao", email="mohan@example.com", department="Assembly",
        designation="Supervisor", joining_date=today, salary=Decimal("50000.00"))
    worker = Employee.objects.create(
        employee_id="E-W-1", first_name="Lata", last_name="Das", email="lata@example.com", department="Assembly",
        designation="Fitter", joining_date=today, salary=Decimal("30000.00"), manager=manager)
    leaves = [Leave.objects.create(employee=worker, leave_type="CASUAL", start_date=today + datetime.timedelta(d),
                                   end_date=today + datetime.timedelta(d), days_requested=Decimal("1.0"))
              for d in (7, 14)]
    users = [("mohan", make_user("mohan", perms=["hr.view_leave", "hr.change_leave"])),
             ("hr-officer", make_user("hr-officer", perms=["hr.view_leave", "hr.change_leave"]))]
    manager.user = User.objects.get(username="mohan")
    manager.save()

    counts = {}
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, base, "desk-clerk", password)
        before, after = Counted(page, base), Counted(page, base)
        orders = [transported_sale_with_list_actions(before, "Tractor Before", "KA01AA0001"),
                  transported_sale_with_record_buttons(after, "Tractor After", "KA01AA0002")]
        counts["sale"] = (before.clicks, after.clicks, before.typed, after.typed)

        leave_before, leave_after = Counted(page, base), Counted(page, base)
        leave_with_list_actions(leave_before, base, leaves[0], users)
        leave_with_record_buttons(leave_after, base, leaves[1], users)
        counts["leave"] = (leave_before.clicks, leave_after.clicks, leave_before.typed, leave_after.typed)

    for pk in orders:  # both ways reached the same end
        order = SalesOrder.objects.get(pk=pk)
        dispatch = DispatchRequest.objects.get(sales_order=order)
        assert (order.order_status, dispatch.status) == ("delivered", "completed")
        assert dispatch.gate_passes.get().status == "released"
        assert TransportJob.objects.get(dispatch_request=dispatch).status == "delivered"
    for leave in leaves:
        leave.refresh_from_db()
        assert leave.status == "APPROVED" and leave.manager_approved_by == manager

    for what, (clicks_before, clicks_after, typed_before, typed_after) in counts.items():
        print(f"\n{what}: {clicks_before} clicks with list actions, {clicks_after} with record buttons "
              f"(fields typed: {typed_before} and {typed_after})")
    assert counts["sale"][2] == counts["sale"][3] and counts["leave"][2] == counts["leave"][3]
    assert counts["sale"][1] <= 15, counts  # the goal
    assert counts["leave"][1] < counts["leave"][0], counts
