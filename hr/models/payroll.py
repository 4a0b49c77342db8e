"""Payroll: one record per employee and pay period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from erp.core import wording
from erp.core.fields import ZERO, money
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle

from .employees import Employee


class Payroll(ClosedRecordGuard, models.Model):
    class SalaryType(models.TextChoices):
        DAILY = "DAILY", "Daily"
        MONTHLY = "MONTHLY", "Monthly"
        HOURLY = "HOURLY", "Hourly"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSED = "processed", "Processed"
        PAID = "paid", "Paid"
        # Paid, then reversed by HR (a mistake): kept as history, no longer counts for its period.
        REVERSED = "reversed", "Reversed"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="payrolls")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    pay_period_start = models.DateField()
    pay_period_end = models.DateField()
    salary_type = models.CharField(max_length=10, choices=SalaryType.choices, default=SalaryType.MONTHLY)
    monthly_salary = money()
    allowances = money(default=ZERO)
    deductions = money(default=ZERO)
    gross_salary = money()
    net_salary = money()
    payment_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # True while the payroll counts for its period, NULL once reversed: the unique key below then lets the
    # correct payroll take the same period (NULLs never clash, on SQLite as on MariaDB, which has no partial
    # unique indexes). Kept in step with the status by a constraint; nobody types it.
    in_force = models.BooleanField(null=True, default=True, db_default=True, editable=False)
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reversal_reason = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "payrolls"
        verbose_name = "payroll"
        ordering = ["-pay_period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "pay_period_start", "pay_period_end", "in_force"],
                name="payrolls_one_in_force_per_period",
                violation_error_message="This employee already has a payroll for that period."
            ),
            models.CheckConstraint(
                condition=Q(pay_period_end__gte=F("pay_period_start")), name="payrolls_period_in_order",
                violation_error_message="The pay period must end on or after its start."
            ),
            models.CheckConstraint(
                condition=(Q(monthly_salary__gte=0) & Q(allowances__gte=0) & Q(deductions__gte=0)
                           & Q(gross_salary__gte=0)),
                name="payrolls_amounts_not_negative",
                violation_error_message="Salary, allowances, deductions and gross pay cannot be negative.",
            ),
            # Closed states hold what closed them (erp/core/lifecycle.py; docs/business-rules.md).
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(payment_date__isnull=False), name="payrolls_paid_has_payment_date",
                violation_error_message="A paid payroll needs its payment date.",
            ),
            models.CheckConstraint(
                condition=(Q(status="reversed", in_force__isnull=True)
                           | (~Q(status="reversed") & Q(in_force=True))),
                name="payrolls_in_force_unless_reversed",
                violation_error_message="Only a reversed payroll stops counting for its period.",
            ),
            models.CheckConstraint(
                condition=(~Q(status="reversed")
                           | (Q(payment_date__isnull=False, reversed_at__isnull=False, reversal_reason__isnull=False)
                              & ~Q(reversal_reason=""))),
                name="payrolls_reversed_keeps_history",
                violation_error_message=(
                    "A reversed payroll keeps its payment date and needs the time and reason of its reversal."),
            ),
        ]

    # Paid is final. A mistake is corrected by reversing the payroll (hr.services.payroll_reverse: it stays, as
    # history) and creating the correct one for the same period.
    lifecycle = Lifecycle(closed=[Status.PAID, Status.REVERSED],
                          still_settable=["status", "in_force", "reversed_at", "reversed_by", "reversal_reason"],
                          describe=str,  # "Payroll of Asha Rao, 1–31 Mar 2026": named once
                          correction="A paid payroll is corrected by reversing it, then creating the correct "
                                     "payroll for its period.")

    def __str__(self) -> str:
        who = self.name or self.employee.full_name
        return f"Payroll of {who}, {wording.period(self.pay_period_start, self.pay_period_end)}"

    def clean(self) -> None:
        if self.pay_period_start and self.pay_period_end and self.pay_period_end < self.pay_period_start:
            raise ValidationError({"pay_period_end": "The pay period must end on or after its start."})
