"""Dispatch and gate pass workflows through the admin, as a superuser and as a Dispatch clerk."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dispatch.models import DispatchRequest, GatePass
from dispatch.services import gate_pass_issue, gate_pass_verify
from erp.core import wording
from tests.dispatch import factories as dispatch_factories
from tests.sales import factories as sales_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["superuser", "dispatch clerk"])
def clerk(request, client, superuser, group_user):
    user = superuser if request.param == "superuser" else group_user("Dispatch")
    verified_login(client, user)
    return client


@pytest.fixture
def group_clerk(client, group_user):
    """Refusals are checked as the module clerk only; the main flows run as both users."""
    verified_login(client, group_user("Dispatch"))
    return client


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_dispatch_an_order_from_the_add_form(clerk):
    order = sales_factories.sales_order(confirmed=True)
    page = clerk.get(reverse("admin:dispatch_dispatchrequest_add") + f"?sales_order={order.pk}")
    assert order.order_number in page.content.decode()  # prefilled
    data = {"order_number": order.order_number, "delivery_type": "self", "quantity": "", "dispatch_notes": ""}
    response = clerk.post(reverse("admin:dispatch_dispatchrequest_add"), data, follow=True)
    assert response.status_code == 200
    dispatch = DispatchRequest.objects.get()
    assert (dispatch.sales_order, dispatch.status) == (order, "ready_for_pickup")
    assert f"Dispatch to {order.customer_name} created for 1 of {order.order_number}: ready for pickup." in shown(
        response)


@pytest.mark.parametrize(
    "data,error",
    [
        ({"order_number": "SO-1999-00001"}, "There is no sales order SO-1999-00001."),
        ({"quantity": "2"}, "has 1 of 1 left to dispatch; 2 cannot be dispatched"),
        ({"quantity": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"delivery_type": "drone"}, "Select a valid choice."),
        ({"quantity": "x"}, "Enter a whole number."),
    ],
)
def test_bad_dispatch_input_is_shown_on_the_form(group_clerk, data, error):
    order = sales_factories.sales_order(confirmed=True)
    response = group_clerk.post(reverse("admin:dispatch_dispatchrequest_add"),
                          {"order_number": order.order_number, "delivery_type": "self", **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DispatchRequest.objects.exists()
    order.refresh_from_db()
    assert order.order_status == "confirmed"


def test_a_pending_order_cannot_be_dispatched(group_clerk):
    order = sales_factories.sales_order()
    response = group_clerk.post(reverse("admin:dispatch_dispatchrequest_add"),
                          {"order_number": order.order_number, "delivery_type": "transport"})
    assert "cannot be dispatched: it is pending, not confirmed" in response.content.decode()
    assert not DispatchRequest.objects.exists()


def test_issue_verify_and_release_a_gate_pass_once(clerk):
    ready = dispatch_factories.dispatch_request(delivery_type="self")
    waiting = dispatch_factories.dispatch_request(delivery_type="transport")
    response = clerk.post(reverse("admin:dispatch_dispatchrequest_changelist"),
                          {"action": "issue_gate_passes", "_selected_action": [ready.pk, waiting.pk]}, follow=True)
    messages = shown(response)
    assert "1 dispatch request given a gate pass." in messages
    # Named as the yard names it: its order, its party, its day; never "#id".
    waiting_name = f"dispatch of {waiting.sales_order.order_number} to {waiting.party_name}, "
    assert any(m.startswith(f"No gate pass can be issued for {waiting_name}") for m in messages), messages
    assert not any("#" in m for m in messages)
    gate_pass = GatePass.objects.get()
    assert gate_pass.dispatch_request == ready

    url = reverse("admin:dispatch_gatepass_changelist")
    response = clerk.post(url, {"action": "release_passes", "_selected_action": [gate_pass.pk]}, follow=True)
    name = f"Gate pass for {gate_pass.party_name}, {wording.day_of(gate_pass.issued_at)}"
    assert f"{name} cannot be released: it is pending." in shown(response)  # the row named once
    response = clerk.post(url, {"action": "verify_passes", "_selected_action": [gate_pass.pk]}, follow=True)
    assert "1 gate pass verified." in shown(response)
    response = clerk.post(url, {"action": "release_passes", "_selected_action": [gate_pass.pk]}, follow=True)
    assert "1 gate pass released." in shown(response)
    response = clerk.post(url, {"action": "release_passes", "_selected_action": [gate_pass.pk]}, follow=True)
    assert response.status_code == 200
    assert f"{name} cannot be released: it is released." in shown(response)
    ready.refresh_from_db()
    ready.sales_order.refresh_from_db()
    assert (ready.status, ready.sales_order.order_status) == ("completed", "delivered")


def test_issue_a_gate_pass_from_the_add_form(group_clerk):
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    url = reverse("admin:dispatch_gatepass_add")
    assert group_clerk.get(url + f"?dispatch_request={dispatch.pk}").status_code == 200
    response = group_clerk.post(url, {"dispatch_request": dispatch.pk, "vehicle_no": "MH12ZZ0001",
                                "driver_name": "Customer", "driver_contact": ""}, follow=True)
    gate_pass = GatePass.objects.get()
    assert (gate_pass.vehicle_no, gate_pass.status) == ("MH12ZZ0001", "pending")
    assert f"Gate pass issued for {wording.lower_first(str(dispatch))}." in shown(response)
    assert str(dispatch) == (f"Dispatch of {dispatch.sales_order.order_number} to {dispatch.party_name}, "
                             f"{wording.day_of(dispatch.created_at)}")
    response = group_clerk.post(url, {"dispatch_request": dispatch.pk})
    assert "already has a gate pass that is not released" in response.content.decode()
    response = group_clerk.post(url, {"dispatch_request": "abc"})
    assert response.status_code == 200
    assert GatePass.objects.count() == 1


def test_status_cannot_be_typed_and_nothing_is_deleted(group_clerk):
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    gate_pass = gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=dispatch))
    response = group_clerk.post(reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk]),
                          {"vehicle_no": "X1", "status": "released"})
    assert response.status_code == 302
    gate_pass.refresh_from_db()
    assert (gate_pass.vehicle_no, gate_pass.status) == (None, "verified")  # fixed once issued
    assert group_clerk.get(reverse("admin:dispatch_gatepass_delete", args=[gate_pass.pk])).status_code == 403
    assert group_clerk.get(reverse("admin:dispatch_dispatchrequest_delete", args=[dispatch.pk])).status_code == 403


def test_cancel_action(group_clerk):
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    response = group_clerk.post(reverse("admin:dispatch_dispatchrequest_changelist"),
                          {"action": "cancel_dispatches", "_selected_action": [dispatch.pk]}, follow=True)
    assert "1 dispatch request cancelled." in shown(response)
    dispatch.refresh_from_db()
    dispatch.sales_order.refresh_from_db()
    assert (dispatch.status, dispatch.sales_order.order_status) == ("cancelled", "confirmed")


def test_dispatch_action_on_the_sales_order_changelist(client, superuser):
    verified_login(client, superuser)
    order = sales_factories.sales_order(confirmed=True)
    response = client.post(reverse("admin:sales_salesorder_changelist"),
                           {"action": "dispatch_order", "_selected_action": [order.pk]})
    assert response["Location"] == reverse("admin:dispatch_dispatchrequest_add") + f"?sales_order={order.pk}"


def test_dispatch_page_offers_the_next_steps_the_user_may_take(client, group_user):
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    url = reverse("admin:dispatch_dispatchrequest_change", args=[dispatch.pk])
    # Step buttons (erp/admin_toolkit/record_steps.py): a pending transport dispatch gets no gate pass yet.
    cancel, transport, gate_pass = ('data-step="cancel_dispatches"', 'data-step="request_transport"',
                                    'data-step="issue_gate_passes"')
    verified_login(client, group_user("Dispatch"))
    page = client.get(url).content.decode()
    assert cancel in page and transport not in page and gate_pass not in page
    verified_login(client, group_user("Fleet"))  # views dispatches, may request transport
    page = client.get(url).content.decode()
    assert transport in page and cancel not in page and gate_pass not in page
