"""HR rules: paid payroll, decided leave, acknowledged reviews, finished applications and interviews are closed;
the two leave steps are taken by two different people (unless ERP_ONE_PERSON_APPROVALS)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hr import services
from hr.models import Attendance, Candidate, Employee, JobApplication, Leave, Payroll, PerformanceReview
from tests.admin_toolkit.support import (
    assert_closed_everywhere,
    assert_database_keeps_closed_state,
    assert_rule_through_the_admin,
    post_action,
    shown_messages,
)
from tests.hr import factories as hr_factories
from tests.support import verified_login

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
    verified_login(client, clerk)
    assert_closed_everywhere(client, CLOSED[kind](group_user("HR")))


def test_a_superuser_may_delete_a_closed_record_but_not_change_it(client, superuser):
    verified_login(client, superuser)
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
    account = group_user("HR", email=boss.email)
    Employee.objects.filter(pk=boss.pk).update(user=account)  # the manager's employee record is linked to it
    return account, worker


def test_one_person_does_not_take_both_leave_steps(client, manager_account, group_user):
    account, worker = manager_account
    leave = leave_request(worker)
    verified_login(client, account)
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


# ---------------------------------------------------------------- data rules: each a breaking record the admin
# and the service refuse, and its corrected twin both accept.

def employee_form(**values):
    form = {"employee_id": "E-900", "first_name": "Asha", "last_name": "Rao", "email": "asha@example.com",
            "department": "Assembly", "designation": "Fitter", "joining_date": "2024-01-01", "salary": "30000",
            "status": "active"}
    return {**form, **values}


def test_rule_birth_date_is_plausible(client, group_user):
    verified_login(client, group_user("HR"))
    future = timezone.localdate() + dt.timedelta(days=30)
    assert_rule_through_the_admin(
        client, "/admin/hr/employee/add/", employee_form(), model=Employee,
        breaking={"date_of_birth": future.isoformat()}, corrected={"date_of_birth": "1990-05-01"},
        message="The date of birth must be on or before ")
    with pytest.raises(ValidationError, match="The date of birth"):
        hr_factories.employee(date_of_birth=future).full_clean()


def test_rule_employee_numbers_and_emails_are_unique_whatever_the_case(client, group_user):
    hr_factories.employee(employee_id="E-777", email="meera@example.com")
    verified_login(client, group_user("HR"))
    assert_rule_through_the_admin(
        client, "/admin/hr/employee/add/", employee_form(), model=Employee,
        breaking={"employee_id": "e-777"}, corrected={"employee_id": "E-778"},
        message="Another employee already has this employee number.")
    twin = Employee(**{**employee_form(employee_id="E-779"), "email": "MEERA@example.com"})
    with pytest.raises(ValidationError, match="Another employee already has this e-mail address."):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too, on both
        Employee.objects.create(**{**employee_form(employee_id="E-780"), "email": "Meera@Example.com"})


def test_rule_absent_means_no_hours_and_night_shifts_cross_midnight(client, group_user):
    worker = hr_factories.employee()
    verified_login(client, group_user("HR"))
    form = {"employee": worker.pk, "date": MAR.isoformat(), "status": "ABSENT", "check_in_time": "",
            "check_out_time": "", "notes": ""}
    assert_rule_through_the_admin(
        client, "/admin/hr/attendance/add/", form, model=Attendance,
        breaking={"check_in_time": "09:00", "check_out_time": "17:00"}, corrected={},
        message="An absent employee has no check-in, check-out or hours worked")
    night = services.attendance_record(employee=worker, date=MAR + dt.timedelta(days=1), check_in_time=dt.time(22),
                                       check_out_time=dt.time(6))
    assert night.hours_worked == Decimal("8.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(employee=worker, date=MAR + dt.timedelta(days=2), status="ABSENT",
                                  hours_worked=Decimal("8"))


def test_rule_one_payroll_per_employee_per_day(client, group_user):
    worker = hr_factories.employee()
    services.payroll_create(employee=worker, period_start=MAR, period_end=MAR + dt.timedelta(days=29))
    verified_login(client, group_user("HR"))
    form = {"employee": worker.pk, "allowances": "0", "deductions": "0",
            "pay_period_end": (MAR + dt.timedelta(days=59)).isoformat()}
    assert_rule_through_the_admin(
        client, "/admin/hr/payroll/add/", form, model=Payroll,
        breaking={"pay_period_start": (MAR + dt.timedelta(days=29)).isoformat()},
        corrected={"pay_period_start": (MAR + dt.timedelta(days=30)).isoformat()},
        message="already has a payroll for 2–31 Mar 2026, which overlaps these dates.")
    with pytest.raises(ValidationError, match="A pay period is at most 31 days"):
        services.payroll_create(employee=worker, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))


def test_rule_leave_is_at_most_a_year_and_keeps_the_form(client, group_user):
    boss, worker = team()
    verified_login(client, group_user("HR"))
    start = timezone.localdate() + dt.timedelta(days=7)
    form = {"employee": worker.pk, "leave_type": "CASUAL", "start_date": start.isoformat(), "reason": "trip"}
    assert_rule_through_the_admin(
        client, "/admin/hr/leave/add/", form, model=Leave,
        breaking={"end_date": (start + dt.timedelta(days=400)).isoformat()},
        corrected={"end_date": (start + dt.timedelta(days=4)).isoformat()},
        message="A leave is at most 366 days")


def test_rule_one_application_per_candidate_and_no_interview_in_the_past(client, group_user):
    posting = hr_factories.job_posting()
    candidate = Candidate.objects.create(name="Kiran", email="kiran@example.com")
    services.job_application_submit(posting=posting, applicant_name="Kiran", applicant_email="kiran@example.com",
                                    candidate=candidate)
    verified_login(client, group_user("HR"))
    form = {"job_posting": posting.pk, "applicant_name": "Kiran", "applicant_email": "kiran2@example.com",
            "interviews-TOTAL_FORMS": "0", "interviews-INITIAL_FORMS": "0"}
    assert_rule_through_the_admin(
        client, "/admin/hr/jobapplication/add/", form, model=JobApplication,
        breaking={"candidate": candidate.pk}, corrected={"candidate": ""},
        message="Kiran has already applied to")
    expired = hr_factories.job_posting(application_deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="closed for applications on"):
        services.job_application_submit(posting=expired, applicant_name="X", applicant_email="x@example.com")
    shortlisted = hr_factories.job_application(status="shortlisted")
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.interview_schedule(application=shortlisted, scheduled_date=timezone.localdate() - dt.timedelta(1),
                                    scheduled_time=dt.time(10))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.interview_schedule(application=shortlisted, scheduled_date=tomorrow,
                                       scheduled_time=dt.time(10)).status == "scheduled"


def manager_approved_leave(hr_user):
    boss, worker = team()
    return services.leave_manager_approve(leave=leave_request(worker), manager=boss)


# Closed (and closing) states hold what closed them, in the database too: a row that breaks it is refused
# by a CHECK constraint on SQLite and MariaDB alike, in the constraint's sentence.
DATABASE_KEEPS = {
    "paid payroll without its payment date": (
        lambda hr_user: paid_payroll(), {"payment_date": None}, {"payment_date": MAR + dt.timedelta(days=30)},
        "A paid payroll needs its payment date."),
    "approved leave without the time HR approved it": (
        decided_leave("approved"), {"approved_at": None}, {"approved_at": timezone.now()},
        "An approved leave needs the time HR approved it."),
    "manager-approved leave without the manager's time": (
        manager_approved_leave, {"manager_approved_at": None}, {"manager_approved_at": timezone.now()},
        "A leave approved by the manager needs the time of that approval."),
    "reversed payroll without its reason": (
        lambda hr_user: services.payroll_reverse(payroll=paid_payroll(), by=hr_user, reason="wrong rate"),
        {"reversal_reason": ""}, {"reversal_reason": "wrong rate"},
        "A reversed payroll keeps its payment date and needs the time and reason of its reversal."),
    "reversed payroll still counting for its period": (
        lambda hr_user: services.payroll_reverse(payroll=paid_payroll(), by=hr_user, reason="wrong rate"),
        {"in_force": True}, {"in_force": None}, "Only a reversed payroll stops counting for its period."),
}


@pytest.mark.parametrize("kind", DATABASE_KEEPS)
def test_rule_the_database_keeps_closed_states_whole(group_user, kind):
    make, breaking, corrected, message = DATABASE_KEEPS[kind]
    assert_database_keeps_closed_state(make(group_user("HR")), breaking=breaking, corrected=corrected,
                                       message=message)


# ---------------------------------------------------------------- payroll correction: reversal

def test_a_paid_payroll_is_corrected_by_reversing_it_and_paying_again(group_user):
    hr_user = group_user("HR")
    paid = paid_payroll()
    with pytest.raises(ValidationError, match="Say why the payroll is reversed"):
        services.payroll_reverse(payroll=paid, by=hr_user, reason="  ")
    reversed_ = services.payroll_reverse(payroll=paid, by=hr_user, reason="Paid at last year's salary")
    reversed_.refresh_from_db()
    assert (reversed_.status, reversed_.in_force, reversed_.reversed_by, reversed_.reversal_reason) == (
        Payroll.Status.REVERSED, None, hr_user, "Paid at last year's salary")
    assert reversed_.payment_date is not None and reversed_.reversed_at is not None  # history kept
    with pytest.raises(ValidationError, match="Payroll of .*, 2–29 Mar 2026 cannot be reversed: it is reversed."):
        services.payroll_reverse(payroll=reversed_, by=hr_user, reason="again")
    # The correct payroll takes the same period; a second one that counts is refused, by the service and the
    # database (on both: the reversed row's NULL never clashes, two rows in force do).
    correct = services.payroll_create(employee=paid.employee, period_start=paid.pay_period_start,
                                      period_end=paid.pay_period_end, allowances=Decimal("500"))
    with pytest.raises(ValidationError, match="already has a payroll for 2–29 Mar 2026"):
        services.payroll_create(employee=paid.employee, period_start=paid.pay_period_start,
                                period_end=paid.pay_period_end)
    twin = {field.attname: getattr(correct, field.attname) for field in Payroll._meta.concrete_fields
            if not field.primary_key}
    with pytest.raises(IntegrityError), transaction.atomic():
        Payroll.objects.bulk_create([Payroll(**twin)])  # past the service: the unique key refuses it
    assert Payroll.objects.filter(employee=paid.employee).count() == 2


def test_a_pending_payroll_is_not_reversed(group_user):
    payroll = services.payroll_create(employee=hr_factories.employee(), period_start=MAR, period_end=MAR)
    with pytest.raises(ValidationError, match="Payroll of .*, 2 Mar 2026 cannot be reversed: it is pending."):
        services.payroll_reverse(payroll=payroll, by=group_user("HR"), reason="wrong")


def test_hr_reverses_a_paid_payroll_through_the_admin(client, group_user):
    clerk = group_user("HR")
    verified_login(client, clerk)
    paid = paid_payroll()
    change = f"/admin/hr/payroll/{paid.pk}/change/"
    page = client.get(change).content.decode()
    reverse_url = f"/admin/hr/payroll/{paid.pk}/reverse/"
    assert f'href="{reverse_url}" class="reverse-payroll">Reverse payroll</a>' in page
    # The action leads to the same page.
    response = post_action(client, "/admin/hr/payroll/", "reverse", [paid])
    assert response.status_code == 302 and response.url == reverse_url
    response = client.post(reverse_url, {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    paid.refresh_from_db()
    assert paid.status == Payroll.Status.PAID
    response = client.post(reverse_url, {"reason": "Overtime counted twice"}, follow=True)
    assert shown_messages(response) == [
        f"{paid} reversed. It stays as history; create the correct payroll for the same period."]
    paid.refresh_from_db()
    assert (paid.status, paid.reversal_reason, paid.reversed_by) == ("reversed", "Overtime counted twice", clerk)
    page = client.get(change).content.decode()
    assert "Overtime counted twice" in page and "Reverse payroll" not in page
    assert_closed_everywhere(client, paid)  # a reversed payroll is history: closed too
    # The correct payroll for the same period, through the add form.
    response = client.post("/admin/hr/payroll/add/", {
        "employee": paid.employee_id, "pay_period_start": paid.pay_period_start.isoformat(),
        "pay_period_end": paid.pay_period_end.isoformat(), "allowances": "0", "deductions": "0"})
    assert response.status_code == 302
    assert Payroll.objects.filter(employee=paid.employee, pay_period_start=paid.pay_period_start).count() == 2


def test_a_user_without_payroll_rights_cannot_reverse(client, group_user):
    verified_login(client, group_user("Sales"))
    paid = paid_payroll()
    assert client.post(f"/admin/hr/payroll/{paid.pk}/reverse/", {"reason": "x"}).status_code == 403
    paid.refresh_from_db()
    assert paid.status == Payroll.Status.PAID


@pytest.mark.parametrize("kind", ["acknowledged review", "completed interview", "approved leave"])
def test_a_refusal_names_its_record_once(group_user, kind):
    record = CLOSED[kind](group_user("HR"))
    fresh = type(record)._base_manager.get(pk=record.pk)
    with pytest.raises(ValidationError) as refused:
        fresh.save()
    text = refused.value.messages[0]
    assert text.startswith(f"{fresh} cannot be changed: it is ")  # "Interview of Asha Rao, 2 Mar 2026 cannot ..."
    assert "“" not in text, text
