"""Fleet rows for tests: vehicles, drivers, and transport jobs through the fleet services."""

import itertools
from decimal import Decimal

from dispatch.models import DispatchRequest
from fleet.models import TransportJob, Vehicle
from fleet.services import transport_job_create
from hr.models import Employee
from tests.dispatch import factories as dispatch_factories
from tests.hr import factories as hr_factories

_sequence = itertools.count(1)


def driver(**fields) -> Employee:
    """An employee of the logistics department, as fleet assigns them to jobs."""
    n = next(_sequence)
    values = {"employee_id": f"DRV{n:04d}", "first_name": "Ramesh", "last_name": f"Pawar{n}",
              "email": f"driver{n}@example.com", "department": "Logistics", "designation": "Driver",
              "salary_type": None, "salary": Decimal("25000.00")}
    values.update(fields)
    return hr_factories.employee(**values)


def vehicle(**fields) -> Vehicle:
    n = next(_sequence)
    values = {"vehicle_number": f"MH12AB{n:04d}", "vehicle_type": "truck", "driver_name": "Ramesh Pawar"}
    values.update(fields)
    return Vehicle.objects.create(**values)


def transport_job(*, dispatch: DispatchRequest | None = None, **fields) -> TransportJob:
    return transport_job_create(
        dispatch_request=dispatch or dispatch_factories.dispatch_request(delivery_type="transport"), **fields
    )
