"""HR rules: paid payroll, decided leave, acknowledged reviews, finished applications and interviews are closed;
the two leave steps are taken by two different people (unless ERP_ONE_PERSON_APPROVALS)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hr import services
from hr.models import Leave, PerformanceReview
from tests.admin_toolkit.support import assert_closed_everywhere, post_action, shown_messages
from tests.hr import factories as hr_factories

pytestmark = pytest.mark.django_db
MAR = dt.date(2026, 3, 2)


def team():
    boss = hr_factories.employee()
    return boss, hr_factories.employee(manager=boss)


def leave_request(employee):
    return services.leave_request(employee=employee, leave_type=Leave.Type.CASUAL, start_date=MAR, end_date=MAR)


def paid_payroll():
    payroll = services.payroll_create(employee=hr_factories.employee(), period_start=MAR,
                                      period_end=MAR + dt.timedelta(days=27))
    return services.payroll_mark_paid(payroll=services.payroll_process(payroll=payroll))


def decided_leave(step):
    def make(hr_user):
        boss, worker = team()
        leave = leave_request(worker)
        if step == "manager rejected":
            return services.leave_manager_reject(leave=leave, manager=boss)
        leave = services.leave_manager_approve(leave=leave, manager=boss)
        decide = services.leave_hr_approve if step == "approved" else services.leave_hr_reject
        return decide(leave=leave, approver=hr_user)
    return make


def acknowledged_review():
    review = hr_factories.performance_review(overall_rating=Decimal("4"))
    return services.performance_review_acknowledge(review=services.performance_review_submit(review=review))


def completed_interview():
    return services.interview_complete(interview=hr_factories.interview(), rating=Decimal("4"))


CLOSED = {
    "paid payroll": lambda hr_user: paid_payroll(),
    "approved leave": decided_leave("approved"),
    "leave rejected by HR": decided_leave("rejected"),
    "leave rejected by the manager": decided_leave("manager rejected"),
    "acknowledged review": lambda hr_user: acknowledged_review(),
    "accepted application": lambda hr_user: services.job_application_accept(
        application=hr_factories.job_application(status="offered")),
    "completed interview": lambda hr_user: completed_interview(),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_hr_records_are_read_only_and_undeletable(client, group_user, kind):
    clerk = group_user("HR")
    client.force_login(clerk)
    assert_closed_everywhere(client, CLOSED[kind](group_user("HR")))


def test_a_superuser_may_delete_a_closed_record_but_not_change_it(client, superuser):
    client.force_login(superuser)
    payroll = paid_payroll()
    payroll.allowances = Decimal("1")
    with pytest.raises(ValidationError, match="cannot be changed: it is paid"):
        payroll.save()
    review = acknowledged_review()
    response = client.post(f"/admin/hr/performancereview/{review.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not PerformanceReview.objects.filter(pk=review.pk).exists()


@pytest.fixture
def manager_account(group_user):
    boss, worker = team()
    return group_user("HR", email=boss.email), worker


def test_one_person_does_not_take_both_leave_steps(client, manager_account, group_user):
    account, worker = manager_account
    leave = leave_request(worker)
    client.force_login(account)
    changelist = "/admin/hr/leave/"
    response = post_action(client, changelist, "manager_approve", [leave])
    assert "1 leave request approved by manager." in shown_messages(response)
    response = post_action(client, changelist, "hr_approve", [leave])
    assert any("The HR step must be taken by someone other than who approved as manager." in m
               for m in shown_messages(response))
    leave.refresh_from_db()
    assert (leave.status, leave.manager_step_user) == (Leave.Status.MANAGER_APPROVED, account)
    other = group_user("HR")
    assert services.leave_hr_approve(leave=leave, approver=other).status == Leave.Status.APPROVED


def test_the_manager_employee_is_not_the_hr_approver_either(manager_account, group_user):
    account, worker = manager_account
    leave = services.leave_manager_approve(leave=leave_request(worker), manager=worker.manager)  # no account known
    with pytest.raises(ValidationError, match="someone other than who approved as manager"):
        services.leave_hr_approve(leave=leave, approver=account)


def test_the_small_company_exception_lets_one_person_take_both_steps(manager_account, settings):
    settings.ERP_ONE_PERSON_APPROVALS = True
    account, worker = manager_account
    leave = services.leave_manager_approve(leave=leave_request(worker), manager=worker.manager, user=account)
    assert services.leave_hr_approve(leave=leave, approver=account).status == Leave.Status.APPROVED
