"""Plausible date windows: a date outside its window is a typing mistake (a birth date next year, a payroll
period from 0001 to 9999) and is refused with the window it must fall in. docs/business-rules.md lists them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from erp.core.wording import day

OLDEST_AGE_YEARS = 100  # a birth date at most this many years ago
YOUNGEST_AGE_YEARS = 14  # and at least this many (the youngest an employee may legally be, in most places)
LONGEST_PAY_PERIOD_DAYS = 31  # one payroll covers at most a calendar month
FURTHEST_AHEAD_DAYS = 366  # visits, interviews, deadlines, pay periods: at most a year ahead
OLDEST_RECORD_YEARS = 10  # attendance and pay periods: at most this many years back


def years_before(when: dt.date, years: int) -> dt.date:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February
        return when.replace(year=when.year - years, day=28)


def within(value: dt.date | None, *, field: str, what: str, earliest: dt.date | None = None,
           latest: dt.date | None = None) -> None:
    """Refuse `value` outside [earliest, latest] with a field error naming the window."""
    if value is None:
        return
    if earliest is not None and value < earliest:
        bound = f"on or after {day(earliest)}"
    elif latest is not None and value > latest:
        bound = f"on or before {day(latest)}"
    else:
        return
    raise ValidationError({field: f"{what} must be {bound}; {day(value)} is not plausible."})


def birth_date(value: dt.date | None, *, field: str = "date_of_birth") -> None:
    today = timezone.localdate()
    within(value, field=field, what="The date of birth", earliest=years_before(today, OLDEST_AGE_YEARS),
           latest=years_before(today, YOUNGEST_AGE_YEARS))


def not_in_the_future(value: dt.date | None, *, field: str, what: str, years_back: int = OLDEST_RECORD_YEARS) -> None:
    today = timezone.localdate()
    within(value, field=field, what=what, earliest=years_before(today, years_back), latest=today)


def upcoming(value: dt.date | None, *, field: str, what: str) -> None:
    """Today or later, and at most FURTHEST_AHEAD_DAYS ahead."""
    today = timezone.localdate()
    if value is not None and value < today:
        raise ValidationError({field: f"{what} cannot be in the past ({day(value)})."})
    within(value, field=field, what=what, latest=today + dt.timedelta(days=FURTHEST_AHEAD_DAYS))
