"""Workflow steps on a record's page (erp/admin_toolkit/record_steps.py): the status bar, the buttons the
record can take now, each a POST that runs the list action's service, permission-checked, refusals shown."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from dispatch.models import DispatchRequest, GatePass
from fleet.models import TransportJob
from guestlist.models import GuestVisit
from hr.models import Leave
from purchasing.models import PurchaseOrder
from purchasing.services import purchase_order_create
from sales.models import SalesOrder
from tests.dispatch import factories as dispatch_factories
from tests.erp import factories as erp_factories
from tests.fleet import factories as fleet_factories
from tests.hr import factories as hr_factories
from tests.sales import factories as sales_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def buttons(page: str) -> list[str]:
    return re.findall(r'class="step-button[^"]*" data-step="([a-z_]+)"', page)


def status_bar(page: str) -> tuple[list[str], str]:
    states = re.findall(r'<li class="status-(\w+)"[^>]*>([^<]+)</li>', page)
    return [label for _, label in states], next(label for place, label in states if place == "current")


def step(client, obj, action: str, **data):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_step", args=[obj.pk, action])
    return client.post(url, {"action": action, **data})


def change_page(client, obj) -> str:
    opts = obj._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_order_from_its_page_to_delivery_by_transport(superuser_client):
    client = superuser_client
    order = sales_factories.sales_order()
    page = change_page(client, order)
    assert buttons(page) == ["confirm_orders", "cancel_orders"]
    assert status_bar(page) == (["Pending", "Confirmed", "Dispatched", "Delivered"], "Pending")
    assert 'name="csrfmiddlewaretoken"' in page.split('class="record-steps"')[1]

    response = step(client, order, "confirm_orders")
    assert response["Location"] == reverse("admin:sales_salesorder_change", args=[order.pk])
    order.refresh_from_db()
    assert order.order_status == "confirmed"
    page = change_page(client, order)
    assert buttons(page) == ["dispatch_order", "dispatch_for_pickup", "dispatch_by_transport", "cancel_orders"]
    # In the record's history as from the list: who, and which action.
    entry = LogEntry.objects.get(object_id=str(order.pk), content_type__model="salesorder")
    assert entry.get_change_message() == "Confirmed (action “confirm_orders”)."

    response = step(client, order, "dispatch_by_transport")
    dispatch = DispatchRequest.objects.get(sales_order=order)
    assert dispatch.delivery_type == "transport" and dispatch.status == "pending"
    assert response["Location"] == reverse("admin:dispatch_dispatchrequest_change", args=[dispatch.pk])
    page = change_page(client, dispatch)
    assert "request_transport" in buttons(page)
    assert status_bar(page)[0] == ["Pending", "Assigned to transport", "In transit", "Completed"]

    response = step(client, dispatch, "request_transport")
    job = TransportJob.objects.get(dispatch_request=dispatch)
    assert response["Location"] == reverse("admin:fleet_transportjob_assign", args=[job.pk])
    assert buttons(change_page(client, job)) == ["assign_vehicle", "cancel_jobs"]
    response = step(client, job, "assign_vehicle")  # a step that needs a form: the action's own page
    assert response["Location"] == reverse("admin:fleet_transportjob_assign", args=[job.pk])
    vehicle, driver = fleet_factories.vehicle(), fleet_factories.driver()
    client.post(reverse("admin:fleet_transportjob_assign", args=[job.pk]),
                {"vehicle": vehicle.pk, "driver": driver.pk})
    job_url = reverse("admin:fleet_transportjob_change", args=[job.pk])
    assert buttons(change_page(client, job)) == ["issue_gate_pass", "start_jobs", "cancel_jobs"]

    response = step(client, job, "issue_gate_pass")
    gate_pass = GatePass.objects.get(dispatch_request=dispatch)
    assert gate_pass.vehicle_no == vehicle.vehicle_number  # copied from the job, as the list action does
    pass_url = reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk])
    assert response["Location"] == f"{pass_url}?next={job_url.replace('/', '%2F')}"
    page = client.get(response["Location"]).content.decode()
    assert buttons(page) == ["verify_passes"] and f'name="next" value="{job_url}"' in page
    response = step(client, gate_pass, "verify_passes", next=job_url)
    assert response["Location"].startswith(pass_url + "?next=")  # verified: still the pass
    response = step(client, gate_pass, "release_passes", next=job_url)
    assert response["Location"] == job_url  # released: back to the job
    assert "issue_gate_pass" not in buttons(change_page(client, job))

    step(client, job, "start_jobs")
    assert buttons(change_page(client, job)) == ["deliver_jobs"]
    step(client, job, "deliver_jobs")
    job.refresh_from_db()
    dispatch.refresh_from_db()
    order.refresh_from_db()
    assert (job.status, dispatch.status, order.order_status) == ("delivered", "completed", "delivered")
    assert buttons(change_page(client, job)) == []
    assert status_bar(change_page(client, order))[1] == "Delivered"


def test_a_refusal_is_shown_on_the_record_page_and_changes_nothing(superuser_client):
    client = superuser_client
    gate_pass_dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    # The page was drawn while the step was allowed; another clerk moved the record since.
    response = step(client, gate_pass_dispatch, "issue_gate_passes")
    gate_pass = GatePass.objects.get()
    response = client.post(reverse("admin:dispatch_gatepass_step", args=[gate_pass.pk, "release_passes"]),
                           {"action": "release_passes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk])
    assert f"{gate_pass} cannot be released: it is pending." in shown(response)
    assert str(gate_pass).startswith(f"Gate pass for {gate_pass.party_name}, ")
    gate_pass.refresh_from_db()
    assert gate_pass.status == "pending"
    page = response.content.decode()  # the refusal drawn on the pass's page, its Verify still offered
    assert re.search(r'<li class="error">[^<]*cannot be released: it is pending\.</li>', page)
    assert buttons(page) == ["verify_passes"]


def test_steps_are_post_only_csrf_checked_and_unknown_steps_refused(superuser):
    order = sales_factories.sales_order()
    url = reverse("admin:sales_salesorder_step", args=[order.pk, "confirm_orders"])
    client = Client(enforce_csrf_checks=True)
    verified_login(client, superuser)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "confirm_orders"}).status_code == 403  # no CSRF token
    page = client.get(reverse("admin:sales_salesorder_change", args=[order.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(url, {"action": "confirm_orders", "csrfmiddlewaretoken": token}).status_code == 302
    order.refresh_from_db()
    assert order.order_status == "confirmed"
    # Not a step of the model (a list action of another model, or none at all): forbidden, nothing runs.
    for action in ("release_passes", "delete_selected", "nonsense"):
        bad = reverse("admin:sales_salesorder_step", args=[order.pk, action])
        assert client.post(bad, {"csrfmiddlewaretoken": token}).status_code == 403
    missing = reverse("admin:sales_salesorder_step", args=[999999, "confirm_orders"])
    response = client.post(missing, {"csrfmiddlewaretoken": token}, follow=True)
    assert "There is no sales order 999999." in shown(response)


def test_buttons_follow_permissions(client, group_user):
    """A Sales clerk confirms but does not dispatch; a Dispatch clerk sees no Confirm and cannot post it."""
    order = sales_factories.sales_order(confirmed=False)
    sales_clerk = group_user("Sales")
    verified_login(client, sales_clerk)
    assert buttons(change_page(client, order)) == ["confirm_orders", "cancel_orders"]
    step(client, order, "confirm_orders")
    page = change_page(client, order)
    assert "dispatch_by_transport" not in buttons(page)
    assert step(client, order, "dispatch_by_transport").status_code == 403
    assert not DispatchRequest.objects.exists()

    viewer = group_user("Dispatch")
    viewer.user_permissions.add(Permission.objects.get(codename="view_salesorder"))
    verified_login(client, viewer)
    assert step(client, order, "cancel_orders").status_code == 403
    order.refresh_from_db()
    assert order.order_status == "confirmed"
    assert "dispatch_by_transport" in buttons(change_page(client, order))


def test_contributed_actions_stay_on_the_changelist(client, group_user):
    """Dispatch's actions on sales orders are list actions: on Django 6.1, which asks get_actions() for a
    change form's actions too, the order's page gets its step buttons but no action menu."""
    order = sales_factories.sales_order(confirmed=True)
    clerk = group_user("Dispatch")
    clerk.user_permissions.add(Permission.objects.get(codename="view_salesorder"))
    verified_login(client, clerk)
    page = client.get(reverse("admin:sales_salesorder_change", args=[order.pk]))
    assert "dispatch_by_transport" in buttons(page.content.decode())
    assert page.context.get("action_form") is None
    changelist = client.get(reverse("admin:sales_salesorder_changelist"))
    assert "dispatch_by_transport" in dict(changelist.context["action_form"].fields["action"].choices)


def test_action_parts_reads_either_shape():
    """get_actions() gives (func, name, description) on Django 5.2, an object with those attributes on 6.1."""
    from types import SimpleNamespace

    from erp.admin_toolkit.actions import action_parts

    def act(modeladmin, request, queryset):
        return None

    assert action_parts((act, "act", "Act")) == (act, "act", "Act")
    assert action_parts(SimpleNamespace(func=act, name="act", description="Act")) == (act, "act", "Act")


def test_leave_two_steps_purchase_order_and_guest_visit_from_their_pages(superuser_client, superuser):
    client = superuser_client
    today = datetime.date.today()
    manager = hr_factories.employee(user=superuser)
    worker = hr_factories.employee(manager=manager)
    leave = Leave.objects.create(employee=worker, leave_type="CASUAL", start_date=today + datetime.timedelta(7),
                                 end_date=today + datetime.timedelta(7), days_requested=Decimal("1.0"))
    page = change_page(client, leave)
    assert buttons(page) == ["manager_approve", "manager_reject"]
    assert status_bar(page) == (["Pending", "Approved by manager", "Approved"], "Pending")
    step(client, leave, "manager_approve")
    assert buttons(change_page(client, leave)) == ["hr_approve", "hr_reject"]
    # The same person cannot take the HR step: refused on the leave's page, nothing changed.
    response = client.post(reverse("admin:hr_leave_step", args=[leave.pk, "hr_reject"]), {"action": "hr_reject"},
                           follow=True)
    assert any(m.endswith(": The HR step must be taken by someone other than who approved as manager.")
               for m in shown(response))
    assert response.redirect_chain[-1][0] == reverse("admin:hr_leave_change", args=[leave.pk])
    leave.refresh_from_db()
    assert leave.status == "MANAGER_APPROVED"
    verified_login(client, erp_factories.superuser())
    step(client, leave, "hr_reject")
    leave.refresh_from_db()
    assert leave.status == "REJECTED"
    assert status_bar(change_page(client, leave)) == (["Pending", "Approved by manager", "Approved", "Rejected"],
                                                      "Rejected")

    po = purchase_order_create(supplier_name="Bharat Steel", total_amount=Decimal("1000.00"))
    for action in ("approve", "mark_ordered", "receive"):
        assert buttons(change_page(client, po))[0] == action
        step(client, po, action)
    po.refresh_from_db()
    assert po.status == PurchaseOrder.Status.RECEIVED and buttons(change_page(client, po)) == []

    visit = GuestVisit.objects.create(guest_name="Ravi", meeting_person="Asha", visit_date=today,
                                      purpose="Meeting")
    step(client, visit, "check_in")
    assert buttons(change_page(client, visit)) == ["check_out"]
    step(client, visit, "check_out")
    visit.refresh_from_db()
    assert visit.status == "checked_out"


def test_a_closed_or_cancelled_order_offers_no_steps(superuser_client):
    order = sales_factories.sales_order()
    step(superuser_client, order, "cancel_orders")
    order.refresh_from_db()
    assert order.order_status == SalesOrder.OrderStatus.CANCELLED
    page = change_page(superuser_client, order)
    assert buttons(page) == []
    assert status_bar(page)[1] == "Cancelled"


def test_assign_and_issue_gate_pass_in_one_submit(superuser_client):
    client = superuser_client
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    assign = reverse("admin:fleet_transportjob_assign", args=[job.pk])
    assert 'name="_and_gate_pass"' in client.get(assign).content.decode()
    driver = fleet_factories.driver()
    response = client.post(assign, {"vehicle": vehicle.pk, "driver": driver.pk,
                                    "_and_gate_pass": "Assign and issue gate pass"})
    gate_pass = GatePass.objects.get(dispatch_request=job.dispatch_request)
    assert gate_pass.vehicle_no == vehicle.vehicle_number
    job_url = reverse("admin:fleet_transportjob_change", args=[job.pk])
    assert response["Location"] == (reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk])
                                    + f"?next={job_url.replace('/', '%2F')}")
    job.refresh_from_db()
    assert job.status == "assigned"
