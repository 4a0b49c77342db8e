"""Fleet: the company's vehicles and the transport jobs that deliver dispatches."""

from django.db import models

from erp.core import wording
from erp.core.constraints import UniqueIgnoringCase
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class Vehicle(models.Model):
    class Type(models.TextChoices):
        TRUCK = "truck", "Truck"
        VAN = "van", "Van"
        PICKUP = "pickup", "Pickup"
        TEMPO = "tempo", "Tempo"
        TRAILER = "trailer", "Trailer"

    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        ASSIGNED = "assigned", "Assigned"
        MAINTENANCE = "maintenance", "In maintenance"
        OUT_OF_SERVICE = "out_of_service", "Out of service"

    vehicle_number = models.CharField(max_length=100)
    vehicle_type = models.CharField(max_length=50, choices=Type.choices)
    # The legacy free-text driver stays; the driver may also be an HR employee.
    driver_name = models.CharField(max_length=200)
    driver_employee = models.ForeignKey(
        "hr.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="vehicles_driven"
    )
    driver_contact = models.CharField(max_length=100, null=True, blank=True)
    capacity = models.CharField(max_length=100, null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.AVAILABLE)
    current_location = models.CharField(max_length=200, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "vehicle"
        verbose_name = "vehicle"
        ordering = ["vehicle_number"]
        # Legacy index name kept; serves "vehicles available" and the status filter.
        indexes = [models.Index(fields=["status"], name="idx_vehicle_status")]
        constraints = [
            # "mh12ab1234" is MH12AB1234: unique whatever the case, on SQLite as on MariaDB.
            UniqueIgnoringCase(field="vehicle_number", name="vehicle_number_unique",
                               violation_error_message="Another vehicle already has this number."),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_number} ({self.get_vehicle_type_display()})"


class TransportJob(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ASSIGNED = "assigned", "Assigned"
        IN_TRANSIT = "in_transit", "In transit"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    # Legacy never constrained this reference (NOT NULL, but dangling in the field):
    # nullable so adoption can quarantine a dangling value instead of refusing.
    dispatch_request = models.ForeignKey(
        "dispatch.DispatchRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="transport_jobs"
    )
    transporter_name = models.CharField(max_length=200, null=True, blank=True)
    vehicle_no = models.CharField("vehicle number", max_length=100, null=True, blank=True)
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="transport_jobs"
    )
    driver = models.ForeignKey(
        "hr.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="transport_jobs"
    )
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "transport_job"
        verbose_name = "transport job"
        ordering = ["-id"]
        # Legacy index name kept: open jobs by status.
        indexes = [models.Index(fields=["status"], name="idx_transport_status")]

    lifecycle = Lifecycle(closed=[Status.DELIVERED, Status.CANCELLED], describe=str,
                          correction="Create a new transport job instead.")

    def __str__(self) -> str:
        # Where it goes and from which day ("Transport to Ravi Traders, 2 Mar 2026"); a legacy job whose dispatch
        # was set aside at adoption names its transporter.
        party = self.dispatch_request.party_name if self.dispatch_request_id else self.transporter_name
        return wording.named(f"Transport to {party}" if party else "Transport job", wording.day_of(self.created_at))
