"""Gate: entries and exits alternate, blocked people are refused and logged, daily sessions, outings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gate import services
from gate.models import GateEntryLog, GateEntrySession, GateUser, GoingOutLog
from tests.admin_toolkit.support import post_action, shown_messages
from tests.gate import factories as gate_factories
from tests.support import run_at_once, verified_login

pytestmark = pytest.mark.django_db
MORNING = timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))


def test_entry_and_exit_alternate_and_keep_the_days_session():
    person = gate_factories.gate_user()
    with pytest.raises(ValidationError, match="not inside"):
        services.gate_exit_record(user=person, at=MORNING)
    entry = services.gate_entry_record(user=person, at=MORNING)
    assert (entry.action, entry.status, entry.user_phone) == ("entry", "completed", person.phone)
    with pytest.raises(ValidationError, match="already inside"):
        services.gate_entry_record(user=person, at=MORNING + dt.timedelta(hours=1))
    session = GateEntrySession.objects.get(user=person)
    assert (session.status, session.entry_time, session.exit_time) == ("inside", MORNING, None)

    services.gate_exit_record(user=person, at=MORNING + dt.timedelta(hours=4))
    services.gate_entry_record(user=person, at=MORNING + dt.timedelta(hours=5))
    services.gate_exit_record(user=person, at=MORNING + dt.timedelta(hours=9))
    person.refresh_from_db()
    assert person.last_entry == MORNING + dt.timedelta(hours=5)
    assert person.last_exit == MORNING + dt.timedelta(hours=9)
    session = GateEntrySession.objects.get(user=person)  # still one for the day
    assert (session.status, session.entry_time, session.exit_time) == (
        "exited", MORNING, MORNING + dt.timedelta(hours=9))
    with pytest.raises(ValidationError, match="not inside"):
        services.gate_exit_record(user=person, at=MORNING + dt.timedelta(hours=10))
    with pytest.raises(ValidationError, match="before the last recorded passage"):
        services.gate_entry_record(user=person, at=MORNING)
    assert GateEntryLog.objects.filter(user=person).count() == 4


def test_blocked_person_is_refused_with_a_logged_attempt_and_nothing_else():
    person = gate_factories.gate_user(status=GateUser.Status.BLOCKED)
    log = services.gate_entry_record(user=person, at=MORNING)
    assert (log.status, log.action) == ("blocked", "entry")
    person.refresh_from_db()
    assert person.last_entry is None
    assert not GateEntrySession.objects.exists()
    # The refused attempt does not count as being inside.
    person.status = GateUser.Status.ACTIVE
    person.save()
    with pytest.raises(ValidationError, match="not inside"):
        services.gate_exit_record(user=person, at=MORNING)
    inactive = gate_factories.gate_user(status=GateUser.Status.INACTIVE)
    with pytest.raises(ValidationError, match="inactive"):
        services.gate_entry_record(user=inactive)


def test_going_out_and_coming_back_with_duration():
    person = gate_factories.gate_user()
    outing = services.going_out_start(user=person, reason_type="Bank", at=MORNING)
    with pytest.raises(ValidationError, match="already out"):
        services.going_out_start(user=person, reason_type="Lunch", at=MORNING)
    with pytest.raises(ValidationError, match="before going out"):
        services.going_out_return(outing=outing, at=MORNING - dt.timedelta(minutes=1))
    outing = services.going_out_return(outing=outing, at=MORNING + dt.timedelta(minutes=42, seconds=30))
    assert (outing.status, outing.duration_minutes) == ("returned", Decimal("42.5"))
    with pytest.raises(ValidationError, match="it is Returned"):
        services.going_out_return(outing=outing)
    assert services.going_out_start(user=person, reason_type="Lunch").status == "out"
    with pytest.raises(ValidationError, match="blocked"):
        services.going_out_start(user=gate_factories.gate_user(status=GateUser.Status.BLOCKED), reason_type="Lunch")


@pytest.mark.parametrize("user_kind", ["superuser", "module group"])
def test_gate_guard_records_passages_in_the_admin(client, user_kind, superuser, group_user):
    guard = superuser if user_kind == "superuser" else group_user("Gate")
    verified_login(client, guard)
    person = gate_factories.gate_user()
    blocked = gate_factories.gate_user(name="Barred", status=GateUser.Status.BLOCKED)
    users = reverse("admin:gate_gateuser_changelist")
    response = post_action(client, users, "record_exit", [person])
    assert any("not inside" in m for m in shown_messages(response))
    response = post_action(client, users, "record_entry", [person, blocked])
    shown = shown_messages(response)
    assert "1 gate user recorded as entering." in shown
    assert any(m.startswith(f"{blocked}: Entry refused: Barred is blocked") for m in shown)
    assert GateEntryLog.objects.filter(user=blocked, status="blocked").count() == 1

    add = reverse("admin:gate_gateentrylog_add")
    response = client.post(add, {"user": person.pk, "action": "entry", "method": "manual", "details": ""})
    assert response.status_code == 200 and "already inside" in response.content.decode()
    response = client.post(add, {"user": person.pk, "action": "exit", "method": "manual", "details": ""})
    assert response.status_code == 302
    response = client.post(add, {"user": blocked.pk, "action": "entry", "method": "manual"}, follow=True)
    assert any("is blocked" in m for m in shown_messages(response))
    response = client.post(add, {"user": "abc", "action": "sideways", "method": "manual"})
    assert response.status_code == 200
    assert GateEntryLog.objects.filter(user=blocked, status="blocked").count() == 2
    assert list(GateEntryLog.objects.filter(user=person, status="completed")
                .order_by("id").values_list("action", flat=True)) == ["entry", "exit"]
    assert GateEntrySession.objects.get(user=person).status == "exited"


def test_going_out_form_and_return_action_in_the_admin(client, group_user):
    verified_login(client, group_user("Gate"))
    person = gate_factories.gate_user()
    add = reverse("admin:gate_goingoutlog_add")
    response = client.post(add, {"user": person.pk, "reason_type": "Medical", "reason_details": "clinic"})
    assert response.status_code == 302
    response = client.post(add, {"user": person.pk, "reason_type": "Lunch"})
    assert response.status_code == 200 and "already out" in response.content.decode()
    outing = GoingOutLog.objects.get()
    changelist = reverse("admin:gate_goingoutlog_changelist")
    response = post_action(client, changelist, "coming_back", [outing])
    assert "1 going-out log marked as returned." in shown_messages(response)
    response = post_action(client, changelist, "coming_back", [outing])
    assert any("it is Returned" in m for m in shown_messages(response))
    outing.refresh_from_db()
    assert outing.status == "returned" and outing.duration_minutes is not None


def test_a_log_is_read_only_once_written(client, superuser):
    verified_login(client, superuser)
    log = services.gate_entry_record(user=gate_factories.gate_user(), at=MORNING)
    change = reverse("admin:gate_gateentrylog_change", args=[log.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"action": "exit", "user_name": "Someone else", "status": "blocked"})
    assert response.status_code == 403  # closed: read-only for everyone (erp.core.lifecycle)
    log.refresh_from_db()
    assert (log.action, log.status, log.user_name) == ("entry", "completed", log.user.name)


@pytest.mark.django_db(transaction=True)
def test_two_guards_recording_the_same_entry_at_once_store_one(mysql_only):
    person = gate_factories.gate_user()
    results = run_at_once(lambda: services.gate_entry_record(user=person),
                            lambda: services.gate_entry_record(user=person))
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and "already inside" in refused[0].messages[0], results
    assert GateEntryLog.objects.filter(user=person).count() == 1
    assert GateEntrySession.objects.filter(user=person).count() == 1
