"""The changelists of the ever-growing tables run a fixed, small number of queries and count cheaply."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from erp.admin_toolkit.changelist import LargeTablePaginator
from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from gate.models import GateEntryLog
from hr.models import Attendance
from sales.models import SalesTransaction

UNTIL = date(2026, 3, 14)
MAX_QUERIES = 8


@pytest.fixture
def demo(db):
    """A small but complete demo data set (about 600 rows in each large table)."""
    Seeder(plan=Plan.for_scale(600, UNTIL), seed=7).run()


def scenarios():
    """(model, query string) for first page, a later page, a filter and a search of each large table."""
    return [
        (Attendance, ""), (Attendance, "p=3"), (Attendance, "status__exact=LATE"),
        (Attendance, "date__gte=2026-03-01&date__lt=2026-03-15"), (Attendance, "q=Priya"),
        (Attendance, "q=Priya+Sharma"),
        (GateEntryLog, ""), (GateEntryLog, "p=3"), (GateEntryLog, "action__exact=exit"),
        (GateEntryLog, "status__exact=blocked"), (GateEntryLog, "q=8000000001"),
        (SalesTransaction, ""), (SalesTransaction, "p=3"), (SalesTransaction, "payment_method__exact=upi"),
        (SalesTransaction, "transaction_type__exact=payment"), (SalesTransaction, "q=RCPT-00000001-1"),
        (SalesTransaction, "q=SO-00000001"),
    ]


def changelist_url(model, query):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{query}" if query else url


@pytest.mark.parametrize("model,query", scenarios(), ids=lambda v: getattr(v, "__name__", v) or "first")
def test_changelist_queries_fixed_whatever_the_page_size(demo, superuser_client, model, query,
                                                         django_assert_max_num_queries, monkeypatch):
    model_admin = admin.site._registry[model]
    counts = {}
    for per_page in (10, 100):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = superuser_client.get(changelist_url(model, query))
        assert response.status_code == 200, response.status_code
        cl = response.context["cl"]
        assert len(cl.result_list) > 0 or "q=" in query or "blocked" in query
        counts[per_page] = len(captured)
    assert counts[10] == counts[100], counts


def test_search_finds_by_prefix_and_exact_reference(demo, superuser_client):
    employee_name = Attendance.objects.values_list("name", flat=True).first()
    response = superuser_client.get(changelist_url(Attendance, f"q={employee_name.split()[0]}"))
    assert response.context["cl"].result_count > 0
    reference = SalesTransaction.objects.values_list("reference_number", flat=True).first()
    response = superuser_client.get(changelist_url(SalesTransaction, f"q={reference}"))
    assert [t.reference_number for t in response.context["cl"].result_list] == [reference]
    # Prefix, not contains: the middle of a reference finds nothing.
    response = superuser_client.get(changelist_url(SalesTransaction, f"q={reference[3:]}"))
    assert response.context["cl"].result_count == 0


def test_filtered_count_is_capped_and_shown_as_lower_bound(demo, superuser_client, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "count_cap", 50)
    response = superuser_client.get(changelist_url(GateEntryLog, "action__exact=entry"))
    assert response.context["cl"].result_count == 50
    assert "50+" in response.content.decode()
    # A page past the capped count still answers (rows exist beyond the cap).
    monkeypatch.setattr(admin.site._registry[GateEntryLog], "list_per_page", 10)
    response = superuser_client.get(changelist_url(GateEntryLog, "action__exact=entry&p=7"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 10


def test_deep_pages_read_keys_first_and_show_the_same_rows(demo, superuser_client, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "deferred_join_offset", 0)
    monkeypatch.setattr(admin.site._registry[Attendance], "list_per_page", 25)
    response = superuser_client.get(changelist_url(Attendance, "p=4"))
    shown = [a.pk for a in response.context["cl"].result_list]
    expected = list(Attendance.objects.order_by("-date", "-id").values_list("pk", flat=True)[75:100])
    assert shown == expected


def test_unfiltered_count_is_the_servers_estimate_on_mysql(demo, superuser_client, monkeypatch, mysql_only):
    monkeypatch.setattr(LargeTablePaginator, "exact_count_below", 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT TABLE_ROWS FROM information_schema.TABLES "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sales_transaction'")
        estimate = cursor.fetchone()[0]
    response = superuser_client.get(changelist_url(SalesTransaction, ""))
    assert response.context["cl"].result_count == estimate
    assert f"about {estimate:,}" in response.content.decode()


def test_unfiltered_count_is_exact_where_there_is_no_estimate(demo, superuser_client):
    response = superuser_client.get(changelist_url(SalesTransaction, ""))
    if connection.vendor == "sqlite":
        assert response.context["cl"].result_count == SalesTransaction.objects.count()
    # Small tables are counted exactly on every backend.
    assert "about" not in str(response.context["cl"].result_count)


@override_settings(ERP_ADMIN_TUNING=False)
def test_tuning_off_gives_djangos_defaults(demo, superuser_client):
    infix = Attendance.objects.values_list("name", flat=True).first()[2:6]
    response = superuser_client.get(changelist_url(Attendance, f"q={infix}"))  # contains-search
    cl = response.context["cl"]
    assert cl.date_hierarchy == "date"
    assert cl.show_full_result_count is True
    assert cl.result_count == Attendance.objects.filter(name__icontains=infix).count() > 0
    page = superuser_client.get(reverse("admin:hr_attendance_add")).content.decode()
    assert 'class="vForeignKeyRawIdAdminField"' not in page
    assert '<select name="employee"' in page  # Django's default: a drop-down of the whole table


def test_tuning_on_has_no_drill_down_and_search_widgets(demo, superuser_client):
    response = superuser_client.get(changelist_url(Attendance, ""))
    assert response.context["cl"].date_hierarchy is None
    page = superuser_client.get(reverse("admin:hr_attendance_add")).content.decode()
    # The employee is searched for (autocomplete), not listed: the form holds no option per employee.
    employee_select = re.search(r'<select name="employee".*?</select>', page, re.S).group(0)
    assert "admin-autocomplete" in employee_select and employee_select.count("<option") <= 1


@pytest.mark.parametrize("model", [Attendance, GateEntryLog, SalesTransaction], ids=lambda m: m.__name__)
def test_page_query_reads_one_table_and_related_rows_by_key(demo, superuser_client, model):
    """A join lets MySQL start from the small parent table and sort the whole large one."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        superuser_client.get(changelist_url(model, ""))
    table = connection.ops.quote_name(model._meta.db_table)
    page_queries = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and f"FROM {table}" in q["sql"]]
    assert page_queries
    assert not any("JOIN" in sql for sql in page_queries), page_queries


@pytest.mark.parametrize("model", [Attendance, GateEntryLog, SalesTransaction], ids=lambda m: m.__name__)
def test_rows_render_as_with_djangos_defaults(demo, superuser_client, model):
    """The cheap row checkbox and change links give the very HTML Django's widget and reverse() give."""
    import re

    def rows(page: str) -> list[str]:
        return re.findall(r'<tr>.*?</tr>', page[page.index('id="result_list"'):], re.S)

    tuned = superuser_client.get(changelist_url(model, "")).content.decode()
    with override_settings(ERP_ADMIN_TUNING=False):
        default = superuser_client.get(changelist_url(model, "")).content.decode()
    if model is Attendance:  # has actions, so a checkbox on each row
        assert 'class="action-select"' in tuned
    assert rows(tuned) and rows(tuned) == rows(default)


def test_module_changelists_show_fifty_rows_a_page(demo, superuser_client):
    response = superuser_client.get(changelist_url(Attendance, ""))
    assert len(response.context["cl"].result_list) == 50


def test_page_of_a_small_match_is_read_by_its_keys(demo, superuser_client):
    """Below the count cap the count read the matching keys: the page sorts those rows, read by primary key,
    rather than MariaDB walking the ordering index until it has a page (a name matches 1 row in 1,000)."""
    from django.test.utils import CaptureQueriesContext

    name = Attendance.objects.values_list("name", flat=True).first()
    with CaptureQueriesContext(connection) as captured:
        response = superuser_client.get(changelist_url(Attendance, f"q={name}"))
    expected = set(Attendance.objects.filter(name__istartswith=name.split()[0]).values_list("pk", flat=True))
    assert {row.pk for row in response.context["cl"].result_list} <= expected
    assert response.context["cl"].result_count.kind == "exact"
    table = connection.ops.quote_name("attendance")
    page = [q["sql"] for q in captured if q["sql"].startswith(f"SELECT {table}.{connection.ops.quote_name('id')}, ")]
    assert len(page) == 1 and f"{table}.{connection.ops.quote_name('id')} IN (" in page[0], page
