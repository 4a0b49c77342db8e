"""Purchasing workflows: create a purchase order with a generated number, change it, approve, order, receive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from erp.core.duties import require_different_people
from erp.core.fields import ZERO
from erp.core.json_text import check_json_text
from erp.core.transitions import Transitions, clean_changed, locked

from .models import PurchaseOrder, PurchaseOrderNumberSequence

S = PurchaseOrder.Status
PO_TRANSITIONS = Transitions({
    S.PENDING: {S.APPROVED, S.CANCELLED},
    S.APPROVED: {S.ORDERED, S.CANCELLED},
    S.ORDERED: {S.RECEIVED},
})
# Orders that are still being negotiated may have their requirements and amount changed.
EDITABLE = {S.PENDING, S.APPROVED}
# Orders whose goods have not arrived and that are not cancelled.
OPEN = [S.PENDING, S.APPROVED, S.ORDERED]
SEQUENCE_ROW = 1  # created by migration 0003


def purchase_order_highest_number(*, year: int) -> int:
    """The highest sequence number already used in a year's PO numbers (0 if none)."""
    prefix = f"PO-{year}-"
    # Longest first, so PO-2026-10000 comes before PO-2026-9999.
    for number in (PurchaseOrder.objects.filter(po_number__startswith=prefix)
                   .order_by(Length("po_number").desc(), "-po_number").values_list("po_number", flat=True)[:20]):
        suffix = number[len(prefix):]
        if suffix.isdigit():
            return int(suffix)
    return 0


def purchase_order_next_number(*, year: int) -> str:
    """Take the next PO-YYYY-NNNN; call inside a transaction (the sequence row stays locked until it ends).

    The sequence is one row created by a migration: every clerk waits on the same lock, and no two
    transactions race to insert it (concurrent inserts of one key deadlock on MariaDB).
    """
    sequence = PurchaseOrderNumberSequence.objects.select_for_update().filter(pk=SEQUENCE_ROW).first()
    if sequence is None:  # the row was removed (e.g. a flushed database): recreate it once
        PurchaseOrderNumberSequence.objects.get_or_create(pk=SEQUENCE_ROW)
        sequence = PurchaseOrderNumberSequence.objects.select_for_update().get(pk=SEQUENCE_ROW)
    if sequence.year != year:
        sequence.year, sequence.last_number = year, 0
    # Numbers already in the table (adopted from the legacy system) are never reissued.
    sequence.last_number = max(sequence.last_number, purchase_order_highest_number(year=year)) + 1
    sequence.save(update_fields=["year", "last_number"])
    return f"PO-{year}-{sequence.last_number:04d}"


def purchase_order_check_extra_materials(*, extra_materials: str | None) -> None:
    """JSON, of bounded size and depth (erp/core/json_text.py)."""
    check_json_text(extra_materials, field="extra_materials", example='[{"item": "bolts", "qty": 10}]')


def purchase_order_create(*, supplier_name: str, requirements: str | None = None, total_amount: Decimal = ZERO,
                          payment_terms: str = PurchaseOrder.PaymentTerms.FULL_PAYMENT,
                          requested_by: str | None = None, supplier_contact: str | None = None,
                          expected_delivery: dt.date | None = None,
                          extra_materials: str | None = None,
                          created_by: AbstractBaseUser | None = None) -> PurchaseOrder:
    """A new PENDING order; its number is generated and its requirements are kept as originally requested.
    `created_by` is the account that raised it, who may not approve it."""
    purchase_order_check_extra_materials(extra_materials=extra_materials)
    with transaction.atomic():
        order = PurchaseOrder(
            po_number=purchase_order_next_number(year=timezone.localdate().year), supplier_name=supplier_name,
            supplier_contact=supplier_contact, requirements=requirements, original_requirements=requirements,
            total_amount=total_amount, payment_terms=payment_terms, requested_by=requested_by,
            expected_delivery=expected_delivery, extra_materials=extra_materials or None, status=S.PENDING,
            created_by=created_by,
        )
        order.full_clean()
        order.save()
    return order


def purchase_order_update(*, order: PurchaseOrder, requirements: str | None, total_amount: Decimal,
                          payment_terms: str, supplier_name: str, supplier_contact: str | None = None,
                          expected_delivery: dt.date | None = None,
                          extra_materials: str | None = None) -> PurchaseOrder:
    """Change an order while pending or approved. The original requirements never change.

    An approved order whose amount changes goes back for approval (pending, its approver cleared)."""
    purchase_order_check_extra_materials(extra_materials=extra_materials)
    with transaction.atomic():
        order = locked(order)
        if order.status not in EDITABLE:
            raise ValidationError(f"Cannot change purchase order “{order}”: it is {order.get_status_display()}.")
        if order.status == S.APPROVED and total_amount != order.total_amount:
            order.status, order.approved_by = S.PENDING, None
        order.requirements, order.total_amount, order.payment_terms = requirements, total_amount, payment_terms
        order.supplier_name, order.supplier_contact = supplier_name, supplier_contact
        order.expected_delivery, order.extra_materials = expected_delivery, extra_materials or None
        clean_changed(order)
        order.save()
    return order


def purchase_order_approve(*, order: PurchaseOrder, approver: AbstractBaseUser) -> PurchaseOrder:
    """pending → approved by someone other than who raised it; the approving user's username is recorded."""
    with transaction.atomic():
        order = locked(order, related=["created_by"])
        PO_TRANSITIONS.check(order, to=S.APPROVED, verb="approve")
        own = f"Purchase order {order.po_number} was raised by you: someone else must approve it."
        require_different_people(order.created_by, approver, refusal=own)
        # Orders raised before the account was recorded name their requester only.
        if (order.requested_by or "").strip().casefold() == approver.get_username().casefold():
            require_different_people(approver, approver, refusal=own)
        return PO_TRANSITIONS.move(order, to=S.APPROVED, verb="approve", checked=True,
                                   approved_by=approver.get_username())


def purchase_order_mark_ordered(*, order: PurchaseOrder) -> PurchaseOrder:
    """approved → ordered (sent to the supplier)."""
    with transaction.atomic():
        return PO_TRANSITIONS.move(locked(order), to=S.ORDERED, verb="mark as ordered")


def purchase_order_receive(*, order: PurchaseOrder) -> PurchaseOrder:
    """ordered → received (the goods arrived)."""
    with transaction.atomic():
        return PO_TRANSITIONS.move(locked(order), to=S.RECEIVED, verb="mark as received")


def purchase_order_cancel(*, order: PurchaseOrder) -> PurchaseOrder:
    """pending or approved → cancelled."""
    with transaction.atomic():
        return PO_TRANSITIONS.move(locked(order), to=S.CANCELLED, verb="cancel")
