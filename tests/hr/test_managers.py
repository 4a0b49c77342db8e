"""The manager role (hr/admin/team.py, hr.0011_managers_group): a manager sees and decides the leave and
attendance of their own team only, and sees no employee records, payroll or salaries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.urls import reverse

from hr.models import Attendance, Leave
from tests.erp import factories as erp_factories
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def staff(username: str, *groups: str) -> User:
    return erp_factories.group_user(*groups, username=username, email=f"{username}@example.com")


def leave(employee, days: int) -> Leave:
    start = TODAY + datetime.timedelta(days)
    return Leave.objects.create(employee=employee, leave_type="CASUAL", start_date=start, end_date=start,
                                days_requested=Decimal("1.0"))


@pytest.fixture
def teams():
    """Mohan manages Lata and Ravi; Geeta manages Kiran. Each manager signs in as themselves."""
    mohan_user, geeta_user = staff("mohan", "Managers"), staff("geeta", "Managers")
    mohan = hr_factories.employee(first_name="Mohan", user=mohan_user)
    geeta = hr_factories.employee(first_name="Geeta", user=geeta_user)
    lata = hr_factories.employee(first_name="Lata", manager=mohan)
    ravi = hr_factories.employee(first_name="Ravi", manager=mohan)
    kiran = hr_factories.employee(first_name="Kiran", manager=geeta)
    return {"mohan": mohan, "geeta": geeta, "lata": lata, "ravi": ravi, "kiran": kiran}


def test_the_managers_group_has_leave_and_attendance_and_nothing_of_payroll_or_employees():
    codenames = set(Group.objects.get(name="Managers").permissions.values_list("codename", flat=True))
    assert codenames == {"view_leave", "change_leave", "view_attendance", "change_attendance"}


def test_a_manager_sees_their_team_only(client, teams):
    mine = [leave(teams["lata"], 7), leave(teams["ravi"], 8)]
    other = leave(teams["kiran"], 9)
    days = {name: Attendance.objects.create(employee=teams[name], date=TODAY, status="PRESENT",
                                            check_in_time=datetime.time(9)) for name in ("lata", "kiran")}
    verified_login(client, User.objects.get(username="mohan"))

    listing = client.get(reverse("admin:hr_leave_changelist"))
    assert set(listing.context["cl"].result_list) == set(mine)
    listing = client.get(reverse("admin:hr_attendance_changelist"))
    assert list(listing.context["cl"].result_list) == [days["lata"]]
    # Another team's record is not there at all, by its page or by a step posted to it.
    response = client.get(reverse("admin:hr_leave_change", args=[other.pk]), follow=True)
    assert any("doesn’t exist" in message for message in shown(response))
    response = client.post(reverse("admin:hr_leave_step", args=[other.pk, "manager_approve"]),
                           {"action": "manager_approve"}, follow=True)
    assert f"There is no leave request {other.pk}." in shown(response)
    response = client.post(reverse("admin:hr_leave_changelist"),
                           {"action": "manager_approve", "_selected_action": [other.pk]}, follow=True)
    other.refresh_from_db()
    assert other.status == "PENDING"
    # The landing page counts the team's requests only.
    assert client.get(reverse("admin:index")).content.decode().count('data-key="awaiting_approval">2<') == 1

    # Deciding the team's leave: the manager step, from the record's page.
    response = client.post(reverse("admin:hr_leave_step", args=[mine[0].pk, "manager_approve"]),
                           {"action": "manager_approve"}, follow=True)
    mine[0].refresh_from_db()
    assert mine[0].status == "MANAGER_APPROVED" and mine[0].manager_approved_by == teams["mohan"]
    # A manager records nothing for others and deletes nothing.
    assert client.get(reverse("admin:hr_leave_add")).status_code == 403
    assert client.get(reverse("admin:hr_attendance_add")).status_code == 403
    assert client.get(reverse("admin:hr_leave_delete", args=[mine[1].pk])).status_code == 403


def test_a_manager_sees_no_payroll_salaries_or_employee_records(client, teams):
    verified_login(client, User.objects.get(username="mohan"))
    for name in ("payroll", "employee"):
        assert client.get(reverse(f"admin:hr_{name}_changelist")).status_code == 403
    assert client.get(reverse("admin:hr_employee_change", args=[teams["lata"].pk])).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/hr/payroll/" not in index and "/admin/hr/employee/" not in index
    assert str(teams["lata"].salary) not in client.get(reverse("admin:hr_leave_changelist")).content.decode()


def test_a_manager_without_a_linked_employee_sees_nobody_and_hr_sees_everyone(client, teams):
    leave(teams["lata"], 7)
    leave(teams["kiran"], 8)
    verified_login(client, staff("unlinked", "Managers"))
    assert list(client.get(reverse("admin:hr_leave_changelist")).context["cl"].result_list) == []
    # Someone in HR as well as Managers sees everyone: HR's view wins.
    verified_login(client, staff("hr-and-manager", "Managers", "HR"))
    assert len(client.get(reverse("admin:hr_leave_changelist")).context["cl"].result_list) == 2


def test_a_managers_attendance_chart_counts_their_team_only(client, teams):
    """The landing page's attendance chart draws the rows the manager's list shows, not the whole company's."""
    for name in ("lata", "ravi", "kiran", "geeta"):
        Attendance.objects.create(employee=teams[name], date=TODAY, status="PRESENT", check_in_time=datetime.time(9))
    verified_login(client, User.objects.get(username="mohan"))
    response = client.get(reverse("admin:index"))
    chart = {chart["key"]: chart for chart in response.context["charts"]}["attendance_week"]
    present = {row["label"]: row["values"] for row in chart["rows"]}[f"{TODAY:%a} {TODAY.day}"]
    # The chart's columns are the statuses, in Attendance.Status order; Present is the first.
    assert present[0] == "2"
