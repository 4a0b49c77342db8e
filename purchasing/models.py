"""Purchasing: purchase orders to suppliers, from request to receipt."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from erp.core.constraints import UniqueIgnoringCase
from erp.core.fields import ZERO, money
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class PurchaseOrder(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending approval"
        APPROVED = "approved", "Approved"
        ORDERED = "ordered", "Ordered"
        RECEIVED = "received", "Received"
        CANCELLED = "cancelled", "Cancelled"

    class PaymentTerms(models.TextChoices):
        FULL_PAYMENT = "full_payment", "Full payment"
        ADVANCE_50 = "advance_50", "50% advance"
        NET_30 = "net_30", "Net 30"
        NET_60 = "net_60", "Net 60"

    po_number = models.CharField("PO number", max_length=50)
    supplier_name = models.CharField(max_length=200)
    supplier_contact = models.CharField(max_length=100, null=True, blank=True)
    requirements = models.TextField(null=True, blank=True, help_text="Current requirements")
    total_amount = money(default=ZERO)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.PENDING)
    requested_by = models.CharField(max_length=100, null=True, blank=True)
    approved_by = models.CharField(max_length=100, null=True, blank=True)
    # The account that raised the order: someone else approves it (segregation of duties).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="raised by",
    )
    expected_delivery = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    original_requirements = models.TextField(
        null=True, blank=True, help_text="Requirements as originally requested, kept beside later changes"
    )
    extra_materials = models.TextField(null=True, blank=True, help_text="JSON text")
    payment_terms = models.CharField(max_length=50, choices=PaymentTerms.choices, default=PaymentTerms.FULL_PAYMENT)

    class Meta:
        db_table = "purchase_order"
        verbose_name = "purchase order"
        ordering = ["-id"]
        indexes = [
            # Open purchase orders on the landing page and the status filter.
            models.Index(fields=["status", "id"], name="purchase_order_status_idx"),
        ]
        constraints = [
            UniqueIgnoringCase(field="po_number", name="purchase_order_number_unique",
                               violation_error_message="Another purchase order already has this number."),
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="purchase_order_total_not_negative",
                                   violation_error_message="The total amount cannot be negative."),
        ]

    lifecycle = Lifecycle(closed=[Status.RECEIVED, Status.CANCELLED], correction="Raise a new purchase order instead.",
                          describe=lambda order: f"Purchase order {order.po_number}")

    def __str__(self) -> str:
        return f"{self.po_number} – {self.supplier_name}"


class PurchaseOrderNumberSequence(models.Model):
    """The last purchase order number issued, and its year: a single row, locked while a number is taken,
    so two clerks saving at the same moment get consecutive numbers instead of the same one."""

    year = models.PositiveSmallIntegerField(default=0, help_text="0 until the first number is issued")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "purchase_order_number_sequence"
        verbose_name = "purchase order number sequence"
        ordering = ["id"]
        # Internal bookkeeping, not in the admin: no permissions to grant.
        default_permissions = ()

    def __str__(self) -> str:
        return f"PO-{self.year}-{self.last_number:04d}"
