"""Two clerks acting on the same row at the same moment: exactly one wins, the other is refused
(MariaDB: real concurrent connections and row locks; SQLite serialises writers)."""

import pytest
from django.core.exceptions import ValidationError

from dispatch.models import GatePass
from dispatch.services import gate_pass_issue, gate_pass_release, gate_pass_verify
from fleet.models import TransportJob
from fleet.services import transport_job_assign
from tests.dispatch import factories as dispatch_factories
from tests.fleet import factories as fleet_factories
from tests.support import run_at_once


def race(*calls) -> tuple[list, list[str]]:
    """Run the calls at once, each on its own connection; return (results, refusals)."""
    outcomes = run_at_once(*calls)
    unexpected = [repr(o) for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]
    assert unexpected == []
    refusals = [" ".join(o.messages) for o in outcomes if isinstance(o, ValidationError)]
    return [o for o in outcomes if not isinstance(o, Exception)], refusals


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_gate_pass_is_released_once_and_a_vehicle_goes_on_one_job(mysql_only):
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    gate_pass = gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=dispatch))
    results, refusals = race(lambda: gate_pass_release(gate_pass=gate_pass),
                             lambda: gate_pass_release(gate_pass=gate_pass))
    assert len(results) == 1
    assert refusals == [f"{gate_pass} cannot be released: it is released."]
    assert GatePass.objects.get(pk=gate_pass.pk).status == "released"

    vehicle = fleet_factories.vehicle()
    first, second = fleet_factories.transport_job(), fleet_factories.transport_job()
    drivers = fleet_factories.driver(), fleet_factories.driver()
    results, refusals = race(
        lambda: transport_job_assign(transport_job=first, vehicle=vehicle, driver=drivers[0]),
        lambda: transport_job_assign(transport_job=second, vehicle=vehicle, driver=drivers[1]),
    )
    assert len(results) == 1
    assert len(refusals) == 1 and "already on an open transport job" in refusals[0]
    assert TransportJob.objects.filter(vehicle=vehicle, status="assigned").count() == 1
