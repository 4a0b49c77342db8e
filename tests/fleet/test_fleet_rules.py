"""Fleet rules: delivered and cancelled transport jobs are closed."""

import pytest

from fleet.services import transport_job_assign, transport_job_cancel, transport_job_deliver, transport_job_start
from tests.admin_toolkit.support import assert_closed_everywhere
from tests.fleet import factories as fleet_factories

pytestmark = pytest.mark.django_db


def delivered_job():
    job = transport_job_assign(transport_job=fleet_factories.transport_job(), vehicle=fleet_factories.vehicle(),
                               driver=fleet_factories.driver())
    return transport_job_deliver(transport_job=transport_job_start(transport_job=job))


CLOSED = {
    "delivered transport job": delivered_job,
    "cancelled transport job": lambda: transport_job_cancel(transport_job=fleet_factories.transport_job()),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_transport_jobs_are_read_only_and_undeletable(client, group_user, kind):
    client.force_login(group_user("Fleet"))
    assert_closed_everywhere(client, CLOSED[kind]())
