"""Malformed posts to the HR, guest list, gate and purchasing admins get a page, never a server error."""

import pytest
from django.urls import reverse

from hr.models import Leave
from tests.admin_toolkit.support import shown_messages
from tests.hr import factories as hr_factories
from tests.support import verified_login

ACTIONS = [
    ("hr_leave", "hr_approve"), ("hr_attendance", "check_out_now"), ("hr_payroll", "mark_paid"),
    ("hr_jobapplication", "offer"), ("hr_interview", "complete"), ("hr_performancereview", "submit"),
    ("hr_jobposting", "close"), ("guestlist_guestvisit", "check_in"), ("gate_gateuser", "record_entry"),
    ("gate_goingoutlog", "coming_back"), ("purchasing_purchaseorder", "approve"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("changelist,action", ACTIONS)
def test_action_with_malformed_or_unknown_ids(client, changelist, action, superuser):
    verified_login(client, superuser)
    url = reverse(f"admin:{changelist}_changelist")
    response = client.post(url, {"action": action, "_selected_action": ["abc", "1e9", "-", "999999"]}, follow=True)
    assert response.status_code == 200
    response = client.post(url, {"action": "no_such_action", "_selected_action": ["1"]}, follow=True)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_selection_with_malformed_ids_is_refused_and_changes_nothing(client, superuser):
    boss = hr_factories.employee()
    leave = Leave.objects.create(employee=hr_factories.employee(manager=boss), leave_type="SICK",
                                 start_date="2026-03-02", end_date="2026-03-02", days_requested=1)
    verified_login(client, superuser)
    response = client.post(reverse("admin:hr_leave_changelist"),
                           {"action": "hr_approve", "_selected_action": ["abc", str(leave.pk)]}, follow=True)
    assert "The selected rows were not understood; nothing was changed." in shown_messages(response)
    leave.refresh_from_db()
    assert leave.status == Leave.Status.PENDING
