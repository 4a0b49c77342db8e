"""Search finds what each list shows: numbers, names and employee numbers through their relations."""

import datetime as dt

import pytest
from django.urls import reverse

from guestlist.models import GuestVisit
from hr import services as hr_services
from tests.dispatch import factories as dispatch_factories
from tests.fleet import factories as fleet_factories
from tests.hr import factories as hr_factories

pytestmark = pytest.mark.django_db


def attendance():
    worker = hr_factories.employee(employee_id="E-4242")
    return hr_services.attendance_record(employee=worker, date=dt.date(2026, 3, 2)), "E-4242"


def transport_job():
    job = fleet_factories.transport_job()
    job.driver = fleet_factories.driver(first_name="Zubin")
    job.save()
    return job, "Zubin"


def dispatch_by_product():
    dispatch = dispatch_factories.dispatch_request()
    return dispatch, dispatch.showroom_product.name


def visit_by_company():
    return GuestVisit.objects.create(guest_name="Asha", meeting_person="Plant manager", purpose="Audit",
                                     visit_date=dt.date(2026, 3, 2), guest_company="Zenith Tractors"), "Zenith"


def order_by_product():
    dispatch = dispatch_factories.dispatch_request()
    return dispatch.sales_order, dispatch.showroom_product.name


SHOWN = {
    "attendance by employee number": attendance,
    "transport job by driver": transport_job,
    "dispatch by product": dispatch_by_product,
    "guest visit by company": visit_by_company,
    "sales order by product": order_by_product,
}


@pytest.mark.parametrize("case", SHOWN)
def test_search_finds_what_the_list_shows(superuser_client, case):
    row, term = SHOWN[case]()
    opts = type(row)._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": term})
    assert row.pk in [obj.pk for obj in response.context["cl"].result_list], case
