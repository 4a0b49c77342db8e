"""Guest list rules: checked-out and cancelled visits are closed."""

import pytest

from guestlist import services
from tests.admin_toolkit.support import assert_closed_everywhere
from tests.guestlist import factories as guestlist_factories

pytestmark = pytest.mark.django_db

CLOSED = {
    "checked-out visit": lambda: services.guest_visit_check_out(
        visit=services.guest_visit_check_in(visit=guestlist_factories.guest_visit())),
    "cancelled visit": lambda: services.guest_visit_cancel(visit=guestlist_factories.guest_visit()),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_visits_are_read_only_and_undeletable(client, group_user, kind):
    client.force_login(group_user("Guest list"))
    assert_closed_everywhere(client, CLOSED[kind]())
