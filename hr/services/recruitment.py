"""Recruitment workflows: job postings, applications through their stages, and interviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from erp.core import plausible, wording
from erp.core.transitions import Transitions, locked

from ..models import Employee, Interview, JobApplication, JobPosting

POSTING_TRANSITIONS = Transitions({
    JobPosting.Status.OPEN: {JobPosting.Status.CLOSED, JobPosting.Status.FILLED},
    JobPosting.Status.CLOSED: {JobPosting.Status.OPEN, JobPosting.Status.FILLED},
})

A = JobApplication.Status
_OUT = {A.REJECTED, A.WITHDRAWN}
APPLICATION_TRANSITIONS = Transitions({
    A.SUBMITTED: {A.UNDER_REVIEW} | _OUT,
    A.UNDER_REVIEW: {A.SHORTLISTED} | _OUT,
    A.SHORTLISTED: {A.INTERVIEW_SCHEDULED} | _OUT,
    A.INTERVIEW_SCHEDULED: {A.INTERVIEWED, A.SHORTLISTED} | _OUT,
    # Another round of interviews may follow one.
    A.INTERVIEWED: {A.OFFERED, A.INTERVIEW_SCHEDULED} | _OUT,
    A.OFFERED: {A.ACCEPTED} | _OUT,
})
INTERVIEW_TRANSITIONS = Transitions({
    Interview.Status.SCHEDULED: {Interview.Status.COMPLETED, Interview.Status.CANCELLED, Interview.Status.NO_SHOW},
})


def job_posting_close(*, posting: JobPosting) -> JobPosting:
    with transaction.atomic():
        return POSTING_TRANSITIONS.move(locked(posting), to=JobPosting.Status.CLOSED, verb="close")


def job_posting_reopen(*, posting: JobPosting) -> JobPosting:
    with transaction.atomic():
        return POSTING_TRANSITIONS.move(locked(posting), to=JobPosting.Status.OPEN, verb="reopen")


def job_posting_mark_filled(*, posting: JobPosting) -> JobPosting:
    with transaction.atomic():
        return POSTING_TRANSITIONS.move(locked(posting), to=JobPosting.Status.FILLED, verb="mark as filled")


def job_application_check_posting(*, posting: JobPosting, candidate=None, applicant_email: str | None = None,
                                  exclude_pk: int | None = None) -> None:
    """An open posting whose deadline has not passed, applied to once per candidate (and per e-mail address)."""
    if posting.status != JobPosting.Status.OPEN:
        raise ValidationError(
            {"job_posting": f"The posting “{posting}” is {posting.get_status_display().lower()}: "
                            "it takes no applications."}
        )
    if posting.application_deadline is not None and posting.application_deadline < timezone.localdate():
        raise ValidationError(
            {"job_posting": f"The posting “{posting}” closed for applications on "
                            f"{wording.day(posting.application_deadline)}."}
        )
    earlier = JobApplication.objects.filter(job_posting=posting).exclude(pk=exclude_pk)
    if candidate is not None and earlier.filter(candidate=candidate).exists():
        raise ValidationError({"candidate": f"{candidate.name} has already applied to “{posting}”."})
    if applicant_email and earlier.filter(applicant_email__iexact=applicant_email.strip()).exists():
        raise ValidationError({"applicant_email": f"{applicant_email} has already applied to “{posting}”."})


def job_application_submit(*, posting: JobPosting, applicant_name: str, applicant_email: str,
                           **details) -> JobApplication:
    """A new application (submitted) to an OPEN posting."""
    with transaction.atomic():
        posting = locked(posting)  # serialises applications to one posting: no duplicate slips in between
        job_application_check_posting(posting=posting, candidate=details.get("candidate"),
                                      applicant_email=applicant_email)
        application = JobApplication(job_posting=posting, applicant_name=applicant_name,
                                     applicant_email=applicant_email, status=A.SUBMITTED, **details)
        application.full_clean()
        application.save()
    return application


def job_application_review(*, application: JobApplication, reviewer: Employee | None = None) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.UNDER_REVIEW, verb="start reviewing",
                                            reviewed_by=reviewer, reviewed_at=timezone.now())


def job_application_shortlist(*, application: JobApplication) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.SHORTLISTED, verb="shortlist")


def job_application_offer(*, application: JobApplication) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.OFFERED, verb="make an offer on")


def job_application_accept(*, application: JobApplication) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.ACCEPTED, verb="record acceptance of")


def job_application_reject(*, application: JobApplication) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.REJECTED, verb="reject")


def job_application_withdraw(*, application: JobApplication) -> JobApplication:
    with transaction.atomic():
        return APPLICATION_TRANSITIONS.move(locked(application), to=A.WITHDRAWN, verb="withdraw")


def interview_check_when(*, scheduled_date: dt.date | None, scheduled_time: dt.time | None) -> None:
    """Not in the past (in the site's time zone), and at most a year ahead."""
    plausible.upcoming(scheduled_date, field="scheduled_date", what="The interview date")
    if scheduled_date == timezone.localdate() and scheduled_time is not None \
            and scheduled_time < timezone.localtime().time():
        raise ValidationError({"scheduled_time": f"{wording.clock(scheduled_time)} today has already passed."})


def interview_check_schedulable(*, application: JobApplication) -> None:
    if not APPLICATION_TRANSITIONS.allows(application.status, A.INTERVIEW_SCHEDULED) \
            and application.status != A.INTERVIEW_SCHEDULED:
        raise ValidationError(
            {"job_application": f"Cannot schedule an interview for “{application}”: it is "
                                f"{application.get_status_display()} (shortlist it first)."}
        )


def interview_schedule(*, application: JobApplication, scheduled_date: dt.date, scheduled_time: dt.time,
                       **details) -> Interview:
    """Schedule an interview; the application moves to interview_scheduled."""
    with transaction.atomic():
        application = locked(application)
        interview_check_schedulable(application=application)
        interview_check_when(scheduled_date=scheduled_date, scheduled_time=scheduled_time)
        interview = Interview(job_application=application, scheduled_date=scheduled_date,
                              scheduled_time=scheduled_time, status=Interview.Status.SCHEDULED, **details)
        interview.full_clean()
        interview.save()
        if application.status != A.INTERVIEW_SCHEDULED:
            APPLICATION_TRANSITIONS.move(application, to=A.INTERVIEW_SCHEDULED, verb="schedule an interview for")
    return interview


def interview_complete(*, interview: Interview, rating: Decimal | None = None, feedback: str | None = None,
                       conducted_by: Employee | None = None) -> Interview:
    """The interview took place: a rating from 1 to 5 is required; the application becomes interviewed."""
    with transaction.atomic():
        interview = locked(interview)
        INTERVIEW_TRANSITIONS.check(interview, to=Interview.Status.COMPLETED, verb="complete")
        rating = interview.rating if rating is None else Decimal(rating)
        if rating is None or not (1 <= rating <= 5):
            raise ValidationError({"rating": f"Cannot complete “{interview}”: give a rating from 1 to 5."})
        if feedback is not None:
            interview.feedback = feedback
        if conducted_by is not None:
            interview.conducted_by = conducted_by
        interview = INTERVIEW_TRANSITIONS.move(interview, to=Interview.Status.COMPLETED, verb="complete", checked=True,
                                               rating=rating, conducted_at=timezone.now())
        application = JobApplication.objects.select_for_update().get(pk=interview.job_application_id)
        if application.status == A.INTERVIEW_SCHEDULED:
            APPLICATION_TRANSITIONS.move(application, to=A.INTERVIEWED, verb="record the interview of")
    return interview


def _interview_call_off(*, interview: Interview, target: str, verb: str) -> Interview:
    with transaction.atomic():
        interview = INTERVIEW_TRANSITIONS.move(locked(interview), to=target, verb=verb)
        application = JobApplication.objects.select_for_update().get(pk=interview.job_application_id)
        still_scheduled = application.interviews.filter(status=Interview.Status.SCHEDULED).exists()
        if application.status == A.INTERVIEW_SCHEDULED and not still_scheduled:
            # No interview left on the calendar: back to the shortlist, where a new one can be scheduled.
            APPLICATION_TRANSITIONS.move(application, to=A.SHORTLISTED, verb="put back on the shortlist")
    return interview


def interview_cancel(*, interview: Interview) -> Interview:
    return _interview_call_off(interview=interview, target=Interview.Status.CANCELLED, verb="cancel")


def interview_mark_no_show(*, interview: Interview) -> Interview:
    return _interview_call_off(interview=interview, target=Interview.Status.NO_SHOW, verb="mark as no-show")
