"""Recruitment from posting to accepted offer, and performance reviews DRAFT → SUBMITTED → ACKNOWLEDGED."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hr import services
from hr.models import Interview, JobApplication, JobPosting, PerformanceReview
from tests.admin_toolkit.support import post_action, shown_messages
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
A = JobApplication.Status
NEXT_WEEK = timezone.localdate() + dt.timedelta(days=7)  # interviews are scheduled ahead, never in the past


def test_application_walks_from_submitted_to_accepted():
    posting = hr_factories.job_posting()
    app = services.job_application_submit(posting=posting, applicant_name="Ravi", applicant_email="r@example.com")
    reviewer = hr_factories.employee()
    app = services.job_application_review(application=app, reviewer=reviewer)
    assert (app.status, app.reviewed_by) == (A.UNDER_REVIEW, reviewer) and app.reviewed_at
    app = services.job_application_shortlist(application=app)
    interview = services.interview_schedule(application=app, scheduled_date=NEXT_WEEK,
                                            scheduled_time=dt.time(10), interview_type="technical")
    app.refresh_from_db()
    assert app.status == A.INTERVIEW_SCHEDULED
    with pytest.raises(ValidationError, match="rating from 1 to 5"):
        services.interview_complete(interview=interview)
    with pytest.raises(ValidationError, match="rating from 1 to 5"):
        services.interview_complete(interview=interview, rating=Decimal("6"))
    interview = services.interview_complete(interview=interview, rating=Decimal("4.5"), feedback="solid")
    app.refresh_from_db()
    assert (interview.status, app.status) == (Interview.Status.COMPLETED, A.INTERVIEWED)
    app = services.job_application_offer(application=app)
    app = services.job_application_accept(application=app)
    assert app.status == A.ACCEPTED
    with pytest.raises(ValidationError, match="it is Accepted"):
        services.job_application_withdraw(application=app)


def test_illegal_application_steps_name_the_current_state():
    app = hr_factories.job_application()
    with pytest.raises(ValidationError, match="it is Submitted"):
        services.job_application_offer(application=app)
    with pytest.raises(ValidationError, match="Submitted"):
        services.interview_schedule(application=app, scheduled_date=NEXT_WEEK, scheduled_time=dt.time(9))
    assert services.job_application_reject(application=app).status == A.REJECTED
    with pytest.raises(ValidationError, match="it is Rejected"):
        services.job_application_review(application=app)
    assert not Interview.objects.exists()


def test_no_application_to_a_closed_or_filled_posting():
    posting = services.job_posting_close(posting=hr_factories.job_posting())
    with pytest.raises(ValidationError, match="is closed: it takes no applications"):
        services.job_application_submit(posting=posting, applicant_name="X", applicant_email="x@example.com")
    posting = services.job_posting_mark_filled(posting=posting)
    with pytest.raises(ValidationError, match="it is Filled"):
        services.job_posting_reopen(posting=posting)
    assert not JobApplication.objects.exists()


def test_cancelled_interview_returns_the_application_to_the_shortlist():
    app = hr_factories.job_application(status=A.SHORTLISTED)
    interview = services.interview_schedule(application=app, scheduled_date=NEXT_WEEK,
                                            scheduled_time=dt.time(9))
    services.interview_cancel(interview=interview)
    app.refresh_from_db()
    assert app.status == A.SHORTLISTED
    with pytest.raises(ValidationError, match="it is Cancelled"):
        services.interview_complete(interview=interview, rating=3)


def test_review_is_submitted_with_a_rating_then_acknowledged():
    review = hr_factories.performance_review()
    with pytest.raises(ValidationError, match="overall rating"):
        services.performance_review_submit(review=review)
    with pytest.raises(ValidationError, match="it is Draft"):
        services.performance_review_acknowledge(review=review)
    review.overall_rating = Decimal("4.0")
    review.save()
    review = services.performance_review_submit(review=review)
    review = services.performance_review_acknowledge(review=review)
    assert review.status == PerformanceReview.Status.ACKNOWLEDGED
    review.overall_rating = Decimal("7")
    with pytest.raises(ValidationError, match="from 1 to 5"):
        review.full_clean()


def test_recruitment_and_reviews_through_the_admin(client, group_user):
    verified_login(client, group_user("HR"))
    closed = hr_factories.job_posting(status=JobPosting.Status.CLOSED)
    add = reverse("admin:hr_jobapplication_add")
    form = {"job_posting": closed.pk, "applicant_name": "Mina", "applicant_email": "mina@example.com",
            "interviews-TOTAL_FORMS": "0", "interviews-INITIAL_FORMS": "0"}
    response = client.post(add, form)
    assert response.status_code == 200 and "takes no applications" in response.content.decode()
    open_posting = hr_factories.job_posting()
    assert client.post(add, {**form, "job_posting": open_posting.pk}).status_code == 302
    app = JobApplication.objects.get()
    changelist = reverse("admin:hr_jobapplication_changelist")
    response = post_action(client, changelist, "offer", [app])
    assert any("it is Submitted" in m for m in shown_messages(response))
    post_action(client, changelist, "review", [app])
    response = post_action(client, changelist, "shortlist", [app])
    assert "1 job application shortlisted." in shown_messages(response)

    response = client.post(reverse("admin:hr_interview_add"), {
        "job_application": app.pk, "interview_type": "hr", "scheduled_date": NEXT_WEEK.isoformat(),
        "scheduled_time": "11:00", "duration_minutes": "45"})
    assert response.status_code == 302
    interview = Interview.objects.get()
    app.refresh_from_db()
    assert app.status == A.INTERVIEW_SCHEDULED
    interviews = reverse("admin:hr_interview_changelist")
    response = post_action(client, interviews, "complete", [interview])
    assert any("give a rating from 1 to 5" in m for m in shown_messages(response))
    Interview.objects.filter(pk=interview.pk).update(rating=Decimal("3"))
    response = post_action(client, interviews, "complete", [interview])
    assert "1 interview marked as completed." in shown_messages(response)
    app.refresh_from_db()
    assert app.status == A.INTERVIEWED

    review = hr_factories.performance_review()
    reviews = reverse("admin:hr_performancereview_changelist")
    response = post_action(client, reviews, "submit", [review])
    assert any("overall rating" in m for m in shown_messages(response))
    review.refresh_from_db()
    assert review.status == PerformanceReview.Status.DRAFT
