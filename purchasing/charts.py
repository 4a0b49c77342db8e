"""The purchasing chart of the landing page: purchase orders by status (erp/admin_toolkit/charts.py)."""

import datetime as dt

from django.db.models import Count

from erp.admin_toolkit.charts import ChartData, landing_chart

from .models import PurchaseOrder


def orders_by_status(today: dt.date, rows) -> ChartData:
    """One query (a GROUP BY on the status index)."""
    counts = {row["status"]: row["n"] for row in
              rows.order_by().values("status").annotate(n=Count("id"))}
    choices = PurchaseOrder.Status.choices
    return ChartData(labels=[label for _value, label in choices],
                     series=[("Purchase orders", [counts.get(value, 0) for value, _label in choices])],
                     unit="orders")


PURCHASE_ORDERS_CHART = landing_chart(
    key="purchase_orders_by_status", title="Purchase orders by status", model=PurchaseOrder, data=orders_by_status,
    description="Every purchase order, by where it stands.")
