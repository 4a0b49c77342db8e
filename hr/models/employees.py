"""Employees: the people HR manages, each with a manager."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from erp.core import plausible
from erp.core.constraints import UniqueIgnoringCase
from erp.core.fields import money


class Employee(models.Model):
    class SalaryType(models.TextChoices):
        DAILY = "daily", "Daily"
        MONTHLY = "monthly", "Monthly"
        HOURLY = "hourly", "Hourly"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        TERMINATED = "terminated", "Terminated"
        ON_LEAVE = "on_leave", "On leave"

    employee_id = models.CharField("employee number", max_length=20)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=255)
    phone = models.CharField(max_length=20, null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, null=True, blank=True)
    address = models.TextField(null=True, blank=True)
    department = models.CharField(max_length=100)
    designation = models.CharField(max_length=100)
    joining_date = models.DateField()
    salary_type = models.CharField(max_length=10, choices=SalaryType.choices, null=True, blank=True)
    salary = money()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    photo = models.TextField(null=True, blank=True)
    face_encoding = models.TextField(null=True, blank=True)
    manager = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    # The user account this employee signs in with: an explicit link (never guessed from e-mail addresses),
    # set by an administrator; legacy adoption only proposes it (ERP administration > Post-adoption review).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="employee",
        verbose_name="user account",
        help_text="The account this employee signs in with (e.g. to approve their reports' leave).",
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "employees"
        verbose_name = "employee"
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # Default ordering and name search.
            models.Index(fields=["last_name", "first_name", "id"], name="employees_name_idx"),
        ]
        constraints = [
            # Unique whatever the case, on SQLite as on MariaDB (erp/core/constraints.py).
            UniqueIgnoringCase(field="employee_id", name="employees_employee_number_unique",
                               violation_error_message="Another employee already has this employee number."),
            UniqueIgnoringCase(field="email", name="employees_email_unique",
                               violation_error_message="Another employee already has this e-mail address."),
            models.CheckConstraint(condition=Q(salary__gte=0), name="employees_salary_not_negative",
                                   violation_error_message="The salary cannot be negative."),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"

    def clean(self) -> None:
        # Not a database CHECK: MariaDB refuses CHECK clauses on AUTO_INCREMENT columns.
        if self.pk and self.manager_id == self.pk:
            raise ValidationError({"manager": "An employee cannot be their own manager."})
        plausible.birth_date(self.date_of_birth)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
