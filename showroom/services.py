"""Showroom workflows: the named status transitions of a showroom product.

A product is `available` until a sales order reserves it, goes back to `available` when that
order is cancelled, and is `sold` once the order is delivered (the goods have left the yard;
payment alone does not make a product sold, because a paid order can still be cancelled and refunded).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.core.transitions import Transitions, locked

from .models import ShowroomProduct

Status = ShowroomProduct.Status

# Allowed transitions: current status -> statuses it may move to.
TRANSITIONS = Transitions(
    {
        Status.AVAILABLE: {Status.RESERVED},
        Status.RESERVED: {Status.AVAILABLE, Status.SOLD},
        Status.SOLD: set(),
    },
    field="showroom_status",
    subject=lambda product: product.name,
)


def showroom_product_reserve(*, product: ShowroomProduct, quantity: int = 1) -> ShowroomProduct:
    """Reserve an available product for a sales order of `quantity` units."""
    with transaction.atomic():
        product = locked(product)
        if product.showroom_status != Status.AVAILABLE:
            raise ValidationError(
                f"{product.name} cannot be sold: it is {product.get_showroom_status_display().lower()}, "
                "not available."
            )
        if quantity > product.quantity:
            raise ValidationError(
                f"{product.name}: only {product.quantity} in the showroom, {quantity} cannot be sold."
            )
        return TRANSITIONS.move(product, to=Status.RESERVED, verb="reserved")


def showroom_product_release(*, product: ShowroomProduct) -> ShowroomProduct:
    """Put a reserved product back on sale (its order was cancelled)."""
    with transaction.atomic():
        return TRANSITIONS.move(locked(product), to=Status.AVAILABLE, verb="released")


def showroom_product_mark_sold(*, product: ShowroomProduct) -> ShowroomProduct:
    """A reserved product is sold once its order is delivered."""
    with transaction.atomic():
        product = locked(product)
        return TRANSITIONS.move(product, to=Status.SOLD, verb="marked sold", sold_date=timezone.now())
