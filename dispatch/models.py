"""Dispatch: getting sold products out of the yard, and the gate passes that let them through."""

from django.db import models
from django.db.models import Q

from erp.core import wording
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class DispatchRequest(ClosedRecordGuard, models.Model):
    class DeliveryType(models.TextChoices):
        SELF = "self", "Self pickup"
        TRANSPORT = "transport", "Transport"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        # Labels complete "it is ...", in refusals as on the list.
        CUSTOMER_DETAILS_REQUIRED = "customer_details_required", "Waiting for customer details"
        READY_FOR_PICKUP = "ready_for_pickup", "Ready for pickup"
        ASSIGNED_TRANSPORT = "assigned_transport", "Assigned to transport"
        IN_TRANSIT = "in_transit", "In transit"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    showroom_product = models.ForeignKey(
        "showroom.ShowroomProduct", on_delete=models.PROTECT, related_name="dispatch_requests"
    )
    party_name = models.CharField(max_length=200)
    party_contact = models.CharField(max_length=100, null=True, blank=True)
    party_address = models.CharField(max_length=400, null=True, blank=True)
    delivery_type = models.CharField(max_length=20, choices=DeliveryType.choices)
    original_delivery_type = models.CharField(max_length=50, null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    # Legacy never constrained this reference; adoption quarantines the dangling ones.
    sales_order = models.ForeignKey(
        "sales.SalesOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="dispatch_requests"
    )
    party_email = models.EmailField(max_length=200, null=True, blank=True)
    quantity = models.IntegerField(default=1)
    dispatch_notes = models.TextField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "dispatch_request"
        verbose_name = "dispatch request"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "id"], name="dispatch_request_status_idx")]  # status filter
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="dispatch_request_quantity_positive",
                                   violation_error_message="A dispatch is for at least one unit."),
        ]

    lifecycle = Lifecycle(closed=[Status.COMPLETED, Status.CANCELLED], correction="Dispatch again instead.",
                          describe=str)

    def __str__(self) -> str:
        # As the yard names it: the order, the party, the day ("Dispatch of SO-2026-0012 to Ravi Traders, 2 Mar
        # 2026"); legacy dispatches may have no order.
        what = f"Dispatch of {self.sales_order.order_number}" if self.sales_order_id else "Dispatch"
        return wording.named(f"{what} to {self.party_name}", wording.day_of(self.created_at))


class GatePass(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        VERIFIED = "verified", "Verified"
        RELEASED = "released", "Released"

    dispatch_request = models.ForeignKey(DispatchRequest, on_delete=models.PROTECT, related_name="gate_passes")
    party_name = models.CharField(max_length=200)
    vehicle_no = models.CharField("vehicle number", max_length=100, null=True, blank=True)
    driver_name = models.CharField(max_length=200, null=True, blank=True)
    driver_contact = models.CharField(max_length=100, null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.PENDING)
    issued_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    send_in_photo = models.CharField(max_length=500, null=True, blank=True)
    after_loading_photo = models.CharField(max_length=500, null=True, blank=True)

    class Meta:
        db_table = "gate_pass"
        verbose_name = "gate pass"
        verbose_name_plural = "gate passes"
        ordering = ["-id"]
        constraints = [
            # Closed and closing states hold what the steps recorded (legacy passes were released without a
            # verification time, so a released pass needs its issue time only).
            models.CheckConstraint(
                condition=Q(status="pending") | Q(issued_at__isnull=False), name="gate_pass_issue_time_kept",
                violation_error_message="A verified or released gate pass needs the time it was issued.",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False), name="gate_pass_verified_time_kept",
                violation_error_message="A verified gate pass needs the time it was verified.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.RELEASED], describe=str,
                          correction="The goods have left the yard; issue a new gate pass for another dispatch.")

    def __str__(self) -> str:
        # The party, the vehicle and the day it was issued ("Gate pass for Ravi Traders, MH12AB1234, 2 Mar 2026").
        return wording.named(f"Gate pass for {self.party_name}", self.vehicle_no, wording.day_of(self.issued_at))
