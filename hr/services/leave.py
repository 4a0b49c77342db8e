"""Leave workflows: requests, and approval in two steps (the employee's manager, then HR)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.core import plausible, wording
from erp.core.duties import require_different_people
from erp.core.transitions import Transitions, clean_changed, locked

from ..models import Employee, Leave
from .employees import employee_for_user, unlinked_account_message

LEAVE_TRANSITIONS = Transitions({
    Leave.Status.PENDING: {Leave.Status.MANAGER_APPROVED, Leave.Status.MANAGER_REJECTED},
    Leave.Status.MANAGER_APPROVED: {Leave.Status.APPROVED, Leave.Status.REJECTED},
})
# Leave that still counts: a new request may not overlap any of these.
LEAVE_ACTIVE = [Leave.Status.PENDING, Leave.Status.MANAGER_APPROVED, Leave.Status.APPROVED]
HALF = Decimal("0.5")
LONGEST_LEAVE_DAYS = 366  # the longest leave there is (a maternity leave is 182 days)


def leave_days(*, start_date: dt.date, end_date: dt.date, half_day: bool = False) -> Decimal:
    """Inclusive calendar days; a half day is a one-day leave taken as half (0.5)."""
    if end_date < start_date:
        raise ValidationError({"end_date": "The leave must end on or after its start date."})
    today = timezone.localdate()
    plausible.within(start_date, field="start_date", what="The leave's start",
                     earliest=plausible.years_before(today, plausible.OLDEST_RECORD_YEARS),
                     latest=today + dt.timedelta(days=plausible.FURTHEST_AHEAD_DAYS))
    if (end_date - start_date).days + 1 > LONGEST_LEAVE_DAYS:
        raise ValidationError({"end_date": f"A leave is at most {LONGEST_LEAVE_DAYS} days; "
                                           f"{wording.period(start_date, end_date)} is longer."})
    if half_day:
        if start_date != end_date:
            raise ValidationError({"end_date": "A half day is a single day: start and end must be the same date."})
        return HALF
    return Decimal((end_date - start_date).days + 1)


def leave_check_overlap(*, employee: Employee, start_date: dt.date, end_date: dt.date,
                        exclude_pk: int | None = None) -> None:
    clash = (
        Leave.objects.filter(employee=employee, status__in=LEAVE_ACTIVE,
                             start_date__lte=end_date, end_date__gte=start_date)
        .exclude(pk=exclude_pk).order_by("start_date").first()
    )
    if clash:
        raise ValidationError(
            f"{employee.full_name} already has {clash.get_status_display().lower()} leave for "
            f"{wording.period(clash.start_date, clash.end_date)}, which overlaps these dates."
        )


def leave_request(*, employee: Employee, leave_type: str, start_date: dt.date, end_date: dt.date,
                  half_day: bool = False, reason: str | None = None) -> Leave:
    """An employee asks for leave: it starts PENDING, waiting for their manager."""
    days = leave_days(start_date=start_date, end_date=end_date, half_day=half_day)
    with transaction.atomic():
        # Serialises requests of the same employee, so two overlapping requests cannot both pass.
        employee = locked(employee)
        leave_check_overlap(employee=employee, start_date=start_date, end_date=end_date)
        leave = Leave(employee=employee, name=employee.full_name, leave_type=leave_type, start_date=start_date,
                      end_date=end_date, days_requested=days, reason=reason, status=Leave.Status.PENDING)
        leave.full_clean()
        leave.save()
    return leave


def leave_update(*, leave: Leave, leave_type: str, start_date: dt.date, end_date: dt.date,
                 half_day: bool = False, reason: str | None = None) -> Leave:
    """Change a request while it is still PENDING; days are recomputed."""
    days = leave_days(start_date=start_date, end_date=end_date, half_day=half_day)
    with transaction.atomic():
        Employee.objects.select_for_update().get(pk=leave.employee_id)
        leave = locked(leave)
        if leave.status != Leave.Status.PENDING:
            raise ValidationError(f"Cannot change leave request “{leave}”: it is {leave.get_status_display()}.")
        leave_check_overlap(employee=leave.employee, start_date=start_date, end_date=end_date, exclude_pk=leave.pk)
        leave.leave_type, leave.start_date, leave.end_date = leave_type, start_date, end_date
        leave.days_requested, leave.reason = days, reason
        clean_changed(leave)
        leave.save()
    return leave


def _leave_manager_decide(*, leave: Leave, manager: Employee | None, target: str, verb: str,
                          notes: str | None, user: AbstractBaseUser | None) -> Leave:
    with transaction.atomic():
        leave = locked(leave, related=["employee", "employee__manager"])
        LEAVE_TRANSITIONS.check(leave, to=target, verb=verb)
        if manager is None:
            boss = leave.employee.manager
            who = f"{boss.full_name} ({boss.employee_id})" if boss else "the employee's manager"
            raise ValidationError(
                f"Only {leave.employee.full_name}'s manager, {who}, can decide this step"
                + (f". {unlinked_account_message(user)}" if user is not None else
                   ", and your account is linked to no employee record.")
            )
        if manager.pk == leave.employee_id:
            raise ValidationError("An employee cannot decide on their own leave request.")
        if leave.employee.manager_id is None:
            raise ValidationError(f"{leave.employee.full_name} has no manager: HR decides this request directly.")
        if leave.employee.manager_id != manager.pk:
            raise ValidationError(f"Only {leave.employee.full_name}'s own manager can decide this step.")
        changes = {"manager_notes": notes} if notes is not None else {}
        return LEAVE_TRANSITIONS.move(leave, to=target, verb=verb, checked=True, manager_approved_by=manager,
                                      manager_approved_at=timezone.now(), manager_step_user=user, **changes)


def leave_manager_approve(*, leave: Leave, manager: Employee | None, notes: str | None = None,
                          user: AbstractBaseUser | None = None) -> Leave:
    """First step: the employee's own manager approves (PENDING → MANAGER_APPROVED); `user` is the account
    that took the step (the HR step must then be someone else's)."""
    return _leave_manager_decide(leave=leave, manager=manager, target=Leave.Status.MANAGER_APPROVED,
                                 verb="approve (as manager)", notes=notes, user=user)


def leave_manager_reject(*, leave: Leave, manager: Employee | None, notes: str | None = None,
                         user: AbstractBaseUser | None = None) -> Leave:
    """First step refused by the employee's manager (PENDING → MANAGER_REJECTED)."""
    return _leave_manager_decide(leave=leave, manager=manager, target=Leave.Status.MANAGER_REJECTED,
                                 verb="reject (as manager)", notes=notes, user=user)


def _leave_hr_decide(*, leave: Leave, approver: AbstractBaseUser, target: str, verb: str) -> Leave:
    with transaction.atomic():
        leave = locked(leave, related=["employee"])
        # Nobody above this employee: HR takes both steps at once.
        if not (leave.status == Leave.Status.PENDING and leave.employee.manager_id is None):
            LEAVE_TRANSITIONS.check(leave, to=target, verb=verb)
        approver_employee = employee_for_user(approver)
        if approver_employee is not None and approver_employee.pk == leave.employee_id:
            raise ValidationError("An employee cannot decide on their own leave request.")
        if leave.status == Leave.Status.MANAGER_APPROVED:
            # Two steps, two people: compared by account, and by employee where the step has no account.
            same = "The HR step must be taken by someone other than who approved as manager."
            require_different_people(leave.manager_step_user, approver, refusal=same)
            require_different_people(leave.manager_approved_by, approver_employee, refusal=same)
        return LEAVE_TRANSITIONS.move(leave, to=target, verb=verb, checked=True, approved_by=approver,
                                      approved_at=timezone.now())


def leave_hr_approve(*, leave: Leave, approver: AbstractBaseUser) -> Leave:
    """Second step: HR approves a manager-approved request (MANAGER_APPROVED → APPROVED)."""
    return _leave_hr_decide(leave=leave, approver=approver, target=Leave.Status.APPROVED, verb="approve (HR)")


def leave_hr_reject(*, leave: Leave, approver: AbstractBaseUser) -> Leave:
    """Second step refused by HR (MANAGER_APPROVED → REJECTED)."""
    return _leave_hr_decide(leave=leave, approver=approver, target=Leave.Status.REJECTED, verb="reject (HR)")
