"""One refusal per module app in a real browser, its message read word for word as the clerk sees it.

Chromium is Debian's (tests/admin_toolkit/browser.py); a missing browser fails the test, it never skips.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from erp.core import wording
from fleet.models import Vehicle
from gate.models import GateUser
from gate.services import going_out_start
from hr.models import Employee
from purchasing.services import purchase_order_create
from sales.services import sales_order_cancel
from showroom.models import ShowroomProduct
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import log_in, make_user
from tests.dispatch import factories as dispatch_factories
from tests.sales import factories as sales_factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def refused_action(page, changelist_url: str, pk: int, action: str) -> str:
    page.goto(changelist_url)
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    return page.inner_text(".messagelist li.error")


def refused_form(page, url: str, fill: dict[str, str | tuple[str, str]], field: str | None = None) -> str:
    """`fill`: a value per field; (search, option) for a reference picked by search (autocomplete)."""
    page.goto(url)
    for selector, value in fill.items():
        if isinstance(value, tuple):
            search, option = value
            name = selector.removeprefix("#id_")
            page.click(f".field-{name} .select2-selection")
            page.fill(".select2-search__field", search)
            page.click(f".select2-results__option:has-text('{option}')")
        elif page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    return page.inner_text(f".field-{field} .errorlist li" if field else ".errorlist.nonfield li")


def test_one_refusal_per_module_word_for_word(live_server, browser_env):
    password = make_user("refusals-root", superuser=True, email="root@example.com")
    base = live_server.url
    today = timezone.localdate()
    reserved = sales_factories.sales_order().showroom_product  # reserved by its pending order
    cancelled = sales_order_cancel(sales_order=sales_factories.sales_order())
    waiting = dispatch_factories.dispatch_request(delivery_type="transport")  # no vehicle yet
    own_order = purchase_order_create(supplier_name="Steel Ltd", total_amount=Decimal("10.00"),
                                      created_by=User.objects.get(username="refusals-root"))
    Vehicle.objects.create(vehicle_number="MH12AB0001", vehicle_type="truck", driver_name="Ravi")
    worker = Employee.objects.create(employee_id="E-1", first_name="Meera", last_name="Iyer",
                                     email="meera@example.com", department="Assembly", designation="Fitter",
                                     joining_date=datetime.date(2024, 1, 1), salary=Decimal("30000.00"))
    outing = going_out_start(user=GateUser.objects.create(name="Guard Ganesh", phone="9000000001"),
                             reason_type="Bank")
    start, end = today + datetime.timedelta(days=7), today + datetime.timedelta(days=407)

    with chromium_page() as page:
        log_in(page, base, "refusals-root", password)
        # Showroom: a reserved product is not sold twice.
        assert refused_action(page, f"{base}/admin/showroom/showroomproduct/", reserved.pk, "sell_product") == \
            f"{reserved.name} cannot be sold: it is reserved."
        # Sales: a cancelled order is not confirmed.
        assert refused_action(page, f"{base}/admin/sales/salesorder/", cancelled.pk, "confirm_orders") == \
            f"Order {cancelled.order_number} cannot be confirmed: it is cancelled."
        # Dispatch: no gate pass before a vehicle is assigned.
        assert refused_action(page, f"{base}/admin/dispatch/dispatchrequest/", waiting.pk, "issue_gate_passes") == \
            f"No gate pass can be issued for dispatch of {waiting.sales_order.order_number} to {waiting.party_name}, " \
            f"{wording.day_of(waiting.created_at)}: it is pending " \
            "(a transport dispatch needs a vehicle assigned first)."
        # Purchasing: nobody approves the order they raised.
        assert refused_action(page, f"{base}/admin/purchasing/purchaseorder/", own_order.pk, "approve") == \
            f"Purchase order {own_order.po_number} was raised by you: someone else must approve it."
        # Fleet: a vehicle number differing only in case is the same vehicle.
        assert refused_form(page, f"{base}/admin/fleet/vehicle/add/",
                            {"#id_vehicle_number": "mh12ab0001", "#id_vehicle_type": "van",
                             "#id_driver_name": "Kiran"}, field="vehicle_number") == \
            "Another vehicle already has this number."
        # HR: a leave wider than any leave keeps the form as typed and says why on the end date.
        page.goto(f"{base}/admin/hr/leave/add/")
        page.evaluate("([id, text]) => { const s = document.querySelector('#id_employee');"
                      " s.add(new Option(text, id, true, true)); }", [str(worker.pk), str(worker)])
        page.select_option("#id_leave_type", "CASUAL")
        page.fill("#id_start_date", start.isoformat())
        page.fill("#id_end_date", end.isoformat())
        page.fill("#id_reason", "Long trip")
        page.click("input[name=_save]")
        assert page.inner_text(".field-end_date .errorlist li") == \
            f"A leave is at most 366 days; {wording.period(start, end)} is longer."
        assert page.input_value("#id_reason") == "Long trip"
        # Guest list: no visit in the past.
        assert refused_form(page, f"{base}/admin/guestlist/guestvisit/add/",
                            {"#id_guest_name": "Asha", "#id_meeting_person": "Plant manager",
                             "#id_visit_date": (today - datetime.timedelta(days=1)).isoformat(),
                             "#id_purpose": "Audit"}, field="visit_date") == \
            "A visit cannot be scheduled in the past."
        # Gate: one open outing per person.
        assert refused_form(page, f"{base}/admin/gate/goingoutlog/add/",
                            {"#id_user": (outing.user.name, str(outing.user)), "#id_reason_type": "Lunch"}) == \
            f"{outing.user} is already out since {wording.moment(outing.going_out_time)}: record the return first."
    assert ShowroomProduct.objects.get(pk=reserved.pk).showroom_status == "reserved"
