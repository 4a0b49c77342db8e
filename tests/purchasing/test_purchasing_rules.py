"""Purchasing rules: received and cancelled orders are closed; an order is approved by someone other than who
raised it (unless ERP_ONE_PERSON_APPROVALS); an amount changed after approval goes back for approval."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from purchasing import services
from purchasing.models import PurchaseOrder
from tests.admin_toolkit.support import assert_closed_everywhere, form_fields, shown_messages
from tests.support import verified_login

pytestmark = pytest.mark.django_db
S = PurchaseOrder.Status


def raised(by, **fields):
    return services.purchase_order_create(supplier_name="Steel Ltd", total_amount=Decimal("100.00"), created_by=by,
                                          requested_by=by.username, **fields)


def received(buyer, approver):
    order = services.purchase_order_approve(order=raised(buyer), approver=approver)
    return services.purchase_order_receive(order=services.purchase_order_mark_ordered(order=order))


@pytest.mark.parametrize("kind", ["received", "cancelled"])
def test_closed_purchase_orders_are_read_only_and_undeletable(client, group_user, kind):
    buyer, approver = group_user("Purchasing"), group_user("Purchasing")
    order = received(buyer, approver) if kind == "received" else services.purchase_order_cancel(order=raised(buyer))
    verified_login(client, buyer)
    assert_closed_everywhere(client, order)


def test_the_buyer_does_not_approve_his_own_order(group_user):
    buyer, approver = group_user("Purchasing"), group_user("Purchasing")
    order = raised(buyer)
    with pytest.raises(ValidationError, match=f"Purchase order {order.po_number} was raised by you: someone else"):
        services.purchase_order_approve(order=order, approver=buyer)
    legacy = raised(approver)
    PurchaseOrder.objects.filter(pk=legacy.pk).update(created_by=None)  # raised before accounts were recorded
    legacy.refresh_from_db()
    with pytest.raises(ValidationError, match="raised by you"):
        services.purchase_order_approve(order=legacy, approver=approver)
    assert services.purchase_order_approve(order=order, approver=approver).status == S.APPROVED


def test_the_small_company_exception_lets_one_person_approve(group_user, settings):
    settings.ERP_ONE_PERSON_APPROVALS = True
    buyer = group_user("Purchasing")
    assert services.purchase_order_approve(order=raised(buyer), approver=buyer).approved_by == buyer.username


def test_a_changed_amount_goes_back_for_approval(client, group_user):
    buyer, approver = group_user("Purchasing"), group_user("Purchasing")
    order = services.purchase_order_approve(order=raised(buyer), approver=approver)
    same = services.purchase_order_update(order=order, requirements="more bolts", total_amount=Decimal("100.00"),
                                          payment_terms=order.payment_terms, supplier_name=order.supplier_name)
    assert (same.status, same.approved_by) == (S.APPROVED, approver.username)  # not the amount: still approved
    verified_login(client, buyer)
    change = reverse("admin:purchasing_purchaseorder_change", args=[order.pk])
    fields = form_fields(client.get(change).content.decode())
    response = client.post(change, {**fields, "total_amount": "900.00"})
    assert response.status_code == 302
    assert f"The amount of {order.po_number} changed: it goes back for approval." in shown_messages(response)
    order.refresh_from_db()
    assert (order.status, order.approved_by, order.total_amount) == (S.PENDING, None, Decimal("900.00"))


def test_rule_extra_materials_are_bounded_json(client, group_user):
    from tests.admin_toolkit.support import assert_rule_through_the_admin

    verified_login(client, group_user("Purchasing"))
    form = {"supplier_name": "Paint Co", "total_amount": "10", "payment_terms": "net_30", "requested_by": "x"}
    deep = "[" * 5000 + "]" * 5000  # made the parser recurse until a server error
    assert_rule_through_the_admin(client, "/admin/purchasing/purchaseorder/add/", form, model=PurchaseOrder,
                                  breaking={"extra_materials": deep},
                                  corrected={"extra_materials": '[{"item": "bolts", "qty": 10}]'},
                                  message="This is nested 5000 levels deep; at most 5 levels are kept")
    with pytest.raises(ValidationError, match="at most 20,000 are kept"):
        services.purchase_order_create(supplier_name="X", extra_materials="[" + "1," * 20_000 + "1]")
