"""Guest list workflows: schedule a visit, check the guest in and out at reception, or cancel."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.workflow import require_transition

from .models import GuestVisit

S = GuestVisit.Status
VISIT_TRANSITIONS = {
    S.SCHEDULED: {S.CHECKED_IN, S.CANCELLED},
    S.CHECKED_IN: {S.CHECKED_OUT},
}


def guest_visit_check_date(*, visit_date: dt.date) -> None:
    if visit_date < timezone.localdate():
        raise ValidationError({"visit_date": "A visit cannot be scheduled in the past."})


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
        visit = GuestVisit.objects.select_for_update().get(pk=visit.pk)
        require_transition(obj=visit, target=S.CHECKED_IN, table=VISIT_TRANSITIONS, verb="check in")
        today = timezone.localtime(at).date()
        if visit.visit_date != today:
            raise ValidationError(
                f"Cannot check in “{visit}”: the visit is for {visit.visit_date}, not today ({today}). "
                "Change the visit date first if the guest came on another day."
            )
        visit.status, visit.in_time = S.CHECKED_IN, at
        visit.full_clean()
        visit.save()
    return visit


def guest_visit_check_out(*, visit: GuestVisit, at: dt.datetime | None = None) -> GuestVisit:
    """The guest leaves: only a checked-in visit."""
    at = at or timezone.now()
    with transaction.atomic():
        visit = GuestVisit.objects.select_for_update().get(pk=visit.pk)
        require_transition(obj=visit, target=S.CHECKED_OUT, table=VISIT_TRANSITIONS, verb="check out")
        if visit.in_time and at < visit.in_time:
            raise ValidationError(f"Cannot check out “{visit}” before the check-in at {visit.in_time}.")
        visit.status, visit.out_time = S.CHECKED_OUT, at
        visit.full_clean()
        visit.save()
    return visit


def guest_visit_cancel(*, visit: GuestVisit) -> GuestVisit:
    """Call off a visit that has not started: only a scheduled visit."""
    with transaction.atomic():
        visit = GuestVisit.objects.select_for_update().get(pk=visit.pk)
        require_transition(obj=visit, target=S.CANCELLED, table=VISIT_TRANSITIONS, verb="cancel")
        visit.status = S.CANCELLED
        visit.full_clean()
        visit.save()
    return visit
