"""Sales rules: delivered and cancelled orders and written payments are closed (read-only, undeletable but by a
superuser); a correction is a refund or a new order."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dispatch.services import gate_pass_issue, gate_pass_release, gate_pass_verify
from sales import services
from tests.admin_toolkit.support import assert_closed_everywhere
from tests.dispatch import factories as dispatch_factories
from tests.sales import factories as sales_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


def delivered_order():
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    gate_pass_release(gate_pass=gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=dispatch)))
    dispatch.sales_order.refresh_from_db()
    return dispatch.sales_order


def payment():
    order = sales_factories.sales_order()
    return services.sales_transaction_record_payment(sales_order=order, amount=Decimal("10"), payment_method="cash")


CLOSED = {
    "delivered order": delivered_order,
    "cancelled order": lambda: services.sales_order_cancel(sales_order=sales_factories.sales_order()),
    "payment": payment,
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_sales_records_are_read_only_and_undeletable(client, group_user, kind):
    verified_login(client, group_user("Sales"))
    assert_closed_everywhere(client, CLOSED[kind]())


def test_a_refund_still_reaches_a_delivered_order():
    order = delivered_order()
    services.sales_transaction_record_payment(sales_order=order, amount=order.final_amount, payment_method="cash")
    refund = services.sales_transaction_record_refund(sales_order=order, amount=Decimal("100"), payment_method="cash")
    order.refresh_from_db()
    assert (refund.amount, order.payment_status, order.order_status) == (Decimal("-100.00"), "partial", "delivered")
    order.customer_name = "Someone else"
    with pytest.raises(ValidationError, match=f"Order {order.order_number} cannot be changed: it is delivered."):
        order.save()


def test_rule_discount_within_the_total(client, group_user):
    from showroom.models import ShowroomProduct
    from tests.admin_toolkit.support import assert_rule_through_the_admin
    from tests.showroom import factories as showroom_factories

    product = showroom_factories.product()
    verified_login(client, group_user("Sales"))
    form = {"showroom_product": product.pk, "quantity": "1", "customer_name": "Asha", "payment_method": "cash",
            "sales_person": "Kabir", "unit_price": "1000"}
    assert_rule_through_the_admin(client, "/admin/sales/salesorder/add/", form, model=services.SalesOrder,
                                  breaking={"discount_amount": "5000"}, corrected={"discount_amount": "100"},
                                  message="The discount (5000) is larger than the order total (1000.00).")
    assert ShowroomProduct.objects.get(pk=product.pk).showroom_status == "reserved"
    with pytest.raises(ValidationError, match="is larger than the order total"):
        sales_factories.sales_order(unit_price=Decimal("10"), discount_amount=Decimal("11"))
