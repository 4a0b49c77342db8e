"""The admin landing page counts what needs attention today, per the user's permissions, linking to the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dispatch.models import DispatchRequest
from fleet.models import Vehicle
from guestlist.models import GuestVisit
from hr.models import Leave
from purchasing.models import PurchaseOrder
from sales.models import SalesOrder
from tests.admin_toolkit.support import make_rows
from tests.showroom import factories as showroom_factories
from tests.support import verified_login

EXPECTED = {
    "awaiting_approval": 2,
    "awaiting_dispatch": 2,
    "expected_today": 1,
    "on_site": 1,
    "available": 2,
    "open": 3,
}


@pytest.fixture
def busy_day(db):
    rows = make_rows()  # its sales order is pending and its vehicle available
    today = timezone.localdate()
    employee, product = rows["employee"], rows["product"]
    for status in ["PENDING", "MANAGER_APPROVED", "APPROVED", "REJECTED", "MANAGER_REJECTED"]:
        Leave.objects.create(employee=employee, leave_type="CASUAL", start_date=today, end_date=today,
                             days_requested=Decimal("1.0"), status=status,  # a step taken keeps its time
                             manager_approved_at=timezone.now() if status == "MANAGER_APPROVED" else None,
                             approved_at=timezone.now() if status == "APPROVED" else None)

    def order(number, status, showroom_product=product):
        return SalesOrder.objects.create(
            order_number=number, customer_name="C", showroom_product=showroom_product, unit_price=Decimal("1.00"),
            total_amount=Decimal("1.00"), final_amount=Decimal("1.00"), payment_method="cash",
            sales_person="ravi", order_status=status)

    order("SO-A", "confirmed")  # no dispatch: awaiting
    only_cancelled = order("SO-B", "confirmed")  # its only dispatch was cancelled: awaiting
    DispatchRequest.objects.create(showroom_product=product, sales_order=only_cancelled, party_name="C",
                                   delivery_type="self", status="cancelled")
    dispatched = order("SO-C", "confirmed")  # has a live dispatch: not awaiting
    DispatchRequest.objects.create(showroom_product=product, sales_order=dispatched, party_name="C",
                                   delivery_type="self", status="pending")
    order("SO-D", "pending")  # not confirmed yet
    # Legacy: the product of a confirmed order is on an open dispatch whose order link adoption set aside:
    # the order cannot be dispatched until that dispatch is settled, so it is left out of awaiting_dispatch.
    carried = showroom_factories.product()
    order("SO-E", "confirmed", showroom_product=carried)
    DispatchRequest.objects.create(showroom_product=carried, sales_order=None, party_name="C",
                                   delivery_type="self", status="in_transit")

    def visit(name, date, status):
        arrived = timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))
        GuestVisit.objects.create(guest_name=name, meeting_person="HR", visit_date=date, purpose="meet",
                                  status=status, in_time=arrived if status in ("checked_in", "checked_out") else None,
                                  out_time=arrived if status == "checked_out" else None)

    visit("expected", today, "scheduled")
    visit("tomorrow", today + datetime.timedelta(days=1), "scheduled")
    visit("here", today, "checked_in")
    visit("never checked out", today - datetime.timedelta(days=3), "checked_in")  # stale: left out of on_site
    visit("gone", today, "checked_out")
    visit("cancelled", today, "cancelled")

    Vehicle.objects.create(vehicle_number="KA-2", vehicle_type="van", driver_name="D")  # available
    Vehicle.objects.create(vehicle_number="KA-3", vehicle_type="van", driver_name="D", status="maintenance")
    for i, status in enumerate(["pending", "approved", "ordered", "received", "cancelled"]):
        PurchaseOrder.objects.create(po_number=f"PO-L-{i}", supplier_name="S", status=status)


def shown(response) -> dict[str, int]:
    return {item["key"]: item["count"] for item in response.context["attention"]}


def test_superuser_sees_every_count_and_each_link_lists_exactly_those_rows(client, busy_day, superuser):
    verified_login(client, superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert shown(response) == EXPECTED
    # The charts' GROUP BY counts are test_charts.py's business.
    counts = [q["sql"] for q in queries.captured_queries
              if "COUNT(" in q["sql"].upper() and "GROUP BY" not in q["sql"].upper()]
    left_out = {item["key"]: item["left_out"] for item in response.context["attention"] if item.get("left_out")}
    # The guest checked in three days ago is not on site now; SO-E cannot be dispatched now.
    assert left_out == {"on_site": 1, "awaiting_dispatch": 1}
    assert len(counts) == len(EXPECTED) + 2  # one cheap query per number, and one per stale state left out
    page = response.content.decode()
    assert "Needs attention today" in page and "(1 stale left out)" in page
    for item in response.context["attention"]:
        assert f'href="{item["url"]}"' in page
        changelist = client.get(item["url"])
        assert changelist.status_code == 200, item["url"]
        assert changelist.context["cl"].result_count == item["count"], item["key"]
        if item.get("left_out"):
            stale = client.get(item["left_out_url"])
            assert stale.context["cl"].result_count == item["left_out"], item["left_out_url"]


@pytest.mark.parametrize(
    "groups,keys",
    [
        (["HR"], {"awaiting_approval"}),
        (["Sales"], {"awaiting_dispatch"}),
        (["Guest list"], {"expected_today", "on_site"}),
        (["Fleet"], {"available"}),
        (["Purchasing"], {"open"}),
        (["Gate", "Showroom", "Dispatch"], set()),
    ],
)
def test_each_group_sees_only_the_counts_of_models_it_may_view(client, busy_day, groups, keys, group_user):
    verified_login(client, group_user(*groups))
    response = client.get(reverse("admin:index"))
    assert shown(response) == {key: EXPECTED[key] for key in keys}
    if not keys:
        assert "Needs attention today" not in response.content.decode()


def test_attention_filter_is_offered_on_the_changelist_and_export_follows_it(client, busy_day, group_user):
    verified_login(client, group_user("Sales", username="seller"))
    page = client.get(reverse("admin:sales_salesorder_changelist"))
    assert "needs attention" in page.content.decode().lower()
    export = client.get(reverse("admin:sales_salesorder_export", args=["csv"]) + "?attention=awaiting_dispatch")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert sorted(line.split(",")[0] for line in text.splitlines()[1:]) == ["SO-A", "SO-B"]
