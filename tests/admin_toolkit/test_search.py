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


# ---------------------------------------------------------------- every list, every shown text column
#
# Each module list is searched by each value it shows as text (names, numbers, codes, phones; a related
# record by the values it is named by), and must find the row. Columns that are not text are served by
# the list's filters and date drill-down instead: a status or other choice, a date or time, an amount or
# count, a yes/no. A new text column without a search that finds it fails here.

MODULE_APPS = {"showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"}


def _named_by(obj) -> list[str]:
    """The values a related record is known by, as people type them."""
    from dispatch.models import DispatchRequest
    from hr.models import Employee
    from sales.models import SalesOrder

    if isinstance(obj, Employee):
        return [obj.employee_id, obj.first_name, obj.last_name]
    if isinstance(obj, SalesOrder):
        return [obj.order_number, obj.customer_name]
    if isinstance(obj, DispatchRequest):
        return [obj.party_name] + ([obj.sales_order.order_number] if obj.sales_order_id else [])
    if hasattr(obj, "get_username"):
        return [obj.get_username()]
    for name in ("vehicle_number", "po_number", "title", "name", "applicant_name", "guest_name"):
        if getattr(obj, name, None):
            return [getattr(obj, name)]
    raise AssertionError(f"no known way to name a {type(obj).__name__} in a search")


def _terms(model_admin, row, column) -> list[str] | str:
    """The search terms a column's value gives, or why the column is not searched (a string)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    model = model_admin.model
    if column == "vehicle_shown":  # fleet: the fleet vehicle, or the legacy number typed on the job
        return [row.vehicle.vehicle_number] if row.vehicle_id else ([row.vehicle_no] if row.vehicle_no else [])
    name = getattr(column, "field_name", column)  # erp.admin_toolkit.display.coded(...) columns
    try:
        field = model._meta.get_field(name)
    except (FieldDoesNotExist, TypeError):
        return "computed"
    if field.primary_key:
        return "the row's id"
    if field.choices:
        return "a choice: the list filter"
    if isinstance(field, (models.DateField, models.TimeField)):
        return "a date or time: the filter or date drill-down"
    if isinstance(field, (models.DecimalField, models.IntegerField, models.FloatField, models.BooleanField)):
        return "a number or yes/no"
    if field.is_relation:
        related = getattr(row, field.name)
        return _named_by(related) if related is not None else []
    value = getattr(row, field.attname)
    return [value] if value else []


# Computed columns and what they show, for the record (not searched: derived from other columns).
COMPUTED = {"achieved", "achieved_percent"}


def test_every_list_finds_each_row_by_each_text_it_shows(every_list, superuser_client):
    from django.contrib import admin

    unsearched, missing = [], []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in MODULE_APPS:
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        row = model_admin.get_queryset(superuser_client.get(url).wsgi_request).order_by("-pk").first()
        if row is None:
            missing.append(opts.label)
            continue
        for column in model_admin.get_list_display(superuser_client.get(url).wsgi_request):
            if column == "__str__":
                continue
            terms = _terms(model_admin, row, column)
            if isinstance(terms, str):
                assert terms != "computed" or column in COMPUTED or callable(column) or hasattr(
                    model_admin, str(column)), (opts.label, column)
                continue
            for term in terms:
                response = superuser_client.get(url, {"q": str(term)})
                assert response.status_code == 200, (opts.label, column, term)
                if not response.context["cl"].queryset.filter(pk=row.pk).exists():  # on any page of the results
                    unsearched.append(f"{opts.label}.{column} = {term!r}")
    assert not missing, f"no row to search in {missing}"
    assert not unsearched, "the list shows these values but its search does not find the row:\n" + "\n".join(
        unsearched)
