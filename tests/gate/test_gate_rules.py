"""Gate rules: entry logs, going-out logs and sessions are written records (read-only, undeletable but by a
superuser); a correction is a new passage. Sessions follow from the logs and are never typed in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gate import services
from gate.models import GateEntrySession, GateUser
from tests.admin_toolkit.support import assert_closed_everywhere
from tests.gate import factories as gate_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
MORNING = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))

CLOSED = {
    "entry log": lambda: services.gate_entry_record(user=gate_factories.gate_user(), at=MORNING),
    "blocked attempt": lambda: services.gate_entry_record(
        user=gate_factories.gate_user(status=GateUser.Status.BLOCKED), at=MORNING),
    "going-out log, out": lambda: services.going_out_start(user=gate_factories.gate_user(), reason_type="Bank"),
    "going-out log, returned": lambda: services.going_out_return(
        outing=services.going_out_start(user=gate_factories.gate_user(), reason_type="Bank")),
    "gate session": lambda: GateEntrySession.objects.get(
        user=services.gate_entry_record(user=gate_factories.gate_user(), at=MORNING).user),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_written_gate_records_are_read_only_and_undeletable(client, group_user, kind):
    verified_login(client, group_user("Gate"))
    assert_closed_everywhere(client, CLOSED[kind]())


def test_no_session_is_typed_in_and_a_blocked_person_gets_none(client, group_user):
    verified_login(client, group_user("Gate"))
    blocked = gate_factories.gate_user(status=GateUser.Status.BLOCKED)
    assert client.get(reverse("admin:gate_gateentrysession_add")).status_code == 403
    response = client.post(reverse("admin:gate_gateentrysession_add"),
                           {"user": blocked.pk, "user_name": "x", "user_phone": "1", "date": "2026-03-02",
                            "status": "inside"})
    assert response.status_code == 403
    services.gate_entry_record(user=blocked, at=MORNING)
    assert not GateEntrySession.objects.filter(user=blocked).exists()


def test_rule_one_gate_user_per_phone_and_one_open_outing(client, group_user):
    from django.core.exceptions import ValidationError

    from tests.admin_toolkit.support import assert_rule_through_the_admin

    person = gate_factories.gate_user(phone="9000012345")
    verified_login(client, group_user("Gate"))
    assert_rule_through_the_admin(client, "/admin/gate/gateuser/add/", {"name": "Ravi", "status": "active"},
                                  model=GateUser, breaking={"phone": "9000012345"}, corrected={"phone": "9000012346"},
                                  message="Another gate user already has this phone number.")
    services.going_out_start(user=person, reason_type="Bank")
    with pytest.raises(ValidationError, match="is already out since"):
        services.going_out_start(user=person, reason_type="Lunch")
