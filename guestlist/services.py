"""Guest list workflows: schedule a visit, check the guest in and out at reception, or cancel."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.core import plausible, wording
from erp.core.transitions import Transitions, locked

from .models import GuestVisit

S = GuestVisit.Status
VISIT_TRANSITIONS = Transitions({
    S.SCHEDULED: {S.CHECKED_IN, S.CANCELLED},
    S.CHECKED_IN: {S.CHECKED_OUT},
})


def guest_visit_check_date(*, visit_date: dt.date) -> None:
    """Today or later, at most a year ahead."""
    if visit_date < timezone.localdate():
        raise ValidationError({"visit_date": "A visit cannot be scheduled in the past."})
    plausible.upcoming(visit_date, field="visit_date", what="The visit date")


def guest_visit_schedule(*, guest_name: str, meeting_person: str, visit_date: dt.date, purpose: str,
                         created_by: str | None = None, **details) -> GuestVisit:
    """Expect a guest on a day (today or later)."""
    guest_visit_check_date(visit_date=visit_date)
    with transaction.atomic():
        visit = GuestVisit(guest_name=guest_name, meeting_person=meeting_person, visit_date=visit_date,
                           purpose=purpose, created_by=created_by, status=S.SCHEDULED, **details)
        visit.full_clean()
        visit.save()
    return visit


def guest_visit_check_in(*, visit: GuestVisit, at: dt.datetime | None = None) -> GuestVisit:
    """The guest arrives: only a scheduled visit, and only on its visit date."""
    at = at or timezone.now()
    with transaction.atomic():
        visit = locked(visit)
        VISIT_TRANSITIONS.check(visit, to=S.CHECKED_IN, verb="check in")
        today = timezone.localtime(at).date()
        if visit.visit_date != today:
            raise ValidationError(
                f"Cannot check in “{visit}”: the visit is for {wording.day(visit.visit_date)}, "
                f"not today ({wording.day(today)}). "
                "Change the visit date first if the guest came on another day."
            )
        return VISIT_TRANSITIONS.move(visit, to=S.CHECKED_IN, verb="check in", checked=True, in_time=at)


def guest_visit_check_out(*, visit: GuestVisit, at: dt.datetime | None = None) -> GuestVisit:
    """The guest leaves: only a checked-in visit."""
    at = at or timezone.now()
    with transaction.atomic():
        visit = locked(visit)
        VISIT_TRANSITIONS.check(visit, to=S.CHECKED_OUT, verb="check out")
        if visit.in_time and at < visit.in_time:
            raise ValidationError(f"Cannot check out “{visit}” before the check-in at {wording.moment(visit.in_time)}.")
        return VISIT_TRANSITIONS.move(visit, to=S.CHECKED_OUT, verb="check out", checked=True, out_time=at)


def guest_visit_cancel(*, visit: GuestVisit) -> GuestVisit:
    """Call off a visit that has not started: only a scheduled visit."""
    with transaction.atomic():
        return VISIT_TRANSITIONS.move(locked(visit), to=S.CANCELLED, verb="cancel")
