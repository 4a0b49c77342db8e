"""The admin landing page's "needs attention today" panel, and the changelist filter its counts link to.

Each item is one cheap COUNT served by an index of its table; the count and the changelist it links
to (`?attention=<key>`) apply the same condition, so the number and the list always agree.
Used as the template library `erp_dashboard` (settings TEMPLATES "libraries").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import template
from django.apps import apps
from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

register = template.Library()

PARAMETER = "attention"


@dataclass(frozen=True)
class AttentionItem:
    key: str
    label: str
    model: str  # "app_label.ModelName"
    narrow: Callable[[QuerySet, datetime.date], QuerySet]


def _awaiting_dispatch(qs: QuerySet, today: datetime.date) -> QuerySet:
    dispatch_request = apps.get_model("dispatch", "DispatchRequest")
    live_dispatch = dispatch_request.objects.filter(sales_order=OuterRef("pk")).exclude(status="cancelled")
    return qs.filter(order_status="confirmed").filter(~Exists(live_dispatch))


ITEMS = [
    AttentionItem("awaiting_approval", "Leave requests awaiting approval", "hr.Leave",
                  lambda qs, today: qs.filter(status__in=["PENDING", "MANAGER_APPROVED"])),
    AttentionItem("awaiting_dispatch", "Sales awaiting dispatch", "sales.SalesOrder", _awaiting_dispatch),
    AttentionItem("expected_today", "Visitors expected today", "guestlist.GuestVisit",
                  lambda qs, today: qs.filter(visit_date=today, status="scheduled")),
    AttentionItem("on_site", "Visitors on site now", "guestlist.GuestVisit",
                  lambda qs, today: qs.filter(status="checked_in")),
    AttentionItem("available", "Vehicles available", "fleet.Vehicle",
                  lambda qs, today: qs.filter(status="available")),
    AttentionItem("open", "Open purchase orders", "purchasing.PurchaseOrder",
                  lambda qs, today: qs.filter(status__in=["pending", "approved", "ordered"])),
]


def items_for(model) -> list[AttentionItem]:
    return [item for item in ITEMS if apps.get_model(item.model) is model]


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
    for item in ITEMS:
        model = apps.get_model(item.model)
        if model not in admin.site._registry or not _may_view(user, model):
            continue
        opts = model._meta
        shown.append({
            "key": item.key,
            "label": item.label,
            "count": item.narrow(model._default_manager.all(), today).count(),
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?{PARAMETER}={item.key}",
        })
    return shown


class AttentionFilter(admin.SimpleListFilter):
    """The landing page's conditions, as a changelist filter of the models that have some."""

    title = "needs attention"
    parameter_name = PARAMETER

    def lookups(self, request, model_admin):
        return [(item.key, item.label) for item in items_for(model_admin.model)]

    def queryset(self, request, queryset):
        for item in items_for(queryset.model):
            if item.key == self.value():
                return item.narrow(queryset, timezone.localdate())
        return queryset


class AttentionFilterMixin:
    """Adds the "needs attention" filter to the changelists of models the landing page counts."""

    def get_list_filter(self, request):
        list_filter = list(super().get_list_filter(request))
        if items_for(self.model) and AttentionFilter not in list_filter:
            list_filter.append(AttentionFilter)
        return list_filter
