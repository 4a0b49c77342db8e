"""Guest list: visitors scheduled, checked in and out at reception."""

from django.db import models
from django.db.models import F, Q

from erp.core import wording
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class GuestVisit(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CHECKED_IN = "checked_in", "Checked in"
        CHECKED_OUT = "checked_out", "Checked out"
        CANCELLED = "cancelled", "Cancelled"

    guest_name = models.CharField(max_length=255)
    guest_contact = models.CharField(max_length=20, null=True, blank=True)
    guest_email = models.EmailField(max_length=255, null=True, blank=True)
    guest_company = models.CharField(max_length=255, null=True, blank=True)
    meeting_person = models.CharField(max_length=255)
    meeting_person_department = models.CharField(max_length=100, null=True, blank=True)
    meeting_person_contact = models.CharField(max_length=20, null=True, blank=True)
    visit_date = models.DateField()
    visit_time = models.TimeField(null=True, blank=True)
    purpose = models.CharField(max_length=500)
    in_time = models.DateTimeField("checked in at", null=True, blank=True)
    out_time = models.DateTimeField("checked out at", null=True, blank=True)
    vehicle_number = models.CharField(max_length=50, null=True, blank=True)
    id_proof_type = models.CharField("ID proof type", max_length=50, null=True, blank=True)
    id_proof_number = models.CharField("ID proof number", max_length=100, null=True, blank=True)
    visitor_photo_path = models.CharField(max_length=500, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(null=True, blank=True)
    created_by = models.CharField(max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "guest_list"
        verbose_name = "guest visit"
        ordering = ["-visit_date", "-id"]
        # Legacy index names kept, so adopted databases already have them.
        indexes = [
            models.Index(fields=["guest_name"], name="idx_guest_name"),  # search by guest
            models.Index(fields=["meeting_person"], name="idx_meeting_person"),  # search by host
            models.Index(fields=["visit_date"], name="idx_visit_date"),  # today's visitors, default ordering
            models.Index(fields=["status"], name="idx_status"),  # who is on site
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(out_time__isnull=True) | Q(in_time__isnull=True) | Q(out_time__gte=F("in_time")),
                name="guest_list_out_after_in",
                violation_error_message="A guest checks out after checking in.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["checked_in", "checked_out"]) | Q(in_time__isnull=False),
                name="guest_list_checked_in_has_time",
                violation_error_message="A guest who checked in needs the check-in time.",
            ),
            models.CheckConstraint(
                condition=~Q(status="checked_out") | Q(out_time__isnull=False),
                name="guest_list_checked_out_has_time",
                violation_error_message="A guest who checked out needs the check-out time.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.CHECKED_OUT, Status.CANCELLED], correction="Schedule a new visit instead.")

    def __str__(self) -> str:
        return f"{self.guest_name} visiting {self.meeting_person} on {wording.day(self.visit_date)}"
