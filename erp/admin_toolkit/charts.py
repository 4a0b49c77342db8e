"""The landing page's charts: a picture of the business beside the day's counts, per role.

The module apps declare their charts (`landing_chart` in their admin modules), as they declare attention
items; this module knows none of them. Each chart is shown to the users who may view its model, counts the
rows of it that user's list shows (the module admin's scope_rows: a manager's team), and is
drawn on the server as SVG (no script, no CDN: the Content-Security-Policy holds, and it prints). A
chart's `data` runs a fixed number of aggregate queries, whatever the table's size (one GROUP BY or one
conditional aggregate, not a query per bar): tests/admin_toolkit/test_charts.py counts them on volume data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

# Bars in the admin's own blue first; then distinct colours that read in light and dark mode.
PALETTE = ["#417690", "#e0a030", "#6aa84f", "#cc4125", "#8e7cc3", "#76a5af"]
TARGET_COLOUR = "#cc4125"


@dataclass
class ChartData:
    """What a chart shows: categories along the bottom, one or more series of bars, and maybe a target."""

    labels: list[str]
    series: list[tuple[str, list[Number]]]
    target: tuple[str, list[Number | None]] | None = None  # drawn as a mark across each category's bars
    stacked: bool = False  # series stacked in one bar per category (else side by side)
    unit: str = ""  # shown after the numbers, e.g. "visitors"

    def __post_init__(self):
        for name, values in [*self.series, *([self.target] if self.target else [])]:
            if len(values) != len(self.labels):
                raise ValueError(f"Series {name!r} has {len(values)} values for {len(self.labels)} labels.")


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    model: type[models.Model]  # who may view its rows sees the chart, which links to their list
    # (today, the model's rows this user may see: a manager's team, say) -> what to draw
    data: Callable[[datetime.date, models.QuerySet], ChartData]
    description: str = ""
    query: str = ""  # the changelist's query string the title links to


CHARTS: list[Chart] = []


def landing_chart(*, key: str, title: str, model: type[models.Model],
                  data: Callable[[datetime.date, models.QuerySet], ChartData],
                  description: str = "", query: str = "") -> Chart:
    """Declare a chart of the landing page, shown to the users who may view `model` (see the module's docstring)."""
    if any(other.key == key for other in CHARTS):
        raise ValueError(f"A landing chart {key!r} is already declared.")
    chart = Chart(key=key, title=title, model=model, data=data, description=description, query=query)
    CHARTS.append(chart)
    return chart


def charts_for(user, may_view: Callable[[object, type[models.Model]], bool], today: datetime.date,
               rows_for: Callable[[type[models.Model]], models.QuerySet]) -> list[dict]:
    """The charts `user` may see, each drawn from the rows of its model `rows_for` gives (what the user's lists
    show): key, title, description, url, svg, and the figures as rows."""
    shown = []
    for chart in CHARTS:
        if not may_view(user, chart.model):
            continue
        data = chart.data(today, rows_for(chart.model))
        opts = chart.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        shown.append({
            "key": chart.key,
            "title": chart.title,
            "description": chart.description,
            "url": f"{url}?{chart.query}" if chart.query else url,
            "svg": render_svg(data, title=chart.title),
            "legend": legend(data),
            "rows": table_rows(data),
            "headers": [name for name, _values in data.series] + ([data.target[0]] if data.target else []),
        })
    return shown


def legend(data: ChartData) -> list[dict]:
    entries = [{"label": name, "colour": PALETTE[i % len(PALETTE)], "kind": "bar"}
               for i, (name, _values) in enumerate(data.series)]
    if data.target:
        entries.append({"label": data.target[0], "colour": TARGET_COLOUR, "kind": "target"})
    return entries


def table_rows(data: ChartData) -> list[dict]:
    """The chart's figures as a table (for screen readers, and for whoever wants the numbers)."""
    rows = []
    for i, label in enumerate(data.labels):
        values = [values[i] for _name, values in data.series]
        if data.target:
            values.append(data.target[1][i])
        rows.append({"label": label, "values": ["" if v is None else full(v) for v in values]})
    return rows


def full(value: Number) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def compact(value: Number) -> str:
    """1 234 567 -> 1.2M, 45 000 -> 45k, 12 -> 12: for axis labels."""
    value = float(value)
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            shown = value / size
            return f"{shown:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def nice_top(peak: float) -> float:
    """A round number at or above `peak` for the top of the axis (1, 2, 2.5, 5 or 10 times a power of ten)."""
    if peak <= 0:
        return 1.0
    power = 10 ** (len(str(int(peak))) - 1) if peak >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= peak:
            return step * power
    return 10 * power


WIDTH, HEIGHT = 400, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 34


def render_svg(data: ChartData, *, title: str) -> SafeString:
    """Bars (grouped or stacked) with an optional target mark per category, as inline SVG."""
    n = max(1, len(data.labels))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if data.stacked:
        peaks = [sum(float(values[i]) for _name, values in data.series) for i in range(len(data.labels))]
    else:
        peaks = [float(v) for _name, values in data.series for v in values]
    if data.target:
        peaks += [float(v) for v in data.target[1] if v is not None]
    top = nice_top(max(peaks, default=0))
    scale = plot_h / top
    slot = plot_w / n
    groups = 1 if data.stacked else max(1, len(data.series))
    bar_w = slot * 0.7 / groups
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
        f'aria-label="{escape(title)}">',
    ]
    for fraction in (0, 0.5, 1):  # gridlines and axis labels
        y = TOP + plot_h - fraction * plot_h
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#999" '
                     f'stroke-opacity="0.35" stroke-width="1"/>')
        if top * fraction != int(top * fraction):
            continue  # no "0.5 visitors"
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" font-size="10" fill="currentColor">'
                     f'{escape(compact(top * fraction))}</text>')
    for i, label in enumerate(data.labels):
        x0 = LEFT + i * slot + slot * 0.15
        base = TOP + plot_h
        for s, (name, values) in enumerate(data.series):
            value = float(values[i])
            h = value * scale
            x = x0 if data.stacked else x0 + s * bar_w
            y = base - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s % len(PALETTE)]}" class="bar" data-series="{escape(name)}">'
                         f'<title>{escape(label)}: {escape(name)} {escape(full(values[i]))}'
                         f'{" " + escape(data.unit) if data.unit else ""}</title></rect>')
            if data.stacked:
                base = y
        if data.target and data.target[1][i] is not None:
            target = data.target[1][i]
            y = TOP + plot_h - float(target) * scale
            parts.append(f'<line x1="{x0 - slot * 0.08:.1f}" x2="{x0 + slot * 0.78:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                         f'stroke="{TARGET_COLOUR}" stroke-width="2.5" class="target">'
                         f'<title>{escape(label)}: {escape(data.target[0])} {escape(full(target))}</title></line>')
        parts.append(f'<text x="{LEFT + (i + 0.5) * slot:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                     f'font-size="10" fill="currentColor">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
