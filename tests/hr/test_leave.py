"""Leave: days computed, no overlap, manager approval then HR approval, no self-approval."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hr import services
from hr.models import Leave
from tests.admin_toolkit.support import post_action, shown_messages
from tests.hr import factories as hr_factories
from tests.support import run_at_once, verified_login

pytestmark = pytest.mark.django_db
MAR = dt.date(2026, 3, 2)


@pytest.fixture
def team():
    boss = hr_factories.employee(email="boss@example.com")
    worker = hr_factories.employee(manager=boss, email="worker@example.com")
    return boss, worker


def request_leave(employee, start=MAR, end=MAR + dt.timedelta(days=2), **kw):
    return services.leave_request(employee=employee, leave_type=Leave.Type.CASUAL, start_date=start, end_date=end, **kw)


def test_days_are_inclusive_calendar_days_and_a_half_day_is_one_date(team):
    _, worker = team
    assert request_leave(worker).days_requested == Decimal("3")
    half = request_leave(worker, start=MAR + dt.timedelta(days=10), end=MAR + dt.timedelta(days=10), half_day=True)
    assert half.days_requested == Decimal("0.5")
    with pytest.raises(ValidationError, match="half day is a single day"):
        request_leave(worker, start=MAR + dt.timedelta(days=20), end=MAR + dt.timedelta(days=21), half_day=True)
    with pytest.raises(ValidationError, match="on or after its start"):
        request_leave(worker, start=MAR + dt.timedelta(days=30), end=MAR + dt.timedelta(days=29))
    assert Leave.objects.count() == 2


def test_overlap_with_active_leave_is_refused_but_not_with_rejected(team):
    boss, worker = team
    first = request_leave(worker)
    with pytest.raises(ValidationError, match="overlaps"):
        request_leave(worker, start=MAR + dt.timedelta(days=2), end=MAR + dt.timedelta(days=5))
    request_leave(boss)  # another employee's dates are theirs
    services.leave_manager_reject(leave=first, manager=boss, notes="busy week")
    again = request_leave(worker, start=MAR + dt.timedelta(days=2), end=MAR + dt.timedelta(days=5))
    assert again.status == Leave.Status.PENDING


def test_two_step_approval_records_who_and_when(team, group_user):
    boss, worker = team
    hr_user = group_user("HR", email="hr@example.com")
    leave = services.leave_manager_approve(leave=request_leave(worker), manager=boss, notes="ok")
    assert leave.status == Leave.Status.MANAGER_APPROVED
    assert (leave.manager_approved_by, leave.manager_notes) == (boss, "ok")
    assert leave.manager_approved_at is not None
    leave = services.leave_hr_approve(leave=leave, approver=hr_user)
    assert leave.status == Leave.Status.APPROVED
    assert leave.approved_by == hr_user and leave.approved_at is not None
    with pytest.raises(ValidationError, match="it is Approved"):
        services.leave_hr_reject(leave=leave, approver=hr_user)


def test_hr_cannot_skip_the_manager_and_only_the_own_manager_decides(team, group_user):
    boss, worker = team
    leave = request_leave(worker)
    with pytest.raises(ValidationError, match="it is Pending"):
        services.leave_hr_approve(leave=leave, approver=group_user())
    with pytest.raises(ValidationError, match="own manager"):
        services.leave_manager_approve(leave=leave, manager=hr_factories.employee())
    with pytest.raises(ValidationError, match="linked to no employee record"):
        services.leave_manager_approve(leave=leave, manager=None)
    with pytest.raises(ValidationError, match="their own leave"):
        services.leave_manager_approve(leave=leave, manager=worker)
    leave.refresh_from_db()
    assert leave.status == Leave.Status.PENDING and leave.manager_approved_by is None


def test_hr_rejects_after_manager_and_nobody_approves_their_own_leave(team, group_user):
    boss, worker = team
    leave = services.leave_manager_approve(leave=request_leave(worker), manager=boss)
    worker_account = group_user("HR")
    worker.user = worker_account  # the worker's own account, linked explicitly
    worker.save()
    with pytest.raises(ValidationError, match="their own leave"):
        services.leave_hr_approve(leave=leave, approver=worker_account)
    rejected = services.leave_hr_reject(leave=leave, approver=group_user())
    assert rejected.status == Leave.Status.REJECTED
    with pytest.raises(ValidationError, match="it is Rejected"):
        services.leave_manager_approve(leave=rejected, manager=boss)


def test_employee_without_manager_is_decided_by_hr_directly(team, group_user):
    boss, _ = team
    leave = request_leave(boss)
    with pytest.raises(ValidationError, match="no manager"):
        services.leave_manager_approve(leave=leave, manager=hr_factories.employee())
    assert services.leave_hr_approve(leave=leave, approver=group_user()).status == Leave.Status.APPROVED


def test_only_pending_requests_can_be_changed(team):
    boss, worker = team
    leave = request_leave(worker)
    leave = services.leave_update(leave=leave, leave_type=Leave.Type.SICK, start_date=MAR, end_date=MAR)
    assert (leave.leave_type, leave.days_requested) == (Leave.Type.SICK, Decimal("1"))
    services.leave_manager_approve(leave=leave, manager=boss)
    with pytest.raises(ValidationError, match="Approved by manager"):
        services.leave_update(leave=leave, leave_type=Leave.Type.SICK, start_date=MAR, end_date=MAR + dt.timedelta(1))


# --- Through the admin --------------------------------------------------------------------------------------

def test_leave_in_two_steps_through_the_admin(client, team, group_user):
    boss, worker = team
    # Same e-mail as the boss's employee record, but not linked: e-mail addresses are never matched.
    manager_account = group_user("HR", email="boss@example.com")
    hr_account = group_user("HR", email="hr-clerk@example.com")
    verified_login(client, hr_account)
    response = client.post(reverse("admin:hr_leave_add"), {
        "employee": worker.pk, "leave_type": "CASUAL", "start_date": "2026-03-02", "end_date": "2026-03-04",
        "reason": "family", "manager_notes": ""})
    assert response.status_code == 302
    leave = Leave.objects.get()
    assert (leave.status, leave.days_requested) == (Leave.Status.PENDING, Decimal("3"))
    changelist = reverse("admin:hr_leave_changelist")

    # HR first: refused, nothing changes.
    response = post_action(client, changelist, "hr_approve", [leave])
    assert any("it is Pending" in m for m in shown_messages(response))
    # A clerk who is not the manager cannot take the manager's step; the refusal says what to link.
    response = post_action(client, changelist, "manager_approve", [leave])
    assert any(f"Only {worker.full_name}'s manager, {boss.full_name} ({boss.employee_id})" in m
               and "is not linked to an employee record" in m and "user account" in m
               for m in shown_messages(response)), shown_messages(response)
    leave.refresh_from_db()
    assert leave.status == Leave.Status.PENDING

    # The manager's account with the same e-mail address, not yet linked: refused the same way.
    verified_login(client, manager_account)
    response = post_action(client, changelist, "manager_approve", [leave])
    assert any("is not linked to an employee record" in m for m in shown_messages(response))
    boss.user = manager_account
    boss.save()
    response = post_action(client, changelist, "manager_approve", [leave])
    assert "1 leave request approved by manager." in shown_messages(response)
    verified_login(client, hr_account)
    response = post_action(client, changelist, "hr_approve", [leave])
    assert "1 leave request approved by HR." in shown_messages(response)
    leave.refresh_from_db()
    assert (leave.status, leave.manager_approved_by, leave.approved_by) == (Leave.Status.APPROVED, boss, hr_account)


def test_admin_add_form_shows_overlap_and_bad_dates_without_saving(client, team, superuser):
    _, worker = team
    verified_login(client, superuser)
    request_leave(worker)
    url = reverse("admin:hr_leave_add")
    form = {"employee": worker.pk, "leave_type": "SICK", "start_date": "2026-03-03", "end_date": "2026-03-03",
            "half_day": "on", "reason": "", "manager_notes": ""}
    response = client.post(url, form)
    assert response.status_code == 200 and "overlaps" in response.content.decode()
    response = client.post(url, {**form, "start_date": "2026-04-05", "end_date": "2026-04-01", "half_day": ""})
    assert response.status_code == 200 and "on or after its start date" in response.content.decode()
    response = client.post(url, {**form, "start_date": "2026-13-45", "employee": "nope"})
    assert response.status_code == 200
    response = client.post(url, {**form, "start_date": "2026-04-01", "end_date": "2026-04-01"})
    assert response.status_code == 302
    assert Leave.objects.filter(days_requested=Decimal("0.5")).count() == 1
    assert Leave.objects.count() == 2


def test_each_approval_step_is_in_the_leave_history(client, team, group_user):
    from django.contrib.admin.models import LogEntry

    boss, worker = team
    leave = request_leave(worker)
    boss.user = group_user("HR")
    boss.save()
    verified_login(client, boss.user)
    post_action(client, reverse("admin:hr_leave_changelist"), "manager_approve", [leave])
    entry = LogEntry.objects.get(object_id=str(leave.pk))
    assert entry.get_change_message() == "Approved by manager (action “manager_approve”)."
    assert client.get(reverse("admin:hr_leave_history", args=[leave.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_overlapping_requests_sent_at_once_store_one(mysql_only):
    worker = hr_factories.employee()
    # Four requests that all share 5–7 March; without the row lock on the employee several get in.
    results = run_at_once(*[lambda n=n: request_leave(worker, start=MAR + dt.timedelta(n), end=MAR + dt.timedelta(5))
                              for n in range(4)])
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 3 and all("overlaps" in r.messages[0] for r in refused), results
    assert Leave.objects.filter(employee=worker).count() == 1
