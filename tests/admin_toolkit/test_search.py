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


# ---------------------------------------------------------------- the big tables search through keys
#
# Attendance and payments grow without end. Their search finds a row through its employee or order
# (erp/admin_toolkit/changelist.py, KeySearch): the matching employees or orders are read from their
# own small table first, then the big table is filtered by those keys (`employee_id IN (...)`), each
# branch of the OR on an index. An OR with a condition on a joined table read every row (15 s at 1M).


@pytest.fixture
def people_and_payments(db):
    from decimal import Decimal

    from sales.services import sales_transaction_record_payment
    from tests.sales import factories as sales_factories

    worker = hr_factories.employee(employee_id="E-7001", first_name="Ishaan", last_name="Vakharia")
    other = hr_factories.employee(employee_id="E-7002", first_name="Ishaan", last_name="Rao")
    days = [hr_services.attendance_record(employee=person, date=dt.date(2026, 3, day))
            for person in (worker, other) for day in (2, 3)]
    order = sales_factories.sales_order(customer_name="Zarina Pestonji", confirmed=True)
    sales_factories.sales_order(customer_name="Zarina Irani", confirmed=True)
    payment = sales_transaction_record_payment(sales_order=order, amount=Decimal("100"), payment_method="cash")
    return {"attendance": days[:2], "others": days[2:], "payment": payment, "order": order}


def _search(client, model, term):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": term})
    assert response.status_code == 200
    table = connection.ops.quote_name(model._meta.db_table)
    big_table = [q["sql"] for q in captured.captured_queries if f"FROM {table}" in q["sql"]]
    return set(response.context["cl"].queryset.values_list("pk", flat=True)), big_table, len(captured)


def _assert_found_by_key(big_table, queries, table, key_column, related_table):
    """The big table's queries (count and page) read it alone, matched by `key_column IN (...)`: no join to
    `related_table`, whose rows were looked up first; the page within the query budget."""
    from django.db import connection

    qn = connection.ops.quote_name
    assert len(big_table) >= 2, big_table
    for sql in big_table:
        assert "JOIN" not in sql and qn(related_table) not in sql, sql
    assert any(f"{qn(table)}.{qn(key_column)} IN (" in sql for sql in big_table), big_table
    assert queries <= 8


@pytest.mark.parametrize("term", ["Vakharia", "vakh", "E-7001", "e-7001", "Ishaan Vakharia"])
def test_attendance_found_through_its_employee_by_key(people_and_payments, superuser_client, term):
    from hr.models import Attendance

    found, big_table, queries = _search(superuser_client, Attendance, term)
    assert {day.pk for day in people_and_payments["attendance"]} <= found, term
    assert not {day.pk for day in people_and_payments["others"]} & found, term
    # The count and the page: one table, the employees matched by key; the employees were read before.
    _assert_found_by_key(big_table, queries, "attendance", "employee_id", "employees")


@pytest.mark.parametrize("term", ["SO", "Zarina Pestonji", "zarina pest"])
def test_payment_found_through_its_order_by_key(people_and_payments, superuser_client, term):
    from sales.models import SalesTransaction

    if term == "SO":
        term = people_and_payments["order"].order_number
    found, big_table, queries = _search(superuser_client, SalesTransaction, term)
    assert found == {people_and_payments["payment"].pk}, term
    _assert_found_by_key(big_table, queries, "sales_transaction", "sales_order_id", "sales_order")


def test_key_search_past_the_cap_is_still_right(people_and_payments, superuser_client, monkeypatch):
    """More related rows than fit a list of keys: a subquery instead (right, if no longer cheap)."""
    from erp.admin_toolkit.changelist import KeySearch
    from hr.models import Attendance

    monkeypatch.setattr(KeySearch, "key_cap", 0)
    found, big_table, _ = _search(superuser_client, Attendance, "Vakharia")
    assert {day.pk for day in people_and_payments["attendance"]} == found
    assert any("SELECT" in sql.split("IN (", 1)[-1] for sql in big_table), big_table


# A term of several words is written as one OR branch per way of matching its words (KeySearch._by_word_sets):
# the rows a word matches by the recorded name, the others by the keys all of them found. The same rows as
# Django's own search (each word may match a different field, through a join), in the tests below.

MULTI_WORD = ["Ishaan Vakharia", "Vakharia Ishaan", "ish vakh", "VAKH ISH", "Ishaan Rao", "Ishaan Ishaan",
              "Ish Ishaan", "E-7001 Ishaan", "Ishaan Rao Vakharia", "Meera Vakharia", "Vakharia Meera", "Shah Ishaan"]


@pytest.fixture
def renamed(people_and_payments):
    """A row recorded under another name than its employee's (renamed since): its words match both."""
    from hr.models import Attendance

    day = people_and_payments["attendance"][1]
    Attendance.objects.filter(pk=day.pk).update(name="Meera Shah")
    return people_and_payments


@pytest.mark.parametrize("term", MULTI_WORD)
def test_words_found_as_django_finds_them(renamed, superuser_client, rf, term):
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    from hr.models import Attendance

    found, _, queries = _search(superuser_client, Attendance, term)
    request = rf.get("/")
    model_admin = admin.site._registry[Attendance]
    django_qs, _ = ModelAdmin.get_search_results(model_admin, request, Attendance.objects.all(), term)  # a join
    assert found == set(django_qs.values_list("pk", flat=True)), term
    assert queries <= 8


@pytest.mark.parametrize("term", ["Ishaan Vakharia", "Vakharia Ishaan", "ish vakh", "vakharia", "ishaan vakharia"])
def test_a_person_found_by_first_and_last_name_in_any_order(people_and_payments, superuser_client, term):
    from hr.models import Attendance

    found, _, _ = _search(superuser_client, Attendance, term)
    assert {day.pk for day in people_and_payments["attendance"]} <= found, term
    assert not {day.pk for day in people_and_payments["others"]} & found, term
