"""Sales rules through the services: numbering, totals, product reservation, payments and refunds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sales.models import SalesOrder, SalesTransaction
from sales.services import (
    sales_order_cancel,
    sales_order_confirm,
    sales_order_create,
    sales_order_next_number,
    sales_transaction_record_payment,
    sales_transaction_record_refund,
)
from showroom.models import ShowroomProduct
from tests.sales import factories as sales_factories
from tests.showroom import factories as showroom_factories

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_order_numbers_follow_the_year_sequence():
    first = sales_factories.sales_order()
    second = sales_factories.sales_order()
    assert first.order_number == f"SO-{YEAR}-00001"
    assert second.order_number == f"SO-{YEAR}-00002"


def test_next_number_ignores_other_years_and_foreign_formats_and_passes_99999():
    order = sales_factories.sales_order()
    SalesOrder.objects.filter(pk=order.pk).update(order_number=f"SO-{YEAR - 1}-00042")
    assert sales_order_next_number(year=YEAR) == f"SO-{YEAR}-00001"
    other = sales_factories.sales_order()
    SalesOrder.objects.filter(pk=other.pk).update(order_number=f"SO-{YEAR}-99999")
    assert sales_order_next_number(year=YEAR) == f"SO-{YEAR}-100000"
    third = sales_factories.sales_order()
    SalesOrder.objects.filter(pk=third.pk).update(order_number=f"SO-{YEAR}-100000")
    assert sales_order_next_number(year=YEAR) == f"SO-{YEAR}-100001"


def test_totals_are_computed_and_product_reserved():
    product = showroom_factories.product(sale_price=Decimal("1000.00"), quantity=3)
    order = sales_factories.sales_order(showroom_product=product, quantity=3, discount_amount=Decimal("250.50"))
    assert order.unit_price == Decimal("1000.00")
    assert order.total_amount == Decimal("3000.00")
    assert order.final_amount == Decimal("2749.50")
    assert (order.order_status, order.payment_status) == ("pending", "pending")
    product.refresh_from_db()
    assert product.showroom_status == "reserved"


def test_a_given_unit_price_overrides_the_sale_price():
    order = sales_factories.sales_order(unit_price=Decimal("900.00"))
    assert (order.unit_price, order.total_amount, order.final_amount) == (
        Decimal("900.00"), Decimal("900.00"), Decimal("900.00"))


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"quantity": 0}, "at least 1"),
        ({"quantity": 2}, "only 1 in the showroom"),
        ({"discount_amount": Decimal("100000.01")}, "larger than the order total"),
        ({"discount_amount": Decimal("-1")}, "cannot be negative"),
        ({"unit_price": Decimal("-5")}, "cannot be negative"),
        ({"unit_price": Decimal("99999999999")}, "digits"),
        ({"customer_name": ""}, "cannot be blank"),
        ({"payment_method": "bitcoin"}, "not a valid choice"),
        ({"customer_email": "not-an-email"}, "valid email"),
    ],
)
def test_invalid_orders_are_refused_and_nothing_is_stored(fields, message):
    product = showroom_factories.product()
    with pytest.raises(ValidationError) as exc:
        sales_factories.sales_order(showroom_product=product, **fields)
    assert message in " ".join(exc.value.messages)
    assert SalesOrder.objects.count() == 0
    product.refresh_from_db()
    assert product.showroom_status == "available"


def test_a_product_is_sold_only_while_available():
    product = showroom_factories.product()
    sales_factories.sales_order(showroom_product=product)
    with pytest.raises(ValidationError, match="reserved, not available"):
        sales_factories.sales_order(showroom_product=product)
    assert SalesOrder.objects.count() == 1


def test_confirm_and_cancel_transitions():
    order = sales_factories.sales_order()
    order = sales_order_confirm(sales_order=order)
    assert order.order_status == "confirmed"
    with pytest.raises(ValidationError, match="cannot be confirmed: it is confirmed"):
        sales_order_confirm(sales_order=order)
    order = sales_order_cancel(sales_order=order)
    assert order.order_status == "cancelled"
    order.showroom_product.refresh_from_db()
    assert order.showroom_product.showroom_status == "available"
    with pytest.raises(ValidationError, match="cannot be cancelled: it is cancelled"):
        sales_order_cancel(sales_order=order)
    with pytest.raises(ValidationError, match="cannot be confirmed: it is cancelled"):
        sales_order_confirm(sales_order=order)
    # The released product can be sold again.
    assert sales_factories.sales_order(showroom_product=order.showroom_product).order_status == "pending"


def test_payments_move_the_payment_status():
    order = sales_factories.sales_order(discount_amount=Decimal("1000.00"))  # final 99000.00
    sales_transaction_record_payment(sales_order=order, amount=Decimal("40000.00"), payment_method="cash")
    order.refresh_from_db()
    assert order.payment_status == "partial"
    sales_transaction_record_payment(sales_order=order, amount=Decimal("59000.00"), payment_method="upi",
                                     utr_number="UTR1")
    order.refresh_from_db()
    assert order.payment_status == "paid"
    with pytest.raises(ValidationError, match="more than the balance due"):
        sales_transaction_record_payment(sales_order=order, amount=Decimal("0.01"), payment_method="cash")


def test_refunds_are_stored_negative_and_never_exceed_what_was_paid():
    order = sales_factories.sales_order()
    with pytest.raises(ValidationError, match="more than what was paid"):
        sales_transaction_record_refund(sales_order=order, amount=Decimal("1.00"), payment_method="cash")
    sales_transaction_record_payment(sales_order=order, amount=Decimal("100000.00"), payment_method="cash")
    refund = sales_transaction_record_refund(sales_order=order, amount=Decimal("500.00"), payment_method="cash")
    assert refund.amount == Decimal("-500.00")
    order.refresh_from_db()
    assert order.payment_status == "partial"
    with pytest.raises(ValidationError, match="more than what was paid"):
        sales_transaction_record_refund(sales_order=order, amount=Decimal("99500.01"), payment_method="cash")
    sales_transaction_record_refund(sales_order=order, amount=Decimal("99500.00"), payment_method="cash")
    order.refresh_from_db()
    assert order.payment_status == "refunded"
    assert SalesTransaction.objects.filter(sales_order=order).count() == 3


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-10"), None])
def test_amounts_must_be_positive(amount):
    order = sales_factories.sales_order()
    with pytest.raises(ValidationError, match="greater than zero"):
        sales_transaction_record_payment(sales_order=order, amount=amount, payment_method="cash")
    with pytest.raises(ValidationError, match="greater than zero"):
        sales_transaction_record_refund(sales_order=order, amount=amount, payment_method="cash")
    assert not SalesTransaction.objects.exists()


def test_no_payment_on_a_cancelled_order_but_its_money_can_be_refunded():
    order = sales_factories.sales_order()
    sales_transaction_record_payment(sales_order=order, amount=Decimal("1000.00"), payment_method="cash")
    sales_order_cancel(sales_order=order)
    with pytest.raises(ValidationError, match="is cancelled: no payment"):
        sales_transaction_record_payment(sales_order=order, amount=Decimal("1.00"), payment_method="cash")
    sales_transaction_record_refund(sales_order=order, amount=Decimal("1000.00"), payment_method="cash")
    order.refresh_from_db()
    assert order.payment_status == "refunded"


def test_the_database_refuses_a_positive_refund():
    order = sales_factories.sales_order()
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesTransaction.objects.create(
            sales_order=order, transaction_type="refund", amount=Decimal("5.00"), payment_method="cash"
        )


def test_an_unknown_product_pk_cannot_be_sold():
    product = showroom_factories.product()
    product.pk = 999999
    with pytest.raises(ShowroomProduct.DoesNotExist):
        sales_order_create(showroom_product=product, customer_name="X", sales_person="Y", payment_method="cash")
    assert SalesOrder.objects.count() == 0


def test_cancelling_releases_only_a_reservation_the_order_holds_alone():
    """Legacy data: two open orders on one product, or an order whose product is not reserved."""
    product = showroom_factories.product()
    first = sales_factories.sales_order(showroom_product=product)
    second = sales_factories.sales_order(showroom_product=showroom_factories.product())
    SalesOrder.objects.filter(pk=second.pk).update(showroom_product=product)
    sales_order_cancel(sales_order=first)
    product.refresh_from_db()
    assert product.showroom_status == "reserved"  # the second order still holds it
    ShowroomProduct.objects.filter(pk=product.pk).update(showroom_status="sold")
    assert sales_order_cancel(sales_order=second).order_status == "cancelled"
    product.refresh_from_db()
    assert product.showroom_status == "sold"
