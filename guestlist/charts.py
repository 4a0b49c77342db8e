"""The guest list's chart of the landing page: visitors per day (erp/admin_toolkit/charts.py)."""

import datetime as dt

from django.db.models import Count

from erp.admin_toolkit.charts import ChartData, landing_chart

from .models import GuestVisit

DAYS = 14


def visitors_per_day(today: dt.date, rows) -> ChartData:
    """One query (a GROUP BY over the fortnight's visits, on the visit date index)."""
    days = [today - dt.timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    counts = {(row["visit_date"], row["status"]): row["n"] for row in
              rows.filter(visit_date__gte=days[0], visit_date__lte=days[-1]).order_by()
              .values("visit_date", "status").annotate(n=Count("id"))}
    S = GuestVisit.Status

    def total(day, *statuses):
        return sum(counts.get((day, status), 0) for status in statuses)

    return ChartData(
        labels=[f"{day.day}" for day in days],
        series=[("Came", [total(day, S.CHECKED_IN, S.CHECKED_OUT) for day in days]),
                ("Expected, not checked in", [total(day, S.SCHEDULED) for day in days])],
        stacked=True, unit="visitors",
    )


VISITORS_CHART = landing_chart(
    key="visitors_per_day", title="Visitors per day", model=GuestVisit, data=visitors_per_day,
    description=f"The last {DAYS} days, by day of the month; cancelled visits left out.")
