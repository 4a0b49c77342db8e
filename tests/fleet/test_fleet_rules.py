"""Fleet rules: delivered and cancelled transport jobs are closed."""

import pytest

from fleet.services import transport_job_assign, transport_job_cancel, transport_job_deliver, transport_job_start
from tests.admin_toolkit.support import assert_closed_everywhere
from tests.fleet import factories as fleet_factories
from tests.support import verified_login

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
    verified_login(client, group_user("Fleet"))
    assert_closed_everywhere(client, CLOSED[kind]())


def test_rule_vehicle_numbers_are_unique_whatever_the_case(client, group_user):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from fleet.models import Vehicle
    from tests.admin_toolkit.support import assert_rule_through_the_admin

    fleet_factories.vehicle(vehicle_number="MH12AB0001")
    verified_login(client, group_user("Fleet"))
    form = {"vehicle_type": "truck", "driver_name": "Ravi"}
    assert_rule_through_the_admin(client, "/admin/fleet/vehicle/add/", form, model=Vehicle,
                                  breaking={"vehicle_number": "mh12ab0001"}, corrected={"vehicle_number": "MH12AB0002"},
                                  message="Another vehicle already has this number.")
    with pytest.raises(ValidationError, match="Another vehicle already has this number."):
        Vehicle(vehicle_number="Mh12Ab0001", vehicle_type="van", driver_name="X").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vehicle.objects.create(vehicle_number="mH12aB0001", vehicle_type="van", driver_name="X")
