"""Guest list rules: checked-out and cancelled visits are closed."""

import pytest

from guestlist import services
from tests.admin_toolkit.support import assert_closed_everywhere, assert_database_keeps_closed_state
from tests.guestlist import factories as guestlist_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db

CLOSED = {
    "checked-out visit": lambda: services.guest_visit_check_out(
        visit=services.guest_visit_check_in(visit=guestlist_factories.guest_visit())),
    "cancelled visit": lambda: services.guest_visit_cancel(visit=guestlist_factories.guest_visit()),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_visits_are_read_only_and_undeletable(client, group_user, kind):
    verified_login(client, group_user("Guest list"))
    assert_closed_everywhere(client, CLOSED[kind]())


def test_rule_visits_are_scheduled_within_the_coming_year(client, group_user):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from guestlist.models import GuestVisit
    from tests.admin_toolkit.support import assert_rule_through_the_admin

    verified_login(client, group_user("Guest list"))
    today = timezone.localdate()
    form = {"guest_name": "Asha", "meeting_person": "Plant manager", "purpose": "Audit"}
    assert_rule_through_the_admin(client, "/admin/guestlist/guestvisit/add/", form, model=GuestVisit,
                                  breaking={"visit_date": (today + dt.timedelta(days=400)).isoformat()},
                                  corrected={"visit_date": (today + dt.timedelta(days=30)).isoformat()},
                                  message="The visit date must be on or before")
    with pytest.raises(ValidationError, match="cannot be scheduled in the past"):
        services.guest_visit_schedule(guest_name="X", meeting_person="Y", purpose="Z",
                                      visit_date=today - dt.timedelta(days=1))


def checked_in():
    return services.guest_visit_check_in(visit=guestlist_factories.guest_visit())


DATABASE_KEEPS = {
    "checked-in visit without its time": (
        checked_in, {"in_time": None}, "A guest who checked in needs the check-in time."),
    "checked-out visit without its time": (
        lambda: services.guest_visit_check_out(visit=checked_in()), {"out_time": None},
        "A guest who checked out needs the check-out time."),
}


@pytest.mark.parametrize("kind", DATABASE_KEEPS)
def test_rule_the_database_keeps_visit_times(kind):
    make, breaking, message = DATABASE_KEEPS[kind]
    visit = make()
    corrected = {name: getattr(visit, name) for name in breaking}
    assert_database_keeps_closed_state(visit, breaking=breaking, corrected=corrected, message=message)
