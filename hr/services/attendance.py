"""Attendance workflows: a day's record per employee, check-in and check-out, hours computed."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from erp.core import wording
from erp.core.transitions import clean_changed, locked

from ..models import Attendance, Employee

CENT = Decimal("0.01")
# A check-out earlier than the check-in ends a night shift the next day (22:00–06:00 is 8 hours); a shift
# longer than this is a mistyped time.
LONGEST_SHIFT_HOURS = Decimal(16)


def attendance_hours(*, check_in: dt.time | None, check_out: dt.time | None) -> Decimal | None:
    """Hours from check-in to check-out, across midnight when the check-out is earlier (a night shift), to the
    hundredth; None until both are known."""
    if check_in is None or check_out is None:
        return None
    day = dt.date(2000, 1, 1)
    end = dt.datetime.combine(day + dt.timedelta(days=1 if check_out < check_in else 0), check_out)
    seconds = (end - dt.datetime.combine(day, check_in)).total_seconds()
    hours = (Decimal(seconds) / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)
    if hours > LONGEST_SHIFT_HOURS:
        raise ValidationError({"check_out_time": (
            f"Check-out {check_out:%H:%M} after check-in {check_in:%H:%M} would be a shift of {hours} hours; "
            f"a shift is at most {LONGEST_SHIFT_HOURS} hours (a check-out before the check-in ends a night shift "
            "the next morning).")})
    return hours


def attendance_record(*, employee: Employee, date: dt.date, status: str = Attendance.Status.PRESENT,
                      check_in_time: dt.time | None = None, check_out_time: dt.time | None = None,
                      notes: str | None = None) -> Attendance:
    """Record one day of attendance for an employee (once per employee per day); hours are computed."""
    if check_out_time is not None and check_in_time is None:
        raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
    with transaction.atomic():
        locked(employee)
        if Attendance.objects.filter(employee=employee, date=date).exists():
            raise ValidationError(f"Attendance of {employee} on {wording.day(date)} is already recorded.")
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
            raise ValidationError(f"Attendance of {employee} on {wording.day(date)} is already recorded.") from None
    return record


def attendance_check_in(*, employee: Employee, at: dt.datetime | None = None) -> Attendance:
    """Check an employee in now (or at `at`): creates the day's attendance record."""
    local = timezone.localtime(at or timezone.now())
    return attendance_record(employee=employee, date=local.date(), check_in_time=local.time().replace(microsecond=0))


def attendance_check_out(*, attendance: Attendance, at: dt.time | None = None) -> Attendance:
    """Check out of a day's attendance record: after its check-in, once; hours are computed."""
    with transaction.atomic():
        record = locked(attendance)
        if record.check_in_time is None:
            raise ValidationError(f"{record}: there is no check-in to check out from.")
        if record.check_out_time is not None:
            raise ValidationError(f"{record}: already checked out at {record.check_out_time:%H:%M}.")
        check_out = at or timezone.localtime().time().replace(microsecond=0)
        record.check_out_time = check_out
        record.hours_worked = attendance_hours(check_in=record.check_in_time, check_out=check_out)
        clean_changed(record)
        record.save()
    return record


def attendance_update(*, attendance: Attendance, status: str, check_in_time: dt.time | None,
                      check_out_time: dt.time | None, notes: str | None) -> Attendance:
    """Correct a day's attendance (times, status, notes); hours are recomputed."""
    if check_out_time is not None and check_in_time is None:
        raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
    with transaction.atomic():
        record = locked(attendance)
        record.status, record.notes = status, notes
        record.check_in_time, record.check_out_time = check_in_time, check_out_time
        record.hours_worked = attendance_hours(check_in=check_in_time, check_out=check_out_time)
        clean_changed(record)
        record.save()
    return record
