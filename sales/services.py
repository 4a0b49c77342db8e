"""Sales workflows: creating, confirming, cancelling and delivering orders; payments and refunds.

Order numbers are `SO-<year>-<5 digits>`, one sequence per year. Two clerks creating orders at the
same moment may compute the same next number: the unique index on `order_number` refuses the second
insert, which is retried with the next number inside a savepoint.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.utils import timezone

from erp.core.fields import ZERO
from erp.core.transitions import Transitions, clean_changed, locked
from showroom.models import ShowroomProduct
from showroom.services import showroom_product_mark_sold, showroom_product_release, showroom_product_reserve

from .models import SalesOrder, SalesTransaction

OrderStatus = SalesOrder.OrderStatus
PaymentStatus = SalesOrder.PaymentStatus

# Allowed order transitions: current status -> statuses it may move to.
ORDER_TRANSITIONS = Transitions(
    {
        OrderStatus.PENDING: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
        OrderStatus.CONFIRMED: {OrderStatus.DISPATCHED, OrderStatus.CANCELLED},
        # Back to confirmed when every dispatch of the order was cancelled.
        OrderStatus.DISPATCHED: {OrderStatus.DELIVERED, OrderStatus.CONFIRMED},
        OrderStatus.DELIVERED: set(),
        OrderStatus.CANCELLED: set(),
    },
    field="order_status",
    subject=lambda order: f"Order {order.order_number}",
)
OPEN_ORDER_STATUSES = [OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.DISPATCHED]
ORDER_NUMBER_RE = re.compile(r"^SO-(\d{4})-(\d+)$")
ORDER_NUMBER_ATTEMPTS = 25


def sales_order_next_number(*, year: int) -> str:
    """The next free order number of `year` (the highest `SO-<year>-N` plus one)."""
    prefix = f"SO-{year}-"
    # Longest first, then highest: SO-2026-100000 sorts after SO-2026-99999.
    candidates = (
        SalesOrder.objects.filter(order_number__startswith=prefix)
        .order_by(Length("order_number").desc(), "-order_number")
        .values_list("order_number", flat=True)
    )
    for number in candidates[:20]:
        match = ORDER_NUMBER_RE.match(number)
        if match:
            return f"{prefix}{int(match.group(2)) + 1:05d}"
    return f"{prefix}00001"


def sales_order_create(
    *,
    showroom_product: ShowroomProduct,
    customer_name: str,
    sales_person: str,
    payment_method: str,
    quantity: int = 1,
    unit_price: Decimal | None = None,
    discount_amount: Decimal = ZERO,
    customer_contact: str | None = None,
    customer_email: str | None = None,
    customer_address: str | None = None,
    payment_due_date=None,
    coupon_code: str | None = None,
    notes: str | None = None,
    origin: str | None = None,
    destination: str | None = None,
    distance: str | None = None,
    vehicle_type: str | None = None,
) -> SalesOrder:
    """Sell an available product: a pending order with computed totals; the product becomes reserved."""
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": "Quantity must be at least 1."})
    discount_amount = discount_amount if discount_amount is not None else ZERO
    if discount_amount < 0:
        raise ValidationError({"discount_amount": "A discount cannot be negative."})
    with transaction.atomic():
        product = showroom_product_reserve(product=showroom_product, quantity=quantity)
        price = product.sale_price if unit_price is None else unit_price
        if price < 0:
            raise ValidationError({"unit_price": "The unit price cannot be negative."})
        total = (price * quantity).quantize(Decimal("0.01"))
        if discount_amount > total:
            raise ValidationError(
                {"discount_amount": f"The discount ({discount_amount}) is larger than the order total ({total})."}
            )
        order = SalesOrder(
            showroom_product=product,
            customer_name=customer_name,
            customer_contact=customer_contact or None,
            customer_email=customer_email or None,
            customer_address=customer_address or None,
            quantity=quantity,
            unit_price=price,
            total_amount=total,
            discount_amount=discount_amount,
            final_amount=total - discount_amount,
            payment_method=payment_method,
            payment_status=PaymentStatus.PENDING,
            order_status=OrderStatus.PENDING,
            sales_person=sales_person,
            payment_due_date=payment_due_date,
            coupon_code=coupon_code or None,
            notes=notes or None,
            origin=origin or None,
            destination=destination or None,
            distance=distance or None,
            vehicle_type=vehicle_type or None,
        )
        year = timezone.localdate().year
        for _ in range(ORDER_NUMBER_ATTEMPTS):
            order.order_number = sales_order_next_number(year=year)
            # The number's uniqueness is the database's job (see the retry below): neither its unique check nor
            # its constraint is validated here.
            order.full_clean(validate_unique=False, exclude=["order_number"])
            try:
                with transaction.atomic():
                    order.save()
                return order
            except IntegrityError:
                if not SalesOrder.objects.filter(order_number=order.order_number).exists():
                    raise
                order.pk = None  # another clerk took the number: try the next one
        raise ValidationError("Too many orders are being created at once; please try again.")


def sales_order_confirm(*, sales_order: SalesOrder) -> SalesOrder:
    with transaction.atomic():
        return ORDER_TRANSITIONS.move(locked(sales_order), to=OrderStatus.CONFIRMED, verb="confirmed")


def sales_order_cancel(*, sales_order: SalesOrder) -> SalesOrder:
    """Cancel a pending or confirmed order and put its product back on sale."""
    with transaction.atomic():
        order = ORDER_TRANSITIONS.move(locked(sales_order), to=OrderStatus.CANCELLED, verb="cancelled")
        product = ShowroomProduct.objects.select_for_update().get(pk=order.showroom_product_id)
        # Legacy data has products that are not reserved by their open order, or held by two orders:
        # only a reservation this order holds alone is released.
        others_hold_it = (
            SalesOrder.objects.filter(showroom_product=product, order_status__in=OPEN_ORDER_STATUSES)
            .exclude(pk=order.pk)
            .exists()
        )
        if product.showroom_status == ShowroomProduct.Status.RESERVED and not others_hold_it:
            showroom_product_release(product=product)
        return order


def sales_order_mark_dispatched(*, sales_order: SalesOrder) -> SalesOrder:
    """Called by dispatch when a dispatch request is made; an already dispatched order stays so."""
    with transaction.atomic():
        order = locked(sales_order)
        if order.order_status == OrderStatus.DISPATCHED:
            return order
        return ORDER_TRANSITIONS.move(order, to=OrderStatus.DISPATCHED, verb="dispatched")


def sales_order_reopen_for_dispatch(*, sales_order: SalesOrder) -> SalesOrder:
    """Called by dispatch when the last open dispatch of an order was cancelled."""
    with transaction.atomic():
        return ORDER_TRANSITIONS.move(locked(sales_order), to=OrderStatus.CONFIRMED, verb="set back to confirmed")


def sales_order_mark_delivered(*, sales_order: SalesOrder) -> SalesOrder:
    """Called by dispatch/fleet when all of the order has been handed over; the product is sold."""
    with transaction.atomic():
        order = ORDER_TRANSITIONS.move(locked(sales_order), to=OrderStatus.DELIVERED, verb="marked delivered")
        if order.showroom_product.showroom_status != ShowroomProduct.Status.SOLD:  # legacy: may be sold already
            showroom_product_mark_sold(product=order.showroom_product)
        return order


def order_net_paid(order: SalesOrder) -> Decimal:
    """What was paid on the order so far: payments less refunds."""
    return SalesTransaction.objects.filter(sales_order=order).aggregate(total=Sum("amount"))["total"] or ZERO


def sales_order_refresh_payment_status(*, sales_order: SalesOrder) -> SalesOrder:
    """Payment status from the sum of the order's transactions against its final amount."""
    with transaction.atomic():
        order = locked(sales_order)
        paid = order_net_paid(order)
        if paid <= 0:
            has_refund = SalesTransaction.objects.filter(
                sales_order=order, transaction_type=SalesTransaction.Type.REFUND
            ).exists()
            status = PaymentStatus.REFUNDED if has_refund else PaymentStatus.PENDING
        elif paid >= order.final_amount:
            status = PaymentStatus.PAID
        else:
            status = PaymentStatus.PARTIAL
        if order.payment_status != status:
            order.payment_status = status
            clean_changed(order)
            order.save(update_fields=["payment_status", "updated_at"])
        return order


def _positive_amount(amount: Decimal | None) -> Decimal:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Enter an amount greater than zero."})
    return amount


def sales_transaction_record_payment(
    *,
    sales_order: SalesOrder,
    amount: Decimal,
    payment_method: str,
    reference_number: str | None = None,
    utr_number: str | None = None,
    notes: str | None = None,
) -> SalesTransaction:
    """Record money received for an order; the order's payment status follows."""
    amount = _positive_amount(amount)
    with transaction.atomic():
        order = locked(sales_order)
        if order.order_status == OrderStatus.CANCELLED:
            raise ValidationError(f"Order {order.order_number} is cancelled: no payment can be recorded on it.")
        due = order.final_amount - order_net_paid(order)
        if amount > due:
            raise ValidationError(
                {"amount": f"The payment ({amount}) is more than the balance due on {order.order_number} ({due})."}
            )
        payment = SalesTransaction(
            sales_order=order,
            transaction_type=SalesTransaction.Type.PAYMENT,
            amount=amount,
            payment_method=payment_method,
            reference_number=reference_number or None,
            utr_number=utr_number or None,
            notes=notes or None,
        )
        payment.full_clean()
        payment.save()
        payment.refresh_from_db()  # amounts as stored (two decimals)
        payment.sales_order = sales_order_refresh_payment_status(sales_order=order)
        return payment


def sales_transaction_record_refund(
    *,
    sales_order: SalesOrder,
    amount: Decimal,
    payment_method: str,
    reference_number: str | None = None,
    notes: str | None = None,
) -> SalesTransaction:
    """Record money returned to the customer, stored negative as the legacy application did."""
    amount = _positive_amount(amount)
    with transaction.atomic():
        order = locked(sales_order)
        paid = order_net_paid(order)
        if amount > paid:
            raise ValidationError(
                {"amount": f"The refund ({amount}) is more than what was paid on {order.order_number} ({paid})."}
            )
        refund = SalesTransaction(
            sales_order=order,
            transaction_type=SalesTransaction.Type.REFUND,
            amount=-amount,
            payment_method=payment_method,
            reference_number=reference_number or None,
            notes=notes or None,
        )
        refund.full_clean()
        refund.save()
        refund.refresh_from_db()  # amounts as stored (two decimals)
        refund.sales_order = sales_order_refresh_payment_status(sales_order=order)
        return refund
