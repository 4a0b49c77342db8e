"""The admin landing page's "needs attention today" panel, its charts (charts.py), and the changelist filter
its counts link to.

The module apps declare the items (`attention_item` in their admin modules); this module knows none of
them. Each item is one cheap COUNT served by an index of its table; the count and the changelist it
links to (`?attention=<key>`) apply the same condition, so the number and the list always agree.
Used as the template library `erp_landing` (settings TEMPLATES "libraries").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import template
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from erp.admin_toolkit.charts import charts_for
from erp.admin_toolkit.phone_screen import tabs_for

register = template.Library()

PARAMETER = "attention"


@dataclass(frozen=True)
class StaleState:
    """Rows in a state no current workflow leaves them in (legacy data), and the service step that settles them."""

    key: str
    label: str
    model: type[models.Model]
    narrow: Callable[[QuerySet, datetime.date], QuerySet]
    settle: str  # the step that settles a row, and where it is in the admin

    def rows(self, queryset: QuerySet, today: datetime.date) -> QuerySet:
        return self.narrow(queryset, today)


@dataclass(frozen=True)
class AttentionItem:
    key: str
    label: str
    model: type[models.Model]
    narrow: Callable[[QuerySet, datetime.date], QuerySet]
    leave_out: StaleState | None = None

    def rows(self, queryset: QuerySet, today: datetime.date) -> QuerySet:
        """What the landing page counts: `narrow`, without the stale rows `leave_out` names."""
        rows = self.narrow(queryset, today)
        if self.leave_out is not None:
            rows = rows.exclude(pk__in=self.leave_out.rows(queryset.model._default_manager.all(), today).values("pk"))
        return rows

    def left_out(self, queryset: QuerySet, today: datetime.date) -> int:
        if self.leave_out is None:
            return 0
        return self.leave_out.rows(self.narrow(queryset, today), today).count()


@dataclass(frozen=True)
class AttentionLink:
    """A landing-page line that is not one model's rows (e.g. the post-adoption review): shown while count > 0."""

    key: str
    label: str
    count: Callable[[object], int | None]  # user -> count, None when the user may not see it
    url: Callable[[], str]


# Filled by the module apps' admin modules (attention_item, stale_state), in the order Django loads them.
ITEMS: list[AttentionItem] = []
STALE: list[StaleState] = []
LINKS: list[AttentionLink] = []


def stale_state(*, key: str, label: str, model: type[models.Model],
                narrow: Callable[[QuerySet, datetime.date], QuerySet], settle: str) -> StaleState:
    """Declare a stale legacy state of `model`'s rows, listed on the post-adoption review page with `settle`.

    Its changelist is filtered the same way (`?attention=<key>`); an attention item given it as `leave_out`
    does not count those rows and says how many it left out.
    """
    state = StaleState(key=key, label=label, model=model, narrow=narrow, settle=settle)
    if any(other.model is model and other.key == key for other in [*ITEMS, *STALE]):
        raise ValueError(f"An attention item or stale state {key!r} is already declared for {model._meta.label}.")
    STALE.append(state)
    return state


def attention_item(*, key: str, label: str, model: type[models.Model],
                   narrow: Callable[[QuerySet, datetime.date], QuerySet],
                   leave_out: StaleState | None = None) -> AttentionItem:
    """Count `model`'s rows that `narrow` keeps on the landing page, linked to its changelist filtered the same way.

    Each module app declares its own items in its admin module, with its own choices constants; an
    app may declare one on a lower app's model (dispatch counts the confirmed orders awaiting dispatch).
    `key` names the item in the changelist's URL (`?attention=<key>`) and must be unique per model.
    `leave_out`: a stale state (`stale_state`) whose rows are not counted; the page says how many.
    """
    item = AttentionItem(key=key, label=label, model=model, narrow=narrow, leave_out=leave_out)
    if any(other.model is model and other.key == key for other in [*ITEMS, *STALE]):
        raise ValueError(f"An attention item {key!r} is already declared for {model._meta.label}.")
    ITEMS.append(item)
    return item


def attention_link(*, key: str, label: str, count: Callable[[object], int | None],
                   url: Callable[[], str]) -> AttentionLink:
    link = AttentionLink(key=key, label=label, count=count, url=url)
    LINKS.append(link)
    return link


def items_for(model) -> list[AttentionItem | StaleState]:
    return [item for item in [*ITEMS, *STALE] if item.model is model]


def _may_view(user, model) -> bool:
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("view", "change"))


@register.simple_tag(takes_context=True)
def attention_items(context) -> list[dict]:
    """The items the current user may see, each with its count and the URL of its filtered changelist."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return []
    today = timezone.localdate()
    shown = []
    for link in LINKS:
        count = link.count(user)
        if count:
            shown.append({"key": link.key, "label": link.label, "count": count, "url": link.url()})
    for item in ITEMS:
        model = item.model
        if not admin.site.is_registered(model) or not _may_view(user, model):
            continue
        opts = model._meta
        rows = visible_rows(request, model)  # e.g. a manager counts their team's leave requests only
        shown.append({
            "key": item.key,
            "label": item.label,
            "count": item.rows(rows, today).count(),
            "left_out": item.left_out(rows, today),
            "left_out_label": item.leave_out.label if item.leave_out else "",
            "left_out_url": (reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                             + f"?{PARAMETER}={item.leave_out.key}") if item.leave_out else "",
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?{PARAMETER}={item.key}",
        })
    return shown


def visible_rows(request, model):
    """The rows of `model` this request's user sees in its list (the module admin's scope_rows)."""
    rows = model._default_manager.all()
    scope = getattr(admin.site.get_model_admin(model), "scope_rows", None)
    return rows if scope is None else scope(request, rows)


@register.simple_tag(takes_context=True)
def landing_charts(context) -> list[dict]:
    """The charts the current user may see (erp/admin_toolkit/charts.py), drawn."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return []
    return charts_for(user, lambda user, model: admin.site.is_registered(model) and _may_view(user, model),
                      timezone.localdate(), lambda model: visible_rows(request, model))


@register.simple_tag(takes_context=True)
def gate_screen_tabs(context) -> list[dict]:
    """The gate screen's pages the current user may open (erp/admin_toolkit/phone_screen.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return []
    return tabs_for(user)


class AttentionFilter(admin.SimpleListFilter):
    """The landing page's conditions, as a changelist filter of the models that have some."""

    title = "needs attention"
    parameter_name = PARAMETER

    def lookups(self, request, model_admin):
        return [(item.key, item.label) for item in items_for(model_admin.model)]

    def queryset(self, request, queryset):
        for item in items_for(queryset.model):
            if item.key == self.value():
                return item.rows(queryset, timezone.localdate())
        return queryset


class AttentionFilterMixin:
    """Adds the "needs attention" filter to the changelists of models the landing page counts."""

    def get_list_filter(self, request):
        list_filter = list(super().get_list_filter(request))
        if items_for(self.model) and AttentionFilter not in list_filter:
            list_filter.append(AttentionFilter)
        return list_filter
