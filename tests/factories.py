"""Factories for showroom, sales, dispatch and fleet tests: plain functions that build valid rows,
going through the services wherever a workflow creates the row in real life."""

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group, User

from dispatch.models import DispatchRequest
from dispatch.services import dispatch_request_create
from fleet.models import TransportJob, Vehicle
from fleet.services import transport_job_create
from hr.models import Employee
from sales.models import SalesOrder
from sales.services import sales_order_confirm, sales_order_create
from showroom.models import ShowroomProduct

_sequence = itertools.count(1)


def product(**fields) -> ShowroomProduct:
    values = {
        "name": f"Power Tiller T-{next(_sequence)}",
        "category": "tiller",
        "cost_price": Decimal("80000.00"),
        "sale_price": Decimal("100000.00"),
        "quantity": 1,
    }
    values.update(fields)
    return ShowroomProduct.objects.create(**values)


def sales_order(*, showroom_product: ShowroomProduct | None = None, confirmed: bool = False, **fields) -> SalesOrder:
    """A pending order through sales_order_create (confirmed when asked)."""
    values = {
        "customer_name": "Asha Kulkarni",
        "customer_contact": "9800000001",
        "customer_address": "12 Station Road, Pune",
        "sales_person": "Kabir Khan",
        "payment_method": "cash",
    }
    values.update(fields)
    order = sales_order_create(showroom_product=showroom_product or product(), **values)
    if confirmed:
        order = sales_order_confirm(sales_order=order)
    return order


def dispatch_request(*, delivery_type: str = "transport", order: SalesOrder | None = None, **fields) -> DispatchRequest:
    return dispatch_request_create(
        sales_order=order or sales_order(confirmed=True), delivery_type=delivery_type, **fields
    )


def employee(**fields) -> Employee:
    n = next(_sequence)
    values = {
        "employee_id": f"DRV{n:04d}",
        "first_name": "Ramesh",
        "last_name": f"Pawar{n}",
        "email": f"driver{n}@example.com",
        "department": "Logistics",
        "designation": "Driver",
        "joining_date": date(2024, 1, 1),
        "salary": Decimal("25000.00"),
    }
    values.update(fields)
    return Employee.objects.create(**values)


def vehicle(**fields) -> Vehicle:
    n = next(_sequence)
    values = {"vehicle_number": f"MH12AB{n:04d}", "vehicle_type": "truck", "driver_name": "Ramesh Pawar"}
    values.update(fields)
    return Vehicle.objects.create(**values)


def transport_job(*, dispatch: DispatchRequest | None = None, **fields) -> TransportJob:
    return transport_job_create(dispatch_request=dispatch or dispatch_request(delivery_type="transport"), **fields)


def module_clerk(*group_names: str) -> User:
    """A staff user who is only a member of the given module groups (created by erp's bootstrap migration)."""
    user = User.objects.create_user(f"clerk-{next(_sequence)}", password=None, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=group_names))
    assert user.groups.count() == len(group_names), "module groups missing"
    return user


def superuser() -> User:
    return User.objects.create_superuser(f"root-{next(_sequence)}", "root@example.com", password=None)
