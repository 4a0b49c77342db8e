"""The HR chart of the landing page: this week's attendance by day and status (erp/admin_toolkit/charts.py)."""

import datetime as dt

from django.db.models import Count

from erp.admin_toolkit.charts import ChartData, landing_chart

from .models import Attendance


def attendance_this_week(today: dt.date, rows) -> ChartData:
    """One query (a GROUP BY over the week's rows, on the date index)."""
    monday = today - dt.timedelta(days=today.weekday())
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    counts = {(row["date"], row["status"]): row["n"] for row in
              rows.filter(date__gte=days[0], date__lte=days[-1]).order_by()
              .values("date", "status").annotate(n=Count("id"))}
    return ChartData(
        labels=[f"{day:%a} {day.day}" for day in days],
        series=[(label, [counts.get((day, status), 0) for day in days]) for status, label in Attendance.Status.choices],
        stacked=True, unit="employees",
    )


ATTENDANCE_CHART = landing_chart(
    key="attendance_week", title="Attendance this week", model=Attendance, data=attendance_this_week,
    description="Employees recorded each day, by status.")
