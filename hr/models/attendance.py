"""Attendance: one record per employee and working day."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .employees import Employee


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "PRESENT", "Present"
        ABSENT = "ABSENT", "Absent"
        LATE = "LATE", "Late"
        HALF_DAY = "HALF_DAY", "Half day"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    date = models.DateField()
    check_in_time = models.TimeField(null=True, blank=True)
    check_out_time = models.TimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)
    hours_worked = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "attendance"
        verbose_name = "attendance record"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "id"], name="attendance_date_idx"),  # default ordering, date range filter
            # Changelist filtered by status, in the default order.
            models.Index(fields=["status", "date", "id"], name="attendance_status_date_idx"),
            models.Index(fields=["name"], name="attendance_name_idx"),  # changelist prefix search on the name
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="attendance_one_per_employee_per_day"),
            models.CheckConstraint(
                condition=Q(check_out_time__isnull=True)
                | Q(check_in_time__isnull=True)
                | Q(check_out_time__gte=F("check_in_time")),
                name="attendance_check_out_after_check_in",
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__isnull=True) | (Q(hours_worked__gte=0) & Q(hours_worked__lte=24)),
                name="attendance_hours_in_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.employee_id} on {self.date}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.check_in_time and self.check_out_time and self.check_out_time < self.check_in_time:
            raise ValidationError({"check_out_time": "Check-out must be at or after check-in."})
