"""Change pages of HR records open in every state, and finished records cannot be edited through them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from hr import services
from hr.models import Leave
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


def test_change_pages_answer_for_records_in_final_states(client, group_user):
    verified_login(client, group_user("HR"))
    boss = hr_factories.employee()
    worker = hr_factories.employee(manager=boss)
    leave = services.leave_request(employee=worker, leave_type="SICK", start_date=dt.date(2026, 3, 2),
                                   end_date=dt.date(2026, 3, 2))
    leave = services.leave_manager_approve(leave=leave, manager=boss)
    payroll = services.payroll_create(employee=worker, period_start=dt.date(2026, 3, 1),
                                      period_end=dt.date(2026, 3, 31))
    payroll = services.payroll_mark_paid(payroll=services.payroll_process(payroll=payroll))
    review = hr_factories.performance_review(overall_rating=Decimal("3.5"))
    review = services.performance_review_submit(review=review)
    interview = services.interview_complete(interview=hr_factories.interview(), rating=Decimal("4"))
    attendance = services.attendance_record(employee=worker, date=dt.date(2026, 3, 2), check_in_time=dt.time(9))
    for name, obj in [("leave", leave), ("payroll", payroll), ("performancereview", review),
                      ("interview", interview), ("attendance", attendance),
                      ("jobapplication", interview.job_application), ("jobposting", hr_factories.job_posting())]:
        assert client.get(reverse(f"admin:hr_{name}_change", args=[obj.pk])).status_code == 200, name

    # A decided leave keeps its dates whatever is posted; only the manager's notes change.
    response = client.post(reverse("admin:hr_leave_change", args=[leave.pk]),
                           {"start_date": "2030-01-01", "end_date": "2030-01-09", "manager_notes": "covered by Ana"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert (leave.start_date, leave.status, leave.manager_notes) == (
        dt.date(2026, 3, 2), Leave.Status.MANAGER_APPROVED, "covered by Ana")
