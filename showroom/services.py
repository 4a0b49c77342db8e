"""Showroom workflows: the named status transitions of a showroom product.

A product is `available` until a sales order reserves it, goes back to `available` when that
order is cancelled, and is `sold` once the order is delivered (the goods have left the yard;
payment alone does not make a product sold, because a paid order can still be cancelled and refunded).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.workflow import require_transition

from .models import ShowroomProduct

Status = ShowroomProduct.Status

# Allowed transitions: current status -> statuses it may move to.
TRANSITIONS: dict[str, set[str]] = {
    Status.AVAILABLE: {Status.RESERVED},
    Status.RESERVED: {Status.AVAILABLE, Status.SOLD},
    Status.SOLD: set(),
}


def _locked(product: ShowroomProduct) -> ShowroomProduct:
    return ShowroomProduct.objects.select_for_update().get(pk=product.pk)


def _move(product: ShowroomProduct, target: str, action: str) -> ShowroomProduct:
    require_transition(
        obj=product, target=target, table=TRANSITIONS, verb=action, field="showroom_status",
        refusal=f"{product.name} cannot be {action}: it is {product.get_showroom_status_display().lower()}.",
    )
    product.showroom_status = target
    product.full_clean()
    product.save()
    return product


def showroom_product_reserve(*, product: ShowroomProduct, quantity: int = 1) -> ShowroomProduct:
    """Reserve an available product for a sales order of `quantity` units."""
    with transaction.atomic():
        product = _locked(product)
        if product.showroom_status != Status.AVAILABLE:
            raise ValidationError(
                f"{product.name} cannot be sold: it is {product.get_showroom_status_display().lower()}, "
                "not available."
            )
        if quantity > product.quantity:
            raise ValidationError(
                f"{product.name}: only {product.quantity} in the showroom, {quantity} cannot be sold."
            )
        return _move(product, Status.RESERVED, "reserved")


def showroom_product_release(*, product: ShowroomProduct) -> ShowroomProduct:
    """Put a reserved product back on sale (its order was cancelled)."""
    with transaction.atomic():
        return _move(_locked(product), Status.AVAILABLE, "released")


def showroom_product_mark_sold(*, product: ShowroomProduct) -> ShowroomProduct:
    """A reserved product is sold once its order is delivered."""
    with transaction.atomic():
        product = _locked(product)
        product.sold_date = timezone.now()
        return _move(product, Status.SOLD, "marked sold")
