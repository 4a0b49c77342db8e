"""Dispatch rules through the services: dispatching an order, gate passes, self pickup completion."""

import pytest
from django.core.exceptions import ValidationError

from dispatch.models import DispatchRequest, GatePass
from dispatch.services import (
    dispatch_request_cancel,
    dispatch_request_create,
    dispatch_request_mark_ready,
    gate_pass_issue,
    gate_pass_release,
    gate_pass_verify,
)
from sales.services import sales_order_cancel
from tests.dispatch import factories as dispatch_factories
from tests.sales import factories as sales_factories
from tests.showroom import factories as showroom_factories

pytestmark = pytest.mark.django_db


def test_dispatch_copies_the_order_and_marks_it_dispatched():
    order = sales_factories.sales_order(confirmed=True, customer_email="asha@example.com")
    dispatch = dispatch_request_create(sales_order=order, delivery_type="self")
    assert (dispatch.party_name, dispatch.party_contact, dispatch.party_address, dispatch.party_email) == (
        order.customer_name, order.customer_contact, order.customer_address, "asha@example.com")
    assert dispatch.showroom_product_id == order.showroom_product_id
    assert (dispatch.quantity, dispatch.status, dispatch.original_delivery_type) == (1, "ready_for_pickup", "self")
    order.refresh_from_db()
    assert order.order_status == "dispatched"


def test_transport_dispatch_waits_for_a_job():
    assert dispatch_factories.dispatch_request(delivery_type="transport").status == "pending"


@pytest.mark.parametrize("confirmed,cancel", [(False, False), (True, True)])
def test_only_a_confirmed_order_can_be_dispatched(confirmed, cancel):
    order = sales_factories.sales_order(confirmed=confirmed)
    if cancel:
        sales_order_cancel(sales_order=order)
    state = "cancelled" if cancel else "pending"
    with pytest.raises(ValidationError, match=f"cannot be dispatched: it is {state}, not confirmed"):
        dispatch_request_create(sales_order=order, delivery_type="self")
    assert not DispatchRequest.objects.exists()


def test_never_more_than_sold_across_non_cancelled_dispatches():
    product = showroom_factories.product(quantity=3)
    order = sales_factories.sales_order(showroom_product=product, quantity=3, confirmed=True)
    first = dispatch_request_create(sales_order=order, delivery_type="transport", quantity=2)
    with pytest.raises(ValidationError, match="has 1 of 3 left to dispatch; 2 cannot be dispatched"):
        dispatch_request_create(sales_order=order, delivery_type="self", quantity=2)
    dispatch_request_cancel(dispatch_request=first)
    order.refresh_from_db()
    assert order.order_status == "confirmed"  # nothing left dispatched
    rest = dispatch_request_create(sales_order=order, delivery_type="self")  # everything left: 3
    assert rest.quantity == 3
    with pytest.raises(ValidationError, match="has 0 of 3 left"):
        dispatch_request_create(sales_order=order, delivery_type="self", quantity=1)


@pytest.mark.parametrize("quantity", [0, -1])
def test_dispatch_quantity_must_be_positive(quantity):
    with pytest.raises(ValidationError, match="at least 1"):
        dispatch_factories.dispatch_request(quantity=quantity)


def test_bad_delivery_type_is_refused():
    with pytest.raises(ValidationError, match="self pickup or transport"):
        dispatch_factories.dispatch_request(delivery_type="drone")


def test_missing_customer_details_hold_the_dispatch():
    order = sales_factories.sales_order(confirmed=True, customer_contact="")
    dispatch = dispatch_request_create(sales_order=order, delivery_type="self")
    assert dispatch.status == "customer_details_required"
    with pytest.raises(ValidationError, match="issued for dispatch of SO-.* to .*, .*: it is waiting for customer"):
        gate_pass_issue(dispatch_request=dispatch)
    with pytest.raises(ValidationError, match="still needs the party's contact and address"):
        dispatch_request_mark_ready(dispatch_request=dispatch)
    DispatchRequest.objects.filter(pk=dispatch.pk).update(party_contact="9800000009")
    assert dispatch_request_mark_ready(dispatch_request=dispatch).status == "ready_for_pickup"
    with pytest.raises(ValidationError, match="cannot be marked ready: it is ready for pickup"):
        dispatch_request_mark_ready(dispatch_request=dispatch)


def test_self_pickup_gate_pass_issue_verify_release_delivers_the_order():
    order = sales_factories.sales_order(confirmed=True)
    dispatch = dispatch_request_create(sales_order=order, delivery_type="self")
    gate_pass = gate_pass_issue(dispatch_request=dispatch, vehicle_no="MH12XY0001", driver_name="Customer")
    assert (gate_pass.status, gate_pass.party_name) == ("pending", order.customer_name)
    assert gate_pass.issued_at is not None
    with pytest.raises(ValidationError, match="already has a gate pass that is not released"):
        gate_pass_issue(dispatch_request=dispatch)
    with pytest.raises(ValidationError, match="cannot be released: it is pending"):
        gate_pass_release(gate_pass=gate_pass)
    gate_pass = gate_pass_verify(gate_pass=gate_pass)
    assert gate_pass.status == "verified" and gate_pass.verified_at is not None
    with pytest.raises(ValidationError, match="cannot be verified: it is verified"):
        gate_pass_verify(gate_pass=gate_pass)
    assert gate_pass_release(gate_pass=gate_pass).status == "released"
    with pytest.raises(ValidationError, match="cannot be released: it is released"):
        gate_pass_release(gate_pass=gate_pass)
    dispatch.refresh_from_db()
    order.refresh_from_db()
    order.showroom_product.refresh_from_db()
    assert dispatch.status == "completed"
    assert order.order_status == "delivered"
    assert order.showroom_product.showroom_status == "sold"
    with pytest.raises(ValidationError, match="cannot be cancelled: its gate pass was already released"):
        dispatch_request_cancel(dispatch_request=dispatch)


def test_partial_self_pickup_keeps_the_order_dispatched():
    product = showroom_factories.product(quantity=2)
    order = sales_factories.sales_order(showroom_product=product, quantity=2, confirmed=True)
    dispatch = dispatch_request_create(sales_order=order, delivery_type="self", quantity=1)
    gate_pass_release(gate_pass=gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=dispatch)))
    order.refresh_from_db()
    assert order.order_status == "dispatched"
    second = dispatch_request_create(sales_order=order, delivery_type="self")
    gate_pass_release(gate_pass=gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=second)))
    order.refresh_from_db()
    assert order.order_status == "delivered"


def test_transport_dispatch_needs_a_vehicle_before_a_gate_pass():
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    with pytest.raises(ValidationError, match="needs a vehicle assigned first"):
        gate_pass_issue(dispatch_request=dispatch)
    assert not GatePass.objects.exists()


def test_a_cancelled_dispatch_cannot_be_cancelled_again_and_its_pass_is_dead():
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    gate_pass = gate_pass_issue(dispatch_request=dispatch)
    dispatch_request_cancel(dispatch_request=dispatch)
    with pytest.raises(ValidationError, match="cannot be cancelled: it is cancelled"):
        dispatch_request_cancel(dispatch_request=dispatch)
    with pytest.raises(ValidationError, match="its dispatch was cancelled"):
        gate_pass_verify(gate_pass=gate_pass)
    with pytest.raises(ValidationError, match="No gate pass can be issued .* it is cancelled"):
        gate_pass_issue(dispatch_request=dispatch)
