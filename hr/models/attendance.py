"""Attendance: one record per employee and working day."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from erp.core import plausible, wording

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
            # Changelist search: the name by prefix, with the employee's key beside it, so a search of several
            # words (a name by prefix OR employee_id IN (...), search_by_key) is decided in the index alone.
            models.Index(fields=["name", "employee"], name="attendance_name_employee_idx"),
            # A search of several words, a name word with the employees the other words found (KeySearch's
            # branches `name LIKE 'w1%' AND employee_id IN (...)`): one seek per employee, not the name's range.
            models.Index(fields=["employee", "name"], name="attendance_employee_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="attendance_one_per_employee_per_day",
                                    violation_error_message="This employee's attendance that day is recorded."),
            # A check-out earlier than the check-in is a night shift ending the next day: no order between them.
            models.CheckConstraint(
                condition=~Q(status="ABSENT")
                | (Q(check_in_time__isnull=True) & Q(check_out_time__isnull=True)
                   & (Q(hours_worked__isnull=True) | Q(hours_worked=0))),
                name="attendance_absent_without_hours",
                violation_error_message="An absent employee has no check-in, check-out or hours worked.",
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__isnull=True) | (Q(hours_worked__gte=0) & Q(hours_worked__lte=24)),
                name="attendance_hours_in_day",
                violation_error_message="Hours worked are from 0 to 24 in a day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.employee.full_name} on {wording.day(self.date)}: {self.get_status_display()}"

    def clean(self) -> None:
        plausible.not_in_the_future(self.date, field="date", what="The attendance date")
        worked = self.check_in_time or self.check_out_time or self.hours_worked
        if self.status == self.Status.ABSENT and worked:
            raise ValidationError({"status": "An absent employee has no check-in, check-out or hours worked: "
                                             "clear the times, or choose another status."})
