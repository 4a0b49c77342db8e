"""HR workflows: attendance, leave approval in two steps, payroll, reviews and recruitment.

Every function here is what the admin's actions and forms call; each refuses a wrong step with a
ValidationError a person can read and leaves the database unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from erp.fields import ZERO
from erp.workflow import require_transition

from .models import (
    Attendance,
    Employee,
    Interview,
    JobApplication,
    JobPosting,
    Leave,
    Payroll,
    PerformanceReview,
)

CENT = Decimal("0.01")


def employee_for_user(user: AbstractBaseUser | None) -> Employee | None:
    """The employee a user account belongs to: matched by e-mail address, case-insensitively."""
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return None
    return Employee.objects.filter(email__iexact=email).first()


# --- Attendance -------------------------------------------------------------------------------------------

def attendance_hours(*, check_in: dt.time | None, check_out: dt.time | None) -> Decimal | None:
    """Hours between check-in and check-out on the same day, to the hundredth; None until both are known."""
    if check_in is None or check_out is None:
        return None
    if check_out < check_in:
        raise ValidationError({"check_out_time": "Check-out must be at or after check-in."})
    day = dt.date(2000, 1, 1)
    seconds = (dt.datetime.combine(day, check_out) - dt.datetime.combine(day, check_in)).total_seconds()
    return (Decimal(seconds) / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)


def attendance_record(*, employee: Employee, date: dt.date, status: str = Attendance.Status.PRESENT,
                      check_in_time: dt.time | None = None, check_out_time: dt.time | None = None,
                      notes: str | None = None) -> Attendance:
    """Record one day of attendance for an employee (once per employee per day); hours are computed."""
    if check_out_time is not None and check_in_time is None:
        raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
    with transaction.atomic():
        Employee.objects.select_for_update().get(pk=employee.pk)
        if Attendance.objects.filter(employee=employee, date=date).exists():
            raise ValidationError(f"Attendance of {employee} on {date} is already recorded.")
        record = Attendance(
            employee=employee, name=employee.full_name, date=date, status=status,
            check_in_time=check_in_time, check_out_time=check_out_time, notes=notes,
            hours_worked=attendance_hours(check_in=check_in_time, check_out=check_out_time),
        )
        record.full_clean()
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(f"Attendance of {employee} on {date} is already recorded.") from None
    return record


def attendance_check_in(*, employee: Employee, at: dt.datetime | None = None) -> Attendance:
    """Check an employee in now (or at `at`): creates the day's attendance record."""
    local = timezone.localtime(at or timezone.now())
    return attendance_record(employee=employee, date=local.date(), check_in_time=local.time().replace(microsecond=0))


def attendance_check_out(*, attendance: Attendance, at: dt.time | None = None) -> Attendance:
    """Check out of a day's attendance record: after its check-in, once; hours are computed."""
    with transaction.atomic():
        record = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if record.check_in_time is None:
            raise ValidationError(f"{record}: there is no check-in to check out from.")
        if record.check_out_time is not None:
            raise ValidationError(f"{record}: already checked out at {record.check_out_time:%H:%M}.")
        check_out = at or timezone.localtime().time().replace(microsecond=0)
        if check_out < record.check_in_time:
            raise ValidationError(
                f"{record}: check-out {check_out:%H:%M} would be before check-in {record.check_in_time:%H:%M}."
            )
        record.check_out_time = check_out
        record.hours_worked = attendance_hours(check_in=record.check_in_time, check_out=check_out)
        record.full_clean()
        record.save()
    return record


def attendance_update(*, attendance: Attendance, status: str, check_in_time: dt.time | None,
                      check_out_time: dt.time | None, notes: str | None) -> Attendance:
    """Correct a day's attendance (times, status, notes); hours are recomputed."""
    if check_out_time is not None and check_in_time is None:
        raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
    with transaction.atomic():
        record = Attendance.objects.select_for_update().get(pk=attendance.pk)
        record.status, record.notes = status, notes
        record.check_in_time, record.check_out_time = check_in_time, check_out_time
        record.hours_worked = attendance_hours(check_in=check_in_time, check_out=check_out_time)
        record.full_clean()
        record.save()
    return record


# --- Leave ------------------------------------------------------------------------------------------------

LEAVE_TRANSITIONS = {
    Leave.Status.PENDING: {Leave.Status.MANAGER_APPROVED, Leave.Status.MANAGER_REJECTED},
    Leave.Status.MANAGER_APPROVED: {Leave.Status.APPROVED, Leave.Status.REJECTED},
}
# Leave that still counts: a new request may not overlap any of these.
LEAVE_ACTIVE = [Leave.Status.PENDING, Leave.Status.MANAGER_APPROVED, Leave.Status.APPROVED]
HALF = Decimal("0.5")


def leave_days(*, start_date: dt.date, end_date: dt.date, half_day: bool = False) -> Decimal:
    """Inclusive calendar days; a half day is a one-day leave taken as half (0.5)."""
    if end_date < start_date:
        raise ValidationError({"end_date": "The leave must end on or after its start date."})
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
            f"{employee.full_name} already has {clash.get_status_display().lower()} leave "
            f"from {clash.start_date} to {clash.end_date}, which overlaps these dates."
        )


def leave_request(*, employee: Employee, leave_type: str, start_date: dt.date, end_date: dt.date,
                  half_day: bool = False, reason: str | None = None) -> Leave:
    """An employee asks for leave: it starts PENDING, waiting for their manager."""
    days = leave_days(start_date=start_date, end_date=end_date, half_day=half_day)
    with transaction.atomic():
        # Serialises requests of the same employee, so two overlapping requests cannot both pass.
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
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
        leave = Leave.objects.select_for_update().get(pk=leave.pk)
        if leave.status != Leave.Status.PENDING:
            raise ValidationError(f"Cannot change leave request “{leave}”: it is {leave.get_status_display()}.")
        leave_check_overlap(employee=leave.employee, start_date=start_date, end_date=end_date, exclude_pk=leave.pk)
        leave.leave_type, leave.start_date, leave.end_date = leave_type, start_date, end_date
        leave.days_requested, leave.reason = days, reason
        leave.full_clean()
        leave.save()
    return leave


def _leave_manager_decide(*, leave: Leave, manager: Employee | None, target: str, verb: str,
                          notes: str | None) -> Leave:
    with transaction.atomic():
        leave = Leave.objects.select_for_update().select_related("employee").get(pk=leave.pk)
        require_transition(obj=leave, target=target, table=LEAVE_TRANSITIONS, verb=verb)
        if manager is None:
            raise ValidationError(
                "Only the employee's manager can decide this step, and no employee record matches your account."
            )
        if manager.pk == leave.employee_id:
            raise ValidationError("An employee cannot decide on their own leave request.")
        if leave.employee.manager_id is None:
            raise ValidationError(f"{leave.employee.full_name} has no manager: HR decides this request directly.")
        if leave.employee.manager_id != manager.pk:
            raise ValidationError(f"Only {leave.employee.full_name}'s own manager can decide this step.")
        leave.status = target
        leave.manager_approved_by = manager
        leave.manager_approved_at = timezone.now()
        if notes is not None:
            leave.manager_notes = notes
        leave.full_clean()
        leave.save()
    return leave


def leave_manager_approve(*, leave: Leave, manager: Employee | None, notes: str | None = None) -> Leave:
    """First step: the employee's own manager approves (PENDING → MANAGER_APPROVED)."""
    return _leave_manager_decide(leave=leave, manager=manager, target=Leave.Status.MANAGER_APPROVED,
                                 verb="approve (as manager)", notes=notes)


def leave_manager_reject(*, leave: Leave, manager: Employee | None, notes: str | None = None) -> Leave:
    """First step refused by the employee's manager (PENDING → MANAGER_REJECTED)."""
    return _leave_manager_decide(leave=leave, manager=manager, target=Leave.Status.MANAGER_REJECTED,
                                 verb="reject (as manager)", notes=notes)


def _leave_hr_decide(*, leave: Leave, approver: AbstractBaseUser, target: str, verb: str) -> Leave:
    with transaction.atomic():
        leave = Leave.objects.select_for_update().select_related("employee").get(pk=leave.pk)
        if leave.status == Leave.Status.PENDING and leave.employee.manager_id is None:
            # Nobody above this employee: HR takes both steps at once.
            pass
        else:
            require_transition(obj=leave, target=target, table=LEAVE_TRANSITIONS, verb=verb)
        approver_employee = employee_for_user(approver)
        if approver_employee is not None and approver_employee.pk == leave.employee_id:
            raise ValidationError("An employee cannot decide on their own leave request.")
        leave.status = target
        leave.approved_by = approver
        leave.approved_at = timezone.now()
        leave.full_clean()
        leave.save()
    return leave


def leave_hr_approve(*, leave: Leave, approver: AbstractBaseUser) -> Leave:
    """Second step: HR approves a manager-approved request (MANAGER_APPROVED → APPROVED)."""
    return _leave_hr_decide(leave=leave, approver=approver, target=Leave.Status.APPROVED, verb="approve (HR)")


def leave_hr_reject(*, leave: Leave, approver: AbstractBaseUser) -> Leave:
    """Second step refused by HR (MANAGER_APPROVED → REJECTED)."""
    return _leave_hr_decide(leave=leave, approver=approver, target=Leave.Status.REJECTED, verb="reject (HR)")


# --- Payroll ----------------------------------------------------------------------------------------------

PAYROLL_TRANSITIONS = {
    Payroll.Status.PENDING: {Payroll.Status.PROCESSED},
    Payroll.Status.PROCESSED: {Payroll.Status.PAID},
}
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
    if period_end < period_start:
        raise ValidationError({"pay_period_end": "The pay period must end on or after its start."})
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


def payroll_create(*, employee: Employee, period_start: dt.date, period_end: dt.date,
                   allowances: Decimal = ZERO, deductions: Decimal = ZERO) -> Payroll:
    """A PENDING payroll for one employee and period (one per employee and period), amounts computed."""
    amounts = payroll_amounts(employee=employee, period_start=period_start, period_end=period_end,
                              allowances=allowances, deductions=deductions)
    with transaction.atomic():
        Employee.objects.select_for_update().get(pk=employee.pk)
        if Payroll.objects.filter(employee=employee, pay_period_start=period_start,
                                  pay_period_end=period_end).exists():
            raise ValidationError(f"{employee} already has a payroll for {period_start} to {period_end}.")
        payroll = Payroll(employee=employee, name=employee.full_name, pay_period_start=period_start,
                          pay_period_end=period_end, allowances=allowances, deductions=deductions, **amounts)
        payroll.full_clean()
        payroll.save()
    return payroll


def payroll_update(*, payroll: Payroll, allowances: Decimal, deductions: Decimal) -> Payroll:
    """Change allowances and deductions before payment; amounts are recomputed. Paid payroll is final."""
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().select_related("employee").get(pk=payroll.pk)
        if payroll.status == Payroll.Status.PAID:
            raise ValidationError(f"Cannot change payroll “{payroll}”: it is Paid.")
        amounts = payroll_amounts(employee=payroll.employee, period_start=payroll.pay_period_start,
                                  period_end=payroll.pay_period_end, allowances=allowances, deductions=deductions)
        payroll.allowances, payroll.deductions = allowances, deductions
        for field, value in amounts.items():
            setattr(payroll, field, value)
        payroll.full_clean()
        payroll.save()
    return payroll


def payroll_process(*, payroll: Payroll) -> Payroll:
    """pending → processed."""
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().get(pk=payroll.pk)
        require_transition(obj=payroll, target=Payroll.Status.PROCESSED, table=PAYROLL_TRANSITIONS, verb="process")
        payroll.status = Payroll.Status.PROCESSED
        payroll.full_clean()
        payroll.save()
    return payroll


def payroll_mark_paid(*, payroll: Payroll, payment_date: dt.date | None = None) -> Payroll:
    """processed → paid, with the payment date (today unless given)."""
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().get(pk=payroll.pk)
        require_transition(obj=payroll, target=Payroll.Status.PAID, table=PAYROLL_TRANSITIONS, verb="mark as paid")
        payroll.status = Payroll.Status.PAID
        payroll.payment_date = payment_date or timezone.localdate()
        payroll.full_clean()
        payroll.save()
    return payroll


# --- Performance reviews ----------------------------------------------------------------------------------

REVIEW_TRANSITIONS = {
    PerformanceReview.Status.DRAFT: {PerformanceReview.Status.SUBMITTED},
    PerformanceReview.Status.SUBMITTED: {PerformanceReview.Status.ACKNOWLEDGED},
}


def performance_review_submit(*, review: PerformanceReview) -> PerformanceReview:
    """DRAFT → SUBMITTED; a review is submitted with its overall rating."""
    with transaction.atomic():
        review = PerformanceReview.objects.select_for_update().get(pk=review.pk)
        require_transition(obj=review, target=PerformanceReview.Status.SUBMITTED, table=REVIEW_TRANSITIONS,
                           verb="submit")
        if review.overall_rating is None:
            raise ValidationError(f"Cannot submit “{review}”: give an overall rating from 1 to 5 first.")
        review.status = PerformanceReview.Status.SUBMITTED
        review.full_clean()
        review.save()
    return review


def performance_review_acknowledge(*, review: PerformanceReview) -> PerformanceReview:
    """SUBMITTED → ACKNOWLEDGED (the employee has seen it)."""
    with transaction.atomic():
        review = PerformanceReview.objects.select_for_update().get(pk=review.pk)
        require_transition(obj=review, target=PerformanceReview.Status.ACKNOWLEDGED, table=REVIEW_TRANSITIONS,
                           verb="acknowledge")
        review.status = PerformanceReview.Status.ACKNOWLEDGED
        review.full_clean()
        review.save()
    return review


# --- Recruitment ------------------------------------------------------------------------------------------

POSTING_TRANSITIONS = {
    JobPosting.Status.OPEN: {JobPosting.Status.CLOSED, JobPosting.Status.FILLED},
    JobPosting.Status.CLOSED: {JobPosting.Status.OPEN, JobPosting.Status.FILLED},
}

A = JobApplication.Status
_OUT = {A.REJECTED, A.WITHDRAWN}
APPLICATION_TRANSITIONS = {
    A.SUBMITTED: {A.UNDER_REVIEW} | _OUT,
    A.UNDER_REVIEW: {A.SHORTLISTED} | _OUT,
    A.SHORTLISTED: {A.INTERVIEW_SCHEDULED} | _OUT,
    A.INTERVIEW_SCHEDULED: {A.INTERVIEWED, A.SHORTLISTED} | _OUT,
    # Another round of interviews may follow one.
    A.INTERVIEWED: {A.OFFERED, A.INTERVIEW_SCHEDULED} | _OUT,
    A.OFFERED: {A.ACCEPTED} | _OUT,
}
INTERVIEW_TRANSITIONS = {
    Interview.Status.SCHEDULED: {Interview.Status.COMPLETED, Interview.Status.CANCELLED, Interview.Status.NO_SHOW},
}


def _posting_move(*, posting: JobPosting, target: str, verb: str) -> JobPosting:
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        require_transition(obj=posting, target=target, table=POSTING_TRANSITIONS, verb=verb)
        posting.status = target
        posting.full_clean()
        posting.save()
    return posting


def job_posting_close(*, posting: JobPosting) -> JobPosting:
    return _posting_move(posting=posting, target=JobPosting.Status.CLOSED, verb="close")


def job_posting_reopen(*, posting: JobPosting) -> JobPosting:
    return _posting_move(posting=posting, target=JobPosting.Status.OPEN, verb="reopen")


def job_posting_mark_filled(*, posting: JobPosting) -> JobPosting:
    return _posting_move(posting=posting, target=JobPosting.Status.FILLED, verb="mark as filled")


def job_application_check_posting(*, posting: JobPosting) -> None:
    if posting.status != JobPosting.Status.OPEN:
        raise ValidationError(
            {"job_posting": f"The posting “{posting}” is {posting.get_status_display()}: it takes no applications."}
        )


def job_application_submit(*, posting: JobPosting, applicant_name: str, applicant_email: str,
                           **details) -> JobApplication:
    """A new application (submitted) to an OPEN posting."""
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        job_application_check_posting(posting=posting)
        application = JobApplication(job_posting=posting, applicant_name=applicant_name,
                                     applicant_email=applicant_email, status=A.SUBMITTED, **details)
        application.full_clean()
        application.save()
    return application


def _application_move(*, application: JobApplication, target: str, verb: str,
                      reviewer: Employee | None = None) -> JobApplication:
    with transaction.atomic():
        application = JobApplication.objects.select_for_update().get(pk=application.pk)
        require_transition(obj=application, target=target, table=APPLICATION_TRANSITIONS, verb=verb)
        application.status = target
        if target == A.UNDER_REVIEW:
            application.reviewed_by = reviewer
            application.reviewed_at = timezone.now()
        application.full_clean()
        application.save()
    return application


def job_application_review(*, application: JobApplication, reviewer: Employee | None = None) -> JobApplication:
    return _application_move(application=application, target=A.UNDER_REVIEW, verb="start reviewing",
                             reviewer=reviewer)


def job_application_shortlist(*, application: JobApplication) -> JobApplication:
    return _application_move(application=application, target=A.SHORTLISTED, verb="shortlist")


def job_application_offer(*, application: JobApplication) -> JobApplication:
    return _application_move(application=application, target=A.OFFERED, verb="make an offer on")


def job_application_accept(*, application: JobApplication) -> JobApplication:
    return _application_move(application=application, target=A.ACCEPTED, verb="record acceptance of")


def job_application_reject(*, application: JobApplication) -> JobApplication:
    return _application_move(application=application, target=A.REJECTED, verb="reject")


def job_application_withdraw(*, application: JobApplication) -> JobApplication:
    return _application_move(application=application, target=A.WITHDRAWN, verb="withdraw")


def interview_check_schedulable(*, application: JobApplication) -> None:
    if A.INTERVIEW_SCHEDULED not in APPLICATION_TRANSITIONS.get(application.status, ()) \
            and application.status != A.INTERVIEW_SCHEDULED:
        raise ValidationError(
            {"job_application": f"Cannot schedule an interview for “{application}”: it is "
                                f"{application.get_status_display()} (shortlist it first)."}
        )


def interview_schedule(*, application: JobApplication, scheduled_date: dt.date, scheduled_time: dt.time,
                       **details) -> Interview:
    """Schedule an interview; the application moves to interview_scheduled."""
    with transaction.atomic():
        application = JobApplication.objects.select_for_update().get(pk=application.pk)
        interview_check_schedulable(application=application)
        interview = Interview(job_application=application, scheduled_date=scheduled_date,
                              scheduled_time=scheduled_time, status=Interview.Status.SCHEDULED, **details)
        interview.full_clean()
        interview.save()
        if application.status != A.INTERVIEW_SCHEDULED:
            application.status = A.INTERVIEW_SCHEDULED
            application.full_clean()
            application.save()
    return interview


def interview_complete(*, interview: Interview, rating: Decimal | None = None, feedback: str | None = None,
                       conducted_by: Employee | None = None) -> Interview:
    """The interview took place: a rating from 1 to 5 is required; the application becomes interviewed."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        require_transition(obj=interview, target=Interview.Status.COMPLETED, table=INTERVIEW_TRANSITIONS,
                           verb="complete")
        rating = interview.rating if rating is None else Decimal(rating)
        if rating is None or not (1 <= rating <= 5):
            raise ValidationError({"rating": f"Cannot complete “{interview}”: give a rating from 1 to 5."})
        interview.rating = rating
        if feedback is not None:
            interview.feedback = feedback
        if conducted_by is not None:
            interview.conducted_by = conducted_by
        interview.status = Interview.Status.COMPLETED
        interview.conducted_at = timezone.now()
        interview.full_clean()
        interview.save()
        application = JobApplication.objects.select_for_update().get(pk=interview.job_application_id)
        if application.status == A.INTERVIEW_SCHEDULED:
            application.status = A.INTERVIEWED
            application.full_clean()
            application.save()
    return interview


def _interview_call_off(*, interview: Interview, target: str, verb: str) -> Interview:
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        require_transition(obj=interview, target=target, table=INTERVIEW_TRANSITIONS, verb=verb)
        interview.status = target
        interview.full_clean()
        interview.save()
        application = JobApplication.objects.select_for_update().get(pk=interview.job_application_id)
        still_scheduled = application.interviews.filter(status=Interview.Status.SCHEDULED).exists()
        if application.status == A.INTERVIEW_SCHEDULED and not still_scheduled:
            # No interview left on the calendar: back to the shortlist, where a new one can be scheduled.
            application.status = A.SHORTLISTED
            application.full_clean()
            application.save()
    return interview


def interview_cancel(*, interview: Interview) -> Interview:
    return _interview_call_off(interview=interview, target=Interview.Status.CANCELLED, verb="cancel")


def interview_mark_no_show(*, interview: Interview) -> Interview:
    return _interview_call_off(interview=interview, target=Interview.Status.NO_SHOW, verb="mark as no-show")
