"""The landing page's charts (erp/admin_toolkit/charts.py): sales per month against targets, attendance this
week, visitors per day, purchase orders by status; each shown to the roles that see its module, drawn as
inline SVG, with a number of queries that does not grow with the tables.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from guestlist.models import GuestVisit
from hr.models import Attendance, Employee
from purchasing.models import PurchaseOrder
from sales.charts import month_starts
from sales.models import SalesOrder, SalesTarget
from showroom.models import ShowroomProduct
from tests.admin_toolkit.browser import chromium_page
from tests.support import verified_login

CHARTS = {"sales_per_month", "attendance_week", "visitors_per_day", "purchase_orders_by_status"}
# Session, user, permissions, the attention counts, one or two aggregates per chart: whatever the volume.
MAX_QUERIES = 20
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def demo(db):
    """The demo data set up to today (so this month, this week and this fortnight have rows)."""
    Seeder(plan=Plan.for_scale(600, timezone.localdate()), seed=11).run()


def charts(response) -> dict[str, dict]:
    return {chart["key"]: chart for chart in response.context["charts"]}


def figures(chart) -> dict[str, list[str]]:
    return {row["label"]: row["values"] for row in chart["rows"]}


def add_volume(today: dt.date) -> None:
    """Many more rows in every charted table, spread over the charts' periods (bulk, as a big site has them)."""
    product = ShowroomProduct.objects.first()
    moments = [timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=d), dt.time(10))) for d in range(150)]
    orders = SalesOrder.objects.bulk_create([
        SalesOrder(order_number=f"VOL-{i}", customer_name="Volume", showroom_product=product, unit_price=Decimal(100),
                   total_amount=Decimal(100), final_amount=Decimal(100), payment_method="cash", sales_person="V",
                   order_status="confirmed")
        for i in range(3000)])
    for i, order in enumerate(orders):
        order.created_at = moments[i % len(moments)]
    SalesOrder.objects.bulk_update(orders, ["created_at"], batch_size=500)
    came = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    GuestVisit.objects.bulk_create([
        GuestVisit(guest_name=f"V{i}", meeting_person="HR", visit_date=today - dt.timedelta(days=i % 14),
                   purpose="volume", status="checked_out" if i % 2 else "scheduled",
                   in_time=came if i % 2 else None, out_time=came + dt.timedelta(hours=1) if i % 2 else None)
        for i in range(3000)])
    PurchaseOrder.objects.bulk_create([
        PurchaseOrder(po_number=f"PO-VOL-{i}", supplier_name="S", status=["pending", "ordered", "received"][i % 3])
        for i in range(3000)])
    employees = Employee.objects.bulk_create([
        Employee(employee_id=f"VOL{i}", first_name="V", last_name=str(i), email=f"v{i}@example.com",
                 department="Production", designation="Operator", joining_date=dt.date(2024, 1, 1),
                 salary=Decimal("20000.00"))
        for i in range(400)])
    monday = today - dt.timedelta(days=today.weekday())
    Attendance.objects.bulk_create([
        Attendance(employee=employee, date=monday + dt.timedelta(days=d), status="PRESENT")
        for employee in employees for d in range(today.weekday() + 1)])


def test_queries_stay_the_same_as_the_tables_grow(client, demo, superuser):
    verified_login(client, superuser)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as before:
        first = client.get(reverse("admin:index"))
    assert set(charts(first)) == CHARTS
    add_volume(today)
    with CaptureQueriesContext(connection) as after:
        second = client.get(reverse("admin:index"))
    assert len(after) == len(before) <= MAX_QUERIES, [q["sql"] for q in after.captured_queries]
    # The added rows are in the figures: the same queries, more rows read.
    po_before = figures(charts(first)["purchase_orders_by_status"])["Received"][0]
    po_after = figures(charts(second)["purchase_orders_by_status"])["Received"][0]
    assert int(po_after.replace(",", "")) == int(po_before.replace(",", "")) + 1000


def test_figures_are_those_of_the_database(client, demo, superuser):
    today = timezone.localdate()
    starts = month_starts(today, 6)
    SalesTarget.objects.create(sales_person="Kabir", year=starts[-2].year, month=starts[-2].month,
                               target_amount=Decimal("1000000.00"))
    SalesTarget.objects.create(sales_person="Asha", year=starts[-2].year, month=starts[-2].month,
                               target_amount=Decimal("250000.00"))
    verified_login(client, superuser)
    response = client.get(reverse("admin:index"))
    shown = charts(response)

    sales = figures(shown["sales_per_month"])
    this_month = timezone.make_aware(dt.datetime.combine(starts[-2], dt.time.min))
    expected = SalesOrder.objects.exclude(order_status="cancelled").filter(created_at__gte=this_month).aggregate(
        total=Sum("final_amount"))["total"] or Decimal(0)
    assert sales[f"{starts[-2]:%b}"] == [f"{expected:,.2f}", "1,250,000.00"]  # this month's sales, and its targets

    monday = today - dt.timedelta(days=today.weekday())
    attendance = figures(shown["attendance_week"])
    today_row = attendance[f"{today:%a} {today.day}"]
    statuses = [value for value, _label in Attendance.Status.choices]
    assert today_row == [f"{Attendance.objects.filter(date=today, status=s).count():,}" for s in statuses]
    assert len(attendance) == 7 and f"{monday:%a} {monday.day}" in attendance

    visitors = figures(shown["visitors_per_day"])
    came = GuestVisit.objects.filter(visit_date=today, status__in=["checked_in", "checked_out"]).count()
    assert visitors[str(today.day)][0] == f"{came:,}"

    purchase = figures(shown["purchase_orders_by_status"])
    assert purchase["Pending approval"] == [f"{PurchaseOrder.objects.filter(status='pending').count():,}"]

    page = response.content.decode()
    assert page.count('class="chart" role="img"') == 4 and 'class="target"' in page
    assert "style=" not in page.split('id="charts-module"')[1].split("</div>")[0]  # CSP: no inline style
    assert "Needs attention today" in page  # the day's counts stay, above the charts


@pytest.mark.parametrize("groups,keys", [
    (["Sales"], {"sales_per_month"}),
    (["HR"], {"attendance_week"}),
    (["Guest list"], {"visitors_per_day"}),
    (["Purchasing"], {"purchase_orders_by_status"}),
    (["Gate", "Dispatch", "Fleet"], set()),
])
def test_each_role_sees_the_charts_of_its_modules(client, db, group_user, groups, keys):
    verified_login(client, group_user(*groups))
    response = client.get(reverse("admin:index"))
    assert set(charts(response)) == keys
    assert ('id="charts-module"' in response.content.decode()) == bool(keys)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_landing_page_charts_in_chromium(live_server, monkeypatch):
    from tests.admin_toolkit.test_browser import log_in, make_user

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    Seeder(plan=Plan.for_scale(600, timezone.localdate()), seed=11).run()
    password = make_user("manager-view", perms=["sales.view_salesorder", "hr.view_attendance",
                                                "guestlist.view_guestvisit", "purchasing.view_purchaseorder"])
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, live_server.url, "manager-view", password)
        page.goto(f"{live_server.url}/admin/")
        for key in CHARTS:
            chart = page.locator(f"#chart-{key} svg.chart")
            assert chart.is_visible(), key
            box = chart.bounding_box()
            assert box["width"] > 250 and box["height"] > 120, (key, box)
        assert page.locator("#chart-purchase_orders_by_status rect.bar").count() == 5
        assert page.locator("#chart-attendance_week rect.bar").count() == 7 * 4
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "landing-charts.png"), full_page=True)
        page.click("#chart-purchase_orders_by_status h2 a")
        page.wait_for_selector("#changelist")
        assert "/admin/purchasing/purchaseorder/" in page.url
