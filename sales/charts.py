"""The sales chart of the landing page: sales per month against the month's targets (erp/admin_toolkit/charts.py)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from erp.admin_toolkit.charts import ChartData, landing_chart
from erp.core.fields import ZERO

from .models import SalesOrder, SalesTarget

MONTHS = 6


def month_starts(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months up to today's, and of the month after (the end of the last)."""
    year, month = today.year, today.month
    starts = []
    for back in range(count - 1, -2, -1):
        m = month - back
        y = year + (m - 1) // 12
        starts.append(dt.date(y, (m - 1) % 12 + 1, 1))
    return starts


def sales_against_targets(today: dt.date, rows) -> ChartData:
    """Two queries whatever the number of orders: one sum per month (conditional aggregates), one for the targets."""
    starts = month_starts(today, MONTHS)
    moments = [timezone.make_aware(dt.datetime.combine(day, dt.time.min)) for day in starts]
    sums = rows.exclude(order_status=SalesOrder.OrderStatus.CANCELLED).filter(
        created_at__gte=moments[0], created_at__lt=moments[-1]
    ).aggregate(**{
        f"m{i}": Sum("final_amount", filter=Q(created_at__gte=moments[i], created_at__lt=moments[i + 1]))
        for i in range(MONTHS)
    })
    months = Q()
    for day in starts[:-1]:
        months |= Q(year=day.year, month=day.month)
    rows = SalesTarget.objects.filter(months).order_by().values("year", "month").annotate(total=Sum("target_amount"))
    targets = {(row["year"], row["month"]): row["total"] for row in rows}
    cent = Decimal("0.01")
    return ChartData(
        labels=[f"{day:%b}" for day in starts[:-1]],
        series=[("Sales", [(sums[f"m{i}"] or ZERO).quantize(cent) for i in range(MONTHS)])],
        target=("Target", [targets.get((day.year, day.month)) for day in starts[:-1]]),
    )


SALES_CHART = landing_chart(
    key="sales_per_month", title="Sales per month", model=SalesOrder, data=sales_against_targets,
    description="Orders not cancelled, by the month they were taken, against the sales persons' targets.")
