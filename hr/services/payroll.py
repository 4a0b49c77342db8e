"""Payroll workflows: pay computed from salary type and attendance, processed, then paid."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from erp.core import plausible, wording
from erp.core.fields import ZERO
from erp.core.transitions import Transitions, clean_changed, locked

from ..models import Attendance, Employee, Payroll
from .attendance import CENT
from .leave import HALF

PAYROLL_TRANSITIONS = Transitions({
    Payroll.Status.PENDING: {Payroll.Status.PROCESSED},
    Payroll.Status.PROCESSED: {Payroll.Status.PAID},
    Payroll.Status.PAID: {Payroll.Status.REVERSED},
}, subject=str)  # "Payroll of Asha Rao, 1–31 Mar 2026 cannot be processed: it is paid."
# Attendance that earns a day's pay, and how much of it.
DAY_FRACTION = {Attendance.Status.PRESENT: Decimal(1), Attendance.Status.LATE: Decimal(1),
                Attendance.Status.HALF_DAY: HALF}


def payroll_amounts(*, employee: Employee, period_start: dt.date, period_end: dt.date,
                    allowances: Decimal, deductions: Decimal) -> dict:
    """Gross and net pay for a period.

    monthly: salary + allowances (one month's salary per payroll, whatever the period's length);
    daily: salary × days attended (present/late 1, half day 0.5) + allowances;
    hourly: salary × hours worked + allowances. Net is gross − deductions and may not be negative.
    """
    payroll_check_period(period_start=period_start, period_end=period_end)
    if allowances < 0 or deductions < 0:
        raise ValidationError("Allowances and deductions cannot be negative.")
    salary_type = (employee.salary_type or Employee.SalaryType.MONTHLY).upper()
    rate = employee.salary
    in_period = Attendance.objects.filter(employee=employee, date__range=(period_start, period_end))
    if salary_type == Payroll.SalaryType.DAILY:
        days = sum((DAY_FRACTION.get(status, ZERO) for status in in_period.values_list("status", flat=True)), ZERO)
        base = rate * days
    elif salary_type == Payroll.SalaryType.HOURLY:
        base = rate * (in_period.aggregate(hours=Sum("hours_worked"))["hours"] or ZERO)
    else:
        base = rate
    gross = (base + allowances).quantize(CENT, rounding=ROUND_HALF_UP)
    net = gross - deductions
    if net < 0:
        raise ValidationError({"deductions": f"Deductions ({deductions}) exceed the gross pay ({gross})."})
    return {"salary_type": salary_type, "monthly_salary": rate, "gross_salary": gross, "net_salary": net}


def payroll_check_period(*, period_start: dt.date, period_end: dt.date) -> None:
    """A pay period is at most a month, within the last ten years and the coming year."""
    if period_end < period_start:
        raise ValidationError({"pay_period_end": "The pay period must end on or after its start."})
    today = timezone.localdate()
    plausible.within(period_start, field="pay_period_start", what="The pay period's start",
                     earliest=plausible.years_before(today, plausible.OLDEST_RECORD_YEARS),
                     latest=today + dt.timedelta(days=plausible.FURTHEST_AHEAD_DAYS))
    days = (period_end - period_start).days + 1
    if days > plausible.LONGEST_PAY_PERIOD_DAYS:
        raise ValidationError({"pay_period_end": (
            f"A pay period is at most {plausible.LONGEST_PAY_PERIOD_DAYS} days; "
            f"{wording.period(period_start, period_end)} is {days} days.")})


def payroll_check_overlap(*, employee: Employee, period_start: dt.date, period_end: dt.date,
                          exclude_pk: int | None = None) -> None:
    """At most one payroll per employee for any day: each one pays for its days."""
    clash = (Payroll.objects.filter(employee=employee, pay_period_start__lte=period_end,
                                    pay_period_end__gte=period_start)
             .exclude(status=Payroll.Status.REVERSED)  # history: no longer pays for its days
             .exclude(pk=exclude_pk).order_by("pay_period_start").first())
    if clash is not None:
        raise ValidationError({"pay_period_start": (
            f"{employee.full_name} already has a payroll for "
            f"{wording.period(clash.pay_period_start, clash.pay_period_end)}, which overlaps these dates.")})


def payroll_create(*, employee: Employee, period_start: dt.date, period_end: dt.date,
                   allowances: Decimal = ZERO, deductions: Decimal = ZERO) -> Payroll:
    """A PENDING payroll for one employee and period (one per employee and period), amounts computed."""
    amounts = payroll_amounts(employee=employee, period_start=period_start, period_end=period_end,
                              allowances=allowances, deductions=deductions)
    with transaction.atomic():
        locked(employee)  # serialises two payrolls of one employee, so overlapping ones cannot both pass
        payroll_check_overlap(employee=employee, period_start=period_start, period_end=period_end)
        payroll = Payroll(employee=employee, name=employee.full_name, pay_period_start=period_start,
                          pay_period_end=period_end, allowances=allowances, deductions=deductions, **amounts)
        payroll.full_clean()
        payroll.save()
    return payroll


def payroll_update(*, payroll: Payroll, allowances: Decimal, deductions: Decimal) -> Payroll:
    """Change allowances and deductions before payment; amounts are recomputed. Paid payroll is final."""
    with transaction.atomic():
        payroll = locked(payroll, related=["employee"])
        if payroll.status in Payroll.lifecycle.closed:
            raise Payroll.lifecycle.refusal(payroll)
        amounts = payroll_amounts(employee=payroll.employee, period_start=payroll.pay_period_start,
                                  period_end=payroll.pay_period_end, allowances=allowances, deductions=deductions)
        payroll.allowances, payroll.deductions = allowances, deductions
        for field, value in amounts.items():
            setattr(payroll, field, value)
        clean_changed(payroll)
        payroll.save()
    return payroll


def payroll_process(*, payroll: Payroll) -> Payroll:
    """pending → processed."""
    with transaction.atomic():
        return PAYROLL_TRANSITIONS.move(locked(payroll), to=Payroll.Status.PROCESSED, verb="processed")


def payroll_mark_paid(*, payroll: Payroll, payment_date: dt.date | None = None) -> Payroll:
    """processed → paid, with the payment date (today unless given)."""
    with transaction.atomic():
        return PAYROLL_TRANSITIONS.move(locked(payroll), to=Payroll.Status.PAID, verb="marked as paid",
                                        payment_date=payment_date or timezone.localdate())


def payroll_reverse(*, payroll: Payroll, by: AbstractBaseUser, reason: str) -> Payroll:
    """paid → reversed: the correction of a paid payroll. The row stays, with who reversed it, when and why, and
    no longer counts for its period, so the correct payroll can be created for the same dates."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the payroll is reversed; the reason stays with it."})
    with transaction.atomic():
        payroll = locked(payroll, related=["employee"])
        PAYROLL_TRANSITIONS.check(payroll, to=Payroll.Status.REVERSED, verb="reversed")
        payroll.status, payroll.in_force = Payroll.Status.REVERSED, None
        payroll.reversed_at, payroll.reversed_by, payroll.reversal_reason = timezone.now(), by, reason
        clean_changed(payroll)
        payroll.save(update_fields=["status", "in_force", "reversed_at", "reversed_by", "reversal_reason",
                                    "updated_at"])
    return payroll
