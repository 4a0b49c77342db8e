"""Guest visits: scheduled, checked in on the day, checked out, or cancelled; reception's filters."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guestlist import services
from guestlist.models import GuestVisit
from tests.admin_toolkit.support import post_action, shown_messages
from tests.guestlist import factories as guestlist_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
S = GuestVisit.Status


def test_schedule_check_in_check_out():
    visit = services.guest_visit_schedule(guest_name="Lee", meeting_person="Ops", visit_date=timezone.localdate(),
                                          purpose="Audit", created_by="reception")
    with pytest.raises(ValidationError, match="it is Scheduled"):
        services.guest_visit_check_out(visit=visit)
    visit = services.guest_visit_check_in(visit=visit)
    assert visit.status == S.CHECKED_IN and visit.in_time is not None
    with pytest.raises(ValidationError, match="it is Checked in"):
        services.guest_visit_check_in(visit=visit)
    with pytest.raises(ValidationError, match="it is Checked in"):
        services.guest_visit_cancel(visit=visit)
    with pytest.raises(ValidationError, match="before the check-in"):
        services.guest_visit_check_out(visit=visit, at=visit.in_time - dt.timedelta(minutes=1))
    visit = services.guest_visit_check_out(visit=visit, at=visit.in_time + dt.timedelta(minutes=90))
    assert visit.status == S.CHECKED_OUT and visit.out_time - visit.in_time == dt.timedelta(minutes=90)


def test_check_in_only_on_the_visit_date_and_no_visits_in_the_past():
    tomorrow = services.guest_visit_schedule(guest_name="Kim", meeting_person="HR", purpose="Interview",
                                             visit_date=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="not today"):
        services.guest_visit_check_in(visit=tomorrow)
    tomorrow.refresh_from_db()
    assert tomorrow.status == S.SCHEDULED and tomorrow.in_time is None
    with pytest.raises(ValidationError, match="in the past"):
        services.guest_visit_schedule(guest_name="Old", meeting_person="HR", purpose="x",
                                      visit_date=timezone.localdate() - dt.timedelta(days=1))
    assert services.guest_visit_cancel(visit=tomorrow).status == S.CANCELLED
    with pytest.raises(ValidationError, match="it is Cancelled"):
        services.guest_visit_check_in(visit=tomorrow)


@pytest.mark.parametrize("user_kind", ["superuser", "module group"])
def test_reception_day_through_the_admin(client, user_kind, superuser, group_user):
    user = superuser if user_kind == "superuser" else group_user("Guest list")
    verified_login(client, user)
    today = timezone.localdate()
    response = client.post(reverse("admin:guestlist_guestvisit_add"), {
        "guest_name": "Nora", "meeting_person": "Plant manager", "visit_date": today.isoformat(),
        "purpose": "Quality audit"})
    assert response.status_code == 302
    visit = GuestVisit.objects.get(guest_name="Nora")
    assert (visit.status, visit.created_by) == (S.SCHEDULED, user.username)
    later = guestlist_factories.guest_visit(guest_name="Tomorrow", visit_date=today + dt.timedelta(days=1))
    changelist = reverse("admin:guestlist_guestvisit_changelist")

    expected = client.get(changelist, {"expected_today": "yes"})
    assert [v.pk for v in expected.context["cl"].result_list] == [visit.pk]

    response = post_action(client, changelist, "check_in", [visit, later])
    shown = shown_messages(response)
    assert "1 guest visit checked in." in shown
    assert any("not today" in m and "Tomorrow" in m for m in shown)
    on_site = client.get(changelist, {"on_site": "yes"})
    assert [v.pk for v in on_site.context["cl"].result_list] == [visit.pk]
    assert "(on site)" in on_site.content.decode()

    response = post_action(client, changelist, "cancel", [visit])
    assert any("it is Checked in" in m for m in shown_messages(response))
    response = post_action(client, changelist, "check_out", [visit])
    assert "1 guest visit checked out." in shown_messages(response)
    visit.refresh_from_db()
    later.refresh_from_db()
    assert visit.status == S.CHECKED_OUT and later.status == S.SCHEDULED


def test_admin_refuses_a_visit_in_the_past_on_the_form(client, group_user):
    verified_login(client, group_user("Guest list"))
    response = client.post(reverse("admin:guestlist_guestvisit_add"), {
        "guest_name": "Late", "meeting_person": "HR", "purpose": "x",
        "visit_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "in the past" in response.content.decode()
    response = client.post(reverse("admin:guestlist_guestvisit_add"), {"guest_name": "", "visit_date": "31/31/31"})
    assert response.status_code == 200
    assert not GuestVisit.objects.exists()


def test_change_page_of_a_finished_visit_opens_and_keeps_its_times(client, group_user):
    verified_login(client, group_user("Guest list"))
    visit = services.guest_visit_check_out(visit=services.guest_visit_check_in(visit=guestlist_factories.guest_visit()))
    change = reverse("admin:guestlist_guestvisit_change", args=[visit.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"guest_name": "Asha Guest", "meeting_person": "Plant manager",
                                    "visit_date": visit.visit_date.isoformat(), "purpose": "Audit",
                                    "status": "scheduled", "in_time": "", "out_time": ""})
    assert response.status_code == 403  # closed: read-only for everyone (erp.core.lifecycle)
    visit.refresh_from_db()
    assert visit.status == S.CHECKED_OUT and visit.purpose != "Audit" and visit.in_time and visit.out_time
