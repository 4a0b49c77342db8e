"""Leave requests, approved in two steps: the employee's manager, then HR."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from erp.core import wording
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle

from .employees import Employee


class Leave(ClosedRecordGuard, models.Model):
    class Type(models.TextChoices):
        CASUAL = "CASUAL", "Casual"
        SICK = "SICK", "Sick"
        EARNED = "EARNED", "Earned"
        MATERNITY = "MATERNITY", "Maternity"
        PATERNITY = "PATERNITY", "Paternity"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Pending"
        MANAGER_APPROVED = "MANAGER_APPROVED", "Approved by manager"
        APPROVED = "APPROVED", "Approved"
        REJECTED = "REJECTED", "Rejected"
        MANAGER_REJECTED = "MANAGER_REJECTED", "Rejected by manager"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leaves")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    leave_type = models.CharField(max_length=10, choices=Type.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    days_requested = models.DecimalField(max_digits=5, decimal_places=1)
    reason = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # The final (HR) approval is made by a user account, who may have no employee record.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="approved_by",
        related_name="leaves_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    # The first approval is the employee's manager's (an employee).
    manager_approved_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="manager_approved_by",
        related_name="leaves_manager_approved",
    )
    manager_approved_at = models.DateTimeField(null=True, blank=True)
    # The user account that took the manager step: the HR step must be someone else's (segregation of duties).
    manager_step_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="manager step taken by",
    )
    manager_notes = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "leaves"
        verbose_name = "leave request"
        ordering = ["-start_date", "-id"]
        indexes = [
            # Pending approvals on the landing page and the status filter.
            models.Index(fields=["status", "start_date"], name="leaves_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leaves_end_on_or_after_start",
                                   violation_error_message="The leave must end on or after its start date."),
            models.CheckConstraint(condition=Q(days_requested__gt=0), name="leaves_days_positive",
                                   violation_error_message="A leave is for more than zero days."),
            # A step taken keeps its time (legacy rejections were recorded without one, so rejections are free).
            models.CheckConstraint(
                condition=~Q(status="APPROVED") | Q(approved_at__isnull=False), name="leaves_approved_has_time",
                violation_error_message="An approved leave needs the time HR approved it.",
            ),
            models.CheckConstraint(
                condition=~Q(status="MANAGER_APPROVED") | Q(manager_approved_at__isnull=False),
                name="leaves_manager_approved_has_time",
                violation_error_message="A leave approved by the manager needs the time of that approval.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.APPROVED, Status.REJECTED, Status.MANAGER_REJECTED],
                          correction="A different leave is a new request.")

    def __str__(self) -> str:
        who = self.name or self.employee.full_name
        return f"{self.get_leave_type_display()} leave of {who}, {wording.period(self.start_date, self.end_date)}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The leave must end on or after its start date."})
